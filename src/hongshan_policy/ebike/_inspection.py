"""Inspections: the plan's prohibitions applied to one vehicle, one dealer or repair shop, one delivery company.

Each inspection returns an :class:`~hongshan_policy.ebike.Inspection` whose
findings are violations, follow-ups or information (``_findings.py``). A
finding is a violation only where the text binds the inspected party; where the
text gives a department a task (task 3 「推行"一车一池一充一码"」, task 12
「由区政府合理设定过渡期」, task 19 「开展全面强制安全性评估」) the fact is a
follow-up for that department, and becomes a violation only from a date the
user supplies (:class:`EbikeParameters` ``code_required_from``,
``nonstandard_transition_ends``; a battery's assessment that found it
「达到报废条件」).

Prohibitions the text states flatly (「全面禁止」「严禁」, the modifications task
10 calls 违法违规行为) are violations on any day. Obligations of a business the
text dates 「2024年8月底前完成」 (tasks 14 and 17) are follow-ups for the
department up to that day and violations after it. Before the notice date
(2024-06-17) no department has a duty under the plan yet: what would be a
follow-up is information. An inspection dated outside 2024-06-17 to 2025-12-31
is checked by the same rules, with information saying so. Readings:
docs/interpretations.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Self, TypeVar

from pydantic import Field, model_validator

from ..citations import implements
from ..comparisons import holds
from ..dates import check_date, months_after, zh_date
from ..decisions import provenance
from ..errors import InvalidInputError
from ..inputs import Code, Count, Day, Flag, Quantity, Text, Years
from ..parameters import PolicyModel
from ._findings import Finding, FindingKind, Inspection, follow_up, information, violation
from ._parameters import DEFAULTS, DOCUMENT, EbikeParameters, in_force
from ._tasks import task

__all__ = [
    "Battery",
    "BatteryChemistry",
    "Charger",
    "DeliveryFleet",
    "FleetMeasure",
    "Modification",
    "ModifiedVehicle",
    "Product",
    "SafetyAssessment",
    "SalesChannel",
    "Shop",
    "Vehicle",
    "assessment_required_from",
    "inspect_dealer",
    "inspect_delivery_fleet",
    "inspect_vehicle",
    "modification_key",
]


# --------------------------------------------------------------------------- types


class BatteryChemistry(StrEnum):
    """蓄电池类型 the battery's chemistry."""

    LITHIUM_ION = "锂离子蓄电池"
    LEAD_ACID = "铅酸蓄电池"
    OTHER = "其他"


class Modification(StrEnum):
    """非法改装 the illegal modifications task 10 lists, in its order."""

    ELECTRICAL_PARTS = "擅自改装原厂电气配件"
    SPEED_LIMIT_REMOVED = "拆改限速"
    SPEED_UNLOCKED = "解码提速"
    EXTERNAL_BATTERY_RACK = "外设蓄电池托架"
    BATTERY_BOX_ALTERED = "改造蓄电池槽盒"
    LARGER_BATTERY = "更换大容量蓄电池"


_MODIFICATION_EN: dict[Modification, str] = {
    Modification.ELECTRICAL_PARTS: "unauthorised alteration of original electrical parts",
    Modification.SPEED_LIMIT_REMOVED: "speed limiter removed or altered",
    Modification.SPEED_UNLOCKED: "speed unlocked by re-coding",
    Modification.EXTERNAL_BATTERY_RACK: "external battery rack fitted",
    Modification.BATTERY_BOX_ALTERED: "battery compartment altered",
    Modification.LARGER_BATTERY: "higher-capacity battery fitted",
}


_MODIFICATION_KEY: dict[Modification, str] = {
    Modification.ELECTRICAL_PARTS: "alter-electrical-parts",
    Modification.SPEED_LIMIT_REMOVED: "tamper-speed-limit",
    Modification.SPEED_UNLOCKED: "unlock-speed",
    Modification.EXTERNAL_BATTERY_RACK: "external-battery-rack",
    Modification.BATTERY_BOX_ALTERED: "alter-battery-box",
    Modification.LARGER_BATTERY: "larger-battery",
}


def modification_key(modification: Modification) -> str:
    """The finding key of a modification found on a vehicle: ``ebike:task10/tamper-speed-limit`` for 拆改限速."""
    return f"ebike:task10/{_MODIFICATION_KEY[modification]}"


class SafetyAssessment(PolicyModel):
    """安全性评估 a battery's safety assessment (task 19).

    An assessment with ``scrap_conditions_met`` is the date the battery was found
    「达到报废条件」: from ``assessed_on`` on it must not be used (「一律强制报废」).
    """

    assessed_on: Day = Field(description="评估日期 date of the assessment")
    scrap_conditions_met: Flag = Field(description="达到报废条件 the assessment found the battery fit only for scrap")


class Battery(PolicyModel):
    """蓄电池 the battery fitted to the vehicle."""

    chemistry: BatteryChemistry = Field(description="蓄电池类型 chemistry")
    produced_on: Day = Field(description="生产日期 date of production")
    identification_code: Code | None = Field(
        default=None,
        description="蓄电池识别代码标识 identification code on the battery; None: none found",
    )
    safe_service_life_years: Years | None = Field(
        default=None,
        ge=1,
        description="安全使用期限 (年) safe service life in years as stated for this battery (label, manufacturer); "
        "None: not known. The plan gives no number.",
    )
    second_life: Flag = Field(default=False, description="梯次利用 a second-life (repurposed) battery")
    safety_assessment: SafetyAssessment | None = Field(
        default=None, description="安全性评估 the latest safety assessment; None: never assessed"
    )

    @model_validator(mode="after")
    def _assessed_after_production(self) -> Self:
        if self.safety_assessment is not None and self.safety_assessment.assessed_on < self.produced_on:
            raise ValueError(
                "safety_assessment: 评估日期早于生产日期 / the safety assessment predates the battery's production"
            )
        return self


class Charger(PolicyModel):
    """充电器 the charger presented with the vehicle."""

    on_board: Flag = Field(description="车载充电器 the charger is built into the vehicle")
    identification_code: Code | None = Field(
        default=None,
        description="充电器识别代码标识 identification code on the charger; None: none found",
    )
    meets_standard: Flag | None = Field(
        default=None,
        description="符合《电动自行车用充电器安全技术要求》 the charger meets the national safety requirements; "
        "None: not recorded",
    )


class Vehicle(PolicyModel):
    """电动自行车 one e-bike as an inspector records it, with its battery and charger."""

    frame_number: Code = Field(description="车架号 frame number")
    identification_code: Code | None = Field(
        default=None, description="车架识别代码标识 identification code on the frame; None: none found"
    )
    meets_national_standard: Flag = Field(
        description="符合国家标准 meets the national standard for e-bikes (《电动自行车安全技术规范》)"
    )
    modifications: frozenset[Modification] = Field(
        default=frozenset(), description="非法改装 illegal modifications found (task 10)"
    )
    battery: Battery
    charger: Charger


class SalesChannel(StrEnum):
    """销售渠道 where the dealer sells."""

    SHOP = "实体门店"
    ONLINE = "电商平台"


class Product(StrEnum):
    """产品 the products 4号 names for certification."""

    EBIKE = "电动自行车"
    BATTERY = "蓄电池"
    CHARGER = "充电器"


_PRODUCT_EN = {Product.EBIKE: "e-bikes", Product.BATTERY: "batteries", Product.CHARGER: "chargers"}


class Shop(PolicyModel):
    """电动自行车销售企业、维修店铺 a dealer or repair shop as an inspector finds it (tasks 1, 10, 16, 17)."""

    name: Text = Field(description="企业名称 name of the dealer")
    channel: SalesChannel = Field(default=SalesChannel.SHOP, description="销售渠道 sales channel")
    incoming_inspection_records: Flag = Field(
        description="建立并执行进货检查验收制度 keeps records of checking incoming goods (certificates, CCC)"
    )
    sells_bike_and_battery_separately: Flag = Field(
        description="电动自行车整车与蓄电池拆分销售 sells the vehicle and its battery separately"
    )
    uncertified_products: frozenset[Product] = Field(
        default=frozenset(),
        description="销售未依法经强制性产品认证的产品 products on sale without the CCC certification the law requires",
    )
    nonconforming_products: frozenset[Product] = Field(
        default=frozenset(),
        description="销售不符合《电动自行车安全技术规范》《电动自行车用充电器安全技术要求》等规范的产品 "
        "products on sale that do not meet the national technical standards (task 1; task 17 「销售不符合法规标准的」)",
    )
    modifications_offered: frozenset[Modification] = Field(
        default=frozenset(),
        description="经营网点和维修店铺从事的非法改装 illegal modifications the outlet or shop carries out (task 10)",
    )
    counterfeit_or_shoddy: Flag = Field(
        default=False,
        description="销售假冒伪劣产品 sells products found counterfeit or shoddy (as found by testing; task 18)",
    )
    reassembles_batteries: Flag = Field(
        default=False,
        description="二次组装加工蓄电池 re-assembles or re-processes batteries (task 10)",
    )


class FleetMeasure(StrEnum):
    """对改装车辆落实的措施 what task 14 asks a delivery company to do with a modified vehicle."""

    RESTORE = "责令恢复原状"
    BAN = "禁止使用"
    RESTRICT_ORDERS = "限制接单"


class ModifiedVehicle(PolicyModel):
    """改装车辆 a modified vehicle a delivery company found, and what it did about it."""

    vehicle_id: Code = Field(description="车辆编号或号牌 vehicle id or plate")
    measures: frozenset[FleetMeasure] = Field(default=frozenset(), description="已落实的措施 measures taken")


class DeliveryFleet(PolicyModel):
    """即时配送企业 a delivery company's e-bike fleet (task 14)."""

    name: Text = Field(description="企业名称 name of the company")
    delivery_vehicles: Count = Field(description="使用电动自行车配送的车辆数 e-bikes used for delivery")
    vehicles_with_gps: Count = Field(description="安装GPS定位系统的车辆数 of which fitted with GPS")
    speed_basis_kmh: Quantity | None = Field(
        default=None,
        gt=0,
        description="设定配送时限、路线所依据的最高速度 (公里/小时) the top speed delivery times and routes assume; "
        "None: not set",
    )
    modified_vehicles: tuple[ModifiedVehicle, ...] = Field(
        default=(), description="发现的改装车辆 modified vehicles found in the self-check"
    )
    self_check_carried_out: Flag | None = Field(
        default=None,
        description="对车辆改装情况开展自查自改 the company checked its vehicles for modifications; None: not recorded",
    )

    @model_validator(mode="after")
    def _gps_within_fleet(self) -> Self:
        if self.vehicles_with_gps > self.delivery_vehicles:
            raise ValueError(
                "vehicles_with_gps: 安装GPS的车辆数多于配送车辆数 / more vehicles with GPS than delivery vehicles"
            )
        return self


# --------------------------------------------------------------------------- helpers


def outside_period(inspected_on: object, params: EbikeParameters) -> tuple[date, list[Finding]]:
    """The inspection day, and information when it falls outside the period the plan covers."""
    inspected_on = check_date(inspected_on, "inspected_on")
    first, last = params.notice_date, params.acceptance_end
    if holds(inspected_on, "起", first) and holds(inspected_on, "底前", last):
        return inspected_on, []
    return inspected_on, [
        information(
            "ebike:plan/outside-period",
            "ebike:3",
            f"检查日期{zh_date(inspected_on)}不在本方案整治期间({zh_date(first)}至{zh_date(last)})内;"
            "各项禁止性规定按同一标准核对,请确认当时适用的规定",
            f"inspection date {inspected_on.isoformat()} is outside the plan's period ({first.isoformat()} to "
            f"{last.isoformat()}); the same rules were applied: check which rules applied on that day",
        )
    ]


def for_department(
    day: date, params: EbikeParameters, key: str, number: int, zh: str, en: str, *, milestone: date | None = None
) -> Finding:
    """A follow-up for task ``number``'s lead departments; information before the plan was issued."""
    if holds(day, "起", params.notice_date):
        return follow_up(key, number, zh, en, milestone=milestone)
    return information(
        key,
        f"ebike:2.{_group(number)}.{number}",
        f"{zh}(检查日在本方案印发({zh_date(params.notice_date)})前,部门尚无本方案下的职责)",
        f"{en} (the inspection predates the plan ({params.notice_date.isoformat()}): no department duty under it yet)",
    )


def _group(number: int) -> int:
    return task(number).group


def dated_duty(
    day: date,
    params: EbikeParameters,
    by: date,
    key: str,
    number: int,
    zh: str,
    en: str,
    *,
    phrase: str,
) -> Finding:
    """A business's shortfall of a measure dated 「``phrase``」: a follow-up up to ``by``, a violation after."""
    if holds(day, "底前", by):
        return for_department(
            day,
            params,
            key,
            number,
            f"{zh};尚在「{phrase}」期限({zh_date(by)})内,由牵头部门督促落实,暂不构成违规",
            f"{en}; still within the time the text allows ({by.isoformat()}): for the department to follow up, "
            "not yet a violation",
            milestone=by,
        )
    return violation(
        key,
        f"ebike:2.{_group(number)}.{number}",
        f"{zh},已超过「{phrase}」期限({zh_date(by)})",
        f"{en}, past the time the text allows ({by.isoformat()})",
    )


_M = TypeVar("_M", bound=PolicyModel)


def as_model(model: type[_M], value: _M | Mapping[str, Any]) -> _M:
    """``value`` if it is already a ``model``, else validated into one."""
    return value if isinstance(value, model) else model.model_validate(value)


def _not_after(day: date, fields: Iterable[tuple[str, date | None]]) -> None:
    for name, value in fields:
        if value is not None and value > day:
            raise InvalidInputError(
                f"{name} 晚于检查日期",
                f"{name} is after the inspection date",
                field=name,
                expected=f"<= {day}",
                got=value,
            )


# --------------------------------------------------------------------------- vehicle rules, in text order


@implements("ebike:2.1.1")
def _lithium_checks(battery: Battery, inspected_on: date) -> list[Finding]:
    """Task 1: no lithium battery past its safe service life, no second-life lithium battery.

    「重点检查电动自行车超安全期限使用锂电池,使用梯次利用锂电池等行为」: the behaviours the text
    names for enforcement are violations of the user.
    """
    clause = "ebike:2.1.1"
    if battery.chemistry is not BatteryChemistry.LITHIUM_ION:
        return [
            information(
                "ebike:task1/not-lithium",
                clause,
                f"蓄电池为{battery.chemistry.value},锂电池安全期限、梯次利用检查不适用",
                f"the battery is not lithium-ion ({battery.chemistry.value}): the lithium checks do not apply",
            )
        ]
    found: list[Finding] = []
    if battery.safe_service_life_years is None:
        found.append(
            information(
                "ebike:task1/safe-life-not-recorded",
                clause,
                "锂电池安全使用期限未记录(本方案未规定年限),未核对是否超安全期限使用",
                "the lithium battery's safe service life is not recorded (the plan sets none): not checked",
            )
        )
    else:
        years = battery.safe_service_life_years
        ends = months_after(battery.produced_on, 12 * years)
        zh = f"锂电池生产于{zh_date(battery.produced_on)},安全使用期限{years}年至{zh_date(ends)}"
        en = (
            f"lithium battery produced {battery.produced_on.isoformat()}, "
            f"safe life of {years} years ends {ends.isoformat()}"
        )
        if holds(inspected_on, "超过", ends):
            found.append(
                violation("ebike:task1/lithium-past-safe-life", clause, f"{zh},属超安全期限使用", f"{en}: used past it")
            )
        else:
            found.append(
                information("ebike:task1/lithium-within-safe-life", clause, f"{zh},未超过", f"{en}: within it")
            )
    if battery.second_life:
        found.append(
            violation(
                "ebike:task1/second-life-lithium",
                clause,
                "使用梯次利用锂电池",
                "a second-life lithium battery is in use",
            )
        )
    return found


@implements("ebike:2.1.1")
def _charger_checks(charger: Charger) -> list[Finding]:
    """Task 1: 「全面禁止车载充电器」; 「禁止不符合《电动自行车用充电器安全技术要求》…的相关产品进入…使用领域」."""
    clause = "ebike:2.1.1"
    found = [
        violation(
            "ebike:task1/on-board-charger",
            clause,
            "装有车载充电器,属「全面禁止车载充电器」之列",
            "a charger is built into the vehicle (banned outright)",
        )
        if charger.on_board
        else information("ebike:task1/charger-off-board", clause, "未装车载充电器", "no built-in charger")
    ]
    if charger.meets_standard is None:
        found.append(
            information(
                "ebike:task1/charger-standard-not-recorded",
                clause,
                "充电器是否符合《电动自行车用充电器安全技术要求》未记录,未核对",
                "whether the charger meets the national safety requirements is not recorded: not checked",
            )
        )
    elif not charger.meets_standard:
        found.append(
            violation(
                "ebike:task1/nonconforming-charger",
                clause,
                "使用不符合《电动自行车用充电器安全技术要求》的充电器,属禁止进入使用领域之列",
                "a charger that does not meet the national safety requirements is in use",
            )
        )
    return found


@implements("ebike:2.1.3")
def _code_checks(vehicle: Vehicle, day: date, params: EbikeParameters) -> list[Finding]:
    """Task 3: 「一车一池一充一码」 codes on frame, battery and charger.

    「推行"一车一池一充一码",在电动自行车车架、蓄电池、充电器等明显位置设置永久性耐高温识别代码标识,
    2024年底前取得阶段性进展并持续推进。(区工信局牵头负责,区市场监管局配合)」

    A programme of 区工信局 with a milestone, not a deadline for owners: a
    missing code is a follow-up, and a violation only on or after
    ``params.code_required_from`` when the user gives that date.
    """
    clause = "ebike:2.1.3"
    parts = (
        ("frame", "车架", vehicle.identification_code),
        ("battery", "蓄电池", vehicle.battery.identification_code),
        ("charger", "充电器", vehicle.charger.identification_code),
    )
    missing = [(en, zh) for en, zh, code in parts if code is None]
    if not missing:
        return [
            information(
                "ebike:task3/codes-present",
                clause,
                "车架、蓄电池、充电器均有识别代码标识",
                "frame, battery and charger all carry codes",
            )
        ]
    required = params.code_required_from
    found: list[Finding] = []
    for en, zh in missing:
        key = f"ebike:task3/no-code-{en}"
        what_zh = f"{zh}未设置「一车一池一充一码」识别代码标识"
        what_en = f"no identification code on the {en}"
        if required is not None and holds(day, "起", required):
            found.append(
                violation(
                    key,
                    clause,
                    f"{what_zh};自{zh_date(required)}起设置识别代码为义务(使用者提供的日期)",
                    f"{what_en}; required from {required.isoformat()} (the date the user supplied)",
                )
            )
        else:
            after = "" if required is None else f";{zh_date(required)}起为违规"
            after_en = "" if required is None else f"; a violation from {required.isoformat()}"
            found.append(
                for_department(
                    day,
                    params,
                    key,
                    3,
                    f"{what_zh}:任务3为「推行」工作,「2024年底前取得阶段性进展」是部门时间节点,不是车主期限{after}",
                    f"{what_en}: task 3 is a programme with a milestone for the department, not a deadline for "
                    f"owners{after_en}",
                )
            )
    return found


@implements("ebike:2.3.10")
def _modification_checks(vehicle: Vehicle) -> list[Finding]:
    """Task 10: every illegal modification found on a vehicle is a violation.

    「依法从严整治擅自改装原厂电气配件、拆改限速、解码提速、外设蓄电池托架、改造蓄电池槽盒、更换大容量蓄电池等违法违规行为」
    """
    clause = "ebike:2.3.10"
    found = [m for m in Modification if m in vehicle.modifications]
    if not found:
        return [information("ebike:task10/no-modification", clause, "未发现非法改装", "no illegal modification found")]
    return [
        violation(modification_key(m), clause, f"非法改装:{m.value}", f"illegal modification: {_MODIFICATION_EN[m]}")
        for m in found
    ]


@implements("ebike:2.3.12")
def _standard_check(vehicle: Vehicle, day: date, params: EbikeParameters) -> Finding:
    """Task 12: a non-standard vehicle is a violation only after the transition period the district sets.

    「对目前在用但不符合国家标准的电动自行车,由区政府合理设定过渡期,在过渡期结束后,实施登记注销,2024年12月底前完成。」

    The plan sets no transition end; 「2024年12月底前完成」 dates 区公安分局's
    task. Until the user gives ``params.nonstandard_transition_ends`` (the last
    day of the period the district announced), and on that day, it is a
    follow-up; from the day after, a violation.
    """
    clause = "ebike:2.3.12"
    key = "ebike:task12/nonstandard-vehicle"
    if vehicle.meets_national_standard:
        return information("ebike:task12/meets-standard", clause, "符合国家标准", "meets the national standard")
    ends = params.nonstandard_transition_ends
    zh = "不符合国家标准的在用电动自行车"
    en = "a vehicle in use that does not meet the national standard"
    if ends is not None and holds(day, "超过", ends):
        return violation(
            key,
            clause,
            f"{zh},区政府设定的过渡期已于{zh_date(ends)}结束",
            f"{en}; the transition period the district set ended on {ends.isoformat()}",
        )
    period_zh = "区政府尚未设定过渡期(未提供)" if ends is None else f"尚在区政府设定的过渡期内(至{zh_date(ends)})"
    period_en = (
        "no transition end supplied" if ends is None else f"within the transition period (to {ends.isoformat()})"
    )
    return for_department(
        day,
        params,
        key,
        12,
        f"{zh}:{period_zh},过渡期结束后实施登记注销",
        f"{en}: {period_en}; registration is cancelled after the transition",
    )


@implements("ebike:2.5.19")
def assessment_required_from(produced_on: date, *, params: EbikeParameters = DEFAULTS) -> date:
    """The first day a battery is 「超过生产日期5年」 and falls under the mandatory assessment.

    Five years from production end on ``months_after(produced_on, 60)``
    (《民法典》第二百零一条); 「超过」 excludes that day, so the answer is the day
    after: a battery produced on 2019-06-01 is due for assessment from
    2024-06-02. The assessment is the administration's duty, not the owner's.
    """
    return months_after(produced_on, 12 * params.battery_assessment_years) + timedelta(days=1)


@implements("ebike:2.5.19")
def _assessment_checks(battery: Battery, day: date, params: EbikeParameters) -> list[Finding]:
    """Task 19: batteries more than 5 years past production are for the administration to assess.

    「对超过生产日期5年的蓄电池开展全面强制安全性评估,对达到报废条件的一律强制报废,2025年5月底前取得阶段性成效并持续推进。
    (区工信局、生态环境分局牵头负责…)」

    An old battery without an assessment made once it was past 5 years is a
    follow-up for 区工信局 and 区生态环境分局: the text forbids nothing to the
    owner. A battery an assessment found 「达到报废条件」 is a violation from
    the day of that assessment (「一律强制报废」).
    """
    clause = "ebike:2.5.19"
    years = params.battery_assessment_years
    five_years = months_after(battery.produced_on, 12 * years)
    assessment = battery.safety_assessment
    found: list[Finding] = []
    if assessment is not None and assessment.scrap_conditions_met:
        found.append(
            violation(
                "ebike:task19/scrap-battery-in-use",
                clause,
                f"{zh_date(assessment.assessed_on)}评估认定达到报废条件,应「一律强制报废」,仍在使用",
                f"assessed on {assessment.assessed_on.isoformat()} as fit only for scrap, yet still in use",
            )
        )
    if not holds(day, "超过", five_years):
        found.append(
            information(
                "ebike:task19/under-five-years",
                clause,
                f"蓄电池生产于{zh_date(battery.produced_on)},至检查日未超过生产日期{years}年"
                f"(满{years}年之日为{zh_date(five_years)}),不在全面强制安全性评估之列",
                f"battery produced {battery.produced_on.isoformat()}: not more than {years} years old "
                f"(reached on {five_years.isoformat()}), not yet due for the mandatory assessment",
            )
        )
    elif assessment is not None and assessment.scrap_conditions_met:
        pass  # already found fit only for scrap: nothing left to assess
    elif assessment is None or not holds(assessment.assessed_on, "超过", five_years):
        when_zh = "" if assessment is None else f"(仅有{zh_date(assessment.assessed_on)}的评估,早于满{years}年之日)"
        when_en = "" if assessment is None else f" (the only one, {assessment.assessed_on.isoformat()}, predates it)"
        found.append(
            for_department(
                day,
                params,
                "ebike:task19/old-battery-unassessed",
                19,
                f"蓄电池生产于{zh_date(battery.produced_on)},已超过生产日期{years}年,尚未开展强制安全性评估{when_zh};"
                "评估是部门职责,未评估不构成车主违规",
                f"battery produced {battery.produced_on.isoformat()} is more than {years} years old with no safety "
                f"assessment made after {five_years.isoformat()}{when_en}; assessing it is the administration's "
                "duty, not a violation by the owner",
            )
        )
    elif not assessment.scrap_conditions_met:
        found.append(
            information(
                "ebike:task19/assessed",
                clause,
                f"蓄电池已超过生产日期{years}年,已于{zh_date(assessment.assessed_on)}开展安全性评估,未达到报废条件",
                f"battery more than {years} years old, assessed on {assessment.assessed_on.isoformat()}: not for scrap",
            )
        )
    return found


@implements("ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19")
def inspect_vehicle(
    vehicle: Vehicle | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect one e-bike with its battery and charger.

    Tasks 1 (lithium battery past its safe life, second-life lithium battery,
    「全面禁止车载充电器」: violations), 3 (「一车一池一充一码」 codes: a follow-up,
    a violation from ``params.code_required_from``), 10 (illegal
    modifications: violations), 12 (national standard: a follow-up, a violation
    after ``params.nonstandard_transition_ends``) and 19 (a battery more than 5
    years old and unassessed: a follow-up; one an assessment found
    「达到报废条件」: a violation), in text order.

    Returns an :class:`Inspection`. Raises ``InvalidInputError`` for a record
    dated after the inspection.
    """
    v = as_model(Vehicle, vehicle)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    battery = v.battery
    _not_after(
        day,
        (
            ("battery.produced_on", battery.produced_on),
            (
                "battery.safety_assessment.assessed_on",
                None if battery.safety_assessment is None else battery.safety_assessment.assessed_on,
            ),
        ),
    )
    found += _lithium_checks(battery, day)
    found += _charger_checks(v.charger)
    found += _code_checks(v, day, params)
    found += _modification_checks(v)
    found.append(_standard_check(v, day, params))
    found += _assessment_checks(battery, day, params)
    return Inspection(
        "ebike.inspect_vehicle",
        "电动自行车安全检查",
        "e-bike safety inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )


# --------------------------------------------------------------------------- dealer and repair shop

_PRODUCT_KEY = {Product.EBIKE: "ebike", Product.BATTERY: "battery", Product.CHARGER: "charger"}


@implements("ebike:2.1.1", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18")
def inspect_dealer(
    shop: Shop | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect a dealer, sales outlet or repair shop of e-bikes, batteries and chargers.

    * task 1 「禁止不符合《电动自行车用充电器安全技术要求》《电动自行车安全技术规范》等规范的相关产品进入销售
      及使用领域」: a non-conforming product on sale, a violation;
    * task 10 「对经营网点和维修店铺开展经常性检查,依法从严整治擅自改装…等违法违规行为;严厉打击违规回收、
      二次组装加工蓄电池的黑作坊」: each modification the shop carries out, and battery re-assembly, a violation;
    * task 16 「依法处罚未经强制性产品认证出厂、销售、进口等违法行为」 (a shop) or task 11
      「严禁销售未依法经强制性产品认证的电动自行车、蓄电池和充电器等产品」 (online):
      each uncertified product, a violation;
    * task 17 「督促…销售企业建立并执行进货检查验收制度…严禁电动自行车整车与蓄电池拆分销售,2024年8月底前完成。」:
      separate sale, a violation; no incoming-inspection records, a follow-up for 区市场监管局 up to 2024-08-31
      and a violation after;
    * task 18 「对生产、销售假冒伪劣产品行为保持高压严打态势」: counterfeit or shoddy products on sale, a violation.
    """
    s = as_model(Shop, shop)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    for p in Product:
        if p in s.nonconforming_products:
            found.append(
                violation(
                    f"ebike:task1/nonconforming-sale-{_PRODUCT_KEY[p]}",
                    "ebike:2.1.1",
                    f"销售不符合《电动自行车安全技术规范》《电动自行车用充电器安全技术要求》等规范的{p.value}",
                    f"sells {_PRODUCT_EN[p]} that do not meet the national technical standards",
                )
            )
    for m in Modification:
        if m in s.modifications_offered:
            found.append(
                violation(
                    f"ebike:task10/shop-{_MODIFICATION_KEY[m]}",
                    "ebike:2.3.10",
                    f"经营网点或维修店铺从事非法改装:{m.value}",
                    f"the outlet or repair shop carries out an illegal modification: {_MODIFICATION_EN[m]}",
                )
            )
    if s.reassembles_batteries:
        found.append(
            violation(
                "ebike:task10/battery-reassembly",
                "ebike:2.3.10",
                "二次组装加工蓄电池",
                "re-assembles or re-processes batteries",
            )
        )
    online = s.channel is SalesChannel.ONLINE
    clause, number = ("ebike:2.3.11", 11) if online else ("ebike:2.4.16", 16)
    uncertified = [p for p in Product if p in s.uncertified_products]
    found += [
        violation(
            f"ebike:task{number}/uncertified-sale-{_PRODUCT_KEY[p]}",
            clause,
            f"{s.channel.value}销售未依法经强制性产品认证的{p.value}",
            f"sells {_PRODUCT_EN[p]} without the CCC certification the law requires ({s.channel.value})",
        )
        for p in uncertified
    ]
    if s.counterfeit_or_shoddy:
        found.append(
            violation(
                "ebike:task18/counterfeit-sale",
                "ebike:2.4.18",
                "销售假冒伪劣产品",
                "sells counterfeit or shoddy products",
            )
        )
    if s.incoming_inspection_records:
        found.append(
            information(
                "ebike:task17/incoming-inspection-kept",
                "ebike:2.4.17",
                "建立并执行进货检查验收制度,有验收记录",
                "keeps incoming-inspection records",
            )
        )
    else:
        found.append(
            dated_duty(
                day,
                params,
                params.dealer_records_by,
                "ebike:task17/no-incoming-inspection",
                17,
                "未建立并执行进货检查验收制度(无验收记录)",
                "no records of checking incoming goods",
                phrase="2024年8月底前完成",
            )
        )
    if s.sells_bike_and_battery_separately:
        found.append(
            violation(
                "ebike:task17/split-sale",
                "ebike:2.4.17",
                "电动自行车整车与蓄电池拆分销售(严禁)",
                "sells the vehicle and its battery separately (prohibited)",
            )
        )
    if not any(f.kind is FindingKind.VIOLATION for f in found):
        found.append(
            information(
                "ebike:dealer/no-violation",
                "ebike:2.4.17",
                "未发现违规销售、改装行为",
                "no prohibited sale or modification found",
            )
        )
    return Inspection(
        "ebike.inspect_dealer",
        "电动自行车销售企业、维修店铺检查",
        "e-bike dealer and repair shop inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )


# --------------------------------------------------------------------------- delivery fleet


@implements("ebike:2.3.14")
def inspect_delivery_fleet(
    fleet: DeliveryFleet | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect a delivery company's e-bike fleet.

    Task 14 「对使用电动自行车配送的,安装GPS定位系统,后台集中管理,按照最高速度25公里/小时、守法行驶可完成
    配送任务的标准设定配送时限、路线…发现改装车辆的落实责令恢复原状、禁止使用、限制接单等措施,2024年8月底前完成。」

    「督促企业对车辆改装情况开展自查自改」 too. Every shortfall is a follow-up
    for 区市场监管局 up to 2024-08-31 and the company's violation after it.
    """
    f = as_model(DeliveryFleet, fleet)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    clause = "ebike:2.3.14"
    by = params.delivery_measures_by
    phrase = "2024年8月底前完成"

    def shortfall(key: str, zh: str, en: str) -> None:
        found.append(dated_duty(day, params, by, f"ebike:task14/{key}", 14, zh, en, phrase=phrase))

    missing_gps = f.delivery_vehicles - f.vehicles_with_gps
    if missing_gps == 0:
        found.append(
            information(
                "ebike:task14/gps-fitted",
                clause,
                f"{f.delivery_vehicles}辆配送车辆均安装GPS定位系统",
                "every delivery vehicle has GPS",
            )
        )
    else:
        shortfall(
            "no-gps",
            f"{f.delivery_vehicles}辆配送车辆中{missing_gps}辆未安装GPS定位系统",
            f"{missing_gps} of {f.delivery_vehicles} delivery vehicles have no GPS",
        )
    top = params.delivery_top_speed_kmh
    basis = f.speed_basis_kmh
    shown = None if basis is None else f"{basis.normalize():f}"  # 25, 25.0 and 25.00 read the same
    if basis is None:
        shortfall(
            "speed-basis-not-set",
            f"未按最高速度{top}公里/小时的标准设定配送时限、路线",
            f"delivery times and routes are not set for a top speed of {top} km/h",
        )
    elif holds(basis, "最高", top):
        found.append(
            information(
                "ebike:task14/speed-basis-ok",
                clause,
                f"配送时限按最高速度{shown}公里/小时设定,不超过{top}公里/小时",
                f"delivery times assume {shown} km/h, not more than {top} km/h",
            )
        )
    else:
        shortfall(
            "speed-basis-above-limit",
            f"配送时限按{shown}公里/小时设定,超过最高速度{top}公里/小时",
            f"delivery times assume {shown} km/h, above the top speed of {top} km/h",
        )
    if f.self_check_carried_out is None:
        found.append(
            information(
                "ebike:task14/self-check-not-recorded",
                clause,
                "是否对车辆改装情况开展自查自改未记录",
                "whether the company checked its vehicles for modifications is not recorded",
            )
        )
    elif not f.self_check_carried_out:
        shortfall(
            "no-self-check",
            "未对车辆改装情况开展自查自改",
            "the company has not checked its vehicles for modifications",
        )
    untreated = [m for m in f.modified_vehicles if not m.measures]
    if not f.modified_vehicles:
        found.append(
            information(
                "ebike:task14/no-modified-vehicle",
                clause,
                "自查未发现改装车辆",
                "the self-check found no modified vehicle",
            )
        )
    elif not untreated:
        found.append(
            information(
                "ebike:task14/modified-vehicles-treated",
                clause,
                f"发现的{len(f.modified_vehicles)}辆改装车辆均已落实责令恢复原状、禁止使用、限制接单等措施",
                f"all {len(f.modified_vehicles)} modified vehicles found have been dealt with",
            )
        )
    for m in untreated:
        shortfall(
            "modified-vehicle-untreated",
            f"改装车辆{m.vehicle_id}未落实责令恢复原状、禁止使用、限制接单等措施",
            f"modified vehicle {m.vehicle_id} has not been restored, banned or restricted",
        )
    return Inspection(
        "ebike.inspect_delivery_fleet",
        "即时配送企业电动自行车安全检查",
        "delivery company e-bike inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )
