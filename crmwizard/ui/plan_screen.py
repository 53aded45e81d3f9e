"""Plan screen: Gantt, editable task table, totals, budget check, CSV download."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from crmwizard import charts
from crmwizard.analysis import too_few_answers
from crmwizard.budget import budget_lines
from crmwizard.i18n import fmt_date, fmt_money, fmt_money_short, fmt_number
from crmwizard.model import Assessment, PlanSettings, TaskEdit, date_problem
from crmwizard.plan import Plan, plan_csv
from crmwizard.ui import chart, fit, nav, presenter, state
from crmwizard.ui.screens import _bind, header, step_block
from crmwizard.ui.text import plain, table
from crmwizard.ui.widgets import DATE_LIMITS
from crmwizard.workdays import first_workday, workdays_between

EDITABLE = ("start", "end", "days", "effort")
MAX_DAYS = 2000  # working days of one task, as the model allows
APPLIED = "plan_applied"  # (where: "form" | "table", task ids) of the edit just applied


def _settings_changed(field: str) -> None:
    value = st.session_state[f"plan_{field}"]
    if field == "hourly_rate" and value is not None:
        value = float(value)
    state.update(lambda a: a.model_copy(
        update={"plan": a.plan.model_copy(update={field: value})}))


def _editor_key() -> str:
    return f"plan_editor_{st.session_state.get('plan_editor_version', 0)}"


def _parse_date(value: Any, check: bool = True) -> dt.date:
    """A cell's date; ValueError for text that is not one (or, checked, outside the window)."""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if check and date_problem(day):
        raise ValueError(date_problem(day))
    return day


def _outside_window(value: Any) -> bool:
    try:
        return value is not None and date_problem(_parse_date(value, check=False)) is not None
    except ValueError:
        return False  # not a date at all: reported as a bad cell


def edits_from_table(plan: Plan, edited_rows: dict, current: dict[str, TaskEdit]
                     ) -> tuple[dict[str, TaskEdit], list[tuple[str, dict]]]:
    """New task edits from the editor's changed cells, and the problems (ui key, values)."""
    edits = dict(current)
    problems: list[tuple[str, dict]] = []
    for row, cells in edited_rows.items():
        index = int(row) if str(row).isdigit() else -1
        if not 0 <= index < len(plan.tasks):
            continue  # the plan changed under the grid (another tab, new answers): no such task
        task = plan.tasks[index]
        if any(_outside_window(cells.get(k)) for k in ("start", "end")):
            problems.append(("plan_bad_date", {"task": task.name}))
            continue
        edit = edits.get(task.id, TaskEdit())
        start = task.start
        try:
            if cells.get("start") is not None:
                start = _parse_date(cells["start"])
                edit = edit.model_copy(update={"start": first_workday(start)})
            if cells.get("days") is not None:
                days = float(cells["days"])
                if not 1 <= days <= MAX_DAYS or not days.is_integer():
                    problems.append(("plan_bad_days", {"task": task.name}))
                    continue
                edit = edit.model_copy(update={"duration_days": int(days)})
            if cells.get("end") is not None:
                end = _parse_date(cells["end"])
                if end < start:
                    problems.append(("plan_end_before_start", {"task": task.name}))
                    continue
                edit = edit.model_copy(update={
                    "duration_days": workdays_between(first_workday(start), end) + 1})
            if cells.get("effort") is not None:
                hours = float(cells["effort"])
                if hours < 0 or hours != hours or hours == float("inf"):
                    problems.append(("plan_bad_effort", {"task": task.name}))
                    continue
                edit = edit.model_copy(update={"effort_hours": hours})
        except (TypeError, ValueError, OverflowError):
            problems.append(("plan_bad_cell", {"task": task.name}))
            continue
        edits[task.id] = edit
    return edits, problems


def _apply_table_edits(key: str) -> None:
    """Turns the grid's changed cells into task edits; a fresh grid is drawn after."""
    plan = state.analysis().plan
    changes = st.session_state.get(key, {}).get("edited_rows", {})
    if not changes:
        return
    edits, problems = edits_from_table(plan, changes, state.current().plan.edits)
    st.session_state["plan_problems"] = problems
    if not problems and state.update(lambda a: a.model_copy(
            update={"plan": a.plan.model_copy(update={"edits": edits})})):
        st.session_state[APPLIED] = ("table", [plan.tasks[int(r)].id for r in changes
                                               if str(r).isdigit()
                                               and int(r) < len(plan.tasks)])
    st.session_state["plan_editor_version"] = st.session_state.get("plan_editor_version", 0) + 1


