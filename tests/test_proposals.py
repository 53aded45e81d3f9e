"""Integrators' proposals: our plan.xlsx returned with their hours, compared and flagged."""

import io
import json
import zipfile

import openpyxl
import pytest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import AssessmentError, load_assessment, to_json
from crmwizard.model import Proposal
from crmwizard.plan_return import ReturnError, read_returned_plan, returned_fields
from crmwizard.proposals import compare
from crmwizard.report.sheets import HEAD_ROW, plan_xlsx

HOURS_COL, COST_COL = 10, 11  # J and K: the integrator's columns


def returned(content, a, lang="ru", share=1.0, skip=lambda task: False, edit=None) -> bytes:
    """Our plan.xlsx filled in as an integrator would, with openpyxl: hours and cost per line."""
    an = analyse(content, a, lang)
    wb = openpyxl.load_workbook(io.BytesIO(plan_xlsx(content, an.plan, "Acme", lang)))
    ws = wb.active
    tasks = {t.id: t for t in an.plan.tasks}
    for row in ws.iter_rows(min_row=HEAD_ROW + 1):
        task = tasks.get(row[0].value)
        if task is None or skip(task):
            continue
        row[HOURS_COL - 1].value = round(task.effort_hours * share)
        row[COST_COL - 1].value = round(task.cost * share)
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def flags(content, a, proposal: Proposal) -> dict[str, str]:
    a = load_assessment(content, to_json(a.model_copy(update={"proposals": [proposal]})))
    _, rows = compare(content, a, analyse(content, a))
    return {f.id: f.text for f in rows[0].flags}


def from_upload(content, a, data: bytes, **extra) -> Proposal:
    plan = analyse(content, a).plan
    fields = returned_fields(content, read_returned_plan(content, data, plan), plan)
    return Proposal(integrator="Integrator", **{**fields, **extra})


def test_round_trip_cheap_quote_without_migration_and_training_is_flagged(content, demos):
    """plan.xlsx out, filled at half our hours with migration and training left empty, back
    in: the comparison says far below our estimate, names the missing lines, no training,
    no migration."""
    a = demos["manufacturer"]
    an = analyse(content, a)
    data = returned(content, a, share=0.5, skip=lambda t: t.id == "migration"
                    or t.id.startswith("training"))
    p = from_upload(content, a, data, licence_cost=0.0, support_hours=20.0, sla=True)
    assert p.migration is False and p.training is False and p.pilot is True
    left_out = [t for t in an.plan.tasks if t.id == "migration" or t.id.startswith("training")]
    assert p.work_hours == pytest.approx(sum(round(t.effort_hours * 0.5)
                                             for t in an.plan.tasks if t not in left_out))
    got = flags(content, a, p)
    assert set(got) == {"far_below", "lines_missing", "no_training", "no_migration"}
    for task in left_out:
        assert task.name in got["lines_missing"]
    assert "Пилот" not in got["lines_missing"]


def test_a_full_quote_in_line_with_ours_raises_no_flag(content, demos):
    """Every line at our hours, pilot, training, migration, support with an SLA: no flag."""
    a = demos["manufacturer"]
    an = analyse(content, a)
    p = from_upload(content, a, returned(content, a),
                    licence_cost=an.budget.licences_first_year, support_hours=40.0, sla=True,
                    duration_days=200)
    assert p.integrations == sorted(a.answers["int_systems"])
    assert flags(content, a, p) == {}
    _, rows = compare(content, a.model_copy(update={"proposals": [p]}), an)
    assert rows[0].ratio == pytest.approx(1.0, abs=0.01)


