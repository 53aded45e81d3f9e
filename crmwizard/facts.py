"""The values rules read: every visible answer plus facts derived from the assessment."""

from __future__ import annotations

from typing import Any

from crmwizard.conditions import holds
from crmwizard.content import Content, Question
from crmwizard.model import Assessment, Goal
from crmwizard.process import process_facts
from crmwizard.vendors import delivery_mode, unsourced_criteria


def goal_direction(goal: Goal) -> str | None:
    """`up` or `down`: where the goal moves its KPI, from baseline to target."""
    if goal.baseline is None or goal.target is None or goal.baseline == goal.target:
        return None
    return "up" if goal.target > goal.baseline else "down"


def goal_conflicts(content: Content, goals: list[Goal], authors: list[str] | None = None
                   ) -> list[tuple[int, int, int]]:
    """Pairs of goals of different people that pull against each other: (i, j, conflict index).

    People differ by owner role, or, with `authors` (who entered each goal), by author: two
    managers invited in the same role are two people.
    """
    found = []
    who = [(g.owner, authors[i] if authors else "") for i, g in enumerate(goals)]
    sides = [f"{g.kpi}:{goal_direction(g)}" for g in goals]
    for ci, c in enumerate(content.conflicts):
        for i, a in enumerate(sides):
            for j, b in enumerate(sides):
                if i < j and who[i] != who[j] and {a, b} == {c.a, c.b}:
                    found.append((i, j, ci))
    return found


def goal_is_measurable(goal: Goal) -> bool:
    return bool(goal.kpi) and goal.baseline is not None and goal.target is not None


def _goal_facts(content: Content, goals: list[Goal]) -> dict[str, Any]:
    if not goals:
        return {"goals.count": 0}
    return {
        "goals.count": len(goals),
        "goals.measurable_share": sum(map(goal_is_measurable, goals)) / len(goals),
        "goals.dated_share": sum(g.deadline is not None for g in goals) / len(goals),
        "goals.owners": len({g.owner for g in goals}),
        "goals.conflicts": len(goal_conflicts(content, goals)),
    }


def stated_budget(answers: dict[str, Any]) -> tuple[float | None, float | None]:
    """(one-off, yearly) budget as stated; None where not stated for the chosen budget type."""
    kind = answers.get("bud_type")
    one_off = answers.get("bud_one_off") if kind in ("one_off", "both", "not_approved") else None
    yearly = answers.get("bud_yearly") if kind in ("yearly", "both") else None
    return one_off, yearly


def _budget_facts(assessment: Assessment) -> dict[str, Any]:
    one_off, yearly = stated_budget(assessment.answers)
    if one_off is None and yearly is None:
        return {}
    first_year = (one_off or 0) + (yearly or 0)
    facts: dict[str, Any] = {"budget.first_year": first_year}
    if assessment.profile.crm_users:
        facts["budget.per_user_first_year"] = first_year / assessment.profile.crm_users
    return facts


def is_visible(question: Question, values: dict[str, Any]) -> bool:
    return question.show_if is None or holds(question.show_if, values)


def facts(content: Content, assessment: Assessment) -> dict[str, Any]:
    """Answers by question id and derived facts by name; hidden or unknown items are absent."""
    values: dict[str, Any] = dict(assessment.answers)
    p = assessment.profile
    values.update({
        "profile.employees": p.employees,
        "profile.crm_users": p.crm_users,
        "profile.departments_count": len(p.departments) if p.departments else None,
        "profile.industry": p.industry,
    })
    values.update(_goal_facts(content, assessment.goals))
    values.update(_budget_facts(assessment))
    vendor = next((v for v in content.vendors if v.id == assessment.vendor_choice), None)
    if vendor is not None:
        # Where the picked vendor keeps the data in the delivery this company would use.
        mode = "self_hosted" if delivery_mode(values, vendor) == "on_premise" else "cloud"
        values["vendor.chosen_data_in_russia"] = \
            getattr(vendor, f"data_in_russia_{mode}").value is True
    values.update(process_facts(assessment.process))
    unsourced = unsourced_criteria(content)
    for name in ("popularity", "rating"):
        if name not in unsourced:
            values[f"catalogue.{name}_sourced"] = True
    systems = values.get("int_systems")
    if isinstance(systems, list):
        values["integrations.count"] = len(systems)
    reqs = [q for q in content.questions if q.step == "requirements"]
    values["requirements.completeness"] = (
        sum(q.id in assessment.answers for q in reqs) / len(reqs) if reqs else None
    )
    # An answer to a question that is hidden now (its show_if no longer holds) does not count.
    for q in content.questions:
        if q.show_if is not None and q.id in values and not holds(q.show_if, values):
            values.pop(q.id)
    for q in content.questions:
        if q.type == "derived":
            values[q.id] = values.get(q.source)  # type: ignore[arg-type]
    return {k: v for k, v in values.items() if v is not None}
