"""The versioned JSON of every result: one shape per kind of result, declared once here.

Every JSON object this library emits at the top level (a decision, an
assessment, the answer of a query) carries ``schema_version``, a semantic
version of the shapes below:

- a field **added** (a new key, a new allowed value) raises the **minor** version
  (``1.0.0`` -> ``1.1.0``): a client that ignores unknown keys keeps working;
- a field **changed or removed** (renamed, retyped, its meaning changed) raises
  the **major** version (``1.x`` -> ``2.0.0``);
- a fix to a description or a schema that changes no valid document raises the patch.

Amounts are strings of yuan with two decimals (``"50000.00"``), ratios strings
(``"0.006"``), dates ISO 8601 (``"2024-08-31"``); every reason and warning
names its clause id. The pydantic models below are the shapes (their JSON
Schemas are published under ``hongshan_policy/schemas/``); the functions below
them build the plain ``dict`` of each result, fast, and the tests check that
every ``dict`` they build validates against its model.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

if TYPE_CHECKING:  # pragma: no cover
    from .decisions import Decision, Note, Reason, Repayment

__all__ = ["SCHEMA_VERSION", "conditions_dict", "decision_dict", "note_dict", "reason_dict", "repayment_dict"]

_FEN = Decimal("0.01")

SCHEMA_VERSION = "3.0.0"
"""The version of the JSON shapes: a field added raises the minor version, a field changed or removed the major."""

Yuan = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", description="元, two decimals, as a string (exact)")]
Share = Annotated[str, Field(pattern=r"^\d+(\.\d+)?$", description="a ratio as a string (0.4 is 40%)")]
Version = Annotated[
    str,
    Field(
        pattern=r"^\d+\.\d+\.\d+$",
        description="JSON 结构版本 version of this JSON shape (semantic: field added → minor, changed/removed → major)",
    ),
]


class Shape(BaseModel):
    """Base of the output shapes: unknown keys are an error (so the tests catch a shape drifting)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ReasonJSON(Shape):
    """One condition checked: its clause, whether it held, what was found (Chinese, English)."""

    key: str = Field(
        default="",
        description="条件标识 the condition's stable key, unique within its decision, e.g. "
        "used-car:3.2/revenue-above-minimum (added in 2.1.0)",
    )
    clause: str = Field(description="条款 clause id, e.g. used-car:3.2")
    held: bool = Field(description="是否满足 whether the condition held")
    zh: str = Field(description="说明(中文) what was found, in Chinese")
    en: str = Field(description="说明(英文) what was found, in English")


class NoteJSON(Shape):
    """A warning for a reviewer: does not change the outcome."""

    clause: str = Field(description="条款 clause id")
    zh: str = Field(description="提示(中文) the warning, in Chinese")
    en: str = Field(description="提示(英文) the warning, in English")


class ScheduleRefJSON(Shape):
    """One user-supplied holiday schedule: its name and digest."""

    name: str = Field(description="放假安排 the schedule's name (its year and source)")
    digest: str = Field(description="sha256:<hex> of the schedule's canonical JSON")


class CalendarDataJSON(Shape):
    """The calendar data behind a working-day figure."""

    chinese_calendar: str = Field(description="the version of the chinese-calendar package")
    schedules: list[ScheduleRefJSON] = Field(description="user-supplied schedules, by year")


class ProvenanceJSON(Shape):
    """What produced a decision, so that it can be made again exactly."""

    library: str = Field(description="hongshan_policy 的版本 library version")
    document: str = Field(description="文件 document id, e.g. used-car")
    parameters: str = Field(description="参数集摘要 sha256:<hex> of the parameter set used")
    source: str = Field(description="文本摘要 sha256:<hex> of the document's text as held")
    calendar: CalendarDataJSON | None = Field(
        default=None, description="工作日数据 the calendar data of any working-day figure (null: none)"
    )


