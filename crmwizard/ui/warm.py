"""Heavy modules and per-process data loaded once, under a lock, before any screen runs.

Streamlit runs each session's script in its own thread. On a fresh server, five visitors
opening Results at once imported pandas in five threads at the same moment, and
some got "partially initialized module 'pandas'". The first run imports them here, holding
the lock; the others wait for it, then find everything loaded. `python -m crmwizard.ui.serve`
does it before the server takes its first visitor.
"""

from __future__ import annotations

import importlib
import threading

HEAVY = (
    "pandas", "pyarrow", "streamlit.dataframe_util", "streamlit.elements.arrow",
    "crmwizard.charts",
    "crmwizard.report", "crmwizard.report.summary", "crmwizard.report.brief", "PIL.Image",
)
_lock = threading.Lock()
_done = False


def _data() -> None:
    """What the first analysis would load on first use: the content, the holiday calendars
    (the `holidays` package imports every country), Babel's locale data, the chart font."""
    from crmwizard import charts
    from crmwizard.analysis import analyse
    from crmwizard.content import get_content
    from crmwizard.i18n import fmt_date, fmt_money
    from crmwizard.model import Assessment

    for lang in ("ru", "en"):
        result = analyse(get_content(), Assessment(language=lang))
        charts.radar(result.readiness, lang, "")
        fmt_date("2027-01-01", lang)
        fmt_money(1, lang)


def heavy_modules() -> None:
    """Imports HEAVY and loads the data once per process; concurrent callers wait for it."""
    global _done
    if _done:
        return
    with _lock:
        if not _done:
            for name in HEAVY:
                importlib.import_module(name)
            _data()
            _done = True
