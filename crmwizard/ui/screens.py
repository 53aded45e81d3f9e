"""Screens drawn from the content: question steps, company profile, goals, requirements."""

from __future__ import annotations

from typing import Any

import streamlit as st

from crmwizard.changes import changes
from crmwizard.facts import goal_is_measurable, is_visible
from crmwizard.i18n import fmt_number
from crmwizard.model import Assessment, Goal, Profile
from crmwizard.ui import invite_owner, nav, resume, state, widgets
from crmwizard.ui.text import plain


def header(screen_id: str) -> None:
    """Screen title, the resume link once there is one, and any pending message."""
    c, lang = state.content(), state.lang()
    st.title(nav.title(screen_id))
    resume.block()
    conflict_block()
    offer = st.session_state.get(state.DEMO_OFFER)
    if offer:
        st.info(c.t("demo_offer", lang, demo=c.t(f"demo_{offer}", lang)), icon=":material/info:")
        st.button(c.t("demo_offer_open", lang), on_click=state.open_demo, args=(offer,),
                  key="demo_offer_open", icon=":material/play_arrow:")
    pending = state.notice()
    if pending:
        kind, key, values = pending
        getattr(st, kind)(c.t(key, lang, **values))
        if kind == "error":  # the field may be far down the page: say it where one looks too
            st.toast(c.t(key, lang, **values), icon=":material/error:")


def _change_lines(before: Assessment, after: Assessment) -> str:
    c, lang = state.content(), state.lang()
    found = changes(c, before, after, lang) or [(c.t("change_unknown", lang), "")]
    return "\n".join(f"- {plain(what)}" + (f": {plain(value)}" if value else "")
                     for what, value in found)


def _start_blank() -> None:
    state.replace(Assessment(language=state.lang()), keep_token=False)


def conflict_block() -> None:
    """A save refused because another tab changed or deleted this assessment, and a way on."""
    c, lang = state.content(), state.lang()
    reloaded = st.session_state.pop("conflict_reloaded", None)
    if reloaded:
        st.info(c.t("conflict_reapply", lang) + "\n\n" + _change_lines(*reloaded),
                icon=":material/history:")
    conflict = st.session_state.get(state.CONFLICT)
    if not conflict:
        return
    kind, before = conflict
    with st.container(border=True):
        st.error(c.t(f"conflict_{kind}", lang) + "\n\n" + _change_lines(before, state.current()),
                 icon=":material/sync_problem:")
        left, right, _ = st.columns([1, 1, 2])
        if kind == "stale":
            left.button(c.t("conflict_reload", lang), type="primary", icon=":material/refresh:",
                        on_click=state.reload_saved, key="conflict_reload", width="stretch")
        else:
            left.button(c.t("conflict_keep_new", lang), type="primary", icon=":material/save:",
                        on_click=state.keep_as_new, key="conflict_keep_new", width="stretch")
            right.button(c.t("start_over", lang), icon=":material/restart_alt:",
                         on_click=_start_blank, key="conflict_start_over", width="stretch")


def step_block(step_id: str, skip: tuple[str, ...] = ()) -> None:
    """A step's heading, readiness so far, and its visible questions."""
    c, lang = state.content(), state.lang()
    step = c.step_by_id[step_id]
    score = next(s for s in state.analysis().readiness.steps if s.step == step_id)
    st.subheader(c.t("step_heading", lang, number=step.number, title=step.title(lang)))
    st.caption(step.summary(lang))
    st.progress(score.completeness / 100, text=c.t(
        "step_progress", lang, answered=score.answered, total=score.total,
        readiness=fmt_number(score.readiness, lang, 0)))
    values = state.analysis().values
    for q in c.questions_by_step[step_id]:
        if q.id in skip or not is_visible(q, values):
            continue
        with st.container(border=True):
            widgets.question(q)


def question_screen(screen_id: str) -> None:
    """Every step that lives on this screen, then Back / Next."""
    header(screen_id)
    for step in state.content().steps_of_screen(screen_id):
        step_block(step.id)
    nav.back_next(screen_id)


# --- Start: the company profile -------------------------------------------------------------

PROFILE_TEXT = ("company_name", "contact_name", "contact_email", "contact_phone")
PROFILE_OPEN = "start_profile_open"


