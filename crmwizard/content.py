"""Loads questions/*.toml, validates it, and serves it as typed Content, once per process."""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from crmwizard.conditions import Compare, Condition, references

CONTENT_DIR = Path(__file__).resolve().parent.parent / "questions"
QUESTION_TYPES = ("single", "multi", "yesno", "scale", "number", "money", "text", "date", "derived")
FACTS = (
    "profile.employees", "profile.crm_users", "profile.departments_count", "profile.industry",
    "goals.count", "goals.measurable_share", "goals.dated_share", "goals.owners",
    "goals.conflicts", "budget.first_year", "budget.per_user_first_year",
    "integrations.count", "requirements.completeness", "plan.golive_late_days",
    "vendor.chosen_data_in_russia",
    # Step 7, from the saved process model (absent while it is only a draft):
    "process.pipelines", "process.stages", "process.stages_no_owner", "process.stages_no_exit",
    "process.defined_share",
    # Set when some vendor of the catalogue has a dated fact for the criterion: the weight
    # question for a criterion nobody has sourced would change nothing, so it is not asked.
    "catalogue.popularity_sourced", "catalogue.rating_sourced",
)
Score = Annotated[float, Field(ge=0, le=1)]
Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]


class ContentError(Exception):
    """A content file is broken: names the file, the key and what is wrong."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class L10n(_Model):
    """A text in both languages."""

    ru: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def __call__(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


class Option(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
    label: L10n
    score: Score = 1.0


class Question(_Model):
    """One question of a step, with how its answer scores."""

    id: Id
    step: str
    category: str | None = None
    type: Literal[QUESTION_TYPES]  # type: ignore[valid-type]
    weight: Annotated[float, Field(ge=0, le=10)]
    short: L10n
    text: L10n
    hint: L10n
    todo: L10n | None = None  # what to do to raise this answer, as next advice says it
    options: list[Option] = []
    aggregate: Literal["sum", "max"] = "sum"
    score_yes: Score = 1.0
    score_no: Score = 0.0
    min: float | None = None
    max: float | None = None
    min_label: L10n | None = None
    max_label: L10n | None = None
    score_min: Score = 0.0
    score_max: Score = 1.0
    unit: L10n | None = None
    thresholds: list[tuple[float, Score]] = []
    score_answered: Score = 1.0
    source: str | None = None
    show_if: Condition | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type in ("single", "multi"):
            if len(self.options) < 2:
                raise ValueError(f"a {self.type} question needs at least two options")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError(f"option ids repeat: {ids}")
        elif self.options:
            raise ValueError(f"a {self.type} question takes no options")
        if self.type == "derived" and self.source not in FACTS:
            raise ValueError(f"source must be one of {list(FACTS)}, got {self.source!r}")
        if self.type != "derived" and self.source is not None:
            raise ValueError("only a derived question has a source")
        if [t[0] for t in self.thresholds] != sorted(t[0] for t in self.thresholds):
            raise ValueError("thresholds must be in ascending order of value")
        if self.type == "scale" and self.bounds()[0] >= self.bounds()[1]:
            raise ValueError("scale needs min < max")
        return self

    def bounds(self) -> tuple[float, float]:
        """Accepted range of a scale, number or money answer."""
        lo, hi = (1, 5) if self.type == "scale" else (0, 1e12)
        return (lo if self.min is None else self.min, hi if self.max is None else self.max)

    @functools.cached_property
    def _options(self) -> dict[str, Option]:
        return {o.id: o for o in self.options}

    def option(self, option_id: str) -> Option | None:
        return self._options.get(option_id) if isinstance(option_id, str) else None


class Step(_Model):
    id: Id
    number: Annotated[int, Field(ge=1, le=14)]
    weight: Annotated[float, Field(gt=0, le=10)]
    screen: Id
    title: L10n
    summary: L10n


class Category(_Model):
    id: Id
    title: L10n
    summary: L10n


class Risk(_Model):
    """A rule that puts a risk on the register when its condition holds."""

    id: Annotated[str, Field(pattern=r"^R\d{2,3}$")]
    category: Literal["strategy", "process", "people", "technology"]
    step: str
    likelihood: Annotated[int, Field(ge=1, le=5)]
    impact: Annotated[int, Field(ge=1, le=5)]
    title: L10n
    why: L10n
    mitigation: L10n
    when: Condition


class Choice(_Model):
    id: Id
    label: L10n


class Kpi(_Model):
    id: Id
    label: L10n
    unit: L10n
    better: Literal["up", "down"]
    typical_owner: str


class Conflict(_Model):
    """Two goal directions that pull against each other, as `kpi:up` / `kpi:down`."""

    a: Annotated[str, Field(pattern=r"^[a-z0-9_]+:(up|down)$")]
    b: Annotated[str, Field(pattern=r"^[a-z0-9_]+:(up|down)$")]
    why: L10n


class Band(_Model):
    """A range of overall readiness and what it means in plain words."""

    min: Annotated[float, Field(ge=0, lt=100)]
    label: L10n
    verdict: L10n


class BandsFile(_Model):
    band: list[Band]
    advice_min_completeness: Annotated[float, Field(ge=0, le=100)]
    top_risks: Annotated[int, Field(ge=1, le=50)]


class Effort(_Model):
    days: Annotated[float, Field(ge=0)]
    hours: Annotated[float, Field(ge=0)]


class Factor(_Model):
    """Days and hours of a task multiplied by the answer to a question.

    `values`: option of a single-choice question → multiplier; `thresholds`: for a number or a
    fact, [[value, multiplier], …] ascending, the last one at or below the value applies.
    """

    q: str
    values: dict[str, Annotated[float, Field(gt=0)]] = {}
    thresholds: list[tuple[float, Annotated[float, Field(gt=0)]]] = []

    @model_validator(mode="after")
    def _one_kind(self) -> Factor:
        if bool(self.values) == bool(self.thresholds):
            raise ValueError("give either values (by option) or thresholds (by number)")
        if [t[0] for t in self.thresholds] != sorted(t[0] for t in self.thresholds):
            raise ValueError("thresholds must be in ascending order of value")
        return self

    def multiplier(self, value: Any) -> float:
        """The factor for an answer or fact value; 1 when there is none."""
        if not self.thresholds:
            return self.values.get(value, 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return 1.0
        return next((m for bound, m in reversed(self.thresholds) if value >= bound), 1.0)


class NameBy(_Model):
    """A task name that follows an answer: option id → name."""

    q: str
    values: dict[str, L10n]


class TaskSpec(_Model):
    """One task (or one per item, with `repeat`) of the plan-schedule."""

    id: Id
    stage: str
    step: str
    name: L10n
    name_by: NameBy | None = None
    classes: list[str] = []  # project classes that have this task; empty: every class
    days: Annotated[int, Field(ge=1, le=500)]
    hours: Annotated[float, Field(ge=0)]
    after: list[str] = []
    milestone: Literal["mvp", "golive"] | None = None
    skip_if: Condition | None = None
    factors: list[Factor] = []
    per_department: Effort | None = None
    repeat: Literal["integrations", "departments", "iterations"] | None = None
    items: dict[str, Effort] = {}


class Rates(_Model):
    integrator_hourly: Annotated[float, Field(gt=0)]
    internal_hourly: Annotated[float, Field(ge=0)]
    internal_share: Annotated[float, Field(ge=0, le=2)]
    reserve_share: Annotated[float, Field(ge=0, le=1)]
    hours_per_day: Annotated[float, Field(gt=0, le=24)]
    reference_users: Annotated[int, Field(ge=1)]
    users_exponent: Annotated[float, Field(ge=0, le=1)]
    support_share: dict[str, Annotated[float, Field(ge=0, le=1)]]
    support_share_default: Annotated[float, Field(ge=0, le=1)]
    on_premise_licence_factor: Annotated[float, Field(gt=0, le=1)]


class ProjectClass(_Model):
    """A kind of project, chosen from the answers, with its own tasks and sizing."""

    id: Id
    name: L10n
    why: L10n
    when: Condition | None = None  # the first class whose condition holds is taken
    reference_users: Annotated[int, Field(ge=1)]
    integrator_hourly: Annotated[float, Field(gt=0)] | None = None


class Iterations(_Model):
    default: Annotated[int, Field(ge=0, le=12)]
    values: dict[str, Annotated[int, Field(ge=0, le=12)]]


class PlanFile(_Model):
    rates: Rates
    project_class: Annotated[list[ProjectClass], Field(alias="class", min_length=1)]

    def class_by_id(self, class_id: str) -> ProjectClass:
        return next(k for k in self.project_class if k.id == class_id)
    licences: dict[str, Annotated[float, Field(ge=0)]]
    stages: dict[str, L10n]
    task: list[TaskSpec]
    iterations: Iterations
    all_departments: L10n


Unknown = Literal["unknown"]


class Fact(_Model):
    """A vendor fact with where it comes from and when it was checked."""

    value: Any
    source: Annotated[str, Field(min_length=3)]
    checked: dt.date
    note: L10n | None = None


class PricePlan(_Model):
    """A cloud plan sold for the whole company up to a number of users."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    users: Annotated[int, Field(ge=1)]
    month: Annotated[float, Field(ge=0)]  # price of the whole plan a month, billed yearly