def test_flags_by_hand_entered_proposal(content, demos):
    """A typed-in proposal: no pilot, support without SLA, missing integrations, a vendor
    that fails the hard filters, an unmet must-have, far above our price."""
    a = demos["manufacturer"]
    an = analyse(content, a)
    excluded = an.shortlist.excluded[0]
    p = Proposal(integrator="B", vendor=excluded.vendor.id,
                 licence_cost=an.budget.licences_first_year,
                 work_cost=an.budget.implementation * 2, pilot=False, training=True,
                 migration=True, integrations=["telephony"], support_hours=10, sla=False,
                 unmet=["req_pd_152"])
    got = flags(content, a, p)
    assert set(got) == {"far_above", "no_pilot", "no_sla", "integrations_missing",
                        "vendor_excluded", "must_uncovered"}
    assert excluded.vendor.name in got["vendor_excluded"]
    assert excluded.reasons[0] in got["vendor_excluded"]
    assert content.question_by_id["req_pd_152"].short("ru") in got["must_uncovered"]
    mail = content.question_by_id["int_systems"].option("mail").label("ru")
    assert mail in got["integrations_missing"]


def test_no_migration_is_not_a_gap_when_our_plan_has_none(content, demos):
    """A company with nothing to migrate: our plan has no migration, so none is missing."""
    a = demos["manufacturer"]
    assert "no_migration" in flags(content, a, Proposal(integrator="C", migration=False))
    a = a.model_copy(update={"answers": {**a.answers, "req_mig_volume": "none"}})
    assert not any(t.id == "migration" for t in analyse(content, a).plan.tasks)
    assert "no_migration" not in flags(content, a, Proposal(integrator="C", migration=False))


def test_compare_orders_cheapest_first_and_keeps_the_band(content, demos):
    a = demos["distributor"]
    ps = [Proposal(integrator=n, work_cost=w) for n, w in (("A", 3e6), ("B", 1e6), ("C", None))]
    a = a.model_copy(update={"proposals": ps})
    est, rows = compare(content, a, analyse(content, a))
    assert [r.proposal.integrator for r in rows] == ["B", "A", "C"]
    assert est.low < est.total < est.high
    assert est.low == pytest.approx(est.total * content.estimate_band[0])


def test_proposals_are_saved_in_the_assessment_json(content, demos):
    """Proposals round-trip through the JSON file; a sixth one and unknown ids are refused."""
    a = demos["retail"].model_copy(update={"proposals": [
        Proposal(integrator="ООО «Интегратор»", work_cost=500000, pilot=True)]})
    back = load_assessment(content, to_json(a))
    assert back.proposals == a.proposals
    data = json.loads(to_json(a))
    for bad, field in (
        ({"integrator": "X", "vendor": "nope"}, "proposals.0.vendor"),
        ({"integrator": "X", "integrations": ["fax"]}, "proposals.0.integrations"),
        ({"integrator": "X", "work_cost": -1}, "proposals.0.work_cost"),
        ({"integrator": ""}, "proposals.0.integrator"),
        ({"integrator": "X", "unmet": ["goal_direction"]}, "proposals.0.unmet"),
    ):
        with pytest.raises(AssessmentError) as e:
            load_assessment(content, json.dumps({**data, "proposals": [bad]}))
        assert e.value.field == field
    with pytest.raises(AssessmentError) as e:
        load_assessment(content, json.dumps({**data, "proposals": [{"integrator": str(i)}
                                                                   for i in range(6)]}))
    assert e.value.field == "proposals"
    with pytest.raises(AssessmentError) as e:
        load_assessment(content, json.dumps({**data, "proposals": [{"integrator": "A"},
                                                                   {"integrator": "a"}]}))
    assert e.value.field == "proposals.1.integrator"


def _text_in_hours(ws):
    ws.cell(row=HEAD_ROW + 3, column=HOURS_COL).value = "около 40"


def _negative(ws):
    ws.cell(row=HEAD_ROW + 2, column=HOURS_COL).value = -5


def _formula(ws):
    ws.cell(row=HEAD_ROW + 1, column=COST_COL).value = "=H3*3000"


def _moved(ws):
    ws.move_range("J2:K200", cols=1)


def _many_rows(ws):
    for r in range(HEAD_ROW + 40, HEAD_ROW + 10_040):
        ws.cell(row=r, column=1).value = "requirements"


def _unknown(ws):
    ws.cell(row=HEAD_ROW + 4, column=1).value = "=cmd|' /C calc'!A0"


