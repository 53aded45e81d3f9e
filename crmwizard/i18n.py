"""Numbers, money, dates and answers formatted for the user's language (Babel)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from babel import Locale
from babel.dates import format_date as _format_date
from babel.numbers import NumberPattern, format_compact_decimal, format_currency, parse_pattern

from crmwizard.content import Content, Question

# Parsed once: Babel would otherwise parse the locale and the pattern on every call, which
# was most of the scoring time (every reason formats its answer).
LOCALES = {"ru": Locale.parse("ru_RU"), "en": Locale.parse("en_US")}
# Russian puts the sign after the amount; English readers expect the ISO code before it.
MONEY_FORMATS = {"ru": parse_pattern("#,##0\xa0¤"), "en": parse_pattern("¤¤\xa0#,##0")}
SHORT_MONEY = {"ru": "{}\xa0₽", "en": "RUB\xa0{}"}


@functools.cache
def _number_pattern(digits: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "#" * digits if digits else ""))


def fmt_number(value: float, lang: str, digits: int = 1) -> str:
    return _number_pattern(digits).apply(value, LOCALES[lang])


def fmt_money(value: float, lang: str, currency: str = "RUB") -> str:
    return format_currency(
        round(value), currency, format=MONEY_FORMATS[lang], locale=LOCALES[lang],
        currency_digits=False,
    )


def fmt_date(value: dt.date | str, lang: str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return _format_date(value, "d MMM y", locale=lang)


def fmt_compact(value: float, lang: str) -> str:
    """A short axis number: "500 тыс.", "1,5 млн" / "500K", "1.5M"."""
    return format_compact_decimal(value, format_type="short", locale=LOCALES[lang],
                                  fraction_digits=1)


def fmt_money_short(value: float, lang: str) -> str:
    """An amount for a key figure: "2,8 млн ₽" / "RUB 2.8M"."""
    return SHORT_MONEY[lang].format(fmt_compact(value, lang))


def fmt_month(day: dt.date, lang: str) -> str:
    """A month and year for a time axis: "дек. 2026" / "Dec 2026"."""
    return _format_date(day, "LLL yyyy", locale=LOCALES[lang])


def fmt_percent(share: float, lang: str) -> str:
    return fmt_number(share * 100, lang, 0) + "\xa0%"


def fmt_answer(content: Content, question: Question, value: Any, lang: str) -> str:
    """An answer as a person reads it: option labels, yes/no, formatted numbers."""
    if value is None:
        return content.t("not_answered", lang)
    match question.type:
        case "single":
            opt = question.option(value)
            return opt.label(lang) if opt else str(value)
        case "multi":
            labels = [(o.label(lang) if (o := question.option(v)) else v) for v in value]
            return ", ".join(labels) if labels else content.t("none_selected", lang)
        case "yesno":
            return content.t("yes" if value else "no", lang)
        case "money":
            return fmt_money(value, lang)
        case "date":
            return fmt_date(value, lang)
        case "number" | "scale" | "derived":
            text = fmt_number(value, lang, 2 if question.type == "derived" else 1)
            if question.type == "derived" and question.source and "share" in question.source:
                text = fmt_percent(value, lang)
            elif question.type == "derived" and question.source and "budget" in question.source:
                text = fmt_money(value, lang)
            return f"{text} {question.unit(lang)}" if question.unit else text
    return str(value)
