"""Runs every engine once; screens, charts, documents and the command line all read this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content
from crmwizard.facts import facts
from crmwizard.model import Assessment
from crmwizard.risks import RiskItem, risk_register
from crmwizard.scoring import Action, Readiness, next_actions, readiness


@dataclass(frozen=True)
class Analysis:
    lang: str
    values: dict[str, Any]
    readiness: Readiness
    risks: list[RiskItem]
    actions: list[Action]


def analyse(content: Content, assessment: Assessment, lang: str | None = None) -> Analysis:
    """Every figure of one assessment, in `lang` (default: the assessment's language)."""
    lang = lang or assessment.language
    values = facts(content, assessment)
    return Analysis(
        lang=lang,
        values=values,
        readiness=readiness(content, values, lang),
        risks=risk_register(content, values, lang),
        actions=next_actions(content, values, lang),
    )
