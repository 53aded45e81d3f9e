"""A consultant's logo: checked by its header before any pixel is decoded, then made small."""

from __future__ import annotations

import io
import warnings

from PIL import Image

MAX_BYTES = 1_000_000
MAX_SIDE = 4000  # pixels, either side
MAX_PIXELS = 10_000_000  # 10 megapixels: a 4000×2500 logo decodes in ~40 MB
KEEP_SIDE = 800  # the small copy kept for the PDF cover (55 × 24 mm at ~370 dpi)
FORMATS = {"PNG", "JPEG"}

# Pillow's own bomb guard, for any decode elsewhere: it warns above this and refuses above
# twice this many pixels (its default, 89 MP, lets a 12000×12000 PNG through with a warning).
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class LogoError(ValueError):
    """A logo is refused: `reason` is a key of the UI message saying why."""

    def __init__(self, reason: str, **values: object):
        super().__init__(reason)
        self.reason = reason
        self.values = values


def logo_size(data: bytes) -> tuple[int, int]:
    """Width and height from the file's header, without decoding; LogoError if refused."""
    if len(data) > MAX_BYTES:
        raise LogoError("logo_too_big", mb=MAX_BYTES // 1_000_000)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))  # reads the header only
            fmt, (w, h) = img.format, img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LogoError("logo_too_many_pixels", side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000) \
            from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a file that is no image
        raise LogoError("logo_not_image") from None
    if fmt not in FORMATS:
        raise LogoError("logo_not_image")
    if w < 1 or h < 1 or w > MAX_SIDE or h > MAX_SIDE or w * h > MAX_PIXELS:
        raise LogoError("logo_too_many_pixels", side=MAX_SIDE, mp=MAX_PIXELS // 1_000_000)
    return w, h


def prepare_logo(data: bytes) -> bytes:
    """The logo as a small PNG (longest side ≤ KEEP_SIDE); LogoError when refused."""
    logo_size(data)
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.draft("RGB", (KEEP_SIDE, KEEP_SIDE))  # JPEG: decode at a reduced scale
            img.seek(0)  # an animated PNG: its first frame
            small = img.convert("RGBA")
            small.thumbnail((KEEP_SIDE, KEEP_SIDE))
            out = io.BytesIO()
            small.save(out, "PNG", optimize=True)
    except LogoError:
        raise
    except Exception:  # noqa: BLE001 - a truncated or corrupt image: refused, never fatal
        raise LogoError("logo_not_image") from None
    return out.getvalue()
