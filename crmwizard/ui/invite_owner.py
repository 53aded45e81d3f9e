"""On Goals: inviting managers by link and QR code, and their goals as they come in."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from crmwizard.facts import goal_conflicts, goal_direction, goal_is_measurable
from crmwizard.i18n import fmt_date, fmt_number
from crmwizard.invitations import NAME_MAX, STATUSES, invite_roles, is_open, parse_goals, status
from crmwizard.model import Goal
from crmwizard.qr import qr_png
from crmwizard.store import Invitation
from crmwizard.ui import state, widgets
from crmwizard.ui.text import plain

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
REFRESH_SECONDS = 3  # how often Goals looks for managers' changes while invitations are open
SHOWN_QR = "invite_qr"  # the invitation whose QR code is on the screen
STATUS_ICONS = {"invited": ":material/schedule_send:", "opened": ":material/visibility:",
                "answered": ":material/task_alt:", "revoked": ":material/block:"}


def invite_link(token: str) -> str:
    """The link a manager opens: this server's address with `?invite=` only."""
    url = st.context.url or "http://localhost:8501/goals"
    parts = urlsplit(url)
    path = parts.path.removesuffix("goals").rstrip("/")  # the app's base path, if any
    return f"{parts.scheme}://{parts.netloc}{path}/?invite={token}"


def _create() -> None:
    ss, c, lang = st.session_state, state.content(), state.lang()
    role = ss.get("invite_new_role")
    name = widgets.cut((ss.get("invite_new_name") or "").strip(), NAME_MAX,
                       c.t("invite_name", lang))
    if role not in invite_roles(c):
        ss["invite_message"] = ("warning", "invite_pick_role")
        return
    token, s = state.save_now(), state.store()
    a = state.current()
    inviter = a.prepared_by.strip() or (a.profile.contact_name.strip()
                                        if a.profile.consent else "")
    created = s.create_invitation(token, role, name, inviter) if s and token else None
    if created is None:
        ss["invite_message"] = ("error", "invite_not_created")
        return
    ss[SHOWN_QR] = created  # the new one's QR code is shown at once, for the projector
    ss["invite_new_name"] = ""
    ss["invite_new_role"] = None


def _revoke(token: str) -> None:
    s, own = state.store(), st.session_state.get(state.TOKEN)
    if s and own:
        s.revoke_invitation(own, token)
    if st.session_state.get(SHOWN_QR) == token:
        st.session_state.pop(SHOWN_QR)


def _share_changed() -> None:
    s, own = state.store(), st.session_state.get(state.TOKEN)
    if s and own:
        s.share_goals(own, bool(st.session_state["invite_share"]))


def invitations_block() -> None:
    """The invitation form, then the live list of invitations, goals and conflicts."""
    c, lang = state.content(), state.lang()
    st.subheader(c.t("invite_heading", lang))
    st.caption(c.t("invite_intro", lang))
    roles = {r.id: r.label(lang) for r in c.owner_roles}
    with st.container(border=True):
        left, right = st.columns(2)
        left.selectbox(c.t("invite_role", lang), invite_roles(c), index=None,
                       format_func=roles.__getitem__, placeholder=c.t("not_answered", lang),
                       key="invite_new_role")
        right.text_input(c.t("invite_name", lang), key="invite_new_name",
                         placeholder=c.t("invite_name_placeholder", lang))
        st.caption(c.t("invite_name_why", lang))
        st.button(c.t("invite_create", lang), icon=":material/qr_code_2:", on_click=_create,
                  key="invite_create", type="primary")
        message = st.session_state.pop("invite_message", None)
        if message:
            getattr(st, message[0])(c.t(message[1], lang))
    if urlsplit(invite_link("")).hostname in LOCAL_HOSTS:
        st.caption(c.t("invite_local_hint", lang))
    found = state.invitations()
    if found:
        s, own = state.store(), st.session_state.get(state.TOKEN)
        st.toggle(c.t("invite_share", lang), key="invite_share",
                  value=bool(s and own and s.goals_shared(own)), on_change=_share_changed)
    # Reruns by itself only while a manager may still write.
    st.fragment(live, run_every=REFRESH_SECONDS if any(map(is_open, found)) else None)(
        signature(found))


