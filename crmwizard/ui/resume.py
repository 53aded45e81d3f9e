"""The resume link at the top of every screen: full address, copy, QR code, file."""

from __future__ import annotations

import functools
from urllib.parse import urlparse

import streamlit as st

from crmwizard.qr import qr_png
from crmwizard.ui import state

FILE_NAME = "crm-readiness-link.txt"


def link(token: str) -> str:
    """The full address that opens this assessment: the page as the browser shows it, ?a=."""
    # st.context.url is the browser's own address (scheme, host, port, path, no query), so
    # the link holds whatever host name the user reached this server by.
    base = st.context.url or ""
    if base and urlparse(base).path == "":
        base += "/"  # the start page: "http://host:8501/?a=…", as the address bar shows it
    return f"{base}?a={token}"


@functools.lru_cache(maxsize=64)
def _qr(url: str) -> bytes:
    return qr_png(url, scale=5)


def link_file(url: str, lang: str) -> str:
    """The text of the downloadable link file: the address, then what it is."""
    return f"{url}\n\n{state.content().t('resume_explain', lang)}\n"


def block() -> None:
    """Once the assessment has a token: the explanation, the link with its copy button, and
    a popover with the QR code (to move to a phone) and the link as a file."""
    token = st.session_state.get(state.TOKEN)
    if not token:
        return
    c, lang = state.content(), state.lang()
    url = link(token)
    with st.container(key="resume_block"):
        text, more = st.columns([5, 1.3], vertical_alignment="bottom")
        text.caption(c.t("resume_explain", lang))
        # st.code's own copy button copies the whole address; wrapped, a phone shows it all.
        text.code(url, language=None, wrap_lines=True)
        with more.popover(c.t("resume_more", lang), icon=":material/qr_code_2:",
                          width="stretch"):
            st.download_button(c.t("resume_download", lang), link_file(url, lang),
                               file_name=FILE_NAME, mime="text/plain", on_click="ignore",
                               icon=":material/download:", key="resume_download")
            st.image(_qr(url), caption=c.t("resume_qr", lang))
