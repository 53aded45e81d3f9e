"""Invitations in the store and the core: tokens, revocation, deletion, merging, concurrency."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from crmwizard.facts import goal_conflicts
from crmwizard.invitations import goals_json, invite_roles, merged, parse_goals, status
from crmwizard.model import Assessment, Goal
from crmwizard.store import StaleRevision, Store
from tests.dbcheck import query

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(any_store) -> Store:
    """Every invitation test runs on both backends (conftest.py's any_store)."""
    return any_store


def goal(kpi: str, baseline: float, target: float, text: str = "") -> dict:
    return {"owner": "sales", "goal": text or kpi, "kpi": kpi, "unit": "%",
            "baseline": baseline, "target": target, "deadline": "2027-06-30"}


def test_tokens_are_unguessable_and_separate_from_the_assessment(store):
    """An invitation token has ≥128 bits and opens only the invitation, never the assessment."""
    owner = store.create('{"language": "en"}', "Acme")
    tokens = {store.create_invitation(owner, "sales") for _ in range(50)}
    assert len(tokens) == 50 and owner not in tokens
    for token in tokens:
        assert len(token) >= 22  # 16 bytes or more in URL-safe base64
        assert store.open(token) is None and store.load(token) is None
        assert not store.save(token, "{}")
    assert store.open_invitation(owner) is None  # the assessment's token is no invitation
    found = store.open_invitation(next(iter(tokens)))
    assert (found.company, found.language, found.invitation.role) == ("Acme", "en", "sales")
    assert not hasattr(found, "assessment") and owner not in repr(found)


@pytest.mark.parametrize("token", ["", "made-up", "x" * 30, "../../etc/passwd", "a' OR 1=1 --"])
def test_unknown_tokens_find_nothing(store, token):
    owner = store.create("{}")
    store.create_invitation(owner, "sales")
    assert store.open_invitation(token) is None
    assert store.save_manager_goals(token, "[]") == 0
    assert not store.revoke_invitation(owner, token)
    assert store.create_invitation(token, "sales") is None  # no assessment behind it


def test_revoked_invitation_is_refused(store):
    """After revocation the link opens nothing but the fact, and saves are refused."""
    owner = store.create('{"language": "ru"}', "Acme")
    token = store.create_invitation(owner, "finance", "Boris")
    assert store.save_manager_goals(token, json.dumps([goal("gross_margin", 20, 25)])) == 2
    other = store.create("{}")
    assert not store.revoke_invitation(other, token)  # only its own assessment may revoke it
    assert store.revoke_invitation(owner, token)
    assert not store.revoke_invitation(owner, token)
    found = store.open_invitation(token)
    assert found.invitation.revoked_at and found.company == "" and found.others == ()
    assert store.save_manager_goals(token, "[]") == 0
    kept = store.invitations(owner)[0]  # the goals given before stay with the owner
    assert status(kept) == "revoked" and len(parse_goals(kept.goals)) == 1


def test_statuses_follow_the_manager(store):
    owner = store.create("{}")
    token = store.create_invitation(owner, "it")
    assert status(store.invitations(owner)[0]) == "invited"
    store.mark_opened(token)
    assert status(store.invitations(owner)[0]) == "opened"
    store.save_manager_goals(token, json.dumps([goal("it_cost", 10, 8)]))
    assert status(store.invitations(owner)[0]) == "answered"


def test_manager_save_touches_only_its_own_row(store):
    """A manager's save leaves the owner's answers, revision and other invitations alone."""
    owner = store.create('{"answers": {"x": 1}}', "Acme")
    a, b = store.create_invitation(owner, "sales"), store.create_invitation(owner, "finance")
    store.save_manager_goals(b, json.dumps([goal("gross_margin", 20, 25)]))
    before = store.open(owner)
    assert store.save_manager_goals(a, json.dumps([goal("discount_rate", 5, 10)])) == 2
    assert store.open(owner) == before
    assert parse_goals(store.invitations(owner)[1].goals)[0].kpi == "gross_margin"
    with pytest.raises(StaleRevision):
        store.save_manager_goals(a, "[]", revision=1)  # based on what another device replaced


def test_sharing_shows_other_managers_only_when_ticked(store):
    owner = store.create("{}")
    a, b = store.create_invitation(owner, "sales"), store.create_invitation(owner, "finance")
    store.save_manager_goals(b, json.dumps([goal("gross_margin", 20, 25)]))
    assert store.open_invitation(a).others == ()
    store.share_goals(owner, True)
    assert [o.token for o in store.open_invitation(a).others] == [b]
    store.revoke_invitation(owner, b)
    assert store.open_invitation(a).others == ()
    store.share_goals(owner, False)
    assert not store.goals_shared(owner)


def test_deleting_the_assessment_deletes_its_invitations(store, db_setting):
    """"Delete my data" removes invitations, their goals and names, and the sharing setting."""
    owner = store.create("{}")
    keep = store.create("{}")
    token = store.create_invitation(owner, "sales", "Anna")
    other = store.create_invitation(keep, "sales", "Vera")
    store.save_manager_goals(token, json.dumps([goal("discount_rate", 5, 10)]))
    store.share_goals(owner, True)
    assert store.delete(owner)
    assert store.open_invitation(token) is None
    assert store.save_manager_goals(token, "[]") == 0
    assert query(db_setting, "SELECT token, name FROM invitations") == [(other, "Vera")]
    assert query(db_setting, "SELECT count(*) FROM invitation_settings") == [(0,)]
    assert query(db_setting, "SELECT count(*) FROM assessments WHERE data LIKE '%Anna%'"
                 " OR company LIKE '%Anna%'") == [(0,)]


def test_merged_goals_carry_their_authors_and_the_invitations_role(store):
    owner = store.create("{}")
    token = store.create_invitation(owner, "finance", "Boris")
    # The row says "sales": the invitation's role wins, whatever a client sent.
    store.save_manager_goals(token, json.dumps([goal("gross_margin", 20, 25)]))
    own = Assessment(goals=[Goal(owner="owner", goal="Grow", kpi="revenue")])
    full = merged(own, store.invitations(owner))
    assert [g.owner for g in full.assessment.goals] == ["owner", "finance"]
    assert full.authors == ["", token] and full.names == ["", "Boris"]
    assert own.goals == [Goal(owner="owner", goal="Grow", kpi="revenue")]


def test_two_managers_in_one_role_are_two_people(content):
    """A conflict between two invited managers counts even when they share a role."""
    goals = [Goal(owner="other", kpi="discount_rate", baseline=5, target=10),
             Goal(owner="other", kpi="gross_margin", baseline=20, target=25)]
    assert goal_conflicts(content, goals) == []
    assert [(i, j) for i, j, _ in goal_conflicts(content, goals, ["t1", "t2"])] == [(0, 1)]
    assert goal_conflicts(content, goals, ["t1", "t1"]) == []


def test_broken_goal_rows_read_as_none():
    assert parse_goals("not json") == [] and parse_goals('[{"owner": "ceo"}]') == []
    assert parse_goals(goals_json([Goal(kpi="nps")]))[0].kpi == "nps"


def test_invite_roles_leave_out_the_owner(content):
    assert invite_roles(content) == ["sales", "marketing", "finance", "it", "operations", "other"]


SAVES = 15


def _manager(store: Store, token: str, kpi: str) -> None:
    """Adds one goal per save, each save based on the revision the last one returned."""
    revision = store.open_invitation(token).invitation.revision
    goals: list[dict] = []
    for n in range(SAVES):
        goals.append(goal(kpi, n, n + 1, f"{kpi} {n}"))
        revision = store.save_manager_goals(token, json.dumps(goals), revision=revision)


def _owner(store: Store, token: str) -> None:
    revision = store.open(token).revision
    for n in range(SAVES):
        revision = store.save(token, json.dumps({"n": n}), "Acme", revision=revision)


def test_two_managers_and_the_owner_saving_at_once_lose_nothing(store):
    """Threads: every save of all three is accepted and the last of each is what stays."""
    owner = store.create('{"n": -1}')
    a, b = store.create_invitation(owner, "sales"), store.create_invitation(owner, "finance")
    errors: list[BaseException] = []

    def run(f, *args):
        try:
            f(*args)
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=run, args=args) for args in (
        (_manager, store, a, "discount_rate"), (_manager, store, b, "gross_margin"),
        (_owner, store, owner))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert json.loads(store.load(owner)) == {"n": SAVES - 1}
    assert store.open(owner).revision == 1 + SAVES
    for inv, kpi in zip(store.invitations(owner), ("discount_rate", "gross_margin"), strict=True):
        assert [g.goal for g in parse_goals(inv.goals)] == [f"{kpi} {n}" for n in range(SAVES)]
        assert inv.revision == 1 + SAVES