def signature(found: list[Invitation]) -> tuple:
    """What changes when a manager saves or opens a link, or an invitation is revoked."""
    return tuple((i.token, i.revision, i.opened_at, i.revoked_at) for i in found)


def live(seen: tuple) -> None:
    """What the timer reruns: it looks for changes, and redraws the page when there are."""
    c, lang = state.content(), state.lang()
    found = state.invitations(fresh=True)
    if signature(found) != seen:
        # A manager saved, or an invitation came or went: the whole page follows (step 1's
        # score, the sidebar), and the timer starts or stops with the open invitations.
        st.rerun()
    if found:
        counts = {k: sum(status(i) == k for i in found) for k in STATUSES}
        st.caption(" · ".join(c.t("invite_count", lang, n=n, status=c.t(f"invite_status_{k}",
                                                                       lang))
                              for k, n in counts.items() if n))
        _qr(found)
    for inv in found:
        _invitation(inv)
    conflicts_block()


def _who(inv: Invitation, markdown: bool = True) -> str:
    """Name and role of an invitation, escaped for Markdown unless shown as plain text."""
    c, lang = state.content(), state.lang()
    roles = {r.id: r.label(lang) for r in c.owner_roles}
    name = inv.name if inv.name else c.t("invite_author_unnamed", lang)
    return f"{plain(name) if markdown and inv.name else name} · {roles.get(inv.role, inv.role)}"


def _qr(found: list[Invitation]) -> None:
    """One large QR code, for the invitation picked (the newest one when it is created)."""
    c, lang, ss = state.content(), state.lang(), st.session_state
    options = [inv.token for inv in found if is_open(inv)]
    if not options:
        return
    names = {inv.token: _who(inv, markdown=False) for inv in found}  # options are plain text
    shown = ss.get(SHOWN_QR)
    # No widget key: the options change as invitations come and go; the pick is kept here.
    picked = st.selectbox(c.t("invite_show_qr", lang), options, format_func=names.__getitem__,
                          index=options.index(shown) if shown in options else None,
                          placeholder=c.t("invite_qr_none", lang))
    ss[SHOWN_QR] = picked
    if picked:
        st.image(qr_png(invite_link(picked)), width=420, caption=c.t("invite_qr_caption", lang))


def _invitation(inv: Invitation) -> None:
    c, lang = state.content(), state.lang()
    kind = status(inv)
    with st.container(border=True, key=f"invite_card_{inv.token[:12]}"):
        st.markdown(c.t("invite_card", lang, who=_who(inv), icon=STATUS_ICONS[kind],
                        status=c.t(f"invite_status_{kind}", lang)))
        if kind != "revoked":
            st.code(invite_link(inv.token), language=None, wrap_lines=True)
        goals = parse_goals(inv.goals)
        if not goals:
            st.caption(c.t("invite_none_yet", lang))
        else:  # one element for all of a manager's goals: the list is redrawn every few seconds
            st.markdown("\n".join(goal_line(g, lang) + (
                f" — :orange[{c.t('goal_incomplete', lang, missing=gaps)}]" if gaps else "")
                for g in goals for gaps in [_gaps(g)]))
        if kind != "revoked":
            st.button(c.t("invite_revoke", lang), key=f"invite_revoke_{inv.token[:12]}",
                      icon=":material/link_off:", on_click=_revoke, args=(inv.token,))


def _gaps(g: Goal) -> str:
    c, lang = state.content(), state.lang()
    missing = []
    if not goal_is_measurable(g):
        missing.append(c.t("goal_missing_number", lang))
    if g.deadline is None:
        missing.append(c.t("goal_missing_date", lang))
    return ", ".join(missing)


