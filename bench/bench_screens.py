"""AppTest rerun after one answer changes, per screen, next to a reference page."""

from __future__ import annotations

import functools
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.timing import metric
from crmwizard.ui.nav import BY_ID

ROOT = Path(__file__).resolve().parent.parent
# The reference: one Plotly chart and one dataframe, changed by one widget.
REFERENCE = """
import pandas as pd
import plotly.express as px
import streamlit as st

n = st.slider("n", 1, 100, 50, key="n")
df = pd.DataFrame({"x": range(n), "y": [i * i for i in range(n)]})
st.plotly_chart(px.line(df, x="x", y="y"))
st.dataframe(df)
"""
# (view, widget kind, key, two values to alternate). Question screens must be no slower than
# the reference; Results and Plan (charts and tables, like the reference) under 2×.
SCREENS = [
    ("start", "number_input", "profile_crm_users", (60, 61)),
    ("goals", "radio", "q_goal_direction", None),
    ("budget", "radio", "q_bud_reserve", None),
    ("team", "radio", "q_team_owner", ("named_authority", "named_authority_budget")),
    ("vendor", "radio", "q_ven_delivery", ("on_premise", "any")),
    ("requirements", "radio", "q_req_biz_priorities", None),
    ("processes", "radio", "q_proc_described", ("documents", "bpmn")),
    ("integrations", "radio", "q_int_double_entry", None),
    ("launch", "radio", "q_mvp_scope", ("one_department", "everyone_minimal")),
    ("plan", "radio", "q_plan_schedule", None),
    ("results", None, None, None),
]
RUNS = 15


def _patch_scanner() -> None:
    try:  # each new AppTest scans installed packages for components; once is enough
        from streamlit.components.v2 import manifest_scanner

        manifest_scanner.scan_component_manifests = functools.lru_cache(
            manifest_scanner.scan_component_manifests)
    except (ImportError, AttributeError):
        pass


def _rerun_ms(at: AppTest, change, i: int) -> float:
    change(at, i)
    start = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - start) * 1000
    assert not at.exception, at.exception
    return ms


@functools.cache
def _reference() -> AppTest:
    return AppTest.from_string(REFERENCE, default_timeout=60).run()


def _reference_change(at: AppTest, i: int) -> None:
    at.slider(key="n").set_value(40 + i % 2)


def paired_rerun(at: AppTest, change) -> tuple[float, float]:
    """Medians, in ms, of `at`'s reruns after `change` and of the reference page's, in turn.

    Measured in turn, a drift of the machine moves both: measured once before all the
    screens, the same reference page read 31 to 64 ms in four runs of this bench.
    """
    ref = _reference()
    times, refs = [], []
    for i in range(RUNS):
        times.append(_rerun_ms(at, change, i))
        refs.append(_rerun_ms(ref, _reference_change, i))
    return statistics.median(times), statistics.median(refs)


def _two_options(at: AppTest, kind: str, key: str, values) -> tuple:
    if values:
        return values
    options = getattr(at, kind)(key=key).options
    return options[-1], options[-2]


def open_screen(view: str) -> AppTest:
    """The distributor demo in Russian on one screen, its form open where it is folded."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["demo"] = "distributor"
    at.query_params["lang"] = "ru"
    at.run()
    at.switch_page(BY_ID[view].file).run()
    if view == "start":  # a saved profile shows as one line until "Edit"
        at.button(key="profile_open").click().run()
    return at


def metrics() -> list[dict]:
    _patch_scanner()
    os.environ["CRMWIZARD_DB"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    out = []
    for view, kind, key, values in SCREENS:
        at = open_screen(view)
        if kind is None:
            # Results has no question: a rerun as after any answer elsewhere.
            ms, reference = paired_rerun(at, lambda at, i: None)
            budget = 2.0
        else:
            a, b = _two_options(at, kind, key, values)
            # Radio labels are drawn from the options; set_value takes the option itself.
            ms, reference = paired_rerun(at, lambda at, i, k=key, kd=kind, a=a, b=b: getattr(
                at, kd)(key=k).set_value(a if i % 2 else b))
            budget = 2.0 if view == "plan" else 1.0
        out.append(metric(f"AppTest rerun after one answer, {view} screen (vs chart+table page)",
                          ms, "ms", reference, budget, by_ratio=True))
    # An edit of the process model: saved, re-scored, the swimlane diagram redrawn.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["demo"] = "distributor"
    at.query_params["lang"] = "ru"
    at.run()
    at.switch_page("pages/6_processes.py").run()
    ms, reference = paired_rerun(at, lambda at, i: at.text_input(key="pm_form_exit").set_value(
        f"Критерий {i}"))
    out.append(metric("AppTest rerun after a stage edit, processes screen (vs chart+table page)",
                      ms, "ms", reference, 1.0, by_ratio=True))
    out.append(workspace_metric())
    return out


WORKSPACE_ROWS = 500


def seed_workspace(path: Path, n: int = WORKSPACE_ROWS) -> None:
    """A store of `n` assessments: the three demos under other names, answers varied."""
    from crmwizard.assessment_io import load_assessment, to_json
    from crmwizard.content import CONTENT_DIR, get_content
    from crmwizard.store import open_store

    content, store = get_content(), open_store(str(path))
    demos = [load_assessment(content, (CONTENT_DIR / "demo" / f"{d}.json").read_bytes())
             for d in ("retail", "distributor", "manufacturer")]
    varied = [q for q in content.questions if q.type == "single"][:40]
    for i in range(n):
        a = demos[i % 3]
        answers = dict(a.answers)
        for k, q in enumerate(varied):
            if (i >> (k % 9)) & 1:
                answers[q.id] = q.options[(i + k) % len(q.options)].id
        name = f"Клиент {i:03d}"
        a = a.model_copy(update={"answers": answers, "profile": a.profile.model_copy(
            update={"company_name": name})})
        store.create(to_json(a), name)


def workspace_metric() -> dict:
    """The workspace portfolio of 500 assessments, rerun after a change of its sort order."""
    path = Path(tempfile.mkdtemp()) / "workspace.sqlite3"
    seed_workspace(path)
    os.environ["CRMWIZARD_DB"] = str(path)
    os.environ["CRMWIZARD_CONSULTANT_PASSCODE"] = "bench-passcode-long"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.query_params["lang"] = "ru"
    at.session_state["workspace_unlocked"] = True
    at.run()
    at.switch_page(BY_ID["workspace"].file).run()  # scores the 500 rows once per process
    assert len(at.dataframe[0].value) == WORKSPACE_ROWS
    ms, reference = paired_rerun(at, lambda at, i: at.selectbox(key="ws_sort").set_value(
        "readiness" if i % 2 else "company"))
    return metric(f"AppTest rerun after a sort change, workspace with {WORKSPACE_ROWS} "
                  "assessments (vs chart+table page)", ms, "ms", reference, 2.0, by_ratio=True)
