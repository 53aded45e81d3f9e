"""The risk register: rules from questions/risks.toml that hold for these answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.conditions import holds
from crmwizard.content import Content


@dataclass(frozen=True)
class RiskItem:
    id: str
    category: str
    step: str
    likelihood: int
    impact: int
    title: str
    why: str
    mitigation: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def risk_register(content: Content, values: dict[str, Any], lang: str) -> list[RiskItem]:
    """Risks whose condition holds, highest likelihood × impact first."""
    items = [
        RiskItem(r.id, r.category, r.step, r.likelihood, r.impact,
                 r.title(lang), r.why(lang), r.mitigation(lang))
        for r in content.risks
        if holds(r.when, values)
    ]
    items.sort(key=lambda r: (-r.score, -r.impact, r.id))
    return items
