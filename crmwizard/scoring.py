"""Readiness per step and overall, completeness, and the reasons behind every number."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.content import Content, Question
from crmwizard.facts import is_visible
from crmwizard.i18n import fmt_answer

# Scores at or above RAISES count as raising readiness, at or below LOWERS as lowering it.
RAISES, LOWERS = 0.7, 0.4


@dataclass(frozen=True)
class Reason:
    """One answer's effect on a step's readiness."""

    question_id: str
    effect: int  # +1 raised, -1 lowered, 0 neutral
    score: float
    weight: float
    text: str


@dataclass(frozen=True)
class StepScore:
    step: str
    number: int
    title: str
    readiness: float  # 0..100
    completeness: float  # 0..100
    answered: int
    total: int
    reasons: list[Reason]
    unanswered: list[str]


@dataclass(frozen=True)
class Readiness:
    overall: float
    completeness: float
    steps: list[StepScore]


@dataclass(frozen=True)
class Action:
    """A change that raises overall readiness: answer or improve one question."""

    question_id: str
    step: str
    gain: float  # points of overall readiness
    text: str


def threshold_score(thresholds: list[tuple[float, float]], value: float) -> float:
    """Score of the last threshold whose value is at or below `value`; 0 below the first."""
    score = 0.0 if thresholds else 1.0
    for bound, s in thresholds:
        if value >= bound:
            score = s
    return score


def question_score(q: Question, value: Any) -> float | None:
    """Readiness 0..1 an answer gives; None when there is no answer."""
    if value is None:
        return None
    match q.type:
        case "single":
            opt = q.option(value)
            return opt.score if opt else 0.0
        case "multi":
            scores = [o.score for o in q.options if o.id in value]
            if not scores:
                return 0.0
            return max(scores) if q.aggregate == "max" else min(1.0, sum(scores))
        case "yesno":
            return q.score_yes if value else q.score_no
        case "scale":
            lo, hi = q.bounds()
            share = (value - lo) / (hi - lo)
            return q.score_min + (q.score_max - q.score_min) * min(1.0, max(0.0, share))
        case "number" | "money" | "derived":
            return threshold_score(q.thresholds, value)
    return q.score_answered


# Reason texts by (question, language, answer): every rerun re-scores every step, and
# formatting ~120 answers through Babel each time was most of the scoring time.
_TEXTS: dict[tuple[str, str, str, Any], str] = {}


def _reason(content: Content, q: Question, value: Any, score: float, lang: str) -> Reason:
    effect = 1 if score >= RAISES else -1 if score <= LOWERS else 0
    key = (q.id, q.short(lang), lang, tuple(value) if isinstance(value, list) else value)
    text = _TEXTS.get(key)
    if text is None:
        if len(_TEXTS) > 20_000:  # free-text answers are endless; keep the cache small
            _TEXTS.clear()
        text = _TEXTS[key] = f"{q.short(lang)}: {fmt_answer(content, q, value, lang)}"
    return Reason(q.id, effect, score, q.weight, text)


def step_score(content: Content, step_id: str, values: dict[str, Any], lang: str) -> StepScore:
    """Weighted mean of the step's visible scored questions; unanswered ones score 0."""
    step = content.step_by_id[step_id]
    earned = possible = 0.0
    reasons: list[Reason] = []
    unanswered: list[str] = []
    answered = total = 0
    for q in content.questions_by_step[step_id]:
        if not is_visible(q, values):
            continue
        total += 1
        value = values.get(q.id)
        score = question_score(q, value)
        possible += q.weight
        if score is None:
            unanswered.append(q.id)
            continue
        answered += 1
        earned += q.weight * score
        if q.weight > 0:
            reasons.append(_reason(content, q, value, score, lang))
    reasons.sort(key=lambda r: -r.weight * abs(r.score - 0.5))
    return StepScore(
        step=step_id, number=step.number, title=step.title(lang),
        readiness=100 * earned / possible if possible else 0.0,
        completeness=100 * answered / total if total else 100.0,
        answered=answered, total=total, reasons=reasons, unanswered=unanswered,
    )


def readiness(content: Content, values: dict[str, Any], lang: str) -> Readiness:
    """Readiness of every step and overall (weighted by step weights), with completeness."""
    steps = [step_score(content, s.id, values, lang) for s in content.steps]
    weights = {s.id: s.weight for s in content.steps}
    total_weight = sum(weights.values())
    overall = sum(s.readiness * weights[s.step] for s in steps) / total_weight
    answered = sum(s.answered for s in steps)
    total = sum(s.total for s in steps)
    return Readiness(
        overall=overall,
        completeness=100 * answered / total if total else 100.0,
        steps=steps,
    )


def next_actions(
    content: Content, values: dict[str, Any], lang: str, limit: int = 5
) -> list[Action]:
    """The answers whose improvement raises overall readiness the most, biggest gain first."""
    total_weight = sum(s.weight for s in content.steps)
    actions = []
    for step in content.steps:
        questions = [q for q in content.questions_by_step[step.id] if is_visible(q, values)]
        step_weight = sum(q.weight for q in questions)
        for q in questions:
            if not q.weight:
                continue
            score = question_score(q, values.get(q.id)) or 0.0
            best = _best_score(q)
            gain = 100 * (best - score) * q.weight / step_weight * step.weight / total_weight
            if gain > 0.05:
                actions.append(Action(q.id, step.id, gain, _action_text(content, q, values, lang)))
    actions.sort(key=lambda a: -a.gain)
    return actions[:limit]


def _best_score(q: Question) -> float:
    if q.type in ("single", "multi"):
        return min(1.0, max(o.score for o in q.options)) if q.aggregate == "max" or \
            q.type == "single" else min(1.0, sum(o.score for o in q.options))
    if q.type == "yesno":
        return max(q.score_yes, q.score_no)
    if q.type == "scale":
        return max(q.score_min, q.score_max)
    if q.type in ("number", "money"):
        return max((s for _, s in q.thresholds), default=1.0)
    return q.score_answered


def _action_text(content: Content, q: Question, values: dict[str, Any], lang: str) -> str:
    """Advice in the imperative: what to do, not which option to pick."""
    if q.id not in values and q.type != "derived":
        return content.t("action_answer", lang, question=q.short(lang))
    if q.todo is not None:
        return q.todo(lang)
    return content.t("action_improve", lang, question=q.short(lang))
