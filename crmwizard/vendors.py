"""Vendor shortlist: hard filters first, then a weighted fit with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    notes: list[str] = field(default_factory=list)  # criteria left out of every score, and why


@dataclass(frozen=True)
class Licence:
    """What a vendor's licences cost for a number of users, in roubles, and how."""

    first_year: float
    yearly: float  # each later year
    formula: str  # the arithmetic, in the user's language


def delivery_mode(values: dict[str, Any], vendor: Vendor) -> str:
    """`cloud` or `on_premise`: how this company would run this vendor."""
    wanted = values.get("ven_delivery")
    if wanted in ("cloud", "on_premise"):
        return wanted
    return "on_premise" if vendor.offers("cloud") is False else "cloud"


def _rub(content: Content, amount: float, currency: str) -> float:
    rates = content.plan.licences
    return amount * {"RUB": 1.0, "USD": rates["usd_rub"], "EUR": rates["eur_rub"],
                     "INR": rates["inr_rub"]}[currency]


def licence_cost(content: Content, vendor: Vendor, users: int, mode: str, tier: str | None,
                 lang: str) -> Licence | None:
    """Licences for `users` users in `mode` as the vendor sells them; None when not known."""
    t, money = content.t, (lambda x: fmt_money(x, lang))
    if mode == "on_premise":
        price = vendor.known("on_premise_price")
        if price is None:
            return None
        edition = next((e for e in price.editions if e.users >= users), None)
        if edition is None:
            return None
        licence = _rub(content, edition.licence, price.currency)
        renewal = licence * price.renewal_share
        return Licence(licence, renewal, t(
            "lic_edition", lang, edition=edition.name, cap=edition.users, licence=money(licence),
            share=round(100 * price.renewal_share), renewal=money(renewal)))
    price = vendor.known("price")
    if price is None:
        return None
    if users <= price.free_users:
        return Licence(0.0, 0.0, t("lic_free", lang, cap=price.free_users))
    if price.plans:
        plan = next((p for p in price.plans if p.users >= users), None)
        if plan is None:
            return None
        month = _rub(content, plan.month, price.currency)
        return Licence(12 * month, 12 * month, t(
            "lic_plan", lang, plan=plan.name, cap=plan.users, month=money(month),
            year=money(12 * month)))
    pick = {"free": price.min, "economy": price.min, "premium": price.max}.get(
        tier or "", (price.min + price.max) / 2)
    per_user = _rub(content, pick, price.currency)
    year = 12 * users * per_user
    return Licence(year, year, t("lic_per_user", lang, users=users, price=money(per_user),
                                 year=money(year)))


def company_size(content: Content, values: dict[str, Any]) -> str | None:
    employees = values.get("profile.employees") or values.get("profile.crm_users")
    if employees is None:
        return None
    rules = content.shortlist
    return ("small" if employees < rules.small_max else
            "medium" if employees < rules.medium_max else "enterprise")


def _data_in_russia(v: Vendor, values: dict[str, Any]) -> bool | None:
    """Whether data can stay in Russia in the delivery the company accepts; None: unconfirmed."""
    wanted = values.get("ven_delivery")
    modes = {"cloud": ["cloud"], "on_premise": ["self_hosted"]}.get(
        wanted, ["cloud", "self_hosted"])
    facts = [getattr(v, f"data_in_russia_{m}").value for m in modes]
    if True in facts:
        return True
    return None if "unknown" in facts else False


