"""The workspace's assessments summarised, and where one company sits among similar ones."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from crmwizard.analysis import analyse
from crmwizard.assessment_io import load_assessment
from crmwizard.content import Content
from crmwizard.store import Saved, StoreError

log = logging.getLogger("crmwizard")
# Fewer peers than this and a third of them is one or two companies: their answers could be
# read back from the benchmark, so it is not shown at all.
MIN_PEERS = 5
# CRM users: companies in one band are "of similar size" (the plan scales by users too).
SIZE_BANDS = (0, 20, 100, 500)


@dataclass(frozen=True)
class Row:
    """One saved assessment as the portfolio shows it."""

    token: str
    company: str
    industry: str | None
    users: int | None
    overall: float
    completeness: float
    risks: int
    steps: dict[str, float]  # step id → readiness
    updated_at: str


@dataclass(frozen=True)
class Position:
    what: str  # "overall" or a step id
    third: str  # "top", "middle" or "bottom"


@dataclass(frozen=True)
class Benchmark:
    peers: int  # how many similar assessments it was computed from
    positions: list[Position]  # overall first, then the steps in order


_ROWS: OrderedDict[tuple[str, int, str, str], Row | None] = OrderedDict()
_LOCK = threading.Lock()
CACHE_ROWS = 5000  # summaries kept per process: a row is re-scored only after it changes


def summarise(content: Content, saved: Saved, lang: str,
              load: Callable[[str], str | None] | None = None) -> Row | None:
    """The row's figures, or None when it cannot be read; scored once per saved revision.

    `load(token)` reads the data when `saved` was listed without it and is not cached yet.
    """
    token, company, updated_at = saved.token, saved.company, saved.updated_at
    key = (token, saved.revision, updated_at, lang)
    with _LOCK:
        if key in _ROWS:
            _ROWS.move_to_end(key)
            return _ROWS[key]
    try:
        data = saved.data or (load(token) if load else None) or ""
        a = load_assessment(content, data)
        r = analyse(content, a, lang)
        row: Row | None = Row(token, company, a.profile.industry, a.profile.crm_users,
                              r.readiness.overall, r.readiness.completeness, len(r.risks),
                              {s.step: s.readiness for s in r.readiness.steps}, updated_at)
    except StoreError:  # the database, not the row: nothing cached, read again next time
        raise
    except Exception:  # noqa: BLE001 - one unreadable row must not take the list down
        log.warning("workspace: a saved assessment cannot be read", exc_info=True)
        row = None
    with _LOCK:
        _ROWS[key] = row
        while len(_ROWS) > CACHE_ROWS:
            _ROWS.popitem(last=False)
    return row


def size_band(users: int | None) -> int | None:
    """Index of the size band of a number of CRM users; None when not known."""
    if users is None:
        return None
    return max(i for i, low in enumerate(SIZE_BANDS) if users >= low)


def peers(industry: str | None, users: int | None, token: str | None, company: str,
          rows: list[Row]) -> list[Row]:
    """Other companies' assessments of the same industry or size band.

    The company's own rows never count: not its token, nor a row whose name starts with its
    name (a "before/after" copy is named "<company> (copy)").
    """
    band = size_band(users)
    own = company.strip().casefold()
    return [r for r in rows if r.token != token
            and not (own and r.company.strip().casefold().startswith(own))
            and ((industry is not None and r.industry == industry)
                 or (band is not None and size_band(r.users) == band))]


def _third(value: float, others: list[float]) -> str:
    """Top, middle or bottom third by the share of the others scoring below `value`."""
    below = sum(1 for v in others if v < value) + 0.5 * sum(1 for v in others if v == value)
    share = below / len(others)
    return "top" if share >= 2 / 3 else "bottom" if share < 1 / 3 else "middle"


def benchmark(overall: float, steps: dict[str, float], similar: list[Row]) -> Benchmark | None:
    """Where a company sits among similar ones; None with fewer than MIN_PEERS of them.

    Only thirds come out: no other company's name, figure or answer.
    """
    if len(similar) < MIN_PEERS:
        return None
    positions = [Position("overall", _third(overall, [r.overall for r in similar]))]
    positions += [Position(step, _third(value, [r.steps.get(step, 0.0) for r in similar]))
                  for step, value in steps.items()]
    return Benchmark(len(similar), positions)
