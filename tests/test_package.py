"""The integrator package: every file opens with the library its readers' tools rely on."""

import io
import json
import zipfile

import docx
import openpyxl
import pytest
from PIL import Image

from crmwizard.__main__ import main
from crmwizard.analysis import analyse
from crmwizard.assessment_io import AssessmentError, load_assessment, to_json
from crmwizard.model import Assessment, Pipeline, ProcessModel, Profile, Stage
from crmwizard.moscow import derived_priority, priority_label, requirement_questions
from crmwizard.package import package_files, package_zip
from crmwizard.report.sheets import HEAD_ROW
from tests.conftest import DEMOS
from tests.test_report import INTERNAL

LANGS = ("ru", "en")
_cache: dict[tuple[str, str], dict[str, bytes]] = {}


def files_of(content, demos, name: str, lang: str) -> dict[str, bytes]:
    if (name, lang) not in _cache:
        data = package_zip(content, demos[name], lang)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            _cache[name, lang] = {n: z.read(n) for n in z.namelist()}
    return _cache[name, lang]


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def sheet_rows(data: bytes) -> list[list]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DEMOS)
def test_every_file_of_the_package_opens_and_holds_the_company(content, demos, name, lang):
    """Each demo in each language: the files listed, the brief in Word names the company."""
    files = files_of(content, demos, name, lang)
    a = demos[name]
    expected = {"README.txt", "brief.docx", "brief.pdf", "requirements.xlsx", "plan.xlsx",
                "assessment.json"}
    if a.process is not None:
        expected.add("process.bpmn")
    assert set(files) == expected
    company = a.profile.company_name
    text = docx_text(files["brief.docx"])
    assert company in text
    assert content.t("pdf_brief_requirements", lang) in text
    if lang == "ru":
        assert "Требования по разделам" in text  # Cyrillic intact through python-docx
    assert sheet_rows(files["requirements.xlsx"])[0][0] == company
    assert sheet_rows(files["plan.xlsx"])[0][0] == company
    assert load_assessment(content, files["assessment.json"]) == a
    readme = files["README.txt"].decode("utf-8-sig")
    assert company in readme and "\r\n" in readme
    assert files["brief.pdf"].startswith(b"%PDF")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DEMOS)
def test_no_score_risk_or_shortlist_reaches_the_integrator_files(content, demos, name, lang):
    """The brief in Word and both workbooks carry no readiness, risk register or shortlist."""
    files = files_of(content, demos, name, lang)
    a = analyse(content, demos[name], lang)
    texts = [docx_text(files["brief.docx"])]
    for sheet in ("requirements.xlsx", "plan.xlsx"):
        texts.append("\n".join(str(v) for row in sheet_rows(files[sheet]) for v in row
                               if v is not None))
    for text in texts:
        for key in INTERNAL:
            assert content.t(key, lang) not in text
        for risk in a.risks:
            assert risk.title not in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DEMOS)
