"""Files saved by earlier releases keep opening: frozen copies, upgraded by migrate()."""

from __future__ import annotations

import json

import pytest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import AssessmentError, load_assessment, migrate
from crmwizard.model import SCHEMA_VERSION
from tests.conftest import ROOT

RELEASE1 = ROOT / "tests/fixtures/release1"


@pytest.mark.parametrize("name", ["retail", "distributor", "manufacturer", "readme_example"])
def test_release1_files_open_and_analyse(content, name):
    """A file written by release 1 (schema 1) loads, upgrades to the current schema, analyses."""
    raw = (RELEASE1 / f"{name}.json").read_text()
    assert json.loads(raw)["schema_version"] == 1
    a = load_assessment(content, raw)
    assert a.schema_version == SCHEMA_VERSION
    analyse(content, a)  # every engine runs on it


@pytest.mark.parametrize("name,moved", [
    ("retail", {"req_comm_telephony": "mobiles", "trn_adoption": "none",
                "goal_direction": "vague", "goal_agreed": "partly", "dev_backlog": "none",
                "req_int_api": "unknown"}),
    ("distributor", {"req_comm_telephony": "cloud", "trn_adoption": "rules",
                     "goal_direction": "stated", "goal_agreed": "partly",
                     "dev_backlog": "scattered", "req_int_api": "some"}),
])
def test_merged_answers_keep_the_answer_users_saw_last(content, name, moved):
    """Where both twins were answered, the kept question's own answer stays; old ids are gone."""
    a = load_assessment(content, (RELEASE1 / f"{name}.json").read_text())
    assert {k: a.answers.get(k) for k in moved} == moved
    gone = {m.from_ for m in content.migrations}
    assert not gone & set(a.answers)


@pytest.mark.parametrize("old,value,new,expected", [
    ("int_telephony_provider", "cloud_pbx", "req_comm_telephony", "cloud"),
    ("req_biz_consensus", 5, "goal_agreed", "yes"),
    ("req_biz_consensus", 2.0, "goal_agreed", "no"),
    ("req_admin_adoption", "metrics", "trn_adoption", "measured"),
    ("req_admin_changes", "one_person", "dev_backlog", "kept"),
    ("req_biz_goals", "measurable", "goal_direction", "written"),
    ("int_api_access", "partly", "req_int_api", "some"),
])
def test_an_answer_only_in_the_removed_twin_moves(content, old, value, new, expected):
    """An answer given only under a removed id moves to the kept question, mapped by option."""
    a = load_assessment(content, json.dumps({"schema_version": 1, "answers": {old: value}}))
    assert a.answers == {new: expected}


def test_an_unmapped_old_value_is_dropped_not_guessed(content):
    """A value the mapping does not know is dropped, and the file still opens."""
    doc = {"schema_version": 1, "answers": {"int_telephony_provider": "pigeons"}}
    assert load_assessment(content, json.dumps(doc)).answers == {}


def test_a_current_file_is_not_migrated_again(content):
    """Schema 2 files keep their answers exactly; an old id in a new file is an error."""
    doc = {"schema_version": 2, "answers": {"req_comm_telephony": "cloud"}}
    assert migrate(content, dict(doc)) == doc
    bad = {"schema_version": 2, "answers": {"int_telephony_provider": "cloud_pbx"}}
    with pytest.raises(AssessmentError, match="answers.int_telephony_provider"):
        load_assessment(content, json.dumps(bad))


@pytest.mark.parametrize("name", ["retail", "distributor", "manufacturer"])
def test_demo_files_are_current(content, name):
    """The shipped demos are written in the current schema."""
    data = json.loads((ROOT / f"questions/demo/{name}.json").read_text())
    assert data["schema_version"] == SCHEMA_VERSION
