"""Screen charts: drawn from the data, in the user's language, every text escaped."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmwizard import charts
from crmwizard.analysis import analyse
from crmwizard.i18n import fmt_money_short
from crmwizard.process import effective, layout
from crmwizard.svg import width, wrap
from tests.svgread import parse, shapes, text, texts, tip, title

LABELS = {k: k for k in ("first_year", "three_years", "estimate", "stated", "title")}


@pytest.mark.parametrize("lang,month", [("ru", "дек. 2026"), ("en", "Dec 2026")])
def test_gantt_months_are_in_the_users_language(content, demos, lang, month):
    plan = analyse(content, demos["distributor"], lang, today=dt.date(2026, 12, 1)).plan
    months = texts(parse(charts.gantt(content, plan, lang)), "month")
    assert months[0] == month
    assert 2 <= len(months) <= 5


def test_gantt_has_a_bar_per_task_placed_by_its_dates(content, demos):
    plan = analyse(content, demos["retail"], "ru", today=dt.date(2026, 12, 1)).plan
    root = parse(charts.gantt(content, plan, "ru"))
    bars = shapes(root, "bar")
    assert [b.get("data-task") for b in bars] == [t.id for t in plan.tasks]
    assert texts(root, "task")[0] == plan.tasks[0].name
    assert tip(bars[0]).split("\n")[1].startswith("7 дек. 2026 — ")
    # A longer task is a longer bar; the critical ones are outlined red.
    width = {b.get("data-task"): float(b.get("width")) for b in bars}
    longest = max(plan.tasks, key=lambda t: (t.end - t.start).days)
    assert width[longest.id] == max(width.values())
    assert {b.get("data-task") for b in bars if b.get("stroke") == charts.CRITICAL} == {
        t.id for t in plan.tasks if t.critical}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_budget_bars_write_the_amounts_and_scale_the_bars(content, demos, lang):
    b = analyse(content, demos["distributor"], lang).budget
    root = parse(charts.budget_bars(b, lang, LABELS))
    assert texts(root, "amount") == [fmt_money_short(v, lang) for v in (
        b.estimate_first_year, b.stated_first_year, b.estimate_three_years,
        b.stated_three_years)]
    bars = {int(el.get("data-value")): float(el.get("width")) for el in shapes(root, "bar")}
    top = max(bars)
    for value, w in bars.items():
        assert w == pytest.approx(bars[top] * value / top, abs=0.2)


def test_risk_matrix_counts_each_cell(content, demos):
    risks = analyse(content, demos["distributor"], "en").risks
    labels = {"title": "M", "likelihood": "L", "impact": "I",
              "hover": content.t("matrix_hover", "en")}
    root = parse(charts.risk_matrix(risks, labels))
    cells = shapes(root, "cell")
    assert len(cells) == 25
    assert sum(int(c.get("data-count")) for c in cells) == len(risks)
    r = risks[0]
    cell = next(c for c in cells if (c.get("data-likelihood"), c.get("data-impact"))
                == (str(r.likelihood), str(r.impact)))
    assert r.id in tip(cell) and tip(cell).startswith(f"Likelihood {r.likelihood} × impact")


def test_radar_hides_scores_when_asked(content, demos):
    r = analyse(content, demos["retail"], "en").readiness
    shown = parse(charts.radar(r, "en", "R"))
    assert [int(v.get("data-value")) for v in shapes(shown, "value")] == [
        round(s.readiness) for s in r.steps]
    assert texts(shown, "tick") == ["20", "40", "60", "80", "100"]
    hidden = parse(charts.radar(r, "en", "R", charts.Look(1.4, hide=True)))
    assert texts(hidden, "tick") == []
    assert all(v.get("data-value") is None and ":" not in tip(v)
               for v in shapes(hidden, "value"))
    assert float(hidden.get("font-size")) > float(shown.get("font-size"))


HOSTILE = '<img src=x onerror=alert(1)> [link](http://evil) **b** $x$ :material/home: &amp;'


def test_hostile_names_are_text_in_every_chart(content, demos):
    """What a user typed reaches the SVG only as characters, never as markup or markdown."""
    a = analyse(content, demos["distributor"], "en")
    svgs = [
        charts.proposals_chart([(HOSTILE, 1e6, None, 50), ("B", 2e6, 1e5, 90)], 2e5,
                               (8e5, 1e6, 1.3e6), (40, 60, 80), "en",
                               {k: k for k in ("title", "cost", "days", "ours", "work",
                                               "licences", "licences_ours")}),
        charts.scatter_portfolio([(HOSTILE, 40, 60)], {"title": HOSTILE, "hover": "{name}",
                                                        "x": "x", "y": "y"}),
        charts.dumbbell([(HOSTILE, 10, 50)], {"then": "t", "now": "n", "title": "T",
                                              "hover": "{name}: {then} → {now}"}),
    ]
    p = effective(content, demos["distributor"], "en")[0].pipelines[0]
    svgs.append(charts.swimlane(layout(content, p, "en"), HOSTILE))
    for svg in svgs:
        assert "<img" not in svg and "](" not in svg and "**" not in svg and "$x" not in svg
        assert ":material" not in svg and "&amp;" not in svg.replace("&#38;", "")
        root = parse(svg)  # well-formed XML: nothing broke out of a text or an attribute
        seen = texts(root) + [tip(el) or "" for el in root.iter()]
        assert any("<img src=x" in t or HOSTILE[:12] in t for t in seen)
    assert a.plan.tasks


def test_a_long_name_wraps_and_ends_in_an_ellipsis(content, demos):
    name = "Очень " * 40
    root = parse(charts.dumbbell([(name, 10, 50)], {"then": "t", "now": "n", "title": "T",
                                                    "hover": "{name}"}))
    [label] = [el for el in root.iter() if (el.get("class") or "") == "name"]
    lines = [s.text for s in label]
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert text(label).startswith("Очень Очень")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.floats(40, 400), st.integers(1, 4))
def test_wrapped_lines_fit_and_keep_the_words(value, room, lines):
    out = wrap(value, 16, room, lines)
    assert 1 <= len(out) <= lines
    assert all(width(line, 16) <= room + 1e-6 or len(line) <= 3 for line in out)
    if len(value.split()) and not out[-1].endswith("…"):
        joined = "".join("".join(out).split())  # no word lost, none added, split or not
        assert joined.replace("-", "") == "".join(value.split()).replace("-", "")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=120))
def test_any_text_in_any_chart_stays_well_formed_text(value):
    """Whatever a name holds, the SVG parses and the name comes back as characters."""
    svg = charts.dumbbell([(value, 10, 50)], {"then": value, "now": "n", "title": value,
                                              "hover": "{name}: {then} → {now}"})
    root = parse(svg)
    shown = "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" else c
                    for c in value)
    assert title(root) == shown
    assert not any(ch in svg for ch in "*_[]$`")  # markdown's characters only as references


def test_step_bars_draw_each_step_at_its_readiness():
    svg = charts.step_bars([("1. Goals — 73", 73.4), ("2. Budget — Partly ready", 40)], "T")
    root = parse(svg)
    bars = shapes(root, "bar")
    assert [b.get("data-value") for b in bars] == ["73", "40"]
    ratio = float(bars[0].get("width")) / float(bars[1].get("width"))
    assert ratio == pytest.approx(73.4 / 40, rel=1e-3)
    assert texts(root, "step") == ["1. Goals — 73", "2. Budget — Partly ready"]
