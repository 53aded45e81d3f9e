"""Plan-schedule: working days, dependencies, critical path, edits, costs, budget verdicts."""

import datetime as dt

import pytest

from crmwizard.analysis import analyse
from crmwizard.model import Assessment, PlanSettings, Profile, TaskEdit
from crmwizard.plan import Draft, schedule
from crmwizard.workdays import add_workdays, workdays_between

MON = dt.date(2026, 11, 30)  # a Monday


@pytest.mark.parametrize("start,n,expected", [
    (MON, 0, MON),
    (MON, 4, dt.date(2026, 12, 4)),  # Friday
    (MON, 5, dt.date(2026, 12, 7)),  # over the weekend to Monday
    (dt.date(2026, 12, 3), 3, dt.date(2026, 12, 8)),  # Thursday + 3 = next Tuesday
    (MON, 12, dt.date(2026, 12, 16)),
])
def test_add_workdays(start, n, expected):
    """Working days skip Saturdays and Sundays."""
    assert add_workdays(start, n) == expected
    assert workdays_between(start, expected) == n


def test_workdays_between_weekend_counts_from_monday():
    """A Saturday counts as the Monday after it."""
    assert workdays_between(MON, dt.date(2026, 12, 5)) == 5


def _graph():
    # A(3) → B(2) → D(4); A → C(5) → D. Critical: A, C, D (3+5+4 = 12); B has 3 days of slack.
    return [
        Draft("a", "A", "s", "plan", 3, 10, []),
        Draft("b", "B", "s", "plan", 2, 10, ["a"]),
        Draft("c", "C", "s", "plan", 5, 10, ["a"]),
        Draft("d", "D", "s", "plan", 4, 10, ["b", "c"]),
    ]


def test_critical_path_on_a_hand_made_graph():
    """The longest chain is critical; the short branch has slack."""
    plan = schedule(_graph(), MON, {}, 1000, 0, 0)
    by = {t.id: t for t in plan.tasks}
    assert [t.id for t in plan.tasks if t.critical] == ["a", "c", "d"]
    assert by["b"].slack == 3
    assert by["d"].start == add_workdays(MON, 8)
    assert plan.end == add_workdays(MON, 11)
    assert by["a"].cost == 10_000


def test_dates_respect_dependencies():
    """No task starts before every task it depends on has ended."""
    plan = schedule(_graph(), MON, {}, 1000, 0, 0)
    by = {t.id: t for t in plan.tasks}
    for t in plan.tasks:
        for dep in t.depends_on:
            assert t.start > by[dep].end


def test_editing_one_task_moves_its_dependents_and_the_critical_path():
    """Lengthening B beyond its slack makes it critical and moves D and the end."""
    plan = schedule(_graph(), MON, {"b": TaskEdit(duration_days=7)}, 1000, 0, 0)
    by = {t.id: t for t in plan.tasks}
    assert by["b"].critical and not by["c"].critical
    assert by["d"].start == add_workdays(MON, 10)
    assert plan.end == add_workdays(MON, 13)


def test_start_edit_earlier_than_dependencies_is_reported_and_ignored():
    """A start before the dependencies end is refused with a message, not silently kept."""
    plan = schedule(_graph(), MON, {"d": TaskEdit(start=MON)}, 1000, 0, 0)
    by = {t.id: t for t in plan.tasks}
    assert by["d"].start == add_workdays(MON, 8)
    assert plan.problems[0][:2] == ("plan_start_too_early", "d")


def test_start_edit_later_delays_the_task():
    """A later start is a constraint: the task and what follows move."""
    plan = schedule(_graph(), MON, {"c": TaskEdit(start=add_workdays(MON, 5))}, 1000, 0, 0)
    by = {t.id: t for t in plan.tasks}
    assert by["c"].start == add_workdays(MON, 5)
    assert by["d"].start == add_workdays(MON, 10)


def test_effort_edit_changes_cost():
    plan = schedule(_graph(), MON, {"a": TaskEdit(effort_hours=40)}, 1000, 500, 0.5)
    assert plan.tasks[0].cost == 40 * 1250


def test_bigger_company_gets_longer_and_dearer_plan(content, demos):
    """Retail < distributor < manufacturer in cost and in duration."""
    plans = {n: analyse(content, a, today=MON).plan for n, a in demos.items()}
    assert plans["retail"].total_cost < plans["distributor"].total_cost \
        < plans["manufacturer"].total_cost
    assert plans["retail"].end < plans["distributor"].end < plans["manufacturer"].end


