"""Consultant workspace: the portfolio, open, compare, copy, delete; benchmark switch (passcode)."""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Callable

import streamlit as st

from crmwizard import charts
from crmwizard.assessment_io import load_assessment
from crmwizard.compare import compare
from crmwizard.i18n import fmt_number
from crmwizard.portfolio import MIN_PEERS, Row, benchmark, peers, summarise
from crmwizard.store import Saved, StoreError
from crmwizard.throttle import Throttle
from crmwizard.ui import chart, since, state
from crmwizard.ui.screens import header
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
PASSCODE = "CRMWIZARD_CONSULTANT_PASSCODE"
RAW_SHOWN = 20_000  # characters of a row's raw JSON shown in the workspace
BENCH, BENCH_WIDGET = "benchmark_on", "ws_benchmark"


MIN_PASSCODE = 12
# One per server process: every session's wrong guesses count against the same limits.
THROTTLE = Throttle()


def passcode_set() -> bool:
    return bool(state.setting(PASSCODE))


@functools.cache
def _warn_short(length: int) -> None:
    log.warning("%s is %d characters long; at least %d are needed, so the consultant workspace"
                " will not unlock", PASSCODE, length, MIN_PASSCODE)


def passcode_usable() -> bool:
    """A passcode is set and long enough; a short one is refused and the log says why."""
    expected = state.setting(PASSCODE) or ""
    if expected and len(expected) < MIN_PASSCODE:
        _warn_short(len(expected))
        return False
    return bool(expected)


def client_address() -> str:
    """The connection's address (not a header a client could forge); loopback is 'local'."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - no connection context (tests, bare mode)
        address = None
    return address if isinstance(address, str) and address else "local"


def _unlock() -> None:
    ss = st.session_state
    typed = ss.get("ws_passcode", "") or ""
    ss["ws_passcode"] = ""
    ss["ws_failed"] = None
    address = client_address()
    wait = THROTTLE.wait(address)
    if wait > 0:  # not even compared: a guess during the wait tells nothing
        log.warning("workspace passcode: attempt from %s refused, %.0f s to wait", address, wait)
        ss["workspace_unlocked"] = False
        ss["ws_failed"] = ("ws_wait", {"seconds": max(1, round(wait))})
        return
    if not passcode_usable():
        ss["workspace_unlocked"] = False
        ss["ws_failed"] = ("ws_unavailable", {})
        return
    expected = state.setting(PASSCODE) or ""
    ok = hmac.compare_digest(typed.encode(), expected.encode())
    ss["workspace_unlocked"] = ok
    if ok:
        THROTTLE.succeeded(address)
        log.info("workspace unlocked from %s", address)
        return
    failures = THROTTLE.failed(address)
    log.warning("workspace passcode: wrong attempt from %s (%d in a row)", address, failures)
    ss["ws_failed"] = ("ws_wrong", {})


def _lock() -> None:
    st.session_state["workspace_unlocked"] = False


def gate() -> None:
    """The passcode form in the sidebar; shown only when a passcode is configured."""
    c, lang = state.content(), state.lang()
    if not passcode_set():
        return
    with st.sidebar.expander(c.t("ws_gate", lang), icon=":material/lock:"):
        if state.workspace_unlocked():
            st.button(c.t("ws_lock", lang), on_click=_lock, key="ws_lock")
            return
        st.text_input(c.t("ws_passcode", lang), type="password", key="ws_passcode")
        st.button(c.t("ws_unlock", lang), on_click=_unlock, key="ws_unlock")
        failed = st.session_state.get("ws_failed")
        if failed:
            st.error(c.t(failed[0], lang, **failed[1]))


def _store_action(action: Callable[[str], None]) -> Callable[[str], None]:
    """A button's action that says so when the database cannot be reached (nothing done)."""

    @functools.wraps(action)
    def run(token: str) -> None:
        try:
            action(token)
        except StoreError:
            st.session_state["ws_message"] = ("error", "ws_store_down")

    return run


@_store_action
def _open(token: str) -> None:
    s = state.store()
    found = s.open(token) if s else None
    if found is None:
        st.session_state["ws_message"] = ("warning", "resume_not_found")
        return
    try:
        a = load_assessment(state.content(), found.data)
    except Exception:  # noqa: BLE001 - any row that cannot be read stays where it is
        st.session_state["ws_message"] = ("error", "ws_broken_open")
        return
    state.forget_widgets()
    state.adopt(token, a, found.revision)  # the row itself, not a copy of it
    st.session_state["ws_message"] = ("success", "ws_opened")


