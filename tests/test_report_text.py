"""The documents' literal text without reportlab's markup parser, checked against the parser."""

from __future__ import annotations

from xml.sax.saxutils import escape

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from crmwizard.report.fonts import printable
from crmwizard.report.styles import Text, styles, text

# Whitespace of every kind, markup characters, entities, Cyrillic, long words.
PIECES = st.sampled_from([" ", "  ", "\n", "\t", "\xa0", "\xad", "-", "<b>", "</b>", "&",
                          "&amp;", "<", ">", "«", "»", "—", "R&D", "ООО", "Ромашка", "x" * 60,
                          "1\xa0500\xa0₽", "a", "Б"])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=12).map("".join)
WIDTHS = (20.0, 60.0, 140.0, 400.0)


def parsed(value: str, style: str) -> Paragraph:
    """What text() drew before: the escaped text through reportlab's own parser."""
    return Paragraph(escape(printable(value)), styles()[style])


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["body", "cell", "cell_muted", "th", "company"]))
def test_literal_text_reads_and_wraps_as_the_parser_has_it(value, style):
    ours, theirs = text(value, style), parsed(value, style)
    assert "".join(f.text for f in ours.frags) == "".join(f.text for f in theirs.frags)
    assert {(f.fontName, f.fontSize, f.textColor) for f in ours.frags if f.text} <= \
        {(f.fontName, f.fontSize, f.textColor) for f in theirs.frags}
    for width in WIDTHS:
        assert ours.wrap(width, 1000) == theirs.wrap(width, 1000), width


def test_a_soft_hyphen_next_to_markup_characters_breaks_as_before():
    value = "00<0\xad «"  # found by Hypothesis: one fragment broke it into three lines
    assert text(value).wrap(20.0, 1000) == parsed(value, "body").wrap(20.0, 1000)


def test_a_kept_wrap_is_only_reused_at_the_same_width():
    value = "Согласовать техническое задание с интегратором до начала настройки " * 3
    p = text(value, "cell")
    sizes = [p.wrap(w, 1000) for w in (80.0, 300.0, 80.0, 80.0)]
    fresh = [parsed(value, "cell").wrap(w, 1000) for w in (80.0, 300.0, 80.0, 80.0)]
    assert sizes == fresh and sizes[0][1] > sizes[1][1]
    assert (p.width, p.height) == sizes[-1]
    pieces = p.split(80.0, 25)  # a table row taller than the room left: the parts wrap anew
    assert len(pieces) == 2 and all(isinstance(x, Text) for x in pieces)
    assert sum(x.wrap(80.0, 1000)[1] for x in pieces) == sizes[0][1]
