"""Advice a consultant can sign: each defect found in review, and three profiles from practice."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import Vendor
from crmwizard.model import Assessment, Profile
from crmwizard.scoring import question_score
from crmwizard.vendors import licence_cost, shortlist
from tests.conftest import ROOT

TODAY = dt.date(2026, 12, 1)
SELF_HOST_ONLY_IN_RUSSIA = {"espocrm", "suitecrm", "vtiger", "twenty", "odoo"}


def profile(content, name: str) -> Assessment:
    return load_assessment(content, (ROOT / f"tests/fixtures/profiles/{name}.json").read_text())


def ranked_ids(a) -> list[str]:
    return [r.vendor.id for r in a.shortlist.ranked]


# --- step 4 measures readiness, not taste -------------------------------------------------------

def test_retail_vendor_step_is_not_full_marks(content, demos):
    """The retail demo saw only standard presentations: its vendor step is far below 90."""
    step = next(s for s in analyse(content, demos["retail"]).readiness.steps
                if s.step == "vendor")
    assert step.readiness < 90


def test_vendor_preferences_weigh_nothing(content):
    """Criteria (deployment, country, API, tier, importance) drive the shortlist, not readiness."""
    prefs = ["ven_delivery", "ven_data_russia", "ven_russia", "ven_api", "ven_country",
             "ven_open_source", "ven_tier", "ven_registry", "ven_w_popularity",
             "ven_w_ratings", "ven_w_integrations", "ven_w_price", "ven_w_scale",
             "ven_w_country"]
    assert all(content.question_by_id[q].weight == 0 for q in prefs)
    scored = [q for q in content.questions_by_step["vendor"] if q.weight > 0]
    assert {q.id for q in scored} >= {"ven_demos", "ven_comparison", "ven_favourite",
                                      "ven_tried"}
    for q in scored:  # each has a weak real answer, not only "don't know"
        assert min(question_score(q, o.id) for o in q.options) <= 0.3, q.id


def test_no_weighted_question_scores_full_for_any_answer_outside_step_6(content):
    """Outside the requirements questionnaire (where a gathered fact is the readiness) and the
    integrator's fact questions, a scored question always has an answer that scores lower."""
    for q in content.questions:
        if q.weight == 0 or q.step == "requirements" or q.type not in ("single", "yesno"):
            continue
        if q.id.startswith("int_") and q.show_if is not None:
            continue  # facts an integrator needs before quoting: knowing them is readiness
        real = [question_score(q, o.id) for o in q.options if o.id != "unknown"] \
            if q.type == "single" else [q.score_yes, q.score_no]
        assert min(real) < 1.0, q.id


# --- hard filters that hold ---------------------------------------------------------------------

def test_cloud_with_data_in_russia_ranks_no_self_host_only_system(content):
    """Cloud only + data in Russia: systems that keep data in Russia only self-hosted drop out."""
    a = analyse(content, profile(content, "agency"), today=TODAY)
    assert not SELF_HOST_ONLY_IN_RUSSIA & set(ranked_ids(a))
    excluded = {e.vendor.id: e.reasons for e in a.shortlist.excluded}
    assert set(excluded) >= SELF_HOST_ONLY_IN_RUSSIA


def test_a_russian_buyer_gets_no_vendor_with_unconfirmed_availability(content):
    """Unknown availability excludes under the legal filter, and the reason says so."""
    values = {"ven_russia": True}
    result = shortlist(content, values, "en")
    unknown = {v.id for v in content.vendors if v.known("available_in_russia") is None}
    assert unknown, "the catalogue has such vendors: the test would prove nothing otherwise"
    assert not unknown & {r.vendor.id for r in result.ranked}
    reasons = {e.vendor.id: e.reasons for e in result.excluded}
    not_confirmed = content.t("vf_unavailable_unknown", "en")
    assert all(not_confirmed in reasons[v] for v in unknown)


@pytest.mark.parametrize("wanted,vendor", [(["json_api"], "odoo"), (["xml"], "odoo")])
def test_rpc_apis_count_as_the_protocol_they_carry(content, wanted, vendor):
    """Odoo's XML-RPC/JSON-RPC meet a required XML or JSON API (it was always excluded)."""
    result = shortlist(content, {"ven_api": wanted}, "en")
    assert vendor in {r.vendor.id for r in result.ranked}


