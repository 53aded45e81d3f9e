"""Screen charts speak the user's language: month names and money on the axes."""

from __future__ import annotations

import datetime as dt

import pytest

from crmwizard import charts
from crmwizard.analysis import analyse


@pytest.mark.parametrize("lang,month", [("ru", "дек. 2026"), ("en", "Dec 2026")])
def test_gantt_months_are_in_the_users_language(content, demos, lang, month):
    """Plotly would write "Dec 2026" on a Russian screen; our ticks come from Babel."""
    plan = analyse(content, demos["distributor"], lang, today=dt.date(2026, 12, 1)).plan
    axis = charts.gantt(content, plan, lang).to_dict()["layout"]["xaxis"]
    assert axis["ticktext"][0] == month
    assert len(axis["ticktext"]) <= 9


def test_gantt_hover_dates_are_formatted(content, demos):
    plan = analyse(content, demos["retail"], "ru", today=dt.date(2026, 12, 1)).plan
    bars = charts.gantt(content, plan, "ru").to_dict()["data"][0]
    assert bars["customdata"][0][0] == "7 дек. 2026"


@pytest.mark.parametrize("lang,label", [("ru", "2\xa0млн"), ("en", "2M")])
def test_budget_axis_reads_in_russian_grouping(content, demos, lang, label):
    a = analyse(content, demos["distributor"], lang)
    labels = {k: k for k in ("first_year", "three_years", "estimate", "stated", "title")}
    axis = charts.budget_bars(a.budget, lang, labels).to_dict()["layout"]["yaxis"]
    assert label in axis["ticktext"]
