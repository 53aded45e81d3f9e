"""Folded sections (crmwizard.ui.folds): any text reads back exactly as typed, never as markup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crmwizard.ui import folds
from tests.test_app import FOLD_TAGS, _Folds


def read(html: str) -> tuple[list[list[str]], set[str]]:
    parser = _Folds()
    parser.feed(html)
    parser.close()
    return parser.found, parser.tags


@given(st.text(), st.text(), st.text())
def test_any_text_is_shown_as_typed(summary, lead, body):
    html = folds.fold(summary, folds.para(body, lead) + folds.items([("up", body), ("", lead)]))
    found, tags = read(html)
    # An HTML reader turns a lone carriage return into a line break: what a browser shows too.
    norm = {ord("\r"): "\n"}
    assert [summary.translate(norm)] == [found[0][0].translate(norm)]
    assert found[0][1].translate(norm) == (
        (f"{lead} " if lead else "") + body + "+ " + body + lead).translate(norm)
    assert tags <= FOLD_TAGS


def test_hostile_text_stays_text():
    hostile = '<img src=x onerror=alert(1)> [link](https://evil.example) **b** </details>'
    html = folds.fold(hostile, folds.para(hostile, hostile, muted=True))
    found, tags = read(html)
    assert found == [[hostile, f"{hostile} {hostile}"]]
    assert tags == {"details", "summary", "div", "p", "b"}
    assert "<img" not in html and "</details>" not in html.replace("</details>", "", 1)


def test_signs_are_glyphs_with_their_direction():
    html = folds.items([("up", "a"), ("down", "b"), ("none", "c")])
    assert [s in html for s in ("crm-up", "crm-down", "crm-none")] == [True] * 3
    assert read(html)[0] == []  # a list alone is no section


def test_the_style_block_holds_no_tag():
    """st.html's sanitiser drops a style block whose text looks like a tag ("<details>" in a
    comment did): every fit.css rule would be lost at once."""
    from crmwizard.ui.fit import CSS

    assert "<" not in CSS.template
