"""Conditions over answers, written as data: comparisons joined by all / any / not."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Op = Literal[
    "eq", "ne", "lt", "le", "gt", "ge", "in", "not_in",
    "has", "has_any", "has_none", "answered", "unanswered",
]


class _Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Compare(_Node):
    """`{q, op, value}`: one answer or fact compared with a value."""

    q: str
    op: Op
    value: Any = None


class AllOf(_Node):
    all: list[Condition] = Field(min_length=1)


class AnyOf(_Node):
    any: list[Condition] = Field(min_length=1)


class NotOf(_Node):
    not_: Condition = Field(alias="not")


Condition = Compare | AllOf | AnyOf | NotOf
for _model in (AllOf, AnyOf, NotOf):
    _model.model_rebuild()


def _compare(node: Compare, values: dict[str, Any]) -> bool:
    value = values.get(node.q)
    if node.op == "unanswered":
        return value is None
    if value is None:
        return False
    if node.op == "answered":
        return True
    target = node.value
    match node.op:
        case "eq":
            return value == target
        case "ne":
            return value != target
        case "in":
            return value in target
        case "not_in":
            return value not in target
        case "has":
            return isinstance(value, list) and target in value
        case "has_any":
            return isinstance(value, list) and any(v in value for v in target)
        case "has_none":
            return isinstance(value, list) and not any(v in value for v in target)
    try:
        match node.op:
            case "lt":
                return value < target
            case "le":
                return value <= target
            case "gt":
                return value > target
            case "ge":
                return value >= target
    except TypeError:
        # An ordering between a number and a string is meaningless: the rule does not hold.
        return False
    raise AssertionError(node.op)


def holds(node: Condition, values: dict[str, Any]) -> bool:
    """True when the condition holds for these answers and facts."""
    if isinstance(node, Compare):
        return _compare(node, values)
    if isinstance(node, AllOf):
        return all(holds(n, values) for n in node.all)
    if isinstance(node, AnyOf):
        return any(holds(n, values) for n in node.any)
    return not holds(node.not_, values)


def references(node: Condition) -> list[Compare]:
    """Every comparison inside a condition, for validation."""
    if isinstance(node, Compare):
        return [node]
    if isinstance(node, AllOf):
        return [c for n in node.all for c in references(n)]
    if isinstance(node, AnyOf):
        return [c for n in node.any for c in references(n)]
    return references(node.not_)
