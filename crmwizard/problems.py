"""An AssessmentError in plain words: which part of the assessment, and what is wrong with it.

The error itself keeps the dotted field and the technical problem (the command line prints
those); people on the screens read the question or field as the screens label it.
"""

from __future__ import annotations

import re

from crmwizard.assessment_io import AssessmentError
from crmwizard.content import Content

# (pattern in the technical problem, ui key of the plain sentence); first match wins.
KINDS = [
    (r"not valid JSON|expected a JSON object", "problem_not_json"),
    (r"larger than .* kB", "problem_file_too_big"),
    (r"nested", "problem_nested"),
    (r"is newer than", "problem_newer"),
    (r"NaN|Infinity", "problem_not_number"),
    (r"too large|digits", "problem_number_too_large"),
    (r"broken character", "problem_broken_text"),
    (r"expected a date|date from|valid date|zero time", "problem_date"),
    (r"unknown question id|Extra inputs", "problem_unknown_field"),
    (r"expected one of|expected options|unknown vendor|literal_error|Input should be '",
     "problem_option"),
    (r"listed twice|chosen twice", "problem_twice"),
    (r"expected a number from|greater than|less than", "problem_range"),
    (r"should have at most|String should have at most", "problem_too_long"),
    (r"missing", "problem_missing"),
    (r"is computed", "problem_computed"),
]
PROFILE = {"company_name", "industry", "employees", "crm_users", "departments", "contact_name",
           "contact_email", "contact_phone", "consent", "prepared_by"}
GOAL_FIELDS = {"owner": "goal_owner", "goal": "goal_text", "kpi": "goal_kpi", "unit": "goal_unit",
               "baseline": "goal_baseline", "target": "goal_target", "deadline": "goal_deadline"}


def where(content: Content, field: str, lang: str) -> str:
    """The part of the assessment a dotted field names, as the screens call it."""
    t = content.t
    parts = field.split(".")
    head = parts[0]
    if head == "answers" and len(parts) > 1:
        q = content.question_by_id.get(parts[1])
        return t("where_answer", lang, question=q.text(lang)) if q else t("where_answers", lang)
    if head == "profile" and len(parts) > 1 and parts[1] in PROFILE:
        return t(f"profile_{parts[1]}", lang)
    if head == "prepared_by":
        return t("profile_prepared_by", lang)
    if head == "goals" and len(parts) > 1 and parts[1].isdigit():
        label = t(GOAL_FIELDS[parts[2]], lang) if len(parts) > 2 and parts[2] in GOAL_FIELDS \
            else ""
        return t("where_goal", lang, n=int(parts[1]) + 1, field=label).rstrip(" ,:—")
    if head == "plan":
        if len(parts) > 1 and parts[1] in ("start_date", "hourly_rate"):
            return t(f"plan_{parts[1]}", lang)
        return t("screen_plan", lang)
    if head == "vendor_choice":
        return t("screen_shortlist", lang)
    if head == "language":
        return t("language", lang)
    return t("where_file", lang)


def plain_problem(content: Content, error: AssessmentError, lang: str) -> str:
    """'<where>: <what is wrong>' in the user's language, no field paths or Python lists."""
    kind = next((key for pattern, key in KINDS if re.search(pattern, error.problem)),
                "problem_invalid")
    return content.t("problem_line", lang, where=where(content, error.field, lang),
                     what=content.t(kind, lang))