def _profile_changed(field: str) -> None:
    value = st.session_state[f"profile_{field}"]
    if field in PROFILE_TEXT:
        value = widgets.cut((value or "").strip(), 200, state.content().t(f"profile_{field}",
                                                                           state.lang()))
        st.session_state[f"profile_{field}"] = value
    elif field in ("employees", "crm_users") and value is not None:
        value = int(value)

    def change(a: Assessment) -> Assessment:
        return a.model_copy(update={"profile": a.profile.model_copy(update={field: value})})

    if not state.update(change):
        st.session_state[f"profile_{field}"] = getattr(state.current().profile, field)


def _prepared_by_changed() -> None:
    value = widgets.cut((st.session_state["profile_prepared_by"] or "").strip(), 200,
                        state.content().t("profile_prepared_by", state.lang()))
    st.session_state["profile_prepared_by"] = value
    state.update(lambda a: a.model_copy(update={"prepared_by": value}))


def _bind(key: str, value: Any) -> str:
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def _open_profile() -> None:
    st.session_state[PROFILE_OPEN] = True


def profile_folded() -> bool:
    """Start's profile is still behind its one button: nothing entered, not opened."""
    a = state.current()
    return not st.session_state.get(PROFILE_OPEN) and a.profile == Profile() and not a.prepared_by


def profile_summarised() -> bool:
    """A profile entered before this session (a resume link, a demo) shows as one line until
    "Edit": a returning user came to go on, and the form's widget kinds cost a first visit
    about 0.3 s of loading and drawing (bench/first_visits.md)."""
    return not st.session_state.get(PROFILE_OPEN) and not profile_folded()


def profile_line(a: Assessment, lang: str) -> str:
    """The profile in one line of Markdown, typed text escaped; parts not entered left out."""
    c, p = state.content(), a.profile
    industries = {o.id: o.label(lang) for o in c.industries}
    departments = {o.id: o.label(lang) for o in c.departments}
    parts = [plain(p.company_name),
             plain(industries.get(p.industry, p.industry)) if p.industry else "",
             c.t("profile_line_employees", lang, n=fmt_number(p.employees, lang, 0))
             if p.employees is not None else "",
             c.t("profile_line_users", lang, n=fmt_number(p.crm_users, lang, 0))
             if p.crm_users is not None else "",
             ", ".join(plain(departments.get(d, d)) for d in p.departments),
             c.t("profile_line_prepared_by", lang, name=plain(a.prepared_by))
             if a.prepared_by else ""]
    return " · ".join(x for x in parts if x)


def start_screen() -> None:
    """What the wizard does, then the company profile (behind one button while it is empty)."""
    c, lang = state.content(), state.lang()
    header("start")
    st.markdown(c.t("start_intro", lang))
    a = state.current()
    p: Profile = a.profile
    st.subheader(c.t("profile_heading", lang))
    if profile_folded():
        # A first visit draws no input widgets: each widget kind makes the browser fetch
        # and run its own code before the page settles (bench/results.md, first render).
        st.caption(c.t("profile_open_hint", lang))
        st.button(c.t("profile_open", lang), icon=":material/edit:", on_click=_open_profile,
                  key="profile_open")
        nav.back_next("start")
        return
    if profile_summarised():
        st.markdown(profile_line(a, lang))
        st.button(c.t("profile_edit", lang), icon=":material/edit:", on_click=_open_profile,
                  key="profile_open")
        nav.back_next("start")
        return
    st.session_state[PROFILE_OPEN] = True
    left, right = st.columns(2)
    left.text_input(c.t("profile_company_name", lang),
                    key=_bind("profile_company_name", p.company_name),
                    on_change=_profile_changed, args=("company_name",))
    industries = {o.id: o.label(lang) for o in c.industries}
    right.selectbox(c.t("profile_industry", lang), list(industries),
                    format_func=industries.__getitem__, index=None,
                    placeholder=c.t("not_answered", lang),
                    key=_bind("profile_industry", p.industry),
                    on_change=_profile_changed, args=("industry",))
    left.number_input(c.t("profile_employees", lang), step=1, placeholder=c.t("not_answered", lang),
                      key=_bind("profile_employees", p.employees),
                      on_change=_profile_changed, args=("employees",))
    right.number_input(c.t("profile_crm_users", lang), step=1,
                       placeholder=c.t("not_answered", lang),
                       key=_bind("profile_crm_users", p.crm_users),
                       on_change=_profile_changed, args=("crm_users",))
    departments = {o.id: o.label(lang) for o in c.departments}
    st.pills(c.t("profile_departments", lang), list(departments), selection_mode="multi",
             format_func=departments.__getitem__,
             key=_bind("profile_departments", list(p.departments)),
             on_change=_profile_changed, args=("departments",))
    st.text_input(c.t("profile_prepared_by", lang),
                  key=_bind("profile_prepared_by", a.prepared_by),
                  on_change=_prepared_by_changed)

    nav.back_next("start")


