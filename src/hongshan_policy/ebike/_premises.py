"""Inspecting premises: the 架空层, parking and charging in the building, and the charging price (tasks 5-8).

The sentences of tasks 5 to 8 that bind a building's owner, user or property
company, a charging operator, or the people who park and charge there:

* task 5 「在居民住宅小区增设停放充电设施按照设备管理办理相关手续」;
* task 6 「严禁私自改造民用建筑架空层,用作电动自行车停放充电场所。因场地不足确需使用…的,应按要求进行安全设计,
  并办理相关手续。建设时应与建筑内的通风采光井、公共部位、疏散通道、安全出口进行有效防火分隔,消防设施器材和视频监控
  设备须保持完好有效,实行车辆分组停放,并设置专用充电设施。建筑产权单位、使用单位、居住区物业服务企业负责做好
  架空层安全巡查工作。」;
* task 7 「居民住宅小区充电电价一律按居民电价执行」「充电设施运营管理单位应公示充电和服务价格,
  不得收取任何未经公示的费用」;
* task 8 「依法对"进楼入户"、"飞线充电"、一楼外窗充电等违规停放充电行为开展执法查处」「电动自行车堵塞占用疏散通道、
  安全出口…等违规行为」.

Each fact an inspector records is ``True``/``False``, or ``None`` when not
recorded (information, never a pass).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, Self

from pydantic import Field, model_validator

from ..citations import implements
from ..decisions import provenance
from ..inputs import Flag, Text
from ..parameters import PolicyModel
from ._findings import Finding, Inspection, information, violation
from ._inspection import as_model, outside_period
from ._parameters import DOCUMENT, EbikeParameters, in_force

__all__ = ["ChargingService", "ChargingTariff", "Premises", "Undercroft", "inspect_premises"]


class ChargingTariff(StrEnum):
    """充电电价 the electricity tariff charged for e-bike charging."""

    RESIDENTIAL = "居民电价"
    OTHER = "其他电价"


class Undercroft(PolicyModel):
    """架空层 a civil building's open ground storey used as an e-bike parking or charging place (task 6)."""

    used_for_parking: Flag = Field(description="用作电动自行车停放场所 used to park e-bikes")
    used_for_charging: Flag = Field(description="用作电动自行车充电场所 used to charge e-bikes")
    procedures_completed: Flag | None = Field(
        default=None,
        description="办理相关手续 the procedures for using it were completed; False: converted privately (私自改造); "
        "None: not recorded",
    )
    safety_design: Flag | None = Field(
        default=None, description="按要求进行安全设计 a safety design was made as required; None: not recorded"
    )
    fire_separation: Flag | None = Field(
        default=None,
        description="与通风采光井、公共部位、疏散通道、安全出口有效防火分隔 effective fire separation from light and "
        "ventilation shafts, common areas, evacuation routes and exits; None: not recorded",
    )
    fire_equipment_working: Flag | None = Field(
        default=None, description="消防设施器材完好有效 fire equipment in working order; None: not recorded"
    )
    video_working: Flag | None = Field(
        default=None, description="视频监控设备完好有效 video surveillance in working order; None: not recorded"
    )
    grouped_parking: Flag | None = Field(
        default=None, description="实行车辆分组停放 vehicles parked in groups; None: not recorded"
    )
    dedicated_charging: Flag | None = Field(
        default=None, description="设置专用充电设施 dedicated charging facilities installed; None: not recorded"
    )
    safety_patrols: Flag | None = Field(
        default=None,
        description="架空层安全巡查 the owner, user or property company patrols it; None: not recorded",
    )

    @model_validator(mode="after")
    def _used(self) -> Self:
        if not (self.used_for_parking or self.used_for_charging):
            raise ValueError(
                "架空层未用作停放充电场所时不必记录 / record an undercroft only when it is used for parking or charging"
            )
        return self


class ChargingService(PolicyModel):
    """充电设施 the charging facility operating at the premises (tasks 5 and 7)."""

    tariff: ChargingTariff | None = Field(
        default=None, description="充电电价 the electricity tariff charged; None: not recorded"
    )
    prices_published: Flag | None = Field(
        default=None, description="公示充电和服务价格 charging and service prices published; None: not recorded"
    )
    unpublished_fees_charged: Flag = Field(
        default=False, description="收取未经公示的费用 fees charged that were not published"
    )
    procedures_completed: Flag | None = Field(
        default=None,
        description="增设停放充电设施按照设备管理办理相关手续 procedures completed for a facility added in a "
        "residential compound; None: not recorded or not an added facility",
    )