class Price(_Model):
    """How a vendor sells its cloud service: per user a month, or plans with a user cap."""

    currency: Literal["RUB", "USD", "EUR", "INR"]
    min: Annotated[float, Field(ge=0)] | None = None  # per user a month, cheapest paid edition
    max: Annotated[float, Field(ge=0)] | None = None  # per user a month, dearest edition
    plans: list[PricePlan] = []  # smallest first
    free_users: Annotated[int, Field(ge=0)] = 0  # a free plan covers up to this many users

    @model_validator(mode="after")
    def _one_model(self) -> Price:
        per_user = self.min is not None and self.max is not None
        if per_user == bool(self.plans):
            raise ValueError("give either min and max (per user a month) or plans, not both")
        if per_user and self.min > self.max:  # type: ignore[operator]
            raise ValueError("min is above max")
        if [p.users for p in self.plans] != sorted(p.users for p in self.plans):
            raise ValueError("plans must go from the fewest users to the most")
        return self


class Edition(_Model):
    """An on-premise edition: a one-off licence for up to `users` users."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    users: Annotated[int, Field(ge=1)]
    licence: Annotated[float, Field(ge=0)]


class OnPremisePrice(_Model):
    """How a vendor sells its on-premise editions: a licence plus a yearly renewal share."""

    currency: Literal["RUB", "USD", "EUR", "INR"]
    editions: Annotated[list[Edition], Field(min_length=1)]  # smallest first
    renewal_share: Annotated[float, Field(ge=0, le=1)]  # yearly renewal from the second year

    @model_validator(mode="after")
    def _ordered(self) -> OnPremisePrice:
        if [e.users for e in self.editions] != sorted(e.users for e in self.editions):
            raise ValueError("editions must go from the fewest users to the most")
        return self


API = Literal["rest", "soap", "xml", "json_api", "odata", "webhooks", "graphql", "xml_rpc",
              "json_rpc"]
SYSTEMS = Literal["telephony", "mail", "messengers", "sms", "onec", "moysklad", "erp",
                  "website", "shop", "sso", "marketplaces", "edo"]
NotOffered = Literal["not_offered"]
VENDOR_FACTS = {
    "delivery": Literal["cloud", "on_premise", "both"] | Unknown,
    "api": list[API] | Unknown,
    "country": Annotated[str, Field(pattern=r"^([A-Z]{2}|unknown)$")],
    # Where the data of Russian citizens lives, per delivery mode: the vendor's cloud, and a
    # copy the customer installs on its own or a rented server.
    "data_in_russia_cloud": bool | Unknown | NotOffered,
    "data_in_russia_self_hosted": bool | Unknown | NotOffered,
    "available_in_russia": bool | Unknown,
    "russian_registry": bool | Unknown,
    "scale": list[Literal["small", "medium", "enterprise"]] | Unknown,
    "price": Price | Unknown | NotOffered,
    "on_premise_price": OnPremisePrice | Unknown | NotOffered,
    "integrations": list[SYSTEMS] | Unknown,
    "open_source": bool | Unknown,
    "popularity": Annotated[int, Field(ge=1, le=5)] | Unknown,
    "rating": Annotated[int, Field(ge=1, le=5)] | Unknown,
}


# Built once: a TypeAdapter compiles its schema, and one per fact per vendor was a third of
# the content load time.
_FACT_ADAPTERS = {name: TypeAdapter(kind) for name, kind in VENDOR_FACTS.items()}


class Vendor(_Model):
    """One CRM of the catalogue; every fact dated and sourced, or explicitly unknown."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    name: str
    url: str
    summary: L10n
    delivery: Fact
    api: Fact
    country: Fact
    data_in_russia_cloud: Fact
    data_in_russia_self_hosted: Fact
    available_in_russia: Fact
    russian_registry: Fact
    scale: Fact
    price: Fact
    on_premise_price: Fact
    integrations: Fact
    open_source: Fact
    popularity: Fact
    rating: Fact

    @model_validator(mode="after")
    def _typed_values(self) -> Vendor:
        for name, adapter in _FACT_ADAPTERS.items():
            fact: Fact = getattr(self, name)
            try:
                value = adapter.validate_python(fact.value)
            except ValidationError as e:
                raise ValueError(f"{name}.value: {e.errors()[0]['msg']}") from None
            object.__setattr__(fact, "value", value)
        return self

    def known(self, name: str) -> Any:
        """The fact's value, or None when it is unknown or the mode is not offered."""
        value = getattr(self, name).value
        return None if value in ("unknown", "not_offered") else value

    def offers(self, mode: str) -> bool | None:
        """Whether the vendor offers `cloud` or `on_premise` delivery; None when unknown."""
        delivery = self.known("delivery")
        return None if delivery is None else delivery in (mode, "both")