def contact_block() -> None:
    """Contact details, stored only with explicit consent (152-FZ)."""
    c, lang = state.content(), state.lang()
    p: Profile = state.current().profile
    st.subheader(c.t("contact_heading", lang))
    st.caption(c.t("contact_note", lang))
    cols = st.columns(3)
    for col, field, kind in zip(cols, PROFILE_TEXT[1:], ("default", "email", "phone"),
                                strict=True):
        col.text_input(c.t(f"profile_{field}", lang), type=kind,
                       placeholder=c.t(f"profile_{field}_placeholder", lang),
                       key=_bind(f"profile_{field}", getattr(p, field)),
                       on_change=_profile_changed, args=(field,))
    st.checkbox(c.t("profile_consent", lang), key=_bind("profile_consent", p.consent),
                on_change=_profile_changed, args=("consent",))
    if (p.contact_name or p.contact_email or p.contact_phone) and not p.consent:
        st.info(c.t("contact_not_saved", lang))


# --- Goals: one card per goal, owned by a top manager ------------------------------------------

def _goal_widget_value(goal: Goal, field: str) -> Any:
    value = getattr(goal, field)
    if field in ("baseline", "target") and value is not None:
        return float(value)
    return value


def _goal_changed(i: int, field: str) -> None:
    value = st.session_state[f"goal_{i}_{field}"]
    if field in ("goal", "unit"):
        label = state.content().t(f"goal_{'text' if field == 'goal' else 'unit'}", state.lang())
        value = widgets.cut((value or "").strip(), 200 if field == "goal" else 30, label)
        st.session_state[f"goal_{i}_{field}"] = value
    if field == "kpi":
        value = value or ""
    if field in ("baseline", "target") and value is not None and float(value).is_integer():
        value = int(value)

    def change(a: Assessment) -> Assessment:
        goals = list(a.goals)
        update: dict[str, Any] = {field: value}
        if field == "kpi" and value and not goals[i].unit:
            kpi = next((k for k in state.content().kpis if k.id == value), None)
            if kpi:
                update["unit"] = kpi.unit(a.language)
        goals[i] = goals[i].model_copy(update=update)
        return a.model_copy(update={"goals": goals})

    if state.update(change):
        st.session_state.pop(f"goal_{i}_unit", None)
    else:
        st.session_state[f"goal_{i}_{field}"] = _goal_widget_value(state.current().goals[i], field)


def _forget_goal_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith("goal_")]:
        del st.session_state[key]


def _add_goal() -> None:
    roles = [r.id for r in state.content().owner_roles]
    used = {g.owner for g in state.current().goals}
    owner = next((r for r in roles if r not in used), roles[0])
    state.update(lambda a: a.model_copy(update={"goals": [*a.goals, Goal(owner=owner)]}))


def _remove_goal(i: int) -> None:
    _forget_goal_widgets()
    opened = st.session_state.get(GOALS_OPEN, set())
    st.session_state[GOALS_OPEN] = {j - (j > i) for j in opened if j != i}
    state.update(lambda a: a.model_copy(update={"goals": a.goals[:i] + a.goals[i + 1:]}))


# Goal cards drawn with their fields in this session. A goal complete when the session opened
# it (a demo, a resume link, an import) shows as one line with "Edit": seven fields a goal
# made every rerun of Goals slower, as Streamlit's cost per widget grows with their number.
GOALS_OPEN = "goals_open"


def _open_goal(i: int) -> None:
    st.session_state[GOALS_OPEN] = {*st.session_state.get(GOALS_OPEN, set()), i}


def _goal_complete(goal: Goal) -> bool:
    return bool(goal.goal) and goal_is_measurable(goal) and goal.deadline is not None


