"""The page frame of both documents: A4, running header, "page N of M" footer, bytes out."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from crmwizard.report.fonts import printable, register
from crmwizard.report.styles import MUTED, RULE

MARGIN = 18 * mm
TOP, BOTTOM = 22 * mm, 18 * mm
WIDTH = A4[0] - 2 * MARGIN  # width of the text frame


@dataclass(frozen=True)
class Running:
    """What the header and footer of every page (but a cover) say."""

    title: str
    company: str
    page_label: Callable[[int, int], str]
    cover: bool


def fit(value: str, font: str, size: float, width: float) -> str:
    """`value` cut with an ellipsis so that it fits in `width` points on one line."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def _decorate(c: Canvas, running: Running, page: int, total: int) -> None:
    if running.cover and page == 1:
        return
    regular, _ = register()
    w, h = A4
    c.saveState()
    c.setFont(regular, 7.5)
    c.setFillColor(MUTED)
    y = h - TOP + 8 * mm
    half = WIDTH / 2 - 4 * mm
    c.drawString(MARGIN, y, fit(running.title, regular, 7.5, half))
    c.drawRightString(w - MARGIN, y, fit(printable(running.company), regular, 7.5, half))
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN, y - 2.5 * mm, w - MARGIN, y - 2.5 * mm)
    c.drawRightString(w - MARGIN, BOTTOM - 9 * mm, running.page_label(page, total))
    c.restoreState()


class PagedCanvas(Canvas):
    """Holds its pages back until the page count is known, then adds header, footer, outline.

    Bookmarks wait too: a page gets its PDF reference only when it is really written.
    """

    running: Running

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self.marks: list[tuple[int, str, int]] = []  # (page, heading, outline level)

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, 1):
            self.__dict__.update(state)
            _decorate(self, self.running, number, total)
            for i, (page, title, level) in enumerate(self.marks):
                if page == number:
                    self.bookmarkPage(f"h{i}")
                    self.addOutlineEntry(title, f"h{i}", level=level)
            super().showPage()
        super().save()


class _Doc(BaseDocTemplate):
    """Notes every h1 and h2 heading with its page for the PDF outline."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's name)
        if not isinstance(flowable, Paragraph) or flowable.style.name not in ("h1", "h2"):
            return
        level = 0 if flowable.style.name == "h1" else 1
        marks = self.canv.marks
        if level and not marks:
            return  # an outline cannot start one level down
        marks.append((self.page, flowable.getPlainText(), level))


def build(story: list[Flowable], running: Running, author: str, subject: str) -> bytes:
    """Lays the story out on A4 pages and returns the PDF."""
    regular, _ = register()
    out = io.BytesIO()
    doc = _Doc(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP,
               bottomMargin=BOTTOM, title=running.title, author=author, subject=subject,
               creator="CRM Readiness Wizard", initialFontName=regular)
    frame = Frame(MARGIN, BOTTOM, WIDTH, A4[1] - TOP - BOTTOM, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame])])
    canvas = type("Paged", (PagedCanvas,), {"running": running})  # one class per document
    doc.build(story, canvasmaker=canvas)
    return out.getvalue()