class Premises(PolicyModel):
    """建筑或居住区 a building or residential compound as an inspector finds it (tasks 5-8)."""

    name: Text = Field(description="名称 name of the building or compound")
    residential: Flag = Field(description="居民住宅小区 a residential compound")
    undercroft: Undercroft | None = Field(
        default=None, description="架空层 its undercroft, when used for e-bike parking or charging; None: not so used"
    )
    charging_service: ChargingService | None = Field(
        default=None, description="充电设施 the charging facility at the premises; None: none"
    )
    parked_or_charged_indoors: Flag = Field(
        default=False, description="进楼入户 e-bikes or their batteries parked or charged inside the building or homes"
    )
    flying_lead_charging: Flag = Field(
        default=False, description="飞线充电 charging from a cable run from a home or a private socket"
    )
    ground_floor_window_charging: Flag = Field(
        default=False, description="一楼外窗充电 charging through a ground-floor window"
    )
    evacuation_blocked: Flag = Field(
        default=False, description="堵塞占用疏散通道、安全出口 e-bikes blocking evacuation routes or safety exits"
    )


_UNDERCROFT_CONDITIONS: tuple[tuple[str, str, str, str], ...] = (
    ("safety_design", "no-safety-design", "按要求进行安全设计", "a safety design made as required"),
    (
        "fire_separation",
        "no-fire-separation",
        "与通风采光井、公共部位、疏散通道、安全出口进行有效防火分隔",
        "effective fire separation from shafts, common areas, evacuation routes and exits",
    ),
    ("fire_equipment_working", "fire-equipment-faulty", "保持消防设施器材完好有效", "fire equipment in working order"),
    ("video_working", "video-faulty", "保持视频监控设备完好有效", "video surveillance in working order"),
    ("grouped_parking", "not-grouped", "实行车辆分组停放", "vehicles parked in groups"),
    ("dedicated_charging", "no-dedicated-charging", "设置专用充电设施", "dedicated charging facilities"),
    ("safety_patrols", "no-patrols", "做好架空层安全巡查", "safety patrols of the undercroft"),
)
"""Task 6's conditions of use: (field, violation key, requirement in Chinese, in English)."""


@implements("ebike:2.2.6")
def _undercroft_checks(undercroft: Undercroft | None) -> list[Finding]:
    """Task 6: no private conversion of an undercroft; where used, every condition the text lists."""
    clause = "ebike:2.2.6"
    if undercroft is None:
        return [
            information(
                "ebike:task6/undercroft-not-used",
                clause,
                "架空层未用作电动自行车停放充电场所",
                "no undercroft used for e-bike parking or charging",
            )
        ]
    found: list[Finding] = []
    if undercroft.procedures_completed is None:
        found.append(
            information(
                "ebike:task6/procedures-not-recorded",
                clause,
                "架空层用作停放充电场所,是否办理相关手续未记录,未核对是否私自改造",
                "undercroft used for parking or charging; whether the procedures were completed is not recorded",
            )
        )
    elif not undercroft.procedures_completed:
        found.append(
            violation(
                "ebike:task6/private-conversion",
                clause,
                "私自改造民用建筑架空层用作电动自行车停放充电场所(未办理相关手续),属严禁之列",
                "undercroft converted privately (without the procedures) into an e-bike parking or charging place",
            )
        )
    for name, key, zh, en in _UNDERCROFT_CONDITIONS:
        value = getattr(undercroft, name)
        if value is None:
            found.append(
                information(
                    f"ebike:task6/not-recorded-{name.replace('_', '-')}",
                    clause,
                    f"架空层停放充电场所是否{zh}未记录,未核对",
                    f"undercroft: {en} not recorded, not checked",
                )
            )
        elif not value:
            found.append(
                violation(f"ebike:task6/{key}", clause, f"架空层停放充电场所未{zh}", f"undercroft without {en}")
            )
    return found


