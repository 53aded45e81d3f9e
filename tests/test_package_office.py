"""The package opened by LibreOffice, as integrators' Word and Excel stand-in, when installed.

LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui: about 220 MB) is not part of
CI's install; without it these tests are skipped with that reason, and tests/test_package.py
still opens every file with python-docx and openpyxl.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from crmwizard.analysis import analyse
from crmwizard.moscow import requirement_questions
from crmwizard.package import package_files

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
UTF8_CSV = 'csv:Text - txt - csv (StarCalc):44,34,76'  # comma, double quote, UTF-8


def convert(tmp_path, name: str, data: bytes, target: str) -> bytes:
    src = tmp_path / name
    src.write_bytes(data)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", target, "--outdir", str(tmp_path / "out"),
                    str(src)], check=True, capture_output=True, timeout=180)
    [out] = (tmp_path / "out").glob(src.stem + ".*")
    result = out.read_bytes()
    out.unlink()
    return result


def test_libreoffice_opens_the_brief_and_both_workbooks(content, demos, tmp_path):
    """Writer reads the brief with its Russian text; Calc reads every requirement and task."""
    a = demos["manufacturer"]
    files = package_files(content, a, "ru")
    brief = convert(tmp_path, "brief.docx", files["brief.docx"], "txt:Text").decode("utf-8-sig")
    assert a.profile.company_name in brief and "Требования по разделам" in brief
    rows = list(csv.reader(io.StringIO(convert(tmp_path, "requirements.xlsx",
                                               files["requirements.xlsx"], UTF8_CSV)
                                       .decode("utf-8-sig"))))
    an = analyse(content, a, "ru")
    assert rows[0][0] == a.profile.company_name
    assert [r[1] for r in rows[2:]] == [q.id for q in requirement_questions(content, an.values)]
    plan = list(csv.reader(io.StringIO(convert(tmp_path, "plan.xlsx", files["plan.xlsx"],
                                               UTF8_CSV).decode("utf-8-sig"))))
    assert [r[0] for r in plan[2:-1]] == [t.id for t in an.plan.tasks]
    assert plan[-1][2] == content.t("pkg_total", "ru")
    assert plan[-1][8] == str(round(an.plan.total_cost))
    assert plan[-1][9] == "0"  # our own SUM over the integrator's still empty column


def test_a_plan_filled_in_and_saved_by_libreoffice_reads_back(content, demos, tmp_path):
    """An integrator on LibreOffice: our plan.xlsx, hours typed in, saved by Calc, uploaded."""
    import openpyxl

    from crmwizard.plan_return import read_returned_plan
    from crmwizard.report.sheets import HEAD_ROW

    a = demos["distributor"]
    an = analyse(content, a, "en")
    wb = openpyxl.load_workbook(io.BytesIO(package_files(content, a, "en")["plan.xlsx"]))
    for row in wb.active.iter_rows(min_row=HEAD_ROW + 1, max_row=HEAD_ROW + 3):
        row[9].value = 10
    buf = io.BytesIO()
    wb.save(buf)
    saved = convert(tmp_path, "plan.xlsx", buf.getvalue(), "xlsx:Calc MS Excel 2007 XML")
    back = read_returned_plan(content, saved, an.plan)
    assert back.task_hours == {t.id: 10.0 for t in an.plan.tasks[:3]}
