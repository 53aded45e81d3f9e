"""The session's Assessment: the one source of truth, autosaved behind the `?a=` token."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable

import streamlit as st

from crmwizard.analysis import Analysis, analyse
from crmwizard.assessment_io import AssessmentError, from_data, load_assessment, to_json
from crmwizard.changes import changes
from crmwizard.content import CONTENT_DIR, Content, get_content
from crmwizard.invitations import Authored, merged
from crmwizard.model import LANGUAGES, Assessment
from crmwizard.problems import plain_problem
from crmwizard.store import (
    Invitation,
    StaleRevision,
    Store,
    StoreError,
    StoreUnavailable,
    open_store,
)
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
KEY = "assessment"
TOKEN = "token"
REVISION = "revision"  # the saved revision this session's assessment is based on
CONFLICT = "conflict"  # ("stale" | "deleted", the assessment the unsaved changes started from)
SAVED = "saved_at"  # when the last change reached the disk (shown to the user)
NOTICE = "notice"
UNSAVED = "unsaved"  # the last change could not reach the database: kept here, saved next time
PENDING = "pending_resume"  # a ?a= token whose assessment could not be read yet (database down)
INVITATIONS = "_invitations"  # (token, invitations) read by this run: managers write meanwhile
LAST_INVITATIONS = "_invitations_last"  # the last ones read, for a run the database misses
READ_FAILED, READ_RETRY_S = "_invitations_failed", 30  # when that read last failed; retry after
DEMO_OFFER = "demo_offer"  # a ?demo= that came with a saved ?a=: offered, never applied
DEMOS = ("retail", "distributor", "manufacturer")
WIDGET_PREFIXES = ("q_", "goal_", "profile_", "plan_", "ven_", "pm_")


def forget_widgets() -> None:
    """Drops every widget's own state; widgets start again from the Assessment."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith(WIDGET_PREFIXES)]:
        del ss[key]


def content() -> Content:
    return get_content()


def setting(name: str) -> str | None:
    """A setting from the environment, else from st.secrets."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets file at all: Streamlit raises its own error types
        return None


# One store per setting and server process (PostgreSQL: one connection pool for all sessions).
_STORES: dict[str, Store] = {}
_STORES_LOCK = threading.Lock()


def _store(name: str) -> Store:
    with _STORES_LOCK:
        if name not in _STORES:
            _STORES[name] = open_store(name)
        return _STORES[name]


def store() -> Store | None:
    """The store, or None with a notice when the database setting cannot be used."""
    try:
        return _store(setting("CRMWIZARD_DB") or "")
    except StoreError as e:
        st.session_state[NOTICE] = ("error", "store_unavailable", {"problem": plain(str(e))})
        return None


def store_failed(e: StoreError, key: str = "store_down") -> None:
    """The database did not answer (or refused): say so; the session keeps its answers."""
    st.session_state[NOTICE] = ("error", key if isinstance(e, StoreUnavailable)
                                else "store_refused", {})


def demo(name: str) -> Assessment:
    """A demo profile from questions/demo/."""
    raw = (CONTENT_DIR / "demo" / f"{name}.json").read_bytes()
    return load_assessment(content(), raw)


def bootstrap() -> Assessment:
    """Sets up the session once: resumes `?a=`, applies `?demo=` and `?lang=`."""
    ss = st.session_state
    qp = st.query_params
    ss.pop(INVITATIONS, None)  # every run reads the managers' latest goals once
    if KEY not in ss:
        ss[KEY] = Assessment()
        ss[TOKEN] = None
        store()  # the database file exists from the first visit, and a bad setting shows now
        token = qp.get("a")
        if token:
            _resume(token)
        name = qp.get("demo")
        if name in DEMOS and ss[TOKEN]:
            # The saved assessment wins: a demo never replaces it, it is offered beside it.
            ss[DEMO_OFFER] = name
        elif name in DEMOS:
            ss[KEY] = demo(name)
        elif name:
            ss[NOTICE] = ("warning", "demo_unknown", {"name": plain(name[:100])})
        lang = qp.get("lang")
        if lang in LANGUAGES:
            ss[KEY] = ss[KEY].model_copy(update={"language": lang})
    elif ss.get(PENDING):  # the link's assessment could not be read before: try again
        _resume(ss[PENDING])
    # Page switches may drop query parameters: put the resume link back on every run.
    if ss.get(TOKEN) and qp.get("a") != ss[TOKEN]:
        qp["a"] = ss[TOKEN]
    return ss[KEY]


def _resume(token: str) -> None:
    ss = st.session_state
    s = store()
    if s is None:
        return
    try:
        found = s.open(token)
        deleted = found is None and s.was_deleted(token)
    except StoreError:
        # Kept, with its link: nothing is saved over it, and the next run reads it again.
        ss[PENDING] = token
        ss[NOTICE] = ("error", "store_down_resume", {})
        return
    ss.pop(PENDING, None)
    if found is None:
        ss[NOTICE] = ("warning", "resume_deleted" if deleted else "resume_not_found", {})
        if "a" in st.query_params:
            del st.query_params["a"]
        return
    try:
        adopt(token, load_assessment(content(), found.data), found.revision)
    except Exception as e:  # noqa: BLE001 - a row that cannot be read starts a new one
        problem = plain_problem(content(), e, lang()) if isinstance(e, AssessmentError) \
            else content().t("problem_invalid", lang())
        ss[NOTICE] = ("error", "resume_broken", {"problem": plain(problem)})
        del st.query_params["a"]


def adopt(token: str, a: Assessment, revision: int) -> None:
    """Makes a saved assessment this session's, at the revision it was read at."""
    ss = st.session_state
    ss[KEY] = a
    ss[TOKEN] = token
    ss[REVISION] = revision
    ss.pop(CONFLICT, None)
    st.query_params["a"] = token


