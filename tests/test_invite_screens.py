"""Invitations in AppTest: the manager's screen alone on every path, the owner's live list."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from crmwizard.invitations import merged, parse_goals
from crmwizard.model import Assessment, Goal, Profile
from crmwizard.report.brief import brief_pdf
from crmwizard.report.summary import summary_pdf
from crmwizard.store import Store, open_store
from crmwizard.ui.nav import SCREENS

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
C = get_content()
EVERY_PAGE = [s.file for s in SCREENS]


@pytest.fixture
def store(db_setting, monkeypatch) -> Store:
    """The app's store on each backend, and the same one for the test to seed and read."""
    monkeypatch.setenv("CRMWIZARD_DB", db_setting)
    monkeypatch.setenv("CRMWIZARD_CONSULTANT_PASSCODE", "correct horse battery staple")
    store = open_store(db_setting)
    yield store
    store.close()


def owner_assessment(store: Store, lang: str = "en") -> str:
    a = Assessment(language=lang, prepared_by="Irina, consultant",
                   profile=Profile(company_name="Acme Trade"),
                   answers={"team_owner": "named_authority"},
                   goals=[Goal(owner="owner", goal="Grow revenue", kpi="revenue",
                               baseline=100, target=150)])
    return store.create(a.model_dump_json(), a.profile.company_name)


