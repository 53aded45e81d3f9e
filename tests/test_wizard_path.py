"""The path through the wizard in AppTest: Requirements category by category, the resume link,
'What to do next' named after the screens, messages in the user's words."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import CONTENT_DIR, get_content
from crmwizard.facts import facts, is_visible
from crmwizard.i18n import fmt_number
from crmwizard.model import Assessment
from crmwizard.ui.nav import BY_ID
from crmwizard.ui.resume import link_file
from crmwizard.ui.text import plain
from tests.test_app import PAGE, app, folds, md_tables, no_errors

C = get_content()
CATS = [cat.id for cat in C.categories]


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))


def visible(cat_id: str, values: dict) -> list:
    return [q for q in C.questions if q.category == cat_id and is_visible(q, values)]


def requirements(lang: str = "en") -> AppTest:
    at = app(lang=lang)
    return at.switch_page(PAGE["requirements"]).run()


def shown_category(at: AppTest) -> str:
    return at.subheader[0].value


def test_primary_button_walks_every_category_then_leads_to_processes():
    """Fifteen clicks on the one primary button: categories 2…15 in order, then Processes."""
    at = requirements()
    blank = facts(C, Assessment())
    for n, cat in enumerate(C.categories, start=1):
        assert shown_category(at) == cat.title("en")
        assert at.caption[1].value == C.t("req_position", "en", n=n, total=len(CATS), answered=0,
                                          questions=len(visible(cat.id, blank)))
        primary = [b for b in at.button if b.proto.type == "primary"]
        assert len(primary) == 1  # one main path, never two blue buttons
        if n < len(CATS):
            following = C.categories[n]
            assert primary[0].label == C.t("req_next_category", "en",
                                           title=following.title("en"), n=n + 1,
                                           total=len(CATS))
        else:  # the last category: no silent loop to the first, the next screen instead
            assert primary[0].label == f"{C.t('next', 'en')}: {C.t('screen_processes', 'en')}"
            assert "req_skip" not in [b.key for b in at.button]  # nothing left to skip
        primary[0].click().run()
        no_errors(at)
    assert at.title[0].value == C.t("screen_processes", "en")


def test_primary_button_passes_over_answered_categories():
    """A category answered in full is not offered again: the next unanswered one is."""
    at = requirements()
    second = C.categories[1]
    blank = facts(C, Assessment())
    answers = {q.id: q.options[0].id for q in visible(second.id, blank) if q.type == "single"}
    assert len(answers) == len(visible(second.id, blank))  # a category of choices only
    a = at.session_state["assessment"]
    at.session_state["assessment"] = a.model_copy(update={"answers": answers})
    at.run()
    assert at.button(key="req_next").label == C.t("req_next_category", "en",
                                                  title=C.categories[2].title("en"), n=3,
                                                  total=len(CATS))
    at.button(key="req_next").click().run()
    assert shown_category(at) == C.categories[2].title("en")


def test_skip_says_how_many_questions_stay_unanswered_and_goes_on():
    at = requirements("ru")
    blank = facts(C, Assessment())
    left = sum(len(visible(cat, blank)) for cat in CATS)
    skip = at.button(key="req_skip")
    assert skip.label == C.t("req_skip", "ru", n=left, screen=C.t("screen_processes", "ru"))
    skip.click().run()
    assert at.title[0].value == C.t("screen_processes", "ru")


def test_previous_category_and_no_loop_from_the_first():
    at = requirements()
    assert "req_prev" not in [b.key for b in at.button]  # nothing before the first
    at.button(key="req_next").click().run()
    at.button(key="req_prev").click().run()
    assert shown_category(at) == C.categories[0].title("en")


def test_resume_link_appears_once_there_is_a_token_with_its_file():
    """A blank screen shows no link block; after the first answer it shows ?a=<token>."""
    at = app(lang="en")
    at.switch_page(PAGE["budget"]).run()
    assert not at.get("iframe") and not at.get("popover")
    at.radio(key="q_bud_type").set_value("yearly").run()
    token = at.session_state["token"]
    [frame] = at.get("iframe")
    assert re.search(r'<code id="link">[^<]*\?a=' + token + "</code>", frame.proto.srcdoc)
    assert C.t("resume_explain", "en") in [e.value for e in at.caption]
    url = f"http://crm.example:8501/budget?a={token}"
    assert link_file(url, "ru").splitlines() == [url, "", C.t("resume_explain", "ru")]
    no_errors(at)


def test_no_link_block_on_a_blank_start():
    """The first render of a blank Start stays light: no code block, no popover, no image."""
    at = app(lang="ru")
    assert not at.get("code") and not at.get("popover") and not at.get("imgs")
    assert "ссылка" in C.t("start_intro", "ru")


def test_next_steps_link_to_screens_by_their_sidebar_names():
    """'What to do next': each item links to its screen, named as the sidebar does, not 'Step 9'."""
    at = app(demo="retail", lang="ru")
    at.switch_page(PAGE["results"]).run()
    actions = at.session_state["_analysis"][1].actions  # what the screen drew from
    advice = [p.proto for p in at.main.get("page_link")]
    assert actions and len(advice) == len(actions)
    for p, action in zip(advice, actions, strict=True):
        screen = BY_ID[C.step_by_id[action.step].screen]
        assert p.label == C.t("next_link", "ru", screen=C.t(f"screen_{screen.id}", "ru"),
                              text=C.t("next_item", "ru", text=plain(action.text),
                                       gain=fmt_number(action.gain, "ru", 1)))
        assert p.label.endswith(f" · экран «{C.t(f'screen_{screen.id}', 'ru')}»")
        assert p.page == screen.id  # the URL path of its page
        assert "Шаг" not in p.label


def test_risk_scores_say_what_they_are_made_of():
    """Expander labels, the register's score column and the matrix title explain the score."""
    at = app(demo="distributor", lang="en")
    at.switch_page(PAGE["results"]).run()
    risks = [summary for summary, _ in folds(at, "risks") if summary.startswith("R")]
    assert risks and all("likelihood" in label and " × impact " in label for label in risks)
    table = next(t for t in md_tables(at) if C.t("col_risk", "en") in t[0])
    assert C.t("col_score", "en") == "Score = likelihood × impact"
    score = table[0].index(C.t("col_score", "en"))
    a = analyse(C, load_assessment(C, (CONTENT_DIR / "demo" / "distributor.json").read_bytes()))
    assert [int(row[score]) for row in table[1:]] == [k.score for k in a.risks]
    assert "likelihood × impact" in C.t("matrix_title", "en")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_bad_option_in_an_imported_file_names_the_question(lang):
    """An import with a label where an option id belongs: the question's text, what is wrong,
    no field path and no Python list."""
    at = app(lang=lang)
    at.switch_page(PAGE["export"]).run()
    q = C.question_by_id["team_time"]
    label = q.option("some").label(lang)
    raw = json.dumps({"schema_version": 2, "answers": {"team_time": label}}).encode()
    at.file_uploader(key="import_file_0").set_value(("bad.json", raw, "application/json")).run()
    message = at.error[0].value
    assert q.text(lang).replace("?", "") in message.replace("\\", "").replace("?", "")
    assert C.t("problem_option", lang) in message
    for leak in ("answers.", "team_time", "[", "expected one of", label):
        assert leak not in message, (leak, message)
    assert at.session_state["assessment"].answers == {}
