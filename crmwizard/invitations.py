"""Goals from invited managers: parsing their saved goals, statuses, merging with the owner's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field, TypeAdapter, ValidationError

from crmwizard.content import Content
from crmwizard.model import Assessment, Goal
from crmwizard.store import Invitation

MAX_GOALS = 20  # per manager: enough for anyone's own goals, small enough for a phone
NAME_MAX = 80
# The roles a manager can be invited as: every goal owner but the owner of the company.
EXCLUDED_ROLES = ("owner",)
STATUSES = ("invited", "opened", "answered", "revoked")

_GOALS = TypeAdapter(Annotated[list[Goal], Field(max_length=MAX_GOALS)])


def invite_roles(content: Content) -> list[str]:
    """Role ids an invitation can be made for, in the content's order."""
    return [r.id for r in content.owner_roles if r.id not in EXCLUDED_ROLES]


def parse_goals(data: str) -> list[Goal]:
    """A manager's saved goals; a row that cannot be read counts as no goals."""
    try:
        return _GOALS.validate_json(data)
    except ValidationError:
        return []


def validated_goals(goals: list[Goal], role: str) -> list[Goal]:
    """The goals as they will be saved, each owned by the invitation's role (raises if invalid)."""
    return _GOALS.validate_python([g.model_copy(update={"owner": role}).model_dump()
                                   for g in goals])


def goals_json(goals: list[Goal]) -> str:
    return json.dumps([json.loads(g.model_dump_json()) for g in goals], ensure_ascii=False)


def status(invitation: Invitation) -> str:
    """One of STATUSES: where an invitation stands."""
    if invitation.revoked_at:
        return "revoked"
    if invitation.answered_at:
        return "answered"
    if invitation.opened_at:
        return "opened"
    return "invited"


def is_open(invitation: Invitation) -> bool:
    return not invitation.revoked_at


@dataclass(frozen=True)
class Authored:
    """Every goal of an assessment in one list, with who entered each.

    `authors[i]` is "" for a goal typed on the Goals screen, else the invitation's token;
    `names[i]` is the name that invitation was made for (may be empty).
    """

    assessment: Assessment
    authors: list[str]
    names: list[str]

    def label(self, content: Content, i: int, lang: str) -> str:
        """Who entered goal i, as documents show it: a name, "by invitation", or ""."""
        if not self.authors[i]:
            return ""
        return self.names[i] or content.t("invite_author_unnamed", lang)

    def labels(self, content: Content, lang: str) -> list[str]:
        return [self.label(content, i, lang) for i in range(len(self.authors))]


def merged(assessment: Assessment, invitations: list[Invitation]) -> Authored:
    """The owner's goals, then each invitation's, in one assessment (merged on read)."""
    goals = list(assessment.goals)
    authors, names = [""] * len(goals), [""] * len(goals)
    for inv in invitations:
        for g in parse_goals(inv.goals):
            # The role is the invitation's, whatever a row says.
            goals.append(g.model_copy(update={"owner": inv.role}))
            authors.append(inv.token)
            names.append(inv.name)
    # model_copy does not validate: the merged list may exceed the owner's own 50 goals.
    return Authored(assessment.model_copy(update={"goals": goals}), authors, names)
