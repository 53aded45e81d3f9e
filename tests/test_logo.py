"""Logos: pixel size checked from the header before decoding, made small once, refusals said."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from crmwizard.content import get_content
from crmwizard.logo import KEEP_SIDE, MAX_PIXELS, LogoError, logo_size, prepare_logo

ROOT = Path(__file__).resolve().parent.parent
CONTENT = get_content()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(w: int, h: int) -> bytes:
    """A few kB of PNG that says it is w×h RGB: its rows of zeros compress to nothing."""
    z = zlib.compressobj(9)
    row = b"\x00" * (3 * w + 1)
    body = b"".join(z.compress(row) for _ in range(min(h, 50))) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", body) + _chunk(b"IEND", b""))


def picture(w: int, h: int, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((w, h)).convert("RGB").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("w,h", [(12000, 12000), (4001, 10), (10, 4001), (4000, 4000)])
def test_pixel_bombs_are_refused_from_the_header(w, h):
    """A small file claiming too many pixels is refused before a pixel is decoded."""
    data = png_bomb(w, h)
    assert len(data) < 100_000
    begin = time.perf_counter()
    with pytest.raises(LogoError) as e:
        prepare_logo(data)
    assert e.value.reason == "logo_too_many_pixels"
    assert time.perf_counter() - begin < 0.5


@pytest.mark.parametrize("data,reason", [
    (b"not a picture at all", "logo_not_image"),
    (b"GIF89a" + b"\x00" * 50, "logo_not_image"),
    (picture(40, 40)[:60], "logo_not_image"),  # header fine, pixels cut off
    (b"\x00" * 1_000_001, "logo_too_big"),
])
def test_other_refusals_have_a_reason(data, reason):
    with pytest.raises(LogoError) as e:
        prepare_logo(data)
    assert e.value.reason == reason
    assert CONTENT.t(reason, "en", **e.value.values)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_large_logo_is_kept_as_a_small_copy(fmt):
    small = prepare_logo(picture(3000, 1200, fmt))
    assert max(logo_size(small)) == KEEP_SIDE
    assert len(small) < 200_000


def test_pillow_guard_is_set_for_every_decode():
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS


def test_pdf_with_a_bomb_as_logo_leaves_it_out_quickly(demos):
    """Even handed a bomb directly, the PDF builder reads the header and leaves it out."""
    from crmwizard.report import summary_pdf

    begin = time.perf_counter()
    pdf = summary_pdf(CONTENT, demos["retail"], "en", logo=png_bomb(12000, 12000))
    assert time.perf_counter() - begin < 5
    assert not PdfReader(io.BytesIO(pdf)).pages[0].images


@pytest.fixture
def export(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMWIZARD_DB", str(tmp_path / "app.sqlite3"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.query_params["demo"] = "retail"
    at.run()
    at.switch_page("pages/13_export.py").run()
    return at


@pytest.mark.parametrize("name,data,why", [
    ("bomb.png", png_bomb(12000, 12000), "at most 4000 pixels"),
    ("renamed.png", b"%PDF-1.4 not an image", "not a PNG or JPEG"),
    ("big.png", b"\x89PNG" + b"\x00" * 1_200_000, "larger than 1 MB"),
])
def test_refused_logo_upload_says_so_naming_the_field(export, name, data, why):
    at = export
    at.file_uploader(key="export_logo").set_value((name, data, "image/png")).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(e.startswith(CONTENT.t("export_logo_field", "en")) and why in e for e in errors), \
        errors


def test_good_logo_upload_is_shrunk_once(export):
    at = export
    at.file_uploader(key="export_logo").set_value(("logo.jpg", picture(3000, 1000, "JPEG"),
                                                   "image/jpeg")).run()
    assert not at.error
    file_id, small, problem = at.session_state["export_logo_small"]
    assert problem is None and max(logo_size(small)) == KEEP_SIDE
    at.run()
    assert at.session_state["export_logo_small"][1] is small  # not made again on a rerun
