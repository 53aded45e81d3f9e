"""The bundled Cyrillic font family (DejaVu Sans), registered with reportlab once."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@functools.cache
def register() -> tuple[str, str]:
    """Registers the regular and bold faces and the family that Paragraph's <b> resolves."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # No italic file is bundled: italic maps to the upright faces instead of a missing font.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    return REGULAR, BOLD


RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
MISSING = "\ufffd"  # drawn as a visible replacement mark, never as an empty box


@functools.cache
def _glyphs() -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@functools.lru_cache(maxsize=4096)
def printable(value: str) -> str:
    """Text as the PDF can draw it: Arabic joined and right-to-left runs in visual order,
    characters the font lacks (emoji, rare scripts) shown as "\ufffd", invisible ones dropped.
    """
    if value.isascii() and value.isprintable():
        return value
    if RTL.search(value):
        value = "\n".join(get_display(arabic_reshaper.reshape(line))
                          for line in value.split("\n"))
    glyphs = _glyphs()
    out = []
    for ch in value:
        if ch in "\n\t" or (ord(ch) in glyphs and unicodedata.category(ch) != "Cc"):
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc", "Cs"):
            continue  # joiners, variation selectors, control characters: nothing to see
        elif not out or out[-1] != MISSING:
            out.append(MISSING)
    return "".join(out)
