"""QR codes for links, drawn locally with segno (nothing leaves the machine)."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, scale: int = 10) -> bytes:
    """A PNG of the QR code for text; scale is pixels per module (10 reads from a projector)."""
    # Level M survives a smudged or glaring screen; a quiet zone of 4 modules is the standard.
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4, dark="#111111", light="#ffffff")
    return out.getvalue()
