"""Results' "since <date>": take a snapshot, pick one, see what moved since it."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

import streamlit as st

from crmwizard import charts
from crmwizard.analysis import Analysis, analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.compare import Comparison, compare_analyses, move_line
from crmwizard.i18n import fmt_date, fmt_money
from crmwizard.model import Assessment
from crmwizard.store import MAX_LABEL, MAX_SNAPSHOTS, Snapshot, StoreError, TooManySnapshots
from crmwizard.ui import chart, presenter, state
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
PICK = "since_n"  # the snapshot number compared with: plain state, so Export still has it
MESSAGE = "snap_message"


@dataclass(frozen=True)
class Since:
    """The snapshot a comparison is made against: its name, date and the frozen assessment."""

    n: int
    label: str
    date: str  # formatted in the user's language
    old: Assessment


def _label_problem(label: str) -> str | None:
    c, lang = state.content(), state.lang()
    if len(label) > MAX_LABEL:
        return c.t("snap_label_long", lang, n=MAX_LABEL)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in label):
        return c.t("snap_label_control", lang)
    return None


def _take() -> None:
    ss = st.session_state
    c, lang = state.content(), state.lang()
    label = (ss.get("snap_label") or "").strip()
    problem = _label_problem(label)
    if problem:
        ss[MESSAGE] = ("error", c.t("snap_label_bad", lang, field=c.t("snap_label", lang),
                                    problem=problem))
        return
    if ss.get(state.TOKEN) is None:  # a demo opened by a link is not saved until now
        state.replace(state.current())
    s, token = state.store(), ss.get(state.TOKEN)
    try:
        snap = s.snapshot(token, label or c.t("snap_untitled", lang)) if s and token else None
    except TooManySnapshots:
        ss[MESSAGE] = ("warning", c.t("snap_too_many", lang, n=MAX_SNAPSHOTS))
        return
    except StoreError:  # the database is down: nothing was frozen, the label stays to retry
        ss[MESSAGE] = ("error", c.t("snap_store_down", lang))
        return
    if snap is None:
        ss[MESSAGE] = ("warning", c.t("snap_unsaved", lang))
        return
    ss["snap_label"] = ""
    ss[PICK] = snap.n
    ss[MESSAGE] = ("success", c.t("snap_taken", lang, label=plain(snap.label)))


def _picked() -> None:
    st.session_state[PICK] = st.session_state.get("snap_pick")


def _snapshots() -> list[Snapshot]:
    """This assessment's snapshots; while the database is down, the list last read."""
    ss = st.session_state
    s, token = state.store(), ss.get(state.TOKEN)
    if not (s and token):
        return []
    try:
        found = s.snapshots(token)
    except StoreError:  # Results still draws; the list comes back with the database
        last = ss.get("_snapshot_list")
        return last[1] if last and last[0] == token else []
    ss["_snapshot_list"] = (token, found)
    return found


def _read(snap: Snapshot) -> Since | None:
    """One snapshot of this assessment, read and checked once per session; None if broken."""
    ss = st.session_state
    key = (ss.get(state.TOKEN), snap.n)
    cache = ss.setdefault("_snapshots", {})
    if key not in cache:
        try:
            raw = state.store().snapshot_data(*key)
        except StoreError:  # not cached: read again on the next run
            return None
        try:
            cache[key] = load_assessment(state.content(), raw) if raw is not None else None
        except Exception:  # noqa: BLE001 - a snapshot that cannot be read is skipped, not fatal
            log.warning("snapshot %s cannot be read", snap.n, exc_info=True)
            cache[key] = None
    old = cache[key]
    return Since(snap.n, snap.label, fmt_date(snap.taken_at[:10], state.lang()), old) \
        if old is not None else None


def chosen() -> Since | None:
    """The snapshot picked on Results (the latest by default), read and checked; or None."""
    snaps = _snapshots()
    if not snaps:
        return None
    return _read(next((x for x in snaps if x.n == st.session_state.get(PICK)), snaps[0]))


def _analysis(since: Since) -> Analysis:
    """A snapshot's analysis, made once per session and language."""
    ss, lang = st.session_state, state.lang()
    key = (ss.get(state.TOKEN), since.n, lang)
    cache = ss.setdefault("_snapshot_analyses", {})
    if key not in cache:
        cache[key] = analyse(state.content(), since.old, lang)
    return cache[key]


def comparison(since: Since, until: Since | None = None) -> Comparison:
    """The snapshot against the current assessment, or against a later snapshot `until`."""
    if until is None:
        return compare_analyses(state.content(), since.old, state.current(), _analysis(since),
                                state.analysis())
    return compare_analyses(state.content(), since.old, until.old, _analysis(since),
                            _analysis(until))


