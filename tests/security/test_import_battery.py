"""Malformed files and forged links: each loads, or is refused with one plain message."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from crmwizard.__main__ import main
from crmwizard.analysis import analyse
from crmwizard.assessment_io import AssessmentError, load_assessment, to_json
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.problems import plain_problem
from crmwizard.store_sqlite import SqliteStore
from tests.security.hostile import HOSTILE, record
from tests.test_bad_input import CASES

CONTENT = get_content()
ODD = [10**30, -(10**25), 1e308, -1e-320, 0, -1, 2**63, "", "0", "9999-12-31", "0001-01-01",
       "2100-12-31", "\u0000", "\u202e", "🙂" * 50, [], {}, [[[]]], None, True, "x" * 6000,
       *HOSTILE]


def _leaves(value, path=()):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    yield path


def _set(doc, path, value):
    if not path:
        return value
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return doc


def mutants(n: int, seed: int = 14):
    """Demo files with one to three leaves replaced by odd values."""
    rng = random.Random(seed)
    base = {name: json.loads((CONTENT_DIR / "demo" / f"{name}.json").read_text())
            for name in ("retail", "distributor", "manufacturer")}
    for _ in range(n):
        doc = json.loads(json.dumps(rng.choice(list(base.values()))))
        for _ in range(rng.randint(1, 3)):
            paths = [p for p in _leaves(doc) if p and p[0] != "schema_version"]
            doc = _set(doc, rng.choice(paths), rng.choice(ODD))
        yield json.dumps(doc, ensure_ascii=rng.random() < 0.5)


def test_import_battery_loads_or_refuses_in_plain_words():
    tried = held = 0
    for raw in [c[1] for c in CASES] + list(mutants(400)):
        tried += 1
        try:
            a = load_assessment(CONTENT, raw)
        except AssessmentError as e:
            for lang in ("ru", "en"):
                assert plain_problem(CONTENT, e, lang)
        else:  # a file that loads works everywhere: engines and the saved form
            analyse(CONTENT, a)
            assert load_assessment(CONTENT, to_json(a)) == a
        held += 1
    record("import battery: malformed and mutated files", tried, held)


@pytest.mark.parametrize("command", ["score", "plan", "shortlist"])
def test_cli_battery_exits_2_with_one_line(tmp_path, capsys, command):
    tried = held = 0
    for i, raw in enumerate([c[1] for c in CASES] + list(mutants(60, seed=len(command)))):
        path = tmp_path / f"case{i}.json"
        path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
        tried += 1
        code = main([command, str(path)])
        out = capsys.readouterr()
        if code == 2:
            assert out.err.startswith(f"error: {path}: ") and out.err.count("\n") == 1, out.err
        else:
            assert code == 0 and not out.err
        held += 1
    record(f"command line `{command}`: bad files", tried, held)


FORGED = ["", " ", "'", "' OR '1'='1", "'; DROP TABLE assessments; --", "../../etc/passwd",
          "%00", "\u0000", "a" * 10_000, "🙂", "\ud800", "null", "None", "*", "%", "_",
          *(f"{'A' * n}" for n in (22, 32, 43)), "?a=x", "<script>", *HOSTILE]


def test_forged_tokens_find_nothing_and_break_nothing(tmp_path):
    store = SqliteStore(tmp_path / "s.sqlite3")
    real = store.create('{"schema_version": 1}')
    tried = held = 0
    for token in FORGED:
        tried += 1
        assert store.open(token) is None and not store.was_deleted(token)
        assert store.save(token, "{}", revision=1) == 0
        assert not store.delete(token)
        held += 1
    assert store.open(real) is not None and len(store.list()) == 1
    record("forged ?a= tokens against the store", tried, held)


def test_forged_tokens_in_the_link(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    tried = held = 0
    for token in FORGED[:8] + HOSTILE[:1]:
        at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                               default_timeout=60)
        at.query_params["a"] = token
        at.query_params["lang"] = "en"
        at.run()
        tried += 1
        assert not at.exception
        assert at.session_state["assessment"].answers == {}
        held += 1
    record("forged ?a= tokens in the link (AppTest)", tried, held)
