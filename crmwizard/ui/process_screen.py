"""Processes screen: the sales process edited in place, drawn as swimlanes, saved as BPMN."""

from __future__ import annotations

from typing import Any

import streamlit as st

from crmwizard import charts
from crmwizard.model import MAX_PIPELINES, MAX_STAGES, Assessment, Pipeline, ProcessModel, Stage
from crmwizard.process import bpmn_file, effective, from_template, incomplete, layout
from crmwizard.ui import chart, nav, state
from crmwizard.ui.export_screen import file_stem
from crmwizard.ui.screens import _bind, header, step_block
from crmwizard.ui.text import plain

CHOSEN = "pm_pipeline"
ERROR = "pm_error"  # (widget key, message): shown under the field at fault, nothing saved
TEXT_FIELDS = ("name", "entry", "exit")
FORM_FIELDS = (*TEXT_FIELDS, "owner", "days", "handoff")


def _model() -> ProcessModel:
    return effective(state.content(), state.current(), state.lang())[0]


def _forget() -> None:
    """Drops the editor's field values after a change of pipelines (buttons keep theirs)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith("pm_")
                and k.endswith(("_name", "_sources", "_lost_reasons"))]:
        del st.session_state[key]
    _fresh_form()


def _save(model: ProcessModel, key: str | None = None) -> bool:
    """Saves the whole model; on a refusal the message goes under the field at `key`."""
    ok = state.update(lambda a: a.model_copy(update={"process": model}))
    if not ok:
        kind, msg_key, values = st.session_state.pop(state.NOTICE)
        message = state.content().t(msg_key, state.lang(),
                                    **{k: plain(str(v)) for k, v in values.items()})
        if key is None:
            st.session_state[state.NOTICE] = (kind, msg_key, values)
        else:
            st.session_state[ERROR] = (key, message)
    return ok


def _chosen(model: ProcessModel) -> int:
    i = st.session_state.get(CHOSEN, 0)
    return i if isinstance(i, int) and 0 <= i < len(model.pipelines) else 0


def _replace_pipeline(model: ProcessModel, i: int, p: Pipeline) -> ProcessModel:
    pipelines = list(model.pipelines)
    pipelines[i] = p
    return ProcessModel.model_construct(pipelines=pipelines)


def _name_problem(names: list[str], j: int, value: str) -> str | None:
    """A localized message for the two mistakes people make with names, or None."""
    c, lang = state.content(), state.lang()
    if not value.strip():
        return c.t("process_err_empty", lang)
    others = [n.strip().casefold() for k, n in enumerate(names) if k != j]
    if value.strip().casefold() in others:
        return c.t("process_err_duplicate", lang, name=plain(value.strip()))
    return None


def _apply_stage(i: int, j: int, update: dict[str, Any], key: str) -> None:
    """Saves changed fields of one stage, or says under `key` why not."""
    model = _model()
    p = model.pipelines[i]
    st.session_state.pop(ERROR, None)
    if "name" in update:
        problem = _name_problem([s.name for s in p.stages], j, update["name"])
        if problem:
            st.session_state[ERROR] = (key, problem)
            return
    stages = list(p.stages)
    stages[j] = stages[j].model_copy(update=update)
    if _save(_replace_pipeline(model, i, p.model_copy(update={"stages": stages})), key):
        _fresh_form()


def _form_value(field: str, value: Any) -> Any:
    if field in TEXT_FIELDS:
        return (value or "").strip()
    if field in ("owner", "handoff"):
        return value or ""
    if field == "days" and value is not None:
        return int(value)
    return value


def _stage_changed(i: int, field: str) -> None:
    """One field of the stage chosen in the form."""
    key = f"pm_form_{field}"
    j = _form_stage(_model().pipelines[i])
    _apply_stage(i, j, {field: _form_value(field, st.session_state.get(key))}, key)


def _fresh_form() -> None:
    """The next run fills the stage form from the saved model again.

    Only the fields go: a button's key deleted in a callback would fire it on this run.
    """
    for field in FORM_FIELDS:
        st.session_state.pop(f"pm_form_{field}", None)


def _pipeline_changed(i: int, field: str) -> None:
    key = f"pm_{i}_{field}"
    value: Any = st.session_state.get(key)
    model = _model()
    p = model.pipelines[i]
    st.session_state.pop(ERROR, None)
    if field == "name":
        value = (value or "").strip()
        problem = _name_problem([q.name for q in model.pipelines], i, value)
        if problem:
            st.session_state[ERROR] = (key, problem)
            return
    elif field == "lost_reasons":
        value = [line.strip() for line in (value or "").splitlines() if line.strip()]
    elif field == "sources":
        value = list(value or [])
    _save(_replace_pipeline(model, i, p.model_copy(update={field: value})), key)


def _move(i: int, j: int, step: int) -> None:
    model = _model()
    stages = list(model.pipelines[i].stages)
    k = j + step
    if not 0 <= k < len(stages):
        return
    stages[j], stages[k] = stages[k], stages[j]
    if _save(_replace_pipeline(model, i, model.pipelines[i].model_copy(
            update={"stages": stages}))):
        _fresh_form()
        st.session_state["pm_form_stage"] = k


def _remove(i: int, j: int) -> None:
    model = _model()
    stages = list(model.pipelines[i].stages)
    if len(stages) <= 1:
        st.session_state[ERROR] = (f"pm_{i}_stages", state.content().t(
            "process_err_last_stage", state.lang()))
        return
    del stages[j]
    if _save(_replace_pipeline(model, i, model.pipelines[i].model_copy(
            update={"stages": stages}))):
        _fresh_form()
        st.session_state["pm_form_stage"] = max(0, j - 1)


def _unique(name: str, taken: list[str]) -> str:
    used = {t.casefold() for t in taken}
    n, candidate = 2, name
    while candidate.casefold() in used:
        candidate, n = f"{name} {n}", n + 1
    return candidate


def _add_stage(i: int) -> None:
    c, lang = state.content(), state.lang()
    model = _model()
    p = model.pipelines[i]
    if len(p.stages) >= MAX_STAGES:
        st.session_state[ERROR] = (f"pm_{i}_stages", c.t("process_err_max_stages", lang,
                                                          n=MAX_STAGES))
        return
    name = _unique(c.t("process_new_stage", lang), [s.name for s in p.stages])
    owner = p.stages[-1].owner if p.stages else ""
    stages = [*p.stages, Stage(name=name, owner=owner)]
    if _save(_replace_pipeline(model, i, p.model_copy(update={"stages": stages}))):
        _fresh_form()
        st.session_state["pm_form_stage"] = len(stages) - 1


def _add_pipeline() -> None:
    c, lang = state.content(), state.lang()
    model = _model()
    if len(model.pipelines) >= MAX_PIPELINES:
        st.session_state[ERROR] = ("pm_add", c.t("process_err_max_pipelines", lang,
                                                  n=MAX_PIPELINES))
        return
    template = next(t for t in c.templates if t.id == st.session_state.get("pm_add_template"))
    p = from_template(c, template, lang)
    p = p.model_copy(update={"name": _unique(p.name, [q.name for q in model.pipelines])})
    _forget()
    if _save(ProcessModel(pipelines=[*model.pipelines, p])):
        st.session_state[CHOSEN] = len(model.pipelines)


def _remove_pipeline(i: int) -> None:
    model = _model()
    _forget()
    if _save(ProcessModel(pipelines=model.pipelines[:i] + model.pipelines[i + 1:])):
        st.session_state[CHOSEN] = max(0, i - 1)


def _keep_draft() -> None:
    _save(_model())


def _reset() -> None:
    _forget()
    st.session_state.pop(CHOSEN, None)
    state.update(lambda a: a.model_copy(update={"process": None}))


def _error_for(key: str) -> None:
    err = st.session_state.get(ERROR)
    if err and err[0] == key:
        st.error(err[1], icon=":material/error:")


def _form_stage(p: Pipeline) -> int:
    j = st.session_state.get("pm_form_stage", 0)
    return j if isinstance(j, int) and 0 <= j < len(p.stages) else 0


def _table(p: Pipeline, roles: dict[str, str]) -> None:
    """Every stage with its criteria at a glance (one Markdown table: cheap to redraw)."""
    c, lang = state.content(), state.lang()
    head = [c.t(k, lang) for k in ("process_col_stage", "process_col_owner", "process_col_entry",
                                   "process_col_exit", "process_col_days",
                                   "process_col_handoff")]

    def cell(value: str) -> str:
        return plain(value) if value else "—"  # plain() escapes the table's "|" too

    lines = ["| # | " + " | ".join(head) + " |", "|---" * (len(head) + 1) + "|"]
    for j, s in enumerate(p.stages, 1):
        lines.append(f"| {j} | " + " | ".join([
            cell(s.name), cell(roles.get(s.owner, "")) if s.owner else
            f":orange[{cell(c.t('process_no_owner', lang))}]", cell(s.entry),
            cell(s.exit) if s.exit else f":orange[{cell(c.t('process_missing', lang))}]",
            str(s.days) if s.days is not None else "—", cell(roles.get(s.handoff, ""))]) + " |")
    with st.expander(c.t("process_table", lang), icon=":material/table_rows:"):
        st.markdown("\n".join(lines))


def _form(i: int, p: Pipeline, roles: dict[str, str]) -> None:
    """One stage at a time, in plain fields: reads well on a projector and with a keyboard."""
    c, lang = state.content(), state.lang()
    j = _form_stage(p)
    names = [f"{k + 1}. {s.name}" for k, s in enumerate(p.stages)]
    s = p.stages[j]
    with st.container(border=True):
        head = st.columns([3, 0.6, 0.6, 0.6, 2], vertical_alignment="bottom")
        st.session_state["pm_form_stage"] = j
        head[0].selectbox(c.t("process_form_stage", lang), list(range(len(names))),
                          format_func=names.__getitem__, placeholder=c.t("choose", lang),
                          key="pm_form_stage")
        head[1].button("", key="pm_form_up", icon=":material/arrow_upward:",
                       help=c.t("process_up", lang), disabled=j == 0, on_click=_move,
                       args=(i, j, -1))
        head[2].button("", key="pm_form_down", icon=":material/arrow_downward:",
                       help=c.t("process_down", lang), disabled=j == len(p.stages) - 1,
                       on_click=_move, args=(i, j, 1))
        head[3].button("", key="pm_form_remove", icon=":material/delete:",
                       help=c.t("process_remove_stage", lang), on_click=_remove, args=(i, j))
        head[4].button(c.t("process_add_stage", lang), icon=":material/add:",
                       on_click=_add_stage, args=(i,), key="pm_form_add", width="stretch")
        _error_for(f"pm_{i}_stages")
        if st.session_state.get("pm_form_for") != (i, j):  # another stage: its own values
            _fresh_form()
            st.session_state["pm_form_for"] = (i, j)

        def args(field: str, value: Any) -> dict[str, Any]:
            return {"key": _bind(f"pm_form_{field}", value), "on_change": _stage_changed,
                    "args": (i, field)}

        row = st.columns([3, 2, 1])
        row[0].text_input(c.t("process_col_stage", lang), max_chars=80, **args("name", s.name))
        row[1].selectbox(c.t("process_col_owner", lang), list(roles),
                         format_func=roles.__getitem__, index=None,
                         placeholder=c.t("process_no_owner", lang), **args("owner",
                                                                           s.owner or None))
        row[2].number_input(c.t("process_col_days", lang), step=1,
                            placeholder="—", **args("days", s.days))
        row = st.columns([3, 3, 2])
        row[0].text_input(c.t("process_col_entry", lang), max_chars=120, placeholder="—",
                          **args("entry", s.entry))
        row[1].text_input(c.t("process_col_exit", lang), max_chars=120,
                          placeholder=c.t("process_exit_placeholder", lang),
                          **args("exit", s.exit))
        row[2].selectbox(c.t("process_col_handoff", lang), list(roles),
                         format_func=roles.__getitem__, index=None, placeholder="—",
                         **args("handoff", s.handoff or None))
        for field in FORM_FIELDS:
            _error_for(f"pm_form_{field}")
        if not s.owner or not s.exit:
            missing = [c.t("process_missing_owner", lang)] if not s.owner else []
            missing += [c.t("process_missing_exit", lang)] if not s.exit else []
            st.caption(":orange[" + plain(c.t("process_stage_gap", lang,
                                               missing=", ".join(missing))) + "]")


def _figure(p: Pipeline, lang: str) -> Any:
    """The pipeline's swimlane figure, built again only when the pipeline has changed."""
    version = (lang, p.model_dump_json())
    cached = st.session_state.get("_pm_figure")
    if cached is not None and cached[0] == version:
        return cached[1]
    lay = layout(state.content(), p, lang)
    gaps = {n.id for n in lay.nodes if n.kind == "task" and n.stage in set(incomplete(p))}
    figure = charts.swimlane(lay, p.name, gaps)
    st.session_state["_pm_figure"] = (version, figure)
    return figure


