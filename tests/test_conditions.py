"""Conditions over answers: comparisons joined by all / any / not."""

import pytest
from pydantic import TypeAdapter

from crmwizard.conditions import Condition, holds

COND = TypeAdapter(Condition)
VALUES = {"owner": "none", "users": 40, "systems": ["onec", "mail"], "flag": True}


@pytest.mark.parametrize("cond,expected", [
    ({"q": "owner", "op": "eq", "value": "none"}, True),
    ({"q": "owner", "op": "ne", "value": "none"}, False),
    ({"q": "missing", "op": "ne", "value": "x"}, False),  # blank answers never fire ne
    ({"q": "missing", "op": "unanswered"}, True),
    ({"q": "owner", "op": "answered"}, True),
    ({"q": "users", "op": "gt", "value": 39}, True),
    ({"q": "users", "op": "lt", "value": 40}, False),
    ({"q": "users", "op": "le", "value": 40}, True),
    ({"q": "users", "op": "ge", "value": 41}, False),
    ({"q": "owner", "op": "lt", "value": 3}, False),  # a string is never below a number
    ({"q": "owner", "op": "in", "value": ["none", "named"]}, True),
    ({"q": "owner", "op": "not_in", "value": ["none"]}, False),
    ({"q": "systems", "op": "has", "value": "onec"}, True),
    ({"q": "systems", "op": "has_any", "value": ["erp", "mail"]}, True),
    ({"q": "systems", "op": "has_none", "value": ["erp", "sso"]}, True),
    ({"q": "flag", "op": "eq", "value": True}, True),
    ({"all": [{"q": "flag", "op": "eq", "value": True}, {"q": "users", "op": "gt", "value": 50}]},
     False),
    ({"any": [{"q": "flag", "op": "eq", "value": False}, {"q": "users", "op": "gt", "value": 5}]},
     True),
    ({"not": {"q": "owner", "op": "eq", "value": "none"}}, False),
])
def test_condition(cond, expected):
    """Each operator and combinator gives the documented answer."""
    assert holds(COND.validate_python(cond), VALUES) is expected


def test_unknown_operator_is_refused():
    """A condition with an operator outside the list does not validate (no eval, ever)."""
    with pytest.raises(ValueError):
        COND.validate_python({"q": "x", "op": "__import__", "value": 1})