def since_section() -> None:
    """Snapshots of this assessment and what moved since the one picked."""
    c, lang = state.content(), state.lang()
    snaps = _snapshots()
    if not snaps and state.is_blank(state.current()):
        return  # nothing to keep a copy of yet; a text field fewer on a first visit
    st.subheader(c.t("snap_heading", lang))
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
    if not presenter.on():  # taking snapshots is work for before or after the meeting
        st.caption(c.t("snap_hint", lang))
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.text_input(c.t("snap_label", lang), key="snap_label", max_chars=MAX_LABEL,
                        placeholder=c.t("snap_label_placeholder", lang))
        right.button(c.t("snap_take", lang), on_click=_take, key="snap_take",
                     icon=":material/photo_camera:", width="stretch")
    if not snaps:
        st.caption(c.t("snap_none", lang))
        return
    labels = {x.n: c.t("snap_option", lang, label=x.label, date=fmt_date(x.taken_at[:10], lang))
              for x in snaps}
    if st.session_state.get(PICK) not in labels:
        st.session_state[PICK] = snaps[0].n
    options = list(labels)
    left, right = st.columns(2)
    left.selectbox(c.t("snap_compare_with", lang), options, format_func=labels.__getitem__,
                   index=options.index(st.session_state[PICK]), key="snap_pick",
                   on_change=_picked)
    # Against the assessment as it is now, or against another snapshot.
    ends = {0: c.t("cmp_now", lang), **{n: v for n, v in labels.items()
                                        if n != st.session_state[PICK]}}
    end = right.selectbox(c.t("snap_against", lang), list(ends), format_func=ends.__getitem__,
                          key="snap_against")
    since = chosen()
    until = _read(next(x for x in snaps if x.n == end)) if end else None
    if since is None or (end and until is None):
        st.warning(c.t("snap_broken", lang))
        return
    if until is None:
        st.markdown("#### " + c.t("cmp_heading", lang, date=since.date,
                                  label=plain(since.label)))
    else:
        st.markdown("#### " + c.t("cmp_heading_between", lang, date=since.date,
                                  label=plain(since.label), until=until.date,
                                  until_label=plain(until.label)))
    show(comparison(since, until), "since_chart")


def show(cmp: Comparison, chart_key: str) -> None:
    """A comparison drawn: readiness moves and their chart, risks, goals, plan, answers."""
    c, lang = state.content(), state.lang()
    hide = presenter.hiding()
    if cmp.unchanged:
        st.info(c.t("cmp_nothing", lang))
        return
    st.markdown("  \n".join([
        "**" + plain(move_line(c, c.t("overall_readiness", lang), cmp.overall, lang, hide)) + "**",
        plain(move_line(c, c.t("completeness", lang), cmp.completeness, lang)),
    ]))
    moved = [s for s in cmp.by_change if s.readiness.delta]
    if moved:
        with st.container(key=chart_key):
            chart.show(charts.dumbbell(
                [(f"{s.number}. {s.title}", s.readiness.old, s.readiness.new) for s in moved],
                {"then": c.t("cmp_then", lang), "now": c.t("cmp_now", lang),
                 "hover": c.t("cmp_chart_hover", lang),
                 "title": c.t("cmp_chart_title", lang)}, presenter.look()))
    if hide:
        st.markdown("\n".join(f"- {plain(move_line(c, s.title, s.readiness, lang, True))}"
                              for s in moved))
    left, right = st.columns(2)
    for col, key, risks in ((left, "cmp_risks_closed", cmp.risks_closed),
                            (right, "cmp_risks_new", cmp.risks_new)):
        col.markdown(f"**{c.t(key, lang)}**")
        col.markdown("\n".join(f"- {k.id} · {plain(k.title)}" for k in risks)
                     or c.t("cmp_none", lang))
    for key, goals in (("cmp_goals_added", cmp.goals_added),
                       ("cmp_goals_removed", cmp.goals_removed)):
        if goals:
            st.markdown(f"**{c.t(key, lang)}**\n\n" + "\n".join(
                f"- {plain(g.goal or g.kpi or '—')}" for g in goals))
    (v0, v1), (d0, d1), (m0, m1) = cmp.budget_verdict, cmp.plan_days, cmp.plan_cost
    st.markdown("  \n".join([
        f"{c.t('cmp_budget', lang)}: {c.t('verdict_' + v0, lang)} → {c.t('verdict_' + v1, lang)}",
        f"{c.t('cmp_plan_days', lang)}: {d0} → {d1}",
        plain(f"{c.t('cmp_plan_cost', lang)}: {fmt_money(m0, lang)} → {fmt_money(m1, lang)}"),
    ]))
    with st.expander(c.t("cmp_answers", lang, n=len(cmp.answers_changed)),
                     icon=":material/edit_note:"):
        step = None
        lines: list[str] = []
        for x in cmp.answers_changed:
            if x.step != step:
                step = x.step
                s = c.step_by_id[step]
                lines.append(f"\n**{s.number}. {plain(s.title(lang))}**\n")
            lines.append("- " + plain(c.t("cmp_answer", lang, question=x.question, old=x.old,
                                          new=x.new)))
        st.markdown("\n".join(lines))
