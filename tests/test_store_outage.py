"""PostgreSQL stopped mid-session: a clear message, the answers kept, saved on the next change."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from tests.dbcheck import query

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent
C = get_content()


@pytest.fixture
def cluster():
    """A cluster of this test's own, since the test stops it."""
    from tests.pg import Cluster

    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.destroy()


def app(url: str, monkeypatch, **params: str) -> AppTest:
    monkeypatch.setenv("CRMWIZARD_DB", url)
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", "a-long-enough-passcode")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"lang": "en", **params})
    return at.run()


def saved_answers(url: str) -> dict:
    [(data,)] = query(url, "SELECT data FROM assessments")
    return json.loads(data)["answers"]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def test_a_stopped_database_keeps_the_answers_and_the_next_change_saves_them(cluster,
                                                                            monkeypatch):
    url = cluster.url()
    at = app(url, monkeypatch)
    at.switch_page("pages/3_team.py").run()
    at.radio(key="q_team_owner").set_value("named_authority").run()
    token = at.session_state["token"]
    assert saved_answers(url) == {"team_owner": "named_authority"}

    cluster.stop()
    at.radio(key="q_team_group").set_value("formal").run()
    assert not at.exception
    assert C.t("store_down", "en") in errors(at)
    assert [w.value for w in at.sidebar.warning] == [C.t("saved_down", "en")]
    assert at.session_state["assessment"].answers["team_group"] == "formal"  # kept
    at.switch_page("pages/1_goals.py").run()  # moving on is fine too; nothing is lost
    at.switch_page("pages/3_team.py").run()
    assert not at.exception and at.radio(key="q_team_group").value == "formal"

    cluster.start()
    at.radio(key="q_team_owner").set_value("none").run()
    assert not at.exception and not errors(at)
    assert not at.sidebar.warning and at.sidebar.caption[-1].value.startswith("✓")
    assert saved_answers(url) == {"team_owner": "none", "team_group": "formal"}
    assert at.session_state["token"] == token  # the same assessment, the same link


def test_a_link_opened_while_the_database_is_down_is_read_once_it_is_back(cluster,
                                                                          monkeypatch):
    url = cluster.url()
    first = app(url, monkeypatch)
    first.switch_page("pages/3_team.py").run()
    first.radio(key="q_team_owner").set_value("named_authority").run()
    token = first.session_state["token"]

    cluster.stop()
    at = app(url, monkeypatch, a=token)
    assert not at.exception
    assert C.t("store_down_resume", "en") in errors(at)
    assert at.query_params["a"] == token  # the link is kept
    at.switch_page("pages/3_team.py").run()
    at.radio(key="q_team_group").set_value("formal").run()  # refused: never saved over it
    assert not at.exception and C.t("store_down_resume", "en") in errors(at)

    cluster.start()
    at.run()
    assert not at.exception and not errors(at)
    assert at.session_state["token"] == token
    assert at.session_state["assessment"].answers == {"team_owner": "named_authority"}
    assert query(url, "SELECT count(*) FROM assessments") == [(1,)]  # no stray new one


def test_a_snapshot_while_down_says_so_and_the_list_stays(cluster, monkeypatch):
    url = cluster.url()
    at = app(url, monkeypatch, demo="retail")
    at.switch_page("pages/10_results.py").run()
    at.text_input(key="snap_label").set_value("kick-off")
    at.button(key="snap_take").click().run()
    assert not at.exception and not errors(at)

    cluster.stop()
    at.text_input(key="snap_label").set_value("while down")
    at.button(key="snap_take").click().run()
    assert not at.exception and errors(at) == [C.t("snap_store_down", "en")]
    assert [o.split(" · ")[0] for o in at.selectbox(key="snap_pick").options] == ["kick-off"]
    assert at.text_input(key="snap_label").value == "while down"  # kept to try again

    cluster.start()
    at.button(key="snap_take").click().run()
    assert not at.exception and not errors(at)
    assert query(url, "SELECT n, label FROM snapshots ORDER BY n") == [(1, "kick-off"),
                                                                        (2, "while down")]


def test_workspace_and_delete_say_so_and_change_nothing_while_down(cluster, monkeypatch):
    url = cluster.url()
    at = app(url, monkeypatch)
    at.switch_page("pages/3_team.py").run()
    at.radio(key="q_team_owner").set_value("named_authority").run()
    at.session_state["workspace_unlocked"] = True
    at.switch_page("pages/14_workspace.py").run()
    assert len(at.dataframe[0].value) == 1

    cluster.stop()
    at.run()
    assert not at.exception and errors(at) == [C.t("ws_store_down", "en")]
    at.switch_page("pages/13_export.py").run()
    at.button(key="delete_yes").click().run()
    assert not at.exception and C.t("store_down_delete", "en") in errors(at)
    assert at.session_state["token"]  # not deleted, not forgotten

    cluster.start()
    at.button(key="delete_yes").click().run()
    assert not at.exception and not errors(at)
    assert query(url, "SELECT count(*) FROM assessments") == [(0,)]


def test_the_first_call_after_a_quick_restart_gets_a_live_connection(cluster):
    """Six idle connections all die with the server; the next call still reads and saves."""
    from crmwizard.store_pg import PgStore

    store = PgStore(cluster.url())
    token = store.create("{}")
    together = threading.Barrier(6)

    def hold() -> None:  # six at once: the pool keeps all six idle afterwards
        with store.pool.connection():
            together.wait(timeout=30)

    threads = [threading.Thread(target=hold) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.pool.get_stats()["pool_available"] == 6
    cluster.stop()
    cluster.start()
    assert store.load(token) == "{}"
    assert store.save(token, '{"n": 1}') == 2
    store.close()
