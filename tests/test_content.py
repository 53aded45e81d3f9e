"""The content: complete in both languages, enough questions and rules, broken files named."""

import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

from crmwizard.content import CONTENT_DIR, ContentError, L10n, load_content


def _texts(obj, path="content"):
    """Every L10n inside the content, with where it is."""
    if isinstance(obj, L10n):
        yield path, obj
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _texts(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _texts(v, f"{path}.{k}")
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _texts(getattr(obj, name), f"{path}.{name}")


def test_every_text_exists_in_both_languages(content):
    """No text is missing or blank in Russian or English, and the two differ where they should."""
    texts = list(_texts(content))
    assert len(texts) > 1000
    for path, t in texts:
        assert t.ru.strip() and t.en.strip(), path


def test_russian_texts_are_russian_and_english_are_english(content):
    """A Russian screen shows Russian: questions and hints carry Cyrillic; English ones do not."""
    for q in content.questions:
        for t in (q.text, q.hint):
            assert any("а" <= ch.lower() <= "я" for ch in t.ru), q.id
            assert not any("а" <= ch.lower() <= "я" for ch in t.en), q.id


def test_fourteen_steps_and_enough_questions(content):
    assert [s.number for s in content.steps] == list(range(1, 15))
    reqs = [q for q in content.questions if q.step == "requirements"]
    assert len(reqs) >= 66
    assert len(content.categories) >= 12
    for step in content.steps:
        assert content.questions_by_step[step.id], step.id
    for cat in content.categories:
        assert sum(q.category == cat.id for q in reqs) >= 4, cat.id


def test_question_types_and_hints(content):
    """Every type is used; every question has a hint; choice scores lie in 0..1."""
    types = {q.type for q in content.questions}
    assert {"single", "multi", "yesno", "scale", "number", "money", "text", "date",
            "derived"} <= types
    for q in content.questions:
        assert len(q.hint.en) > 20, q.id
        for o in q.options:
            assert 0 <= o.score <= 1


def test_risk_rules_cover_every_step_and_category(content):
    assert len(content.risks) >= 25
    assert {r.category for r in content.risks} == {"strategy", "process", "people", "technology"}
    assert {r.step for r in content.risks} == {s.id for s in content.steps}


def test_every_ui_key_used_in_code_exists(content):
    """Each content.t("key") and c.t("key") in the code names a key of ui.toml."""
    import re

    root = Path(__file__).resolve().parent.parent
    used = set()
    for path in [*root.glob("crmwizard/**/*.py"), *root.glob("pages/*.py"), root / "app.py"]:
        used |= set(re.findall(r"\bt\(\s*\"([a-z0-9_]+)\"", path.read_text()))
    missing = sorted(k for k in used if k not in content.ui)
    assert not missing


@pytest.mark.parametrize("file,old,new,message", [
    ("steps.toml", 'id = "team_owner"', 'id = "Team Owner"', "steps.toml: question[",),
    ("steps.toml", 'weight = 3\nscreen = "goals"', 'weight = -1\nscreen = "goals"',
     "steps.toml: step[0] (id=goals).weight"),
    ("risks.toml", 'category = "', 'category = "weather', "risks.toml: risk[0]"),
    ("ui.toml", "[ui]", "[ui]\nbroken = { ru = \"\" , en = \"x\" }", "ui.toml: ui.broken.ru"),
    ("requirements.toml", '[[question]]', '[[question]\n', "requirements.toml: not valid TOML"),
    ("plan.toml", 'after = ["requirements"]', 'after = ["nowhere"]', "plan.toml: task"),
])
def test_broken_file_names_file_key_and_problem(tmp_path, file, old, new, message):
    """A broken content file fails with the file, the key and what is wrong."""
    shutil.copytree(CONTENT_DIR, tmp_path / "q")
    path = tmp_path / "q" / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ContentError) as e:
        load_content(tmp_path / "q")
    assert str(e.value).startswith(message), str(e.value)


def test_risk_rule_with_unknown_question_is_named(tmp_path):
    shutil.copytree(CONTENT_DIR, tmp_path / "q")
    path = tmp_path / "q" / "risks.toml"
    path.write_text(path.read_text() + '''
[[risk]]
id = "R99"
category = "people"
step = "team"
likelihood = 1
impact = 1
title = { ru = "т", en = "t" }
why = { ru = "т", en = "t" }
mitigation = { ru = "т", en = "t" }
when = { q = "no_such_question", op = "eq", value = 1 }
''')
    with pytest.raises(ContentError, match="risk \\(id=R99\\).when: unknown question"):
        load_content(tmp_path / "q")


def test_content_is_loaded_once(content):
    from crmwizard.content import get_content

    assert get_content() is content
    assert CONTENT_DIR.is_dir()
