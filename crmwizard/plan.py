"""Plan-schedule: tasks in working days with dependencies, the critical path, and the cost."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from crmwizard.conditions import holds
from crmwizard.content import Content, ProjectClass, TaskSpec
from crmwizard.model import Assessment, TaskEdit
from crmwizard.workdays import add_workdays, first_workday, workdays_between


@dataclass(frozen=True)
class Draft:
    """A task before scheduling: how long, how much, after what."""

    id: str
    name: str
    stage: str
    step: str
    days: int
    hours: float
    after: list[str]
    milestone: str | None = None


@dataclass(frozen=True)
class Task:
    id: str
    name: str
    stage: str
    step: str
    start: dt.date
    end: dt.date  # last working day, inclusive
    days: int
    effort_hours: float
    cost: float
    depends_on: list[str]
    critical: bool
    milestone: str | None
    slack: int


@dataclass(frozen=True)
class Plan:
    project_class: str
    rate: float  # integrator's rate an hour the costs use
    start: dt.date
    end: dt.date
    tasks: list[Task]
    total_effort: float
    total_cost: float
    problems: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)


# --- drafting tasks from the answers ------------------------------------------------------------

def project_class(content: Content, values: dict[str, Any]) -> ProjectClass:
    """The first project class whose condition holds; the last one is the default."""
    return next(k for k in content.plan.project_class if k.when is None or holds(k.when, values))


def _scale(content: Content, spec: TaskSpec, values: dict[str, Any], users: int,
           departments: int, reference_users: int) -> tuple[float, float]:
    days, hours = float(spec.days), spec.hours
    if spec.per_department:
        days += spec.per_department.days * departments
        hours += spec.per_department.hours * departments
    rates = content.plan.rates
    size = max(users, 1) / reference_users
    factor = 1.0
    for f in spec.factors:
        factor *= f.multiplier(values.get(f.q))
    return (days * factor * size ** (rates.users_exponent / 2),
            hours * factor * size ** rates.users_exponent)


def drafts(content: Content, assessment: Assessment, values: dict[str, Any],
           lang: str) -> list[Draft]:
    """Every task the answers call for, with repeats expanded and skipped tasks left out."""
    plan = content.plan
    p = assessment.profile
    users = p.crm_users or plan.rates.reference_users
    departments = len(p.departments) or 1
    kind = project_class(content, values)
    expanded: dict[str, list[str]] = {}  # spec id → ids of the tasks it became
    out: list[Draft] = []
    for spec in plan.task:
        if (spec.classes and kind.id not in spec.classes) or \
                (spec.skip_if is not None and holds(spec.skip_if, values)):
            expanded[spec.id] = []
            continue
        after = [i for dep in spec.after for i in expanded.get(dep, [])]
        days, hours = _scale(content, spec, values, users, departments, kind.reference_users)
        items = _items(content, spec, assessment, values, lang)
        name = spec.name
        if spec.name_by is not None:
            name = spec.name_by.values.get(values.get(spec.name_by.q), spec.name)
        if items is None:
            out.append(Draft(spec.id, name(lang), spec.stage, spec.step,
                             max(1, round(days)), round(hours), after, spec.milestone))
            expanded[spec.id] = [spec.id]
            continue
        ids: list[str] = []
        for item, label in items:
            d, h = days, hours
            if item in spec.items:  # per-item effort still follows the factors and users
                one = spec.model_copy(update={"days": max(1, round(spec.items[item].days)),
                                              "hours": spec.items[item].hours})
                d, h = _scale(content, one, values, users, departments, kind.reference_users)
            task_id = f"{spec.id}_{item}"
            # Iterations follow one another; other repeated tasks run side by side.
            deps = [ids[-1]] if spec.repeat == "iterations" and ids else after
            out.append(Draft(task_id, name(lang).format(item=label), spec.stage, spec.step,
                             max(1, round(d)), round(h), deps, spec.milestone))
            ids.append(task_id)
        expanded[spec.id] = ids
    return out


def _items(content: Content, spec: TaskSpec, assessment: Assessment, values: dict[str, Any],
           lang: str) -> list[tuple[str, str]] | None:
    if spec.repeat is None:
        return None
    if spec.repeat == "integrations":
        q = content.question_by_id["int_systems"]
        chosen = values.get("int_systems") or []
        return [(o.id, o.label(lang)) for o in q.options if o.id in chosen and o.id in spec.items]
    if spec.repeat == "departments":
        labels = {d.id: d.label(lang) for d in content.departments}
        deps = assessment.profile.departments
        if not deps:
            return [("all", content.plan.all_departments(lang))]
        return [(d, labels.get(d, d)) for d in deps]
    n = content.plan.iterations.values.get(values.get("dev_iterations"),
                                           content.plan.iterations.default)
    return [(str(i), str(i)) for i in range(1, n + 1)]


# --- scheduling --------------------------------------------------------------------------------

def schedule(drafts_: list[Draft], start: dt.date, edits: dict[str, TaskEdit],
             rate: float, internal_rate: float, internal_share: float,
             kind: str = "standard") -> Plan:
    """Forward and backward pass over finish-to-start links (drafts come in dependency order)."""
    start = first_workday(start)
    problems: list[tuple[str, str, dict[str, Any]]] = []
    days: dict[str, int] = {}
    hours: dict[str, float] = {}
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for d in drafts_:
        edit = edits.get(d.id)
        days[d.id] = edit.duration_days if edit and edit.duration_days else d.days
        hours[d.id] = edit.effort_hours if edit and edit.effort_hours is not None else d.hours
        earliest = max((ef[p] for p in d.after), default=0)
        if edit and edit.start:
            wanted = workdays_between(start, edit.start)
            if wanted < earliest:
                problems.append(("plan_start_too_early", d.id, {
                    "task": d.name, "date": add_workdays(start, earliest)}))
            earliest = max(earliest, wanted)
        es[d.id] = earliest
        ef[d.id] = earliest + days[d.id]
    finish = max(ef.values(), default=0)
    successors: dict[str, list[str]] = {d.id: [] for d in drafts_}
    for d in drafts_:
        for p in d.after:
            successors[p].append(d.id)
    ls: dict[str, int] = {}
    for d in reversed(drafts_):
        lf = min((ls[s] for s in successors[d.id]), default=finish)
        ls[d.id] = lf - days[d.id]
    tasks = []
    for d in drafts_:
        cost = hours[d.id] * (rate + internal_share * internal_rate)
        slack = ls[d.id] - es[d.id]
        tasks.append(Task(
            id=d.id, name=d.name, stage=d.stage, step=d.step,
            start=add_workdays(start, es[d.id]), end=add_workdays(start, ef[d.id] - 1),
            days=days[d.id], effort_hours=hours[d.id], cost=round(cost),
            depends_on=list(d.after), critical=slack == 0, milestone=d.milestone, slack=slack,
        ))
    return Plan(
        project_class=kind,
        rate=rate,
        start=start,
        end=max((t.end for t in tasks), default=start),
        tasks=tasks,
        total_effort=sum(t.effort_hours for t in tasks),
        total_cost=sum(t.cost for t in tasks),
        problems=problems,
    )


def default_start(today: dt.date | None = None) -> dt.date:
    """Next Monday, or the first working day after it: a plan starts with a week."""
    today = today or dt.date.today()
    return first_workday(today + dt.timedelta(days=7 - today.weekday()))


def build_plan(content: Content, assessment: Assessment, values: dict[str, Any], lang: str,
               today: dt.date | None = None) -> Plan:
    """The plan-schedule of an assessment, with the user's edits applied."""
    rates = content.plan.rates
    settings = assessment.plan
    kind = project_class(content, values)
    return schedule(
        drafts(content, assessment, values, lang),
        settings.start_date or default_start(today),
        settings.edits,
        settings.hourly_rate or kind.integrator_hourly or rates.integrator_hourly,
        rates.internal_hourly,
        rates.internal_share,
        kind.id,
    )


def plan_csv(content: Content, plan: Plan, lang: str) -> str:
    """The plan as CSV (semicolon-separated, as spreadsheets in Russian locales expect)."""
    t = content.t
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([t("plan_col_id", lang), t("plan_col_task", lang), t("plan_col_stage", lang),
                     t("plan_col_start", lang), t("plan_col_end", lang), t("plan_col_days", lang),
                     t("plan_col_effort", lang), t("plan_col_cost", lang),
                     t("plan_col_depends", lang), t("plan_col_critical", lang)])
    for task in plan.tasks:
        writer.writerow([task.id, task.name, content.plan.stages[task.stage](lang),
                         task.start.isoformat(), task.end.isoformat(), task.days,
                         round(task.effort_hours), round(task.cost), " ".join(task.depends_on),
                         t("yes" if task.critical else "no", lang)])
    return out.getvalue()