def _pipeline_block(model: ProcessModel, i: int, is_draft: bool) -> None:
    c, lang = state.content(), state.lang()
    p = model.pipelines[i]
    with st.container(key=f"pm_chart_{i}"):
        chart.show(_figure(p, lang), scroll=True)
    st.markdown(f"**{c.t('process_stages', lang)}**")
    st.caption(c.t("process_stages_hint", lang))
    roles = {r.id: r.label(lang) for r in c.roles}
    _form(i, p, roles)
    _table(p, roles)


def _settings(model: ProcessModel, i: int, is_draft: bool) -> None:
    """Name, lead sources and loss reasons of the pipeline; adding, removing, starting over.

    Drawn only when asked for: every widget less makes each edit's rerun quicker.
    """
    c, lang = state.content(), state.lang()
    p = model.pipelines[i]
    with st.container(border=True):
        st.text_input(c.t("process_pipeline_name", lang), max_chars=80,
                      key=_bind(f"pm_{i}_name", p.name), on_change=_pipeline_changed,
                      args=(i, "name"))
        _error_for(f"pm_{i}_name")
        sources = {o.id: o.label(lang) for o in c.question_by_id["req_lead_sources"].options
                   if o.id != "unknown"}
        st.pills(c.t("process_sources", lang), list(sources), selection_mode="multi",
                 format_func=sources.__getitem__, key=_bind(f"pm_{i}_sources", list(p.sources)),
                 on_change=_pipeline_changed, args=(i, "sources"))
        st.text_area(c.t("process_lost_reasons_field", lang), height=100,
                     help=c.t("process_lost_reasons_help", lang),
                     key=_bind(f"pm_{i}_lost_reasons", "\n".join(p.lost_reasons)),
                     on_change=_pipeline_changed, args=(i, "lost_reasons"))
        _error_for(f"pm_{i}_lost_reasons")
        tools = st.columns([2, 1.2, 1.2, 1.2], vertical_alignment="bottom")
        templates = {t.id: t.name(lang) for t in c.templates}
        tools[0].selectbox(c.t("process_add_from", lang), list(templates),
                           format_func=templates.__getitem__, placeholder=c.t("choose", lang),
                           key="pm_add_template")
        tools[1].button(c.t("process_add_pipeline", lang), icon=":material/add_road:",
                        on_click=_add_pipeline, key="pm_add", width="stretch")
        tools[2].button(c.t("process_remove_pipeline", lang), icon=":material/delete:",
                        on_click=_remove_pipeline, args=(i,), key="pm_remove_pipeline",
                        disabled=len(model.pipelines) < 2, width="stretch")
        with tools[3].popover(c.t("process_reset", lang), icon=":material/restart_alt:",
                              disabled=is_draft, width="stretch"):
            st.warning(c.t("process_reset_confirm", lang))
            st.button(c.t("process_reset_yes", lang), on_click=_reset, key="pm_reset",
                      type="primary")
        _error_for("pm_add")


