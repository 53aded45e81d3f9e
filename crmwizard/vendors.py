"""Vendor shortlist: hard filters first, then a weighted fit with its reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content, Vendor
from crmwizard.i18n import fmt_money

# Criterion → the importance question that weighs it.
IMPORTANCE = {
    "popularity": "ven_w_popularity",
    "rating": "ven_w_ratings",
    "integrations": "ven_w_integrations",
    "price": "ven_w_price",
    "scale": "ven_w_scale",
    "country": "ven_w_country",
}
GOOD, POOR = 0.7, 0.35


@dataclass(frozen=True)
class Reason:
    effect: int  # +1 fits, -1 does not, 0 neutral or unknown
    text: str
    unknown: bool = False  # the catalogue has no confirmed fact for this criterion


@dataclass(frozen=True)
class Ranked:
    vendor: Vendor
    fit: float  # 0..100
    reasons: list[Reason]


@dataclass(frozen=True)
class Excluded:
    vendor: Vendor
    reasons: list[str]


@dataclass(frozen=True)
class Shortlist:
    ranked: list[Ranked]
    excluded: list[Excluded]


def rub_per_user_month(content: Content, vendor: Vendor, tier: str | None) -> float | None:
    """A vendor's list price in roubles per user a month, at the edition the tier suggests."""
    price = vendor.known("price")
    if price is None:
        return None
    rate = {"RUB": 1.0, "USD": content.plan.licences["usd_rub"],
            "EUR": content.plan.licences["eur_rub"], "INR": content.plan.licences["inr_rub"]}
    low, high = price.min, price.max
    pick = {"free": low, "economy": low, "premium": high}.get(tier or "", (low + high) / 2)
    return pick * rate[price.currency]


def company_size(content: Content, values: dict[str, Any]) -> str | None:
    employees = values.get("profile.employees") or values.get("profile.crm_users")
    if employees is None:
        return None
    rules = content.shortlist
    return ("small" if employees < rules.small_max else
            "medium" if employees < rules.medium_max else "enterprise")


def _filters(content: Content, v: Vendor, values: dict[str, Any], lang: str) -> list[str]:
    """Why a vendor is excluded, if it is."""
    t = content.t
    out = []
    delivery = v.known("delivery")
    if values.get("ven_delivery") == "on_premise" and delivery not in ("on_premise", "both"):
        out.append(t("vf_on_premise" if delivery else "vf_on_premise_unknown", lang))
    if values.get("ven_data_russia") is True and v.known("data_in_russia") is not True:
        out.append(t("vf_152" if v.known("data_in_russia") is False else "vf_152_unknown", lang))
    if values.get("ven_russia") is True and v.known("available_in_russia") is False:
        out.append(t("vf_unavailable", lang))
    wanted = values.get("ven_api") or []
    api = v.known("api")
    if wanted and not (api and set(wanted) & set(api)):
        labels = content.question_by_id["ven_api"]
        names = ", ".join(o.label(lang) for o in labels.options if o.id in wanted)
        out.append(t("vf_api" if api else "vf_api_unknown", lang, api=names))
    if values.get("ven_open_source") == "required" and v.known("open_source") is not True:
        out.append(t("vf_open_source", lang))
    return out


