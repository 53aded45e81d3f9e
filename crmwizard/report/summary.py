"""The summary report: cover, executive summary, readiness, risks, shortlist, plan, answers."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from crmwizard.analysis import Analysis, analyse, too_few_answers
from crmwizard.budget import budget_lines
from crmwizard.compare import band_label, compare_analyses, move_line, signed
from crmwizard.content import Content
from crmwizard.i18n import fmt_date, fmt_money, fmt_number, fmt_percent
from crmwizard.logo import logo_size
from crmwizard.model import Assessment
from crmwizard.process import effective
from crmwizard.report import charts
from crmwizard.report.answers import goals_table, profile_rows, qa_table, shown
from crmwizard.report.document import WIDTH, Running, build
from crmwizard.report.fonts import register
from crmwizard.report.process import process_section
from crmwizard.report.proposals import proposals_section
from crmwizard.report.styles import (
    BAD,
    GOOD,
    RULE,
    WARN,
    bullet,
    figures,
    layout,
    lead,
    pairs,
    table,
    text,
    th,
)
from crmwizard.risks import RiskItem
from crmwizard.workdays import workdays_between

SIGNS = {1: "+", -1: "−", 0: "○"}
VERDICT_COLOUR = {"enough": GOOD, "tight": WARN, "short": BAD, "none": BAD}
TOP_RISKS = 5


def logo_image(data: bytes | None, width: float = 55 * mm, height: float = 24 * mm
               ) -> Image | None:
    """The consultant's logo scaled into a box; an unreadable image is left out, not fatal."""
    if not data:
        return None
    try:
        logo_size(data)  # pixel dimensions from the header first: no decompression bombs
        w, h = ImageReader(io.BytesIO(data)).getSize()
    except Exception:  # noqa: BLE001 - PIL and reportlab raise many kinds for a bad image
        return None
    scale = min(width / w, height / h)
    return Image(io.BytesIO(data), w * scale, h * scale, hAlign="LEFT")


