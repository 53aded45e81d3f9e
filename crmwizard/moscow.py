"""MoSCoW priorities of the requirements: derived from weights and answers, or set by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.conditions import holds
from crmwizard.content import Content, Question
from crmwizard.facts import facts, is_visible
from crmwizard.i18n import fmt_answer
from crmwizard.model import Assessment

PRIORITIES = ("must", "should", "could", "wont")


@dataclass(frozen=True)
class Requirement:
    number: int
    id: str
    category: str
    requirement: str  # the question's short name: the requirement in plain words
    question: str
    answer: str
    answered: bool
    priority: str  # must / should / could / wont
    derived: str  # the priority the rules give, before any change by hand


def derived_priority(content: Content, q: Question, values: dict[str, Any]) -> str:
    """The first MoSCoW rule that names `q` and holds, else the priority of its weight."""
    moscow = content.moscow
    if moscow is None:
        return "should"
    for rule in moscow.rule:
        if (q.id in rule.questions or q.category in rule.categories) and (
                rule.when is None or holds(rule.when, values)):
            return rule.priority
    return next((p for w, p in moscow.by_weight if q.weight >= w), moscow.by_weight[-1][1])


def requirement_questions(content: Content, values: dict[str, Any]) -> list[Question]:
    """Step-6 questions a person answers that apply to this company, in content order."""
    return [q for q in content.questions if q.step == "requirements" and q.type != "derived"
            and is_visible(q, values)]


def requirements(content: Content, assessment: Assessment, lang: str,
                 values: dict[str, Any] | None = None) -> list[Requirement]:
    """One row per requirement question, answered or left open, with its priority."""
    values = facts(content, assessment) if values is None else values
    titles = {c.id: c.title(lang) for c in content.categories}
    rows = []
    for n, q in enumerate(requirement_questions(content, values), 1):
        value = values.get(q.id)
        derived = derived_priority(content, q, values)
        rows.append(Requirement(
            number=n, id=q.id, category=titles.get(q.category or "", ""),
            requirement=q.short(lang), question=q.text(lang),
            answer=content.t("pkg_unanswered", lang) if value is None
            else fmt_answer(content, q, value, lang),
            answered=value is not None,
            priority=assessment.priorities.get(q.id, derived), derived=derived))
    return rows


def priority_label(content: Content, priority: str, lang: str) -> str:
    return content.t(f"moscow_{priority}", lang)
