"""Reads the charts' SVG as a browser would: texts, tooltips and marked shapes by value."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def charts_in(at) -> list[ET.Element]:
    """Every chart an AppTest run put on the page, in order."""
    return [parse(m.group(0)) for md in at.markdown
            for m in re.finditer(r"<svg\b.*?</svg>", md.value, re.S)]


def shapes(root: ET.Element, css: str) -> list[ET.Element]:
    return [el for el in root.iter() if css in (el.get("class") or "").split()]


def text(el: ET.Element) -> str:
    """A text element's lines joined by spaces, without its tooltip."""
    return " ".join("".join(s.itertext()) for s in el.iter(f"{NS}tspan"))


def texts(root: ET.Element, css: str | None = None) -> list[str]:
    return [text(el) for el in root.iter(f"{NS}text")
            if css is None or css in (el.get("class") or "").split()]


def tip(el: ET.Element) -> str | None:
    title = el.find(f"{NS}title")
    return None if title is None else title.text


def title(root: ET.Element) -> str:
    return root.get("aria-label")


def tips(root: ET.Element) -> list[str]:
    return [t for el in root.iter() if (t := tip(el))]
