"""The Processes screen in AppTest: edits save, the diagram follows, bad names are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from tests.svgread import charts_in, texts

ROOT = Path(__file__).resolve().parent.parent
C = get_content()
PAGE = "pages/6_processes.py"


@pytest.fixture(autouse=True)
def _isolated_db(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))


def screen(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def diagram(at: AppTest) -> str:
    """Every text drawn in the swimlane figure."""
    return " ".join(texts(charts_in(at)[0]))


def stages(at: AppTest, p: int = 0) -> list[str]:
    return [s.name for s in at.session_state["assessment"].process.pipelines[p].stages]


def test_a_blank_assessment_shows_the_draft_and_saves_nothing():
    """The default draft is drawn; until an edit the assessment holds no model."""
    at = screen(lang="en")
    assert at.session_state["assessment"].process is None
    assert "Qualification" in diagram(at)
    at.button(key="pm_keep").click().run()
    assert stages(at) == [s.name.en for s in next(t for t in C.templates if t.default).stage]


def test_renaming_a_stage_saves_it_and_redraws_the_diagram():
    """A new name typed in the form is in the assessment and in the figure at once."""
    at = screen(demo="distributor", lang="ru")
    at.selectbox(key="pm_form_stage").set_value(2).run()
    at.text_input(key="pm_form_name").set_value("КП за 2 часа").run()
    assert stages(at)[2] == "КП за 2 часа"
    assert "КП за 2 часа" in diagram(at)


def test_exit_criterion_and_owner_move_step7_readiness():
    """Filling the missing owner raises step 7 readiness and clears risk R70."""
    at = screen(demo="distributor", lang="en")
    a = at.session_state["assessment"]
    j = next(j for j, s in enumerate(a.process.pipelines[0].stages) if not s.owner)
    before = at.session_state["_analysis"][1]
    at.selectbox(key="pm_form_stage").set_value(j).run()
    at.selectbox(key="pm_form_owner").set_value("sales_head").run()
    after = at.session_state["_analysis"][1]

    def step7(x):
        return next(s.readiness for s in x.readiness.steps if s.step == "processes")

    assert step7(after) > step7(before)
    assert "R70" in {r.id for r in before.risks} and "R70" not in {r.id for r in after.risks}


@pytest.mark.parametrize("value,message", [
    ("   ", "process_err_empty"),
    ("квалификация", "process_err_duplicate"),
])
def test_a_bad_name_is_refused_under_the_field_and_nothing_is_lost(value, message):
    """Empty or duplicate names: a message under the field, the saved model unchanged."""
    at = screen(demo="distributor", lang="ru")
    saved = stages(at)
    at.text_input(key="pm_form_name").set_value(value).run()
    assert stages(at) == saved
    expected = C.t(message, "ru", name=value.strip()) if "duplicate" in message \
        else C.t(message, "ru")
    assert [e.value for e in at.error] == [expected]


def test_markup_in_a_stage_name_is_shown_literally():
    """A name with Markdown and HTML reads as typed in the table and the figure."""
    at = screen(demo="distributor", lang="en")
    at.text_input(key="pm_form_name").set_value("<b>Lead</b> *now*").run()
    assert stages(at)[0] == "<b>Lead</b> *now*"
    # Parsed as XML, the figure's text holds the characters typed: they were written as
    # references, not as a bold element or markdown emphasis.
    assert "<b>Lead</b> *now*" in diagram(at)
    table = next(m.value for m in at.markdown if m.value.startswith("| #"))
    assert "\\<b\\>Lead\\</b\\> \\*now\\*" in table


def test_stages_move_get_added_and_removed():
    """Up, add and remove change the order and the count; the last stage cannot go."""
    at = screen(demo="distributor", lang="en")
    first = stages(at)
    at.selectbox(key="pm_form_stage").set_value(1).run()
    at.button(key="pm_form_up").click().run()
    assert stages(at)[:2] == [first[1], first[0]]
    at.button(key="pm_form_add").click().run()
    assert len(stages(at)) == len(first) + 1
    assert at.selectbox(key="pm_form_stage").value == len(first)
    at.button(key="pm_form_remove").click().run()
    assert len(stages(at)) == len(first)
    at.segmented_control(key="pm_pipeline").set_value(1).run()
    for _ in range(len(stages(at, 1)) - 1):
        at.button(key="pm_form_remove").click().run()
    at.button(key="pm_form_remove").click().run()
    assert len(stages(at, 1)) == 1
    assert C.t("process_err_last_stage", "en") in [e.value for e in at.error]


def test_a_pipeline_added_from_a_template_gets_a_unique_name():
    """Adding a template twice gives two pipelines with different names."""
    at = screen(demo="manufacturer", lang="ru")
    count = len(at.session_state["assessment"].process.pipelines)
    at.toggle(key="pm_settings").set_value(True).run()
    for _ in range(2):
        at.selectbox(key="pm_add_template").set_value("repeat").run()
        at.button(key="pm_add").click().run()
    names = [p.name for p in at.session_state["assessment"].process.pipelines]
    assert len(names) == count + 2 and len(set(names)) == len(names)
    assert at.segmented_control(key="pm_pipeline").value == count + 1