class DecisionJSON(Shape):
    """The outcome of one rule for one applicant."""

    schema_version: Version
    rule: str = Field(description="规则 the function that decided, e.g. used_car.scale_reward")
    title_zh: str = Field(description="标题(中文)")
    title_en: str = Field(description="title in English")
    eligible: bool = Field(description="是否符合 true exactly when every reason held")
    amount: Yuan = Field(description="金额(元) whole fen; 0.00 when not eligible")
    reasons: list[ReasonJSON] = Field(description="逐项条件 every condition checked, in order")
    warnings: list[NoteJSON] = Field(description="提示 warnings that do not change the outcome")
    provenance: ProvenanceJSON | None = Field(
        default=None, description="来源 what produced the decision (null: a decision built by hand); since 2.2.0"
    )


class RepaymentJSON(Shape):
    """What a recipient must pay back (87号 第六条、第七条; 79号 第三条(二)2、第四条(五)); since 3.0.0.

    Until 2.x the repayments were written as a :class:`DecisionJSON` whose ``eligible`` meant "repayment due";
    3.0.0 writes them in this shape, with ``due``.
    """

    schema_version: Version
    rule: str = Field(description="规则 the function that decided, e.g. used_car.relocation_repayment")
    title_zh: str = Field(description="标题(中文)")
    title_en: str = Field(description="title in English")
    due: bool = Field(description="应返还 true exactly when every reason held: the repayment obligation arises")
    amount: Yuan = Field(description="应返还金额(元) what is repaid, whole fen; 0.00 when not due")
    reasons: list[ReasonJSON] = Field(description="逐项条件 every condition checked, in order")
    warnings: list[NoteJSON] = Field(description="提示 warnings that do not change the outcome")
    provenance: ProvenanceJSON | None = Field(
        default=None, description="来源 what produced the result (null: built by hand)"
    )


class ConditionsJSON(Shape):
    """A check of conditions only (no amount): whether every condition held, with each one."""

    rule: str = Field(description="规则 the function that checked, e.g. headquarters.rent_eligibility")
    title_zh: str = Field(description="标题(中文)")
    title_en: str = Field(description="title in English")
    met: bool = Field(description="条件均满足 true exactly when every reason held")
    reasons: list[ReasonJSON] = Field(description="逐项条件 every condition checked, in order")
    warnings: list[NoteJSON] = Field(description="提示 warnings that do not change the outcome")
    provenance: ProvenanceJSON | None = Field(
        default=None, description="来源 what produced the check (null: built by hand); since 2.2.0"
    )


class FindingMilestoneJSON(Shape):
    """The milestone of the task a follow-up falls under, as the text writes it."""

    day: date = Field(description="时间节点 the milestone's day")
    text: str = Field(description="原文 the phrase as written, e.g. 2024年底前取得阶段性进展并持续推进")


class FindingJSON(Shape):
    """One finding of an e-bike inspection (赤红政办发〔2024〕4号)."""

    kind: Literal["违规", "待部门跟进", "信息"] = Field(
        description="类别 violation (违规), follow-up for a department (待部门跟进) or information (信息)"
    )
    key: str = Field(description="稳定键 stable key, e.g. ebike:task10/tamper-speed-limit")
    clause: str = Field(description="条款 the clause id of the task")
    zh: str = Field(description="发现(中文)")
    en: str = Field(description="the finding, in English")
    departments: list[str] = Field(description="牵头部门 the task's lead departments (follow-ups; else empty)")
    task: int | None = Field(description="任务编号 the task number (follow-ups; else null)")
    milestone: FindingMilestoneJSON | None = Field(description="时间节点 the task's milestone (follow-ups; else null)")