def current() -> Assessment:
    return st.session_state[KEY]


def lang() -> str:
    return current().language


def is_blank(a: Assessment) -> bool:
    """Nothing entered yet: no answer, goal, profile field or plan setting (any language)."""
    return a.model_copy(update={"language": Assessment().language}) == Assessment()


def invitations(fresh: bool = False) -> list[Invitation]:
    """This assessment's invitations with their goals, read once per run (or now, if fresh)."""
    ss = st.session_state
    cached = ss.get(INVITATIONS)
    if fresh or cached is None or cached[0] != ss.get(TOKEN):
        s, token = store(), ss.get(TOKEN)
        try:
            # The database just missed a save or this read: no extra wait on every rerun.
            if ss.get(UNSAVED) or time.monotonic() < ss.get(READ_FAILED, 0) + READ_RETRY_S:
                raise StoreUnavailable("the database did not answer a moment ago")
            found = s.invitations(token) if s and token else []
        except StoreError:
            ss[READ_FAILED] = time.monotonic()
            # Only a read: no notice (a change that cannot be saved says so itself); the goals
            # read last in this session stand in until the database answers again.
            log.warning("managers' goals could not be read; showing the last ones read")
            last = ss.get(LAST_INVITATIONS)
            return last[1] if last is not None and last[0] == token else []
        cached = ss[INVITATIONS] = ss[LAST_INVITATIONS] = (token, found)
    return cached[1]


def authored() -> Authored:
    """The owner's goals and every invited manager's in one assessment, with their authors."""
    a, found = current(), tuple(invitations())
    cached = st.session_state.get("_authored")
    if cached is not None and cached[0] is a and cached[1] == found:
        return cached[2]
    result = merged(a, list(found))
    st.session_state["_authored"] = (a, found, result)
    return result


def save_now() -> str | None:
    """Saves the assessment if it has no link yet (an invitation needs one); its token."""
    if st.session_state.get(TOKEN) is None:
        _persist(current())
    return st.session_state.get(TOKEN)


def analysis() -> Analysis:
    """The analysis of the current assessment with the managers' goals, once per version."""
    a = authored().assessment
    cached = st.session_state.get("_analysis")
    if cached is not None and cached[0] is a:
        return cached[1]
    result = analyse(content(), a)
    st.session_state["_analysis"] = (a, result)
    return result


def _persist(a: Assessment, before: Assessment | None = None) -> bool:
    """Writes the assessment; True once it is on disk.

    A save based on a revision another tab has replaced, or on an assessment deleted
    meanwhile, is refused: the session keeps its answers, marked as not saved, and the
    screen offers to reload (or to keep them as a new assessment). Nothing is re-created.
    When the database cannot be reached, the answers stay in the session, marked as not
    saved, and the next change saves the whole assessment again.
    """
    ss = st.session_state
    s = store()
    if s is None:
        return False
    if ss.get(PENDING):  # the link's own assessment is not read yet: never save over it
        ss[NOTICE] = ("error", "store_down_resume", {})
        return False
    try:
        saved = _write(s, a, before)
    except StoreError as e:
        ss[UNSAVED] = True
        store_failed(e)
        return False
    if saved:
        ss.pop(UNSAVED, None)
    return saved