class Summary:
    """Builds the story of the summary report from one analysis."""

    def __init__(self, content: Content, assessment: Assessment, a: Analysis,
                 authors: list[str] | None = None, hide: bool = False) -> None:
        self.c, self.assessment, self.a, self.lang = content, assessment, a, a.lang
        self.authors = authors
        self.hide = hide  # "hide numbers": bands and reasons, no score anywhere
        self.bold = register()[1]

    def band(self, value: float) -> str:
        return band_label(self.c, value, self.lang)

    def t(self, key: str, **fields: Any) -> str:
        return self.c.t(key, self.lang, **fields)

    def money(self, value: float | None) -> str:
        return self.t("not_answered") if value is None else fmt_money(value, self.lang)

    def cover(self, company: str, logo: bytes | None) -> list[Flowable]:
        image = logo_image(logo)
        rows = [(self.t("pdf_date"), fmt_date(dt.date.today(), self.lang))]
        if self.assessment.prepared_by.strip():
            rows.append((self.t("pdf_prepared_by"), self.assessment.prepared_by.strip()))
        # Fixed gaps, not a bottom-anchored note: a long company name must not push the cover
        # onto a second page.
        return [image or Spacer(1, 24 * mm), Spacer(1, 40 * mm),
                text(self.t("app_title"), "subtitle"), text(self.t("pdf_summary_title"), "title"),
                text(company, "company"), Spacer(1, 10 * mm),
                pairs(rows, [40 * mm, WIDTH - 40 * mm]), Spacer(1, 12 * mm),
                text(self.t("pdf_internal"), "small"),
                *([text(self.t("pdf_hidden_note"), "small")] if self.hide else [])]

    def executive(self) -> list[Flowable]:
        r, b, lang = self.a.readiness, self.a.budget, self.lang
        band = [x for x in self.c.bands if r.overall >= x.min][-1]
        out: list[Flowable] = [
            text(self.t("pdf_exec_summary"), "h1"),
            figures([
                (self.t("overall_readiness"), self.band(r.overall) if self.hide else
                 self.t("pdf_score_of", value=fmt_number(r.overall, lang, 0)),
                 charts.band_colour(r.overall, [x.min for x in self.c.bands])),
                (self.t("completeness"), fmt_percent(r.completeness / 100, lang), None),
                (self.t("risks_count"), str(len(self.a.risks)), None),
                (self.t("screen_budget"), self.t(f"verdict_{b.verdict}"),
                 VERDICT_COLOUR[b.verdict]),
            ], [WIDTH / 4] * 4),
            Spacer(1, 6),
            lead(band.label(lang) + ".", band.verdict(lang)),
        ]
        blank = sum(len(s.unanswered) for s in r.steps)
        if blank:
            out.append(text(self.t("pdf_incomplete_note", n=blank), "small"))
        out.append(text(self.t("pdf_top_risks"), "h2"))
        out += self.risk_rows(self.a.risks[:TOP_RISKS], top=True)
        if len(self.a.risks) > TOP_RISKS:
            out.append(text(self.t("pdf_risks_more", n=len(self.a.risks),
                                   section=self.t("risk_register")), "small"))
        out += [text(self.t("budget_heading"), "h2"), self.verdict_text(), self.budget_horizons()]
        out.append(text(self.t("next_heading"), "h2"))
        if not self.a.actions:
            out.append(text(self.t("next_none")))
        for i, action in enumerate(self.a.actions, 1):
            step = self.c.step_by_id[action.step]
            out.append(bullet(action.text if self.hide else self.t(
                "next_item", text=action.text, number=step.number,
                gain=fmt_number(action.gain, lang, 1), step=step.title(lang)), f"{i}."))
        return out

    def since(self, label: str, date: str, old: Assessment) -> list[Flowable]:
        """What changed since a snapshot: readiness old → new, risks, goals, plan, answers."""
        c, lang = self.c, self.lang
        cmp = compare_analyses(c, old, self.assessment, analyse(c, old, lang), self.a)
        out: list[Flowable] = [PageBreak(), text(self.t("cmp_pdf_section"), "h1"),
                               text(self.t("cmp_heading", date=date, label=label), "h2")]
        if cmp.unchanged:
            return out + [text(self.t("cmp_nothing"))]
        out += [text(move_line(c, self.t("overall_readiness"), cmp.overall, lang, self.hide),
                     "cell_bold"),
                text(move_line(c, self.t("completeness"), cmp.completeness, lang), "cell"),
                text(self.t("cmp_steps"), "h3")]
        moved = [s for s in cmp.by_change if s.readiness.delta]
        if self.hide:
            out += [bullet(move_line(c, f"{s.number}. {s.title}", s.readiness, lang, True))
                    for s in moved]
        elif moved:
            rows = [[th(self.t("col_step")), th(self.t("cmp_then"), right=True),
                     th(self.t("cmp_now"), right=True), "±"]]
            rows += [[text(f"{s.number}. {s.title}", "cell"), fmt_number(s.readiness.old, lang),
                      fmt_number(s.readiness.new, lang),
                      text(signed(s.readiness.delta, lang), "cell_bold",
                           textColor=GOOD if s.readiness.delta > 0 else BAD)]
                     for s in moved]
            out.append(table(rows, [WIDTH - 75 * mm, 25 * mm, 25 * mm, 25 * mm],
                             extra=[("ALIGN", (1, 1), (2, -1), "RIGHT")]))
        for key, risks in (("cmp_risks_closed", cmp.risks_closed),
                           ("cmp_risks_new", cmp.risks_new)):
            out.append(text(self.t(key), "h3"))
            out += [bullet(f"{k.id} · {k.title}") for k in risks] or [text(self.t("cmp_none"))]
        for key, goals in (("cmp_goals_added", cmp.goals_added),
                           ("cmp_goals_removed", cmp.goals_removed)):
            if goals:
                out += [text(self.t(key), "h3"), *[bullet(g.goal or g.kpi or "—") for g in goals]]
        (v0, v1), (d0, d1), (m0, m1) = cmp.budget_verdict, cmp.plan_days, cmp.plan_cost
        out += [Spacer(1, 4), pairs([
            (self.t("cmp_budget"), f"{self.t('verdict_' + v0)} → {self.t('verdict_' + v1)}"),
            (self.t("cmp_plan_days"), f"{d0} → {d1}"),
            (self.t("cmp_plan_cost"), f"{fmt_money(m0, lang)} → {fmt_money(m1, lang)}"),
        ], [70 * mm, WIDTH - 70 * mm])]
        out.append(text(self.t("cmp_answers", n=len(cmp.answers_changed)), "h3"))
        step = None
        for x in cmp.answers_changed:
            if x.step != step:
                step = x.step
                s = c.step_by_id[step]
                out.append(text(f"{s.number}. {s.title(lang)}", "cell_bold"))
            out.append(bullet(self.t("cmp_answer", question=x.question, old=x.old, new=x.new)))
        return out

    def verdict_text(self) -> Flowable:
        b = self.a.budget
        gap = fmt_money(abs(b.gap), self.lang) if b.gap is not None else ""
        return text(self.t(f"verdict_{b.verdict}_text", verdict=self.t(f"verdict_{b.verdict}"),
                           gap=gap), textColor=VERDICT_COLOUR[b.verdict])

    def budget_horizons(self) -> Flowable:
        b = self.a.budget
        rows = [["", th(self.t("estimate")), th(self.t("stated"))],
                [self.t("first_year"), self.money(b.estimate_first_year),
                 self.money(b.stated_first_year)],
                [self.t("three_years"), self.money(b.estimate_three_years),
                 self.money(b.stated_three_years)]]
        return table(rows, [50 * mm, 45 * mm, 45 * mm])

    def risk_rows(self, risks: list[RiskItem], top: bool = False) -> list[Flowable]:
        """The register, or the short form of its first rows for the executive summary."""
        if not risks:
            return [text(self.t("risks_none"))]
        if self.hide:  # no likelihood, impact or score: their product is the risk's score
            rows = [[k.id, [text(k.title, "cell_bold"), text(k.why, "cell_muted")],
                     text(self.t(f"category_{k.category}"), "cell"), text(k.mitigation, "cell")]
                    for k in risks]
            head = ["col_id", "col_risk", "col_category", "pdf_col_mitigation"]
            widths = [11 * mm, 70 * mm, 24 * mm, WIDTH - 105 * mm]
            return [table([[th(self.t(h)) for h in head], *rows], widths)]
        if top:
            # The score with what it is made of: a bare "20" means nothing to a reader.
            head = ["pdf_col_likelihood_impact", "col_risk", "pdf_col_mitigation"]
            rows = [[f"{k.likelihood} × {k.impact} = {k.score}", text(k.title, "cell_bold"),
                     text(k.mitigation, "cell")] for k in risks]
            widths = [25 * mm, 55 * mm, WIDTH - 80 * mm]
        else:
            # Likelihood and impact share a column: their words are too long for two narrow ones.
            head = ["col_id", "col_risk", "col_category", "pdf_col_likelihood_impact",
                    "col_score", "pdf_col_mitigation"]
            rows = [[k.id, [text(k.title, "cell_bold"), text(k.why, "cell_muted")],
                     text(self.t(f"category_{k.category}"), "cell"),
                     f"{k.likelihood} × {k.impact}", str(k.score), text(k.mitigation, "cell")]
                    for k in risks]
            widths = [11 * mm, 58 * mm, 21 * mm, 25 * mm, 12 * mm, WIDTH - 127 * mm]
        return [table([[th(self.t(h)) for h in head], *rows], widths)]

    def readiness(self) -> list[Flowable]:
        r, lang = self.a.readiness, self.lang
        cutoffs = [b.min for b in self.c.bands]
        if self.hide:
            out: list[Flowable] = [PageBreak(), text(self.t("steps_heading"), "h1"), table(
                [[text(f"{s.number}. {s.title}", "cell"), text(self.band(s.readiness), "cell")]
                 for s in r.steps], [WIDTH - 60 * mm, 60 * mm], header=False)]
            for s in r.steps:
                out.append(text(self.t("present_step_reasons", number=s.number, title=s.title,
                                       band=self.band(s.readiness)), "h3"))
                out += [bullet(x.text, SIGNS[x.effect]) for x in s.reasons]
            return out
        out = [
            PageBreak(), text(self.t("steps_heading"), "h1"),
            charts.readiness_bars([(f"{s.number}. {s.title}", s.readiness) for s in r.steps],
                                  cutoffs, WIDTH, lambda v: fmt_number(v, lang, 0)),
            text(self.t("pdf_bands_note", bands=", ".join(
                f"{fmt_number(b.min, lang, 0)} — {b.label(lang)}" for b in self.c.bands[1:])),
                "small"),
        ]
        for s in r.steps:
            out.append(text(self.t("step_reasons", number=s.number, title=s.title,
                                   readiness=fmt_number(s.readiness, lang, 0)), "h3"))
            out += [bullet(x.text, SIGNS[x.effect]) for x in s.reasons]
            if not s.reasons:
                out.append(text(self.t("no_reasons"), "small"))
            if s.unanswered:
                out.append(text(self.t("unanswered_count", n=len(s.unanswered)), "small"))
        return out

    def risks(self) -> list[Flowable]:
        out: list[Flowable] = [PageBreak(), text(self.t("risk_register"), "h1")]
        if self.a.risks and not self.hide:
            matrix = charts.risk_matrix(self.a.risks, self.t("col_likelihood"),
                                        self.t("col_impact"))
            out += [layout([[matrix, [text(self.t("matrix_title"), "h3"),
                                      text(self.t("pdf_matrix_note"), "small")]]],
                           [matrix.width + 8 * mm, WIDTH - matrix.width - 8 * mm]),
                    Spacer(1, 8)]
        top = self.c.top_risks
        out += self.risk_rows(self.a.risks[:top])
        if len(self.a.risks) > top:
            out.append(text(self.t("pdf_risks_in_appendix", n=len(self.a.risks) - top), "small"))
        return out

    def shortlist(self) -> list[Flowable]:
        sl, lang = self.a.shortlist, self.lang
        out: list[Flowable] = [PageBreak(), text(self.t("pdf_shortlist"), "h1"),
                               text(self.t("sl_intro"), "small")]
        out += [text(note, "small") for note in sl.notes]
        if not self.a.enough_data:
            out.append(text(too_few_answers(self.c, self.a), textColor=WARN))
        elif not sl.ranked:
            out.append(text(self.t("sl_none")))
        else:
            rows: list[list[Any]] = [[th(self.t(k)) for k in (
                "sl_col_rank", "sl_col_vendor", "sl_col_plus", "sl_col_minus")]]
            for i, r in enumerate(sl.ranked[:self.c.shortlist.top], 1):
                fit = self.t("pdf_score_of", value=fmt_number(r.fit, lang, 0))
                name = [text(r.vendor.name, "cell_bold")]
                if not self.hide:
                    name.append(text(f"{self.t('sl_fit')}: {fit}", "cell"))
                if r.vendor.id == self.assessment.vendor_choice:
                    name.append(text(self.t("pdf_chosen"), "cell_bold", textColor=GOOD))
                plus = [bullet(x.text, "+", "cell_bullet") for x in r.reasons if x.effect > 0]
                minus = [bullet(x.text, SIGNS[x.effect], "cell_bullet")
                         for x in sorted(r.reasons, key=lambda x: x.effect) if x.effect <= 0]
                rows.append([str(i), name, plus or "—", minus or "—"])
            out.append(table(rows, [13 * mm, 42 * mm, 58 * mm, WIDTH - 113 * mm]))
        out.append(text(self.t("sl_excluded"), "h2"))
        if not sl.excluded:
            out.append(text(self.t("sl_excluded_none")))
        else:
            rows = [[th(self.t("sl_col_vendor")), th(self.t("pdf_col_excluded_why"))]]
            rows += [[text(e.vendor.name, "cell_bold"), [text(x, "cell") for x in e.reasons]]
                     for e in sl.excluded]
            out.append(table(rows, [50 * mm, WIDTH - 50 * mm]))
        return out + [Spacer(1, 6), text(self.t("sl_sources"), "small")]

    def process(self) -> list[Flowable]:
        """Step 7: the sales process drawn, with the stages and their criteria."""
        model, is_draft = effective(self.c, self.assessment, self.lang)
        return [PageBreak(), *process_section(self.c, model, is_draft, self.lang, WIDTH)]

    def plan(self) -> list[Flowable]:
        p, b, lang = self.a.plan, self.a.budget, self.lang
        stages = {s: name(lang) for s, name in self.c.plan.stages.items()}
        words = charts.GanttText(
            lang, stages, self.t("plan_col_critical"), self.t("gantt_milestones"),
            {m: self.t(f"milestone_{m}") for m in ("mvp", "golive")})
        out: list[Flowable] = [
            PageBreak(), text(self.t("pdf_plan"), "h1"),
            figures([
                (self.t("plan_start_date"), fmt_date(p.start, lang), None),
                (self.t("plan_end"), fmt_date(p.end, lang), None),
                (self.t("plan_duration"),
                 self.t("plan_workdays", n=workdays_between(p.start, p.end) + 1), None),
                (self.t("plan_effort"), fmt_number(p.total_effort, lang, 0), None),
                (self.t("plan_cost"), fmt_money(p.total_cost, lang), None),
            ], [31 * mm, 31 * mm, 35 * mm, 30 * mm, WIDTH - 127 * mm], "metric_small"),
        ]
        kind = self.c.plan.class_by_id(p.project_class)
        out.append(text(self.t("plan_class", name=kind.name(lang), why=kind.why(lang)), "small"))
        if not self.a.enough_data:
            out.append(text(too_few_answers(self.c, self.a), "small", textColor=WARN))
        if self.a.golive_late_days:
            out.append(text(self.t("plan_golive_late", golive=fmt_date(self.a.golive, lang),
                                   days=self.a.golive_late_days,
                                   desired=fmt_date(self.a.desired_golive, lang)),
                            textColor=WARN))
        out += [text(self.t(key, task=v["task"], date=fmt_date(v["date"], lang)), "small",
                     textColor=WARN) for key, _task, v in p.problems]
        out.append(text(self.t("gantt_title"), "h2"))
        out += [*charts.gantt(p, words, WIDTH), Spacer(1, 4),
                charts.gantt_legend(words, sorted({t.stage for t in p.tasks}), WIDTH)]
        head = [th(self.t(k)) for k in ("plan_col_task", "plan_col_stage", "plan_col_start",
                                         "plan_col_end")]
        head += [th(self.t(k), right=True) for k in ("plan_col_days", "plan_col_effort",
                                                      "plan_col_cost")]
        rows: list[list[Any]] = [head]
        for task in p.tasks:
            rows.append([text(task.name, "cell_bold" if task.critical else "cell"),
                         text(stages.get(task.stage, task.stage), "cell"),
                         fmt_date(task.start, lang), fmt_date(task.end, lang), str(task.days),
                         fmt_number(task.effort_hours, lang, 0), fmt_number(task.cost, lang, 0)])
        rows.append([text(self.t("pdf_total"), "cell_bold"), "", "", "", "",
                     fmt_number(p.total_effort, lang, 0), fmt_number(p.total_cost, lang, 0)])
        out += [text(self.t("plan_table"), "h2"), text(self.t("pdf_critical_note"), "small"),
                table(rows, [41.5 * mm, 28.5 * mm, 24 * mm, 24 * mm, 17 * mm, 14 * mm, 25 * mm],
                      extra=[("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                             ("FONTNAME", (0, -1), (-1, -1), self.bold),
                             ("LINEABOVE", (0, -1), (-1, -1), 0.8, RULE)])]
        rows = [[th(self.t("budget_item")), th(self.t("budget_amount"), right=True)]]
        for label, value in budget_lines(self.c, b, lang):
            rows.append([text(label, "cell"), self.money(value)])
        return out + [text(self.t("budget_heading"), "h2"), self.verdict_text(),
                      table(rows, [WIDTH - 45 * mm, 45 * mm],
                            extra=[("ALIGN", (1, 1), (1, -1), "RIGHT")])]

    def appendix(self) -> list[Flowable]:
        c, values, lang = self.c, self.a.values, self.lang
        out: list[Flowable] = [
            PageBreak(), text(self.t("pdf_appendix"), "h1"),
            text(self.t("profile_heading"), "h2"),
            pairs(profile_rows(c, self.assessment, lang, contact=True),
                  [62 * mm, WIDTH - 62 * mm]),
            text(self.t("pdf_goals"), "h2"), goals_table(c, self.assessment.goals, lang,
                                                         self.authors),
        ]
        rest = self.a.risks[c.top_risks:]
        if rest:
            out += [text(self.t("pdf_other_risks"), "h2"), *self.risk_rows(rest)]
        for step in c.steps:
            questions = shown(c, values, lambda q, s=step.id: q.step == s)
            if not questions:
                continue
            out.append(text(self.t("step_heading", number=step.number, title=step.title(lang)),
                            "h2"))
            if step.id != "requirements":
                out.append(qa_table(c, questions, values, lang))
                continue
            for cat in c.categories:
                part = [q for q in questions if q.category == cat.id]
                if part:
                    out += [text(cat.title(lang), "h3"), qa_table(c, part, values, lang)]
        return out


def summary_pdf(content: Content, assessment: Assessment, lang: str | None = None,
                logo: bytes | None = None, authors: list[str] | None = None,
                since: tuple[str, str, Assessment] | None = None,
                hide_numbers: bool = False) -> bytes:
    """The summary report as PDF bytes, in `lang` (default: the assessment's language).

    `authors` names who entered each goal through an invitation (see goals_table);
    `since`: (name, date, the snapshot's assessment) adds a section on what changed since it;
    `hide_numbers`: bands and reasons only, no readiness, risk or fit score anywhere.
    """
    a = analyse(content, assessment, lang)
    s = Summary(content, assessment, a, authors, hide_numbers)
    company = assessment.profile.company_name.strip() or s.t("pdf_no_company")
    story = [*s.cover(company, logo), PageBreak(), *s.executive(),
             *(s.since(*since) if since else []), *s.readiness(),
             *s.risks(), *s.process(), *s.shortlist(),
             *proposals_section(content, assessment, a), *s.plan(), *s.appendix()]
    running = Running(s.t("pdf_summary_title"), company,
                      lambda page, total: s.t("pdf_page", page=page, total=total), cover=True)
    return build(story, running, author=assessment.prepared_by, subject=company)