def test_requirements_matrix_has_every_requirement_with_a_priority(content, demos, name, lang):
    """One row per visible requirement question, in order, answered or open, and the
    integrator's three columns empty; header frozen, filters on, widths set."""
    files = files_of(content, demos, name, lang)
    wb = openpyxl.load_workbook(io.BytesIO(files["requirements.xlsx"]))
    ws = wb.active
    a = analyse(content, demos[name], lang)
    questions = requirement_questions(content, a.values)
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=HEAD_ROW + 1)]
    assert [r[1] for r in rows] == [q.id for q in questions]
    assert [r[0] for r in rows] == list(range(1, len(questions) + 1))
    labels = {priority_label(content, p, lang) for p in ("must", "should", "could", "wont")}
    for row, q in zip(rows, questions, strict=True):
        assert row[3] == q.short(lang)
        assert row[6] == priority_label(content, derived_priority(content, q, a.values), lang)
        assert row[6] in labels
        assert row[7:10] == [None, None, None]
        if a.values.get(q.id) is None:
            assert row[5] == content.t("pkg_unanswered", lang)
    assert [c.value for c in ws[HEAD_ROW]][7] == content.t("pkg_col_how", lang)
    assert ws.freeze_panes == f"A{HEAD_ROW + 1}"
    assert ws.auto_filter.ref.startswith(f"A{HEAD_ROW}:")
    assert ws.column_dimensions["E"].width > 30


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", DEMOS)
def test_plan_workbook_has_every_task_and_totals(content, demos, name, lang):
    """Every plan task with its dates, hours and cost as numbers; a totals row at the end."""
    files = files_of(content, demos, name, lang)
    plan = analyse(content, demos[name], lang).plan
    ws = openpyxl.load_workbook(io.BytesIO(files["plan.xlsx"])).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=HEAD_ROW + 1)]
    tasks, total = rows[:-1], rows[-1]
    assert [r[0] for r in tasks] == [t.id for t in plan.tasks]
    assert [r[2] for r in tasks] == [t.name for t in plan.tasks]
    assert [r[4].date() for r in tasks] == [t.start for t in plan.tasks]
    assert [r[8] for r in tasks] == [round(t.cost) for t in plan.tasks]
    assert total[2] == content.t("pkg_total", lang)
    assert total[8] == round(plan.total_cost)
    assert total[9] == f"=SUM(J{HEAD_ROW + 1}:J{HEAD_ROW + len(tasks)})"
    assert ws.freeze_panes == f"A{HEAD_ROW + 1}"


HOSTILE = ['=HYPERLINK("http://example.invalid/x","click")', "+cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1)", "<w:p>ООО «Ромашка» & <b>bold</b></w:p>"]


def test_formula_like_and_markup_text_stays_text(content, demos):
    """Hostile text in the company name and a free-text answer is written as text: no
    formula in any workbook, literal in Word; control characters are dropped, not fatal."""
    base = demos["distributor"]
    text_q = next(q for q in content.questions if q.type == "text")
    for hostile in HOSTILE:
        a = base.model_copy(update={
            "profile": base.profile.model_copy(update={"company_name": hostile}),
            "answers": {**base.answers, text_q.id: hostile + "\x0b\x01"},
        })
        files = package_files(content, a, "ru")
        for sheet in ("requirements.xlsx", "plan.xlsx"):
            ws = openpyxl.load_workbook(io.BytesIO(files[sheet])).active
            title = ws.cell(row=1, column=1)
            assert title.value == hostile and title.data_type == "s"
            formulas = [c.coordinate for row in ws.iter_rows() for c in row
                        if c.data_type == "f" and not str(c.value).startswith("=SUM(")]
            assert formulas == []
        assert hostile in docx_text(files["brief.docx"])
        assert "\x0b" not in docx_text(files["brief.docx"])


def test_process_bpmn_only_when_a_model_is_saved(content, demos):
    """Without a saved process model the ZIP leaves process.bpmn out and the README says so."""
    retail = demos["retail"]
    assert retail.process is None
    files = package_files(content, retail, "en")
    assert "process.bpmn" not in files
    assert content.t("pkg_readme_no_bpmn", "en") in files["README.txt"].decode("utf-8-sig")
    assert content.t("pkg_docx_process_none", "en") in docx_text(files["brief.docx"])
    model = ProcessModel(pipelines=[Pipeline(name="Сделки", stages=[
        Stage(name="Заявка", owner="sales", exit="Счёт выставлен", days=2)])])
    files = package_files(content, retail.model_copy(update={"process": model}), "ru")
    assert b"<bpmn:" in files["process.bpmn"] or b"bpmn" in files["process.bpmn"]
    assert content.t("pkg_readme_bpmn", "ru") in files["README.txt"].decode("utf-8-sig")
    text = docx_text(files["brief.docx"])
    assert "Заявка" in text and "Счёт выставлен" in text
    d = docx.Document(io.BytesIO(files["brief.docx"]))
    [picture] = d.inline_shapes  # the pipeline's diagram, one per pipeline
    blob = d.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    image = Image.open(io.BytesIO(blob))
    assert image.format == "PNG" and image.width > 400


def test_an_empty_assessment_still_gives_a_whole_package(content):
    """A blank assessment: every requirement is listed as open, the files still open."""
    files = package_files(content, Assessment(), "en")
    rows = sheet_rows(files["requirements.xlsx"])[HEAD_ROW:]
    assert rows and {r[5] for r in rows} == {content.t("pkg_unanswered", "en")}
    assert content.t("pdf_no_company", "en") in docx_text(files["brief.docx"])


@pytest.mark.parametrize("qid,answers,expected", [
    ("req_pd_152", {}, "must"),                                  # the law: always a must
    ("req_pipeline_stages", {}, "must"),                         # weight 3
    ("req_biz_success", {}, "should"),                           # weight 2
    ("req_sales_cycle", {}, "could"),                            # weight 1
    ("req_mobile_offline", {"req_mobile_need": "none"}, "wont"),  # no mobile need at all
    ("req_mobile_offline", {"req_mobile_need": "essential"}, "must"),
    ("req_mig_quality", {"req_mig_volume": "none"}, "wont"),     # nothing to migrate
    ("req_int_master", {"req_int_accounting": "one_c_standard"}, "must"),
    ("req_reports_forecast", {"req_reports_forecast": "not_needed"}, "wont"),
])
def test_moscow_priority_follows_weights_and_answers(content, qid, answers, expected):
    """The derived priority is the first matching rule of package.toml, else the weight's."""
    q = content.question_by_id[qid]
    assert derived_priority(content, q, answers) == expected


def test_a_priority_set_by_hand_goes_into_the_matrix_and_the_brief(content, demos):
    """The user's MoSCoW change is saved in the assessment and wins over the derived one."""
    a = demos["manufacturer"].model_copy(update={"priorities": {"req_sales_cycle": "wont"}})
    a = load_assessment(content, to_json(a))
    files = package_files(content, a, "en")
    rows = sheet_rows(files["requirements.xlsx"])[HEAD_ROW:]
    row = next(r for r in rows if r[1] == "req_sales_cycle")
    assert row[6] == content.t("moscow_wont", "en")
    d = docx.Document(io.BytesIO(files["brief.docx"]))
    cells = [[c.text for c in r.cells] for t in d.tables for r in t.rows]
    short = content.question_by_id["req_sales_cycle"].short("en")
    assert any(r[1] == short and r[-1] == content.t("moscow_wont", "en") for r in cells)


@pytest.mark.parametrize("priorities,field", [
    ({"goal_direction": "must"}, "priorities.goal_direction"),   # not a requirement
    ({"nope": "must"}, "priorities.nope"),
    ({"req_sales_cycle": "maybe"}, "priorities.req_sales_cycle"),
])
def test_bad_priorities_are_refused_with_the_field(content, priorities, field):
    data = {"schema_version": 2, "priorities": priorities}
    with pytest.raises(AssessmentError) as e:
        load_assessment(content, json.dumps(data))
    assert e.value.field == field


def test_cli_package_writes_the_zip_and_refuses_bad_input(content, tmp_path, capsys):
    """`package FILE -o OUT.zip`: a ZIP in the asked language; a bad file: exit 2, one line."""
    src = tmp_path / "a.json"
    src.write_text(to_json(Assessment(profile=Profile(company_name="Acme"))))
    out = tmp_path / "out.zip"
    assert main(["package", str(src), "-o", str(out), "--lang", "en"]) == 0
    with zipfile.ZipFile(out) as z:
        assert "Integrator package: Acme" in z.read("README.txt").decode("utf-8-sig")
    src.write_text('{"schema_version": 2, "priorities": {"req_sales_cycle": 1}}')
    assert main(["package", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "priorities" in err[0]
    assert main(["package", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