@_store_action
def _duplicate(token: str) -> None:
    s = state.store()
    raw = s.load(token) if s else None
    if raw is not None:
        company = next((r.company for r in s.list(with_data=False) if r.token == token), "")
        s.create(raw, state.content().t("ws_copy_name", state.lang(), company=company))
        st.session_state["ws_message"] = ("success", "ws_duplicated")


@_store_action
def _delete(token: str) -> None:
    s = state.store()
    if s and s.delete(token):
        if st.session_state.get(state.TOKEN) == token:
            state.delete_my_data()
        st.session_state["ws_message"] = ("success", "ws_deleted")


def available() -> bool:
    """The workspace may be shown to this session: unlocked, with a usable passcode."""
    return state.workspace_unlocked() and passcode_usable()


SORTS = ("updated", "company", "readiness", "completeness", "risks")


def _rows(rows: list[Saved], lang: str) -> dict[str, Row | None]:
    """Every saved row summarised (cached per saved version, so reruns stay quick)."""
    c = state.content()
    s = state.store()
    load = s.load if s else None
    return {r.token: summarise(c, r, lang, load) for r in rows}


def _portfolio(rows: list[Saved], summary: dict[str, Row | None], counts: dict[str, int]
               ) -> list[Saved]:
    """The table with its filters, sort and chart; returns the rows shown, in order."""
    c, lang = state.content(), state.lang()
    industries = {o.id: o.label(lang) for o in c.industries}
    left, mid, right = st.columns([2, 2, 1])
    query = left.text_input(c.t("ws_filter_text", lang), key="ws_filter_text").strip().casefold()
    chosen = mid.multiselect(c.t("ws_filter_industry", lang), list(industries),
                             format_func=industries.__getitem__, key="ws_filter_industry")
    sort = right.selectbox(c.t("ws_sort", lang), SORTS, key="ws_sort",
                           format_func=lambda k: c.t(f"ws_sort_{k}", lang))
    shown = [r for r in rows if (not query or query in r.company.casefold()) and (
        not chosen or (summary[r.token] and summary[r.token].industry in chosen))]
    keys = {"company": lambda r: r.company.casefold(),
            "readiness": lambda r: -(summary[r.token].overall if summary[r.token] else -1),
            "completeness": lambda r: -(summary[r.token].completeness if summary[r.token]
                                        else -1),
            "risks": lambda r: -(summary[r.token].risks if summary[r.token] else -1)}
    if sort in keys:
        shown.sort(key=keys[sort])
    broken = c.t("ws_broken", lang)
    table = []
    for r in shown:
        row = summary[r.token]
        table.append({
            c.t("ws_col_company", lang): r.company or "—",
            c.t("ws_col_updated", lang): r.updated_at.replace("T", " ")[:16],
            c.t("overall_readiness", lang): fmt_number(row.overall, lang, 0) if row else broken,
            c.t("completeness", lang): round(row.completeness) if row else None,
            c.t("ws_col_risks", lang): row.risks if row else None,
            c.t("ws_col_industry", lang): industries.get(row.industry or "", "—") if row
            else "—",
            c.t("ws_col_users", lang): row.users if row else None,
            c.t("ws_col_snapshots", lang): counts.get(r.token, 0),
            c.t("ws_col_link", lang): f"?a={r.token}"})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(c.t("ws_shown", lang, shown=len(shown), total=len(rows)))
    points = [(r.company or "—", summary[r.token].overall, summary[r.token].completeness)
              for r in shown if summary[r.token]]
    if points:
        with st.container(key="ws_chart"):
            chart.show(charts.scatter_portfolio(points, {
                "title": c.t("ws_chart_title", lang), "hover": c.t("ws_chart_hover", lang),
                "x": c.t("completeness", lang), "y": c.t("overall_readiness", lang)}))
    return shown


def _compare(token: str, labels: dict[str, str], summary: dict[str, Row | None]) -> None:
    """The picked assessment against another one of the list."""
    c, lang = state.content(), state.lang()
    others = [t for t in labels if t != token and summary.get(t)]
    if not summary.get(token) or not others:
        return
    with st.expander(c.t("ws_compare", lang), icon=":material/compare_arrows:"):
        other = st.selectbox(c.t("ws_compare", lang), others, format_func=labels.__getitem__,
                             key="ws_compare_with")
        if not st.toggle(c.t("ws_compare_show", lang), key="ws_compare_show"):
            return
        s = state.store()
        try:
            old_raw, new_raw = s.load(other), s.load(token)
        except StoreError:
            st.error(c.t("ws_store_down", lang))
            return
        if old_raw is None or new_raw is None:
            st.warning(c.t("resume_not_found", lang))
            return
        content = state.content()
        cmp = compare(content, load_assessment(content, old_raw),
                      load_assessment(content, new_raw), lang)
        since.show(cmp, "ws_compare_chart")


