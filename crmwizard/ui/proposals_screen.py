"""Proposals screen: integrators' quotes, typed in or uploaded, compared with our estimate."""

from __future__ import annotations

import logging

import streamlit as st
from pydantic import ValidationError

from crmwizard import charts
from crmwizard.i18n import fmt_money, fmt_number
from crmwizard.model import MAX_PROPOSALS, Proposal
from crmwizard.moscow import requirements
from crmwizard.plan_return import ReturnError, read_returned_plan, returned_fields
from crmwizard.proposals import Compared, compare
from crmwizard.ui import chart, nav, state
from crmwizard.ui.screens import header
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
FORM = "prop_form"
PROBLEM = "prop_problem"  # the last refused submit's message, shown above the form
ADDED = "prop_added"
FIELDS = ("integrator", "vendor", "licence_cost", "work_cost", "work_hours", "duration_days",
          "pilot", "training", "migration", "integrations", "support_hours", "sla",
          "warranty_months", "references", "unmet")


def _field(name: str) -> object:
    return st.session_state.get(f"prop_{name}")


def _add() -> None:
    """Builds one proposal from the form (and the uploaded plan, if any): whole, or not at all."""
    c, lang = state.content(), state.lang()
    values = {name: _field(name) for name in FIELDS}
    values["integrator"] = str(values["integrator"] or "").strip()
    values["vendor"] = values["vendor"] or ""
    values["references"] = str(values["references"] or "").strip()
    for name in ("pilot", "training", "migration", "sla"):
        values[name] = bool(values[name])
    for name in ("integrations", "unmet"):
        values[name] = list(values[name] or [])
    for name in ("duration_days", "warranty_months"):
        values[name] = None if values[name] is None else int(values[name])
    st.session_state.pop(PROBLEM, None)
    if not values["integrator"]:
        st.session_state[PROBLEM] = c.t("prop_need_name", lang)
        return
    taken = {p.integrator.casefold() for p in state.current().proposals}
    if values["integrator"].casefold() in taken:
        st.session_state[PROBLEM] = c.t("prop_twice", lang, name=plain(values["integrator"]))
        return
    upload = _field("upload")
    if upload is not None:
        plan = state.analysis().plan
        try:
            values.update(returned_fields(c, read_returned_plan(c, upload.getvalue(), plan),
                                          plan))
        except ReturnError as e:
            st.session_state[PROBLEM] = c.t("prop_upload_error", lang, name=plain(
                upload.name[:100]), problem=plain(e.message(c, lang)))
            return
        except Exception:  # noqa: BLE001 - whatever the file holds, the user gets a message
            log.warning("proposal upload could not be read", exc_info=True)
            st.session_state[PROBLEM] = c.t("prop_upload_error", lang, name=plain(
                upload.name[:100]), problem=c.t("upload_not_xlsx", lang))
            return
    try:
        proposal = Proposal(**values)
    except ValidationError:
        st.session_state[PROBLEM] = c.t("problem_invalid", lang)
        return
    if state.update(lambda a: a.model_copy(update={"proposals": [*a.proposals, proposal]})):
        st.session_state[ADDED] = proposal.integrator


def _delete(index: int) -> None:
    state.update(lambda a: a.model_copy(update={
        "proposals": [p for i, p in enumerate(a.proposals) if i != index]}))


def _figures(r: Compared, vendors: dict[str, str], lang: str) -> list[str]:
    """The proposal's figures in words: price against ours, timeline, CRM, support."""
    c, p = state.content(), r.proposal
    parts = [c.t("prop_fig_total", lang, total=fmt_money(r.total, lang),
                 ratio=fmt_number(100 * r.ratio, lang, 0) if r.ratio is not None else "—")
             if r.total is not None else c.t("prop_fig_total_none", lang),
             c.t("prop_fig_days", lang, days=r.days) if r.days is not None
             else c.t("prop_fig_days_none", lang)]
    if p.vendor:
        parts.append(c.t("prop_fig_vendor", lang, vendor=plain(vendors.get(p.vendor, p.vendor))))
    if p.support_hours:
        parts.append(c.t("prop_fig_support", lang, hours=fmt_number(p.support_hours, lang, 0)))
    if p.warranty_months:
        parts.append(c.t("prop_fig_warranty", lang, months=p.warranty_months))
    return parts