def _renamed(ws):
    ws.title = "Sheet1"


@pytest.mark.parametrize("edit,key,where", [
    (_text_in_hours, "upload_not_number", {"row": HEAD_ROW + 3, "col": "J", "got": "около 40"}),
    (_negative, "upload_negative", {"row": HEAD_ROW + 2, "col": "J"}),
    (_formula, "upload_formula", {"row": HEAD_ROW + 1, "col": "K"}),
    (_moved, "upload_header", {"row": HEAD_ROW, "col": "J"}),
    (_many_rows, "upload_too_many_rows", {}),
    (_unknown, "upload_unknown_task", {"row": HEAD_ROW + 4, "col": "A"}),
    (_renamed, "upload_no_sheet", {}),
])
def test_bad_returned_plan_names_sheet_row_and_column(content, demos, edit, key, where):
    """Each fault is refused whole, naming the sheet, row and column in both languages."""
    a = demos["manufacturer"]
    data = returned(content, a, edit=edit)
    with pytest.raises(ReturnError) as e:
        read_returned_plan(content, data, analyse(content, a).plan)
    assert e.value.key == key
    for k, v in where.items():
        assert e.value.values[k] == v
    if key != "upload_no_sheet":
        assert e.value.values["sheet"] == content.t("pkg_sheet_plan", "ru")
    for lang in ("ru", "en"):
        text = e.value.message(content, lang)
        assert "{" not in text
        if "row" in where:
            assert str(where["row"]) in text and where["col"] in text


@pytest.mark.parametrize("data,key", [
    (b"not a spreadsheet at all", "upload_not_xlsx"),
    (b"%PDF-1.4 whatever", "upload_not_xlsx"),
    (b"PK\x03\x04broken zip", "upload_not_xlsx"),
    (b"x" * (6 * 1024 * 1024), "upload_too_big"),
])
def test_not_a_spreadsheet_is_refused(content, demos, data, key):
    with pytest.raises(ReturnError) as e:
        read_returned_plan(content, data, analyse(content, demos["retail"]).plan)
    assert e.value.key == key


def test_a_zip_bomb_is_refused_before_it_is_unpacked(content, demos):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    with pytest.raises(ReturnError) as e:
        read_returned_plan(content, out.getvalue(), analyse(content, demos["retail"]).plan)
    assert e.value.key == "upload_too_big"


def test_an_untouched_plan_is_refused_as_empty(content, demos):
    a = demos["retail"]
    plan = analyse(content, a).plan
    data = plan_xlsx(content, plan, "Acme", "en")
    with pytest.raises(ReturnError) as e:
        read_returned_plan(content, data, plan)
    assert e.value.key == "upload_empty"
    assert e.value.values["sheet"] == content.t("pkg_sheet_plan", "en")


def test_summary_pdf_has_a_proposals_section_and_the_brief_never_does(content, demos):
    """With proposals the summary PDF lists each with its flags; the brief stays without them."""
    from pypdf import PdfReader

    from crmwizard.report import brief_pdf, summary_pdf

    def pdf_text(data: bytes) -> str:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
                        .split())

    a = demos["manufacturer"]
    plain = pdf_text(summary_pdf(content, a, "en"))
    assert content.t("pdf_proposals", "en") not in plain
    a = a.model_copy(update={"proposals": [
        Proposal(integrator="Integrator <One>", work_cost=1_000_000),
        Proposal(integrator="ООО «Второй»", work_cost=12_000_000, pilot=True, training=True,
                 migration=True)]})
    summary = pdf_text(summary_pdf(content, a, "en"))
    assert content.t("pdf_proposals", "en") in summary
    assert "Integrator <One>" in summary and "ООО «Второй»" in summary
    no_training = next(f.text("en") for f in content.flags if f.id == "no_training")
    assert " ".join(no_training.split())[:40] in summary
    brief = pdf_text(brief_pdf(content, a, "en"))
    assert "Integrator <One>" not in brief and content.t("pdf_proposals", "en") not in brief