def _goal_card(i: int, goal: Goal) -> None:
    c, lang = state.content(), state.lang()
    if i not in st.session_state.get(GOALS_OPEN, set()) and _goal_complete(goal):
        with st.container(border=True):
            owner = next((r.label(lang) for r in c.owner_roles if r.id == goal.owner), "")
            st.markdown(f"**{plain(owner)}** · {invite_owner.goal_line(goal, lang)[2:]}")
            # One row on any width: columns would squeeze the labels on a projector.
            buttons = st.container(horizontal=True)
            buttons.button(c.t("goal_edit", lang), key=f"goal_{i}_edit",
                           icon=":material/edit:", on_click=_open_goal, args=(i,))
            buttons.button(c.t("goal_remove", lang), key=f"goal_{i}_remove",
                           icon=":material/delete:", on_click=_remove_goal, args=(i,))
        return
    _open_goal(i)
    roles = {r.id: r.label(lang) for r in c.owner_roles}
    kpis = {k.id: k.label(lang) for k in c.kpis}
    if goal.kpi and goal.kpi not in kpis:
        kpis[goal.kpi] = goal.kpi  # a KPI typed into an imported file is kept as it is

    def bind(field: str) -> str:
        return _bind(f"goal_{i}_{field}", _goal_widget_value(goal, field))

    def args(field: str) -> dict[str, Any]:
        return {"key": bind(field), "on_change": _goal_changed, "args": (i, field)}

    with st.container(border=True):
        top = st.columns([2, 5, 1])
        top[0].selectbox(c.t("goal_owner", lang), list(roles), format_func=roles.__getitem__,
                         placeholder=c.t("choose", lang), **args("owner"))
        top[1].text_input(c.t("goal_text", lang),
                          placeholder=c.t("goal_text_placeholder", lang), **args("goal"))
        top[2].button(c.t("goal_remove", lang), key=f"goal_{i}_remove", icon=":material/delete:",
                      on_click=_remove_goal, args=(i,))
        row = st.columns([3, 1, 1, 1, 2])
        row[0].selectbox(c.t("goal_kpi", lang), list(kpis), format_func=kpis.__getitem__,
                         index=None, placeholder=c.t("not_answered", lang), **args("kpi"))
        row[1].text_input(c.t("goal_unit", lang), **args("unit"))
        row[2].number_input(c.t("goal_baseline", lang), value=None, format="%g",
                            placeholder="—", **args("baseline"))
        row[3].number_input(c.t("goal_target", lang), value=None, format="%g",
                            placeholder="—", **args("target"))
        row[4].date_input(c.t("goal_deadline", lang), value=None, **widgets.DATE_LIMITS,
                          format=widgets.DATE_FORMATS[lang],
                          **args("deadline"))
        missing = []
        if not goal_is_measurable(goal):
            missing.append(c.t("goal_missing_number", lang))
        if goal.deadline is None:
            missing.append(c.t("goal_missing_date", lang))
        if missing:
            st.warning(c.t("goal_incomplete", lang, missing=", ".join(missing)),
                       icon=":material/warning:")


def goals_screen() -> None:
    """Goals per top manager, their gaps and conflicts, then the rest of step 1."""
    c, lang = state.content(), state.lang()
    header("goals")
    st.markdown(c.t("goals_intro", lang))
    goals = state.current().goals
    for i, goal in enumerate(goals):
        _goal_card(i, goal)
    if not goals and not state.invitations():
        st.info(c.t("goals_empty", lang))
    st.button(c.t("goal_add", lang), icon=":material/add:", on_click=_add_goal,
              key="goal_add")
    # Managers' goals, their invitations and every conflict, refreshed while links are open.
    invite_owner.invitations_block()
    step_block("goals")
    nav.back_next("goals")


# --- Requirements: one category at a time -----------------------------------------------------

def _category_counts(category: str, values: dict[str, Any]) -> tuple[int, int]:
    qs = [q for q in state.content().questions if q.category == category and is_visible(q, values)]
    return sum(q.id in values for q in qs), len(qs)


REQ_CATEGORY = "req_category"
REQ_SCROLL = "req_scroll"  # a category change not yet scrolled to the top: its number

# The page scrolls inside Streamlit's main container, not the window; both are reset.
SCROLL_TOP = """<script>
// category change %d: a new number makes the element run its script again
for (const el of [document.scrollingElement, ...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')]) {
  if (el) { el.scrollTop = 0; }
}
window.scrollTo(0, 0);
</script>"""


def _open_category(cat_id: str) -> None:
    st.session_state[REQ_CATEGORY] = cat_id
    st.session_state[REQ_SCROLL] = st.session_state.get("req_scrolled", 0) + 1


