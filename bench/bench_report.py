"""PDF documents: summary and brief of the manufacturer, each next to a one-page PDF."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bench.timing import median_ms, metric
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.report import brief_pdf, summary_pdf
from crmwizard.report.fonts import register

BUDGET_MS = {"summary": 300, "brief": 150}


def one_page() -> bytes:
    """The reference: one A4 page of text in the registered TTF, saved to bytes."""
    regular, _ = register()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4)
    c.setFont(regular, 11)
    for i in range(40):
        c.drawString(50, 800 - 18 * i, f"Строка {i}: готовность к внедрению CRM — readiness")
    c.showPage()
    c.save()
    return out.getvalue()


def metrics() -> list[dict]:
    content = get_content()
    a = load_assessment(content, (CONTENT_DIR / "demo" / "manufacturer.json").read_bytes())
    reference = median_ms(one_page, 50)
    summary = median_ms(lambda: summary_pdf(content, a, "ru"), 15)
    brief = median_ms(lambda: brief_pdf(content, a, "ru"), 15)
    return [
        metric("summary PDF, manufacturer (vs one-page PDF with the TTF)", summary, "ms",
               reference, BUDGET_MS["summary"]),
        metric("integrator brief PDF, manufacturer (vs one-page PDF with the TTF)", brief, "ms",
               reference, BUDGET_MS["brief"]),
    ]
