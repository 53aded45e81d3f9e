"""What one change to an assessment altered, in the user's words (for a refused save)."""

from __future__ import annotations

from crmwizard.content import Content
from crmwizard.i18n import fmt_answer
from crmwizard.model import Assessment

PROFILE_FIELDS = ("company_name", "industry", "employees", "crm_users", "departments",
                  "contact_name", "contact_email", "contact_phone", "consent")


def _profile_value(content: Content, field: str, value: object, lang: str) -> str:
    if value in (None, "", []):
        return content.t("not_answered", lang)
    if field == "industry":
        return next((o.label(lang) for o in content.industries if o.id == value), str(value))
    if field == "departments":
        labels = {o.id: o.label(lang) for o in content.departments}
        return ", ".join(labels.get(d, d) for d in value)  # type: ignore[union-attr]
    if isinstance(value, bool):
        return content.t("yes" if value else "no", lang)
    return str(value)


def changes(content: Content, old: Assessment, new: Assessment, lang: str) -> list[tuple[str, str]]:
    """(what, new value) for every part that differs, labelled as the screens label it."""
    t = content.t
    out: list[tuple[str, str]] = []
    if old.language != new.language:
        out.append((t("language", lang), t(f"lang_{new.language}", lang)))
    if old.prepared_by != new.prepared_by:
        out.append((t("profile_prepared_by", lang), new.prepared_by or t("not_answered", lang)))
    for field in PROFILE_FIELDS:
        before, after = getattr(old.profile, field), getattr(new.profile, field)
        if before != after:
            out.append((t(f"profile_{field}", lang), _profile_value(content, field, after, lang)))
    for qid in sorted(set(old.answers) | set(new.answers)):
        if old.answers.get(qid) != new.answers.get(qid):
            q = content.question_by_id.get(qid)
            if q is not None:
                out.append((q.text(lang), fmt_answer(content, q, new.answers.get(qid), lang)))
    if old.goals != new.goals:
        out.append((t("screen_goals", lang), t("change_goals", lang, n=len(new.goals))))
    if old.plan != new.plan:
        out.append((t("screen_plan", lang), t("change_plan", lang)))
    if old.priorities != new.priorities:
        out.append((t("export_priorities", lang), t("change_priorities", lang)))
    if old.proposals != new.proposals:
        out.append((t("screen_proposals", lang), t("change_proposals", lang,
                                                   n=len(new.proposals))))
    if old.vendor_choice != new.vendor_choice:
        name = next((v.name for v in content.vendors if v.id == new.vendor_choice),
                    t("not_answered", lang))
        out.append((t("screen_shortlist", lang), name))
    return out
