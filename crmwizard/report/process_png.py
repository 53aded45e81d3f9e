"""A pipeline as a PNG picture for the Word brief, drawn with Pillow from the BPMN geometry.

reportlab's own bitmap renderer needs a cairo binding that has no wheel here, and Word cannot
take the PDF drawing; the geometry is the one the BPMN file and the PDF use, so all agree.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from crmwizard.content import Content
from crmwizard.model import Pipeline
from crmwizard.process import BPMN_SIZES, geometry, layout
from crmwizard.report.fonts import FONT_DIR

SCALE = 1.5  # pixels per geometry unit: sharp enough when Word fits it to the page width
LANE_FILLS = ("#F3F6FA", "#FFFFFF")
INK, LINE, TASK_FILL = "#111827", "#4B5563", "#E8F1FB"
END_COLOURS = {"won": "#009E73", "lost": "#B00020", "start": "#0072B2"}
MAX_PIXELS = 6000  # a very long pipeline is drawn smaller rather than as a huge file


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _lines(d: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float,
           most: int) -> list[str]:
    """Words in at most `most` lines that fit `width` pixels; the last one cut with '…'."""
    out: list[str] = []
    for word in text.split():
        if out and d.textlength(f"{out[-1]} {word}", font=font) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > most:
        out = out[:most]
        out[-1] += "…"
    cut = []
    for line in out:
        while len(line) > 1 and d.textlength(line, font=font) > width:
            line = line[:-2] + "…"
        cut.append(line)
    return cut


def _centred(d: ImageDraw.ImageDraw, lines: list[str], cx: float, cy: float,
             font: ImageFont.FreeTypeFont) -> None:
    step = font.size * 1.2
    top = cy - step * len(lines) / 2
    for i, line in enumerate(lines):
        d.text((cx, top + i * step + step / 2), line, fill=INK, font=font, anchor="mm")


def pipeline_png(content: Content, p: Pipeline, lang: str) -> bytes:
    """The pipeline's lanes, stages, hand-offs and ends as PNG bytes."""
    lay = layout(content, p, lang)
    g = geometry(lay, BPMN_SIZES)
    scale = min(SCALE, MAX_PIXELS / max(g.width, 1))
    # Room under the last lane: the name of an end event sits below its circle.
    img = Image.new("RGB", (int(g.width * scale) + 2, int((g.height + 30) * scale) + 2),
                    "white")
    d = ImageDraw.Draw(img)
    small, label = _font(int(11 * scale)), _font(int(9 * scale), bold=True)

    def box(b) -> tuple[float, float, float, float]:
        return (b.x * scale, b.y * scale, (b.x + b.w) * scale, (b.y + b.h) * scale)

    for i, (lane, b) in enumerate(zip(lay.lanes, g.lanes, strict=False)):
        x0, y0, x1, y1 = box(b)
        d.rectangle((x0, y0, x1, y1), fill=LANE_FILLS[i % 2], outline="#D1D5DB")
        head = BPMN_SIZES.head * scale * 0.9
        _centred(d, _lines(d, lane.name, label, head - 6, 4), x0 + head / 2, (y0 + y1) / 2,
                 label)
    for flow in lay.flows:
        points = [(x * scale, y * scale) for x, y in g.flows.get(flow.id, [])]
        if len(points) >= 2:
            d.line(points, fill=LINE, width=max(1, int(scale)))
            (ax, ay), (bx, by) = points[-2], points[-1]
            size = 5 * scale
            if abs(bx - ax) >= abs(by - ay):
                sign = 1 if bx > ax else -1
                tip = [(bx, by), (bx - sign * size, by - size / 2), (bx - sign * size,
                                                                      by + size / 2)]
            else:
                sign = 1 if by > ay else -1
                tip = [(bx, by), (bx - size / 2, by - sign * size), (bx + size / 2,
                                                                      by - sign * size)]
            d.polygon(tip, fill=LINE)
    for n in lay.nodes:
        b = g.nodes.get(n.id)
        if b is None:
            continue
        x0, y0, x1, y1 = box(b)
        if n.kind in ("task", "handoff"):
            d.rounded_rectangle((x0, y0, x1, y1), radius=8 * scale, fill=TASK_FILL,
                                outline="#0072B2" if n.kind == "task" else "#E69F00",
                                width=max(1, int(scale)))
            _centred(d, _lines(d, n.name, small, x1 - x0 - 8 * scale, 4), (x0 + x1) / 2,
                     (y0 + y1) / 2, small)
        elif n.kind == "gateway":
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            d.polygon([(cx, y0), (x1, cy), (cx, y1), (x0, cy)], fill="white", outline=LINE,
                      width=max(1, int(scale)))
        else:
            d.ellipse((x0, y0, x1, y1), fill="white", outline=END_COLOURS.get(n.kind, LINE),
                      width=max(1, int(2 * scale)))
            if n.name:
                lines = _lines(d, n.name, small, BPMN_SIZES.col * scale * 0.8, 2)
                _centred(d, lines, (x0 + x1) / 2, y1 + small.size * 1.3, small)
    out = io.BytesIO()
    img.save(out, "PNG", compress_level=3)  # the ZIP stores it as is; level 9 costs 4× time
    return out.getvalue()
