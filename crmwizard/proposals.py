"""Integrator proposals compared with each other and with our own estimate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.analysis import Analysis
from crmwizard.conditions import holds
from crmwizard.content import Content
from crmwizard.i18n import fmt_number
from crmwizard.model import Assessment, Proposal
from crmwizard.moscow import requirements
from crmwizard.plan import Plan
from crmwizard.workdays import workdays_between


@dataclass(frozen=True)
class Estimate:
    """Our own figures for what a proposal quotes, and the band around them."""

    licences: float
    work: float
    total: float
    hours: float
    days: int  # working days from the plan's start to go-live
    low: float  # the band: within it a quote is in line with ours
    high: float


@dataclass(frozen=True)
class FlagHit:
    id: str
    level: str  # high / medium
    text: str


@dataclass(frozen=True)
class Compared:
    proposal: Proposal
    total: float | None  # licences + work, as quoted
    ratio: float | None  # total over our estimate of the same parts
    days: int | None
    facts: dict[str, Any]
    flags: list[FlagHit]


def estimate(content: Content, a: Analysis) -> Estimate:
    """Our licences and work for the first year, the plan's duration, and the band."""
    plan, b = a.plan, a.budget
    golive = a.golive or plan.end
    days = workdays_between(plan.start, golive) + 1
    total = b.licences_first_year + b.implementation
    low, high = content.estimate_band
    return Estimate(b.licences_first_year, b.implementation, total, plan.total_effort, days,
                    total * low, total * high)


def _of(task_id: str, names: list[str]) -> bool:
    return any(task_id == n or task_id.startswith(n + "_") for n in names)


def kinds(content: Content, plan: Plan) -> dict[str, list[str]]:
    """Task ids of our plan per kind of work a proposal may leave out (package.toml kinds)."""
    k = content.kinds
    if k is None:
        return {}
    return {kind: [t.id for t in plan.tasks if _of(t.id, getattr(k, kind))]
            for kind in ("pilot", "training", "migration")}


def integration_of(content: Content, task_id: str) -> str | None:
    """The system (an int_systems option) a plan task integrates, or None."""
    for name in sorted(content.kinds.integrations if content.kinds else [], key=len,
                       reverse=True):
        if task_id.startswith(name + "_"):
            return task_id[len(name) + 1:]
    return None


def proposal_facts(content: Content, assessment: Assessment, a: Analysis, est: Estimate,
                   p: Proposal) -> tuple[dict[str, Any], dict[str, str]]:
    """The figures flag rules read, and the texts their messages may quote."""
    lang = a.lang
    quoted = None
    ours = est.total
    if p.work_cost is not None or p.licence_cost is not None:
        quoted = (p.work_cost or 0) + (p.licence_cost or 0)
        if p.licence_cost is None:  # a work-only quote is compared with our work only
            ours = est.work
    facts: dict[str, Any] = {
        "cost_ratio": quoted / ours if quoted is not None and ours > 0 else None,
        "duration_ratio": p.duration_days / est.days if p.duration_days and est.days else None,
        "support": bool(p.support_hours),
        "sla": p.sla,
    }
    # A kind of work our plan does not hold (nothing to migrate) cannot be missing from a quote.
    for kind, ids in kinds(content, a.plan).items():
        facts[kind] = getattr(p, kind) if ids else None
    lines: list[str] = []
    if p.task_hours is not None:
        lines = [t.name for t in a.plan.tasks
                 if t.effort_hours > 0 and t.id not in p.task_hours]
        facts["lines_missing"] = len(lines)
    systems_q = content.question_by_id["int_systems"]
    wanted = a.values.get("int_systems") or []
    missing = [o.label(lang) for o in systems_q.options
               if o.id in wanted and o.id not in p.integrations]
    facts["integrations_missing"] = len(missing)
    musts = {r.id: r.requirement for r in requirements(content, assessment, lang, a.values)
             if r.priority == "must"}
    unmet = [musts[q] for q in p.unmet if q in musts]
    facts["must_uncovered"] = len(unmet)
    excluded = next((e for e in a.shortlist.excluded if e.vendor.id == p.vendor), None)
    facts["vendor_excluded"] = excluded is not None if p.vendor else None
    vendor = next((v.name for v in content.vendors if v.id == p.vendor), p.vendor)
    ratio = facts["cost_ratio"]
    fields = {
        "ratio": fmt_number(100 * ratio, lang, 0) if ratio is not None else "",
        "lines": "; ".join(lines),
        "unmet": "; ".join(unmet),
        "systems": ", ".join(missing),
        "vendor": vendor,
        "why": "; ".join(excluded.reasons) if excluded else "",
    }
    return facts, fields


def flags_for(content: Content, facts: dict[str, Any], fields: dict[str, str], lang: str
              ) -> list[FlagHit]:
    """Every flag of questions/package.toml whose condition holds, the high ones first."""
    hits = []
    for f in content.flags:
        if holds(f.when, facts):
            hits.append(FlagHit(f.id, f.level, f.text(lang).format(**fields)))
    return sorted(hits, key=lambda h: h.level != "high")


def compare(content: Content, assessment: Assessment, a: Analysis
            ) -> tuple[Estimate, list[Compared]]:
    """Our estimate and every proposal with its figures and flags, cheapest first."""
    est = estimate(content, a)
    out = []
    for p in assessment.proposals:
        facts, fields = proposal_facts(content, assessment, a, est, p)
        total = None if p.work_cost is None and p.licence_cost is None else \
            (p.work_cost or 0) + (p.licence_cost or 0)
        out.append(Compared(p, total, facts["cost_ratio"], p.duration_days, facts,
                            flags_for(content, facts, fields, a.lang)))
    out.sort(key=lambda c: (c.total is None, c.total or 0))
    return est, out
