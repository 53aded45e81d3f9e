"""Hostile strings and the check that Markdown shown by the app makes nothing of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

EVIL = "evil.example"
HOSTILE = [
    f"**Session expired** [Log in](http://{EVIL}/login) ![t](http://{EVIL}/pixel.png)",
    f"<img src=http://{EVIL}/x.png><a href='http://{EVIL}'>x</a><script>alert(1)</script>",
    f"R&amp;D :red[alarm] :material/lock: www.{EVIL} http://{EVIL} `code` # Heading boss@{EVIL}",
    f"[x]: http://{EVIL}/ref\n[ref link][x] <http://{EVIL}/auto> $x^2$ ~~gone~~ | a | b |",
]
# Any piece of the hostile strings that Markdown would act on, left unescaped: a link, an
# image, raw HTML, an autolink, a colour or icon directive, an entity, LaTeX, bold, strike.
_UNSAFE = re.compile(r"\]\(http|!\[t\]|<img|<a |<script|<http|www\.evil|http://evil|:red\[alarm"
                     r"|:material/lock:|&amp;|\$x\^2\$|~~gone~~|\]\[x\]|\*\*Session|# Heading")


# Streamlit links bare URLs, www. names and e-mail addresses even when escaped.
_AUTOLINK = re.compile(r"https?://evil|www\.evil|@evil", re.IGNORECASE)


def unsafe(markdown: str) -> str | None:
    """The first active piece of markup left once Markdown's backslash escapes are removed."""
    found = _UNSAFE.search(re.sub(r"\\.", "", markdown, flags=re.S))
    found = found or _AUTOLINK.search(re.sub(r"\\(.)", r"\1", markdown, flags=re.S))
    return found.group(0) if found else None


# Elements whose text Streamlit renders as Markdown, and the proto fields it renders.
MARKDOWN_FIELDS = ("body", "label", "help")
PLAIN_TYPES = {"selectbox", "multiselect", "dataframe", "arrow_data_frame", "code", "text",
               "json", "text_input", "text_area"}  # inputs: their *value* is plain text


def walk(node) -> Iterator:
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from walk(child)


def markdown_texts(at) -> Iterator[tuple[str, str]]:
    """(element type, text) of every string the page renders as Markdown."""
    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None:
            continue
        for field in MARKDOWN_FIELDS:
            if kind in PLAIN_TYPES and field == "body":
                continue
            value = getattr(proto, field, None)
            if isinstance(value, str) and value:
                yield kind, value
        if kind in ("radio", "button_group"):
            for option in getattr(proto, "options", []):
                text = option if isinstance(option, str) else getattr(option, "content", "")
                if text:
                    yield kind, text


# What `make probe` reports: per attack, how many tries and how many the app held.
TALLY: dict[str, list[int]] = {}


def record(attack: str, tried: int, held: int) -> None:
    total = TALLY.setdefault(attack, [0, 0])
    total[0] += tried
    total[1] += held
