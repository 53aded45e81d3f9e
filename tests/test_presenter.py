"""Snapshots on Results and the presenter view, in AppTest; the PDF with hidden numbers."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from crmwizard import charts
from crmwizard.analysis import analyse
from crmwizard.i18n import fmt_number
from crmwizard.report.summary import summary_pdf
from crmwizard.ui.text import plain
from tests.svgread import charts_in, shapes, texts, tip, title
from tests.test_app import APP, CONTENT, PAGE, md_tables, no_errors, page_text


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.delenv("CRMWIZARD_CONSULTANT_PASSCODE", raising=False)


@pytest.fixture
def each_backend(db_setting, monkeypatch):
    """The snapshots these screens take, on SQLite and on PostgreSQL."""
    monkeypatch.setenv("CRMWIZARD_DB", db_setting)


def app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def snapshot(at: AppTest, label: str) -> AppTest:
    at.switch_page(PAGE["results"]).run()
    at.text_input(key="snap_label").set_value(label)
    return at.button(key="snap_take").click().run()


@pytest.mark.usefixtures("each_backend")
def test_snapshot_then_changes_show_since_on_results():
    """Three answers changed on two screens after a snapshot: exactly their steps moved."""
    at = snapshot(app(demo="distributor", lang="en"), "after the kick-off")
    no_errors(at)
    assert any("after the kick" in s.value for s in at.success)
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_time").set_value("dedicated").run()
    at.radio(key="q_team_owner").set_value("named_authority_budget").run()
    at.switch_page(PAGE["goals"]).run()
    at.radio(key="q_goal_tasks").set_value("prioritised").run()
    at.switch_page(PAGE["results"]).run()
    no_errors(at)
    text = page_text(at)
    assert "What changed since" in text and "after the kick" in text
    chart = charts_in(at)[-1]
    assert title(chart) == CONTENT.t("cmp_chart_title", "en")
    moved = texts(chart, "name")
    assert moved[0] in ("1. Goals and tasks", "3. Project team")
    assert sorted(moved) == ["1. Goals and tasks", "3. Project team"]
    expander = next(e for e in at.expander if e.label.startswith("Answers that changed"))
    assert expander.label == CONTENT.t("cmp_answers", "en", n=3)


def test_a_bad_snapshot_name_is_refused_with_the_field_named():
    """A name with a control character: an error naming the field, and no snapshot taken."""
    at = snapshot(app(demo="retail", lang="en"), "kick\u200boff")
    no_errors(at)
    assert [e.value for e in at.error] == [CONTENT.t("snap_label_bad", "en", field=CONTENT.t(
        "snap_label", "en"), problem=CONTENT.t("snap_label_control", "en"))]
    assert CONTENT.t("snap_none", "en") in page_text(at)


def test_hostile_snapshot_name_is_shown_literally():
    """Markdown and a link in a snapshot's name stay text."""
    label = "[x](https://evil.example) **b**"
    at = snapshot(app(demo="retail", lang="en"), label)
    no_errors(at)
    assert [s.value for s in at.success] == [CONTENT.t("snap_taken", "en", label=plain(label))]
    assert any(plain(label) in md.value for md in at.markdown)  # the "since" heading
    assert label in at.selectbox(key="snap_pick").options[0]


def _all_text(at: AppTest) -> str:
    parts = [page_text(at), *(m.value for m in at.metric), *(e.label for e in at.expander)]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


def test_hide_numbers_shows_no_score_on_results_or_sidebar(demos):
    """?present=1&hide=1: bands instead of readiness everywhere, charts without numbers."""
    at = app(demo="manufacturer", lang="en", present="1", hide="1")
    at.switch_page(PAGE["results"]).run()
    no_errors(at)
    a = analyse(CONTENT, demos["manufacturer"], "en")
    text = _all_text(at)
    assert fmt_number(a.readiness.overall, "en", 0) not in [m.value for m in at.metric]
    assert CONTENT.t("present_hidden_note", "en") in text
    for s in a.readiness.steps:
        n = fmt_number(s.readiness, "en", 0)
        assert f"— {n}" not in text and f"**{n}**" not in text, s.step
    for k in a.risks:
        assert f"= {k.score}" not in text
    columns = [c for t in md_tables(at) for c in t[0]] + [
        c for df in at.dataframe for c in df.value.columns]
    assert CONTENT.t("col_id", "en") in columns  # the register is there, without its scores
    assert CONTENT.t("col_score", "en") not in columns
    assert CONTENT.t("col_readiness", "en") not in columns
    assert not re.search(r"\+\d+([.,]\d)? readiness", text)  # no gains in points either
    radar = charts_in(at)[0]
    assert texts(radar, "tick") == []  # no 20, 40 … 100 on the rings
    assert all(v.get("data-value") is None and ":" not in tip(v) for v in shapes(radar, "value"))
    assert float(radar.get("font-size")) > charts.SIZE


