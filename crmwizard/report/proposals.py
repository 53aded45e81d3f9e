"""The summary PDF's Proposals section: each quote against our estimate, with its flags."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from crmwizard.analysis import Analysis
from crmwizard.content import Content
from crmwizard.i18n import fmt_money, fmt_number
from crmwizard.model import Assessment
from crmwizard.proposals import compare
from crmwizard.report.document import WIDTH
from crmwizard.report.styles import BAD, GOOD, WARN, bullet, table, text, th


def proposals_section(content: Content, assessment: Assessment, a: Analysis) -> list[Flowable]:
    """Nothing when there are no proposals; else a table, cheapest first, flags per row."""
    if not assessment.proposals:
        return []
    lang = a.lang

    def t(key: str, **fields: Any) -> str:
        return content.t(key, lang, **fields)

    est, rows = compare(content, assessment, a)
    out: list[Flowable] = [
        PageBreak(), text(t("pdf_proposals"), "h1"),
        text(t("pdf_proposals_intro", total=fmt_money(est.total, lang),
               low=fmt_money(est.low, lang), high=fmt_money(est.high, lang), days=est.days),
             "small"),
    ]
    vendors = {v.id: v.name for v in content.vendors}
    table_rows: list[list[Any]] = [[th(t(k)) for k in (
        "pdf_col_integrator", "pdf_col_total", "pdf_col_ratio", "pdf_col_days",
        "pdf_col_flags")]]
    for r in rows:
        p = r.proposal
        name = [text(p.integrator, "cell_bold")]
        if p.vendor:
            name.append(text(vendors.get(p.vendor, p.vendor), "cell"))
        flags = [bullet(f.text, "!", "cell_bullet") for f in r.flags] or [
            text(t("prop_flags_none"), "cell", textColor=GOOD)]
        colour = BAD if any(f.level == "high" for f in r.flags) else WARN if r.flags else GOOD
        table_rows.append([
            name, text(fmt_money(r.total, lang) if r.total is not None else "—", "cell"),
            text(f"{fmt_number(100 * r.ratio, lang, 0)}%" if r.ratio is not None else "—",
                 "cell", textColor=colour),
            text(str(r.days) if r.days is not None else "—", "cell"), flags])
    out.append(table(table_rows, [40 * mm, 30 * mm, 18 * mm, 16 * mm, WIDTH - 104 * mm]))
    return out