def requirements_screen() -> None:
    """Categories with their progress on the left, one category's questions on the right.

    The primary button walks through the categories still unanswered, in order, and only
    after the last one leads on to the next screen; skipping the rest is a separate choice
    that says how many questions it leaves unanswered.
    """
    c, lang = state.content(), state.lang()
    header("requirements")
    step = c.step_by_id["requirements"]
    st.caption(step.summary(lang))
    values = state.analysis().values
    cats = {cat.id: cat for cat in c.categories}
    ids = list(cats)
    st.session_state.setdefault(REQ_CATEGORY, ids[0])
    counts = {cat_id: _category_counts(cat_id, values) for cat_id in ids}

    def label(cat_id: str) -> str:
        done, total = counts[cat_id]
        mark = "✓ " if done == total else ""
        return f"{mark}{cats[cat_id].title(lang)} · {done}/{total}"

    left, right = st.columns([1, 3], gap="large")
    with left:
        score = next(s for s in state.analysis().readiness.steps if s.step == "requirements")
        st.progress(score.completeness / 100, text=c.t(
            "step_progress", lang, answered=score.answered, total=score.total,
            readiness=fmt_number(score.readiness, lang, 0)))
        # No widget key: the labels carry live counts, and a keyed radio whose labels change
        # would be reset by Streamlit; the chosen category lives in session state instead.
        chosen = st.radio(c.t("req_categories", lang), ids, format_func=label,
                          index=ids.index(st.session_state[REQ_CATEGORY]))
        if chosen != st.session_state[REQ_CATEGORY]:
            _open_category(chosen)
    with right:
        cat_id = st.session_state[REQ_CATEGORY]
        i = ids.index(cat_id)
        cat = cats[cat_id]
        st.subheader(cat.title(lang))
        done, total = counts[cat_id]
        st.caption(c.t("req_position", lang, n=i + 1, total=len(ids), answered=done,
                       questions=total))
        st.caption(cat.summary(lang))
        for q in c.questions:
            if q.category == cat.id and is_visible(q, values):
                with st.container(border=True):
                    widgets.question(q)
        _requirements_path(ids, i, counts)
    scroll = st.session_state.pop(REQ_SCROLL, None)
    if scroll:  # once, on the run that shows the new category (HTML comments are stripped)
        st.session_state["req_scrolled"] = scroll
        st.html(SCROLL_TOP % scroll, unsafe_allow_javascript=True)


def _requirements_path(ids: list[str], i: int, counts: dict[str, tuple[int, int]]) -> None:
    """Back, previous category, and the primary: the next unanswered category or the next
    screen; then "skip the remaining categories" with what that leaves unanswered."""
    c, lang = state.content(), state.lang()
    cats = {cat.id: cat for cat in c.categories}
    ahead = next((cat_id for cat_id in ids[i + 1:] if counts[cat_id][0] < counts[cat_id][1]),
                 None)
    before, after = nav.neighbours("requirements")
    back, prev, primary = st.columns([1, 1, 1.6])
    if back.button(c.t("back", lang), icon=":material/arrow_back:", width="stretch",
                   key="nav_back_requirements"):
        st.switch_page(before.file)
    if i > 0:
        prev.button(c.t("req_prev_category", lang), icon=":material/chevron_left:",
                    on_click=_open_category, args=(ids[i - 1],), width="stretch",
                    key="req_prev")
    if ahead is not None:
        primary.button(c.t("req_next_category", lang, title=cats[ahead].title(lang),
                           n=ids.index(ahead) + 1, total=len(ids)),
                       type="primary", icon=":material/arrow_forward:", width="stretch",
                       on_click=_open_category, args=(ahead,), key="req_next")
        left_open = sum(total - done for done, total in counts.values())
        if st.button(c.t("req_skip", lang, n=left_open, screen=nav.title(after.id)),
                     type="tertiary", icon=":material/skip_next:", key="req_skip"):
            st.switch_page(after.file)
        return
    if primary.button(f"{c.t('next', lang)}: {nav.title(after.id)}", type="primary",
                      icon=":material/arrow_forward:", width="stretch",
                      key="nav_next_requirements"):
        st.switch_page(after.file)
    earlier = sum(total - done for cat_id, (done, total) in counts.items()
                  if cat_id != ids[i] and done < total)
    if earlier:
        st.caption(c.t("req_left_earlier", lang, n=earlier))
