"""The integrator brief as an editable Word document, to be grown into a specification."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from crmwizard.analysis import Analysis
from crmwizard.content import Content, Question
from crmwizard.i18n import fmt_answer, fmt_date, fmt_number
from crmwizard.model import Assessment
from crmwizard.moscow import Requirement, priority_label
from crmwizard.process import role_name, source_names
from crmwizard.report.answers import open_questions, shown
from crmwizard.report.brief import CONSTRAINTS, PROJECT_STEPS
from crmwizard.report.process_png import pipeline_png


def clean(value: str) -> str:
    """Text Word can carry: characters XML refuses are dropped, markup stays literal."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _styled(doc: DocxDocument, style_id: str, value: str = "") -> Paragraph:
    """A paragraph in a style of python-docx's template, set by id: a lookup by name costs
    an XPath search of the style part each time, most of the document's build time."""
    p = doc.add_paragraph(clean(value))
    p._p.get_or_add_pPr().style = style_id
    return p


def _heading(doc: DocxDocument, value: str, level: int) -> Paragraph:
    return _styled(doc, "Title" if level == 0 else f"Heading{level}", value)


def _table(doc: DocxDocument, head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    width = len(head)
    table = doc.add_table(rows=1 + len(rows), cols=width)
    table._tbl.tblPr.style = "TableGrid"
    # One pass over the flat cell list: row by row access recomputes the grid every time.
    cells = table._cells
    for cell, value in zip(cells[:width], head, strict=True):
        cell.paragraphs[0].add_run(clean(value)).bold = True
    for i, row in enumerate(rows, 1):
        for cell, value in zip(cells[i * width:(i + 1) * width], row, strict=True):
            cell.text = clean(value)
    # The header row repeats on every page, as Word and LibreOffice both honour.
    table.rows[0]._tr.get_or_add_trPr().append(_flag("w:tblHeader"))
    doc.add_paragraph()


def _flag(tag: str) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    return el


def brief_docx(content: Content, assessment: Assessment, a: Analysis,
               reqs: list[Requirement]) -> bytes:
    """The brief as DOCX bytes: the PDF brief's sections, requirements numbered with MoSCoW."""
    c, values, lang = content, a.values, a.lang

    def t(key: str, **fields: Any) -> str:
        return c.t(key, lang, **fields)

    def pick(keep: Callable[[Question], bool]) -> list[Question]:
        return shown(c, values, lambda q: q.type != "derived" and keep(q))

    def qa(questions: list[Question], blanks: bool = False) -> None:
        done = [q for q in questions if blanks or values.get(q.id) is not None]
        if not done:
            doc.add_paragraph(t("pdf_brief_no_answers"))
            return
        _table(doc, [t("pdf_col_question"), t("pdf_col_answer")],
               [[q.short(lang), fmt_answer(c, q, values.get(q.id), lang)] for q in done])

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    named = assessment.profile.company_name.strip()
    company = named or t("pdf_no_company")
    doc.core_properties.title = clean(f"{t('pdf_brief_title')}: {company}")[:250]
    doc.core_properties.author = clean(assessment.prepared_by)[:250]
    _heading(doc, clean(t("pdf_brief_title")), 0)
    doc.add_paragraph(clean(t("pdf_brief_subtitle")))
    doc.add_paragraph().add_run(clean(company)).bold = True
    head = [(t("pdf_date"), fmt_date(dt.date.today(), lang))]
    if assessment.prepared_by.strip():
        head.append((t("pdf_prepared_by"), assessment.prepared_by.strip()))
    for label, value in head:
        doc.add_paragraph(clean(f"{label}: {value}"))
    doc.add_paragraph(clean(t("pdf_brief_intro", company=named) if named
                            else t("pdf_brief_intro_unnamed")))

    _heading(doc, t("pdf_brief_profile"), 1)
    _table(doc, [t("pdf_col_question"), t("pdf_col_answer")], _profile(c, assessment, lang))
    _heading(doc, t("pdf_goals"), 1)
    if assessment.goals:
        _table(doc, [t(k) for k in ("goal_owner", "goal_text", "goal_kpi", "goal_baseline",
                                    "pdf_col_target", "goal_deadline")],
               _goals(c, assessment, lang))
    else:
        doc.add_paragraph(t("pdf_no_goals"))

    sections: list[tuple[str, list[Question]]] = []
    constraints = pick(lambda q: q.id in CONSTRAINTS)
    sections.append((t("pdf_brief_constraints"), constraints))
    _heading(doc, t("pdf_brief_constraints"), 1)
    qa(constraints, blanks=True)
    vendor = next((v for v in c.vendors if v.id == assessment.vendor_choice), None)
    if vendor:
        doc.add_paragraph(clean(f"{t('pdf_preferred_vendor')}: {vendor.name}"))

    integrations = pick(lambda q: q.step == "integrations")
    sections.append((t("pdf_brief_integrations"), integrations))
    _heading(doc, t("pdf_brief_integrations"), 1)
    systems = c.question_by_id["int_systems"]
    chosen = [o.label(lang) for o in systems.options if o.id in (values.get(systems.id) or [])]
    if chosen:
        _heading(doc, systems.short(lang), 3)
        for name in chosen:
            _styled(doc, "ListBullet", name)
    qa([q for q in integrations if q.id != systems.id])

    _heading(doc, t("pdf_brief_requirements"), 1)
    doc.add_paragraph(t("pkg_docx_requirements_intro"))
    by_category: dict[str, list[Requirement]] = {}
    for r in reqs:
        by_category.setdefault(r.category, []).append(r)
    for cat in c.categories:
        part = pick(lambda q, cat=cat.id: q.category == cat)
        sections.append((cat.title(lang), part))
        rows = by_category.get(cat.title(lang), [])
        if not rows:
            continue
        _heading(doc, cat.title(lang), 2)
        _table(doc, [t("pkg_col_no"), t("pkg_col_requirement"), t("pkg_col_answer"),
                     t("pkg_col_priority")],
               [[str(r.number), r.requirement, r.answer, priority_label(c, r.priority, lang)]
                for r in rows])

    _heading(doc, t("process_heading"), 1)
    if assessment.process is None or not assessment.process.pipelines:
        doc.add_paragraph(t("pkg_docx_process_none"))
    else:
        doc.add_paragraph(t("pkg_docx_process_diagram"))
        for p in assessment.process.pipelines:
            _heading(doc, clean(p.name), 2)
            section = doc.sections[-1]
            doc.add_picture(io.BytesIO(pipeline_png(c, p, lang)),
                            width=section.page_width - section.left_margin - section.right_margin)
            names = source_names(c, p.sources, lang)
            if names:
                doc.add_paragraph(clean(f"{t('process_sources')}: {', '.join(names)}"))
            _table(doc, ["№", *[t(k) for k in (
                "process_col_stage", "process_col_owner", "process_col_entry",
                "process_col_exit", "process_col_days", "process_col_handoff")]],
                [[str(j), s.name, role_name(c, s.owner, lang), s.entry or "—", s.exit or "—",
                  "—" if s.days is None else str(s.days),
                  role_name(c, s.handoff, lang) if s.handoff else "—"]
                 for j, s in enumerate(p.stages, 1)])
            if p.lost_reasons:
                doc.add_paragraph(clean(f"{t('process_lost_reasons')}: "
                                        f"{'; '.join(p.lost_reasons)}"))

    _heading(doc, t("pdf_brief_project"), 1)
    for step_id in PROJECT_STEPS:
        step = c.step_by_id[step_id]
        part = pick(lambda q, s=step_id: q.step == s)
        sections.append((step.title(lang), part))
        _heading(doc, step.title(lang), 2)
        qa(part)

    _heading(doc, t("pdf_brief_open"), 1)
    blank = [(title, open_questions(values, qs)) for title, qs in sections]
    blank = [(title, qs) for title, qs in blank if qs]
    doc.add_paragraph(t("pdf_brief_open_intro" if blank else "pdf_brief_open_none"))
    for title, qs in blank:
        _heading(doc, title, 3)
        for q in qs:
            _styled(doc, "ListNumber", q.text(lang))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _profile(content: Content, a: Assessment, lang: str) -> list[list[str]]:
    """The company profile as (label, value) rows; no contact details go to integrators."""
    p = a.profile
    industries = {c.id: c.label(lang) for c in content.industries}
    departments = {c.id: c.label(lang) for c in content.departments}
    missing = content.t("not_answered", lang)
    rows = [
        ("profile_company_name", p.company_name.strip()),
        ("profile_industry", industries.get(p.industry or "", p.industry or "")),
        ("profile_employees", "" if p.employees is None else fmt_number(p.employees, lang, 0)),
        ("profile_crm_users", "" if p.crm_users is None else fmt_number(p.crm_users, lang, 0)),
        ("profile_departments", ", ".join(departments.get(d, d) for d in p.departments)),
    ]
    return [[content.t(k, lang), v or missing] for k, v in rows]


def _goals(content: Content, a: Assessment, lang: str) -> list[list[str]]:
    owners = {c.id: c.label(lang) for c in content.owner_roles}
    kpis = {k.id: k for k in content.kpis}
    missing = content.t("not_answered", lang)
    rows = []
    for g in a.goals:
        kpi = kpis.get(g.kpi)
        unit = g.unit or (kpi.unit(lang) if kpi else "")

        def num(v: float | None, unit: str = unit) -> str:
            return missing if v is None else f"{fmt_number(v, lang)} {unit}".strip()

        rows.append([owners.get(g.owner, g.owner), g.goal.strip() or missing,
                     (kpi.label(lang) if kpi else g.kpi) or missing, num(g.baseline),
                     num(g.target), fmt_date(g.deadline, lang) if g.deadline else missing])
    return rows