def goal_line(g: Goal, lang: str) -> str:
    """One goal as a Markdown list item, every typed value escaped."""
    c = state.content()
    kpis = {k.id: k.label(lang) for k in c.kpis}
    parts = [plain(g.goal) if g.goal else c.t("invite_untitled", lang)]
    if g.kpi:
        parts.append(plain(kpis.get(g.kpi, g.kpi)))
    numbers = " → ".join(fmt_number(v, lang) for v in (g.baseline, g.target) if v is not None)
    if numbers:
        parts.append(f"{numbers} {plain(g.unit)}".strip())
    if g.deadline:
        parts.append(fmt_date(g.deadline, lang))
    return "- " + " · ".join(parts)


def conflicts_block() -> None:
    """Goals of different people that pull against each other, the owner's and managers'.

    One message per kind of conflict, naming every goal on each side: ten managers who all
    raise discounts make one message, not ten.
    """
    c, lang = state.content(), state.lang()
    full = state.authored()
    goals = full.assessment.goals
    roles = {r.id: r.label(lang) for r in c.owner_roles}

    def who(i: int) -> str:
        name = full.label(c, i, lang)
        return f"{roles[goals[i].owner]}, {plain(name)}" if name else roles[goals[i].owner]

    def what(i: int) -> str:
        return plain(goals[i].goal) if goals[i].goal else c.t("goal_untitled", lang, n=i + 1)

    sides: dict[int, tuple[set[int], set[int]]] = {}
    for i, j, ci in goal_conflicts(c, goals, full.authors):
        a, b = sides.setdefault(ci, (set(), set()))
        first, second = (i, j) if f"{goals[i].kpi}:{goal_direction(goals[i])}" == \
            c.conflicts[ci].a else (j, i)
        a.add(first)
        b.add(second)
    for ci, (a, b) in sides.items():
        why = c.conflicts[ci].why(lang)
        if len(a) == 1 and len(b) == 1:
            [i], [j] = a, b
            text = c.t("goal_conflict", lang, a=what(i), a_owner=who(i), b=what(j),
                       b_owner=who(j), why=why)
        else:
            text = c.t("goal_conflict_group", lang, why=why,
                       a="; ".join(c.t("goal_conflict_side", lang, goal=what(i), owner=who(i))
                                   for i in sorted(a)),
                       b="; ".join(c.t("goal_conflict_side", lang, goal=what(j), owner=who(j))
                                   for j in sorted(b)))
        st.error(text, icon=":material/compare_arrows:")


def goals_overview() -> None:
    """Results: every goal with its owner and who entered it, then the conflicts."""
    c, lang = state.content(), state.lang()
    full = state.authored()
    goals = full.assessment.goals
    st.subheader(c.t("goals_heading_all", lang))
    if not goals:
        st.caption(c.t("pdf_no_goals", lang))
        return
    roles = {r.id: r.label(lang) for r in c.owner_roles}
    kpis = {k.id: k.label(lang) for k in c.kpis}
    here = c.t("goals_entered_here", lang)
    # A dataframe shows text as typed: nothing a manager writes is read as markup.
    st.dataframe([{
        c.t("goal_owner", lang): roles.get(g.owner, g.owner),
        c.t("goals_entered_by", lang): full.label(c, i, lang) or here,
        c.t("goal_text", lang): g.goal,
        c.t("goal_kpi", lang): kpis.get(g.kpi, g.kpi),
        c.t("goal_baseline", lang): "" if g.baseline is None else
        f"{fmt_number(g.baseline, lang)} {g.unit}".strip(),
        c.t("goal_target", lang): "" if g.target is None else
        f"{fmt_number(g.target, lang)} {g.unit}".strip(),
        c.t("goal_deadline", lang): fmt_date(g.deadline, lang) if g.deadline else "",
    } for i, g in enumerate(goals)], hide_index=True, width="stretch")
    conflicts_block()