def _criteria(content: Content, v: Vendor, values: dict[str, Any], lang: str,
              budget_per_user_month: float | None) -> list[tuple[str, float, Reason]]:
    """(criterion, score 0..1, reason) for every criterion of the fit."""
    t = content.t
    out: list[tuple[str, float, Reason]] = []

    def add(name: str, score: float | None, key: str, **fields: Any) -> None:
        if score is None:
            out.append((name, 0.5, Reason(0, t(f"vr_{name}_unknown", lang), unknown=True)))
            return
        effect = 1 if score >= GOOD else -1 if score <= POOR else 0
        out.append((name, score, Reason(effect, t(key, lang, **fields))))

    for name in ("popularity", "rating"):
        level = v.known(name)
        add(name, None if level is None else (level - 1) / 4, f"vr_{name}", level=level)

    chosen = [s for s in values.get("int_systems") or [] if s != "none"]
    ready = v.known("integrations")
    if chosen:
        labels = {o.id: o.label(lang) for o in content.question_by_id["int_systems"].options}
        if ready is None:
            add("integrations", None, "")
        else:
            have = [labels[s] for s in chosen if s in ready]
            lack = [labels[s] for s in chosen if s not in ready]
            add("integrations", len(have) / len(chosen),
                "vr_integrations_all" if not lack else "vr_integrations_some",
                have=", ".join(have) or "—", lack=", ".join(lack))

    want = values.get("ven_delivery")
    delivery = v.known("delivery")
    if want == "cloud":
        add("delivery", None if delivery is None else 1.0 if delivery in ("cloud", "both")
            else 0.2, "vr_delivery_cloud_ok" if delivery in ("cloud", "both")
            else "vr_delivery_cloud_no")
    elif want == "on_premise":
        add("delivery", 1.0, "vr_delivery_onprem_ok")

    if values.get("ven_country") == "cis":
        country = v.known("country")
        cis = country in content.shortlist.cis_countries
        add("country", None if country is None else 1.0 if cis else 0.0,
            "vr_country_cis" if cis else "vr_country_foreign", country=country)

    size = company_size(content, values)
    scales = v.known("scale")
    if size:
        order = ["small", "medium", "enterprise"]
        if scales is None:
            add("scale", None, "")
        else:
            distance = min(abs(order.index(size) - order.index(s)) for s in scales)
            add("scale", {0: 1.0, 1: 0.4}.get(distance, 0.0),
                "vr_scale_fit" if distance == 0 else "vr_scale_misfit",
                size=t(f"size_{size}", lang))

    price = rub_per_user_month(content, v, values.get("ven_tier"))
    if budget_per_user_month is not None:
        if price is None:
            add("price", None, "")
        else:
            score = 1.0 if price <= budget_per_user_month else budget_per_user_month / price
            add("price", score, "vr_price_ok" if score >= 1 else "vr_price_high",
                price=fmt_money(price, lang), afford=fmt_money(budget_per_user_month, lang))

    if values.get("ven_open_source") == "preferred":
        os_ = v.known("open_source")
        add("open_source", None if os_ is None else 1.0 if os_ else 0.0,
            "vr_open_source_yes" if os_ else "vr_open_source_no")
    return out


def _weight(content: Content, name: str, values: dict[str, Any]) -> float:
    if name == "delivery":
        return content.shortlist.delivery_weight
    if name == "open_source":
        return content.shortlist.open_source_weight
    return float(values.get(IMPORTANCE[name], content.shortlist.default_importance))


def affordable_per_user_month(content: Content, values: dict[str, Any]) -> float | None:
    """What the stated budget allows for licences, per user a month."""
    first_year = values.get("budget.first_year")
    users = values.get("profile.crm_users")
    if not first_year or not users:
        tier = values.get("ven_tier")
        return content.plan.licences.get(tier) if tier and tier != "unknown" else None
    return first_year * content.shortlist.licence_share_of_budget / users / 12


def shortlist(content: Content, values: dict[str, Any], lang: str) -> Shortlist:
    """Vendors that pass the hard filters, best fit first, and the ones excluded with why."""
    ranked, excluded = [], []
    afford = affordable_per_user_month(content, values)
    for v in content.vendors:
        why_not = _filters(content, v, values, lang)
        if why_not:
            excluded.append(Excluded(v, why_not))
            continue
        criteria = _criteria(content, v, values, lang, afford)
        weights = [_weight(content, name, values) for name, _, _ in criteria]
        total = sum(weights)
        fit = 100 * sum(w * s for w, (_, s, _) in zip(weights, criteria, strict=True)) / total \
            if total else 50.0
        reasons = sorted((r for _, _, r in criteria), key=lambda r: -r.effect)
        ranked.append(Ranked(v, round(fit, 1), reasons))
    ranked.sort(key=lambda r: (-r.fit, r.vendor.name))
    return Shortlist(ranked, excluded)
