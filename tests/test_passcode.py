"""Passcode guessing: limits across sessions per address and overall, short passcodes refused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from crmwizard.throttle import Limits, Throttle

ROOT = Path(__file__).resolve().parent.parent
CONTENT = get_content()
GOOD = "correct horse battery staple"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_free_then_doubling_delays_then_a_15_minute_lock():
    clock = Clock()
    t = Throttle(clock=clock)
    waits = []
    for _ in range(20):
        assert t.wait("a") == 0
        t.failed("a")
        waits.append(t.wait("a"))
        clock.now += waits[-1]
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:10] == [1, 2, 4, 8, 16, 32]
    assert max(waits[10:19]) == 60 and waits[19] == 15 * 60
    assert t.wait("b") == 0  # another address is not slowed by one guesser...
    clock.now += 15 * 60
    assert t.wait("a") == 0  # ...and the lock runs out, but the next failure locks again
    t.failed("a")
    assert t.wait("a") == 15 * 60


def test_success_resets_the_address():
    clock = Clock()
    t = Throttle(clock=clock)
    for _ in range(6):
        t.failed("a")
    assert t.wait("a") > 0
    t.succeeded("a")
    assert t.wait("a") == 0


def test_many_addresses_hit_the_overall_limit():
    clock = Clock()
    t = Throttle(per_address=Limits(), overall=Limits(free=20, lock_after=80), clock=clock)
    for i in range(80):
        t.failed(f"10.0.0.{i}")
    assert t.wait("10.9.9.9") == 15 * 60


def test_guesses_per_hour_from_one_address():
    """The figures in the README: 23 guesses in the first hour, then 4 an hour."""
    clock = Clock()
    t = Throttle(clock=clock)
    per_hour = []
    for hour in range(1, 4):
        guesses = 0
        while True:
            clock.now += t.wait("a")
            if clock.now >= 1000 + 3600 * hour:
                break
            t.failed("a")
            guesses += 1
        per_hour.append(guesses)
    assert per_hour == [23, 4, 4]


def _try(passcode: str) -> AppTest:
    """A fresh session (a new tab) that types the passcode and presses Unlock."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.text_input(key="ws_passcode").set_value(passcode)
    at.button(key="ws_unlock").click()
    return at.run()


@pytest.fixture
def passcode(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", GOOD)


def test_wrong_guesses_in_new_sessions_slow_the_next_attempt(passcode, caplog):
    """Five wrong guesses, each from a new tab: even the right passcode must wait now."""
    caplog.set_level(logging.WARNING, logger="crmwizard")
    for _ in range(5):
        assert not _try("guess").session_state["workspace_unlocked"]
    at = _try(GOOD)
    assert not at.session_state["workspace_unlocked"]
    assert any("try again in" in e.value for e in at.error)
    assert sum("wrong attempt from" in r.message for r in caplog.records) == 5


def test_right_passcode_unlocks_and_resets(passcode):
    for _ in range(3):
        _try("guess")
    assert _try(GOOD).session_state["workspace_unlocked"]
    for _ in range(4):
        _try("guess")
    assert _try(GOOD).session_state["workspace_unlocked"]  # 4 < 5: the count started again


def test_a_short_passcode_never_unlocks_and_the_log_says_why(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", "s3cret")
    caplog.set_level(logging.WARNING, logger="crmwizard")
    at = _try("s3cret")
    assert not at.session_state["workspace_unlocked"]
    assert any(e.value == CONTENT.t("ws_unavailable", "en") for e in at.error)
    assert any("at least 12" in r.message for r in caplog.records)
