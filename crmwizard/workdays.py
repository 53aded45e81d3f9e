"""The Russian production calendar: working days, public holidays and their transfers."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re

import holidays

# A transfer reads "Day off (substituted from 02/20/2027)": the day named moves here, so that
# day (a weekend day that is no holiday itself) becomes a working day.
_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")
# Working days listed ahead of a plan's start: about twelve years, more than any plan needs.
_HORIZON = 3000


@functools.cache
def _year(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off on weekdays, working weekend days) of one year, from the `holidays` library."""
    days = holidays.country_holidays("RU", years=year, language="en_US")
    off = frozenset(d for d in days if d.weekday() < 5)
    worked = set()
    for name in days.values():
        for m in _FROM.finditer(name):
            month, day, y = map(int, m.groups())
            source = dt.date(y, month, day)
            if source.weekday() >= 5 and source not in days:
                worked.add(source)
    return off, frozenset(worked)


def is_workday(day: dt.date) -> bool:
    """True on a working day of the Russian production calendar."""
    off, _ = _year(day.year)
    if day.weekday() >= 5:
        return day in _year(day.year)[1] or day in _year(day.year + 1)[1] \
            or day in _year(day.year - 1)[1]
    return day not in off


def first_workday(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the next working day."""
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


@functools.lru_cache(maxsize=64)
def _days_from(start: dt.date) -> tuple[dt.date, ...]:
    """Working days from `start` (a working day) on, as far as the horizon."""
    out, day = [], start
    last = dt.date.max - dt.timedelta(days=10)
    while len(out) < _HORIZON and day < last:
        if is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return tuple(out)


def add_workdays(start: dt.date, n: int) -> dt.date:
    """The working day `n` working days after `start` (a working day); n may be negative."""
    if n >= 0:
        days = _days_from(start)
        if n < len(days):
            return days[n]
        return days[-1] + dt.timedelta(days=(n - len(days) + 1) * 7 // 5)
    day = start
    while n < 0:
        day -= dt.timedelta(days=1)
        if is_workday(day):
            n += 1
    return day


def workdays_between(start: dt.date, day: dt.date) -> int:
    """Working days from `start` (a working day) to `day`; negative when `day` is earlier."""
    if day < start:
        count, cursor = 0, start
        while cursor > day:
            cursor -= dt.timedelta(days=1)
            if is_workday(cursor):
                count -= 1
        return count
    days = _days_from(start)
    index = bisect.bisect_left(days, day)
    if index < len(days):
        return index
    return len(days) + (day - days[-1]).days * 5 // 7