def test_presenter_switches_stay_in_the_url_across_pages():
    """Turned on in the sidebar, kept in ?present=1&hide=1 on every page after a switch."""
    at = app(demo="retail", lang="en")
    at.button(key="sidebar_present").click().run()
    at.button(key="sidebar_hide").click().run()
    for page in ("team", "results", "export"):
        at.switch_page(PAGE[page]).run()
        no_errors(at)
        assert at.query_params["present"] == "1" and at.query_params["hide"] == "1"
    at.button(key="sidebar_hide").click().run()
    assert "hide" not in at.query_params and at.query_params["present"] == "1"


def test_a_blank_start_shows_the_switches_only_once_one_is_on():
    """Nothing to present or hide yet: no switches, unless the link already turned one on."""
    keys = {b.key for b in app(lang="en").button}
    assert "sidebar_present" not in keys and "sidebar_hide" not in keys
    at = app(lang="en", present="1")
    at.button(key="sidebar_present").click().run()
    assert "present" not in at.query_params
    assert "sidebar_present" not in {b.key for b in at.button}


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_pdf_with_hidden_numbers_has_no_score(demos):
    """The summary exported from "hide numbers": bands and reasons, no score of any kind."""
    a = demos["manufacturer"]
    old = a.model_copy(update={"answers": {**a.answers, "team_time": "none"}})
    plain = _pdf_text(summary_pdf(CONTENT, a, "en", since=("kick-off", "1 Nov 2026", old)))
    hidden = _pdf_text(summary_pdf(CONTENT, a, "en", since=("kick-off", "1 Nov 2026", old),
                                   hide_numbers=True))
    r = analyse(CONTENT, a, "en").readiness
    overall = CONTENT.t("pdf_score_of", "en", value=fmt_number(r.overall, "en", 0))
    assert overall in plain and overall not in hidden
    assert "of 100" not in hidden
    assert CONTENT.t("pdf_hidden_note", "en") in hidden
    for s in r.steps:
        assert f"— {fmt_number(s.readiness, 'en', 0)}: why" not in hidden
    assert "Readiness rose" in hidden or "readiness rose" in hidden
    assert "What changed since 1 Nov 2026" in plain and "3. Project team" in plain


@pytest.mark.usefixtures("each_backend")
def test_the_picked_snapshot_survives_the_switch_to_export():
    """The snapshot picked on Results is still known on Export, where the PDF is built."""
    from crmwizard.ui import since

    at = snapshot(app(demo="retail", lang="en"), "baseline")
    at.switch_page(PAGE["export"]).run()
    no_errors(at)
    assert since.PICK in at.session_state and at.session_state[since.PICK] == 1



def test_hide_numbers_drops_the_vendor_fit_on_the_shortlist():
    """A vendor's fit is a score as well: neither the cards nor the table show it."""
    at = app(demo="manufacturer", lang="en", hide="1")
    at.switch_page(PAGE["shortlist"]).run()
    no_errors(at)
    fit = CONTENT.t("sl_fit", "en")
    assert at.dataframe and not [m for m in at.metric if m.label == fit]
    assert all(fit not in df.value.columns for df in at.dataframe)
    shown = app(demo="manufacturer", lang="en")
    shown.switch_page(PAGE["shortlist"]).run()
    assert [m for m in shown.metric if m.label == fit]


@pytest.mark.usefixtures("each_backend")
def test_two_snapshots_compared_with_each_other():
    """From the first snapshot to the second: only what changed between them."""
    at = snapshot(app(demo="distributor", lang="en"), "one")
    at.switch_page(PAGE["team"]).run()
    at.radio(key="q_team_time").set_value("dedicated").run()
    at = snapshot(at, "two")
    at.switch_page(PAGE["goals"]).run()
    at.radio(key="q_goal_tasks").set_value("prioritised").run()
    at.switch_page(PAGE["results"]).run()
    at.selectbox(key="snap_pick").set_value(1).run()
    answers = next(e for e in at.expander if e.label.startswith("Answers that changed"))
    assert answers.label == CONTENT.t("cmp_answers", "en", n=2)  # against now
    at.selectbox(key="snap_against").set_value(2).run()
    no_errors(at)
    answers = next(e for e in at.expander if e.label.startswith("Answers that changed"))
    assert answers.label == CONTENT.t("cmp_answers", "en", n=1)
    assert any(md.value.startswith("#### What changed from") for md in at.markdown)
    assert texts(charts_in(at)[-1], "name") == ["3. Project team"]
