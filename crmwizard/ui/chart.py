"""A chart drawn on the server (crmwizard.charts) put on the page."""

from __future__ import annotations

import streamlit as st


def show(svg: str, scroll: bool = False) -> None:
    """The SVG as an HTML block of one line: markdown passes it through untouched.

    Every text in it was escaped by crmwizard.svg; `scroll` lets a chart drawn at its own
    size (the process map) scroll sideways instead of shrinking its type.
    """
    overflow = "overflow-x:auto;" if scroll else ""
    st.markdown(f'<div class="crm-chart" style="{overflow}padding-bottom:4px">{svg}</div>',
                unsafe_allow_html=True)
