"""Vendor shortlist: hard filters, weighted fit with reasons, an honest catalogue."""

import datetime as dt

import pytest

from crmwizard.analysis import analyse
from crmwizard.content import VENDOR_FACTS, get_content
from crmwizard.facts import facts
from crmwizard.model import Assessment, Profile
from crmwizard.vendors import shortlist

C = get_content()
FACT_NAMES = list(VENDOR_FACTS)


def ranked_ids(values, lang="en"):
    return [r.vendor.id for r in shortlist(C, values, lang).ranked]


def test_catalogue_is_honest():
    """Every vendor has every fact (or an explicit unknown), a source and a check date."""
    assert len(C.vendors) >= 15
    for v in C.vendors:
        for name in FACT_NAMES:
            fact = getattr(v, name)
            assert fact.value is not None, (v.id, name)
            assert fact.source.strip(), (v.id, name)
            assert dt.date(2020, 1, 1) <= fact.checked <= dt.date.today(), (v.id, name)


def test_small_retailer_gets_a_cis_cloud_crm_for_small_teams_on_top(demos):
    top = shortlist(C, facts(C, demos["retail"]), "en").ranked[0].vendor
    assert top.known("country") in C.shortlist.cis_countries
    assert top.known("delivery") in ("cloud", "both")
    assert "small" in top.known("scale")


def test_manufacturer_gets_no_cloud_only_vendor(demos):
    result = shortlist(C, facts(C, demos["manufacturer"]), "en")
    assert result.ranked
    for r in result.ranked:
        assert r.vendor.known("delivery") in ("on_premise", "both"), r.vendor.id


@pytest.mark.parametrize("vendor", ["salesforce", "hubspot", "pipedrive", "zoho_crm"])
def test_foreign_cloud_is_excluded_under_152_fz(vendor):
    values = {"ven_data_russia": True}
    result = shortlist(C, values, "en")
    excluded = {e.vendor.id: e.reasons for e in result.excluded}
    assert vendor in excluded
    assert any("152-FZ" in reason for reason in excluded[vendor])
    ru = {e.vendor.id: e.reasons for e in shortlist(C, values, "ru").excluded}
    assert any("152-ФЗ" in reason for reason in ru[vendor])


@pytest.mark.parametrize("answers", [
    {},
    {"ven_delivery": "on_premise"},
    {"ven_data_russia": True, "ven_russia": True},
    {"ven_api": ["graphql"]},
    {"ven_open_source": "required"},
])
def test_every_vendor_is_either_ranked_or_excluded(answers):
    """Criteria move vendors between ranking and exclusion; the catalogue never shrinks."""
    result = shortlist(C, answers, "en")
    ids = [r.vendor.id for r in result.ranked] + [e.vendor.id for e in result.excluded]
    assert sorted(ids) == sorted(v.id for v in C.vendors)


def test_removing_a_criterion_only_adds_to_the_ranking(demos):
    values = facts(C, demos["manufacturer"])
    strict = set(ranked_ids(values))
    relaxed = set(ranked_ids({**values, "ven_delivery": "any"}))
    assert strict < relaxed


def test_required_api_filters():
    result = shortlist(C, {"ven_api": ["graphql"]}, "en")
    for r in result.ranked:
        assert "graphql" in r.vendor.known("api")


def test_importance_weights_change_the_order():
    base = {"profile.employees": 30, "profile.crm_users": 10, "int_systems": ["onec"],
            "ven_country": "cis"}
    low = ranked_ids({**base, "ven_w_integrations": 1, "ven_w_country": 5})
    high = ranked_ids({**base, "ven_w_integrations": 5, "ven_w_country": 1})
    assert low != high


def test_fit_is_0_to_100_with_reasons_in_the_language(demos):
    en = shortlist(C, facts(C, demos["distributor"]), "en").ranked
    ru = shortlist(C, facts(C, demos["distributor"]), "ru").ranked
    for r in en:
        assert 0 <= r.fit <= 100 and r.reasons
    assert en[0].reasons[0].text != ru[0].reasons[0].text
    assert [r.fit for r in en] == sorted((r.fit for r in en), reverse=True)


def test_picked_vendor_sets_the_licence_price():
    a = Assessment(profile=Profile(crm_users=10), answers={"ven_tier": "standard"},
                   vendor_choice="pipedrive")
    b = analyse(C, a).budget
    assert b.licence_source == "pipedrive"
    per_user = (14 + 79) / 2 * C.plan.licences["usd_rub"]
    assert b.licences_first_year == pytest.approx(10 * 12 * per_user)
