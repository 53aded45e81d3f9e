"""Consultant workspace: list, open, duplicate and delete saved assessments (passcode only)."""

from __future__ import annotations

import functools
import hmac
import logging

import streamlit as st

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.i18n import fmt_number
from crmwizard.throttle import Throttle
from crmwizard.ui import state
from crmwizard.ui.screens import header
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
PASSCODE = "CRMWIZARD_CONSULTANT_PASSCODE"
RAW_SHOWN = 20_000  # characters of a row's raw JSON shown in the workspace


def row_readiness(data: str, lang: str) -> str | None:
    """The overall readiness of a saved row, or None when the row cannot be read or scored."""
    c = state.content()
    try:
        return fmt_number(analyse(c, load_assessment(c, data), lang).readiness.overall, lang, 0)
    except Exception:  # noqa: BLE001 - one bad row must never take the workspace down
        log.warning("workspace: a saved assessment cannot be read", exc_info=True)
        return None


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


def _duplicate(token: str) -> None:
    s = state.store()
    raw = s.load(token) if s else None
    if raw is not None:
        company = next((r.company for r in s.list() if r.token == token), "")
        s.create(raw, state.content().t("ws_copy_name", state.lang(), company=company))
        st.session_state["ws_message"] = ("success", "ws_duplicated")


def _delete(token: str) -> None:
    s = state.store()
    if s and s.delete(token):
        if st.session_state.get(state.TOKEN) == token:
            state.delete_my_data()
        st.session_state["ws_message"] = ("success", "ws_deleted")


def available() -> bool:
    """The workspace may be shown to this session: unlocked, with a usable passcode."""
    return state.workspace_unlocked() and passcode_usable()


def workspace_screen() -> None:
    """The list of saved assessments; nothing at all while locked (the shell says "not found")."""
    if not available():
        return
    c, lang = state.content(), state.lang()
    header("workspace")
    message = st.session_state.pop("ws_message", None)
    if message:
        getattr(st, message[0])(c.t(message[1], lang))
    s = state.store()
    rows = s.list() if s else []
    if not rows:
        st.info(c.t("ws_empty", lang))
        return
    table = []
    broken: set[str] = set()
    for r in rows:
        readiness = row_readiness(r.data, lang)
        if readiness is None:
            broken.add(r.token)
            readiness = c.t("ws_broken", lang)
        table.append({c.t("ws_col_company", lang): r.company or "—",
                      c.t("ws_col_updated", lang): r.updated_at.replace("T", " ")[:16],
                      c.t("overall_readiness", lang): readiness,
                      c.t("ws_col_link", lang): f"?a={r.token}"})
    st.dataframe(table, hide_index=True, width="stretch")
    mark = c.t("ws_broken_mark", lang)
    labels = {r.token: f"{r.company or '—'} · {r.updated_at[:16].replace('T', ' ')}"
              + (f" · {mark}" if r.token in broken else "") for r in rows}
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
    with st.expander(c.t("ws_raw", lang), icon=":material/data_object:"):
        raw = next(r.data for r in rows if r.token == token)
        st.code(raw[:RAW_SHOWN], language="json")
        if len(raw) > RAW_SHOWN:
            st.caption(c.t("ws_raw_cut", lang, shown=RAW_SHOWN, total=len(raw)))