def test_a_price_above_the_budget_is_never_a_plus(content):
    """Licences dearer than the budget allows are a minus however close they come."""
    values = {"budget.first_year": 1_000_000, "profile.crm_users": 10, "ven_tier": "standard",
              "ven_w_price": 5}
    for r in shortlist(content, values, "en").ranked:
        for reason in r.reasons:
            if content.t("vr_price_high", "en", price="", afford="", formula="")[:12] \
                    in reason.text:
                assert reason.effect == -1, (r.vendor.id, reason.text)


def test_registry_required_excludes_unconfirmed_entries(content):
    """A state customer needs the Russian software registry: unknown is not a yes."""
    result = shortlist(content, {"ven_registry": True}, "en")
    for r in result.ranked:
        assert r.vendor.known("russian_registry") is True


# --- licences as vendors sell them ---------------------------------------------------------------

def _vendor(content, **price) -> Vendor:
    base = content.vendors[0].model_dump()
    base["price"] = {"value": price, "source": "test", "checked": "2026-12-01"}
    return Vendor.model_validate(base)


def test_a_plan_with_a_user_cap_is_priced_as_a_whole(content):
    """Plans sold per company: 8 users take the 10-user plan, 11 users the 50-user plan."""
    v = _vendor(content, currency="RUB", plans=[
        {"name": "Small", "users": 10, "month": 2000},
        {"name": "Team", "users": 50, "month": 7000}])
    assert licence_cost(content, v, 8, "cloud", None, "en").first_year == 24_000
    assert licence_cost(content, v, 11, "cloud", None, "en").first_year == 84_000
    assert licence_cost(content, v, 51, "cloud", None, "en") is None  # ask the vendor


def test_on_premise_is_a_licence_and_a_yearly_renewal(content):
    """An on-premise edition: the licence in year one, a renewal share after."""
    base = content.vendors[0].model_dump()
    base["on_premise_price"] = {"value": {"currency": "RUB", "renewal_share": 0.3, "editions": [
        {"name": "50", "users": 50, "licence": 100_000}]}, "source": "test",
        "checked": "2026-12-01"}
    v = Vendor.model_validate(base)
    cost = licence_cost(content, v, 40, "on_premise", None, "en")
    assert (cost.first_year, cost.yearly) == (100_000, 30_000)
    assert "30%" in cost.formula


def test_budget_licence_line_shows_the_arithmetic_it_used(content):
    """On-premise factor applied → the label says so, and its numbers give the amount."""
    a = analyse(content, Assessment(profile=Profile(crm_users=60),
                                    answers={"ven_delivery": "on_premise",
                                             "ven_tier": "standard"}), "en")
    b = a.budget
    factor = content.plan.rates.on_premise_licence_factor
    assert b.licences_first_year == 60 * 1500 * 12 * factor
    assert "× 0.4" in b.licence_formula and "432,000" in b.licence_formula


# --- plans sized to the company ------------------------------------------------------------------

def test_an_eight_user_cloud_rollout_is_a_boxed_project(content):
    """8 users, cloud, telephony, messengers and web forms: about 1.5 months, 100–250 k₽ of work
    (integrator and own staff), where the standard task set priced it at several times that."""
    a = analyse(content, profile(content, "agency"), today=TODAY)
    p = a.plan
    assert p.project_class == "boxed"
    assert (p.end - p.start).days <= 62
    assert 100_000 <= p.total_cost <= 250_000
    names = " ".join(t.name for t in p.tasks)
    assert "BPMN" not in names and "integrator" not in names.lower()


@pytest.mark.parametrize("name,kind", [("retail", "boxed"), ("distributor", "standard"),
                                       ("manufacturer", "enterprise")])
def test_demos_get_the_class_their_size_calls_for(content, demos, name, kind):
    assert analyse(content, demos[name], today=TODAY).plan.project_class == kind


# --- checks the hints promise --------------------------------------------------------------------

def test_a_desired_date_before_go_live_is_a_risk_with_the_gap(content):
    """The agency wants to start on 25 Dec 2026; the plan goes live on 12 Jan 2027: 5 working
    days later, because 31 December and 1–10 January are days off."""
    a = analyse(content, profile(content, "agency"), "en", today=TODAY)
    assert a.golive == dt.date(2027, 1, 12) and a.golive_late_days == 5
    risk = next(r for r in a.risks if r.id == "R55")
    assert "5 working days" in risk.why and "12 Jan 2027" in risk.why


def test_a_desired_date_after_go_live_is_no_risk(content, demos):
    a = analyse(content, demos["retail"], today=TODAY)  # wants 1 Feb, goes live in January
    assert a.golive < dt.date(2027, 2, 1) and a.golive_late_days is None
    assert "R55" not in {r.id for r in a.risks}


