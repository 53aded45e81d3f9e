"""The integrator's spreadsheets: the requirements matrix and the plan, written with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from crmwizard.content import Content
from crmwizard.moscow import PRIORITIES, Requirement, priority_label
from crmwizard.plan import Plan

HEAD_ROW = 2  # A1 names the company (the sheet's name says what it is); filters and the
# frozen pane start under the header
PLAN_COLUMNS = ("pkg_col_id", "pkg_col_stage", "pkg_col_task", "pkg_col_after",
                "pkg_col_start", "pkg_col_end", "pkg_col_days", "pkg_col_our_hours",
                "pkg_col_our_cost", "pkg_col_their_hours", "pkg_col_their_cost",
                "pkg_col_comment")
REQ_COLUMNS = ("pkg_col_no", "pkg_col_id", "pkg_col_category", "pkg_col_requirement",
               "pkg_col_question", "pkg_col_answer", "pkg_col_priority", "pkg_col_how",
               "pkg_col_hours", "pkg_col_comment")
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE6F0")
THEIRS_FILL = PatternFill("solid", fgColor="FFF6D5")  # the columns the integrator fills in
WRAP = Alignment(wrap_text=True, vertical="top")
# Text that a spreadsheet would read as a formula or a DDE call if a person retyped it.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Writes one cell; text always stays text, never a formula, with no illegal characters."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"  # openpyxl would store "=…" as a formula otherwise
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    else:
        cell.value = value
    cell.alignment = WRAP


def _sheet(ws: Worksheet, title: str, heads: Sequence[str], widths: Sequence[float]) -> None:
    put(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.cell(row=1, column=1).alignment = Alignment(wrap_text=False)
    for col, (head, width) in enumerate(zip(heads, widths, strict=True), 1):
        put(ws, HEAD_ROW, col, head)
        ws.cell(row=HEAD_ROW, column=col).font = BOLD
        ws.cell(row=HEAD_ROW, column=col).fill = HEAD_FILL
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=HEAD_ROW + 1, column=1)


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def requirements_xlsx(content: Content, rows: list[Requirement], company: str, lang: str
                      ) -> bytes:
    """The requirements matrix: one row per requirement, empty columns for the integrator."""
    t = content.t
    wb = Workbook()
    ws = wb.active
    ws.title = t("pkg_sheet_requirements", lang)
    _sheet(ws, company,
           [t(k, lang) for k in REQ_COLUMNS], (6, 22, 22, 28, 44, 40, 22, 30, 10, 36))
    for i, r in enumerate(rows, HEAD_ROW + 1):
        for col, value in enumerate((r.number, r.id, r.category, r.requirement, r.question,
                                     r.answer, priority_label(content, r.priority, lang)), 1):
            put(ws, i, col, value)
        for col in range(8, 11):
            ws.cell(row=i, column=col).fill = THEIRS_FILL
    last = HEAD_ROW + len(rows)
    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(len(REQ_COLUMNS))}{max(last, HEAD_ROW)}"
    if rows:  # the priority stays one of the four when someone edits it
        labels = ",".join(priority_label(content, p, lang).replace(",", " ") for p in PRIORITIES)
        check = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=False)
        ws.add_data_validation(check)
        check.add(f"G{HEAD_ROW + 1}:G{last}")
        hours = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        ws.add_data_validation(hours)
        hours.add(f"I{HEAD_ROW + 1}:I{last}")
    wb.properties.title = f"{t('pkg_sheet_requirements', lang)}: {company}"
    return _bytes(wb)


def plan_xlsx(content: Content, plan: Plan, company: str, lang: str) -> bytes:
    """Our plan-schedule with totals and the integrator's hours and cost columns left empty."""
    t = content.t
    wb = Workbook()
    ws = wb.active
    ws.title = t("pkg_sheet_plan", lang)
    _sheet(ws, company,
           [t(k, lang) for k in PLAN_COLUMNS], (22, 16, 40, 24, 12, 12, 10, 12, 16, 14, 18, 36))
    names = {task.id: task.name for task in plan.tasks}
    for i, task in enumerate(plan.tasks, HEAD_ROW + 1):
        values: list[Any] = [
            task.id, content.plan.stages[task.stage](lang), task.name,
            ", ".join(names.get(d, d) for d in task.depends_on), task.start, task.end,
            task.days, round(task.effort_hours, 1), round(task.cost)]
        for col, value in enumerate(values, 1):
            put(ws, i, col, value)
        for col in (5, 6):
            ws.cell(row=i, column=col).number_format = "DD.MM.YYYY" if lang == "ru" \
                else "YYYY-MM-DD"
        for col in (8, 9):
            ws.cell(row=i, column=col).number_format = "#,##0"
        for col in range(10, 13):
            ws.cell(row=i, column=col).fill = THEIRS_FILL
    last = HEAD_ROW + len(plan.tasks)
    total = last + 1
    put(ws, total, 3, t("pkg_total", lang))
    put(ws, total, 5, plan.start)
    put(ws, total, 6, plan.end)
    put(ws, total, 8, round(plan.total_effort, 1))
    put(ws, total, 9, round(plan.total_cost))
    for col in (10, 11):  # our own formula: the integrator's totals follow what they type
        letter = get_column_letter(col)
        ws.cell(row=total, column=col).value = f"=SUM({letter}{HEAD_ROW + 1}:{letter}{last})"
    for col in range(1, len(PLAN_COLUMNS) + 1):
        ws.cell(row=total, column=col).font = BOLD
    for col in (5, 6):
        ws.cell(row=total, column=col).number_format = "DD.MM.YYYY" if lang == "ru" \
            else "YYYY-MM-DD"
    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(len(PLAN_COLUMNS))}{last}"
    numbers = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    ws.add_data_validation(numbers)
    numbers.add(f"J{HEAD_ROW + 1}:K{last}")
    wb.properties.title = f"{t('pkg_sheet_plan', lang)}: {company}"
    return _bytes(wb)
