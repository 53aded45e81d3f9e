"""Risk rules: each one fires on answers that meet it and stays silent otherwise."""

from typing import Any

import pytest

from crmwizard.analysis import analyse
from crmwizard.conditions import AllOf, AnyOf, Compare, Condition, NotOf, holds
from crmwizard.content import get_content
from crmwizard.model import Assessment

CONTENT = get_content()


def _some_value(qid: str) -> Any:
    q = CONTENT.question_by_id.get(qid)
    if q is None:
        return 1
    if q.type == "single":
        return q.options[0].id
    if q.type == "multi":
        return [q.options[0].id]
    if q.type == "yesno":
        return True
    return 1


def _other_option(qid: str, avoid: list) -> Any:
    q = CONTENT.question_by_id.get(qid)
    if q is not None and q.options:
        return next(o.id for o in q.options if o.id not in avoid)
    if isinstance(avoid[0], bool):
        return not avoid[0]
    return -12345


def satisfy(node: Condition, want: bool) -> dict[str, Any]:
    """Values for which the condition evaluates to `want` (None marks a blank answer)."""
    if isinstance(node, NotOf):
        return satisfy(node.not_, not want)
    if isinstance(node, AllOf | AnyOf):
        children = node.all if isinstance(node, AllOf) else node.any
        if (isinstance(node, AllOf)) == want:  # every child must take `want`
            out: dict[str, Any] = {}
            # "x is blank" made false needs some answer; a sibling's own answer (that also
            # makes its comparison false) is drawn later and wins.
            blanks = {n.q for n in children if _is_blank_test(n)}
            for child in sorted(children, key=lambda n: not _is_blank_test(n)):
                if not want and isinstance(child, Compare) and child.q in blanks \
                        and child.op in ("eq", "in"):
                    avoid = child.value if isinstance(child.value, list) else [child.value]
                    out[child.q] = _other_option(child.q, avoid)
                else:
                    out.update(satisfy(child, want))
            return out
        return satisfy(children[0], want)
    return _compare(node, want)


def _is_blank_test(node: Condition) -> bool:
    return isinstance(node, Compare) and node.op == "unanswered"


def _compare(c: Compare, want: bool) -> dict[str, Any]:
    if c.op == "unanswered":
        return {c.q: None} if want else {c.q: _some_value(c.q)}
    if not want:
        return {c.q: None}
    v = c.value
    match c.op:
        case "answered":
            return {c.q: _some_value(c.q)}
        case "eq":
            return {c.q: v}
        case "ne":
            return {c.q: _other_option(c.q, [v])}
        case "in":
            return {c.q: v[0]}
        case "not_in":
            return {c.q: _other_option(c.q, v)}
        case "has":
            return {c.q: [v]}
        case "has_any":
            return {c.q: [v[0]]}
        case "has_none":
            return {c.q: [_other_option(c.q, v)]}
        case "lt":
            return {c.q: v - 1 if v > 0 else v - 0.5}
        case "le":
            return {c.q: v}
        case "gt":
            return {c.q: v + 1}
        case "ge":
            return {c.q: v}
    raise AssertionError(c.op)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize("rule", CONTENT.risks, ids=lambda r: r.id)
def test_rule_fires_when_its_condition_holds(rule):
    assert holds(rule.when, _clean(satisfy(rule.when, True)))


@pytest.mark.parametrize("rule", CONTENT.risks, ids=lambda r: r.id)
def test_rule_is_silent_when_its_condition_fails(rule):
    assert not holds(rule.when, _clean(satisfy(rule.when, False)))


def test_register_is_sorted_by_score_and_localised(demos):
    a = analyse(CONTENT, demos["retail"], "en")
    scores = [r.score for r in a.risks]
    assert scores == sorted(scores, reverse=True)
    assert all(r.score == r.likelihood * r.impact for r in a.risks)
    ru = analyse(CONTENT, demos["retail"], "ru")
    assert [r.id for r in ru.risks] == [r.id for r in a.risks]
    assert ru.risks[0].title != a.risks[0].title


def test_no_owner_fires_the_owner_risk_end_to_end():
    """Through a real assessment: naming an owner with authority removes an owner risk."""
    none = analyse(CONTENT, Assessment(answers={"team_owner": "none"}))
    best = analyse(CONTENT, Assessment(answers={"team_owner": "named_authority_budget"}))
    owner_risks = {r.id for r in none.risks} - {r.id for r in best.risks}
    assert owner_risks
    assert all(CONTENT.risks[[x.id for x in CONTENT.risks].index(i)].step == "team"
               for i in owner_risks)
