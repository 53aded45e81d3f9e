"""Answers as document parts: company profile, goals, question-and-answer tables."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from crmwizard.content import Content, Question
from crmwizard.facts import is_visible
from crmwizard.i18n import fmt_answer, fmt_date, fmt_number
from crmwizard.model import Assessment, Goal
from crmwizard.report.document import WIDTH
from crmwizard.report.styles import table, text, th

QA_WIDTHS = (62 * mm, WIDTH - 62 * mm)
# A table row cannot be taller than a page; a long text answer goes into rows of this many
# characters (about 20 lines). Rows split this way, rather than reportlab's in-row splitting,
# which repeats the header mid-page.
PIECE = 1500


def pieces(value: str, size: int = PIECE) -> list[str]:
    """`value` cut into parts of at most `size` characters, at a space where one is near."""
    out = []
    while len(value) > size:
        cut = value.rfind(" ", size - 200, size)
        cut = cut if cut > 0 else size
        out.append(value[:cut])
        value = value[cut:].lstrip(" ")
    return [*out, value]


def shown(content: Content, values: dict[str, Any], keep: Callable[[Question], bool]
          ) -> list[Question]:
    """Visible questions that `keep` selects, in content order (hidden ones do not apply)."""
    return [q for q in content.questions if keep(q) and is_visible(q, values)]


def open_questions(values: dict[str, Any], questions: Iterable[Question]) -> list[Question]:
    """Questions a person could answer and has not; derived ones are computed, never asked."""
    return [q for q in questions if q.type != "derived" and values.get(q.id) is None]


def qa_table(content: Content, questions: list[Question], values: dict[str, Any],
             lang: str) -> Flowable:
    """Question and answer, one row each (more for a very long answer); blanks say so."""
    rows: list[list[Any]] = [[th(content.t("pdf_col_question", lang)),
                              th(content.t("pdf_col_answer", lang))]]
    for q in questions:
        value = values.get(q.id)
        style = "cell" if value is not None else "cell_muted"
        parts = pieces(fmt_answer(content, q, value, lang))
        rows.append([text(q.short(lang), "cell"), text(parts[0], style)])
        rows += [["", text(part, style)] for part in parts[1:]]
    return table(rows, QA_WIDTHS)


def profile_rows(content: Content, a: Assessment, lang: str,
                 contact: bool) -> list[tuple[str, Flowable]]:
    """The company profile as (label, value) rows; contact details only with consent."""
    p = a.profile
    industries = {c.id: c.label(lang) for c in content.industries}
    departments = {c.id: c.label(lang) for c in content.departments}

    def number(n: int | None) -> str | None:
        return None if n is None else fmt_number(n, lang, 0)

    rows = [
        ("profile_company_name", p.company_name.strip() or None),
        ("profile_industry", industries.get(p.industry or "", p.industry)),
        ("profile_employees", number(p.employees)),
        ("profile_crm_users", number(p.crm_users)),
        ("profile_departments", ", ".join(departments.get(d, d) for d in p.departments) or None),
    ]
    if contact and p.consent:
        rows += [("profile_contact_name", p.contact_name.strip() or None),
                 ("profile_contact_email", p.contact_email.strip() or None),
                 ("profile_contact_phone", p.contact_phone.strip() or None)]
    missing = content.t("not_answered", lang)
    return [(content.t(key, lang), text(v, "cell") if v else text(missing, "cell_muted"))
            for key, v in rows]


def goals_table(content: Content, goals: list[Goal], lang: str,
                authors: list[str] | None = None) -> Flowable:
    """Goals with owner, KPI, baseline, target and deadline; under the owner, who entered it.

    `authors[i]` names who entered goal i through an invitation ("" when typed on Goals).
    """
    if not goals:
        return text(content.t("pdf_no_goals", lang), "small")
    t = content.t
    owners = {c.id: c.label(lang) for c in content.owner_roles}
    kpis = {k.id: k for k in content.kpis}
    missing = content.t("not_answered", lang)
    rows: list[list[Any]] = [[th(t(k, lang)) for k in (
        "goal_owner", "goal_text", "goal_kpi", "goal_baseline", "pdf_col_target",
        "goal_deadline")]]
    for i, g in enumerate(goals):
        kpi = kpis.get(g.kpi)
        author = authors[i] if authors and i < len(authors) else ""
        unit = g.unit or (kpi.unit(lang) if kpi else "")

        def num(v: float | None, unit: str = unit) -> Paragraph:
            if v is None:
                return text(missing, "cell_muted")
            return text(f"{fmt_number(v, lang)} {unit}".strip(), "cell")

        rows.append([
            [text(owners.get(g.owner, g.owner), "cell"), text(author, "cell_muted")] if author
            else text(owners.get(g.owner, g.owner), "cell"),
            text(g.goal, "cell") if g.goal.strip() else text(missing, "cell_muted"),
            text(kpi.label(lang) if kpi else g.kpi, "cell") if g.kpi else
            text(missing, "cell_muted"),
            num(g.baseline), num(g.target),
            text(fmt_date(g.deadline, lang), "cell") if g.deadline else
            text(missing, "cell_muted"),
        ])
    return table(rows, [30 * mm, WIDTH - 140 * mm, 40 * mm, 22 * mm, 24 * mm, 24 * mm])