class InspectionJSON(Shape):
    """The outcome of one e-bike inspection: every finding, in the order of the text."""

    schema_version: Version
    rule: str = Field(description="规则 the function that inspected, e.g. ebike.inspect_vehicle")
    title_zh: str = Field(description="标题(中文)")
    title_en: str = Field(description="title in English")
    inspected_on: date = Field(description="检查日期 the day of the inspection")
    compliant: bool = Field(description="是否合规 true exactly when no finding is a violation")
    findings: list[FindingJSON] = Field(description="发现 every finding, in order")
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class UsedCarAssessmentJSON(Shape):
    """Both rewards of one used-car application (赤红政字〔2024〕87号) and their total."""

    schema_version: Version
    policy: Literal["used-car"]
    dealer: str = Field(description="企业名称 the dealer's name")
    scale: DecisionJSON | None = Field(description="规模化经营奖励 第三条(一); null when not applied for")
    growth: DecisionJSON | None = Field(description="做大做强奖励 第三条(二); null when not applied for")
    total: Yuan = Field(description="合计 the sum of both rewards")


class TrancheJSON(Shape):
    """One of the four payments of the land subsidy."""

    clause: str
    milestone: str = Field(description="项目节点 the milestone that releases it")
    share: Share
    amount: Yuan


class TranchePaymentJSON(TrancheJSON):
    """A tranche and whether it may be paid yet."""

    reached_on: date | None = Field(description="节点达到日期 the day the milestone was reached, if given")
    payable: bool = Field(description="是否可拨付 whether it may be paid now")
    zh: str
    en: str


class LandPayableJSON(Shape):
    """What of a land subsidy may be paid so far."""

    total: Yuan = Field(description="奖补资金总额度 the whole subsidy")
    amount: Yuan = Field(description="已可拨付 the sum of the tranches payable so far")
    payments: list[TranchePaymentJSON]
    warnings: list[NoteJSON]


class LeaseYearRowJSON(Shape):
    """One lease year of the rent subsidy, as listed in an assessment."""

    year: int = Field(description="租赁年 1-5")
    first_day: date
    last_day: date
    days: int
    subsidised_from: date | None = Field(
        description="计补贴起始日 the first day earning the subsidy (later than first_day when the lease started "
        "before it was signed or before 2024-06-12); null: no day does"
    )
    subsidised_days: int = Field(description="计补贴天数 the days earning the subsidy")
    share: Share = Field(description="补贴比例 100% in years 1-3, 50% in years 4-5")
    amount: Yuan


class HQLandAssessmentJSON(Shape):
    """A land-price subsidy application (赤红政字〔2024〕79号 第三条(一)) assessed."""

    schema_version: Version
    policy: Literal["hq-land"]
    enterprise: str = Field(description="企业名称 the enterprise's name")
    total: Yuan = Field(description="土地出让奖补最高额度 the most that may be granted")
    decisions: list[DecisionJSON]
    tranches: list[TrancheJSON] = Field(description="分期拨付 the four tranches")
    payable: LandPayableJSON | None = Field(description="已可拨付 what may be paid so far; null without milestones")


class HQRentAssessmentJSON(Shape):
    """An office-rent subsidy application (赤红政字〔2024〕79号 第三条(二)) assessed."""

    schema_version: Version
    policy: Literal["hq-rent"]
    enterprise: str = Field(description="企业名称 the enterprise's name")
    total: Yuan = Field(description="五年合计 the sum of the five lease years")
    decisions: list[DecisionJSON] = Field(description="one decision per lease year")
    eligibility: ConditionsJSON | None = Field(
        description="资格 the conditions, checked once for the lease: met or not, no amount (the amounts are the "
        "lease years')"
    )
    schedule: list[LeaseYearRowJSON] = Field(description="三免两减半 the five lease years")


AssessmentJSON = Annotated[
    UsedCarAssessmentJSON | HQLandAssessmentJSON | HQRentAssessmentJSON, Field(discriminator="policy")
]
"""What ``hongshan-policy assess --json`` prints for one application."""


_HQAssessment = Annotated[HQLandAssessmentJSON | HQRentAssessmentJSON, Field(discriminator="policy")]


class HQAssessmentJSON(RootModel[_HQAssessment]):
    """A headquarters application assessed: land (``"policy": "hq-land"``) or rent (``"policy": "hq-rent"``)."""

    model_config = ConfigDict(frozen=True)


