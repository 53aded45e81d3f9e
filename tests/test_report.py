"""PDF documents: both render for every demo in both languages, text is literal, CLI writes them."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from crmwizard.__main__ import main
from crmwizard.model import Assessment, Profile
from crmwizard.report import brief_pdf, summary_pdf
from crmwizard.report.answers import pieces
from tests.conftest import DEMOS

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("ru", "en")
DOCS = {"summary": summary_pdf, "brief": brief_pdf}
HEADINGS = {
    "summary": ["pdf_summary_title", "pdf_exec_summary", "steps_heading", "risk_register",
                "process_heading", "pdf_shortlist", "pdf_plan", "pdf_appendix"],
    "brief": ["pdf_brief_title", "pdf_brief_profile", "pdf_goals", "pdf_brief_constraints",
              "pdf_brief_integrations", "pdf_brief_requirements", "process_heading",
              "pdf_brief_project", "pdf_brief_open"],
}
# What stays inside the company: the brief goes to outside integrators.
INTERNAL = ["overall_readiness", "steps_heading", "risk_register", "pdf_top_risks",
            "matrix_title", "pdf_shortlist"]
HOSTILE = "<script>alert(1)</script> & <b>ООО «Ромашка»</b>"
_cache: dict[tuple, tuple[bytes, list[str]]] = {}


def flat(value: str) -> str:
    """Whitespace collapsed: a wrapped line extracts with a newline where the text had a space."""
    return " ".join(value.split())


def render(content, doc: str, assessment: Assessment, lang: str, key: tuple | None = None,
           **kw) -> tuple[bytes, list[str]]:
    """PDF bytes and the text of each page (cached per key: rendering is the slow part)."""
    if key is None or key not in _cache:
        pdf = DOCS[doc](content, assessment, lang, **kw)
        pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
        if key is None:
            return pdf, pages
        _cache[key] = pdf, pages
    return _cache[key]


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMOS)
def test_demo_renders_with_company_and_every_heading(content, demos, doc, demo, lang):
    """Each demo in each language: a PDF whose text has the company and all section headings."""
    pdf, pages = render(content, doc, demos[demo], lang, (doc, demo, lang))
    text = " ".join(pages)
    assert pdf.startswith(b"%PDF")
    assert flat(demos[demo].profile.company_name) in text
    for key in HEADINGS[doc]:
        assert content.t(key, lang) in text, key


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("demo", DEMOS)
def test_brief_leaves_out_internal_scores_and_risks(content, demos, demo, lang):
    """No readiness score, risk register, risk matrix or shortlist heading in the brief."""
    text = " ".join(render(content, "brief", demos[demo], lang, ("brief", demo, lang))[1])
    for key in INTERNAL:
        assert content.t(key, lang) not in text, key


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("lang", LANGS)
def test_empty_assessment_says_not_answered(content, doc, lang):
    """An empty assessment renders, and blanks read as "not answered", not as a value."""
    pdf, pages = render(content, doc, Assessment(), lang)
    text = " ".join(pages)
    assert pdf.startswith(b"%PDF")
    assert content.t("not_answered", lang) in text
    assert content.t("pdf_no_company", lang) in text


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("lang", LANGS)
def test_company_name_with_markup_is_printed_literally(content, doc, lang):
    """Markup in user text is neither interpreted nor dropped: it prints exactly as typed."""
    a = Assessment(profile=Profile(company_name=HOSTILE), prepared_by="A & B <consulting>",
                   answers={"mvp_scope": "one_department", "mvp_department": "<i>Продажи</i>"})
    text = " ".join(render(content, doc, a, lang)[1])
    assert HOSTILE in text
    assert "<i>Продажи</i>" in text
    assert "A & B <consulting>" in text


@pytest.mark.parametrize("doc", DOCS)
@pytest.mark.parametrize("answer", ["слово " * 833, "Ш" * 5000])
def test_longest_answer_flows_over_pages(content, doc, answer):
    """A 5000-character answer (the model's limit) is taller than a page and still prints."""
    a = Assessment(profile=Profile(company_name="Я" * 200),
                   answers={"mvp_scope": "one_department", "mvp_department": answer[:5000]})
    # Compared without whitespace: an unbreakable word wraps wherever the line ends.
    text = "".join("".join(render(content, doc, a, "ru")[1]).split())
    for part in (answer[:300], answer[4700:5000]):
        assert "".join(part.split()) in text


@pytest.mark.parametrize("value,expected", [
    ("", [""]),
    ("коротко", ["коротко"]),
    ("а" * 3100, ["а" * 1500, "а" * 1500, "а" * 100]),
    ("слово " * 500, None),
])
def test_long_answer_is_cut_into_pieces_at_spaces(value, expected):
    """Pieces are at most 1500 characters, cut at a space when there is one, nothing lost."""
    parts = pieces(value)
    assert all(len(p) <= 1500 for p in parts)
    if expected is not None:
        assert parts == expected
    else:
        assert all(p.endswith("слово") or p.endswith("слово ") for p in parts)
        assert " ".join(parts).split() == value.split()


@pytest.mark.parametrize("doc,first", [("summary", 2), ("brief", 1)])
def test_pages_are_numbered_of_total(content, demos, doc, first):
    """Every page but the cover says "page N of M"."""
    _, pages = render(content, doc, demos["manufacturer"], "en", (doc, "manufacturer", "en"))
    total = len(pages)
    for n in range(first, total + 1):
        assert content.t("pdf_page", "en", page=n, total=total) in pages[n - 1]


@pytest.mark.parametrize("demo", DEMOS)
def test_executive_summary_fits_on_one_page(content, demos, demo):
    """Cover on page 1, the executive summary alone on page 2, readiness from page 3."""
    _, pages = render(content, "summary", demos[demo], "ru", ("summary", demo, "ru"))
    assert content.t("pdf_exec_summary", "ru") in pages[1]
    assert content.t("steps_heading", "ru") in pages[2]


@pytest.mark.parametrize("value,size,width", [
    ("Короткое имя", 7, 200),
    ("Интеграция: Единый вход (Active Directory, SSO) и ещё очень длинный хвост", 7, 120),
    ("W" * 300, 7, 50),
    ("", 7, 10),
])
def test_fit_cuts_long_labels_to_the_width(value, size, width):
    """Chart labels and running headers never run past their width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from crmwizard.report.document import fit
    from crmwizard.report.fonts import register

    regular, _ = register()
    cut = fit(value, regular, size, width)
    assert stringWidth(cut, regular, size) <= width
    assert cut == value or (cut.endswith("…") and value.startswith(cut[:-1].rstrip()))


@pytest.mark.parametrize("doc", DOCS)
def test_outline_entries_open_the_page_of_their_heading(content, demos, doc):
    """The PDF outline lists the section headings, each pointing at the page it is on."""
    pdf, pages = render(content, doc, demos["manufacturer"], "en", (doc, "manufacturer", "en"))
    reader = PdfReader(io.BytesIO(pdf))
    top = [x for x in reader.outline if not isinstance(x, list)]
    assert [x.title for x in top] == [content.t(k, "en") for k in HEADINGS[doc][1:]]
    for entry in top:
        assert entry.title in pages[reader.get_destination_page_number(entry)]


def test_long_table_repeats_its_header_on_the_next_page(content, demos):
    """The task table of a big plan spans pages, with its column names on each."""
    _, pages = render(content, "summary", demos["manufacturer"], "ru",
                      ("summary", "manufacturer", "ru"))
    header = f"{content.t('plan_col_task', 'ru')} {content.t('plan_col_stage', 'ru')}"
    assert sum(header in p for p in pages) >= 2


@pytest.mark.parametrize("doc", DOCS)
def test_only_bundled_fonts_are_used(content, demos, doc):
    """Every font in the PDF is the bundled DejaVu family, embedded; no system or base-14 font."""
    pdf, _ = render(content, doc, demos["retail"], "ru", (doc, "retail", "ru"))
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add((str(font["/BaseFont"]), "/DescendantFonts" in font
                       or "/FontDescriptor" in font))
    assert fonts
    assert all("DejaVuSans" in name and embedded for name, embedded in fonts), fonts


@pytest.mark.parametrize("logo,images", [(None, 0), (b"not an image", 0), ("png", 1)])
def test_logo_on_the_cover_when_readable(content, logo, images):
    """A readable logo goes on the cover; an unreadable one is left out, not fatal."""
    if logo == "png":
        buf = io.BytesIO()
        Image.new("RGB", (300, 90), (10, 80, 160)).save(buf, "PNG")
        logo = buf.getvalue()
    pdf = summary_pdf(content, Assessment(), "ru", logo=logo)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == images


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crmwizard", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command,lang,heading", [
    ("pdf", "en", "pdf_exec_summary"),
    ("brief", "ru", "pdf_brief_constraints"),
])
def test_cli_writes_the_pdf(content, tmp_path, command, lang, heading):
    """`pdf` and `brief` write a PDF file in the language asked for."""
    out = tmp_path / "out.pdf"
    proc = run_cli(command, "questions/demo/distributor.json", "-o", str(out), "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    text = flat(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert out.read_bytes().startswith(b"%PDF")
    assert content.t(heading, lang) in text


@pytest.mark.parametrize("command", ["pdf", "brief"])
@pytest.mark.parametrize("make_input,output,message", [
    (lambda d: d / "missing.json", "out.pdf", "missing.json: cannot read"),
    (lambda d: (d / "bad.json").write_text("{nope") and d / "bad.json", "out.pdf",
     "bad.json: (file): not valid JSON"),
    (lambda d: ROOT / "questions/demo/retail.json", "no/such/dir/out.pdf", "cannot write"),
    (lambda d: ROOT / "questions/demo/retail.json", ".", "cannot write"),
])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, capsys, command, make_input, output,
                                             message):
    """A bad file or an unwritable output: exit code 2 and one line on stderr, no traceback."""
    # In-process (`main` is what `python -m crmwizard` exits with): a new interpreter per case
    # would spend its time importing, not testing.
    code = main([command, str(make_input(tmp_path)), "-o", str(tmp_path / output)])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines


def test_chart_shapes_are_built_without_reportlabs_attribute_checks():
    """crmwizard.report turns reportlab's per-attribute checks off before its graphics load
    (they took a tenth of a summary PDF); a fresh interpreter, as the app and CLI start."""
    probe = ("import crmwizard.report; from reportlab.graphics import shapes, widgetbase as w; "
             "print('__setattr__' in vars(shapes.Shape), '__setattr__' in vars(w.PropHolder))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["False", "False"]
