"""Bad assessment files: exit code 2, one line naming the field, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmwizard.assessment_io import AssessmentError, load_assessment
from crmwizard.content import get_content

ROOT = Path(__file__).resolve().parent.parent
CONTENT = get_content()
OK = {"schema_version": 1}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crmwizard", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def doc(**fields) -> str:
    return json.dumps({**OK, **fields})


CASES = [
    ("not json", "{nope", "(file): not valid JSON"),
    ("list at top", "[1, 2]", "(file): expected a JSON object"),
    ("no version", json.dumps({"language": "ru"}), "schema_version: missing"),
    ("future version", doc(schema_version=99), "schema_version: 99 is newer"),
    ("version as text", doc(schema_version="1"), "schema_version: expected an integer"),
    ("zero version", doc(schema_version=0), "schema_version: 0 is not a version"),
    ("bad language", doc(language="de"), "language:"),
    ("unknown field", doc(colour="red"), "colour: Extra inputs are not permitted"),
    ("text count", doc(profile={"crm_users": "ten"}), "profile.crm_users:"),
    ("negative count", doc(profile={"employees": -5}), "profile.employees:"),
    ("unknown industry", doc(profile={"industry": "piracy"}), "profile.industry: expected one"),
    ("unknown question", doc(answers={"req_nope": 1}), "answers.req_nope: unknown question id"),
    ("option outside", doc(answers={"team_owner": "maybe"}),
     "answers.team_owner: expected one of"),
    ("multi not a list", doc(answers={"int_systems": "onec"}), "answers.int_systems: expected a"),
    ("multi unknown option", doc(answers={"int_systems": ["fax"]}),
     "answers.int_systems: expected options"),
    ("yesno as text", doc(answers={"ven_data_russia": "yes"}),
     "answers.ven_data_russia: expected true or false"),
    ("money negative", doc(answers={"bud_type": "one_off", "bud_one_off": -1}),
     "answers.bud_one_off: expected a number from 0"),
    ("NaN", '{"schema_version": 1, "answers": {"bud_one_off": NaN}}', "(file): NaN"),
    ("Infinity", '{"schema_version": 1, "goals": [{"target": Infinity}]}', "(file): Infinity"),
    ("derived answered", doc(answers={"goal_d_count": 3}), "answers.goal_d_count: is computed"),
    ("bad goal owner", doc(goals=[{"owner": "cat"}]), "goals.0.owner:"),
    ("bad date", doc(goals=[{"deadline": "31.12.2027"}]), "goals.0.deadline:"),
    ("bad vendor", doc(vendor_choice="acme"), "vendor_choice: unknown vendor"),
    ("bad plan edit", doc(plan={"edits": {"mvp": {"duration_days": -3}}}),
     "plan.edits.mvp.duration_days:"),
    ("deep nesting", '{"schema_version": 1, "answers": {"x": ' + "[" * 5000 + "]" * 5000 + "}}",
     "(file): nested"),
    ("huge", '{"schema_version": 1, "prepared_by": "' + "x" * 2_000_000 + '"}', "(file): larger"),
    ("long text", doc(profile={"company_name": "x" * 500}), "profile.company_name:"),
    # Dates outside 2000-01-01 .. 2100-12-31 overflowed the plan's date arithmetic.
    ("plan start year 9999", doc(plan={"start_date": "9999-12-20"}),
     "plan.start_date: Value error, expected a date from 2000-01-01 to 2100-12-31"),
    ("plan start year 1", doc(plan={"start_date": "0001-01-01"}), "plan.start_date: Value error"),
    ("task start far", doc(plan={"edits": {"mvp": {"start": "2101-01-01"}}}),
     "plan.edits.mvp.start: Value error, expected a date from 2000-01-01"),
    ("deadline 1999", doc(goals=[{"deadline": "1999-12-31"}]), "goals.0.deadline: Value error"),
    ("date answer far", doc(answers={"plan_golive": "9999-01-01"}),
     "answers.plan_golive: expected a date from 2000-01-01 to 2100-12-31"),
    ("date answer not a date", doc(answers={"plan_golive": "soon"}),
     "answers.plan_golive: expected a date YYYY-MM-DD"),
    # Numbers past Python's 4300-digit int-to-str limit raised a bare ValueError.
    ("5000-digit answer", '{"schema_version": 1, "answers": {"bud_one_off": %s}}' % ("9" * 5000),
     "answers.bud_one_off: a number with 5000 digits is too large"),
    ("5000-digit version", '{"schema_version": -%s}' % ("1" * 5000),
     "schema_version: a number with 5000 digits is too large"),
    ("400-digit scale", '{"schema_version": 1, "answers": {"ven_w_popularity": %s}}' % ("9" * 400),
     "answers.ven_w_popularity: a number with 400 digits is too large"),
    ("1e400", '{"schema_version": 1, "goals": [{"target": 1e400}]}',
     "goals.0.target: the number 1e400 is too large"),
    ("float as money overflow", '{"schema_version": 1, "answers": {"bud_one_off": 1e308}}',
     "answers.bud_one_off: expected a number from 0"),
    ("lone surrogate", '{"schema_version": 1, "prepared_by": "\\ud800"}',
     "prepared_by: contains a broken character"),
    ("answer union tag", doc(answers={"bud_one_off": {"x": 1}}), "answers.bud_one_off: Input"),
    ("duplicate department", doc(profile={"departments": ["sales", "sales"]}),
     "profile.departments.1: 'sales' is listed twice"),
    ("not utf-8", b'{"schema_version": 1, "prepared_by": "\xe9"}', "(file): not valid JSON"),
]


@pytest.mark.parametrize("name,raw,message", CASES, ids=[c[0] for c in CASES])
def test_bad_documents_raise_the_field_at_fault(name, raw, message):
    with pytest.raises(AssessmentError) as e:
        load_assessment(CONTENT, raw)
    assert str(e.value).startswith(message), str(e.value)


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("name,raw,message", CASES, ids=[c[0] for c in CASES])
def test_bad_documents_are_told_in_plain_words(name, raw, message, lang):
    """On screen: the part as the screens call it and what is wrong; no paths, no lists."""
    from crmwizard.problems import plain_problem

    with pytest.raises(AssessmentError) as e:
        load_assessment(CONTENT, raw)
    text = plain_problem(CONTENT, e.value, lang)
    assert e.value.field not in text or "." not in e.value.field
    assert not any(mark in text for mark in ("[", "'", "(file)", "Input should", "Value error"))


@pytest.mark.parametrize("name,raw,message",
                         [CASES[0], CASES[3], CASES[12], CASES[17], CASES[24]],
                         ids=["not-json", "future", "option", "nan", "deep"])
def test_cli_bad_file_exits_2_with_one_line(tmp_path, name, raw, message):
    path = tmp_path / "bad.json"
    path.write_text(raw)
    result = run_cli("score", str(path))
    assert result.returncode == 2
    assert result.stderr == f"error: {path}: {message}" + result.stderr.split(message, 1)[1]
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["score", "plan", "shortlist"])
def test_cli_huge_integer_is_one_clean_line(tmp_path, command):
    """A 5,000-digit number: exit 2 and `error: FILE: field: problem`, never a traceback."""
    path = tmp_path / "big.json"
    path.write_text('{"schema_version": 1, "answers": {"bud_one_off": %s}}' % ("9" * 5000))
    result = run_cli(command, str(path))
    assert result.returncode == 2
    assert result.stderr == (f"error: {path}: answers.bud_one_off: a number with 5000 digits"
                             " is too large\n")


def test_edits_of_tasks_not_in_the_plan_are_kept_quietly():
    """A saved edit for a task the plan no longer has loads, is kept, and changes nothing."""
    from crmwizard.analysis import analyse
    from crmwizard.assessment_io import to_json

    raw = doc(plan={"edits": {"task_removed_from_content": {"duration_days": 3}}})
    a = load_assessment(CONTENT, raw)
    plain = analyse(CONTENT, load_assessment(CONTENT, doc()))
    assert analyse(CONTENT, a).plan.end == plain.plan.end
    assert "task_removed_from_content" in load_assessment(CONTENT, to_json(a)).plan.edits


def test_cli_missing_file(tmp_path):
    result = run_cli("score", str(tmp_path / "none.json"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {tmp_path / 'none.json'}: cannot read")


def test_cli_score_json_matches_the_engine(demos):
    from crmwizard.analysis import analyse

    result = run_cli("score", str(ROOT / "questions/demo/distributor.json"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    a = analyse(CONTENT, demos["distributor"])
    assert out["overall"] == round(a.readiness.overall, 1)
    assert [s["step"] for s in out["steps"]] == [s.id for s in CONTENT.steps]
    assert [r["id"] for r in out["risks"]] == [r.id for r in a.risks]
    assert set(out["risks"][0]) == {"id", "category", "likelihood", "impact", "score", "step",
                                    "mitigation"}


def test_cli_validate_json():
    result = run_cli("validate", "--json")
    out = json.loads(result.stdout)
    assert out["steps"] == 14 and out["requirements_questions"] >= 66
    assert out["categories"] >= 12 and out["risk_rules"] >= 25
    assert out["languages"] == ["en", "ru"]


def test_cli_plan_json_shape():
    result = run_cli("plan", str(ROOT / "questions/demo/manufacturer.json"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"enough_data", "project_class", "start", "end", "golive",
                        "golive_late_days", "total_cost", "tasks", "budget"}
    assert out["project_class"] == "enterprise" and out["enough_data"] is True
    assert set(out["tasks"][0]) == {"id", "name", "step", "start", "end", "effort_hours", "cost",
                                    "depends_on", "critical"}
    assert set(out["budget"]) == {"stated_first_year", "estimate_first_year",
                                  "stated_three_years", "estimate_three_years", "gap", "verdict"}


def test_cli_shortlist_json_shape():
    result = run_cli("shortlist", str(ROOT / "questions/demo/retail.json"), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    fits = [r["fit"] for r in out["ranked"]]
    assert fits == sorted(fits, reverse=True)
    assert set(out["ranked"][0]) == {"vendor", "fit", "reasons"}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["schema_version", "language", "profile", "answers", "goals", "plan",
                        "vendor_choice", "prepared_by"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.dictionaries(KEYS, JSON, max_size=5) | JSON)
def test_arbitrary_json_loads_or_raises_the_documented_error(data):
    """Whatever the JSON, the loader returns an Assessment or raises AssessmentError."""
    try:
        load_assessment(CONTENT, json.dumps(data))
    except AssessmentError as e:
        assert e.field and e.problem


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(CONTENT.question_by_id)), JSON, max_size=6))
def test_arbitrary_answers_load_or_name_the_answer(answers):
    try:
        load_assessment(CONTENT, json.dumps({"schema_version": 1, "answers": answers}))
    except AssessmentError as e:
        assert e.field.startswith("answers.") or e.field == "(file)"


def test_the_readme_example_is_a_valid_current_document():
    """The hand-written example in the README loads: the documented format is the real one."""
    text = (ROOT / "README.md").read_text()
    example = text.split("```json", 1)[1].split("```", 1)[0]
    a = load_assessment(CONTENT, example)
    assert a.schema_version == 2 and a.goals[0].kpi == "lead_response_time"