class AssessOutputJSON(RootModel[AssessmentJSON | list[AssessmentJSON]]):
    """What ``hongshan-policy assess --json`` prints and ``POST /v1/assess`` returns: one assessment or a list."""

    model_config = ConfigDict(frozen=True)


def reason_dict(reason: Reason) -> dict[str, Any]:
    """A reason as JSON (:class:`ReasonJSON`)."""
    return {"key": reason.key, "clause": reason.clause, "held": reason.held, "zh": reason.zh, "en": reason.en}


def note_dict(note: Note) -> dict[str, Any]:
    """A warning as JSON (:class:`NoteJSON`)."""
    return {"clause": note.clause, "zh": note.zh, "en": note.en}


def _outcome_dict(result: Decision | Repayment, state: str, settled: bool, **amount: str) -> dict[str, Any]:
    """What a decision, a conditions check and a repayment write alike, in this order: the rule and its titles,
    ``state`` (eligible, met or due), the ``amount`` if given, the reasons, the warnings and the provenance."""
    return {
        "rule": result.rule,
        "title_zh": result.title_zh,
        "title_en": result.title_en,
        state: settled,
        **amount,
        "reasons": [reason_dict(r) for r in result.reasons],
        "warnings": [note_dict(w) for w in result.warnings],
        "provenance": provenance_dict(result.provenance),
    }


def conditions_dict(decision: Decision) -> dict[str, Any]:
    """A conditions check as JSON (:class:`ConditionsJSON`): the decision without its amount."""
    return _outcome_dict(decision, "met", decision.eligible)


