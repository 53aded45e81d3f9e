"""One Streamlit widget per question type, bound to the Assessment through callbacks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from crmwizard.content import Question
from crmwizard.i18n import fmt_answer
from crmwizard.model import MAX_DATE, MIN_DATE, Assessment
from crmwizard.ui import state
from crmwizard.ui.text import plain

DATE_FORMATS = {"ru": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
TEXT_LIMIT = 500  # characters of a text answer


def cut(value: str, limit: int, label: str) -> str:
    """The text cut to `limit` characters, with a message saying so and where it now ends.

    Text fields carry no max_chars: the browser would cut a long paste without a word.
    """
    if len(value) <= limit:
        return value
    kept = value[:limit].rstrip()
    st.session_state[state.NOTICE] = ("warning", "text_cut", {
        "field": plain(label), "limit": limit, "total": len(value),
        "end": plain(kept[-40:].strip())})
    return kept
# Every date picker and date cell offers only dates the model accepts.
DATE_LIMITS = {"min_value": MIN_DATE, "max_value": MAX_DATE}


def _key(q: Question) -> str:
    return f"q_{q.id}"


def _to_widget(q: Question, value: Any) -> Any:
    if q.type == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if q.type == "multi":
        return list(value or [])
    if q.type == "text":
        return value or ""
    if q.type in ("number", "money") and value is not None:
        return float(value)
    return value


def _from_widget(q: Question, value: Any) -> Any:
    """The answer to store; None means unanswered."""
    if q.type == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if q.type == "multi":
        return [o.id for o in q.options if o.id in (value or [])] or None
    if q.type == "text":
        return (value or "").strip() or None
    if q.type in ("number", "money") and value is not None and float(value).is_integer():
        return int(value)
    return value


def _set_answer(a: Assessment, qid: str, value: Any) -> Assessment:
    answers = dict(a.answers)
    if value is None:
        answers.pop(qid, None)
    else:
        answers[qid] = value
    return a.model_copy(update={"answers": answers})


def _changed(q: Question) -> None:
    value = _from_widget(q, st.session_state.get(_key(q)))
    if q.type == "text" and value:
        value = cut(value, TEXT_LIMIT, q.text(state.lang()))
        st.session_state[_key(q)] = value
    if not state.update(lambda a: _set_answer(a, q.id, value)):
        # Put the widget back to the saved answer so screen and Assessment agree.
        st.session_state[_key(q)] = _to_widget(q, state.current().answers.get(q.id))


def question(q: Question) -> None:
    """Draws one question with its hint; its answer lives in the Assessment."""
    c, lang = state.content(), state.lang()
    key = _key(q)
    if key not in st.session_state:
        st.session_state[key] = _to_widget(q, state.current().answers.get(q.id))
    label = q.text(lang)
    common = {"key": key, "on_change": _changed, "args": (q,)}
    labels = {o.id: o.label(lang) for o in q.options}
    match q.type:
        case "single":
            st.radio(label, [o.id for o in q.options], format_func=labels.__getitem__,
                     **common)
        case "multi":
            st.pills(label, [o.id for o in q.options], selection_mode="multi",
                     format_func=labels.__getitem__, **common)
        case "yesno":
            st.radio(label, [True, False], horizontal=True,
                     format_func=lambda v: c.t("yes" if v else "no", lang), **common)
        case "scale":
            lo, hi = (int(b) for b in q.bounds())
            ends = {lo: q.min_label, hi: q.max_label}
            st.radio(label, list(range(lo, hi + 1)), horizontal=True,
                     format_func=lambda v: f"{v} · {ends[v](lang)}" if ends.get(v) else str(v),
                     **common)
        case "number" | "money":
            unit = q.unit(lang) if q.unit else ""
            if q.type == "money" and not unit:
                unit = c.t("money_unit", lang)
            # No min/max here: the browser would answer a value out of range with its own
            # English tooltip only; the Assessment refuses it with a message in our words.
            st.number_input(f"{label} ({unit})" if unit else label,
                            step=10_000.0 if q.type == "money" else 1.0, format="%.0f",
                            placeholder=c.t("not_answered", lang), **common)
        case "text":
            st.text_input(label, placeholder=c.t("not_answered", lang),
                          **common)
        case "date":
            st.date_input(label, format=DATE_FORMATS[lang], **DATE_LIMITS, **common)
        case "derived":
            value = state.analysis().values.get(q.id)
            st.markdown(f"**{label}**")
            st.text(fmt_answer(c, q, value, lang))
    st.caption(q.hint(lang))