def _form_apply() -> None:
    """Applies the one-task form: the same checks as the table."""
    plan = state.analysis().plan
    ids = [t.id for t in plan.tasks]
    task_id = st.session_state.get("plan_form_task")
    if task_id not in ids:
        return
    row = ids.index(task_id)
    task = plan.tasks[row]
    cells = {"days": st.session_state.get("plan_form_days"),
             "effort": st.session_state.get("plan_form_effort"),
             "start": st.session_state.get("plan_form_start")}
    cells = {k: v for k, v in cells.items() if v is not None and v != getattr(
        task, {"days": "days", "effort": "effort_hours", "start": "start"}[k])}
    edits, problems = edits_from_table(plan, {row: cells}, state.current().plan.edits)
    st.session_state["plan_problems"] = problems
    st.session_state["plan_problems_at"] = "form"
    if not problems and cells and state.update(lambda a: a.model_copy(
            update={"plan": a.plan.model_copy(update={"edits": edits})})):
        st.session_state[APPLIED] = ("form", [task_id])
        st.session_state["plan_editor_version"] = st.session_state.get("plan_editor_version",
                                                                       0) + 1
    st.session_state.pop("plan_form_for", None)


FORM_OPEN = "plan_form_open"
SETTINGS_OPEN = "plan_settings_open"


def _flip(key: str) -> None:
    """Opens or closes a part of Plan drawn on demand (the one-task form, the settings)."""
    st.session_state[key] = not st.session_state.get(key)


def _form(plan: Plan, lang: str) -> None:
    """Change one task without the grid: reads well on a projector and with a keyboard.

    Drawn once asked for: its select box is a widget kind of its own, and a first visit of
    Plan would wait for its code (bench/first_visits.md). It stays open for the session, so
    the line saying what an edit changed is in view after "Apply".
    """
    c = state.content()
    names = {t.id: t.name for t in plan.tasks}
    opened = bool(st.session_state.get(FORM_OPEN))
    st.button(c.t("plan_form_close" if opened else "plan_form", lang),
              icon=":material/edit_calendar:", on_click=_flip, args=(FORM_OPEN,),
              key="plan_form_toggle")
    if not opened:
        return
    with st.container(border=True, key="plan_form_box"):
        task_id = st.selectbox(c.t("plan_col_task", lang), list(names),
                               format_func=names.__getitem__, placeholder=c.t("choose", lang),
                               key="plan_form_task")
        task = next(t for t in plan.tasks if t.id == task_id)
        if st.session_state.get("plan_form_for") != task_id:  # another task: its own values
            for key in ("plan_form_days", "plan_form_effort", "plan_form_start"):
                st.session_state.pop(key, None)
            st.session_state["plan_form_for"] = task_id
        f1, f2, f3 = st.columns(3)
        _bind("plan_form_days", task.days)
        _bind("plan_form_effort", float(task.effort_hours))
        _bind("plan_form_start", task.start)
        # No min/max: the browser's own range tooltip is English; the check is ours.
        f1.number_input(c.t("plan_col_days", lang), step=1, key="plan_form_days")
        f2.number_input(c.t("plan_col_effort", lang), step=1.0, format="%.0f",
                        key="plan_form_effort")
        f3.date_input(c.t("plan_col_start", lang), format="DD.MM.YYYY", key="plan_form_start",
                      **DATE_LIMITS)
        st.button(c.t("plan_form_apply", lang), on_click=_form_apply, key="plan_form_apply",
                  type="primary")
        problems(lang, "form")
        applied(plan, lang, "form")


def problems(lang: str, where: str) -> None:
    """The edit refused just now, under the grid or the form it was made in."""
    c = state.content()
    if st.session_state.get("plan_problems_at", "table") != where:
        return
    st.session_state.pop("plan_problems_at", None)
    for key, values in st.session_state.pop("plan_problems", []):
        st.error(c.t(key, lang, **values), icon=":material/error:")