def decision_dict(decision: Decision) -> dict[str, Any]:
    """A decision as JSON (:class:`DecisionJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        **_outcome_dict(decision, "eligible", decision.eligible, amount=_yuan(decision.amount)),
    }


def repayment_dict(repayment: Repayment) -> dict[str, Any]:
    """A repayment as JSON (:class:`RepaymentJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        **_outcome_dict(repayment, "due", repayment.due, amount=_yuan(repayment.amount)),
    }


def provenance_dict(provenance: Any) -> dict[str, Any] | None:
    """A decision's provenance as JSON (:class:`ProvenanceJSON`), or ``None``."""
    if provenance is None:
        return None
    return {
        "library": provenance.library,
        "document": provenance.document,
        "parameters": provenance.parameters,
        "source": provenance.source,
        "calendar": calendar_dict(provenance.calendar),
    }


def calendar_dict(calendar: Any) -> dict[str, Any] | None:
    """Calendar data (``decisions.CalendarData``) as JSON (:class:`CalendarDataJSON`), or ``None``."""
    if calendar is None:
        return None
    return {
        "chinese_calendar": calendar.chinese_calendar,
        "schedules": [{"name": n, "digest": d} for n, d in calendar.schedules],
    }


def used_car_assessment_dict(assessment: Any) -> dict[str, Any]:
    """A used-car assessment as JSON (:class:`UsedCarAssessmentJSON`)."""
    from .used_car import DOCUMENT  # the policy of a used-car application is its document's id

    return {
        "schema_version": SCHEMA_VERSION,
        "policy": DOCUMENT,
        "dealer": assessment.dealer,
        "scale": None if assessment.scale is None else decision_dict(assessment.scale),
        "growth": None if assessment.growth is None else decision_dict(assessment.growth),
        "total": _yuan(assessment.total),
    }


def _yuan(value: Any) -> str:
    """An amount of yuan with exactly two decimals (amounts here have at most two: the quantize is exact)."""
    return str(value.quantize(_FEN))


def tranche_dict(tranche: Any) -> dict[str, Any]:
    """A land-subsidy tranche as JSON (:class:`TrancheJSON`)."""
    return {
        "clause": tranche.clause,
        "milestone": tranche.milestone.value,
        "share": str(tranche.share),
        "amount": _yuan(tranche.amount),
    }


def land_payable_dict(payable: Any) -> dict[str, Any]:
    """What of a land subsidy may be paid so far, as JSON (:class:`LandPayableJSON`)."""
    return {
        "total": _yuan(payable.total),
        "amount": _yuan(payable.amount),
        "payments": [
            {
                **tranche_dict(p.tranche),
                "reached_on": None if p.reached_on is None else p.reached_on.isoformat(),
                "payable": p.payable,
                "zh": p.reason.zh,
                "en": p.reason.en,
            }
            for p in payable.payments
        ],
        "warnings": [note_dict(w) for w in payable.warnings],
    }


def lease_year_dict(entry: Any) -> dict[str, Any]:
    """One lease year as listed in an assessment (:class:`LeaseYearRowJSON`)."""
    return {
        "year": entry.year,
        "first_day": entry.first_day.isoformat(),
        "last_day": entry.last_day.isoformat(),
        "days": entry.days,
        "subsidised_from": None if entry.subsidised_from is None else entry.subsidised_from.isoformat(),
        "subsidised_days": entry.subsidised_days,
        "share": str(entry.share),
        "amount": _yuan(entry.decision.amount),
    }


def hq_assessment_dict(assessment: Any) -> dict[str, Any]:
    """A headquarters assessment as JSON (:class:`HQLandAssessmentJSON` or :class:`HQRentAssessmentJSON`)."""
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "policy": assessment.policy,
        "enterprise": assessment.enterprise,
        "total": _yuan(assessment.total),
        "decisions": [decision_dict(d) for d in assessment.decisions],
    }
    if assessment.policy == "hq-land":
        result["tranches"] = [tranche_dict(t) for t in assessment.tranches]
        result["payable"] = None if assessment.payable is None else land_payable_dict(assessment.payable)
    else:
        result["eligibility"] = None if assessment.eligibility is None else conditions_dict(assessment.eligibility)
        result["schedule"] = [lease_year_dict(e) for e in assessment.schedule]
    return result


# ---- the answers of the other decisions, queries and inspections: {"schema_version": ..., <name>: ...} ----


class ReasonsJSON(Shape):
    """The conditions of a definition, one reason each (e.g. 87号 第二条, 79号 第二条)."""

    schema_version: Version
    reasons: list[ReasonJSON]


class UsedCarProcedureJSON(Shape):
    """The deadlines of 87号 第五条 for one application."""

    schema_version: Version
    notify_refusal_by: date | None = Field(description="书面通知期限 last day to notify a refusal (3 working days)")
    publicity: list[date] | None = Field(description="公示期 first and last day of publicity (7 working days)")
    payable_from: date | None = Field(description="兑现起始日 first day the treasury may pay; null after an objection")
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class HQProcedureJSON(Shape):
    """The deadlines of 79号 第四条 for one application."""

    schema_version: Version
    notify_refusal_by: date | None = Field(description="书面通知期限 last day to notify a refusal (3 working days)")
    publicity: list[date] | None = Field(description="公示期 first and last day of publicity (7 natural days)")
    payable_from: date | None = Field(description="兑现起始日 first day the treasury may pay; null after an objection")
    evaluation_by: date | None = Field(description="绩效评价期限 last day of the performance evaluation")
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class TranchesJSON(Shape):
    """The four tranches of a land subsidy."""

    schema_version: Version
    tranches: list[TrancheJSON]


class LandPayableResultJSON(Shape):
    """What of a land subsidy may be paid so far."""

    schema_version: Version
    payable: LandPayableJSON


class LeaseYearJSON(LeaseYearRowJSON):
    """One lease year of the rent subsidy with its full decision."""

    decision: DecisionJSON


class RentScheduleJSON(Shape):
    """The five lease years of 「三免两减半」."""

    schema_version: Version
    schedule: list[LeaseYearJSON]


class MaterialJSON(Shape):
    """One document an applicant submits, and whether it was filed."""

    key: str = Field(description="材料 stable key, e.g. pledge")
    clause: str = Field(description="条款 the clause that asks for it")
    zh: str
    en: str
    present: bool | None = Field(description="已提交 filed (true), missing (false), not checked (null)")


class MaterialsJSON(Shape):
    """The documents an applicant submits (87号 第四条, 79号 第四条(一)), as a checklist."""

    schema_version: Version
    policy: Literal["used-car", "hq-land", "hq-rent"]
    materials: list[MaterialJSON]
    present: list[str] = Field(description="已提交 the keys filed")
    missing: list[str] = Field(description="缺少 the keys missing")
    complete: bool | None = Field(description="齐全 every document filed (null: not checked)")


class PledgeJSON(Shape):
    """The facts of 87号 附件2's pledge: a reason per fact stated, a warning for those not stated."""

    schema_version: Version
    reasons: list[ReasonJSON]
    warnings: list[NoteJSON]


class EbikeMilestoneJSON(Shape):
    """One dated point of an e-bike task."""

    day: date
    text: str = Field(description="原文 the phrase as written, or the reading for an implied deadline")
    word: str = Field(description="比较词 the comparison word bounding the day (底前: the day included)")
    written: bool = Field(description="false for the end-of-phase deadline given to a task with no date of its own")
    clause: str | None = Field(description="the clause of an implied deadline")


class TaskJSON(Shape):
    """One numbered task of 4号 二、整治重点."""

    number: int = Field(description="任务编号 1-21")
    group: int = Field(description="组 (一)=1 … (六)=6")
    focus: str = Field(description="着力解决…问题")
    title: str
    clause: str
    text: str
    lead: list[str] = Field(description="牵头单位 lead departments")
    support: list[str] = Field(description="配合单位 supporting departments")
    deadlines: list[EbikeMilestoneJSON]
    ongoing: bool = Field(description="并持续推进 the task goes on after its last milestone")
    start: EbikeMilestoneJSON | None = Field(description="a start the text gives (not a deadline)")


class TasksJSON(Shape):
    """Tasks of the e-bike plan."""

    schema_version: Version
    tasks: list[TaskJSON]
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class TaskResultJSON(Shape):
    """One task of the e-bike plan."""

    schema_version: Version
    task: TaskJSON
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class DueJSON(Shape):
    """One milestone of one task, with its departments."""

    task: int
    title: str
    clause: str
    day: date
    text: str
    written: bool
    lead: list[str]
    support: list[str]


class DueListJSON(Shape):
    """Milestones in date order."""

    schema_version: Version
    milestones: list[DueJSON]
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class OverdueItemJSON(Shape):
    """A milestone not marked done whose day has passed, for one department."""

    task: int
    title: str
    clause: str
    day: date
    text: str
    written: bool = Field(
        description="原文写明 false for a task with no date of its own, running to the end of 整治攻坚 "
        "(listed only when include_undated is asked for)"
    )
    role: Literal["lead", "support"] = Field(description="牵头 lead or 配合 support")
    days: int = Field(description="逾期自然日 natural days overdue (1 on the day after)")
    working_days: int | None = Field(description="逾期工作日 working days overdue; null when not counted")


class OverdueDepartmentJSON(Shape):
    """One department's overdue milestones."""

    department: str
    department_en: str
    items: list[OverdueItemJSON]


class OverdueJSON(Shape):
    """What is overdue on a day, by department."""

    schema_version: Version
    as_of: date
    departments: list[OverdueDepartmentJSON]
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class PhaseDataJSON(Shape):
    """One step of 4号 三、工作步骤."""

    number: int
    name: str
    en: str
    start: date
    end: date
    dates_as_written: str
    clause: str


class PhaseJSON(Shape):
    """The phase a day falls in."""

    schema_version: Version
    phase: PhaseDataJSON
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


class DateJSON(Shape):
    """A computed date."""

    schema_version: Version
    date: date
    provenance: ProvenanceJSON | None = Field(
        default=None,
        description="来源 what produced the answer: library, document, parameters in force, text, and the calendar "
        "data of any working-day figure (null: not recorded); since 3.0.0",
    )


def reasons_dict(reasons: Any) -> dict[str, Any]:
    """Reasons as JSON (:class:`ReasonsJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "reasons": [reason_dict(r) for r in reasons]}


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def used_car_procedure_dict(result: Any) -> dict[str, Any]:
    """87号 第五条's deadlines as JSON (:class:`UsedCarProcedureJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "notify_refusal_by": _day(result.notify_refusal_by),
        "publicity": None if result.publicity is None else [d.isoformat() for d in result.publicity],
        "payable_from": _day(result.payable_from),
    }


def hq_procedure_dict(result: Any) -> dict[str, Any]:
    """79号 第四条's deadlines as JSON (:class:`HQProcedureJSON`)."""
    return {**used_car_procedure_dict(result), "evaluation_by": _day(result.evaluation_by)}