def test_one_task_per_chosen_integration_and_department(content):
    a = Assessment(profile=Profile(crm_users=30, departments=["sales", "service"]),
                   answers={"int_systems": ["onec", "mail"]},
                   plan=PlanSettings(start_date=MON))
    ids = [t.id for t in analyse(content, a).plan.tasks]
    assert "integration_onec" in ids and "integration_mail" in ids
    assert "integration_erp" not in ids
    assert "training_sales" in ids and "training_service" in ids
    golive = next(t for t in analyse(content, a).plan.tasks if t.id == "golive")
    assert "integration_onec" in golive.depends_on


def test_chosen_integrator_skips_selection(content):
    a = Assessment(answers={"intg_status": "chosen"}, plan=PlanSettings(start_date=MON))
    assert "integrator" not in [t.id for t in analyse(content, a).plan.tasks]


def test_plan_starts_on_the_chosen_day(content):
    """A start on a day off moves to the next working day: Saturday 6 March 2027 → Tuesday 9
    (Monday 8 March is International Women's Day)."""
    a = Assessment(plan=PlanSettings(start_date=dt.date(2027, 3, 6)))
    assert analyse(content, a).plan.start == dt.date(2027, 3, 9)


@pytest.mark.parametrize("start,n,expected", [
    (dt.date(2026, 12, 30), 1, dt.date(2027, 1, 11)),  # 31 Dec is a day off, then 1–10 January
    (dt.date(2027, 2, 19), 1, dt.date(2027, 2, 20)),  # a working Saturday (transfer to 22 Feb)
    (dt.date(2027, 2, 20), 1, dt.date(2027, 2, 24)),  # 22 (transfer) and 23 Feb are off
    (dt.date(2027, 4, 30), 1, dt.date(2027, 5, 4)),  # 1 May on Saturday, observed on Monday 3
    (dt.date(2027, 6, 11), 1, dt.date(2027, 6, 15)),  # Russia Day on Saturday, off on Monday 14
])
def test_russian_production_calendar(start, n, expected):
    """Working days follow the Russian calendar: holidays, their transfers, working Saturdays."""
    assert add_workdays(start, n) == expected
    assert workdays_between(start, expected) == n


@pytest.mark.parametrize("name", ["retail", "distributor", "manufacturer"])
def test_no_task_starts_or_ends_on_a_russian_day_off(content, demos, name):
    """Every task of every demo starts and ends on a working day of the production calendar."""
    import holidays

    off = holidays.country_holidays("RU", years=range(2026, 2030))
    plan = analyse(content, demos[name], today=dt.date(2026, 12, 1)).plan
    for t in plan.tasks:
        for day in (t.start, t.end):
            assert day not in off, (t.id, day, off.get(day))
            assert day.weekday() < 5 or day == dt.date(2027, 2, 20), (t.id, day)


@pytest.mark.parametrize("answers,verdict", [
    ({}, "none"),
    ({"bud_type": "none"}, "none"),
    ({"bud_type": "one_off", "bud_one_off": 100_000}, "short"),
    ({"bud_type": "both", "bud_one_off": 100_000_000, "bud_yearly": 10_000_000}, "enough"),
])
def test_budget_verdict(content, answers, verdict):
    """The stated budget is compared with the estimate on both horizons."""
    a = Assessment(profile=Profile(crm_users=20), answers=answers,
                   plan=PlanSettings(start_date=MON))
    b = analyse(content, a).budget
    assert b.verdict == verdict
    assert b.estimate_three_years > b.estimate_first_year > 0
    if verdict == "short":
        assert b.gap < 0
    if verdict == "enough":
        assert b.gap > 0


def test_tight_budget(content):
    """Within 15% under the estimate the verdict is tight."""
    base = Assessment(profile=Profile(crm_users=20), plan=PlanSettings(start_date=MON),
                      answers={"bud_type": "one_off", "bud_one_off": 1})
    est = analyse(content, base).budget.estimate_three_years
    a = base.model_copy(update={"answers": {"bud_type": "one_off", "bud_one_off": est * 0.9}})
    assert analyse(content, a).budget.verdict == "tight"


def test_licences_follow_users_and_tier(content):
    a = Assessment(profile=Profile(crm_users=10), answers={"ven_tier": "premium"},
                   plan=PlanSettings(start_date=MON))
    b = analyse(content, a).budget
    assert b.licences_yearly == 10 * content.plan.licences["premium"] * 12
