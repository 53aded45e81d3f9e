"""Budget reality check: the stated budget against an estimate built from the plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content
from crmwizard.facts import stated_budget
from crmwizard.i18n import fmt_money, fmt_number
from crmwizard.model import Assessment
from crmwizard.plan import Plan
from crmwizard.vendors import Licence, delivery_mode, licence_cost

# Within 85% of the estimate the budget is tight, not short: estimates are this rough.
TIGHT = 0.85


@dataclass(frozen=True)
class Budget:
    users: int
    licence_source: str  # "tier" or a vendor id
    licence_formula: str  # how the licence line was computed, in the user's language
    licences_first_year: float
    licences_yearly: float  # each later year
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


def tier_licence(content: Content, values: dict[str, Any], users: int, lang: str) -> Licence:
    """Licences at the price of the tier the company expects, when no vendor is picked."""
    lic = content.plan.licences
    price = lic.get(values.get("ven_tier", "unknown"), lic["unknown"])
    year = users * price * 12
    if values.get("ven_delivery") == "on_premise":
        factor = content.plan.rates.on_premise_licence_factor
        return Licence(year * factor, year * factor, content.t(
            "lic_tier_on_premise", lang, users=users, price=fmt_money(price, lang),
            factor=fmt_number(factor, lang, 1), year=fmt_money(year * factor, lang)))
    return Licence(year, year, content.t("lic_per_user", lang, users=users,
                                         price=fmt_money(price, lang), year=fmt_money(year, lang)))


def budget_check(content: Content, assessment: Assessment, values: dict[str, Any], plan: Plan,
                 lang: str) -> Budget:
    """Estimate of licences, work, reserve and support, and the verdict on the stated budget."""
    rates = content.plan.rates
    users = assessment.profile.crm_users or 0
    vendor = next((v for v in content.vendors if v.id == assessment.vendor_choice), None)
    licence = vendor and licence_cost(content, vendor, users, delivery_mode(values, vendor),
                                      values.get("ven_tier"), lang)
    source = vendor.id if vendor and licence else "tier"
    if not licence:
        licence = tier_licence(content, values, users, lang)
    implementation = plan.total_cost
    reserve = implementation * rates.reserve_share
    support = implementation * rates.support_share.get(
        values.get("sup_hours", ""), rates.support_share_default)
    first = implementation + reserve + licence.first_year + support
    three = implementation + reserve + licence.first_year + 2 * licence.yearly + 3 * support
    head = (users, source, licence.formula, licence.first_year, licence.yearly, implementation,
            reserve, support, first, three)
    one_off, yearly = stated_budget(values)
    if not one_off and not yearly:
        return Budget(*head, one_off, yearly, None, None, None, "none")
    stated_first = (one_off or 0) + (yearly or 0)
    stated_three = (one_off or 0) + 3 * (yearly or 0)
    ratio = min(stated_first / first, stated_three / three) if first and three else 1.0
    verdict = "enough" if ratio >= 1 else "tight" if ratio >= TIGHT else "short"
    gap = min(stated_first - first, stated_three - three)
    return Budget(*head, one_off, yearly, stated_first, stated_three, gap, verdict)


def budget_lines(content: Content, b: Budget, lang: str) -> list[tuple[str, float | None]]:
    """The budget table: each line's label says the arithmetic behind its amount."""
    t = content.t
    return [
        (t("budget_licences", lang, formula=b.licence_formula), b.licences_first_year),
        (t("budget_implementation", lang), b.implementation),
        (t("budget_reserve", lang, share=round(100 * content.plan.rates.reserve_share)),
         b.reserve),
        (t("budget_support", lang), b.support_yearly),
        (t("budget_estimate_first", lang), b.estimate_first_year),
        (t("budget_estimate_three", lang), b.estimate_three_years),
        (t("budget_stated_first", lang), b.stated_first_year),
        (t("budget_stated_three", lang), b.stated_three_years),
    ]
