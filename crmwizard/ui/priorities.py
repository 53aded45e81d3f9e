"""The MoSCoW priorities of the requirements matrix, editable before the package is exported."""

from __future__ import annotations

import streamlit as st

from crmwizard.moscow import PRIORITIES, priority_label, requirements
from crmwizard.ui import state

VERSION = "prio_editor_version"  # a new grid after each applied change: edits start afresh


def _key() -> str:
    return f"prio_editor_{st.session_state.get(VERSION, 0)}"


def _apply(key: str, ids: list[str], derived: dict[str, str], labels: dict[str, str]) -> None:
    """Writes the grid's changes into the assessment; a priority equal to the derived one is
    dropped, so a later change of the rules still reaches requirements nobody touched."""
    changes = st.session_state.get(key, {}).get("edited_rows", {})
    chosen = dict(state.current().priorities)
    for row, cells in changes.items():
        label = cells.get("priority")
        if label not in labels or not 0 <= int(row) < len(ids):
            continue
        qid = ids[int(row)]
        if labels[label] == derived[qid]:
            chosen.pop(qid, None)
        else:
            chosen[qid] = labels[label]
    state.update(lambda a: a.model_copy(update={"priorities": chosen}))
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def _reset() -> None:
    state.update(lambda a: a.model_copy(update={"priorities": {}}))
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1


def priorities_block() -> None:
    """The requirements with their priority; the priority column is the only editable one."""
    c, lang, a = state.content(), state.lang(), state.current()
    rows = requirements(c, a, lang, state.analysis().values)
    labels = {priority_label(c, p, lang): p for p in PRIORITIES}
    with st.expander(c.t("export_priorities", lang), icon=":material/low_priority:"):
        st.caption(c.t("export_priorities_hint", lang))
        if a.priorities:
            st.caption(c.t("export_priorities_changed", lang, count=len(a.priorities)))
            st.button(c.t("export_priorities_reset", lang), on_click=_reset,
                      key="prio_reset", icon=":material/restart_alt:")
        key = _key()
        col = st.column_config
        st.data_editor(
            [{"no": r.number, "category": r.category, "requirement": r.requirement,
              "answer": r.answer, "priority": priority_label(c, r.priority, lang)}
             for r in rows],
            key=key, hide_index=True, width="stretch", num_rows="fixed",
            disabled=["no", "category", "requirement", "answer"],
            column_config={
                "no": col.NumberColumn(c.t("pkg_col_no", lang), width="small"),
                "category": col.TextColumn(c.t("pkg_col_category", lang)),
                "requirement": col.TextColumn(c.t("pkg_col_requirement", lang), width="medium"),
                "answer": col.TextColumn(c.t("pkg_col_answer", lang), width="medium"),
                "priority": col.SelectboxColumn(c.t("pkg_col_priority", lang),
                                                options=list(labels), required=True),
            })
        # Read after drawing, as the plan grid does: a typed or a seeded change applies alike.
        if st.session_state.get(key, {}).get("edited_rows"):
            _apply(key, [r.id for r in rows], {r.id: r.derived for r in rows}, labels)
            st.rerun()
