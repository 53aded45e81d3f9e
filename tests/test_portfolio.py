"""The workspace portfolio and the benchmark: thirds only, 5 peers at least, no other names."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.assessment_io import to_json
from crmwizard.portfolio import MIN_PEERS, Row, benchmark, peers, size_band
from crmwizard.store import open_store
from tests.svgread import charts_in, shapes, texts, tip, tips
from tests.test_app import APP, CONTENT, PAGE, no_errors, page_text

PASSCODE = "portfolio-passcode-long"


def row(token: str, overall: float, industry: str = "wholesale", users: int = 50,
        company: str = "") -> Row:
    return Row(token, company or f"Co {token}", industry, users, overall, 90.0, 3,
               {"goals": overall, "team": 100 - overall}, "2026-11-01T10:00:00")


@pytest.mark.parametrize("n,shown", [(0, False), (MIN_PEERS - 1, False), (MIN_PEERS, True)])
def test_benchmark_needs_at_least_five_peers(n, shown):
    """Fewer than five similar assessments: no benchmark at all."""
    similar = [row(f"t{i}", 10.0 * i) for i in range(n)]
    assert (benchmark(50.0, {"goals": 50.0}, similar) is not None) == shown


@pytest.mark.parametrize("value,third", [(95.0, "top"), (35.0, "middle"), (5.0, "bottom"),
                                         (60.0, "top"), (30.0, "middle"), (20.0, "bottom")])
def test_thirds_by_the_share_of_peers_below(value, third):
    """Among peers at 10…60: the share below decides the third."""
    similar = [row(f"t{i}", 10.0 * i) for i in range(1, 7)]
    b = benchmark(value, {"goals": value, "team": 100 - value}, similar)
    assert b.positions[0].what == "overall" and b.positions[0].third == third
    assert b.positions[1].third == third  # goals follow overall here
    assert b.peers == 6


def test_peers_same_industry_or_size_never_the_company_itself():
    """Same industry or size band count; the own token and its copies never do."""
    rows = [row("a", 1, "wholesale", 5000), row("b", 1, "retail", 60), row("c", 1, "retail", 5),
            row("own", 1), row("d", 1, company="Acme (copy)")]
    found = peers("wholesale", 60, "own", "Acme", rows)
    assert [r.token for r in found] == ["a", "b"]
    assert size_band(None) is None and size_band(0) == 0 and size_band(500) == 3


@pytest.fixture
def seeded(db_setting, monkeypatch, demos):
    """A store with the distributor demo under six other companies' names, on each backend."""
    monkeypatch.setenv("CRMWIZARD_DB", db_setting)
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", PASSCODE)
    store = open_store(db_setting)
    base = demos["distributor"]

    def seed(name: str, **answers: str) -> str:
        a = base.model_copy(update={
            "profile": base.profile.model_copy(update={"company_name": name}),
            "answers": {**base.answers, **answers}})
        return store.create(to_json(a), name)
    yield store, seed
    store.close()


def unlocked(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.text_input(key="ws_passcode").set_value(PASSCODE)
    return at.button(key="ws_unlock").click().run()


def results_with_benchmark(at: AppTest) -> AppTest:
    at.switch_page(PAGE["workspace"]).run()
    at.toggle(key="ws_benchmark").set_value(True).run()
    return at.switch_page(PAGE["results"]).run()


def _everything(at: AppTest) -> str:
    parts = [page_text(at), *(e.label for e in at.expander), *(m.value for m in at.metric)]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [t for root in charts_in(at) for t in texts(root) + tips(root)]
    return "\n".join(parts)


def test_benchmark_on_results_shows_thirds_and_never_another_name(seeded):
    """Five similar clients: thirds on Results, and none of their names anywhere on the page."""
    _, seed = seeded
    names = [f"Zeta Client {i}" for i in range(MIN_PEERS)]
    for i, name in enumerate(names):
        seed(name, team_time=["none", "some", "dedicated"][i % 3])
    at = results_with_benchmark(unlocked(demo="distributor", lang="en"))
    no_errors(at)
    text = _everything(at)
    assert CONTENT.t("bench_heading", "en") in text
    assert CONTENT.t("bench_intro", "en", n=MIN_PEERS) in text
    thirds = [line for line in text.splitlines() if line.startswith("- ")
              and line.endswith(" third")]
    assert len(thirds) == 1 + len(CONTENT.steps)
    assert thirds[0].startswith("- " + CONTENT.t("overall_readiness", "en") + ": in the ")
    for name in names:
        assert name not in text and name.replace(" ", "\\ ") not in text
    assert "Zeta" not in text


def test_benchmark_not_shown_with_four_peers(seeded):
    """Four similar clients: the benchmark says it needs five, and shows no position."""
    _, seed = seeded
    for i in range(MIN_PEERS - 1):
        seed(f"Zeta Client {i}")
    at = results_with_benchmark(unlocked(demo="distributor", lang="en"))
    no_errors(at)
    text = _everything(at)
    assert CONTENT.t("bench_too_few", "en", min=MIN_PEERS, n=MIN_PEERS - 1) in text
    for third in ("top", "middle", "bottom"):
        assert CONTENT.t(f"bench_{third}", "en") not in text
    assert "Zeta" not in text


def test_benchmark_off_until_the_consultant_turns_it_on(seeded):
    """Unlocked but not turned on, or turned on and then locked: no benchmark on Results."""
    _, seed = seeded
    for i in range(MIN_PEERS + 1):
        seed(f"Zeta Client {i}")
    at = unlocked(demo="distributor", lang="en")
    at.switch_page(PAGE["results"]).run()
    assert CONTENT.t("bench_heading", "en") not in page_text(at)
    at = results_with_benchmark(at)
    assert CONTENT.t("bench_heading", "en") in page_text(at)
    at.button(key="ws_lock").click().run()
    assert CONTENT.t("bench_heading", "en") not in page_text(at)


def test_portfolio_table_filters_sorts_and_counts_snapshots(seeded):
    """Search by name and sort by readiness; the snapshot count of each row is shown."""
    store, seed = seeded
    low = seed("Alpha Low", team_time="none", team_owner="none")
    seed("Beta High", team_time="dedicated")
    store.snapshot(low, "kick-off")
    at = unlocked(lang="en")
    at.switch_page(PAGE["workspace"]).run()
    no_errors(at)
    table = at.dataframe[0].value
    company, snaps = CONTENT.t("ws_col_company", "en"), CONTENT.t("ws_col_snapshots", "en")
    assert dict(zip(table[company], table[snaps], strict=True)) == {"Alpha Low": 1,
                                                                    "Beta High": 0}
    at.selectbox(key="ws_sort").set_value("readiness").run()
    assert list(at.dataframe[0].value[company]) == ["Beta High", "Alpha Low"]
    at.text_input(key="ws_filter_text").set_value("alpha").run()
    assert list(at.dataframe[0].value[company]) == ["Alpha Low"]
    [chart] = charts_in(at)
    assert [tip(dot).split("\n")[0] for dot in shapes(chart, "dot")] == ["Alpha Low"]


def test_workspace_compares_two_assessments(seeded):
    """Picked row against another: the comparison shows the step that moved."""
    _, seed = seeded
    seed("Alpha", team_time="none")
    seed("Beta", team_time="dedicated")
    at = unlocked(lang="en")
    at.switch_page(PAGE["workspace"]).run()
    at.toggle(key="ws_compare_show").set_value(True).run()
    no_errors(at)
    assert texts(charts_in(at)[-1], "name") == ["3. Project team"]