def processes_screen() -> None:
    """The process model (step 7) above the questions of steps 7 and 8."""
    c, lang = state.content(), state.lang()
    header("processes")
    a: Assessment = state.current()
    model, is_draft = effective(c, a, lang)
    st.subheader(c.t("process_heading", lang))
    st.caption(c.t("process_intro", lang))
    if is_draft:
        industry = next((o.label(lang) for o in c.industries if o.id == a.profile.industry),
                        None)
        st.info(c.t("process_draft_for", lang, industry=plain(industry)) if industry
                else c.t("process_draft_general", lang), icon=":material/edit_note:")
        st.button(c.t("process_keep_draft", lang), on_click=_keep_draft, key="pm_keep",
                  icon=":material/check:")
    i = _chosen(model)
    if len(model.pipelines) > 1:
        names = [p.name for p in model.pipelines]
        st.session_state[CHOSEN] = i
        st.segmented_control(c.t("process_pipelines", lang), list(range(len(names))),
                             format_func=lambda k: plain(names[k]), key=CHOSEN,
                             on_change=st.session_state.pop, args=(ERROR, None))
        i = _chosen(model)
    _pipeline_block(model, i, is_draft)
    if st.toggle(c.t("process_settings", lang), key="pm_settings"):
        _settings(model, i, is_draft)
    content, assessment = c, a
    st.download_button(
        c.t("process_download", lang), lambda: bpmn_file(content, assessment, lang),
        file_name=f"{file_stem(a.profile.company_name)}-process-{lang}.bpmn",
        mime="application/xml", icon=":material/account_tree:", on_click="ignore",
        key="pm_download", type="primary")
    st.caption(c.t("process_download_hint", lang))
    for step in c.steps_of_screen("processes"):
        step_block(step.id)
    nav.back_next("processes")
