"""Reading an assessment from JSON with one clear error for anything that is not valid."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from pydantic import ValidationError

from crmwizard.content import Content, Question
from crmwizard.model import SCHEMA_VERSION, Assessment, date_problem
from crmwizard.process import problems as process_problems

MAX_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_DIGITS = 18
# pydantic names the member of a union that failed ("answers.x.bool"); people need the field.
_UNION_TAGS = {"bool", "int", "float", "str", "function-after", "constrained-str"}


class AssessmentError(ValueError):
    """An assessment is not valid: `field` is the dotted path at fault."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def _refuse_constant(name: str) -> Any:
    raise AssessmentError("(file)", f"{name} is not a number JSON allows")


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


class _TooLong:
    """A number literal larger than any field takes; reported later with its field."""

    def __init__(self, problem: str):
        self.problem = problem


def _parse_int(text: str) -> int | _TooLong:
    # Python refuses to convert more than 4300 digits (ValueError), and anything past 18
    # digits overflows the float arithmetic of the engines: no field takes such a number.
    digits = len(text.lstrip("-"))
    return _TooLong(f"a number with {digits} digits is too large") if digits > MAX_DIGITS \
        else int(text)


def _parse_float(text: str) -> float | _TooLong:
    value = float(text)
    # 1e400 would read as infinity, which no field takes
    return _TooLong(f"the number {text[:30]} is too large") if math.isinf(value) else value


def _first_bad(value: Any, path: str = "") -> tuple[str, str] | None:
    """(field, problem) of the first number too long or text with a broken character."""
    if isinstance(value, _TooLong):
        return path, value.problem
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, "contains a broken character (a lone surrogate)"
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, child in items:
        if isinstance(key, str) and _first_bad(key):
            return f"{path}.{key!r}".lstrip("."), "contains a broken character (a lone surrogate)"
        found = _first_bad(child, f"{path}.{key}" if path else str(key))
        if found:
            return found
    return None


def parse_json(raw: bytes | str) -> Any:
    """JSON text to Python, refusing oversize, NaN/Infinity, huge numbers, deep nesting."""
    if len(raw) > MAX_BYTES:
        raise AssessmentError("(file)", f"larger than {MAX_BYTES // 1000} kB")
    try:
        data = json.loads(raw, parse_constant=_refuse_constant, parse_int=_parse_int,
                          parse_float=_parse_float)
    except AssessmentError:
        raise
    except RecursionError:
        raise AssessmentError("(file)", "nested too deeply") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise AssessmentError("(file)", f"not valid JSON ({e})") from None
    except ValueError as e:  # anything else the decoder refuses: still one clear line
        raise AssessmentError("(file)", f"not valid JSON ({e})"[:200]) from None
    if _depth(data) > MAX_DEPTH:
        raise AssessmentError("(file)", f"nested deeper than {MAX_DEPTH} levels")
    bad = _first_bad(data)
    if bad:
        raise AssessmentError(bad[0] or "(file)", bad[1])
    return data


def migrate(content: Content, data: dict[str, Any]) -> dict[str, Any]:
    """Upgrades a document saved by an older version to the current schema, step by step."""
    version = data.get("schema_version")
    if "schema_version" not in data:
        raise AssessmentError("schema_version", "missing")
    if isinstance(version, bool) or not isinstance(version, int):
        raise AssessmentError("schema_version", f"expected an integer, got {version!r}")
    if version > SCHEMA_VERSION:
        raise AssessmentError(
            "schema_version", f"{version} is newer than this app reads (up to {SCHEMA_VERSION})"
        )
    if version < 1:
        raise AssessmentError("schema_version", f"{version} is not a version that existed")
    while version < SCHEMA_VERSION:
        data = _move_answers(content, data, version)
        version += 1
    return {**data, "schema_version": version}


def _move_answers(content: Content, data: dict[str, Any], version: int) -> dict[str, Any]:
    """Answers under ids that `version` had and the next one merged, moved or dropped."""
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return data
    answers = dict(answers)
    for move in content.migrations:
        if move.version != version or move.from_ not in answers:
            continue
        old = answers.pop(move.from_)
        if isinstance(old, float) and old.is_integer():
            old = int(old)
        key = str(old).lower() if isinstance(old, bool) else str(old)
        if move.to and move.to not in answers and key in move.options:
            answers[move.to] = move.options[key]
    return {**data, "answers": answers}


