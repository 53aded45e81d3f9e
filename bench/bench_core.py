"""Core engines: content loading, scoring with risks, plan with budget, shortlist, Gantt."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.express as px

from bench.timing import median_ms, metric
from crmwizard import charts
from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.budget import budget_check
from crmwizard.compare import compare, compare_analyses
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.facts import facts
from crmwizard.model import Assessment
from crmwizard.plan import build_plan
from crmwizard.process import bpmn_file
from crmwizard.risks import risk_register
from crmwizard.scoring import readiness
from crmwizard.vendors import shortlist

ROOT = Path(__file__).resolve().parent.parent
LOAD = (
    "import time; {setup}; t = time.perf_counter(); {code}; "
    "print((time.perf_counter() - t) * 1000)"
)


def _fresh_process_ms(setup: str, code: str, repeat: int = 7) -> float:
    """Median of a step timed inside fresh processes: 'once per process' really is once."""
    runs = sorted(
        float(subprocess.run([sys.executable, "-c", LOAD.format(setup=setup, code=code)],
                             cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat)
    )
    return runs[len(runs) // 2]


def _whole(an):
    """Every part of an analysis computed, as a comparison reads them (some are lazy)."""
    return an.risks, an.actions, an.budget, an.shortlist


def metrics() -> list[dict]:
    content = get_content()
    demos = {n: load_assessment(content, (CONTENT_DIR / "demo" / f"{n}.json").read_bytes())
             for n in ("retail", "distributor", "manufacturer")}
    raw = (CONTENT_DIR / "demo" / "manufacturer.json").read_text()
    out = []

    # Timed after the imports: Python and pydantic start-up is the interpreter's, not ours.
    load = _fresh_process_ms("from crmwizard.content import get_content", "get_content()")
    parse = _fresh_process_ms(
        "import tomllib, pathlib",
        "[tomllib.loads(p.read_text()) for p in pathlib.Path('questions').glob('*.toml')]")
    out.append(metric("content load and validation, once per process (vs parsing the TOML "
                      "only)", load, "ms", parse, 200))

    validate = median_ms(lambda: Assessment.model_validate(json.loads(raw)), 200)
    for name, a in demos.items():
        values = facts(content, a)
        score = median_ms(lambda a=a, v=values: (readiness(content, v, "ru"),
                                                 risk_register(content, v, "ru"),
                                                 facts(content, a)), 200)
        out.append(metric(f"scoring + risk register, {name} (vs model_validate)", score, "ms",
                          validate, 2))
        plan_ms = median_ms(lambda a=a, v=values: budget_check(
            content, a, v, build_plan(content, a, v, "ru"), "ru"), 200)
        out.append(metric(f"plan + budget, {name} (vs model_validate)", plan_ms, "ms",
                          validate, 5))
        sl = median_ms(lambda v=values: shortlist(content, v, "ru"), 200)
        out.append(metric(f"shortlist, {name} (vs model_validate)", sl, "ms", validate, 2))

    a = demos["manufacturer"]
    plan = build_plan(content, a, facts(content, a), "ru", dt.date(2026, 11, 30))
    rows = [{"Task": t.name, "Start": t.start, "Finish": t.end + dt.timedelta(days=1),
             "Stage": t.stage} for t in plan.tasks]
    # Ours is the finished SVG; the reference only builds a figure for the browser to draw.
    ours = median_ms(lambda: charts.gantt(content, plan, "ru"), 20)
    theirs = median_ms(lambda: px.timeline(rows, x_start="Start", x_end="Finish", y="Task",
                                           color="Stage").to_json(), 20)
    out.append(metric(f"Gantt figure, {len(rows)} tasks (vs px.timeline)", ours, "ms", theirs,
                      1.5, by_ratio=True))

    # The process model read from the file and written as BPMN with DI; the reference writes
    # a plain ElementTree of as many elements, so a slow machine shows in both numbers.
    data = bpmn_file(content, load_assessment(content, raw), "ru")
    size = sum(1 for _ in ET.fromstring(data).iter())

    def plain_tree() -> bytes:
        root = ET.Element("root")
        for i in range(size):
            ET.SubElement(root, "item", {"id": f"n{i}", "name": "Коммерческое предложение"})
        return ET.tostring(root, encoding="unicode").encode()

    bpmn_ms = median_ms(lambda: bpmn_file(content, load_assessment(content, raw), "ru"), 100)
    out.append(metric(f"process model + BPMN 2.0 with DI, manufacturer ({size} XML elements; "
                      "reference: a flat ElementTree as large)", bpmn_ms, "ms",
                      median_ms(plain_tree, 100), 20))
    out += compare_metrics(content, demos["manufacturer"])
    return out


def compare_metrics(content, a: Assessment) -> list[dict]:
    """Two manufacturer-sized assessments a month apart: ten answers and a goal changed."""
    answers = dict(a.answers)
    for q in [q for q in content.questions if q.type == "single" and q.id in answers][:10]:
        answers[q.id] = next(o.id for o in q.options if o.id != answers[q.id])
    later = a.model_copy(update={"answers": answers, "goals": [*a.goals, a.goals[0].model_copy(
        update={"goal": "Новая цель"})]})
    before, after = analyse(content, a, "ru"), analyse(content, later, "ru")
    one = median_ms(lambda: analyse(content, later, "ru"), 50)
    step = median_ms(lambda: compare_analyses(content, a, later, before, after), 200)
    # What Results and Export do: both analyses are already made (the screen's and the
    # snapshot's, each once per version); the comparison itself is what is timed.
    out = [metric("compare two manufacturer-sized assessments, from their analyses "
                  "(vs one analyse)", step, "ms", one, 5)]
    # The command line's path: both files analysed, then compared; next to the same two
    # analyses (the older file's costs more than the newer's, so twice one is not the pair).
    full = median_ms(lambda: compare(content, a, later, "ru"), 30)
    pair = median_ms(lambda: (_whole(analyse(content, a, "ru")),
                              _whole(analyse(content, later, "ru"))), 30)
    out.append(metric("compare two manufacturer-sized assessments from scratch, both analyses "
                      "included (vs the same two analyses, every part computed)", full, "ms",
                      pair, 1.2, by_ratio=True))
    return out
