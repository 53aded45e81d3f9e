"""Readiness: per step and overall, completeness apart, every number with its reasons."""

import pytest

from crmwizard.analysis import analyse
from crmwizard.content import get_content
from crmwizard.model import Assessment, Goal, Profile
from crmwizard.scoring import question_score, threshold_score

CONTENT = get_content()
Q = CONTENT.question_by_id


def step(a, step_id):
    return next(s for s in a.readiness.steps if s.step == step_id)


def test_blank_assessment_scores_zero_and_is_incomplete():
    a = analyse(CONTENT, Assessment())
    assert a.readiness.overall == 0
    assert a.readiness.completeness < 5


@pytest.mark.parametrize("qid,value,expected", [
    ("team_owner", "none", 0.0),
    ("team_owner", "named_authority_budget", 1.0),
    ("team_owner", "named_authority", 0.7),
    ("bud_type", "none", 0.0),
    ("ven_data_russia", False, 1.0),
    ("team_owner", None, None),
])
def test_question_score(qid, value, expected):
    assert question_score(Q[qid], value) == expected


@pytest.mark.parametrize("value,expected", [(0, 0.0), (1, 0.4), (2, 0.7), (3, 1.0), (10, 1.0)])
def test_threshold_score(value, expected):
    assert threshold_score([(1, 0.4), (2, 0.7), (3, 1.0)], value) == expected


def test_step_readiness_is_the_weighted_mean():
    """Team step: one full answer among the visible questions gives weight share × 100."""
    a = analyse(CONTENT, Assessment(answers={"team_owner": "named_authority_budget"}))
    s = step(a, "team")
    visible = [q for q in CONTENT.questions_by_step["team"] if q.show_if is None]
    expected = 100 * Q["team_owner"].weight / sum(q.weight for q in visible)
    assert s.readiness == pytest.approx(expected)
    assert s.answered == 1
    assert s.reasons[0].question_id == "team_owner" and s.reasons[0].effect == 1


def test_reasons_say_what_raised_and_lowered():
    a = analyse(CONTENT, Assessment(answers={"team_owner": "none", "bud_type": "both"}), "en")
    team = step(a, "team").reasons[0]
    assert team.effect == -1 and team.text.startswith(Q["team_owner"].short.en)
    assert step(a, "budget").reasons[0].effect == 1


def test_reasons_follow_the_language():
    a = {"team_owner": "none"}
    en = step(analyse(CONTENT, Assessment(answers=a), "en"), "team").reasons[0].text
    ru = step(analyse(CONTENT, Assessment(answers=a), "ru"), "team").reasons[0].text
    assert en != ru and Q["team_owner"].short.ru in ru


def test_hidden_question_is_left_out():
    """bud_yearly is hidden for a one-off budget: neither counted nor scored."""
    a = analyse(CONTENT, Assessment(answers={"bud_type": "one_off", "bud_yearly": 5}))
    assert "bud_yearly" not in a.values
    s = step(a, "budget")
    assert "bud_yearly" not in s.unanswered


def test_goals_drive_the_goal_step():
    measured = Goal(owner="sales", goal="x", kpi="revenue", baseline=1, target=2,
                    deadline="2027-01-01")
    vague = Goal(owner="sales", goal="x")
    good = step(analyse(CONTENT, Assessment(goals=[measured])), "goals").readiness
    poor = step(analyse(CONTENT, Assessment(goals=[vague])), "goals").readiness
    assert good > poor > 0


def test_conflicting_goals_are_counted():
    up = Goal(owner="sales", kpi="discount_rate", baseline=5, target=10)
    margin = Goal(owner="finance", kpi="gross_margin", baseline=20, target=25)
    a = analyse(CONTENT, Assessment(goals=[up, margin]))
    assert a.values["goals.conflicts"] == 1
    same_owner = analyse(CONTENT, Assessment(goals=[up, margin.model_copy(
        update={"owner": "sales"})]))
    assert same_owner.values["goals.conflicts"] == 0


def test_budget_per_user_fact():
    a = analyse(CONTENT, Assessment(profile=Profile(crm_users=10),
                                    answers={"bud_type": "one_off", "bud_one_off": 500_000}))
    assert a.values["budget.per_user_first_year"] == 50_000


def test_next_actions_point_to_steps_and_raise_readiness():
    a = analyse(CONTENT, Assessment(), "en")
    assert 1 <= len(a.actions) <= 5
    gains = [x.gain for x in a.actions]
    assert gains == sorted(gains, reverse=True)
    first = a.actions[0]
    assert first.step in CONTENT.step_by_id
    q = Q[first.question_id]
    best = max(o.score for o in q.options) if q.options else 1.0
    improved = Assessment(answers={first.question_id: next(
        (o.id for o in q.options if o.score == best), True)}) if q.options else None
    if improved is not None:
        # A follow-up question may appear (show_if) and share the step's weight: close, not equal.
        assert analyse(CONTENT, improved).readiness.overall == pytest.approx(first.gain, rel=0.2)


def test_demo_profiles_land_in_rising_bands(demos):
    """Retail low, distributor middle, manufacturer high; each with at least three risks."""
    r = {n: analyse(CONTENT, a) for n, a in demos.items()}
    assert r["retail"].readiness.overall < 40
    assert 40 <= r["distributor"].readiness.overall < 70
    assert r["manufacturer"].readiness.overall >= 70
    for a in r.values():
        assert len(a.risks) >= 3
        assert a.readiness.completeness > 80
