"""`python -m crmwizard.ui.serve [options]`: `streamlit run app.py`, warmed up before it opens.

On a fresh server the first visitor waited for pandas, the content, the holiday
calendars and Babel's data to load (7 s for Results on a busy machine). Here that happens in
this process before the server answers its first request; options go to `streamlit run`.
"""

from __future__ import annotations

import sys

from crmwizard.ui import nav, warm


def main(argv: list[str]) -> None:
    warm.heavy_modules()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(nav.ROOT / "app.py"), *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
