"""Command line: validate the content, score or compare assessment files, write documents."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crmwizard.analysis import Analysis, analyse, too_few_answers
from crmwizard.assessment_io import AssessmentError, load_assessment
from crmwizard.compare import compare, compare_json, move_line
from crmwizard.content import Content, ContentError, get_content
from crmwizard.i18n import fmt_date, fmt_money, fmt_number


class CliError(Exception):
    """Ends the command with exit code 2 and this one line."""


def _load(content: Content, path: str) -> Any:
    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise CliError(f"{path}: cannot read ({e.strerror})") from None
    try:
        return load_assessment(content, raw)
    except AssessmentError as e:
        raise CliError(f"{path}: {e}") from None
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as e:
        # Not expected after the checks in assessment_io; still one line, never a traceback.
        raise CliError(f"{path}: (file): cannot be read ({type(e).__name__})") from None


def cmd_validate(content: Content, args: argparse.Namespace) -> None:
    reqs = [q for q in content.questions if q.step == "requirements"]
    summary = {
        "steps": len(content.steps),
        "questions": len(content.questions),
        "requirements_questions": len(reqs),
        "categories": len(content.categories),
        "risk_rules": len(content.risks),
        "languages": ["en", "ru"],
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print("content ok: " + ", ".join(f"{k} {v}" for k, v in summary.items()))


def score_json(a: Analysis) -> dict[str, Any]:
    """The `score --json` document."""
    r = a.readiness
    return {
        "overall": round(r.overall, 1),
        "completeness": round(r.completeness, 1),
        "steps": [
            {
                "step": s.step,
                "readiness": round(s.readiness, 1),
                "completeness": round(s.completeness, 1),
                "reasons": [_signed(x.effect) + x.text for x in s.reasons],
            }
            for s in r.steps
        ],
        "risks": [
            {
                "id": k.id, "category": k.category, "likelihood": k.likelihood,
                "impact": k.impact, "score": k.score, "step": k.step, "mitigation": k.mitigation,
            }
            for k in a.risks
        ],
    }


def _signed(effect: int) -> str:
    return {1: "+ ", -1: "− ", 0: "· "}[effect]


def cmd_score(content: Content, args: argparse.Namespace) -> None:
    assessment = _load(content, args.file)
    a = analyse(content, assessment, args.lang)
    if args.json:
        print(json.dumps(score_json(a), ensure_ascii=False, indent=2))
        return
    t, lang = content.t, a.lang
    r = a.readiness
    print(f"{t('overall_readiness', lang)}: {fmt_number(r.overall, lang)}"
          f" · {t('completeness', lang)}: {fmt_number(r.completeness, lang)}%")
    for s in r.steps:
        print(f"\n{s.number:>2}. {s.title}: {fmt_number(s.readiness, lang)}"
              f" ({s.answered}/{s.total})")
        for x in s.reasons:
            print(f"    {_signed(x.effect)}{x.text}")
    print(f"\n{t('risk_register', lang)}:")
    for k in a.risks:
        print(f"  {k.id} [{k.likelihood}×{k.impact}={k.score}] {k.title}\n      → {k.mitigation}")


def cmd_compare(content: Content, args: argparse.Namespace) -> None:
    old, new = _load(content, args.old), _load(content, args.new)
    cmp = compare(content, old, new, args.lang)
    if args.json:
        print(json.dumps(compare_json(cmp), ensure_ascii=False, indent=2))
        return
    t, lang = content.t, cmp.lang

    print(t("cmp_heading_files", lang, old=args.old, new=args.new))
    print(move_line(content, t("overall_readiness", lang), cmp.overall, lang))
    print(move_line(content, t("completeness", lang), cmp.completeness, lang))
    print(f"\n{t('cmp_steps', lang)}:")
    for s in cmp.by_change:
        print("  " + move_line(content, f"{s.number:>2}. {s.title}", s.readiness, lang))
    for key, risks in (("cmp_risks_closed", cmp.risks_closed), ("cmp_risks_new", cmp.risks_new)):
        print(f"\n{t(key, lang)}: " + (", ".join(f"{k.id} {k.title}" for k in risks)
                                        or t("cmp_none", lang)))
    for key, goals in (("cmp_goals_added", cmp.goals_added),
                       ("cmp_goals_removed", cmp.goals_removed)):
        if goals:
            print(f"{t(key, lang)}: " + "; ".join(g.goal or g.kpi for g in goals))
    (v0, v1), (d0, d1), (c0, c1) = cmp.budget_verdict, cmp.plan_days, cmp.plan_cost
    print(f"{t('cmp_budget', lang)}: {t('verdict_' + v0, lang)} → {t('verdict_' + v1, lang)}")
    print(f"{t('cmp_plan_days', lang)}: {d0} → {d1}")
    print(f"{t('cmp_plan_cost', lang)}: {fmt_money(c0, lang)} → {fmt_money(c1, lang)}")
    print(f"\n{t('cmp_answers', lang, n=len(cmp.answers_changed))}")
    step = None
    for x in cmp.answers_changed:
        if x.step != step:
            step = x.step
            s = content.step_by_id[step]
            print(f"  {s.number}. {s.title(lang)}")
        print("    " + t("cmp_answer", lang, question=x.question, old=x.old, new=x.new))


def plan_json(a: Analysis) -> dict[str, Any]:
    """The `plan --json` document."""
    p, b = a.plan, a.budget
    return {
        "enough_data": a.enough_data,
        "project_class": p.project_class,
        "start": p.start.isoformat(),
        "end": p.end.isoformat(),
        "golive": a.golive.isoformat() if a.golive else None,
        "golive_late_days": a.golive_late_days,
        "total_cost": round(p.total_cost),
        "tasks": [
            {"id": t.id, "name": t.name, "step": t.step, "start": t.start.isoformat(),
             "end": t.end.isoformat(), "effort_hours": round(t.effort_hours, 1),
             "cost": round(t.cost), "depends_on": t.depends_on, "critical": t.critical}
            for t in p.tasks
        ],
        "budget": {
            "stated_first_year": b.stated_first_year,
            "estimate_first_year": round(b.estimate_first_year),
            "stated_three_years": b.stated_three_years,
            "estimate_three_years": round(b.estimate_three_years),
            "gap": None if b.gap is None else round(b.gap),
            "verdict": b.verdict,
        },
    }


def cmd_plan(content: Content, args: argparse.Namespace) -> None:
    a = analyse(content, _load(content, args.file), args.lang)
    if args.json:
        print(json.dumps(plan_json(a), ensure_ascii=False, indent=2))
        return
    t, lang = content.t, a.lang
    if not a.enough_data:
        print(too_few_answers(content, a) + "\n")
    for task in a.plan.tasks:
        mark = "*" if task.critical else " "
        print(f"{mark} {fmt_date(task.start, lang):>12} – {fmt_date(task.end, lang):<12}"
              f" {task.name}  ({fmt_number(task.effort_hours, lang, 0)} h,"
              f" {fmt_money(task.cost, lang)})")
    b = a.budget
    print(f"\n{t('plan_end', lang)}: {fmt_date(a.plan.end, lang)} · {t('plan_cost', lang)}:"
          f" {fmt_money(a.plan.total_cost, lang)}")
    print(f"{t('budget_estimate_first', lang)}: {fmt_money(b.estimate_first_year, lang)} · "
          f"{t('budget_estimate_three', lang)}: {fmt_money(b.estimate_three_years, lang)} · "
          f"{t('verdict_' + b.verdict, lang)}")


def shortlist_json(a: Analysis) -> dict[str, Any]:
    """The `shortlist --json` document."""
    # Too few answers: no ranking from nothing, only what to fill in (exclusions still hold).
    ranked = a.shortlist.ranked if a.enough_data else []
    return {
        "enough_data": a.enough_data,
        "to_fill": a.to_fill,
        "ranked": [{"vendor": r.vendor.id, "fit": r.fit,
                    "reasons": [_signed(x.effect) + x.text for x in r.reasons]}
                   for r in ranked],
        "excluded": [{"vendor": e.vendor.id, "reasons": e.reasons}
                     for e in a.shortlist.excluded],
        "notes": a.shortlist.notes,
    }


def cmd_shortlist(content: Content, args: argparse.Namespace) -> None:
    a = analyse(content, _load(content, args.file), args.lang)
    if args.json:
        print(json.dumps(shortlist_json(a), ensure_ascii=False, indent=2))
        return
    if not a.enough_data:
        print(too_few_answers(content, a))
        return
    for note in a.shortlist.notes:
        print(f"  · {note}")
    for i, r in enumerate(a.shortlist.ranked, 1):
        print(f"{i:>2}. {r.vendor.name} — {fmt_number(r.fit, a.lang, 0)}")
        for x in r.reasons:
            print(f"      {_signed(x.effect)}{x.text}")
    print()
    for e in a.shortlist.excluded:
        print(f"  ✗ {e.vendor.name}: {'; '.join(e.reasons)}")


def _write_pdf(content: Content, args: argparse.Namespace, make: Any) -> None:
    data = make(content, _load(content, args.file), args.lang)
    try:
        Path(args.output).write_bytes(data)
    except OSError as e:
        raise CliError(f"{args.output}: cannot write ({e.strerror})") from None
    print(f"{args.output}: {len(data)} bytes")


def cmd_pdf(content: Content, args: argparse.Namespace) -> None:
    from crmwizard.report import summary_pdf  # reportlab loads only for the PDF commands

    _write_pdf(content, args, summary_pdf)


def cmd_brief(content: Content, args: argparse.Namespace) -> None:
    from crmwizard.report import brief_pdf

    _write_pdf(content, args, brief_pdf)


def cmd_bpmn(content: Content, args: argparse.Namespace) -> None:
    from crmwizard.process import bpmn_file

    assessment = _load(content, args.file)
    data = bpmn_file(content, assessment, args.lang or assessment.language)
    try:
        Path(args.output).write_bytes(data)
    except OSError as e:
        raise CliError(f"{args.output}: cannot write ({e.strerror})") from None
    print(f"{args.output}: {len(data)} bytes")


def cmd_package(content: Content, args: argparse.Namespace) -> None:
    from crmwizard.package import package_zip

    _write_pdf(content, args, package_zip)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m crmwizard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the content in questions/")
    v.add_argument("--json", action="store_true")
    v.set_defaults(run=cmd_validate)
    for name, run, what in (
        ("score", cmd_score, "readiness, reasons and risks"),
        ("plan", cmd_plan, "plan-schedule, cost and budget check"),
        ("shortlist", cmd_shortlist, "CRM vendors that fit, with reasons"),
    ):
        c = sub.add_parser(name, help=f"{what} of an assessment file")
        c.add_argument("file")
        c.add_argument("--lang", choices=["ru", "en"])
        c.add_argument("--json", action="store_true")
        c.set_defaults(run=run)
    m = sub.add_parser("compare", help="what changed from one assessment file to another")
    m.add_argument("old", metavar="OLD.json")
    m.add_argument("new", metavar="NEW.json")
    m.add_argument("--lang", choices=["ru", "en"])
    m.add_argument("--json", action="store_true")
    m.set_defaults(run=cmd_compare)
    for name, run, what in (("pdf", cmd_pdf, "summary report"), ("brief", cmd_brief,
                                                                   "integrator brief")):
        d = sub.add_parser(name, help=f"write the {what} PDF of an assessment file")
        d.add_argument("file")
        d.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        d.add_argument("--lang", choices=["ru", "en"])
        d.set_defaults(run=run)
    b = sub.add_parser("bpmn", help="write the sales process of an assessment file as BPMN 2.0")
    b.add_argument("file")
    b.add_argument("-o", "--output", required=True, metavar="OUT.bpmn")
    b.add_argument("--lang", choices=["ru", "en"])
    b.set_defaults(run=cmd_bpmn)
    k = sub.add_parser("package", help="write the package for integrators (ZIP: brief in Word"
                       " and PDF, requirements and plan in Excel, BPMN, JSON, README)")
    k.add_argument("file")
    k.add_argument("-o", "--output", required=True, metavar="OUT.zip")
    k.add_argument("--lang", choices=["ru", "en"])
    k.set_defaults(run=cmd_package)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        content = get_content()
        args.run(content, args)
    except (CliError, ContentError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - an engine bug on a valid file: one line, exit 2
        where = getattr(args, "file", "") or getattr(args, "new", "")
        print(f"error: {where + ': ' if where else ''}(file): could not be processed"
              f" ({type(e).__name__})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
