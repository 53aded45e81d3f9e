"""Every engine's result for one assessment: screens, charts, documents and the CLI read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from crmwizard.budget import Budget, budget_check
from crmwizard.content import Content
from crmwizard.facts import facts
from crmwizard.i18n import fmt_date, fmt_number
from crmwizard.model import Assessment
from crmwizard.plan import Plan, build_plan
from crmwizard.risks import RiskItem, risk_register
from crmwizard.scoring import Action, Readiness, next_actions, readiness
from crmwizard.vendors import Shortlist, shortlist
from crmwizard.workdays import first_workday, workdays_between


@dataclass(frozen=True)
class Analysis:
    lang: str
    values: dict[str, Any]
    readiness: Readiness
    plan: Plan
    enough_data: bool  # completeness reaches bands.toml's advice_min_completeness
    to_fill: list[str]  # titles of the steps least answered, when there is not enough data
    golive: dt.date | None  # the plan's go-live
    desired_golive: dt.date | None  # the go-live the company wants (plan_golive)
    golive_late_days: int | None  # working days the plan's go-live falls after the desired date
    content: Content = field(repr=False, compare=False)
    assessment: Assessment = field(repr=False, compare=False)
    risk_fields: dict[str, str] = field(repr=False, compare=False)

    # Computed on first use: a question screen reruns on every answer and reads only the
    # readiness and the values. The analysis was a quarter of such a rerun's script, and these
    # four about half of the analysis (bench/first_visits.md).
    @cached_property
    def risks(self) -> list[RiskItem]:
        return risk_register(self.content, self.values, self.lang, self.risk_fields)

    @cached_property
    def actions(self) -> list[Action]:
        return next_actions(self.content, self.values, self.lang)

    @cached_property
    def budget(self) -> Budget:
        return budget_check(self.content, self.assessment, self.values, self.plan, self.lang)

    @cached_property
    def shortlist(self) -> Shortlist:
        return shortlist(self.content, self.values, self.lang)


def analyse(content: Content, assessment: Assessment, lang: str | None = None,
            today: dt.date | None = None) -> Analysis:
    """Every figure of one assessment, in `lang` (default: the assessment's language)."""
    lang = lang or assessment.language
    values = facts(content, assessment)
    plan = build_plan(content, assessment, values, lang, today)
    golive = next((t.end for t in plan.tasks if t.milestone == "golive"), None)
    desired = _date(values.get("plan_golive"))
    late = _golive_late_days(desired, golive)
    if late:
        values = {**values, "plan.golive_late_days": late}
    ready = readiness(content, values, lang)
    enough = ready.completeness >= content.advice_min_completeness
    to_fill = [] if enough else [s.title for s in sorted(
        ready.steps, key=lambda s: (s.completeness, s.number)) if s.completeness < 50][:5]
    return Analysis(
        lang=lang,
        values=values,
        readiness=ready,
        plan=plan,
        enough_data=enough,
        to_fill=to_fill,
        golive=golive,
        desired_golive=desired,
        golive_late_days=late,
        content=content,
        assessment=assessment,
        risk_fields=_risk_fields(late, desired, golive, lang),
    )


def _date(value: Any) -> dt.date | None:
    """A `YYYY-MM-DD` answer as a date; None when it is not one."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _golive_late_days(desired: dt.date | None, golive: dt.date | None) -> int | None:
    """Working days from the desired go-live to the plan's, when the plan is later."""
    if desired is None or golive is None or first_workday(desired) >= golive:
        return None
    return workdays_between(first_workday(desired), golive) or None


def _risk_fields(late: int | None, desired: dt.date | None, golive: dt.date | None,
                 lang: str) -> dict[str, str]:
    """Figures risk texts may quote, formatted for `lang`."""
    fields = {"golive_late_days": str(late or "")}
    for name, day in (("golive", golive), ("desired_golive", desired)):
        if day is not None:
            fields[name] = fmt_date(day, lang)
    return fields


def too_few_answers(content: Content, a: Analysis) -> str:
    """The message shown instead of advice when too few questions are answered."""
    return content.t("advice_too_few", a.lang,
                     completeness=fmt_number(a.readiness.completeness, a.lang, 0),
                     needed=fmt_number(content.advice_min_completeness, a.lang, 0),
                     steps=", ".join(a.to_fill))
