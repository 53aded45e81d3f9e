"""The QR helper draws a real PNG whose size grows with the scale."""

import io

from PIL import Image

from crmwizard.qr import qr_png


def test_qr_png_is_a_square_png_scaled_per_module():
    small = Image.open(io.BytesIO(qr_png("http://localhost:8501/?a=abc", scale=4)))
    large = Image.open(io.BytesIO(qr_png("http://localhost:8501/?a=abc", scale=10)))
    assert small.format == "PNG" and small.size[0] == small.size[1]
    assert large.size[0] == small.size[0] * 10 // 4
