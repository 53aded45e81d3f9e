"""The integrator brief: what an integrator needs to quote, without internal scores or risks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from crmwizard.analysis import analyse
from crmwizard.content import Content, Question
from crmwizard.i18n import fmt_date
from crmwizard.model import Assessment
from crmwizard.process import effective
from crmwizard.report.answers import (
    QA_WIDTHS,
    goals_table,
    open_questions,
    profile_rows,
    qa_table,
    shown,
)
from crmwizard.report.document import WIDTH, Running, build
from crmwizard.report.process import process_section
from crmwizard.report.styles import bullet, pairs, table, text, th

# What limits the integrator's proposal; shown even when unanswered, since a quote hangs on it.
CONSTRAINTS = ("ven_delivery", "ven_data_russia", "ven_russia", "ven_api", "ven_country",
               "ven_open_source", "ven_tier", "bud_type", "bud_one_off", "bud_yearly",
               "plan_golive")
# Steps that describe how the project is to be run (the rest are internal self-assessment).
PROJECT_STEPS = ("processes", "specification", "mvp", "training", "support", "development")


def _asked(q: Question) -> bool:
    return q.type != "derived"  # computed facts feed scores; the brief holds answers only


def brief_pdf(content: Content, assessment: Assessment, lang: str | None = None,
              authors: list[str] | None = None) -> bytes:
    """The integrator brief as PDF bytes, in `lang` (default: the assessment's language).

    `authors` names who entered each goal through an invitation (see goals_table).
    """
    a = analyse(content, assessment, lang)
    c, values, lang = content, a.values, a.lang

    def t(key: str, **fields: Any) -> str:
        return c.t(key, lang, **fields)

    def pick(keep: Callable[[Question], bool]) -> list[Question]:
        return shown(c, values, lambda q: _asked(q) and keep(q))

    def answered(questions: list[Question]) -> list[Flowable]:
        done = [q for q in questions if values.get(q.id) is not None]
        if not done:
            return [text(t("pdf_brief_no_answers"), "small")]
        return [qa_table(c, done, values, lang)]

    named = assessment.profile.company_name.strip()
    company = named or t("pdf_no_company")
    head = [(t("pdf_date"), fmt_date(dt.date.today(), lang))]
    if assessment.prepared_by.strip():
        head.append((t("pdf_prepared_by"), assessment.prepared_by.strip()))
    story: list[Flowable] = [
        text(t("app_title"), "small"), text(t("pdf_brief_title"), "title"),
        text(t("pdf_brief_subtitle"), "subtitle"), text(company, "company"),
        pairs(head, [40 * mm, WIDTH - 40 * mm]),
        text(t("pdf_brief_intro", company=named) if named else t("pdf_brief_intro_unnamed"),
             spaceBefore=8),
        text(t("pdf_brief_profile"), "h1"), pairs(profile_rows(c, assessment, lang, True),
                                                  list(QA_WIDTHS)),
        text(t("pdf_goals"), "h1"), goals_table(c, assessment.goals, lang, authors),
    ]
    sections: list[tuple[str, list[Question]]] = []

    constraints = pick(lambda q: q.id in CONSTRAINTS)
    sections.append((t("pdf_brief_constraints"), constraints))
    story += [text(t("pdf_brief_constraints"), "h1"), qa_table(c, constraints, values, lang)]
    vendor = next((v for v in c.vendors if v.id == assessment.vendor_choice), None)
    if vendor:
        story.append(table([[text(t("pdf_preferred_vendor"), "cell_bold"),
                             text(vendor.name, "cell")]], list(QA_WIDTHS), header=False))

    integrations = pick(lambda q: q.step == "integrations")
    sections.append((t("pdf_brief_integrations"), integrations))
    story.append(text(t("pdf_brief_integrations"), "h1"))
    systems = c.question_by_id["int_systems"]
    chosen = [o.label(lang) for o in systems.options if o.id in (values.get(systems.id) or [])]
    rest = [q for q in integrations if q.id != systems.id and values.get(q.id) is not None]
    if chosen:
        story += [text(systems.short(lang), "h3"), *[bullet(name) for name in chosen]]
    if rest or not chosen:
        story += answered(rest)

    story.append(text(t("pdf_brief_requirements"), "h1"))
    for cat in c.categories:
        part = pick(lambda q, cat=cat.id: q.category == cat)
        sections.append((cat.title(lang), part))
        story += [text(cat.title(lang), "h2"), *answered(part)]

    model, is_draft = effective(c, assessment, lang)
    story += process_section(c, model, is_draft, lang, WIDTH)

    story.append(text(t("pdf_brief_project"), "h1"))
    for step_id in PROJECT_STEPS:
        step = c.step_by_id[step_id]
        part = pick(lambda q, s=step_id: q.step == s)
        sections.append((step.title(lang), part))
        story += [text(step.title(lang), "h2"), *answered(part)]

    story.append(text(t("pdf_brief_open"), "h1"))
    blank = [(title, open_questions(values, qs)) for title, qs in sections]
    blank = [(title, qs) for title, qs in blank if qs]
    story.append(text(t("pdf_brief_open_intro" if blank else "pdf_brief_open_none")))
    for title, qs in blank:
        rows: list[list[Any]] = [[th(title)]]
        rows += [[text(q.text(lang), "cell")] for q in qs]
        story += [table(rows, [WIDTH]), Spacer(1, 8)]
    running = Running(t("pdf_brief_title"), company,
                      lambda page, total: t("pdf_page", page=page, total=total), cover=False)
    return build(story, running, author=assessment.prepared_by, subject=company)
