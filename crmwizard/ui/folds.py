"""Many collapsible sections as one HTML block of native <details>, drawn by the browser.

Each st.expander is a handful of React elements and a markdown pipeline per text inside it;
Results drew 25 of them. One st.html block of <details> took 0.36 s off its first visit
(bench/first_visits.md). Every text is HTML-escaped here; nothing in it is read as markup.
"""

from __future__ import annotations

from html import escape

import streamlit as st


def para(text: str, lead: str = "", muted: bool = False) -> str:
    """A paragraph, with an optional bold lead-in; `muted` for a caption's grey."""
    bold = f"<b>{escape(lead)}</b> " if lead else ""
    cls = ' class="crm-muted"' if muted else ""
    return f"<p{cls}>{bold}{escape(text)}</p>"


def items(lines: list[tuple[str, str]]) -> str:
    """A bullet list of (sign, text); the sign is one of SIGNS' keys or empty."""
    if not lines:
        return ""
    return "<ul>" + "".join(f"<li>{SIGNS.get(sign, '')}{escape(text)}</li>"
                            for sign, text in lines) + "</ul>"


# A reason's direction as a coloured glyph every font has (no icon font, no colour emoji).
SIGNS = {"up": '<span class="crm-sign crm-up">+</span> ',
         "down": '<span class="crm-sign crm-down">\u2212</span> ',
         "none": '<span class="crm-sign crm-none">\u25cb</span> '}


def fold(summary: str, body: str) -> str:
    """One collapsible section: its summary line (escaped) and its body (from para/items)."""
    return f"<details><summary>{escape(summary)}</summary><div>{body}</div></details>"


def show(folds: list[str], name: str) -> None:
    """The sections as one block; `name` marks it for styles and tests (crm-folds-<name>)."""
    if folds:
        st.html(f'<div class="crm-folds crm-folds-{name}">{"".join(folds)}</div>')
