"""Runs every engine once; screens, charts, documents and the command line all read this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crmwizard.budget import Budget, budget_check
from crmwizard.content import Content
from crmwizard.facts import facts
from crmwizard.model import Assessment
from crmwizard.plan import Plan, build_plan
from crmwizard.risks import RiskItem, risk_register
from crmwizard.scoring import Action, Readiness, next_actions, readiness
from crmwizard.vendors import Shortlist, shortlist


@dataclass(frozen=True)
class Analysis:
    lang: str
    values: dict[str, Any]
    readiness: Readiness
    risks: list[RiskItem]
    actions: list[Action]
    plan: Plan
    budget: Budget
    shortlist: Shortlist


def analyse(content: Content, assessment: Assessment, lang: str | None = None,
            today: dt.date | None = None) -> Analysis:
    """Every figure of one assessment, in `lang` (default: the assessment's language)."""
    lang = lang or assessment.language
    values = facts(content, assessment)
    plan = build_plan(content, assessment, values, lang, today)
    return Analysis(
        lang=lang,
        values=values,
        readiness=readiness(content, values, lang),
        risks=risk_register(content, values, lang),
        actions=next_actions(content, values, lang),
        plan=plan,
        budget=budget_check(content, assessment, values, plan, lang),
        shortlist=shortlist(content, values, lang),
    )

