"""The package for integrators: one ZIP with the brief, the matrices, the plan and the model."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from crmwizard.analysis import analyse
from crmwizard.assessment_io import to_json
from crmwizard.content import Content
from crmwizard.i18n import fmt_date
from crmwizard.model import Assessment
from crmwizard.moscow import requirements
from crmwizard.process import bpmn_file

# Files in the order the README lists them; process.bpmn only when a model is saved.
FILES = ("README.txt", "brief.docx", "brief.pdf", "requirements.xlsx", "plan.xlsx",
         "process.bpmn", "assessment.json")


def has_process(assessment: Assessment) -> bool:
    """A saved process model with at least one pipeline (a draft is not the company's)."""
    return assessment.process is not None and bool(assessment.process.pipelines)


def package_files(content: Content, assessment: Assessment, lang: str | None = None
                  ) -> dict[str, bytes]:
    """Every file of the package by name, in `lang` (default: the assessment's language)."""
    from crmwizard.report.brief import brief_pdf  # reportlab, python-docx, openpyxl load here
    from crmwizard.report.brief_docx import brief_docx
    from crmwizard.report.sheets import plan_xlsx, requirements_xlsx

    a = analyse(content, assessment, lang)
    lang = a.lang
    company = assessment.profile.company_name.strip() or content.t("pdf_no_company", lang)
    reqs = requirements(content, assessment, lang, a.values)
    files = {
        "brief.docx": brief_docx(content, assessment, a, reqs),
        "brief.pdf": brief_pdf(content, assessment, lang),
        "requirements.xlsx": requirements_xlsx(content, reqs, company, lang),
        "plan.xlsx": plan_xlsx(content, a.plan, company, lang),
        "assessment.json": to_json(assessment).encode(),
    }
    if has_process(assessment):
        files["process.bpmn"] = bpmn_file(content, assessment, lang)
    process_line = content.t("pkg_readme_bpmn" if "process.bpmn" in files
                             else "pkg_readme_no_bpmn", lang)
    readme = content.t("pkg_readme", lang, company=company,
                       date=fmt_date(dt.date.today(), lang), process_line=process_line)
    # CRLF and a BOM: Windows Notepad, where most integrators open it, reads it right.
    files["README.txt"] = "\ufeff".encode() + readme.replace("\n", "\r\n").encode()
    return {name: files[name] for name in FILES if name in files}


def package_zip(content: Content, assessment: Assessment, lang: str | None = None) -> bytes:
    """The package as ZIP bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in package_files(content, assessment, lang).items():
            # DOCX, XLSX and PDF are compressed inside already: deflating them again costs
            # time and saves nothing.
            packed = name.endswith((".docx", ".xlsx", ".pdf"))
            z.writestr(name, data, zipfile.ZIP_STORED if packed else zipfile.ZIP_DEFLATED)
    return out.getvalue()
