"""Inspections: the plan's concrete prohibitions applied to one vehicle, one shop, one delivery company.

An inspection is a :class:`~hongshan_policy.decisions.Decision` whose
``eligible`` reads "compliant" and whose amount is always 0: each violation is
a failed :class:`~hongshan_policy.decisions.Reason` citing its task's clause,
each check that passed a held one, and a shortfall the text still gives time
to put right a :class:`~hongshan_policy.decisions.Note`.

Two kinds of rule (docs/interpretations.md):

* prohibitions and mandatory measures the text states flatly (「全面禁止」「严禁」
  「强制」, illegal modification) apply from the notice date 2024-06-17;
* measures the text gives a completion date (task 3 codes 「2024年底前」, task 12
  transition 「2024年12月底前」, task 14 「2024年8月底前完成」, task 17 records
  「2024年8月底前完成」) are a warning up to that date and a violation after it.

The plan covers 2024-06-17 to 2025-12-31 (三、工作步骤); an inspection dated
outside is checked by the same rules with a warning saying so (the 5-year
battery rule of task 19, for one, is a fact of the battery's age: a battery
produced on 2019-06-01 needs its assessment from 2024-06-02 whatever the plan's
dates).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Self, TypeVar

from pydantic import Field, model_validator

from ..citations import implements
from ..comparisons import holds
from ..dates import check_date, months_after, zh_date
from ..decisions import Decision, Note, Reason
from ..errors import InvalidInputError
from ..inputs import Code, Count, Day, Flag, Quantity, Text, Years
from ..money import ZERO
from ..parameters import PolicyModel
from ._parameters import DEFAULTS, EbikeParameters

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


class SafetyAssessment(PolicyModel):
    """安全性评估 a battery's safety assessment (task 19)."""

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
            raise ValueError("评估日期早于生产日期 / the safety assessment is dated before the battery was produced")
        return self


class Charger(PolicyModel):
    """充电器 the charger presented with the vehicle."""

    on_board: Flag = Field(description="车载充电器 the charger is built into the vehicle")
    identification_code: Code | None = Field(
        default=None,
        description="充电器识别代码标识 identification code on the charger; None: none found",
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
    """电动自行车及蓄电池、充电器销售企业 a dealer as an inspector finds it (task 17)."""

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

    @model_validator(mode="after")
    def _gps_within_fleet(self) -> Self:
        if self.vehicles_with_gps > self.delivery_vehicles:
            raise ValueError("安装GPS的车辆数多于配送车辆数 / more vehicles with GPS than delivery vehicles")
        return self


# --------------------------------------------------------------------------- helpers


def _check_inspected_on(inspected_on: object, params: EbikeParameters) -> tuple[date, list[Note]]:
    """The inspection day, and a warning when it falls outside the period the plan covers."""
    inspected_on = check_date(inspected_on, "inspected_on")
    first, last = params.notice_date, params.acceptance_end
    if holds(inspected_on, "起", first) and holds(inspected_on, "底前", last):
        return inspected_on, []
    return inspected_on, [
        Note(
            "ebike:3",
            f"检查日期{zh_date(inspected_on)}不在本方案整治期间({zh_date(first)}至{zh_date(last)})内;"
            "各项禁止性规定按同一标准核对,请确认当时适用的规定",
            f"inspection date {inspected_on.isoformat()} is outside the plan's period ({first.isoformat()} to "
            f"{last.isoformat()}); the same rules were applied: check which rules applied on that day",
        )
    ]


def _graced(clause: str, inspected_on: date, by: date, zh: str, en: str, *, phrase: str) -> tuple[Reason, Note | None]:
    """A shortfall of a measure due 「``phrase``」: a warning up to ``by``, a violation after."""
    if holds(inspected_on, "底前", by):
        return (
            Reason(
                clause,
                True,
                f"{zh};尚在「{phrase}」期限({zh_date(by)})内,暂不构成违规",
                f"{en}; still within the time allowed ({by.isoformat()}): not yet a violation",
            ),
            Note(
                clause,
                f"{zh},须于{zh_date(by)}前完成,逾期即构成违规",
                f"{en}: to be put right by {by.isoformat()}, a violation after that day",
            ),
        )
    return (
        Reason(
            clause,
            False,
            f"{zh},已超过「{phrase}」期限({zh_date(by)})",
            f"{en}, past the time allowed ({by.isoformat()})",
        ),
        None,
    )


_M = TypeVar("_M", bound=PolicyModel)


def _model(model: type[_M], value: _M | Mapping[str, Any]) -> _M:
    return value if isinstance(value, model) else model.model_validate(value)


# --------------------------------------------------------------------------- vehicle rules, in text order


@implements("ebike:2.1.1")
def _lithium_checks(battery: Battery, inspected_on: date) -> tuple[list[Reason], list[Note]]:
    """Task 1: no lithium battery past its safe service life, no second-life lithium battery.

    「重点检查电动自行车超安全期限使用锂电池,使用梯次利用锂电池等行为」
    """
    clause = "ebike:2.1.1"
    if battery.chemistry is not BatteryChemistry.LITHIUM_ION:
        return [
            Reason(
                clause,
                True,
                f"蓄电池为{battery.chemistry.value},锂电池安全期限、梯次利用检查不适用",
                f"the battery is not lithium-ion ({battery.chemistry.value}): the lithium checks do not apply",
            )
        ], []
    reasons: list[Reason] = []
    notes: list[Note] = []
    if battery.safe_service_life_years is None:
        notes.append(
            Note(
                clause,
                "锂电池安全使用期限未记录(本方案未规定年限),未核对是否超安全期限使用",
                "the lithium battery's safe service life is not recorded (the plan sets none): not checked",
            )
        )
    else:
        years = battery.safe_service_life_years
        ends = months_after(battery.produced_on, 12 * years)
        past = holds(inspected_on, "超过", ends)
        reasons.append(
            Reason(
                clause,
                not past,
                f"锂电池生产于{zh_date(battery.produced_on)},安全使用期限{years}年至{zh_date(ends)},"
                f"检查日{'已超过' if past else '未超过'}安全期限" + (",属超安全期限使用" if past else ""),
                f"lithium battery produced {battery.produced_on.isoformat()}, safe life of {years} years ends "
                f"{ends.isoformat()}: {'used past' if past else 'within'} its safe service life",
            )
        )
    reasons.append(
        Reason(
            clause,
            not battery.second_life,
            "使用梯次利用锂电池" if battery.second_life else "非梯次利用锂电池",
            "a second-life lithium battery is in use" if battery.second_life else "not a second-life lithium battery",
        )
    )
    return reasons, notes


@implements("ebike:2.1.1")
def _charger_check(charger: Charger) -> Reason:
    """Task 1: 「全面禁止车载充电器」."""
    return Reason(
        "ebike:2.1.1",
        not charger.on_board,
        "装有车载充电器,属全面禁止之列" if charger.on_board else "未装车载充电器",
        "a charger is built into the vehicle (banned outright)" if charger.on_board else "no built-in charger",
    )


@implements("ebike:2.1.3")
def _code_checks(vehicle: Vehicle, inspected_on: date, params: EbikeParameters) -> tuple[list[Reason], list[Note]]:
    """Task 3: 「一车一池一充一码」 codes on frame, battery and charger.

    「推行"一车一池一充一码",在电动自行车车架、蓄电池、充电器等明显位置设置永久性耐高温识别代码标识,
    2024年底前取得阶段性进展并持续推进」
    """
    clause = "ebike:2.1.3"
    parts = (
        ("车架", "frame", vehicle.identification_code),
        ("蓄电池", "battery", vehicle.battery.identification_code),
        ("充电器", "charger", vehicle.charger.identification_code),
    )
    missing = [(zh, en) for zh, en, code in parts if code is None]
    if not missing:
        return [
            Reason(clause, True, "车架、蓄电池、充电器均有识别代码标识", "frame, battery and charger all carry codes")
        ], []
    reasons: list[Reason] = []
    notes: list[Note] = []
    for zh, en in missing:
        reason, note = _graced(
            clause,
            inspected_on,
            params.identification_code_grace_until,
            f"{zh}未设置「一车一池一充一码」识别代码标识",
            f"no identification code on the {en}",
            phrase="2024年底前取得阶段性进展",
        )
        reasons.append(reason)
        if note is not None:
            notes.append(note)
    return reasons, notes


@implements("ebike:2.3.10")
def _modification_checks(vehicle: Vehicle) -> list[Reason]:
    """Task 10: every illegal modification is a violation.

    「依法从严整治擅自改装原厂电气配件、拆改限速、解码提速、外设蓄电池托架、改造蓄电池槽盒、更换大容量蓄电池等违法违规行为」
    """
    clause = "ebike:2.3.10"
    found = [m for m in Modification if m in vehicle.modifications]
    if not found:
        return [Reason(clause, True, "未发现非法改装", "no illegal modification found")]
    return [Reason(clause, False, f"非法改装:{m.value}", f"illegal modification: {_MODIFICATION_EN[m]}") for m in found]


@implements("ebike:2.3.12")
def _standard_check(vehicle: Vehicle, inspected_on: date, params: EbikeParameters) -> tuple[Reason, Note | None]:
    """Task 12: a non-standard vehicle may be used only during the transition period.

    「对目前在用但不符合国家标准的电动自行车,由区政府合理设定过渡期,在过渡期结束后,实施登记注销,2024年12月底前完成。」
    """
    clause = "ebike:2.3.12"
    if vehicle.meets_national_standard:
        return Reason(clause, True, "符合国家标准", "meets the national standard"), None
    return _graced(
        clause,
        inspected_on,
        params.non_standard_transition_end,
        "不符合国家标准的在用电动自行车(过渡期结束后实施登记注销)",
        "a vehicle in use that does not meet the national standard (registration cancelled after the transition)",
        phrase="2024年12月底前完成",
    )


@implements("ebike:2.5.19")
def assessment_required_from(produced_on: date, *, params: EbikeParameters = DEFAULTS) -> date:
    """The first day a battery is 「超过生产日期5年」 and must have been assessed.

    Five years from production end on ``months_after(produced_on, 60)``
    (《民法典》第二百零一条); 「超过」 excludes that day, so the answer is the day
    after: a battery produced on 2019-06-01 needs assessment from 2024-06-02.
    """
    return months_after(produced_on, 12 * params.battery_assessment_years) + timedelta(days=1)


@implements("ebike:2.5.19")
def _assessment_checks(battery: Battery, inspected_on: date, params: EbikeParameters) -> list[Reason]:
    """Task 19: a battery more than 5 years past production must be assessed, and scrapped if it fails.

    「对超过生产日期5年的蓄电池开展全面强制安全性评估,对达到报废条件的一律强制报废」

    More than 5 years: the inspection day is after ``months_after(produced_on, 60)``
    (production 2019-06-01: assessment needed from 2024-06-02). Only an
    assessment made once the battery was past 5 years counts.
    """
    clause = "ebike:2.5.19"
    years = params.battery_assessment_years
    five_years = months_after(battery.produced_on, 12 * years)
    assessment = battery.safety_assessment
    reasons: list[Reason] = []
    if not holds(inspected_on, "超过", five_years):
        reasons.append(
            Reason(
                clause,
                True,
                f"蓄电池生产于{zh_date(battery.produced_on)},至检查日未超过生产日期{years}年"
                f"(满{years}年之日为{zh_date(five_years)}),无需强制安全性评估",
                f"battery produced {battery.produced_on.isoformat()}: not more than {years} years old "
                f"(that is reached on {five_years.isoformat()}), no mandatory assessment yet",
            )
        )
    elif assessment is None or not holds(assessment.assessed_on, "超过", five_years):
        when_zh = "" if assessment is None else f"(仅有{zh_date(assessment.assessed_on)}的评估,早于满{years}年之日)"
        when_en = "" if assessment is None else f" (the only one, {assessment.assessed_on.isoformat()}, predates it)"
        reasons.append(
            Reason(
                clause,
                False,
                f"蓄电池生产于{zh_date(battery.produced_on)},已超过生产日期{years}年,未开展强制安全性评估{when_zh}",
                f"battery produced {battery.produced_on.isoformat()} is more than {years} years old and has no "
                f"safety assessment made after {five_years.isoformat()}{when_en}",
            )
        )
    else:
        reasons.append(
            Reason(
                clause,
                True,
                f"蓄电池已超过生产日期{years}年,已于{zh_date(assessment.assessed_on)}开展安全性评估",
                f"battery more than {years} years old, assessed on {assessment.assessed_on.isoformat()}",
            )
        )
    if assessment is not None and assessment.scrap_conditions_met:
        reasons.append(
            Reason(
                clause,
                False,
                f"{zh_date(assessment.assessed_on)}评估认定达到报废条件,应一律强制报废,仍在使用",
                f"assessed on {assessment.assessed_on.isoformat()} as fit only for scrap, yet still in use",
            )
        )
    return reasons


@implements("ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19")
def inspect_vehicle(
    vehicle: Vehicle | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters = DEFAULTS
) -> Decision:
    """Inspect one e-bike with its battery and charger against the plan's prohibitions.

    Tasks 1 (lithium battery past its safe life, second-life lithium battery,
    「全面禁止车载充电器」), 3 (「一车一池一充一码」 codes), 10 (illegal
    modifications), 12 (national standard after the transition period) and 19
    (battery more than 5 years past production: 「全面强制安全性评估」, scrap
    when it fails), in text order.

    Returns a decision: ``eligible`` reads "compliant", amount 0, one failed
    reason per violation, and a warning when the day is outside 2024-06-17 to
    2025-12-31. Raises ``InvalidInputError`` for a record dated after the
    inspection.
    """
    v = _model(Vehicle, vehicle)
    day, outside = _check_inspected_on(inspected_on, params)
    battery = v.battery
    for field, value in (
        ("battery.produced_on", battery.produced_on),
        (
            "battery.safety_assessment.assessed_on",
            None if battery.safety_assessment is None else battery.safety_assessment.assessed_on,
        ),
    ):
        if value is not None and value > day:
            raise InvalidInputError(
                f"{field} 晚于检查日期",
                f"{field} is after the inspection date",
                field=field,
                expected=f"<= {day}",
                got=value,
            )
    reasons: list[Reason] = []
    notes: list[Note] = list(outside)
    lithium, lithium_notes = _lithium_checks(battery, day)
    reasons += [*lithium, _charger_check(v.charger)]
    notes += lithium_notes
    codes, code_notes = _code_checks(v, day, params)
    reasons += codes
    notes += code_notes
    reasons += _modification_checks(v)
    standard, standard_note = _standard_check(v, day, params)
    reasons.append(standard)
    notes += [standard_note] if standard_note else []
    reasons += _assessment_checks(battery, day, params)
    return Decision.decide(
        "ebike.inspect_vehicle", "电动自行车安全检查", "e-bike safety inspection", reasons, ZERO, notes
    )


# --------------------------------------------------------------------------- dealer


@implements("ebike:2.3.11", "ebike:2.4.16", "ebike:2.4.17")
def inspect_dealer(
    shop: Shop | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters = DEFAULTS
) -> Decision:
    """Inspect a dealer of e-bikes, batteries and chargers.

    Task 17 「督促电动自行车及蓄电池、充电器销售企业建立并执行进货检查验收制度,严格核查产品合格证明、
    强制性产品认证等信息,严禁电动自行车整车与蓄电池拆分销售,2024年8月底前完成。」; uncertified
    products: task 16 「依法处罚未经强制性产品认证出厂、销售、进口等违法行为」 for a shop, task 11
    「严禁销售未依法经强制性产品认证的电动自行车、蓄电池和充电器等产品」 for online sales.

    Returns a decision (``eligible`` reads "compliant", amount 0). Missing
    incoming-inspection records are a warning up to 2024-08-31, a violation
    after; separate sale and uncertified products are violations from the notice date.
    """
    s = _model(Shop, shop)
    day, outside = _check_inspected_on(inspected_on, params)
    reasons: list[Reason] = []
    notes: list[Note] = list(outside)
    if s.incoming_inspection_records:
        reasons.append(
            Reason("ebike:2.4.17", True, "建立并执行进货检查验收制度,有验收记录", "keeps incoming-inspection records")
        )
    else:
        reason, note = _graced(
            "ebike:2.4.17",
            day,
            params.dealer_records_by,
            "未建立并执行进货检查验收制度(无验收记录)",
            "no records of checking incoming goods",
            phrase="2024年8月底前完成",
        )
        reasons.append(reason)
        notes += [note] if note else []
    separate = s.sells_bike_and_battery_separately
    reasons.append(
        Reason(
            "ebike:2.4.17",
            not separate,
            "电动自行车整车与蓄电池拆分销售(严禁)" if separate else "未拆分销售整车与蓄电池",
            "sells the vehicle and its battery separately (prohibited)"
            if separate
            else "does not sell vehicle and battery separately",
        )
    )
    clause = "ebike:2.3.11" if s.channel is SalesChannel.ONLINE else "ebike:2.4.16"
    uncertified = [p for p in Product if p in s.uncertified_products]
    if not uncertified:
        reasons.append(
            Reason(clause, True, "未发现销售未经强制性产品认证的产品", "no product on sale without CCC certification")
        )
    reasons += [
        Reason(
            clause,
            False,
            f"{s.channel.value}销售未依法经强制性产品认证的{p.value}",
            f"sells {_PRODUCT_EN[p]} without the CCC certification the law requires ({s.channel.value})",
        )
        for p in uncertified
    ]
    return Decision.decide(
        "ebike.inspect_dealer", "电动自行车销售企业检查", "e-bike dealer inspection", reasons, ZERO, notes
    )


# --------------------------------------------------------------------------- delivery fleet


@implements("ebike:2.3.14")
def inspect_delivery_fleet(
    fleet: DeliveryFleet | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters = DEFAULTS
) -> Decision:
    """Inspect a delivery company's e-bike fleet.

    Task 14 「对使用电动自行车配送的,安装GPS定位系统,后台集中管理,按照最高速度25公里/小时、守法行驶可完成
    配送任务的标准设定配送时限、路线…发现改装车辆的落实责令恢复原状、禁止使用、限制接单等措施,2024年8月底前完成。」

    Returns a decision (``eligible`` reads "compliant", amount 0). Every
    shortfall is a warning up to 2024-08-31 and a violation after it.
    """
    f = _model(DeliveryFleet, fleet)
    day, outside = _check_inspected_on(inspected_on, params)
    clause = "ebike:2.3.14"
    by = params.delivery_measures_by
    phrase = "2024年8月底前完成"
    reasons: list[Reason] = []
    notes: list[Note] = list(outside)

    def shortfall(zh: str, en: str) -> None:
        reason, note = _graced(clause, day, by, zh, en, phrase=phrase)
        reasons.append(reason)
        if note is not None:
            notes.append(note)

    missing_gps = f.delivery_vehicles - f.vehicles_with_gps
    if missing_gps == 0:
        reasons.append(
            Reason(clause, True, f"{f.delivery_vehicles}辆配送车辆均安装GPS定位系统", "every delivery vehicle has GPS")
        )
    else:
        shortfall(
            f"{f.delivery_vehicles}辆配送车辆中{missing_gps}辆未安装GPS定位系统",
            f"{missing_gps} of {f.delivery_vehicles} delivery vehicles have no GPS",
        )
    top = params.delivery_top_speed_kmh
    basis = f.speed_basis_kmh
    if basis is None:
        shortfall(
            f"未按最高速度{top}公里/小时的标准设定配送时限、路线",
            f"delivery times and routes are not set for a top speed of {top} km/h",
        )
    elif holds(basis, "不超过", top):
        reasons.append(
            Reason(
                clause,
                True,
                f"配送时限按最高速度{basis}公里/小时设定,不超过{top}公里/小时",
                f"delivery times assume {basis} km/h, not more than {top} km/h",
            )
        )
    else:
        shortfall(
            f"配送时限按{basis}公里/小时设定,超过最高速度{top}公里/小时",
            f"delivery times assume {basis} km/h, above the top speed of {top} km/h",
        )
    untreated = [m for m in f.modified_vehicles if not m.measures]
    if not f.modified_vehicles:
        reasons.append(Reason(clause, True, "自查未发现改装车辆", "the self-check found no modified vehicle"))
    elif not untreated:
        reasons.append(
            Reason(
                clause,
                True,
                f"发现的{len(f.modified_vehicles)}辆改装车辆均已落实责令恢复原状、禁止使用、限制接单等措施",
                f"all {len(f.modified_vehicles)} modified vehicles found have been dealt with",
            )
        )
    for m in untreated:
        shortfall(
            f"改装车辆{m.vehicle_id}未落实责令恢复原状、禁止使用、限制接单等措施",
            f"modified vehicle {m.vehicle_id} has not been restored, banned or restricted",
        )
    return Decision.decide(
        "ebike.inspect_delivery_fleet",
        "即时配送企业电动自行车安全检查",
        "delivery company e-bike inspection",
        reasons,
        ZERO,
        notes,
    )