class VendorsFile(_Model):
    vendor: list[Vendor]


class ShortlistRules(_Model):
    default_importance: Annotated[int, Field(ge=1, le=5)]
    delivery_weight: Annotated[float, Field(ge=0)]
    open_source_weight: Annotated[float, Field(ge=0)]
    small_max: Annotated[int, Field(ge=1)]
    medium_max: Annotated[int, Field(ge=1)]
    licence_share_of_budget: Annotated[float, Field(gt=0, le=1)]
    cis_countries: list[str]
    api_counts_as: dict[str, list[str]] = {}
    top: Annotated[int, Field(ge=1, le=20)]


class StepsFile(_Model):
    step: list[Step]
    question: list[Question]


class RequirementsFile(_Model):
    category: list[Category]
    question: list[Question]


class ProfileFile(_Model):
    industry: list[Choice]
    department: list[Choice]
    owner_role: list[Choice]


class GoalsFile(_Model):
    kpi: list[Kpi]
    conflict: list[Conflict]


class RisksFile(_Model):
    risk: list[Risk]


class AnswerMove(_Model):
    """An answer id of an older file version and where its answer goes now."""

    version: Annotated[int, Field(ge=1)]
    from_: Annotated[str, Field(alias="from")]
    to: str | None = None
    options: dict[str, str] = {}