def tranches_dict(tranches: Any) -> dict[str, Any]:
    """Tranches as JSON (:class:`TranchesJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "tranches": [tranche_dict(t) for t in tranches]}


def land_payable_result_dict(payable: Any) -> dict[str, Any]:
    """A land payable as JSON (:class:`LandPayableResultJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "payable": land_payable_dict(payable)}


def rent_schedule_dict(schedule: Any) -> dict[str, Any]:
    """A rent schedule as JSON (:class:`RentScheduleJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "schedule": [{**lease_year_dict(e), "decision": decision_dict(e.decision)} for e in schedule],
    }


def materials_dict(checklist: Any) -> dict[str, Any]:
    """Application materials as JSON (:class:`MaterialsJSON`)."""
    data = checklist.to_dict()
    return {
        "schema_version": SCHEMA_VERSION,
        "policy": data["policy"],
        "materials": data["items"],
        "present": data["present"],
        "missing": data["missing"],
        "complete": data["complete"],
    }


def pledge_dict(result: Any) -> dict[str, Any]:
    """The pledge's reasons and warnings as JSON (:class:`PledgeJSON`)."""
    reasons, warnings = result
    return {
        "schema_version": SCHEMA_VERSION,
        "reasons": [reason_dict(r) for r in reasons],
        "warnings": [note_dict(n) for n in warnings],
    }


def _milestone(m: Any) -> dict[str, Any]:
    return {"day": m.day.isoformat(), "text": m.text, "word": m.word, "written": m.written, "clause": m.clause}


def task_dict(task: Any) -> dict[str, Any]:
    """An e-bike task as JSON (:class:`TaskJSON`)."""
    return {
        "number": task.number,
        "group": task.group,
        "focus": task.focus,
        "title": task.title,
        "clause": task.clause,
        "text": task.text,
        "lead": [d.value for d in task.lead],
        "support": [d.value for d in task.support],
        "deadlines": [_milestone(m) for m in task.deadlines],
        "ongoing": task.ongoing,
        "start": None if task.start is None else _milestone(task.start),
    }


def tasks_dict(tasks: Any) -> dict[str, Any]:
    """E-bike tasks as JSON (:class:`TasksJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "tasks": [task_dict(t) for t in tasks]}


def task_result_dict(task: Any) -> dict[str, Any]:
    """One e-bike task as JSON (:class:`TaskResultJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "task": task_dict(task)}


def due_dict(entries: Any) -> dict[str, Any]:
    """Milestones as JSON (:class:`DueListJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "milestones": [
            {
                "task": e.task.number,
                "title": e.task.title,
                "clause": e.clause,
                "day": e.day.isoformat(),
                "text": e.milestone.text,
                "written": e.milestone.written,
                "lead": [d.value for d in e.lead],
                "support": [d.value for d in e.support],
            }
            for e in entries
        ],
    }


def overdue_dict(as_of: date, found: Any) -> dict[str, Any]:
    """Overdue milestones by department as JSON (:class:`OverdueJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "departments": [
            {
                "department": department.value,
                "department_en": department.en,
                "items": [
                    {
                        "task": o.task.number,
                        "title": o.task.title,
                        "clause": o.clause,
                        "day": o.milestone.day.isoformat(),
                        "text": o.milestone.text,
                        "written": o.milestone.written,
                        "role": o.role,
                        "days": o.days,
                        "working_days": o.working_days,
                    }
                    for o in items
                ],
            }
            for department, items in found.items()
        ],
    }


def phase_dict(phase: Any) -> dict[str, Any]:
    """A phase as JSON (:class:`PhaseJSON`)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "phase": {
            "number": phase.number,
            "name": phase.name,
            "en": phase.en,
            "start": phase.start.isoformat(),
            "end": phase.end.isoformat(),
            "dates_as_written": phase.dates_as_written,
            "clause": phase.clause,
        },
    }


def date_dict(day: date) -> dict[str, Any]:
    """A date as JSON (:class:`DateJSON`)."""
    return {"schema_version": SCHEMA_VERSION, "date": day.isoformat()}


# ---- the service's own answers (hongshan-policy serve) ----


class FieldErrorJSON(Shape):
    """One invalid field of a request: where it is, its name in Chinese and English, and what is wrong."""

    field: str = Field(description="字段路径 the field's path, e.g. dealer.credit_code ('' for the whole body)")
    field_zh: str = Field(description="字段名称(中文) the field's name in Chinese, from the model")
    field_en: str = Field(description="the field's name in English")
    zh: str = Field(description="错误(中文) what is wrong, in Chinese")
    en: str = Field(description="what is wrong, in English")


class ProblemJSON(BaseModel):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    type: str = Field(description="a URI naming the kind of problem ('about:blank' for a plain HTTP status)")
    title: str = Field(description="标题 a short summary, Chinese / English")
    status: int = Field(description="the HTTP status code")
    detail: str = Field(description="详情 what happened, Chinese / English")
    errors: list[FieldErrorJSON] = Field(default_factory=list, description="逐项错误 the invalid fields")


class CalendarCoverageJSON(Shape):
    """The years whose official holiday schedule is known."""

    first_year: int
    last_year: int
    chinese_calendar: str = Field(description="the installed chinese-calendar version")


class HealthJSON(Shape):
    """The service is up: its version and calendar coverage."""

    schema_version: Version
    status: Literal["ok"]
    version: str = Field(description="hongshan-policy version")
    calendar: CalendarCoverageJSON
    documents: list[str] = Field(description="the document ids served")


class ClauseJSON(Shape):
    """One clause of a source document."""

    id: str
    document: str
    label: str
    heading: str | None
    text: str
    status: str = Field(description="rule | procedure | informative | out-of-scope")
    functions: list[str] = Field(description="the functions implementing it")


class ClausesJSON(Shape):
    """Clauses of the source documents, in text order."""

    schema_version: Version
    clauses: list[ClauseJSON]


class ParameterJSON(Shape):
    """One parameter: its value (as text), unit, clause and description."""

    name: str
    value: str
    unit: str
    clause: str
    description: str
    reading: str = Field(description="the reading taken where the text is open ('' if none)")


class ParametersJSON(Shape):
    """The parameter set of a document in force on a day."""

    schema_version: Version
    document: str
    number: str
    on: date
    parameters: list[ParameterJSON]


class WorkdaysAddJSON(Shape):
    """The n-th working day after a day (the day itself not counted)."""

    schema_version: Version
    start: date
    days: int
    result: date
    supplied_years: list[int] = Field(description="years whose schedule the request supplied")
    calendar: CalendarDataJSON | None = Field(
        default=None,
        description="工作日数据 the calendar data counted with: chinese-calendar version and every schedule in use "
        "(the request's and the server's), by name and digest; since 3.0.0",
    )
