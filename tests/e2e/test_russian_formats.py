"""A Russian session shows Russian words and Russian formats on every screen (issue 13, item 7).

Every screen of a demo and of a blank session is walked in Chromium; the visible text, the
chart labels and the attributes a user sees (title, placeholder, chart tooltips) are
scanned for words in Latin letters that are not product names or units, and for US formats.
"""

from __future__ import annotations

import re

import pytest

from crmwizard.content import get_content
from tests.e2e.harness import settle
from tests.e2e.test_journeys import go, open_profile

C = get_content()
LANG = "ru"
SCREENS = ["start", "goals", "budget", "team", "vendor", "requirements", "processes",
           "integrations", "launch", "plan", "results", "shortlist", "export"]
# Names of products, standards, sources and units, written in Latin letters in Russian too,
# and the two words that must stay as they are: the name of the other language, a key's name.
ALLOWED = {w.lower() for v in C.vendors for w in re.findall(r"[A-Za-z]+", v.name)} | {
    "crm", "api", "rest", "odata", "graphql", "xml", "rpc", "bpmn", "kpi", "erp", "sms", "sso",
    "sip", "cms", "hr", "it", "ru", "pdf", "json", "csv", "png", "jpeg", "jpg", "qr", "mvp",
    "active", "directory", "asterisk", "freepbx", "uis", "saby", "kubernetes", "low", "code", "ex",
    "terrasoft", "forrester", "johnny", "grow", "cso", "insights", "camunda", "modeler",
    "bizagi", "io", "soap", "sla", "excel", "word", "zip", "moscow", "readme", "google",
    "tilda", "wordpress", "english", "enter",
    "readiness", "wizard",  # this product's own name: the demos are "prepared by" it
}
# Web addresses, e-mail examples and file names read as they are.
VERBATIM = re.compile(r"\S+@\S+|\b[\w.-]+\.(ru|com|io|toml|xlsx|docx|pdf|csv|bpmn|json|zip|md)\b"
                      r"|\b\w+/[\w/.]+")
US_FORMATS = {
    "US date": re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}/\d{2}/\d{2}\b|mm/dd/yyyy|"
                          r"yyyy/mm/dd|dd/mm/yyyy", re.IGNORECASE),
    "English month": re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"),
    "comma grouping": re.compile(r"\b\d{1,3}(,\d{3})+\b"),
    "English size limit": re.compile(r"\d\s*MB\b|per file", re.IGNORECASE),
    "English compact number": re.compile(r"\b\d+(\.\d+)?[kKMB]\b"),
}

# Text nodes and attributes the user can see: material icon ligatures ("arrow_forward") are
# drawn as icons, not read, so they are left out.
SCAN_JS = """
(root) => {
  const out = [];
  const seen = (el) => el && el.checkVisibility && el.checkVisibility(
      {checkOpacity: false, checkVisibilityCSS: true});
  // A "skip to content" link waits off-screen until focused; icons are ligatures in an icon font.
  const onScreen = (el) => { const r = el.getBoundingClientRect();
                             return r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0; };
  // Text drawn at size 0 is replaced by our words in CSS (fit.css).
  const icon = (el) => getComputedStyle(el).fontFamily.includes('Material')
                       || parseFloat(getComputedStyle(el).fontSize) === 0;
  const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script,style,noscript,[data-testid="stIconMaterial"]')) continue;
    const text = n.textContent.trim();
    if (text && seen(el) && onScreen(el) && !icon(el)) out.push(['text', text]);
  }
  for (const el of (root || document).querySelectorAll('[title],[placeholder],[data-title]')) {
    if (!seen(el)) continue;
    for (const a of ['title', 'placeholder', 'data-title']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([a, v.trim()]);
    }
  }
  return out;
}
"""


def findings(page) -> list[str]:
    """What on the page is not Russian: Latin words off the allow-list, US formats."""
    found = []
    for where, text in page.evaluate(SCAN_JS):
        words = [w for w in re.findall(r"[A-Za-z]+", VERBATIM.sub(" ", text))
                 if w.lower() not in ALLOWED and len(w) > 1]
        if words:
            found.append(f"{where}: {text[:80]!r} ({', '.join(words[:4])})")
        for name, pattern in US_FORMATS.items():
            if pattern.search(text):
                found.append(f"{where}: {text[:80]!r} ({name})")
    return found


def _walk(page, server, query: str, blank: bool) -> dict[str, list[str]]:
    page.goto(f"{server.url}/?{query}")
    settle(page, "h1")
    report: dict[str, list[str]] = {}
    for screen in SCREENS:
        go(page, screen, LANG)
        if screen == "start" and blank:
            open_profile(page, LANG)
        if screen == "plan":  # the one-task form's fields count too
            page.get_by_text(C.t("plan_form", LANG)).click()
            settle(page)
        found = findings(page)
        if found:
            report[screen] = sorted(set(found))
    return report


@pytest.mark.parametrize("query,blank", [("demo=distributor&lang=ru", False),
                                         ("lang=ru", True)], ids=["demo", "blank"])
def test_every_screen_of_a_russian_session_is_russian(page, server, query, blank):
    """No Latin-only UI word, English month, US date or number, or English upload limit."""
    report = _walk(page, server, query, blank)
    assert not report, "\n".join(f"{s}: {line}" for s, lines in report.items() for line in lines)


def test_a_number_out_of_range_is_answered_in_russian(page, server):
    """A value the field cannot take gets our message naming the field, not a browser tooltip."""
    page.goto(f"{server.url}/?lang=ru")
    settle(page, "h1")
    open_profile(page, LANG)
    label = C.t("profile_employees", LANG)
    box = page.get_by_label(label, exact=True)
    box.fill("-5")
    box.press("Enter")
    settle(page)
    # The browser keeps no range of its own, so it has no English message to show.
    assert box.evaluate("el => el.validationMessage") == ""
    shown = " ".join(t for el in page.locator('[data-testid="stAlert"], [data-testid="stToast"]')
                     .element_handles() for _, t in el.evaluate(SCAN_JS))
    assert label in shown or label.lower() in shown.lower(), shown
    assert not re.search(r"[A-Za-z]{3,}", shown), shown


def test_a_file_over_the_upload_cap_is_refused_in_russian(page, server, tmp_path):
    """Streamlit refuses it in the browser, in English; the field says why in Russian."""
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 3_000_000)  # over the server's 2 MB cap
    page.goto(f"{server.url}/export?lang=ru&demo=distributor")
    settle(page, '[data-testid="stFileUploader"]')
    field = page.locator('[data-testid="stFileUploader"]', has_text=C.t("import_file", LANG))
    field.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(big))
    chip = field.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    chip.wait_for()
    said = field.evaluate("el => getComputedStyle(el, '::after').content")
    assert said.strip('"') == C.t("fit_refused", LANG)
    chip.hover()
    page.locator('[data-testid="stTooltipErrorContent"]').wait_for()
    tip = page.locator('[data-testid="stTooltipErrorContent"]').evaluate(
        "el => getComputedStyle(el, '::after').content")
    assert tip.strip('"') == C.t("fit_refused", LANG)
    found = [f for f in findings(page) if "smaller" in f or "File must" in f]
    assert found == []
