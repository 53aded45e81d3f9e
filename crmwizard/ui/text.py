"""User text shown literally inside Markdown: no formatting, links or HTML from it."""

from __future__ import annotations

import re

# "&" too: Markdown turns "&amp;" typed by a user into "&".
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


# Streamlit turns bare URLs, www. names and e-mail addresses in text into links after the
# Markdown is parsed, so escapes cannot stop it; an invisible word joiner inside each does.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\\\.)|(?<=@)", re.IGNORECASE)
JOINER = "\u2060"
_BREAKS = re.compile(r"[^\S\xa0\u2007\u202f]+")  # any run of white space but the no-break ones


def plain(text: str) -> str:
    """Escapes every Markdown control character so the text reads exactly as typed."""
    return _AUTOLINK.sub(JOINER, _SPECIAL.sub(r"\\\1", text))


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table, every cell shown as typed: a light stand-in for a data grid.

    st.dataframe's grid costs a first visit about 0.6 s of script (bench/first_visits.md);
    a read-only table of a few dozen rows does not need it.
    """
    def cell(value: object) -> str:
        # One line per row; no-break spaces kept, so "1 500 000 ₽" never wraps inside.
        return plain(_BREAKS.sub(" ", str(value)).strip()) or " "

    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
