"""Reads our plan.xlsx as an integrator returned it: their hours and cost per task of our plan."""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content
from crmwizard.plan import Plan
from crmwizard.report.sheets import HEAD_ROW, PLAN_COLUMNS

MAX_BYTES = 5 * 1024 * 1024  # our plan.xlsx is ~10 KB; anything this big is something else
MAX_UNPACKED = 50 * 1024 * 1024  # a zip that unpacks past this is a bomb, not a plan
MAX_ROWS = 500  # our plan has at most 200 tasks; 10,000 rows is not our file
HOURS, COST = PLAN_COLUMNS.index("pkg_col_their_hours"), PLAN_COLUMNS.index("pkg_col_their_cost")
LIMITS = {HOURS: 1_000_000, COST: 10_000_000_000}  # the same bounds as a proposal's fields


class ReturnError(ValueError):
    """Why a returned plan cannot be read: a UI key and its fields, naming sheet, row, column."""

    def __init__(self, key: str, **values: Any):
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, content: Content, lang: str) -> str:
        return content.t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Returned:
    task_hours: dict[str, float]
    task_costs: dict[str, float]
    hours: float
    cost: float | None  # None when no cost cell is filled in


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def _open(data: bytes) -> Any:
    from openpyxl import load_workbook

    if len(data) > MAX_BYTES:
        raise ReturnError("upload_too_big", mb=MAX_BYTES // (1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise ReturnError("upload_too_big", mb=MAX_BYTES // (1024 * 1024))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ReturnError:
        raise
    except Exception:  # noqa: BLE001 - not a zip, not a workbook, a broken part: one message
        raise ReturnError("upload_not_xlsx") from None


def _number(cell: Any, sheet: str, row: int, col: int) -> float | None:
    where = {"sheet": sheet, "row": row, "col": _letter(col)}
    if getattr(cell, "data_type", None) == "f":
        raise ReturnError("upload_formula", **where)
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ReturnError("upload_not_number", got=str(value)[:40], **where)
    if value < 0:
        raise ReturnError("upload_negative", got=value, **where)
    if value > LIMITS[col]:
        raise ReturnError("upload_too_large_value", got=value, most=LIMITS[col], **where)
    return float(value)


def read_returned_plan(content: Content, data: bytes, plan: Plan) -> Returned:
    """The integrator's hours and costs per task; ReturnError names the first fault."""
    wb = _open(data)
    try:
        names = {content.t("pkg_sheet_plan", lang): lang for lang in ("ru", "en")}
        found = next((n for n in wb.sheetnames if n in names), None)
        if found is None:
            raise ReturnError("upload_no_sheet", sheet=content.t("pkg_sheet_plan", "ru"))
        lang = names[found]
        ws = wb[found]
        # Before any row is read: a sheet whose stated size is far past our plan is not ours
        # (rows are also counted while reading, for a file that states no size).
        if (ws.max_row or 0) > HEAD_ROW + MAX_ROWS + 1:
            raise ReturnError("upload_too_many_rows", sheet=found, rows=MAX_ROWS)
        rows = ws.iter_rows(min_row=HEAD_ROW, max_row=HEAD_ROW + MAX_ROWS + 1)
        head = next(rows, ())
        for col, key in enumerate(PLAN_COLUMNS):
            expected = content.t(key, lang)
            got = head[col].value if col < len(head) else None
            if str(got or "").strip() != expected:
                raise ReturnError("upload_header", sheet=found, row=HEAD_ROW, col=_letter(col),
                                  expected=expected, got=str(got or "")[:60])
        ours = {t.id for t in plan.tasks}
        total = content.t("pkg_total", lang)
        hours: dict[str, float] = {}
        costs: dict[str, float] = {}
        for n, cells in enumerate(rows, HEAD_ROW + 1):
            if n > HEAD_ROW + MAX_ROWS:
                raise ReturnError("upload_too_many_rows", sheet=found, rows=MAX_ROWS)
            values = [c.value for c in cells]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            task_id = str(values[0] or "").strip()
            if not task_id and len(values) > 2 and str(values[2] or "").strip() == total:
                continue  # our totals row: its sums are formulas of our own
            if task_id not in ours:
                raise ReturnError("upload_unknown_task", sheet=found, row=n, col="A",
                                  got=task_id[:60])
            if task_id in hours or task_id in costs:
                raise ReturnError("upload_twice", sheet=found, row=n, col="A", got=task_id)
            h = _number(cells[HOURS], found, n, HOURS) if len(cells) > HOURS else None
            c = _number(cells[COST], found, n, COST) if len(cells) > COST else None
            if h is not None:
                hours[task_id] = h
            if c is not None:
                costs[task_id] = c
        if not hours and not costs:
            raise ReturnError("upload_empty", sheet=found)
    finally:
        wb.close()
    return Returned(hours, costs, sum(hours.values()), sum(costs.values()) if costs else None)


def returned_fields(content: Content, r: Returned, plan: Plan) -> dict[str, Any]:
    """Proposal fields a returned plan fills in: hours, cost, and what the hours cover."""
    from crmwizard.proposals import integration_of, kinds

    filled = {tid for tid in {*r.task_hours, *r.task_costs}
              if r.task_hours.get(tid) or r.task_costs.get(tid)}
    # A line counts as quoted when it has hours or a cost above zero; a typed 0 means left out.
    covered = {tid: r.task_hours.get(tid, 0.0) for tid in sorted(filled)}
    fields: dict[str, Any] = {"task_hours": covered, "work_hours": round(r.hours, 1),
                              "work_cost": None if r.cost is None else round(r.cost)}
    for kind, ids in kinds(content, plan).items():
        fields[kind] = any(tid in filled for tid in ids)
    systems = {o.id for o in content.question_by_id["int_systems"].options}
    fields["integrations"] = sorted({s for tid in filled if (s := integration_of(content, tid))
                                     and s in systems})
    return fields
