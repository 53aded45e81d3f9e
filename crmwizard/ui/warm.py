"""Heavy modules imported once, under a lock, before any screen of the first sessions runs.

Streamlit runs each session's script in its own thread. On a fresh server, five visitors
opening Results at once imported pandas and plotly in five threads at the same moment, and
some got "partially initialized module 'pandas'". The first run imports them here, holding
the lock; the others wait for it, then find everything loaded.
"""

from __future__ import annotations

import importlib
import threading

HEAVY = (
    "pandas", "pyarrow", "plotly.graph_objects", "plotly.io", "streamlit.dataframe_util",
    "streamlit.elements.plotly_chart", "streamlit.elements.arrow", "crmwizard.charts",
    "crmwizard.report", "crmwizard.report.summary", "crmwizard.report.brief", "PIL.Image",
)
_lock = threading.Lock()
_done = False


def heavy_modules() -> None:
    """Imports HEAVY once per process; concurrent callers wait until it is done."""
    global _done
    if _done:
        return
    with _lock:
        if not _done:
            for name in HEAVY:
                importlib.import_module(name)
            _done = True