# --- risks that fit the answers ------------------------------------------------------------------

def test_a_blank_is_at_least_as_risky_as_a_weak_answer_where_the_blank_is_the_risk(content):
    """Skipping the reserve, the team, processes, specification, plan and adoption raises the
    same risks as answering them "none"."""
    weak = {"bud_reserve": "none", "team_group": "none", "team_time": "none",
            "proc_described": "none", "spec_status": "none", "plan_schedule": "none",
            "trn_adoption": "none", "req_admin_owner": "none", "req_admin_backup": "unknown"}
    honest = {r.id for r in analyse(content, Assessment(answers=weak)).risks}
    blank = {r.id for r in analyse(content, Assessment()).risks}
    assert honest <= blank


def test_country_does_not_matter_is_not_a_foreign_cloud(content):
    """R15 no longer fires on "the country does not matter"; it fires on a picked vendor whose
    cloud keeps data abroad."""
    answers = {"ven_data_russia": True, "ven_delivery": "cloud", "ven_country": "any"}
    assert "R15" not in {r.id for r in analyse(content, Assessment(answers=answers)).risks}
    picked = Assessment(answers=answers, vendor_choice="salesforce")
    assert "R15" in {r.id for r in analyse(content, picked).risks}


def test_no_sla_risk_before_any_integrator_is_in_sight(content):
    early = analyse(content, Assessment(answers={"intg_status": "none"}))
    late = analyse(content, Assessment(answers={"intg_status": "chosen", "sup_sla": "verbal"}))
    assert "R50" not in {r.id for r in early.risks}
    assert "R50" in {r.id for r in late.risks}


@pytest.mark.parametrize("answers,risk", [
    ({"req_pd_special": "health"}, "R56"),
    ({"ven_delivery": "cloud", "req_pd_dpa": "no"}, "R57"),
    ({"req_pd_crossborder": "yes_not_notified"}, "R58"),
    ({"req_admin_backup": "unknown"}, "R59"),
    ({"ven_tried": "failed_unknown"}, "R60"),
])
def test_new_risk_rules(content, answers, risk):
    assert risk in {r.id for r in analyse(content, Assessment(answers=answers)).risks}


# --- not enough answers, no confident advice ------------------------------------------------------