class MigrationsFile(_Model):
    answer: list[AnswerMove] = []


class TemplateStage(_Model):
    name: L10n
    owner: str
    entry: L10n | None = None
    exit: L10n | None = None
    days: Annotated[int, Field(ge=0, le=365)] | None = None
    handoff: str | None = None


class ProcessTemplate(_Model):
    """A draft pipeline in both languages: the default for some industries, or one to add."""

    id: Id
    default: bool = False
    industries: list[str]
    name: L10n
    sources: list[str] = []
    lost_reasons: list[L10n] = []
    stage: Annotated[list[TemplateStage], Field(min_length=1)]


class ProcessesFile(_Model):
    role: Annotated[list[Choice], Field(min_length=1)]
    template: Annotated[list[ProcessTemplate], Field(min_length=1)]
    ui: dict[str, L10n] = {}  # strings of the Processes screen and the BPMN export


class UiFile(_Model):
    ui: dict[str, L10n]


Priority = Literal["must", "should", "could", "wont"]


class MoscowRule(_Model):
    """Gives `priority` to the named questions or categories when `when` holds (or always)."""

    questions: list[str] = []
    categories: list[str] = []
    when: Condition | None = None
    priority: Priority


class Moscow(_Model):
    by_weight: Annotated[list[tuple[float, Priority]], Field(min_length=1)]
    rule: list[MoscowRule] = []


