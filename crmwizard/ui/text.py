"""User text shown literally inside Markdown: no formatting, links or HTML from it."""

from __future__ import annotations

import re

# "&" too: Markdown turns "&amp;" typed by a user into "&".
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


# Streamlit turns bare URLs, www. names and e-mail addresses in text into links after the
# Markdown is parsed, so escapes cannot stop it; an invisible word joiner inside each does.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\\\.)|(?<=@)", re.IGNORECASE)
JOINER = "\u2060"


def plain(text: str) -> str:
    """Escapes every Markdown control character so the text reads exactly as typed."""
    return _AUTOLINK.sub(JOINER, _SPECIAL.sub(r"\\\1", text))