def applied(plan: Plan, lang: str, where: str) -> None:
    """What an edit just changed, next to where it was made: the task's new dates and cost."""
    c = state.content()
    done = st.session_state.get(APPLIED)
    if not done or done[0] != where:
        return
    del st.session_state[APPLIED]
    by_id = {t.id: t for t in plan.tasks}
    for task in (by_id[i] for i in done[1] if i in by_id):
        st.success(c.t("plan_applied", lang, task=task.name, start=fmt_date(task.start, lang),
                       end=fmt_date(task.end, lang), days=task.days,
                       cost=fmt_money(task.cost, lang), finish=fmt_date(plan.end, lang),
                       total=fmt_money(plan.total_cost, lang)), icon=":material/check_circle:")


def _reset_edits() -> None:
    state.update(lambda a: a.model_copy(update={"plan": a.plan.model_copy(update={"edits": {}})}))
    st.session_state["plan_editor_version"] = st.session_state.get("plan_editor_version", 0) + 1


def _table(plan: Plan, lang: str) -> None:
    c = state.content()
    # The cost as text in the session's language: a number cell is grouped by the browser's
    # locale ("56,950" in an English browser for a Russian session).
    rows = [{"id": t.id, "task": t.name, "stage": c.plan.stages[t.stage](lang),
             "start": t.start, "end": t.end, "days": t.days, "effort": t.effort_hours,
             "cost": fmt_number(t.cost, lang, 0), "critical": t.critical} for t in plan.tasks]
    col = st.column_config
    key = _editor_key()
    st.data_editor(
        rows, key=key, hide_index=True, width="stretch", num_rows="fixed",
        # Dates are changed in the one-task form: a date cell's editor is the browser's own
        # and shows the browser's format (mm/dd/yyyy), whatever the session's language.
        disabled=["id", "task", "stage", "start", "end", "cost", "critical"],
        column_config={
            "id": None,
            # Pixel widths that keep days, hours and cost in view on a 1280-pixel projector
            # beside the sidebar (about 790 px); a cut task name is whole in the chart.
            "task": col.TextColumn(c.t("plan_col_task", lang), width=180),
            "stage": col.TextColumn(c.t("plan_col_stage", lang), width=100),
            "start": col.DateColumn(c.t("plan_col_start", lang), format="DD.MM.YYYY",
                                    width=90, **DATE_LIMITS),
            "end": col.DateColumn(c.t("plan_col_end", lang), format="DD.MM.YYYY",
                                  width=90, **DATE_LIMITS),
            "days": col.NumberColumn(c.t("plan_col_days", lang), min_value=1,
                                     max_value=MAX_DAYS, step=1, width=90),
            "effort": col.NumberColumn(c.t("plan_col_effort", lang), min_value=0, step=1,
                                       width=70),
            "cost": col.TextColumn(c.t("plan_col_cost", lang), width=100, alignment="right"),
            "critical": col.CheckboxColumn(c.t("plan_col_critical_short", lang), width=60,
                                           help=c.t("plan_col_critical", lang)),
        },
    )
    # Edits are read after drawing (not in a callback) so a seeded or typed change is applied
    # the same way; the rerun redraws the plan, the chart and a fresh grid.
    if st.session_state.get(key, {}).get("edited_rows"):
        _apply_table_edits(key)
        st.rerun()


def task_list(plan: Plan, lang: str) -> None:
    """The Gantt as a list with dates, for a phone: stage by stage, critical tasks marked."""
    c = state.content()
    st.markdown(f"**{c.t('gantt_title', lang)}**")
    for stage, name in c.plan.stages.items():
        tasks = [t for t in plan.tasks if t.stage == stage]
        if tasks:
            st.markdown(f"**{name(lang)}**\n\n" + "\n".join(c.t(
                "plan_list_item", lang, task=plain(t.name), start=fmt_date(t.start, lang),
                end=fmt_date(t.end, lang), days=t.days,
                critical=c.t("plan_list_critical", lang) if t.critical else "")
                for t in tasks))


def _settings(settings: PlanSettings, plan: Plan, lang: str) -> None:
    """The start date and the rate as a line; their fields once asked for.

    A date and a number field are two widget kinds a first visit of Plan would wait for
    (bench/first_visits.md); both values stay in view, and the fields stay open once opened.
    """
    c = state.content()
    start, rate = settings.start_date or plan.start, settings.hourly_rate or plan.rate
    opened = bool(st.session_state.get(SETTINGS_OPEN))
    if not opened:
        st.markdown(c.t("plan_settings_line", lang, start=fmt_date(start, lang),
                        rate=fmt_money(rate, lang)))
    else:
        s1, s2, _ = st.columns([1, 1, 2])
        s1.date_input(c.t("plan_start_date", lang), format="DD.MM.YYYY", **DATE_LIMITS,
                      key=_bind("plan_start_date", start),
                      on_change=_settings_changed, args=("start_date",))
        s2.number_input(c.t("plan_hourly_rate", lang), min_value=0.0, max_value=1_000_000.0,
                        step=100.0, format="%.0f", key=_bind("plan_hourly_rate", rate),
                        on_change=_settings_changed, args=("hourly_rate",))
    st.button(c.t("plan_settings_close" if opened else "plan_settings_edit", lang),
              icon=":material/tune:", on_click=_flip, args=(SETTINGS_OPEN,),
              key="plan_settings_toggle")


def plan_screen() -> None:
    c, lang = state.content(), state.lang()
    header("plan")
    st.caption(c.t("plan_intro", lang))
    a: Assessment = state.current()
    settings: PlanSettings = a.plan
    analysis = state.analysis()
    plan = analysis.plan
    if not analysis.enough_data:
        st.warning(too_few_answers(c, analysis), icon=":material/info:")
    kind = c.plan.class_by_id(plan.project_class)
    st.info(c.t("plan_class", lang, name=kind.name(lang), why=kind.why(lang)))
    if analysis.golive_late_days:
        st.warning(c.t("plan_golive_late", lang, golive=fmt_date(analysis.golive, lang),
                       days=analysis.golive_late_days,
                       desired=fmt_date(analysis.desired_golive, lang)),
                   icon=":material/event_busy:")
    _settings(settings, plan, lang)
    m = st.columns(4)
    m[0].metric(c.t("plan_end", lang), fmt_date(plan.end, lang))
    m[1].metric(c.t("plan_duration", lang), c.t("plan_workdays", lang, n=workdays_between(
        plan.start, plan.end) + 1))
    m[2].metric(c.t("plan_effort", lang), fmt_number(plan.total_effort, lang, 0))
    # A short amount fits a quarter of a projector's width; the exact one is in the tooltip.
    m[3].metric(c.t("plan_cost", lang), fmt_money_short(plan.total_cost, lang),
                help=fmt_money(plan.total_cost, lang))
    with fit.wide("gantt"):
        chart.show(charts.gantt(c, plan, lang, presenter.look(scores=False)))
    with fit.narrow("gantt"):
        task_list(plan, lang)
    st.subheader(c.t("plan_table", lang))
    st.caption(c.t("plan_table_hint", lang))
    problems(lang, "table")
    applied(plan, lang, "table")
    for key, _task, values in plan.problems:
        st.warning(c.t(key, lang, task=values["task"], date=fmt_date(values["date"], lang)))
    _table(plan, lang)
    _form(plan, lang)
    b1, b2, _ = st.columns([1, 1, 2])
    b1.button(c.t("plan_reset", lang), icon=":material/undo:", on_click=_reset_edits,
              disabled=not settings.edits, key="plan_reset")
    b2.download_button(c.t("plan_csv", lang), plan_csv(c, plan, lang), file_name="plan.csv",
                       mime="text/csv", icon=":material/download:", on_click="ignore")
    budget_block(lang)
    step_block("plan")
    nav.back_next("plan")


def budget_block(lang: str) -> None:
    """Estimate against the stated budget, with the verdict."""
    c = state.content()
    b = state.analysis().budget
    st.subheader(c.t("budget_heading", lang))
    verdict = c.t(f"verdict_{b.verdict}", lang)
    kind = {"enough": st.success, "tight": st.warning, "short": st.error, "none": st.error}
    gap = fmt_money(abs(b.gap), lang) if b.gap is not None else ""
    kind[b.verdict](c.t(f"verdict_{b.verdict}_text", lang, verdict=verdict, gap=gap))
    # A Markdown table, not a data grid: one grid fewer to draw on a first visit of Plan.
    st.markdown(table([c.t("budget_item", lang), c.t("budget_amount", lang)], [
        [name, fmt_money(v, lang) if v is not None else c.t("not_answered", lang)]
        for name, v in budget_lines(c, b, lang)]))