# The figures of one proposal that flag rules read (crmwizard/proposals.py computes them).
PROPOSAL_FACTS = ("cost_ratio", "duration_ratio", "pilot", "training", "migration",
                  "lines_missing", "integrations_missing", "must_uncovered", "support", "sla",
                  "vendor_excluded")


class Flag(_Model):
    """A warning on an integrator's proposal, raised when `when` holds over its figures."""

    id: Id
    level: Literal["high", "medium"]
    when: Condition
    text: L10n


class EstimateBand(_Model):
    band: tuple[Annotated[float, Field(gt=0, le=1)], Annotated[float, Field(ge=1)]]


class Kinds(_Model):
    """Plan task ids per kind of work a proposal is checked for."""

    pilot: list[str]
    training: list[str]
    migration: list[str]
    integrations: list[str]


class PackageFile(_Model):
    moscow: Moscow
    estimate: EstimateBand
    kinds: Kinds
    flag: list[Flag] = []
    ui: dict[str, L10n] = {}  # strings of the package, the Proposals screen and its upload


class Content(_Model):
    """All content, validated and cross-checked."""

    steps: list[Step]
    questions: list[Question]
    categories: list[Category]
    industries: list[Choice]
    departments: list[Choice]
    owner_roles: list[Choice]
    kpis: list[Kpi]
    conflicts: list[Conflict]
    risks: list[Risk]
    bands: list[Band]
    advice_min_completeness: float
    top_risks: int
    plan: PlanFile
    vendors: list[Vendor]
    shortlist: ShortlistRules
    migrations: list[AnswerMove]
    ui: dict[str, L10n]
    roles: list[Choice] = []
    templates: list[ProcessTemplate] = []
    moscow: Moscow | None = None
    flags: list[Flag] = []
    estimate_band: tuple[float, float] = (0.8, 1.25)
    kinds: Kinds | None = None

    def t(self, key: str, lang: str, **values: Any) -> str:
        """The UI string `key` in `lang`, with `{name}` fields filled in."""
        text = self.ui[key](lang)
        return text.format(**values) if values else text

    @functools.cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @functools.cached_property
    def step_by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    @functools.cached_property
    def questions_by_step(self) -> dict[str, list[Question]]:
        grouped: dict[str, list[Question]] = {s.id: [] for s in self.steps}
        for q in self.questions:
            grouped[q.step].append(q)
        return grouped

    @functools.cached_property
    def role_by_id(self) -> dict[str, Choice]:
        return {r.id: r for r in self.roles}

    def steps_of_screen(self, screen: str) -> list[Step]:
        return [s for s in self.steps if s.screen == screen]


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ContentError(f"{path.name}: file is missing") from None
    except tomllib.TOMLDecodeError as e:
        raise ContentError(f"{path.name}: not valid TOML: {e}") from None


