"""Budget reality check: the stated budget against an estimate built from the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content
from crmwizard.facts import stated_budget
from crmwizard.model import Assessment
from crmwizard.plan import Plan

# Within 85% of the estimate the budget is tight, not short: estimates are this rough.
TIGHT = 0.85


@dataclass(frozen=True)
class Budget:
    users: int
    licence_price: float  # roubles per user per month
    licence_source: str  # "tier" or a vendor id
    licences_yearly: float
    implementation: float  # integrator and internal work of the plan
    reserve: float
    support_yearly: float
    estimate_first_year: float
    estimate_three_years: float
    stated_one_off: float | None
    stated_yearly: float | None
    stated_first_year: float | None
    stated_three_years: float | None
    gap: float | None  # stated minus estimate, the worse of the two horizons
    verdict: str  # enough / tight / short / none


def licence_price(content: Content, assessment: Assessment, values: dict[str, Any],
                  vendor_price: float | None = None) -> tuple[float, str]:
    """Roubles per user per month: the chosen vendor's when known, else the expected tier's."""
    if vendor_price is not None and assessment.vendor_choice:
        return vendor_price, assessment.vendor_choice
    tier = values.get("ven_tier", "unknown")
    return content.plan.licences.get(tier, content.plan.licences["unknown"]), "tier"


def budget_check(content: Content, assessment: Assessment, values: dict[str, Any], plan: Plan,
                 vendor_price: float | None = None) -> Budget:
    """Estimate of licences, work, reserve and support, and the verdict on the stated budget."""
    rates = content.plan.rates
    users = assessment.profile.crm_users or 0
    price, source = licence_price(content, assessment, values, vendor_price)
    licences = users * price * 12
    if values.get("ven_delivery") == "on_premise":
        licences *= rates.on_premise_licence_factor
    implementation = plan.total_cost
    reserve = implementation * rates.reserve_share
    support = implementation * rates.support_share.get(
        values.get("sup_hours", ""), rates.support_share_default)
    first = implementation + reserve + licences + support
    three = implementation + reserve + 3 * (licences + support)
    one_off, yearly = stated_budget(values)
    if one_off is None and yearly is None or (not one_off and not yearly):
        return Budget(users, price, source, licences, implementation, reserve, support, first,
                      three, one_off, yearly, None, None, None, "none")
    stated_first = (one_off or 0) + (yearly or 0)
    stated_three = (one_off or 0) + 3 * (yearly or 0)
    ratio = min(stated_first / first, stated_three / three) if first and three else 1.0
    verdict = "enough" if ratio >= 1 else "tight" if ratio >= TIGHT else "short"
    gap = min(stated_first - first, stated_three - three)
    return Budget(users, price, source, licences, implementation, reserve, support, first, three,
                  one_off, yearly, stated_first, stated_three, gap, verdict)