def manager(token: str, page: str = "app.py", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["invite"] = token
    for k, v in params.items():
        at.query_params[k] = v
    if page == "app.py":
        return at.run()
    return at.switch_page(page).run()


def owner(token: str, page: str = "pages/1_goals.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = token
    return at.run().switch_page(page).run()


def add_goal(at: AppTest, i: int, text: str, kpi: str, baseline: float, target: float,
             deadline: str | None = "2027-06-30") -> AppTest:
    import datetime as dt

    at.button(key="mgoal_add").click().run()
    at.text_input(key=f"mgoal_{i}_goal").set_value(text).run()
    at.selectbox(key=f"mgoal_{i}_kpi").set_value(kpi).run()
    at.number_input(key=f"mgoal_{i}_baseline").set_value(baseline).run()
    at.number_input(key=f"mgoal_{i}_target").set_value(target).run()
    if deadline:
        at.date_input(key=f"mgoal_{i}_deadline").set_value(dt.date.fromisoformat(deadline))
        at.run()
    return at


def everything(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info",
                                  "warning", "error", "success", "code") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", EVERY_PAGE)
def test_an_invitation_link_shows_the_managers_screen_on_every_path(store, page):
    """/results?invite=…&a=… and every other path: the manager's screen, nothing else."""
    own = owner_assessment(store)
    token = store.create_invitation(own, "sales", "Anna", "Irina, consultant")
    at = manager(token, page, a=own, demo="retail")
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == [C.t("invite_title", "en", company="Acme Trade")]
    text = everything(at)
    assert "Anna" in text and "Irina" in text and C.t("invite_good_goal", "en") in text
    for leak in ("Grow revenue", C.t("overall_readiness", "en"), own, "retail"):
        assert leak not in text
    assert len(at.sidebar.children) == 0 and not at.get("page_link")
    assert "a" not in at.query_params and "demo" not in at.query_params
    assert at.query_params["invite"] == [token] or at.query_params["invite"] == token
    for key in ("assessment", "token"):  # the session never holds the owner's assessment
        assert key not in at.session_state


@pytest.mark.parametrize("kind", ["unknown", "revoked", "deleted"])
def test_a_dead_link_shows_one_message_and_nothing_else(store, kind):
    own = owner_assessment(store)
    token = store.create_invitation(own, "sales", "Anna")
    if kind == "unknown":
        token = token[::-1]
    elif kind == "revoked":
        store.revoke_invitation(own, token)
    else:
        store.delete(own)
    at = manager(token, "pages/10_results.py", a=own)
    assert not at.exception
    # A revoked link still speaks the assessment's language; an unknown one cannot know it.
    lang = "en" if kind == "revoked" else "ru"
    assert at.session_state["invite_lang"] == lang
    assert [t.value for t in at.title] == [C.t("invite_gone_title", lang)]
    expected = "invite_revoked" if kind == "revoked" else "invite_unknown"
    assert [m.value for m in at.markdown] == [C.t(expected, at.session_state["invite_lang"])]
    assert not at.text_input and not at.selectbox
    assert [b.key for b in at.button] == ["mgoal_lang"]  # the language, nothing else
    assert "Acme" not in everything(at) and len(at.sidebar.children) == 0


def test_manager_adds_edits_and_removes_goals_saved_at_once(store):
    own = owner_assessment(store)
    token = store.create_invitation(own, "finance", "Boris")
    at = manager(token)
    add_goal(at, 0, "Keep the margin", "gross_margin", 20, 25)
    add_goal(at, 1, "Second", "discount_rate", 10, 5, deadline=None)
    assert not at.exception
    assert C.t("goal_incomplete", "en", missing=C.t("goal_missing_date", "en")) in \
        [w.value for w in at.warning]
    saved = parse_goals(store.invitations(own)[0].goals)
    assert [(g.owner, g.goal, g.kpi, g.baseline, g.target, g.unit) for g in saved] == [
        ("finance", "Keep the margin", "gross_margin", 20, 25, "%"),
        ("finance", "Second", "discount_rate", 10, 5, "%")]
    at.button(key="mgoal_0_remove").click().run()
    assert [g.goal for g in parse_goals(store.invitations(own)[0].goals)] == ["Second"]
    assert at.text_input(key="mgoal_0_goal").value == "Second"
    assert store.open(own).revision == 1  # the owner's record was never written


def test_language_switch_on_the_managers_screen(store):
    own = owner_assessment(store, lang="ru")
    at = manager(store.create_invitation(own, "it"))
    assert at.title[0].value == C.t("invite_title", "ru", company="Acme Trade")
    at.button(key="mgoal_lang").click().run()
    assert at.title[0].value == C.t("invite_title", "en", company="Acme Trade")


def test_a_change_from_another_device_is_not_overwritten(store):
    """Two phones on one link: the stale one is told, the newer save stays."""
    own = owner_assessment(store)
    token = store.create_invitation(own, "sales")
    first, second = manager(token), manager(token)
    add_goal(second, 0, "From the second phone", "lead_count", 100, 200)
    first.button(key="mgoal_add").click().run()
    assert C.t("invite_stale", "en") in [w.value for w in first.warning]
    assert [g.goal for g in parse_goals(store.invitations(own)[0].goals)] == \
        ["From the second phone"]
    assert first.text_input(key="mgoal_0_goal").value == "From the second phone"


def test_owner_creates_an_invitation_with_link_and_qr_and_revokes_it(store):
    own = owner_assessment(store)
    at = owner(own)
    at.button(key="invite_create").click().run()
    assert C.t("invite_pick_role", "en") in [w.value for w in at.warning]
    at.selectbox(key="invite_new_role").set_value("marketing").run()
    at.text_input(key="invite_new_name").set_value("Olga").run()
    at.button(key="invite_create").click().run()
    assert not at.exception
    [inv] = store.invitations(own)
    assert (inv.role, inv.name, inv.inviter) == ("marketing", "Olga", "Irina, consultant")
    assert any(f"/?invite={inv.token}" in c.value for c in at.code)
    assert own not in " ".join(c.value for c in at.code if "invite" in c.value)
    assert at.get("image"), "the QR code is shown for the new invitation"
    assert C.t("invite_name_why", "en") in everything(at)
    status = C.t("invite_count", "en", n=1, status=C.t("invite_status_invited", "en"))
    assert status in everything(at)
    manager(inv.token)
    at.run()
    assert C.t("invite_count", "en", n=1, status=C.t("invite_status_opened", "en")) in \
        everything(at)
    at.button(key=f"invite_revoke_{inv.token[:12]}").click().run()
    assert store.invitations(own)[0].revoked_at
    assert not any(inv.token in c.value for c in at.code)
    assert C.t("invite_revoked", "en") in everything(manager(inv.token))


def test_owner_sees_both_managers_goals_and_their_conflict(store):
    """Goals of two managers appear on the owner's Goals, grouped, with the conflict."""
    own = owner_assessment(store)
    sales = store.create_invitation(own, "sales", "Anna")
    finance = store.create_invitation(own, "finance", "Boris")
    add_goal(manager(sales), 0, "Win with discounts", "discount_rate", 5, 10)
    add_goal(manager(finance), 0, "Protect the margin", "gross_margin", 20, 25)
    at = owner(own)
    text = everything(at)
    assert "Win with discounts" in text and "Protect the margin" in text
    assert text.index("Anna") < text.index("Win with discounts") < text.index("Boris")
    errors = [e.value for e in at.error]
    conflict = next(c for c in C.conflicts if {c.a, c.b} == {"discount_rate:up",
                                                              "gross_margin:up"})
    assert any("Anna" in e and "Boris" in e and conflict.why("en") in e for e in errors)
    counts = C.t("invite_count", "en", n=2, status=C.t("invite_status_answered", "en"))
    assert counts in text
    # The goals count for step 1 and show on Results with who entered them.
    at.switch_page("pages/10_results.py").run()
    table = at.dataframe[[i for i, d in enumerate(at.dataframe)
                          if C.t("goals_entered_by", "en") in d.value.columns][0]].value
    assert list(table[C.t("goals_entered_by", "en")]) == [
        C.t("goals_entered_here", "en"), "Anna", "Boris"]
    assert any("Anna" in e for e in (x.value for x in at.error))


def test_managers_see_each_others_goals_only_when_the_owner_ticks_it(store):
    own = owner_assessment(store)
    sales = store.create_invitation(own, "sales", "Anna")
    finance = store.create_invitation(own, "finance", "Boris")
    add_goal(manager(finance), 0, "Protect the margin", "gross_margin", 20, 25)
    assert "Protect the margin" not in everything(manager(sales))
    at = owner(own)
    at.toggle(key="invite_share").set_value(True).run()
    assert store.goals_shared(own)
    seen = everything(manager(sales))
    assert "Protect the margin" in seen and "Boris" in seen and "Grow revenue" not in seen


def test_delete_my_data_deletes_invitations_and_their_goals(store):
    own = owner_assessment(store)
    token = store.create_invitation(own, "sales", "Anna")
    add_goal(manager(token), 0, "Win", "discount_rate", 5, 10)
    at = owner(own, "pages/13_export.py")
    at.button(key="delete_yes").click().run()
    assert store.invitations(own) == [] and store.open_invitation(token) is None
    assert C.t("invite_unknown", "ru") in everything(manager(token))


def test_documents_show_goals_with_their_authors(store):
    own = owner_assessment(store)
    token = store.create_invitation(own, "finance", "Boris Petrov")
    store.save_manager_goals(token, json.dumps([{"goal": "Protect the margin",
                                                 "kpi": "gross_margin", "baseline": 20,
                                                 "target": 25}]))
    a = Assessment.model_validate_json(store.load(own))
    full = merged(a, store.invitations(own))
    for build in (lambda: summary_pdf(C, full.assessment, "en", authors=full.labels(C, "en")),
                  lambda: brief_pdf(C, full.assessment, "en", full.labels(C, "en"))):
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(build())).pages)
        text = " ".join(text.split())
        assert "Protect the margin" in text and "Boris Petrov" in text and "Grow revenue" in text


def test_an_unusable_database_is_said_so_on_the_managers_screen(tmp_path, monkeypatch):
    """A broken database setting: the manager reads why, not that the link is wrong."""
    monkeypatch.setenv("CRMWIZARD_DB", "mysql://nowhere/db")
    at = manager("A" * 32)
    assert not at.exception
    assert [t.value for t in at.title] == [C.t("invite_gone_title", "ru")]
    assert "mysql" in at.error[0].value and C.t("invite_unknown", "ru") not in everything(at)


def test_the_timer_runs_only_while_an_invitation_is_open(store, monkeypatch):
    """No open invitation, no automatic rerun; one open, every few seconds; revoked, none."""
    import streamlit as st

    from crmwizard.ui import invite_owner

    seen: list = []
    real = st.fragment

    def recording(func, run_every=None):
        seen.append(run_every)
        return real(func, run_every=run_every)

    monkeypatch.setattr(invite_owner.st, "fragment", recording)
    own = owner_assessment(store)
    at = owner(own)
    assert seen[-1] is None
    token = store.create_invitation(own, "sales")
    at.run()
    assert seen[-1] == invite_owner.REFRESH_SECONDS
    store.revoke_invitation(own, token)
    at.run()
    assert seen[-1] is None