def _benchmark_switch() -> None:
    c, lang = state.content(), state.lang()
    st.toggle(c.t("bench_toggle", lang), key=BENCH_WIDGET, value=benchmark_on(),
              on_change=_benchmark_flip)


def _benchmark_flip() -> None:
    st.session_state[BENCH] = bool(st.session_state.get(BENCH_WIDGET))


def benchmark_on() -> bool:
    """The consultant turned the benchmark on, and the workspace is unlocked now."""
    return bool(st.session_state.get(BENCH)) and available()


def benchmark_section() -> None:
    """On Results: where this company sits among similar ones, as thirds; only when turned on."""
    if not benchmark_on():
        return
    c, lang = state.content(), state.lang()
    s, a = state.store(), state.current()
    if s is None:
        return
    try:
        rows = [row for row in _rows(s.list(with_data=False), lang).values() if row is not None]
    except StoreError:  # the database is down: no benchmark this run, Results still draws
        return
    similar = peers(a.profile.industry, a.profile.crm_users,
                    st.session_state.get(state.TOKEN), a.profile.company_name, rows)
    r = state.analysis().readiness
    found = benchmark(r.overall, {x.step: x.readiness for x in r.steps}, similar)
    st.subheader(c.t("bench_heading", lang))
    if found is None:
        st.caption(c.t("bench_too_few", lang, min=MIN_PEERS, n=len(similar)))
        return
    st.caption(c.t("bench_intro", lang, n=found.peers))
    titles = {"overall": c.t("overall_readiness", lang),
              **{x.step: f"{x.number}. {x.title}" for x in r.steps}}
    st.markdown("\n".join("- " + c.t("bench_line", lang, what=titles[p.what],
                                      third=c.t(f"bench_{p.third}", lang))
                          for p in found.positions))


def workspace_screen() -> None:
    """The portfolio of saved assessments; nothing at all while locked ("not found")."""
    if not available():
        return
    c, lang = state.content(), state.lang()
    header("workspace")
    message = st.session_state.pop("ws_message", None)
    if message:
        getattr(st, message[0])(c.t(message[1], lang))
    s = state.store()
    try:
        rows = s.list(with_data=False) if s else []
    except StoreError:
        st.error(c.t("ws_store_down", lang))
        return
    if not rows:
        st.info(c.t("ws_empty", lang))
        return
    _benchmark_switch()
    st.subheader(c.t("ws_portfolio", lang))
    try:
        summary = _rows(rows, lang)
        counts = s.snapshot_counts()
    except StoreError:
        st.error(c.t("ws_store_down", lang))
        return
    broken = {t for t, row in summary.items() if row is None}
    shown = _portfolio(rows, summary, counts) or rows
    mark = c.t("ws_broken_mark", lang)
    labels = {r.token: f"{r.company or '—'} · {r.updated_at[:16].replace('T', ' ')}"
              + (f" · {mark}" if r.token in broken else "") for r in shown}
    token = st.selectbox(c.t("ws_pick", lang), list(labels), format_func=labels.__getitem__,
                         placeholder=c.t("choose", lang), key="ws_pick")
    b1, b2, b3 = st.columns(3)
    b1.button(c.t("ws_open", lang), on_click=_open, args=(token,), key="ws_open",
              icon=":material/open_in_new:", width="stretch")
    b2.button(c.t("ws_duplicate", lang), on_click=_duplicate, args=(token,), key="ws_duplicate",
              icon=":material/content_copy:", width="stretch")
    with b3.popover(c.t("ws_delete", lang), icon=":material/delete:", width="stretch"):
        st.warning(c.t("ws_delete_confirm", lang, name=plain(labels[token])))
        st.button(c.t("delete_yes", lang), type="primary", on_click=_delete, args=(token,),
                  key="ws_delete_yes")
    if token in broken:
        st.warning(c.t("ws_broken_hint", lang))
    _compare(token, labels, summary)
    with st.expander(c.t("ws_raw", lang), icon=":material/data_object:"):
        try:
            raw = s.load(token) or ""
        except StoreError:
            st.error(c.t("ws_store_down", lang))
            return
        st.code(raw[:RAW_SHOWN], language="json")
        if len(raw) > RAW_SHOWN:
            st.caption(c.t("ws_raw_cut", lang, shown=RAW_SHOWN, total=len(raw)))
