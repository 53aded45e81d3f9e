"""Export screen: PDF summary, integrator brief and package, JSON out and in, delete my data."""

from __future__ import annotations

import logging
import re

import streamlit as st

from crmwizard.assessment_io import AssessmentError, load_assessment, to_json
from crmwizard.logo import LogoError, prepare_logo
from crmwizard.package import package_zip
from crmwizard.problems import plain_problem
from crmwizard.process import bpmn_file
from crmwizard.report.brief import brief_pdf
from crmwizard.report.summary import summary_pdf
from crmwizard.store import StoreError
from crmwizard.ui import nav, presenter, since, state
from crmwizard.ui.priorities import priorities_block
from crmwizard.ui.screens import contact_block, header
from crmwizard.ui.text import plain

log = logging.getLogger("crmwizard")
LOGO = "export_logo_small"  # (file id, small PNG or None, problem or None)


def _logo() -> tuple[bytes | None, tuple[str, dict, str] | None]:
    """The uploaded logo's small copy, made once per upload, or why it was refused.

    Only the header is read before the pixel size is checked, so a 32 KB file that would
    decode to 12000×12000 pixels costs nothing; the PDF gets the small copy.
    """
    upload = st.session_state.get("export_logo")
    if upload is None:
        st.session_state.pop(LOGO, None)
        return None, None
    cached = st.session_state.get(LOGO)
    if cached is None or cached[0] != upload.file_id:
        try:
            cached = (upload.file_id, prepare_logo(upload.getvalue()), None)
        except LogoError as e:
            log.info("logo refused: %s", e.reason)
            cached = (upload.file_id, None, (e.reason, e.values, upload.name))
        st.session_state[LOGO] = cached
    return cached[1], cached[2]


def file_stem(company: str) -> str:
    """A safe file name part from the company name."""
    stem = re.sub(r"[^\w-]+", "-", company, flags=re.UNICODE).strip("-")[:40]
    return stem or "crm-readiness"


def _import_key() -> str:
    return f"import_file_{st.session_state.get('import_version', 0)}"


def _import_changed() -> None:
    upload = st.session_state.get(_import_key())
    st.session_state.pop("import_ready", None)
    st.session_state.pop("import_error", None)
    if upload is None:
        return
    try:
        st.session_state["import_ready"] = load_assessment(state.content(), upload.getvalue())
    except AssessmentError as e:
        st.session_state["import_error"] = (upload.name, plain_problem(state.content(), e,
                                                                       state.lang()))
    except Exception:  # noqa: BLE001 - whatever the file holds, the user gets a message
        log.warning("import: a file could not be read", exc_info=True)
        st.session_state["import_error"] = (upload.name, state.content().t("problem_not_json",
                                                                           state.lang()))


def _import_confirm() -> None:
    new = st.session_state.pop("import_ready")
    state.replace(new)
    st.session_state["import_version"] = st.session_state.get("import_version", 0) + 1
    st.session_state["import_done"] = True


def _delete() -> None:
    try:
        st.session_state["deleted"] = state.delete_my_data()
    except StoreError as e:  # nothing deleted: the message says so, the answers stay
        state.store_failed(e, "store_down_delete")


def export_screen() -> None:
    c, lang = state.content(), state.lang()
    header("export")
    a = state.current()
    stem = file_stem(a.profile.company_name)
    content = c
    logo, logo_problem = _logo()
    # The documents carry every goal, the invited managers' with their authors; the JSON file
    # is the owner's record alone (the managers' goals live with their invitations).
    full = state.authored()
    everyone, authors = full.assessment, full.labels(c, lang)
    # The snapshot picked on Results and the presenter's "hide numbers" reach the PDF too.
    picked = since.chosen()
    before = (picked.label, picked.date, picked.old) if picked else None
    hide = presenter.hiding()

    st.subheader(c.t("export_docs", lang))
    cols = st.columns(3)
    # Documents are built only on click (deferred download), from this snapshot of answers.
    cols[0].download_button(
        c.t("export_summary", lang), lambda: summary_pdf(content, everyone, lang, logo=logo,
                                                           authors=authors, since=before,
                                                           hide_numbers=hide),
        file_name=f"{stem}-summary-{lang}.pdf", mime="application/pdf",
        icon=":material/picture_as_pdf:", type="primary", on_click="ignore",
        key="export_summary", width="stretch")
    cols[1].download_button(
        c.t("export_brief", lang), lambda: brief_pdf(content, everyone, lang, authors),
        file_name=f"{stem}-brief-{lang}.pdf", mime="application/pdf",
        icon=":material/description:", on_click="ignore", key="export_brief",
        width="stretch")
    cols[2].download_button(
        c.t("export_json", lang), to_json(a), file_name=f"{stem}.json",
        mime="application/json", icon=":material/data_object:", on_click="ignore",
        key="export_json", width="stretch")
    st.download_button(
        c.t("export_bpmn", lang), lambda: bpmn_file(content, a, lang),
        file_name=f"{stem}-process-{lang}.bpmn", mime="application/xml",
        icon=":material/account_tree:", on_click="ignore", key="export_bpmn")
    st.caption(c.t("export_docs_hint", lang))
    st.download_button(
        c.t("export_package", lang), lambda: package_zip(content, a, lang),
        file_name=f"{stem}-integrators-{lang}.zip", mime="application/zip",
        icon=":material/folder_zip:", on_click="ignore", key="export_package")
    st.caption(c.t("export_package_hint", lang))
    priorities_block()
    st.file_uploader(c.t("export_logo", lang), type=["png", "jpg", "jpeg"], key="export_logo")
    if logo_problem:
        reason, values, name = logo_problem
        st.error(c.t("logo_refused", lang, field=c.t("export_logo_field", lang), name=plain(name),
                     why=c.t(reason, lang, **values)), icon=":material/hide_image:")

    st.subheader(c.t("import_heading", lang))
    st.caption(c.t("import_hint", lang))
    st.file_uploader(c.t("import_file", lang), type=["json"], key=_import_key(),
                     on_change=_import_changed)
    if st.session_state.pop("import_done", False):
        st.success(c.t("import_done", lang))
    if st.session_state.get("import_error"):
        name, problem = st.session_state["import_error"]
        st.error(c.t("import_error", lang, name=plain(name[:100]), problem=plain(problem)))
    ready = st.session_state.get("import_ready")
    if ready is not None:
        st.warning(c.t("import_confirm", lang,
                       company=plain(ready.profile.company_name or "—"),
                       answers=len(ready.answers)))
        st.button(c.t("import_replace", lang), type="primary", on_click=_import_confirm,
                  key="import_replace")

    contact_block()
    st.subheader(c.t("delete_heading", lang))
    if "deleted" in st.session_state:
        st.success(c.t("delete_done" if st.session_state.pop("deleted") else "delete_nothing",
                       lang))
    with st.popover(c.t("delete_button", lang), icon=":material/delete_forever:"):
        st.warning(c.t("delete_confirm", lang))
        st.button(c.t("delete_yes", lang), type="primary", on_click=_delete, key="delete_yes")
    nav.back_next("export")
