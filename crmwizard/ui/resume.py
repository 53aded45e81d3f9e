"""The resume link at the top of every screen: full address, copy, QR code, file."""

from __future__ import annotations

import functools
import html
from string import Template
from urllib.parse import urlparse

import streamlit as st

from crmwizard.qr import qr_png
from crmwizard.ui import state

FILE_NAME = "crm-readiness-link.txt"
# The address with its copy button, in a frame of its own: st.code would do the same but
# costs a first visit about 0.7 s for its syntax highlighter (bench/first_visits.md), and
# the link is at the top of every screen. Every value is HTML-escaped; the script reads the
# texts from data attributes, so nothing typed or linked ever becomes code.
COPY = Template("""<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; font: 14px/1.45 "Source Sans Pro", "Source Sans", sans-serif; }
.box { display: flex; gap: 8px; align-items: center; background: #F0F2F6; color: #111827;
  border-radius: 8px; padding: 6px 6px 6px 12px; }
code { flex: 1; font: 14px/1.4 "Source Code Pro", ui-monospace, monospace;
  word-break: break-all; }
button { flex: none; font: inherit; color: #111827; background: #FFFFFF; cursor: pointer;
  border: 1px solid #C5CED8; border-radius: 6px; padding: 4px 10px; }
button:focus-visible { outline: 2px solid #0072B2; }
</style></head><body><div class="box"><code id="link">$url</code>
<button id="copy" type="button" title="$help" aria-label="$help" data-done="$done"
 data-failed="$failed" data-failed-help="$failed_help">$copy</button>
</div><script>
const button = document.getElementById("copy"), label = button.textContent;
button.addEventListener("click", async () => {
  const text = document.getElementById("link").textContent;
  let done = true;
  try { await navigator.clipboard.writeText(text); } catch (e) {
    // No clipboard API (a page served over plain http, not localhost; an old browser): the
    // link stays selected, so the user can copy it by hand if the old command fails too.
    const range = document.createRange(), pick = getSelection();
    range.selectNodeContents(document.getElementById("link"));
    pick.removeAllRanges(); pick.addRange(range);
    try { done = document.execCommand("copy"); } catch (e2) { done = false; }
  }
  if (done) {
    button.textContent = button.dataset.done;
    setTimeout(() => { button.textContent = label; }, 2000);
  } else {
    button.textContent = button.dataset.failed;
    button.title = button.dataset.failedHelp;
    button.setAttribute("aria-label", button.dataset.failedHelp);
  }
});
</script></body></html>""")
COPY_HEIGHT = 76  # up to three lines of address on a phone; "content" sizing left a gap


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


def copy_box(url: str, lang: str) -> str:
    """The address and its copy button, as the frame's document."""
    c = state.content()
    return COPY.substitute(url=html.escape(url), copy=html.escape(c.t("resume_copy", lang)),
                           done=html.escape(c.t("resume_copied", lang)),
                           failed=html.escape(c.t("resume_copy_failed", lang)),
                           failed_help=html.escape(c.t("resume_copy_failed_help", lang)),
                           help=html.escape(c.t("resume_copy_help", lang)))


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
        with text:
            st.iframe(copy_box(url, lang), height=COPY_HEIGHT)
        with more.popover(c.t("resume_more", lang), icon=":material/qr_code_2:",
                          width="stretch"):
            st.download_button(c.t("resume_download", lang), link_file(url, lang),
                               file_name=FILE_NAME, mime="text/plain", on_click="ignore",
                               icon=":material/download:", key="resume_download")
            st.image(_qr(url), caption=c.t("resume_qr", lang))
