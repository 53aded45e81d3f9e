"""Two assessments or snapshots side by side: what moved in readiness, risks, goals, plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crmwizard.analysis import Analysis, analyse
from crmwizard.content import Content
from crmwizard.i18n import fmt_answer, fmt_number
from crmwizard.model import Assessment, Goal
from crmwizard.risks import RiskItem
from crmwizard.workdays import workdays_between

# The rounding of `score --json`: a change is the difference of the rounded figures, so
# the two documents never disagree by a rounding step.
DIGITS = 1


def _r(value: float) -> float:
    return round(value, DIGITS)


@dataclass(frozen=True)
class Move:
    """A figure before and after, rounded as `score --json` rounds it."""

    old: float
    new: float

    @property
    def delta(self) -> float:
        return _r(self.new - self.old)


@dataclass(frozen=True)
class StepMove:
    step: str
    number: int
    title: str
    readiness: Move


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    step: str
    question: str
    old: str
    new: str


@dataclass(frozen=True)
class Comparison:
    lang: str
    overall: Move
    completeness: Move
    steps: list[StepMove]  # in step order
    risks_closed: list[RiskItem]  # held before, no longer
    risks_new: list[RiskItem]
    goals_added: list[Goal]
    goals_removed: list[Goal]
    budget_verdict: tuple[str, str]
    plan_days: tuple[int, int]  # working days from start to end
    plan_cost: tuple[float, float]
    answers_changed: list[AnswerChange]  # grouped by step, in step order

    @property
    def by_change(self) -> list[StepMove]:
        """Steps that moved most first (up or down), then the rest in step order."""
        return sorted(self.steps, key=lambda s: (-abs(s.readiness.delta), s.number))

    @property
    def unchanged(self) -> bool:
        return not (self.overall.delta or any(s.readiness.delta for s in self.steps)
                    or self.risks_closed or self.risks_new or self.answers_changed
                    or self.goals_added or self.goals_removed)


def _goal_key(g: Goal) -> tuple[Any, ...]:
    return (g.owner, g.goal.strip().casefold(), g.kpi.strip().casefold())


def _plan_days(a: Analysis) -> int:
    return workdays_between(a.plan.start, a.plan.end) + 1


def compare_analyses(content: Content, old: Assessment, new: Assessment, before: Analysis,
                     after: Analysis) -> Comparison:
    """The comparison of two analyses already made (both in the same language)."""
    lang = after.lang
    old_steps = {s.step: s for s in before.readiness.steps}
    steps = [StepMove(s.step, s.number, s.title,
                      Move(_r(old_steps[s.step].readiness), _r(s.readiness)))
             for s in after.readiness.steps]
    old_risks = {k.id for k in before.risks}
    new_risks = {k.id for k in after.risks}
    answers: list[AnswerChange] = []
    for step in content.steps:
        for q in content.questions_by_step[step.id]:
            was, now = old.answers.get(q.id), new.answers.get(q.id)
            if was != now:
                answers.append(AnswerChange(q.id, step.id, q.short(lang),
                                            fmt_answer(content, q, was, lang),
                                            fmt_answer(content, q, now, lang)))
    old_goals = {_goal_key(g) for g in old.goals}
    new_goals = {_goal_key(g) for g in new.goals}
    return Comparison(
        lang=lang,
        overall=Move(_r(before.readiness.overall), _r(after.readiness.overall)),
        completeness=Move(_r(before.readiness.completeness), _r(after.readiness.completeness)),
        steps=steps,
        risks_closed=[k for k in before.risks if k.id not in new_risks],
        risks_new=[k for k in after.risks if k.id not in old_risks],
        goals_added=[g for g in new.goals if _goal_key(g) not in old_goals],
        goals_removed=[g for g in old.goals if _goal_key(g) not in new_goals],
        budget_verdict=(before.budget.verdict, after.budget.verdict),
        plan_days=(_plan_days(before), _plan_days(after)),
        plan_cost=(before.plan.total_cost, after.plan.total_cost),
        answers_changed=answers,
    )


def compare(content: Content, old: Assessment, new: Assessment, lang: str | None = None
            ) -> Comparison:
    """What changed from `old` to `new`, in `lang` (default: the newer one's language)."""
    lang = lang or new.language
    return compare_analyses(content, old, new, analyse(content, old, lang),
                            analyse(content, new, lang))


def compare_json(c: Comparison) -> dict[str, Any]:
    """The `compare --json` document."""
    def move(m: Move) -> dict[str, float]:
        return {"old": m.old, "new": m.new, "delta": m.delta}

    return {
        "overall": move(c.overall),
        "completeness": move(c.completeness),
        "steps": [{"step": s.step, **move(s.readiness)} for s in c.steps],
        "risks_closed": [k.id for k in c.risks_closed],
        "risks_new": [k.id for k in c.risks_new],
        "goals_added": len(c.goals_added),
        "goals_removed": len(c.goals_removed),
        "budget_verdict": {"old": c.budget_verdict[0], "new": c.budget_verdict[1]},
        "plan_days": {"old": c.plan_days[0], "new": c.plan_days[1]},
        "plan_cost": {"old": round(c.plan_cost[0]), "new": round(c.plan_cost[1])},
        "answers_changed": len(c.answers_changed),
        "answers": [{"question": x.question_id, "step": x.step} for x in c.answers_changed],
    }


def band_label(content: Content, value: float, lang: str) -> str:
    """The name of the readiness band a score falls in (shown instead of it when hiding)."""
    return [b for b in content.bands if value >= b.min][-1].label(lang)


def signed(value: float, lang: str) -> str:
    """A change with its sign: +3,5 / −2 / ±0."""
    return ("+" if value > 0 else "−" if value < 0 else "±") + fmt_number(abs(value), lang)


def move_line(content: Content, what: str, m: Move, lang: str, hide: bool = False) -> str:
    """"What: 40 → 52 (+12)"; with `hide`, the bands and the direction, never a score."""
    t = content.t
    if hide:
        direction = t("cmp_up" if m.delta > 0 else "cmp_down" if m.delta < 0 else "cmp_same",
                      lang)
        return t("cmp_band_move", lang, what=what, old=band_label(content, m.old, lang),
                 new=band_label(content, m.new, lang), direction=direction)
    return f"{what}: " + t("cmp_move", lang, old=fmt_number(m.old, lang),
                          new=fmt_number(m.new, lang), delta=signed(m.delta, lang))