def _form(lang: str) -> None:
    c, a = state.content(), state.current()
    systems = c.question_by_id["int_systems"]
    wanted = state.analysis().values.get("int_systems") or [o.id for o in systems.options]
    labels = {o.id: o.label(lang) for o in systems.options}
    vendors = {v.id: v.name for v in c.vendors}
    musts = {r.id: r.requirement for r in requirements(c, a, lang, state.analysis().values)
             if r.priority == "must"}
    with st.form(FORM, clear_on_submit=True, enter_to_submit=False):
        st.subheader(c.t("prop_add", lang))
        left, right = st.columns(2)
        left.text_input(c.t("prop_integrator", lang), max_chars=80, key="prop_integrator")
        right.selectbox(c.t("prop_vendor", lang), list(vendors), index=None,
                        format_func=vendors.__getitem__, key="prop_vendor",
                        placeholder=c.t("prop_no_figure", lang))
        n1, n2, n3, n4 = st.columns(4)
        n1.number_input(c.t("prop_licence", lang), min_value=0.0, max_value=1e10, value=None,
                        step=10000.0, format="%.0f", key="prop_licence_cost")
        n2.number_input(c.t("prop_work_cost", lang), min_value=0.0, max_value=1e10, value=None,
                        step=10000.0, format="%.0f", key="prop_work_cost")
        n3.number_input(c.t("prop_work_hours", lang), min_value=0.0, max_value=1e6, value=None,
                        step=10.0, format="%.0f", key="prop_work_hours")
        n4.number_input(c.t("prop_duration", lang), min_value=1, max_value=2000, value=None,
                        step=5, key="prop_duration_days")
        b1, b2, b3, b4 = st.columns(4)
        b1.checkbox(c.t("prop_pilot", lang), key="prop_pilot")
        b2.checkbox(c.t("prop_training", lang), key="prop_training")
        b3.checkbox(c.t("prop_migration", lang), key="prop_migration")
        b4.checkbox(c.t("prop_sla", lang), key="prop_sla")
        st.multiselect(c.t("prop_integrations", lang), wanted, format_func=labels.__getitem__,
                       key="prop_integrations", placeholder="")
        s1, s2 = st.columns(2)
        s1.number_input(c.t("prop_support_hours", lang), min_value=0.0, max_value=1e6,
                        value=None, step=5.0, format="%.0f", key="prop_support_hours")
        s2.number_input(c.t("prop_warranty", lang), min_value=0, max_value=120, value=None,
                        step=1, key="prop_warranty_months")
        st.multiselect(c.t("prop_unmet", lang), list(musts), format_func=musts.__getitem__,
                       key="prop_unmet", placeholder="")
        st.text_input(c.t("prop_references", lang), max_chars=120, key="prop_references")
        st.file_uploader(c.t("prop_upload", lang), type=["xlsx"], key="prop_upload",
                         help=c.t("prop_upload_hint", lang))
        st.form_submit_button(c.t("prop_submit", lang), type="primary", on_click=_add,
                              key="prop_submit", icon=":material/add:")


def proposals_screen() -> None:
    c, lang = state.content(), state.lang()
    header("proposals")
    a, an = state.current(), state.analysis()
    st.caption(c.t("prop_intro", lang))
    est, rows = compare(c, a, an)
    st.info(c.t("prop_estimate", lang, total=fmt_money(est.total, lang),
                low=fmt_money(est.low, lang), high=fmt_money(est.high, lang),
                hours=fmt_number(est.hours, lang, 0), days=est.days),
            icon=":material/calculate:")
    if not rows:
        st.write(c.t("prop_none", lang))
    else:
        if len(rows) < 2:
            st.caption(c.t("prop_few", lang))
        low, high = c.estimate_band
        with st.container(key="prop_chart"):
            chart.show(charts.proposals_chart(
                [(r.proposal.integrator, r.proposal.work_cost, r.proposal.licence_cost, r.days)
                 for r in rows], est.licences,
                (est.low, est.total, est.high), (est.days * low, est.days, est.days * high),
                lang, {key: c.t(f"prop_chart_{key}", lang) for key in (
                    "title", "cost", "days", "ours", "work", "licences", "licences_ours")}))
        vendors = {v.id: v.name for v in c.vendors}
        for r in rows:
            p = r.proposal
            index = a.proposals.index(p)
            with st.container(border=True):
                st.subheader(plain(p.integrator), anchor=False)
                st.caption(" · ".join(_figures(r, vendors, lang)))
                if p.references:
                    st.caption(f"{c.t('prop_references', lang)}: {plain(p.references)}")
                for f in r.flags:
                    (st.error if f.level == "high" else st.warning)(
                        plain(f.text), icon=":material/flag:")
                if not r.flags:
                    st.success(c.t("prop_flags_none", lang), icon=":material/check:")
                st.button(c.t("prop_delete", lang), key=f"prop_delete_{index}",
                          on_click=_delete, args=(index,), icon=":material/delete:")
    added = st.session_state.pop(ADDED, None)
    if added:
        st.success(c.t("prop_added", lang, name=plain(added)))
    if st.session_state.get(PROBLEM):
        st.error(st.session_state.pop(PROBLEM), icon=":material/error:")
    if len(a.proposals) >= MAX_PROPOSALS:
        st.info(c.t("prop_full", lang))
    else:
        _form(lang)
    nav.back_next("proposals")
