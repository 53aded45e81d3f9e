"""The integrator package of the manufacturer, and the Proposals screen with three proposals."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.bench_screens import ROOT, _patch_scanner, paired_rerun
from bench.timing import median_ms, metric
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.model import Proposal
from crmwizard.package import package_zip
from crmwizard.report import brief_pdf

PACKAGE_MS = 1000  # the budget: the whole ZIP for the manufacturer under 1 s
SCREEN_RATIO = 2.0  # the chart screens' budget against the chart+table reference page
PROPOSALS = [
    Proposal(integrator="Альфа", work_cost=4_500_000, pilot=True),
    Proposal(integrator="Бета", work_cost=11_000_000, licence_cost=2_900_000, pilot=True,
             training=True, migration=True, support_hours=40, sla=True, duration_days=210),
    Proposal(integrator="Гамма", work_cost=20_000_000, licence_cost=3_000_000, pilot=True,
             training=True, migration=True, support_hours=10, duration_days=90),
]


def metrics() -> list[dict]:
    content = get_content()
    a = load_assessment(content, (CONTENT_DIR / "demo" / "manufacturer.json").read_bytes())
    # Reference: the brief PDF alone, which the package holds too (the rest is its overhead).
    reference = median_ms(lambda: brief_pdf(content, a, "ru"), 9)
    package = median_ms(lambda: package_zip(content, a, "ru"), 9)
    out = [metric("integrator package ZIP, manufacturer (vs the brief PDF alone)", package,
                  "ms", reference, PACKAGE_MS)]
    _patch_scanner()
    os.environ["CRMWIZARD_DB"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["demo"] = "manufacturer"
    at.query_params["lang"] = "ru"
    at.run()
    at.session_state["assessment"] = a.model_copy(update={"proposals": PROPOSALS})
    at.switch_page("pages/12_proposals.py").run()
    ms, screen_ref = paired_rerun(at, lambda at, i: None)  # as after any change elsewhere
    out.append(metric("AppTest rerun, proposals screen with 3 proposals (vs chart+table page)",
                      ms, "ms", screen_ref, SCREEN_RATIO, by_ratio=True))
    return out
