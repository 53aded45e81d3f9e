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


class _Fields(dict):
    """Figures a risk text quotes by name; a figure not known stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def risk_register(content: Content, values: dict[str, Any], lang: str,
                  fields: dict[str, str] | None = None) -> list[RiskItem]:
    """Risks whose condition holds, highest likelihood × impact first."""
    known = _Fields(fields or {})
    items = [
        RiskItem(r.id, r.category, r.step, r.likelihood, r.impact, r.title(lang),
                 r.why(lang).format_map(known), r.mitigation(lang).format_map(known))
        for r in content.risks
        if holds(r.when, values)
    ]
    items.sort(key=lambda r: (-r.score, -r.impact, r.id))
    return items