def _where(data: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """A readable key path; list items are named by their id where they have one."""
    parts: list[str] = []
    node: Any = data
    for key in loc:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            item = node[key]
            label = f"[{key}]"
            if isinstance(item, dict) and "id" in item:
                label = f"[{key}] (id={item['id']})"
            parts[-1:] = [(parts[-1] if parts else "") + label]
            node = item
            continue
        parts.append(str(key))
        node = node.get(key) if isinstance(node, dict) else None
    return ".".join(parts) or "(top)"


def _parse(model: type[BaseModel], path: Path) -> Any:
    data = _read(path)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        raise ContentError(f"{path.name}: {_where(data, err['loc'])}: {err['msg']}") from None


def _check(content: Content) -> None:
    """Cross-file checks that one file alone cannot make."""
    steps = content.step_by_id
    if sorted(s.number for s in content.steps) != list(range(1, 15)):
        raise ContentError("steps.toml: step: the numbers must be 1 to 14, each once")
    seen: set[str] = set()
    categories = {c.id for c in content.categories}
    for q in content.questions:
        where = "requirements.toml" if q.category else "steps.toml"
        if q.id in seen:
            raise ContentError(f"{where}: question (id={q.id}): id is used twice")
        seen.add(q.id)
        if q.step not in steps:
            raise ContentError(f"{where}: question (id={q.id}).step: unknown step {q.step!r}")
        if q.category is not None and q.category not in categories:
            raise ContentError(
                f"{where}: question (id={q.id}).category: unknown category {q.category!r}"
            )
        if q.show_if is not None:
            _check_condition(content, q.show_if, f"{where}: question (id={q.id}).show_if")
    for r in content.risks:
        if r.step not in steps:
            raise ContentError(f"risks.toml: risk (id={r.id}).step: unknown step {r.step!r}")
        _check_condition(content, r.when, f"risks.toml: risk (id={r.id}).when")
    ids = [r.id for r in content.risks]
    if len(set(ids)) != len(ids):
        raise ContentError("risks.toml: risk: ids repeat")
    mins = [b.min for b in content.bands]
    if not mins or mins[0] != 0 or mins != sorted(mins):
        raise ContentError("bands.toml: band: the first min must be 0 and mins must ascend")
    _check_plan(content)
    _check_processes(content)
    _check_migrations(content)
    _check_package(content)
    vendor_ids = [v.id for v in content.vendors]
    if len(set(vendor_ids)) != len(vendor_ids):
        raise ContentError("vendors.toml: vendor: ids repeat")
    kpis = {k.id for k in content.kpis}
    for c in content.conflicts:
        for side in (c.a, c.b):
            if side.split(":")[0] not in kpis:
                raise ContentError(f"goals.toml: conflict {side!r}: unknown kpi")


def _check_package(content: Content) -> None:
    """MoSCoW rules name requirement questions and categories; flags read proposal facts."""
    asked = {q.id for q in content.questions if q.step == "requirements"}
    categories = {c.id for c in content.categories}
    for i, rule in enumerate(content.moscow.rule if content.moscow else []):
        where = f"package.toml: moscow.rule[{i}]"
        for qid in rule.questions:
            if qid not in asked:
                raise ContentError(f"{where}.questions: {qid!r} is not a requirements question")
        for cat in rule.categories:
            if cat not in categories:
                raise ContentError(f"{where}.categories: unknown category {cat!r}")
        if not rule.questions and not rule.categories:
            raise ContentError(f"{where}: names no questions and no categories")
        if rule.when is not None:
            _check_condition(content, rule.when, f"{where}.when")
    ids = [f.id for f in content.flags]
    if len(set(ids)) != len(ids):
        raise ContentError("package.toml: flag: ids repeat")
    tasks = {t.id for t in content.plan.task}
    for kind, names in (content.kinds.model_dump() if content.kinds else {}).items():
        for name in names:
            if name not in tasks:
                raise ContentError(f"package.toml: kinds.{kind}: unknown plan task {name!r}")
    for f in content.flags:
        for cmp in references(f.when):
            if cmp.q not in PROPOSAL_FACTS:
                raise ContentError(f"package.toml: flag (id={f.id}).when: unknown proposal"
                                   f" figure {cmp.q!r} (known: {', '.join(PROPOSAL_FACTS)})")


def _check_plan(content: Content) -> None:
    where = "plan.toml: task"
    ids = [t.id for t in content.plan.task]
    for t in content.plan.task:
        name = f"{where} (id={t.id})"
        if t.stage not in content.plan.stages:
            raise ContentError(f"{name}.stage: unknown stage {t.stage!r}")
        if t.step not in content.step_by_id:
            raise ContentError(f"{name}.step: unknown step {t.step!r}")
        for dep in t.after:
            if dep not in ids or ids.index(dep) >= ids.index(t.id):
                raise ContentError(f"{name}.after: {dep!r} is not a task listed before it")
        for f in t.factors:
            if f.thresholds:
                q = content.question_by_id.get(f.q)
                if f.q not in FACTS and (q is None or q.type not in ("number", "money")):
                    raise ContentError(f"{name}.factors: {f.q!r} is not a number or a fact")
                continue
            q = content.question_by_id.get(f.q)
            if q is None or q.type != "single":
                raise ContentError(f"{name}.factors: {f.q!r} is not a single-choice question")
            for v in f.values:
                if q.option(v) is None:
                    raise ContentError(f"{name}.factors: {f.q} has no option {v!r}")
        if t.skip_if is not None:
            _check_condition(content, t.skip_if, f"{name}.skip_if")
        unknown = set(t.classes) - {k.id for k in content.plan.project_class}
        if unknown:
            raise ContentError(f"{name}.classes: unknown class {sorted(unknown)[0]!r}")
        if t.name_by is not None:
            q = content.question_by_id.get(t.name_by.q)
            bad = [v for v in t.name_by.values if q is None or q.option(v) is None]
            if bad:
                raise ContentError(f"{name}.name_by: {t.name_by.q} has no option {bad[0]!r}")
    classes = content.plan.project_class
    for k in classes:
        if k.when is not None:
            _check_condition(content, k.when, f"plan.toml: class (id={k.id}).when")
    if classes[-1].when is not None:
        raise ContentError("plan.toml: class: the last class is the default and takes no when")
    for tier in ("free", "economy", "standard", "premium", "unknown"):
        if tier not in content.plan.licences:
            raise ContentError(f"plan.toml: licences.{tier}: missing")


def _check_processes(content: Content) -> None:
    roles = content.role_by_id
    industries = {c.id for c in content.industries}
    sources = content.question_by_id["req_lead_sources"]
    ids = [t.id for t in content.templates]
    if len(set(ids)) != len(ids) or len(set(content.role_by_id)) != len(content.roles):
        raise ContentError("processes.toml: template or role ids repeat")
    if sum(t.default for t in content.templates) != 1:
        raise ContentError("processes.toml: template: exactly one must be the default")
    for t in content.templates:
        name = f"processes.toml: template (id={t.id})"
        for ind in t.industries:
            if ind not in industries:
                raise ContentError(f"{name}.industries: unknown industry {ind!r}")
        for src in t.sources:
            if sources.option(src) is None:
                raise ContentError(f"{name}.sources: req_lead_sources has no option {src!r}")
        names = [s.name.en.lower() for s in t.stage]
        if len(set(names)) != len(names):
            raise ContentError(f"{name}.stage: stage names repeat")
        for i, s in enumerate(t.stage):
            for field in ("owner", "handoff"):
                role = getattr(s, field)
                if role is not None and role not in roles:
                    raise ContentError(f"{name}.stage[{i}].{field}: unknown role {role!r}")


def _check_migrations(content: Content) -> None:
    for m in content.migrations:
        name = f"migrations.toml: answer (from={m.from_})"
        if m.from_ in content.question_by_id:
            raise ContentError(f"{name}: the question still exists")
        q = content.question_by_id.get(m.to) if m.to else None
        if m.to and q is None:
            raise ContentError(f"{name}.to: unknown question {m.to!r}")
        for new in m.options.values():
            if q is not None and q.options and q.option(new) is None:
                raise ContentError(f"{name}.options: {m.to} has no option {new!r}")


def _check_condition(content: Content, node: Condition, where: str) -> None:
    for cmp in references(node):
        _check_compare(content, cmp, where)


def _check_compare(content: Content, cmp: Compare, where: str) -> None:
    if cmp.q in FACTS:
        return
    q = content.question_by_id.get(cmp.q)
    if q is None:
        raise ContentError(f"{where}: unknown question or fact {cmp.q!r}")
    if cmp.op in ("answered", "unanswered"):
        return
    if cmp.value is None:
        raise ContentError(f"{where}: {cmp.q} {cmp.op} needs a value")
    if cmp.op in ("in", "not_in", "has_any", "has_none") and not isinstance(cmp.value, list):
        raise ContentError(f"{where}: {cmp.q} {cmp.op} needs a list value")
    if q.options:
        values = cmp.value if isinstance(cmp.value, list) else [cmp.value]
        for v in values:
            if q.option(v) is None:
                raise ContentError(
                    f"{where}: {cmp.q} has no option {v!r} (options: {[o.id for o in q.options]})"
                )


def load_content(directory: Path = CONTENT_DIR) -> Content:
    """Reads and validates every content file; raises ContentError naming the fault."""
    steps = _parse(StepsFile, directory / "steps.toml")
    reqs = _parse(RequirementsFile, directory / "requirements.toml")
    profile = _parse(ProfileFile, directory / "profile.toml")
    goals = _parse(GoalsFile, directory / "goals.toml")
    risks = _parse(RisksFile, directory / "risks.toml")
    bands = _parse(BandsFile, directory / "bands.toml")
    plan = _parse(PlanFile, directory / "plan.toml")
    vendors = _parse(VendorsFile, directory / "vendors.toml")
    shortlist = _parse(ShortlistRules, directory / "shortlist.toml")
    ui = _parse(UiFile, directory / "ui.toml")
    migrations = _parse(MigrationsFile, directory / "migrations.toml")
    processes = _parse(ProcessesFile, directory / "processes.toml")
    package = _parse(PackageFile, directory / "package.toml")
    for name, extra in (("processes.toml", processes.ui), ("package.toml", package.ui)):
        twice = sorted(set(extra) & (set(ui.ui) | (set(processes.ui) if extra is package.ui
                                                     else set())))
        if twice:
            raise ContentError(f"{name}: ui.{twice[0]}: already defined elsewhere")
    for q in reqs.question:
        if q.category is None:
            raise ContentError(f"requirements.toml: question (id={q.id}).category: missing")
    content = Content(
        steps=sorted(steps.step, key=lambda s: s.number),
        questions=[*steps.question, *reqs.question],
        categories=reqs.category,
        industries=profile.industry,
        departments=profile.department,
        owner_roles=profile.owner_role,
        kpis=goals.kpi,
        conflicts=goals.conflict,
        risks=risks.risk,
        bands=bands.band,
        advice_min_completeness=bands.advice_min_completeness,
        top_risks=bands.top_risks,
        plan=plan,
        vendors=vendors.vendor,
        shortlist=shortlist,
        migrations=migrations.answer,
        ui={**ui.ui, **processes.ui, **package.ui},
        roles=processes.role,
        templates=processes.template,
        moscow=package.moscow,
        flags=package.flag,
        estimate_band=package.estimate.band,
        kinds=package.kinds,
    )
    _check(content)
    return content


@functools.cache
def get_content() -> Content:
    """The content of this installation, loaded once per process."""
    return load_content()