def test_a_profile_only_assessment_gets_no_ranking(content, tmp_path):
    """Profile only: `shortlist --json` says enough_data false, ranks nothing, says what to fill."""
    import subprocess
    import sys
    doc = {"schema_version": 2, "profile": {"company_name": "X", "crm_users": 8,
                                            "employees": 10, "industry": "services"}}
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc))
    out = json.loads(subprocess.run(
        [sys.executable, "-m", "crmwizard", "shortlist", str(path), "--json", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    assert out["enough_data"] is False and out["ranked"] == []
    assert "Budget" in out["to_fill"]
    full = analyse(content, load_assessment(content, (ROOT / "questions/demo/retail.json")
                                            .read_text()))
    assert full.enough_data is True


# --- one number per figure ------------------------------------------------------------------------

def test_pdf_bar_and_heading_round_the_same_way():
    """A step at 70.54 reads 71 on its bar, as in its heading (it read 70 on the bar)."""
    import io

    from pypdf import PdfReader
    from reportlab.graphics import renderPDF

    from crmwizard.i18n import fmt_number
    from crmwizard.report.charts import readiness_bars

    d = readiness_bars([("1. Goals", 70.54), ("2. Budget", 12.5)], [0, 40, 70], 400,
                       lambda v: fmt_number(v, "en", 0))
    drawn = PdfReader(io.BytesIO(renderPDF.drawToString(d))).pages[0].extract_text().split()
    assert "71" in drawn and "70" not in drawn
    assert fmt_number(12.5, "en", 0) in drawn


# --- three profiles written from practice ---------------------------------------------------------

def _band(content, a) -> str:
    return [b for b in content.bands if a.readiness.overall >= b.min][-1].label("en")


def test_small_agency(content):
    """An 8-person agency with an owner who decides, cloud, telephony, messengers and site forms:
    partly ready; training, 152-FZ paperwork and undescribed processes on top; a boxed rollout;
    Russian cloud CRMs for small teams first; foreign clouds out."""
    a = analyse(content, profile(content, "agency"), "en", today=TODAY)
    assert _band(content, a) == "Partly ready"
    assert [r.id for r in a.risks[:3]] == ["R42", "R25", "R32"]
    assert a.plan.project_class == "boxed" and a.budget.verdict == "enough"
    assert set(ranked_ids(a)[:2]) == {"bitrix24", "amocrm"}
    assert {"salesforce", "hubspot", "ms_dynamics_365"} <= {e.vendor.id
                                                            for e in a.shortlist.excluded}


def test_clinic_with_health_data_on_its_own_servers(content):
    """A 30-user clinic, health data, on its own servers: partly ready; the health-data risk in
    the top three; a standard project; only systems that install on its servers, with data in
    Russia; nothing cloud-only."""
    a = analyse(content, profile(content, "clinic"), "en", today=TODAY)
    assert _band(content, a) == "Partly ready"
    assert "R56" in [r.id for r in a.risks[:3]]
    assert a.plan.project_class == "standard"
    assert ranked_ids(a)[0] == "bitrix24"
    for r in a.shortlist.ranked:
        assert r.vendor.offers("on_premise") is True, r.vendor.id
    assert {"amocrm", "retailcrm", "salesforce"} <= {e.vendor.id for e in a.shortlist.excluded}


def test_large_company_without_goals_or_owner(content):
    """500 users, no goals, no owner, a big-bang launch imposed from above: not ready; no goals
    and no owner are the top two risks; an enterprise project; the earlier failure flagged."""
    a = analyse(content, profile(content, "large_no_goals"), "en", today=TODAY)
    assert _band(content, a) == "Not ready"
    assert [r.id for r in a.risks[:2]] == ["R01", "R10"]
    assert "R60" in {r.id for r in a.risks}
    assert a.plan.project_class == "enterprise"
    assert a.budget.verdict == "short"
    assert not {"salesforce", "hubspot", "ms_dynamics_365"} & set(ranked_ids(a))


# --- the plan follows the answers (also asked in the UX review) -----------------------------------

@pytest.mark.parametrize("scope,name", [
    ("one_department", "MVP pilot in one department"),
    ("everyone_minimal", "Minimal version for everyone (MVP)"),
    ("big_bang", "Trial run of the whole system at once"),
])
def test_pilot_task_follows_the_launch_answer(content, scope, name):
    a = Assessment(profile=Profile(crm_users=60), answers={"mvp_scope": scope})
    plan = analyse(content, a, "en").plan
    mvp = next(t for t in plan.tasks if t.milestone == "mvp")
    assert mvp.name == name
    # The project class's description above the Gantt does not contradict the task.
    why = content.plan.class_by_id(plan.project_class).why("en")
    assert "one department" not in why and "in one" not in why.lower()


@pytest.mark.parametrize("answers,vendor", [
    ({"ven_tier": "standard"}, None),
    ({"ven_tier": "economy", "ven_delivery": "on_premise"}, None),
    ({"ven_tier": "premium"}, "pipedrive"),
    ({"ven_tier": "free"}, "zoho_crm"),
])
def test_licence_line_recomputes_from_its_own_label(content, answers, vendor):
    """Every number in the licence label multiplies out to the amount shown next to it."""
    import re

    a = analyse(content, Assessment(profile=Profile(crm_users=40), answers=answers,
                                    vendor_choice=vendor), "en")
    b = a.budget
    numbers = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?",
                                                             b.licence_formula)]
    *factors, total = numbers
    product = 1.0
    for n in factors:
        product *= n
    assert product == pytest.approx(total, rel=0.01)
    assert total == pytest.approx(b.licences_first_year, abs=1)


def test_weight_of_an_unsourced_criterion_is_not_asked(content, demos):
    """No vendor has a dated popularity or rating fact yet: their weights would change nothing,
    so the questions are hidden; one sourced fact brings its question back."""
    from crmwizard.content import Fact
    from crmwizard.facts import facts, is_visible

    popularity = content.question_by_id["ven_w_popularity"]
    ratings = content.question_by_id["ven_w_ratings"]
    values = facts(content, demos["distributor"])
    assert not is_visible(popularity, values) and not is_visible(ratings, values)
    first = content.vendors[0].model_copy(update={"popularity": Fact(
        value=4, source="https://example.org/survey", checked=dt.date(2026, 11, 1))})
    sourced = content.model_copy(update={"vendors": [first, *content.vendors[1:]]})
    values = facts(sourced, demos["distributor"])
    assert is_visible(popularity, values) and not is_visible(ratings, values)