def _write(s: Store, a: Assessment, before: Assessment | None) -> bool:
    """The write itself: True once stored, False when refused for a conflict."""
    ss = st.session_state
    if not a.profile.consent:
        # 152-FZ: contact details reach the database only after explicit consent.
        a = a.model_copy(update={"profile": a.profile.model_copy(
            update={"contact_name": "", "contact_email": "", "contact_phone": ""})})
    data = to_json(a)
    token = ss.get(TOKEN)
    if token is None:
        ss[TOKEN] = s.create(data, a.profile.company_name)
        ss[REVISION] = 1
        st.query_params["a"] = ss[TOKEN]
        _saved(before, a)
        return True
    if ss.get(CONFLICT):
        return False  # based on the same stale revision: refused again, kept in the session
    try:
        revision = s.save(token, data, a.profile.company_name, revision=ss.get(REVISION))
    except StaleRevision:
        ss[CONFLICT] = ("stale", before or a)
        return False
    if not revision:
        ss[CONFLICT] = ("deleted", before or a)
        return False
    ss[REVISION] = revision
    _saved(before, a)
    return True


def _saved(before: Assessment | None, after: Assessment) -> None:
    """Remembers, for the 'saved' mark, when the write returned and what it held.

    The mark is drawn only by the run that follows the write: what it names is on disk
    (SQLite in WAL mode with synchronous=FULL, or a PostgreSQL commit), whatever happens
    to the server next.
    """
    found = changes(content(), before, after, after.language) if before is not None else []
    st.session_state[SAVED] = (dt.datetime.now().strftime("%H:%M:%S"),
                               found[0][0] if found else "")


def reload_saved() -> None:
    """Drops this session's unsaved changes for the saved version another tab wrote."""
    ss = st.session_state
    conflict, token, s = ss.get(CONFLICT), ss.get(TOKEN), store()
    try:
        found = s.open(token) if s and token else None
    except StoreError as e:
        store_failed(e)
        return
    if conflict:
        ss["conflict_reloaded"] = (conflict[1], current())  # shown once: what to re-apply
    forget_widgets()
    if found is None:
        ss.pop(CONFLICT, None)
        return
    adopt(token, load_assessment(content(), found.data), found.revision)


def keep_as_new() -> None:
    """After a delete in another tab: saves this tab's answers under a new link, on request."""
    ss = st.session_state
    ss.pop(CONFLICT, None)
    ss[TOKEN] = None
    _persist(current())


def update(change: Callable[[Assessment], Assessment]) -> bool:
    """Applies a change, validates it against the content, saves it at once.

    Returns False (and keeps the old state, with a notice naming the field) when invalid.
    """
    ss = st.session_state
    try:
        new = from_data(content(), json.loads(to_json(change(current()))))
    except AssessmentError as e:
        ss[NOTICE] = ("error", "invalid_value", {"problem": plain(plain_problem(
            content(), e, lang()))})
        return False
    except ValueError:
        ss[NOTICE] = ("error", "invalid_value", {"problem": content().t("problem_invalid",
                                                                         lang())})
        return False
    before = ss[KEY]
    ss[KEY] = new
    _persist(new, before)
    return True


def open_demo(name: str) -> None:
    """A demo profile as a new assessment; the one the user had stays under its own link."""
    st.session_state.pop(DEMO_OFFER, None)
    replace(demo(name).model_copy(update={"language": lang()}), keep_token=False)


def replace(new: Assessment, keep_token: bool = True) -> None:
    """Puts a whole new assessment in place and forgets every widget's own state."""
    ss = st.session_state
    forget_widgets()
    if not keep_token:
        ss[TOKEN] = None
        ss.pop(CONFLICT, None)
        if "a" in st.query_params:
            del st.query_params["a"]
    before = ss[KEY] if keep_token else None
    ss[KEY] = new
    _persist(new, before)


def delete_my_data() -> bool:
    """Removes the saved assessment from the database and starts a blank one."""
    ss = st.session_state
    s = store()
    token = ss.get(TOKEN)
    # May raise StoreError: then nothing was deleted and the session stays as it is.
    deleted = bool(s and token and s.delete(token))
    language = current().language
    ss[TOKEN] = None
    for key in (REVISION, CONFLICT, SAVED, UNSAVED):
        ss.pop(key, None)
    if "a" in st.query_params:
        del st.query_params["a"]
    forget_widgets()
    ss[KEY] = Assessment(language=language)
    return deleted


def notice() -> tuple[str, str, dict] | None:
    """The pending message for the user, taken once."""
    return st.session_state.pop(NOTICE, None)


def entered(screen_id: str) -> None:
    """On a switch to another screen, forgets the widget state of the one left behind.

    Widgets are initialised from the Assessment, so nothing is lost; and Streamlit checks
    every widget against all of session state, so keys of screens not shown slow every rerun.
    Session state itself (the Assessment, the token) lives on across pages.
    """
    ss = st.session_state
    if ss.get("_page") != screen_id:
        if ss.get("_page") is not None:
            ss.pop(DEMO_OFFER, None)  # offered on the screen the link opened
        forget_widgets()
        ss["_page"] = screen_id


def workspace_unlocked() -> bool:
    return bool(st.session_state.get("workspace_unlocked"))
