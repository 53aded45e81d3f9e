"""Text the PDF font cannot draw: right-to-left runs shaped, emoji replaced visibly."""

from __future__ import annotations

import io

from pypdf import PdfReader

from crmwizard.model import Profile
from crmwizard.report.fonts import MISSING, printable


def test_emoji_and_unknown_characters_become_a_visible_mark():
    assert printable("Acme 🙂👍🏽 Ltd") == f"Acme {MISSING} Ltd"
    assert printable("a\x00b\x07c") == "abc"
    assert printable("ООО «Ромашка» & R&D") == "ООО «Ромашка» & R&D"


def test_right_to_left_text_is_in_visual_order_and_joined():
    assert printable("שלום") == "םולש"
    arabic = printable("مرحبا")
    assert arabic != "مرحبا" and all(0xFE70 <= ord(ch) <= 0xFEFF for ch in arabic)


def test_pdf_with_emoji_rtl_and_entities_draws_them(content, demos):
    from crmwizard.report import summary_pdf

    a = demos["retail"]
    name = "Shop 🙂 שלום R&amp;D"
    a = a.model_copy(update={"profile": Profile(**{**a.profile.model_dump(),
                                                   "company_name": name})})
    pdf = summary_pdf(content, a, "en")
    page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "R&amp;D" in page  # typed as is, not turned into "&"
    assert MISSING in page and ("שלום" in page or "םולש" in page)  # pypdf may re-order
