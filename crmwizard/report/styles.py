"""Paragraph styles, colours and the small flowable helpers both documents share."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

from crmwizard.report.fonts import printable, register

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5F6B76")
ACCENT = colors.HexColor("#0B4F8A")
RULE = colors.HexColor("#C5CED8")
HEAD_BG = colors.HexColor("#E3EBF3")
ZEBRA = colors.HexColor("#F5F7FA")
# Verdict colours, the same meaning everywhere: readiness bands and the budget verdict.
GOOD, WARN, BAD = colors.HexColor("#1B7F4B"), colors.HexColor("#B86E00"), \
    colors.HexColor("#B3261E")


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Every paragraph style of the documents, in the bundled font."""
    regular, bold = register()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK,
                          spaceAfter=4)

    def s(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "small": s("small", fontSize=8, leading=10.5, textColor=MUTED),
        "cell": s("cell", fontSize=8, leading=10, spaceAfter=0),
        "cell_bold": s("cell_bold", fontName=bold, fontSize=8, leading=10, spaceAfter=0),
        "cell_muted": s("cell_muted", fontSize=8, leading=10, spaceAfter=0, textColor=MUTED),
        "cell_bullet": s("cell_bullet", fontSize=8, leading=10, spaceAfter=1.5, leftIndent=8,
                         bulletIndent=0, bulletFontName=regular, bulletFontSize=8),
        "th": s("th", fontName=bold, fontSize=8, leading=10, spaceAfter=0),
        "th_right": s("th_right", fontName=bold, fontSize=8, leading=10, spaceAfter=0,
                      alignment=TA_RIGHT),
        "bullet": s("bullet", fontSize=9, leading=12, leftIndent=12, bulletIndent=2,
                    spaceAfter=2, bulletFontName=regular),
        "h1": s("h1", fontName=bold, fontSize=16, leading=20, textColor=ACCENT, spaceBefore=14,
                spaceAfter=8, keepWithNext=1),
        "h2": s("h2", fontName=bold, fontSize=12, leading=15, textColor=ACCENT, spaceBefore=10,
                spaceAfter=4, keepWithNext=1),
        "h3": s("h3", fontName=bold, fontSize=9.5, leading=12, spaceBefore=7, spaceAfter=2,
                keepWithNext=1),
        "title": s("title", fontName=bold, fontSize=24, leading=30, textColor=ACCENT,
                   spaceAfter=10),
        "subtitle": s("subtitle", fontSize=12, leading=16, textColor=MUTED, spaceAfter=6),
        "company": s("company", fontName=bold, fontSize=18, leading=23, spaceAfter=6),
        "metric_label": s("metric_label", fontSize=8, leading=10, textColor=MUTED, spaceAfter=0),
        "metric_value": s("metric_value", fontName=bold, fontSize=17, leading=21, spaceAfter=0),
        "metric_small": s("metric_small", fontName=bold, fontSize=11.5, leading=14, spaceAfter=0),
    }


class Text(Paragraph):
    """A paragraph that keeps its last wrap: a table wraps every cell to size its row and
    again, at the same width, to draw it; that second pass was a tenth of a document's time."""

    _last: tuple[float, object, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        last = self._last
        if last and last[0] == availWidth and last[1] is getattr(self, "blPara", None):
            self.width, self.height = last[2]
            return last[2]
        size = super().wrap(availWidth, availHeight)
        self._last = (availWidth, getattr(self, "blPara", None), size)
        return size


@functools.cache
def _fragment(style: str):
    """The style's font, size and colour as reportlab's parser sets them for plain text."""
    return Paragraph("x", styles()[style]).frags[0]


def text(value: str, style: str = "body", **overrides: object) -> Paragraph:
    """Literal text: user and content strings are never read as markup."""
    st = styles()[style]
    if overrides:
        st = ParagraphStyle(f"{style}_x", parent=st, **overrides)
    shown = printable(value)
    # Text without markup needs no markup parser (a fifth of a document's time): one
    # fragment, the white space cleaned as the parser's own first step cleans it. With
    # `&`, `<` or `>` the parser makes several fragments, and they break lines differently
    # round a soft hyphen: such text still goes through it, as does a one-off style.
    clean = cleanBlockQuotedText(shown)
    if overrides or not clean or any(ch in clean for ch in "&<>"):
        return Text(escape(shown), st)
    frags = [_fragment(style).clone(text=clean)]
    textTransformFrags(frags, st)
    return Text(clean, st, frags=frags)


def lead(first: str, rest: str, style: str = "body") -> Paragraph:
    """`first` in bold followed by `rest`, both literal."""
    return Text(f"<b>{escape(printable(first))}</b> {escape(printable(rest))}",
                styles()[style])


def bullet(value: str, mark: str = "•", style: str = "bullet") -> Paragraph:
    """A literal list item with `mark` hanging to its left."""
    return Text(escape(printable(value)), styles()[style], bulletText=mark)


def th(value: str, right: bool = False) -> Paragraph:
    """A header cell that wraps instead of overflowing a narrow column."""
    return text(value, "th_right" if right else "th")


def table(rows: Sequence[Sequence[object]], widths: Sequence[float], header: bool = True,
          extra: Sequence[tuple] = ()) -> Table:
    """A table that splits across pages and repeats its header row on every page."""
    regular, bold = register()
    cmds: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [colors.white, ZEBRA]),
    ]
    if header:
        cmds += [("FONTNAME", (0, 0), (-1, 0), bold), ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    rows = [[printable(c) if isinstance(c, str) else c for c in row] for row in rows]
    t = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    t.setStyle(TableStyle(cmds + list(extra)))
    return t


def pairs(rows: Sequence[tuple[str, Flowable | str]], widths: Sequence[float]) -> Table:
    """Label and value rows without a header, labels in bold."""
    cells = [[text(label, "cell_bold"), text(v, "cell") if isinstance(v, str) else v]
             for label, v in rows]
    return table(cells, widths, header=False)


def layout(rows: Sequence[Sequence[object]], widths: Sequence[float],
           extra: Sequence[tuple] = ()) -> Table:
    """A table that only places things side by side."""
    t = Table(list(rows), colWidths=list(widths), hAlign="LEFT")
    # FONTNAME even with only paragraphs inside: a table's own default font is Helvetica.
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), register()[0]),
                           ("VALIGN", (0, 0), (-1, -1), "TOP"), *extra]))
    return t


def figures(cells: Sequence[tuple[str, str, colors.Color | None]], widths: Sequence[float],
            size: str = "metric_value") -> Table:
    """A boxed row of figures, each a small label over a big value."""
    row = [[text(label, "metric_label"),
            text(value, size, **({"textColor": colour} if colour else {}))]
           for label, value, colour in cells]
    return layout([row], widths, [
        ("BOX", (0, 0), (-1, -1), 0.6, RULE), ("INNERGRID", (0, 0), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
