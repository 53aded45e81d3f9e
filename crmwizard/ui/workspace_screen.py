"""Consultant workspace: list, open, duplicate and delete saved assessments (passcode only)."""

from __future__ import annotations

import hmac
import logging

import streamlit as st

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.i18n import fmt_number
from crmwizard.ui import state
from crmwizard.ui.screens import header

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


def passcode_set() -> bool:
    return bool(state.setting(PASSCODE))


def _unlock() -> None:
    typed = st.session_state.get("ws_passcode", "")
    expected = state.setting(PASSCODE) or ""
    ok = bool(expected) and hmac.compare_digest(typed.encode(), expected.encode())
    st.session_state["workspace_unlocked"] = ok
    st.session_state["ws_failed"] = not ok
    st.session_state["ws_passcode"] = ""


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
        if st.session_state.get("ws_failed"):
            st.error(c.t("ws_wrong", lang))


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


def workspace_screen() -> None:
    c, lang = state.content(), state.lang()
    header("workspace")
    if not state.workspace_unlocked():
        st.warning(c.t("ws_locked", lang))
        return
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
                         key="ws_pick")
    b1, b2, b3 = st.columns(3)
    b1.button(c.t("ws_open", lang), on_click=_open, args=(token,), key="ws_open",
              icon=":material/open_in_new:", width="stretch")
    b2.button(c.t("ws_duplicate", lang), on_click=_duplicate, args=(token,), key="ws_duplicate",
              icon=":material/content_copy:", width="stretch")
    with b3.popover(c.t("ws_delete", lang), icon=":material/delete:", width="stretch"):
        st.warning(c.t("ws_delete_confirm", lang, name=labels[token]))
        st.button(c.t("delete_yes", lang), type="primary", on_click=_delete, args=(token,),
                  key="ws_delete_yes")
    if token in broken:
        st.warning(c.t("ws_broken_hint", lang))
    with st.expander(c.t("ws_raw", lang), icon=":material/data_object:"):
        raw = next(r.data for r in rows if r.token == token)
        st.code(raw[:RAW_SHOWN], language="json")
        if len(raw) > RAW_SHOWN:
            st.caption(c.t("ws_raw_cut", lang, shown=RAW_SHOWN, total=len(raw)))
