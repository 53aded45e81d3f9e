"""A small SVG writer for charts drawn on the server: escaped text, shapes, measured words."""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfmetrics import stringWidth

from crmwizard.report.fonts import BOLD, REGULAR, register

FAMILY = "Source Sans, Source Sans Pro, DejaVu Sans, Arial, sans-serif"
INK = "#111827"  # labels near-black: they must read on a projector across a room
# One pass over the text: markup characters, and those markdown would act on, as references.
# The chart goes to the page through st.markdown; an HTML block is passed through raw, and
# these references make sure no text could ever turn into a link, emphasis or formula: not
# even "www.x" or "a@b", which Streamlit's markdown would otherwise link.
_REFS = {ord(ch): f"&#{ord(ch)};" for ch in "&<>\"'*_[]()$`~:\\!#|{}./@="}
_REFS.update({ord("\n"): "&#10;", ord("\t"): "&#9;", ord("\r"): "&#13;"})
# Other control characters are not allowed in SVG (XML) at all: shown as a replacement mark.
_REFS.update({c: "\ufffd" for c in [*range(0x20), 0x7F] if c not in (9, 10, 13)})
# Our own attribute values (numbers, colours, path data): only what would end the attribute.
_ATTR = {ord(ch): f"&#{ord(ch)};" for ch in "&<>\"'"}


def esc(text: object) -> str:
    """Text for an SVG text node or attribute, inert in HTML and in markdown."""
    return str(text).translate(_REFS)


@functools.lru_cache(maxsize=8192)
def width(text: str, size: float, bold: bool = False) -> float:
    """The text's width in pixels, measured with DejaVu Sans.

    DejaVu is wider than the browser's Source Sans, so room made from it is never too small.
    """
    register()
    return stringWidth(text, BOLD if bold else REGULAR, size)


def wrap(text: str, size: float, room: float, lines: int, bold: bool = False) -> list[str]:
    """Words in at most `lines` lines no wider than `room`; the last one ends in "…" if cut."""
    out: list[str] = []
    for word in text.split():
        while width(word, size, bold) > room and len(word) > 2:  # a very long word is split
            # Start from the share of the word that fits, then step back: a few measurements
            # even for a 500-character word.
            cut = max(1, min(len(word) - 1, int(len(word) * room / width(word, size, bold))))
            while cut > 1 and width(word[:cut] + "-", size, bold) > room:
                cut -= 1
            if out and not out[-1]:
                out.pop()
            out.append(word[:cut] + "-")
            word = word[cut:]
        if out and width(out[-1] + " " + word, size, bold) <= room:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        while last and width(last + "…", size, bold) > room:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out or [""]


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _attrs(values: dict[str, object]) -> str:
    """Our attributes (never a user's text: that goes through `esc`)."""
    return "".join(
        f' {k.replace("_", "-")}="{v.translate(_ATTR) if isinstance(v, str) else _num(v)}"'
        for k, v in values.items() if v is not None)


class Canvas:
    """An SVG document built up shape by shape; `render()` gives it as one line of markup."""

    def __init__(self, w: float, h: float, label: str, size: float = 16) -> None:
        self.w, self.h, self.label, self.size = w, h, label, size
        self.parts: list[str] = []
        self.defs: list[str] = []

    def _shape(self, tag: str, tip: str | None, css: str | None, **attrs: object) -> None:
        body = f"<title>{esc(tip)}</title>" if tip else ""
        a = _attrs({"class": css, **attrs})
        self.parts.append(f"<{tag}{a}>{body}</{tag}>" if body else f"<{tag}{a}/>")

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str | None = None,
             sw: float = 1, rx: float = 0, tip: str | None = None, css: str | None = None,
             **extra: object) -> None:
        self._shape("rect", tip, css, x=x, y=y, width=max(0, w), height=max(0, h), rx=rx or None,
                    fill=fill, stroke=stroke, stroke_width=sw if stroke else None, **extra)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, sw: float = 1,
             dash: str | None = None, css: str | None = None) -> None:
        self._shape("line", None, css, x1=x1, y1=y1, x2=x2, y2=y2, stroke=stroke,
                    stroke_width=sw, stroke_dasharray=dash)

    def path(self, d: str, fill: str, stroke: str | None = None, sw: float = 1,
             dash: str | None = None, tip: str | None = None, css: str | None = None,
             **extra: object) -> None:
        self._shape("path", tip, css, d=d, fill=fill, stroke=stroke,
                    stroke_width=sw if stroke else None, stroke_dasharray=dash, **extra)

    def circle(self, cx: float, cy: float, r: float, fill: str, stroke: str | None = None,
               sw: float = 1, tip: str | None = None, css: str | None = None,
               **extra: object) -> None:
        self._shape("circle", tip, css, cx=cx, cy=cy, r=r, fill=fill, stroke=stroke,
                    stroke_width=sw if stroke else None, **extra)

    def text(self, x: float, y: float, lines: str | list[str], size: float | None = None,
             anchor: str = "start", bold: bool = False, color: str = INK,
             css: str | None = None, tip: str | None = None, line_height: float = 1.2,
             **extra: object) -> None:
        """Text centred on `y` (one or more lines); `anchor` is start, middle or end."""
        rows = [lines] if isinstance(lines, str) else lines
        size = size or self.size
        step = size * line_height
        first = -(len(rows) - 1) * step / 2
        spans = "".join(
            f'<tspan x="{_num(x)}" dy="{_num(first if i == 0 else step)}">{esc(row)}</tspan>'
            for i, row in enumerate(rows))
        body = (f"<title>{esc(tip)}</title>" if tip else "") + spans
        a = _attrs({"class": css, "x": x, "y": y, "font_size": size,
                    "text_anchor": None if anchor == "start" else anchor,
                    "font_weight": "bold" if bold else None, "fill": color,
                    "dominant_baseline": "central", **extra})
        self.parts.append(f"<text{a}>{body}</text>")

    def title(self, text: str, size: float | None = None) -> float:
        """The chart's title, wrapped to the width; returns the height it took."""
        size = size or round(self.size * 1.15)
        rows = wrap(text, size, self.w - 16, 2, bold=True)
        step = size * 1.2
        self.text(8, 10 + step * len(rows) / 2, rows, size, bold=True, css="chart-title")
        return 18 + step * len(rows)

    def render(self, max_w: float | None = None, fixed: bool = False) -> str:
        """The document; as wide as its box up to `max_w`, or its own width when `fixed`."""
        style = (f"width:{_num(self.w)}px;max-width:none" if fixed
                 else f"width:100%;max-width:{_num(max_w or self.w)}px")
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(self.w)} '
                f'{_num(self.h)}" role="img" aria-label="{esc(self.label)}" '
                f'style="{style};height:auto;display:block" font-family="{FAMILY}" '
                f'font-size="{_num(self.size)}" fill="{INK}"><title>{esc(self.label)}</title>'
                f"{defs}{''.join(self.parts)}</svg>")