def from_data(content: Content, data: Any) -> Assessment:
    """A validated Assessment from parsed JSON; AssessmentError names the field at fault."""
    if not isinstance(data, dict):
        raise AssessmentError("(file)", "expected a JSON object at the top")
    data = migrate(content, data)
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = [str(p) for p in err["loc"]]
        while loc and (loc[-1] in _UNION_TAGS or "[" in loc[-1]):
            loc.pop()
        field = ".".join(loc) or "(file)"
        raise AssessmentError(field, err["msg"]) from None
    check_against_content(content, assessment)
    return assessment


def load_assessment(content: Content, raw: bytes | str) -> Assessment:
    """An Assessment from JSON text; AssessmentError for anything invalid."""
    return from_data(content, parse_json(raw))


def to_json(assessment: Assessment) -> str:
    return assessment.model_dump_json(indent=2)


def check_answer(q: Question, value: Any) -> str | None:
    """What is wrong with an answer to `q`, or None when it is acceptable."""
    kind = q.type
    if kind == "derived":
        return "is computed, not answered"
    if kind == "single":
        if not isinstance(value, str) or q.option(value) is None:
            return f"expected one of {[o.id for o in q.options]}, got {value!r}"
    elif kind == "multi":
        if not isinstance(value, list):
            return f"expected a list of options, got {value!r}"
        bad = [v for v in value if q.option(v) is None]
        if bad:
            return f"expected options from {[o.id for o in q.options]}, got {bad[0]!r}"
        if len(set(value)) != len(value):
            return "an option is chosen twice"
    elif kind == "yesno":
        if not isinstance(value, bool):
            return f"expected true or false, got {value!r}"
    elif kind in ("scale", "number", "money"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, got {value!r}"
        if kind == "scale" and not float(value).is_integer():
            return f"expected a whole number, got {value!r}"
        lo, hi = q.bounds()
        if not lo <= value <= hi:
            return f"expected a number from {lo:g} to {hi:g}, got {value!r}"
    elif kind == "text":
        if not isinstance(value, str):
            return f"expected text, got {value!r}"
    elif kind == "date":
        if not isinstance(value, str):
            return f"expected a date YYYY-MM-DD, got {value!r}"
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return f"expected a date YYYY-MM-DD, got {value!r}"
        return date_problem(day)
    return None


def check_against_content(content: Content, a: Assessment) -> None:
    """Answers and profile choices must exist in the content and fit their questions."""
    for qid, value in a.answers.items():
        q = content.question_by_id.get(qid)
        if q is None:
            raise AssessmentError(f"answers.{qid}", "unknown question id")
        problem = check_answer(q, value)
        if problem:
            raise AssessmentError(f"answers.{qid}", problem)
    industries = {c.id for c in content.industries}
    if a.profile.industry is not None and a.profile.industry not in industries:
        raise AssessmentError(
            "profile.industry", f"expected one of {sorted(industries)}, got {a.profile.industry!r}"
        )
    if a.vendor_choice is not None and a.vendor_choice not in {v.id for v in content.vendors}:
        raise AssessmentError("vendor_choice", f"unknown vendor {a.vendor_choice!r}")
    for field, problem in process_problems(content, a.process) if a.process else ():
        raise AssessmentError(field, problem)
    for field, problem in proposal_problems(content, a):
        raise AssessmentError(field, problem)
    departments = {c.id for c in content.departments}
    for i, d in enumerate(a.profile.departments):
        if d not in departments:
            raise AssessmentError(
                f"profile.departments.{i}", f"expected one of {sorted(departments)}, got {d!r}"
            )
        if d in a.profile.departments[:i]:
            raise AssessmentError(f"profile.departments.{i}", f"{d!r} is listed twice")


def proposal_problems(content: Content, a: Assessment) -> list[tuple[str, str]]:
    """Priorities name requirement questions; proposals name known vendors and systems."""
    out: list[tuple[str, str]] = []
    asked = {q.id for q in content.questions if q.step == "requirements"}
    for qid in a.priorities:
        if qid not in asked:
            out.append((f"priorities.{qid}", "not a requirements question"))
    vendors = {v.id for v in content.vendors}
    systems = {o.id for o in content.question_by_id["int_systems"].options}
    names: set[str] = set()
    for i, p in enumerate(a.proposals):
        where = f"proposals.{i}"
        if p.integrator.casefold() in names:
            out.append((f"{where}.integrator", f"{p.integrator!r} is listed twice"))
        names.add(p.integrator.casefold())
        if p.vendor and p.vendor not in vendors:
            out.append((f"{where}.vendor", f"unknown vendor {p.vendor!r}"))
        for s in p.integrations:
            if s not in systems:
                out.append((f"{where}.integrations", f"expected options from"
                            f" {sorted(systems)}, got {s!r}"))
        for qid in p.unmet:
            if qid not in asked:
                out.append((f"{where}.unmet", f"{qid!r} is not a requirements question"))
    return out
