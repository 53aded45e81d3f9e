"""Two assessments compared: what moved, by value, and the `compare` command line."""

from __future__ import annotations

import json

import pytest

from crmwizard.__main__ import main
from crmwizard.compare import compare, compare_json
from crmwizard.model import Goal
from tests.conftest import DEMOS, ROOT


def with_answers(a, **answers):
    return a.model_copy(update={"answers": {**a.answers, **answers}})


@pytest.mark.parametrize("demo,qid,value,step", [
    ("retail", "goal_tasks", "prioritised", "goals"),
    ("retail", "bud_reserve", "adequate", "budget"),
    ("retail", "team_time", "dedicated", "team"),
    ("retail", "intg_criteria", "written", "integrator"),
    ("retail", "proc_tobe", "approved", "processes"),
    ("distributor", "spec_scenarios", "all", "specification"),
])
def test_a_changed_answer_moves_exactly_its_step(content, demos, demo, qid, value, step):
    """One answer changed: its step's readiness moves, every other step stays where it was."""
    q = content.question_by_id[qid]
    assert q.option(value) is not None and demos[demo].answers[qid] != value
    cmp = compare(content, demos[demo], with_answers(demos[demo], **{qid: value}), "en")
    moved = {s.step: s.readiness.delta for s in cmp.steps if s.readiness.delta}
    assert list(moved) == [step]
    assert cmp.by_change[0].step == step
    assert [x.question_id for x in cmp.answers_changed] == [qid]
    assert cmp.overall.delta != 0


def test_a_closed_risk_appears_as_closed(content, demos):
    """Naming an owner with authority closes R10 (no owner): it is listed as closed, not new."""
    old = demos["retail"]
    cmp = compare(content, old, with_answers(old, team_owner="named_authority_budget"), "en")
    assert [k.id for k in cmp.risks_closed] == ["R10"]
    assert cmp.risks_new == []
    doc = compare_json(cmp)
    assert doc["risks_closed"] == ["R10"] and doc["risks_new"] == []
    back = compare(content, with_answers(old, team_owner="named_authority_budget"), old, "en")
    assert [k.id for k in back.risks_new] == ["R10"] and back.risks_closed == []


@pytest.mark.parametrize("demo", DEMOS)
def test_identical_inputs_give_zero_deltas_everywhere(content, demos, demo):
    """An assessment compared with itself: every delta is zero and nothing is listed."""
    cmp = compare(content, demos[demo], demos[demo].model_copy(deep=True), "ru")
    doc = compare_json(cmp)
    assert doc["overall"]["delta"] == 0 and doc["completeness"]["delta"] == 0
    assert all(s["delta"] == 0 for s in doc["steps"])
    assert doc["risks_closed"] == doc["risks_new"] == [] and doc["answers_changed"] == 0
    assert doc["goals_added"] == doc["goals_removed"] == 0
    assert doc["budget_verdict"]["old"] == doc["budget_verdict"]["new"]
    assert doc["plan_days"]["old"] == doc["plan_days"]["new"]
    assert cmp.unchanged


def test_goals_added_and_removed_by_owner_and_text(content, demos):
    """A goal with new text is added, one dropped is removed; a changed target is neither."""
    old = demos["distributor"]
    goals = [g.model_copy(update={"target": (g.target or 0) + 1}) for g in old.goals[1:]]
    new = old.model_copy(update={"goals": [*goals, Goal(owner="it", goal="Одна база клиентов")]})
    cmp = compare(content, old, new, "ru")
    assert [g.goal for g in cmp.goals_added] == ["Одна база клиентов"]
    assert [g.goal for g in cmp.goals_removed] == [old.goals[0].goal]


def test_answers_changed_grouped_in_step_order(content, demos):
    """Changed answers come grouped by step, steps in wizard order, with both values worded."""
    old = demos["retail"]
    new = with_answers(old, proc_tobe="approved", goal_tasks="prioritised",
                       team_time="dedicated")
    cmp = compare(content, old, new, "en")
    assert [x.step for x in cmp.answers_changed] == ["goals", "team", "processes"]
    first = cmp.answers_changed[0]
    q = content.question_by_id["goal_tasks"]
    assert first.new == q.option("prioritised").label("en")
    assert first.old == q.option(old.answers["goal_tasks"]).label("en")


def _json_of(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("old,new", [("retail", "manufacturer"), ("distributor", "retail")])
def test_compare_json_equals_two_score_runs(capsys, old, new):
    """`compare --json` carries exactly the figures of `score --json` on each file."""
    paths = [str(ROOT / "questions" / "demo" / f"{n}.json") for n in (old, new)]
    before = _json_of(capsys, ["score", paths[0], "--json"])
    after = _json_of(capsys, ["score", paths[1], "--json"])
    doc = _json_of(capsys, ["compare", *paths, "--json"])
    assert doc["overall"] == {"old": before["overall"], "new": after["overall"],
                              "delta": round(after["overall"] - before["overall"], 1)}
    assert doc["completeness"]["old"] == before["completeness"]
    assert doc["completeness"]["new"] == after["completeness"]
    assert [s["step"] for s in doc["steps"]] == [s["step"] for s in after["steps"]]
    for s, b, a in zip(doc["steps"], before["steps"], after["steps"], strict=True):
        assert (s["old"], s["new"]) == (b["readiness"], a["readiness"])
        assert s["delta"] == round(a["readiness"] - b["readiness"], 1)
    old_ids, new_ids = [k["id"] for k in before["risks"]], [k["id"] for k in after["risks"]]
    assert doc["risks_closed"] == [i for i in old_ids if i not in new_ids]
    assert doc["risks_new"] == [i for i in new_ids if i not in old_ids]
    assert isinstance(doc["answers_changed"], int) and doc["answers_changed"] > 0


def test_compare_text_in_russian(capsys):
    """Without --json: the overall move, steps and changed answers, in the language asked."""
    paths = [str(ROOT / "questions" / "demo" / f"{n}.json") for n in ("retail", "distributor")]
    assert main(["compare", *paths, "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "Общая готовность: 22 → 58,2 (+36,2)" in out
    assert "Закрытые риски: R10" in out
    assert "Изменённые ответы: " in out


@pytest.mark.parametrize("make,message", [
    (lambda p: p.write_text("{not json"), "new.json: "),
    (lambda p: p.write_text('{"schema_version": 2, "answers": {"team_owner": "maybe"}}'),
     "new.json: answers.team_owner"),
    (lambda p: None, "new.json: cannot read"),
])
def test_compare_bad_file_is_one_error_line(tmp_path, capsys, make, message):
    """A bad second file: exit code 2 and one `error:` line naming it, no traceback."""
    bad = tmp_path / "new.json"
    make(bad)
    code = main(["compare", str(ROOT / "questions/demo/retail.json"), str(bad), "--json"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
