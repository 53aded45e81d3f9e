"""User text shown literally inside Markdown: no formatting, links or HTML from it."""

from __future__ import annotations

import re

# "&" too: Markdown turns "&amp;" typed by a user into "&".
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def plain(text: str) -> str:
    """Escapes every Markdown control character so the text reads exactly as typed."""
    return _SPECIAL.sub(r"\\\1", text)