@implements("ebike:2.2.5", "ebike:2.2.7")
def _charging_checks(premises: Premises) -> list[Finding]:
    """Tasks 5 and 7: procedures for an added facility; the residential tariff; published prices, no unpublished fee."""
    service = premises.charging_service
    if service is None:
        return [information("ebike:task7/no-charging-service", "ebike:2.2.7", "无充电设施", "no charging facility")]
    found: list[Finding] = []
    if premises.residential and service.procedures_completed is False:
        found.append(
            violation(
                "ebike:task5/facility-without-procedures",
                "ebike:2.2.5",
                "居民住宅小区增设停放充电设施未按照设备管理办理相关手续",
                "a charging facility added in a residential compound without the procedures equipment requires",
            )
        )
    if not premises.residential:
        found.append(
            information(
                "ebike:task7/not-residential",
                "ebike:2.2.7",
                "非居民住宅小区,「充电电价一律按居民电价执行」不适用",
                "not a residential compound: the residential tariff rule does not apply",
            )
        )
    elif service.tariff is None:
        found.append(
            information(
                "ebike:task7/tariff-not-recorded", "ebike:2.2.7", "充电电价未记录", "the tariff is not recorded"
            )
        )
    elif service.tariff is not ChargingTariff.RESIDENTIAL:
        found.append(
            violation(
                "ebike:task7/non-residential-tariff",
                "ebike:2.2.7",
                f"居民住宅小区充电电价按{service.tariff.value}收取,未「一律按居民电价执行」",
                "charging in a residential compound is not billed at the residential tariff",
            )
        )
    else:
        found.append(
            information("ebike:task7/residential-tariff", "ebike:2.2.7", "充电电价按居民电价执行", "residential tariff")
        )
    if service.prices_published is None:
        found.append(
            information(
                "ebike:task7/prices-not-recorded",
                "ebike:2.2.7",
                "是否公示价格未记录",
                "whether prices are published is not recorded",
            )
        )
    elif not service.prices_published:
        found.append(
            violation(
                "ebike:task7/prices-not-published",
                "ebike:2.2.7",
                "充电设施运营管理单位未公示充电和服务价格",
                "the charging operator does not publish its charging and service prices",
            )
        )
    if service.unpublished_fees_charged:
        found.append(
            violation(
                "ebike:task7/unpublished-fees",
                "ebike:2.2.7",
                "收取未经公示的费用",
                "fees charged that were not published",
            )
        )
    return found


_IN_BUILDING: tuple[tuple[str, str, str, str], ...] = (
    (
        "parked_or_charged_indoors",
        "indoors",
        '"进楼入户"违规停放充电',
        "e-bikes or batteries parked or charged indoors",
    ),
    ("flying_lead_charging", "flying-lead", '"飞线充电"', "charging from a cable run from a home (flying lead)"),
    ("ground_floor_window_charging", "ground-floor-window", "一楼外窗充电", "charging through a ground-floor window"),
    (
        "evacuation_blocked",
        "blocking-exits",
        "电动自行车堵塞占用疏散通道、安全出口",
        "e-bikes blocking evacuation routes or safety exits",
    ),
)


@implements("ebike:2.2.8")
def _in_building_checks(premises: Premises) -> list[Finding]:
    """Task 8: 「"进楼入户"、"飞线充电"、一楼外窗充电等违规停放充电行为」 and blocked evacuation routes and exits."""
    found = [
        violation(f"ebike:task8/{key}", "ebike:2.2.8", f"违规停放充电行为:{zh}", f"unlawful parking or charging: {en}")
        for name, key, zh, en in _IN_BUILDING
        if getattr(premises, name)
    ]
    if not found:
        found.append(
            information(
                "ebike:task8/none-found",
                "ebike:2.2.8",
                "未发现进楼入户、飞线充电、一楼外窗充电、堵塞疏散通道安全出口",
                "no indoor parking or charging, flying lead, window charging or blocked exit found",
            )
        )
    return found


@implements("ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8")
def inspect_premises(
    premises: Premises | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect a building or residential compound: undercroft, parking and charging, the charging price.

    Task 6 (the undercroft: no private conversion; where used, safety design,
    fire separation, fire equipment and video in working order, grouped
    parking, dedicated charging, patrols), task 8 (进楼入户, 飞线充电, 一楼外窗充电,
    blocked evacuation routes and exits), tasks 5 and 7 (procedures for an added
    facility, 「居民住宅小区充电电价一律按居民电价执行」, published prices and no
    unpublished fee), in text order. Every finding is a violation or information:
    these sentences bind the owner, user, property company, operator or the
    people parking, and none waits on a department.
    """
    p = as_model(Premises, premises)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    charging = _charging_checks(p)
    found += [f for f in charging if f.clause == "ebike:2.2.5"]
    found += _undercroft_checks(p.undercroft)
    found += [f for f in charging if f.clause == "ebike:2.2.7"]
    found += _in_building_checks(p)
    return Inspection(
        "ebike.inspect_premises",
        "建筑电动自行车停放充电检查",
        "premises e-bike parking and charging inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )
