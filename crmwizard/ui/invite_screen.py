"""The manager's screen opened from an invitation link: their own goals, nothing else."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import streamlit as st

from crmwizard.facts import goal_is_measurable
from crmwizard.invitations import MAX_GOALS, goals_json, parse_goals, validated_goals
from crmwizard.model import LANGUAGES, Goal
from crmwizard.store import Invited, StaleRevision, StoreError
from crmwizard.ui import nav, state, widgets
from crmwizard.ui.invite_owner import goal_line
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
INVITE = "invite"  # session key and URL parameter: this session belongs to one invitation
LANG = "invite_lang"
SEEN = "invite_seen"  # (revision, goals) this session last read: changes are based on it
NOTE = "invite_note"  # a message for the next run: (kind, ui key)
PREFIX = "mgoal_"


def wanted() -> bool:
    """True when this session was opened by an invitation link: it shows nothing else, ever."""
    return INVITE in st.session_state or "invite" in st.query_params


def _t(key: str, **values: Any) -> str:
    return state.content().t(key, st.session_state.get(LANG, "ru"), **values)


def _forget_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith(PREFIX)]:
        del st.session_state[key]


def page(screen_id: str) -> None:
    """The whole page of an invitation session, whatever page path the link used."""
    ss, qp = st.session_state, st.query_params
    if INVITE not in ss:
        ss[INVITE] = (qp.get("invite") or "")[:100]
    if ss.get("invite_page") != screen_id:
        # Streamlit keeps no widget state across a page switch: start again from the store.
        _forget_widgets()
        ss["invite_page"] = screen_id
    # Only the invitation stays in the address: an `?a=` beside it is never opened.
    for name in [n for n in qp if n not in ("invite", "lang")]:
        del qp[name]
    if qp.get("invite") != ss[INVITE]:
        qp["invite"] = ss[INVITE]
    s = state.store()
    try:
        found = s.open_invitation(ss[INVITE]) if s else None
    except StoreError as e:  # the database is down: say that, not "no such link"
        state.store_failed(e)
        s, found = None, None
    if LANG not in ss:
        lang = qp.get("lang")
        ss[LANG] = lang if lang in LANGUAGES else (found.language if found else "ru")
    st.set_page_config(page_title=_t("invite_page_title"),
                       page_icon=str(nav.ROOT / "crmwizard/ui/favicon.png"), layout="centered")
    _language_switch()
    if found is None or found.invitation.revoked_at:
        st.title(_t("invite_gone_title"))
        if s is None:  # the database setting cannot be used: say that, not "no such link"
            kind, key, values = state.notice() or ("error", "invite_not_saved", {})
            getattr(st, kind)(state.content().t(key, ss[LANG], **values))
            return
        st.markdown(_t("invite_revoked" if found else "invite_unknown"))
        return
    if not ss.get("invite_marked") and s is not None:
        try:
            s.mark_opened(ss[INVITE])
            ss["invite_marked"] = True
        except StoreError:  # only the "opened" stamp is missed; it is tried on the next run
            log.warning("could not note that an invitation was opened")
    try:
        _draw(found)
    except Exception:  # a manager gets a short message, never a traceback
        log.exception("drawing the invitation screen failed")
        st.error(_t("invite_failed"), icon=":material/error:")


def _language_switch() -> None:
    # One button naming the other language, like the sidebar's: one widget kind fewer to load.
    other = next(code for code in LANGUAGES if code != st.session_state[LANG])
    st.button(_t(f"lang_{other}"), key=PREFIX + "lang", icon=":material/translate:",
              help=_t("language"), on_click=_set_language, args=(other,))


def _set_language(lang: str) -> None:
    st.session_state[LANG] = lang


def _draw(found: Invited) -> None:
    ss, inv = st.session_state, found.invitation
    ss["invite_role"] = inv.role  # every goal saved from this link is owned by this role
    roles = {r.id: r.label(ss[LANG]) for r in state.content().owner_roles}
    goals = parse_goals(inv.goals)
    seen = ss.get(SEEN)
    if seen is None or seen[0] != inv.revision:
        if seen is not None:
            _forget_widgets()  # saved from another device: widgets start again from the store
        ss[SEEN] = (inv.revision, goals)
    company = found.company.strip() or _t("invite_no_company")
    st.title(_t("invite_title", company=plain(company)))
    who = _t("invite_for_named", name=plain(inv.name), role=roles.get(inv.role, inv.role)) \
        if inv.name else _t("invite_for", role=roles.get(inv.role, inv.role))
    st.markdown(who)
    if inv.inviter:
        st.caption(_t("invite_from", inviter=plain(inv.inviter)))
    with st.container(border=True):
        st.markdown(_t("invite_good_goal"))
    note = ss.pop(NOTE, None)
    if note:
        getattr(st, note[0])(_t(note[1]))
    pending = state.notice()  # a text cut to its limit, from widgets.cut
    if pending:
        getattr(st, pending[0])(state.content().t(pending[1], ss[LANG], **pending[2]))
    st.subheader(_t("invite_your_goals"))
    for i, goal in enumerate(goals):
        _card(i, goal)
    if not goals:
        st.info(_t("invite_empty"))
    if len(goals) < MAX_GOALS:
        st.button(_t("goal_add"), icon=":material/add:", on_click=_add, key="mgoal_add",
                  type="primary", width="stretch")
    if ss.get("invite_saved_at"):
        st.caption(_t("saved_mark", time=ss["invite_saved_at"]))
    if found.others:
        st.subheader(_t("invite_others"))
        for other in found.others:
            name = plain(other.name) if other.name else _t("invite_author_unnamed")
            st.markdown(f":material/person: {name} · {roles.get(other.role, other.role)}")
            lines = [goal_line(g, ss[LANG]) for g in parse_goals(other.goals)]
            st.markdown("\n".join(lines) if lines else _t("invite_none_yet"))


def _save(goals: list[Goal]) -> bool:
    """Writes this manager's goals; False (with a message) when it could not."""
    ss = st.session_state
    s = state.store()
    inv_role = ss.get("invite_role", "other")
    if s is None:
        ss[NOTE] = ("error", "invite_not_saved")
        return False
    revision = ss[SEEN][0]
    try:
        done = s.save_manager_goals(ss[INVITE], goals_json(validated_goals(goals, inv_role)),
                                    revision=revision)
    except StaleRevision:
        ss[NOTE] = ("warning", "invite_stale")
        ss.pop(SEEN, None)
        _forget_widgets()
        return False
    except ValueError:
        ss[NOTE] = ("error", "invite_invalid")
        return False
    except StoreError:  # database down or refusing: the goals stay on screen to save again
        ss[NOTE] = ("error", "invite_not_saved")
        return False
    if not done:
        return False  # revoked meanwhile: the next run says so
    ss[SEEN] = (done, goals)
    ss["invite_saved_at"] = dt.datetime.now().strftime("%H:%M:%S")
    return True


def _add() -> None:
    _save([*st.session_state[SEEN][1], Goal(owner=st.session_state["invite_role"])])


def _remove(i: int) -> None:
    goals = list(st.session_state[SEEN][1])
    _forget_widgets()
    _save(goals[:i] + goals[i + 1:])


def _widget_value(goal: Goal, field: str) -> Any:
    value = getattr(goal, field)
    return float(value) if field in ("baseline", "target") and value is not None else value


def _changed(i: int, field: str) -> None:
    ss = st.session_state
    value = ss[f"{PREFIX}{i}_{field}"]
    if field in ("goal", "unit"):
        label = _t("goal_text" if field == "goal" else "goal_unit")
        value = widgets.cut((value or "").strip(), 200 if field == "goal" else 30, label)
        ss[f"{PREFIX}{i}_{field}"] = value
    if field == "kpi":
        value = value or ""
    if field in ("baseline", "target") and value is not None and float(value).is_integer():
        value = int(value)
    goals = list(ss[SEEN][1])
    if i >= len(goals):
        return
    update: dict[str, Any] = {field: value}
    if field == "kpi" and value and not goals[i].unit:
        kpi = next((k for k in state.content().kpis if k.id == value), None)
        if kpi:
            update["unit"] = kpi.unit(ss[LANG])
            ss.pop(f"{PREFIX}{i}_unit", None)
    goals[i] = goals[i].model_copy(update=update)
    if not _save(goals) and SEEN in ss:
        ss[f"{PREFIX}{i}_{field}"] = _widget_value(ss[SEEN][1][i], field)


def _card(i: int, goal: Goal) -> None:
    """One goal, every field under the other: a phone shows one column anyway."""
    c, lang = state.content(), st.session_state[LANG]
    kpis = {k.id: k.label(lang) for k in c.kpis}
    if goal.kpi and goal.kpi not in kpis:
        kpis[goal.kpi] = goal.kpi

    def args(field: str) -> dict[str, Any]:
        key = f"{PREFIX}{i}_{field}"
        if key not in st.session_state:
            st.session_state[key] = _widget_value(goal, field)
        return {"key": key, "on_change": _changed, "args": (i, field)}

    with st.container(border=True):
        st.text_input(_t("goal_text"), placeholder=_t("goal_text_placeholder"), **args("goal"))
        st.selectbox(_t("goal_kpi"), list(kpis), format_func=kpis.__getitem__, index=None,
                     placeholder=_t("not_answered"), **args("kpi"))
        # Two rows of two: on a phone they stack as baseline, target, unit, deadline.
        left, right = st.columns(2)
        left.number_input(_t("goal_baseline"), value=None, format="%g", placeholder="—",
                          **args("baseline"))
        right.number_input(_t("goal_target"), value=None, format="%g", placeholder="—",
                           **args("target"))
        left, right = st.columns(2)
        left.text_input(_t("goal_unit"), **args("unit"))
        right.date_input(_t("goal_deadline"), value=None, **widgets.DATE_LIMITS,
                         format=widgets.DATE_FORMATS[lang], **args("deadline"))
        missing = []
        if not goal_is_measurable(goal):
            missing.append(_t("goal_missing_number"))
        if goal.deadline is None:
            missing.append(_t("goal_missing_date"))
        if missing:
            st.warning(_t("goal_incomplete", missing=", ".join(missing)),
                       icon=":material/warning:")
        st.button(_t("goal_remove"), key=f"{PREFIX}{i}_remove", icon=":material/delete:",
                  on_click=_remove, args=(i,))
