"""The assessment: the whole state of one company's CRM readiness assessment."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
)

# 2: answers asked twice in release 1 merged (questions/migrations.toml).
SCHEMA_VERSION = 2
LANGUAGES = ("ru", "en")

Language = Literal["ru", "en"]
# "operations" came with invitations (a new allowed value: every earlier file still opens).
OwnerRole = Literal["owner", "sales", "marketing", "finance", "it", "operations", "other"]
# Strict types: a JSON "5" must not silently become 5, and NaN/Infinity are refused.
Number = StrictInt | Annotated[float, Field(strict=True, allow_inf_nan=False)]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=5000)]
# Every date the wizard keeps lies in this window: date arithmetic on a plan of up to 200
# tasks of 2000 working days each stays far from dt.date.max, and a typo like 9999 is refused.
MIN_DATE = dt.date(2000, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


def date_problem(value: dt.date) -> str | None:
    """Why a date is outside the window, or None when it is inside."""
    if MIN_DATE <= value <= MAX_DATE:
        return None
    return f"expected a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}, got {value}"


def _in_window(value: dt.date) -> dt.date:
    problem = date_problem(value)
    if problem:
        raise ValueError(problem)
    return value


SaneDate = Annotated[dt.date, AfterValidator(_in_window)]
AnswerValue = StrictBool | Number | Annotated[StrictStr, Field(max_length=5000)] | Annotated[
    list[Annotated[StrictStr, Field(max_length=100)]], Field(max_length=100)
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Profile(_Model):
    """Who the company is; contact fields are kept only with consent."""

    company_name: ShortText = ""
    industry: str | None = None
    employees: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None
    crm_users: Annotated[StrictInt, Field(ge=0, le=1_000_000)] | None = None
    departments: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=30)] = []
    contact_name: ShortText = ""
    contact_email: ShortText = ""
    contact_phone: ShortText = ""
    consent: StrictBool = False


class Goal(_Model):
    """One measurable goal owned by one top manager."""

    owner: OwnerRole = "owner"
    goal: ShortText = ""
    kpi: ShortText = ""
    unit: Annotated[str, Field(max_length=30)] = ""
    baseline: Number | None = None
    target: Number | None = None
    deadline: SaneDate | None = None


class TaskEdit(_Model):
    """A user's change to one planned task; empty fields keep the computed value."""

    duration_days: Annotated[StrictInt, Field(ge=1, le=2000)] | None = None
    start: SaneDate | None = None
    effort_hours: Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)] | None = None


class PlanSettings(_Model):
    """What the user chose for the plan-schedule: start, rate, edited tasks."""

    start_date: SaneDate | None = None
    hourly_rate: Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)] | None = None
    edits: Annotated[dict[str, TaskEdit], Field(max_length=200)] = {}


def _printable(text: str) -> str:
    """Refuses characters that XML cannot carry or that a reader cannot see."""
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\ufffe\uffff":
            raise ValueError(f"contains the control character U+{ord(ch):04X}")
    return text


# Names and criteria of the process model end up in BPMN XML, PDFs and the screen.
Label = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120),
                  AfterValidator(_printable)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
                 AfterValidator(_printable)]
MAX_STAGES, MAX_PIPELINES = 40, 8


class Stage(_Model):
    """One stage of a pipeline, owned by a role (its lane in the diagram)."""

    name: Name
    owner: Annotated[str, Field(max_length=50)] = ""  # a role of questions/processes.toml
    entry: Label = ""
    exit: Label = ""
    days: Annotated[StrictInt, Field(ge=0, le=365)] | None = None
    handoff: Annotated[str, Field(max_length=50)] = ""  # a role the work passes to after it


class Pipeline(_Model):
    """One sales pipeline: ordered stages, where its leads come from, why deals are lost."""

    name: Name
    sources: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=20)] = []
    lost_reasons: Annotated[list[Label], Field(max_length=20)] = []
    stages: Annotated[list[Stage], Field(max_length=MAX_STAGES)] = []


class ProcessModel(_Model):
    """The company's sales process (step 7), as pipelines of stages."""

    pipelines: Annotated[list[Pipeline], Field(max_length=MAX_PIPELINES)] = []


Priority = Literal["must", "should", "could", "wont"]
Money = Annotated[float, Field(ge=0, le=10_000_000_000, allow_inf_nan=False)]
Hours = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]
MAX_PROPOSALS = 5


class Proposal(_Model):
    """One integrator's proposal, typed in or read from our plan.xlsx as they returned it."""

    integrator: Name
    vendor: Annotated[str, Field(max_length=50)] = ""  # a vendor id of questions/vendors.toml
    licence_cost: Money | None = None  # first year, roubles
    work_cost: Money | None = None
    work_hours: Hours | None = None
    duration_days: Annotated[StrictInt, Field(ge=1, le=2000)] | None = None  # working days
    pilot: StrictBool = False
    training: StrictBool = False
    migration: StrictBool = False
    integrations: Annotated[list[Annotated[str, Field(max_length=50)]], Field(max_length=30)] = []
    support_hours: Hours | None = None  # a month after go-live
    sla: StrictBool = False
    warranty_months: Annotated[StrictInt, Field(ge=0, le=120)] | None = None
    references: Label = ""
    # Requirements (question ids) the integrator says the proposal does not meet.
    unmet: Annotated[list[Annotated[str, Field(max_length=60)]], Field(max_length=200)] = []
    # Hours per task of our plan, when the proposal came as our plan.xlsx filled in.
    # Task ids follow the plan of the day they were read; ids the plan no longer has are ignored.
    task_hours: Annotated[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)],
                               Hours], Field(max_length=200)] | None = None


class Assessment(_Model):
    """One assessment, exactly as it is saved, exported and imported."""

    schema_version: Literal[2] = SCHEMA_VERSION
    language: Language = "ru"
    prepared_by: ShortText = ""
    profile: Profile = Profile()
    answers: Annotated[dict[str, AnswerValue], Field(max_length=1000)] = {}
    goals: Annotated[list[Goal], Field(max_length=50)] = []
    plan: PlanSettings = PlanSettings()
    vendor_choice: str | None = None
    # Optional in version 2: None means not modelled yet (the screen shows a draft).
    process: ProcessModel | None = None
    # Optional in version 2: MoSCoW priorities the user set by hand (question id → priority);
    # a requirement not listed takes the priority derived from questions/package.toml.
    priorities: Annotated[dict[str, Priority], Field(max_length=200)] = {}
    # Optional in version 2: integrators' proposals to compare with our estimate (2 to 5).
    proposals: Annotated[list[Proposal], Field(max_length=MAX_PROPOSALS)] = []