def _filters(content: Content, v: Vendor, values: dict[str, Any], lang: str) -> list[str]:
    """Why a vendor is excluded, if it is: every legal filter excludes an unconfirmed fact."""
    t = content.t
    out = []
    wanted = values.get("ven_delivery")
    for mode in ("cloud", "on_premise"):
        if wanted == mode and not v.offers(mode):
            out.append(t(f"vf_{mode}" if v.offers(mode) is False else f"vf_{mode}_unknown", lang))
    if values.get("ven_data_russia") is True:
        ok = _data_in_russia(v, values)
        if ok is not True:
            out.append(t("vf_152" if ok is False else "vf_152_unknown", lang))
    if values.get("ven_russia") is True and v.known("available_in_russia") is not True:
        unavailable = v.known("available_in_russia") is False
        out.append(t("vf_unavailable" if unavailable else "vf_unavailable_unknown", lang))
    if values.get("ven_registry") is True and v.known("russian_registry") is not True:
        absent = v.known("russian_registry") is False
        out.append(t("vf_registry" if absent else "vf_registry_unknown", lang))
    wanted_api = values.get("ven_api") or []
    api = v.known("api")
    if wanted_api and not (api and _speaks(content, api, wanted_api)):
        labels = content.question_by_id["ven_api"]
        names = ", ".join(o.label(lang) for o in labels.options if o.id in wanted_api)
        out.append(t("vf_api" if api else "vf_api_unknown", lang, api=names))
    if values.get("ven_open_source") == "required" and v.known("open_source") is not True:
        out.append(t("vf_open_source", lang))
    return out


def _speaks(content: Content, api: list[str], wanted: list[str]) -> bool:
    """True when the vendor offers one of the wanted protocols, or one that counts as it."""
    offered = set(api)
    return any(offered & {w, *content.shortlist.api_counts_as.get(w, [])} for w in wanted)


def _criteria(content: Content, v: Vendor, values: dict[str, Any], lang: str,
              budget_per_user_month: float | None,
              dropped: set[str]) -> list[tuple[str, float, Reason]]:
    """(criterion, score 0..1, reason) for every criterion of the fit."""
    t = content.t
    out: list[tuple[str, float, Reason]] = []

    def add(name: str, score: float | None, key: str, effect: int | None = None,
            **fields: Any) -> None:
        if score is None:
            out.append((name, 0.5, Reason(0, t(f"vr_{name}_unknown", lang), unknown=True)))
            return
        if effect is None:
            effect = 1 if score >= GOOD else -1 if score <= POOR else 0
        out.append((name, score, Reason(effect, t(key, lang, **fields))))

    for name in ("popularity", "rating"):
        if name not in dropped:
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

    if values.get("ven_delivery") == "on_premise":
        add("delivery", 1.0, "vr_delivery_onprem_ok")
    elif values.get("ven_delivery") == "cloud":
        add("delivery", 1.0, "vr_delivery_cloud_ok")

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

    users = values.get("profile.crm_users")
    if budget_per_user_month is not None and users:
        cost = licence_cost(content, v, users, delivery_mode(values, v), values.get("ven_tier"),
                            lang)
        if cost is None:
            add("price", None, "")
        else:
            per_user = cost.first_year / users / 12
            within = per_user <= budget_per_user_month
            # Above what the budget allows is never a plus, however close it comes.
            add("price", 1.0 if within else budget_per_user_month / per_user,
                "vr_price_ok" if within else "vr_price_high", effect=None if within else -1,
                price=fmt_money(per_user, lang), afford=fmt_money(budget_per_user_month, lang),
                formula=cost.formula)

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


def unsourced_criteria(content: Content) -> set[str]:
    """Criteria no vendor of the catalogue has a dated fact for: scoring them would be noise."""
    return {name for name in ("popularity", "rating")
            if all(v.known(name) is None for v in content.vendors)}


def shortlist(content: Content, values: dict[str, Any], lang: str) -> Shortlist:
    """Vendors that pass the hard filters, best fit first, and the ones excluded with why."""
    ranked, excluded = [], []
    afford = affordable_per_user_month(content, values)
    dropped = unsourced_criteria(content)
    for v in content.vendors:
        why_not = _filters(content, v, values, lang)
        if why_not:
            excluded.append(Excluded(v, why_not))
            continue
        criteria = _criteria(content, v, values, lang, afford, dropped)
        weights = [_weight(content, name, values) for name, _, _ in criteria]
        total = sum(weights)
        fit = 100 * sum(w * s for w, (_, s, _) in zip(weights, criteria, strict=True)) / total \
            if total else 50.0
        reasons = sorted((r for _, _, r in criteria), key=lambda r: -r.effect)
        ranked.append(Ranked(v, round(fit, 1), reasons))
    ranked.sort(key=lambda r: (-r.fit, r.vendor.name))
    notes = [content.t(f"sl_unscored_{name}", lang) for name in sorted(dropped)]
    return Shortlist(ranked, excluded, notes)