PROCESS = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from tests.test_invitations import _manager, _owner
    from crmwizard.store import open_store
    store = open_store(sys.argv[2])
    while not Path(sys.argv[3]).exists():  # all three start writing at the same moment
        time.sleep(0.001)
    if sys.argv[4] == "owner":
        _owner(store, sys.argv[5])
    else:
        _manager(store, sys.argv[5], sys.argv[4])
""")


def test_separate_processes_saving_at_once_lose_nothing(store, db_setting, tmp_path):
    """Three server processes on one database: two managers and the owner, no save lost."""
    owner = store.create('{"n": -1}')
    a, b = store.create_invitation(owner, "sales"), store.create_invitation(owner, "finance")
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", PROCESS, str(ROOT), db_setting,
                               str(go), who, token], stderr=subprocess.PIPE)
             for who, token in (("discount_rate", a), ("gross_margin", b), ("owner", owner))]
    go.touch()
    for p in procs:
        assert p.wait(60) == 0, p.stderr.read().decode()[-2000:]
    assert json.loads(store.load(owner)) == {"n": SAVES - 1}
    for inv, kpi in zip(store.invitations(owner), ("discount_rate", "gross_margin"), strict=True):
        assert [g.goal for g in parse_goals(inv.goals)] == [f"{kpi} {n}" for n in range(SAVES)]
