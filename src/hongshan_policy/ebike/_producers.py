"""Inspecting a producer or importer (tasks 16, 18) and a rider stopped on the road (task 13).

Task 16 「依法处罚未经强制性产品认证出厂、销售、进口等违法行为…对确认存在缺陷但拒不实施召回的生产者,依法责令召回」,
task 18 「对生产、销售假冒伪劣产品行为保持高压严打态势」: leaving the factory or importing without CCC, refusing a
recall of a confirmed defect and producing counterfeit or shoddy products bind the producer or importer. A
confirmed defect not yet recalled (and not refused) is for 区市场监管局 to act on: 「依法督促生产者实施召回」.

Task 13 「依法查处电动自行车未按规定登记上牌上路行驶、闯红灯、逆行、在机动车道行驶、超速等违法违规行为」: each
binds the rider, under the road traffic law and 《赤峰市电动车管理条例》 the plan cites in task 12.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Self

from pydantic import Field, model_validator

from ..citations import implements
from ..comparisons import holds
from ..decisions import provenance
from ..inputs import Flag, Quantity, Text
from ..parameters import PolicyModel
from ._findings import Finding, Inspection, information, violation
from ._inspection import _PRODUCT_EN, _PRODUCT_KEY, Product, as_model, for_department, outside_period
from ._parameters import DOCUMENT, EbikeParameters, in_force

__all__ = ["Producer", "RoadStop", "inspect_producer", "inspect_road_stop"]


class Producer(PolicyModel):
    """电动自行车、蓄电池、充电器生产企业或进口商 a producer or importer as an inspector finds it (tasks 16, 18)."""

    name: Text = Field(description="企业名称 name of the producer or importer")
    uncertified_shipped: frozenset[Product] = Field(
        default=frozenset(),
        description="未经强制性产品认证出厂的产品 products leaving the factory without the CCC certification required",
    )
    uncertified_imported: frozenset[Product] = Field(
        default=frozenset(),
        description="未经强制性产品认证进口的产品 products imported without the CCC certification required",
    )
    defect_confirmed: Flag = Field(default=False, description="经确认存在缺陷 a defect of its product is confirmed")
    recall_under_way: Flag = Field(default=False, description="已实施召回 the producer is recalling the product")
    recall_refused: Flag = Field(default=False, description="拒不实施召回 the producer refuses to recall")
    counterfeit_or_shoddy: Flag = Field(
        default=False, description="生产假冒伪劣产品 produces counterfeit or shoddy products (as found by testing)"
    )

    @model_validator(mode="after")
    def _recall(self) -> Self:
        if (self.recall_refused or self.recall_under_way) and not self.defect_confirmed:
            raise ValueError("召回以经确认存在缺陷为前提 / a recall presupposes a confirmed defect")
        if self.recall_refused and self.recall_under_way:
            raise ValueError("不能既已召回又拒不召回 / recall_under_way and recall_refused exclude each other")
        return self


@implements("ebike:2.4.16", "ebike:2.4.18")
def inspect_producer(
    producer: Producer | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect a producer or importer of e-bikes, batteries and chargers against tasks 16 and 18.

    Each product leaving the factory or imported without CCC, a refused recall and counterfeit or shoddy
    production are violations; a confirmed defect not yet recalled is a follow-up for 区市场监管局
    (「2024年底前取得阶段性进展并持续推进」).
    """
    p = as_model(Producer, producer)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    checked: list[Finding] = []
    for products, what, zh, en in (
        (p.uncertified_shipped, "leaves-factory", "出厂", "leaving the factory"),
        (p.uncertified_imported, "import", "进口", "imported"),
    ):
        checked += [
            violation(
                f"ebike:task16/uncertified-{what}-{_PRODUCT_KEY[x]}",
                "ebike:2.4.16",
                f"未经强制性产品认证{zh}{x.value}",
                f"{_PRODUCT_EN[x]} {en} without the CCC certification the law requires",
            )
            for x in Product
            if x in products
        ]
    if p.recall_refused:
        checked.append(
            violation(
                "ebike:task16/recall-refused",
                "ebike:2.4.16",
                "经确认存在缺陷但拒不实施召回",
                "refuses to recall a product with a confirmed defect",
            )
        )
    elif p.defect_confirmed and not p.recall_under_way:
        checked.append(
            for_department(
                day,
                params,
                "ebike:task16/defect-recall-pending",
                16,
                "产品经确认存在缺陷,尚未实施召回:由区市场监管局「依法督促生产者实施召回」",
                "a confirmed defect not yet recalled: for 区市场监管局 to have the producer recall it",
                milestone=date(2024, 12, 31),
            )
        )
    if p.counterfeit_or_shoddy:
        checked.append(
            violation(
                "ebike:task18/counterfeit-production",
                "ebike:2.4.18",
                "生产假冒伪劣产品",
                "produces counterfeit or shoddy products",
            )
        )
    if not checked:
        checked.append(
            information(
                "ebike:task16/no-violation",
                "ebike:2.4.16",
                "未发现未经认证出厂、进口,未发现缺陷未召回或假冒伪劣",
                "nothing uncertified, no unrecalled defect, nothing counterfeit found",
            )
        )
    found += checked
    return Inspection(
        "ebike.inspect_producer",
        "生产企业、进口商检查",
        "producer and importer inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )


class RoadStop(PolicyModel):
    """路面检查 an e-bike rider stopped on the road, with what the officer recorded (task 13)."""

    registered: Flag = Field(description="登记上牌 the e-bike is registered and carries its plate")
    ran_red_light: Flag = Field(default=False, description="闯红灯 ran a red light")
    wrong_way: Flag = Field(default=False, description="逆行 rode against the traffic")
    in_motor_lane: Flag = Field(
        default=False,
        description="在机动车道行驶 rode in the motor-vehicle lane where a non-motor lane is provided",
    )
    speed_kmh: Quantity | None = Field(
        default=None, gt=0, description="行驶速度 (公里/小时) measured speed; None: none"
    )
    speed_limit_kmh: Quantity | None = Field(
        default=None, gt=0, description="该路段非机动车限速 (公里/小时) the speed limit there; None: not recorded"
    )


_ROAD: tuple[tuple[str, str, str, str], ...] = (
    ("ran_red_light", "red-light", "闯红灯", "ran a red light"),
    ("wrong_way", "wrong-way", "逆行", "rode against the traffic"),
    ("in_motor_lane", "motor-lane", "在机动车道行驶", "rode in the motor-vehicle lane"),
)


@implements("ebike:2.3.13")
def inspect_road_stop(
    stop: RoadStop | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Check a road stop against task 13's offences: unregistered, red light, wrong way, motor lane, speeding.

    「超速」 is a speed above the limit recorded for the road (「超过」 excludes the limit itself); the plan
    sets no limit of its own, so a speed with no limit recorded is information.
    """
    r = as_model(RoadStop, stop)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    clause = "ebike:2.3.13"
    checked: list[Finding] = []
    if not r.registered:
        checked.append(
            violation(
                "ebike:task13/unregistered",
                clause,
                "电动自行车未按规定登记上牌上路行驶",
                "an unregistered e-bike ridden on the road",
            )
        )
    checked += [violation(f"ebike:task13/{key}", clause, zh, en) for name, key, zh, en in _ROAD if getattr(r, name)]
    if r.speed_kmh is not None:
        if r.speed_limit_kmh is None:
            checked.append(
                information(
                    "ebike:task13/speed-limit-not-recorded",
                    clause,
                    f"测得速度{r.speed_kmh}公里/小时,该路段限速未记录,未核对超速",
                    f"measured {r.speed_kmh} km/h; no speed limit recorded: speeding not checked",
                )
            )
        elif holds(r.speed_kmh, "超过", r.speed_limit_kmh):
            checked.append(
                violation(
                    "ebike:task13/speeding",
                    clause,
                    f"超速:{r.speed_kmh}公里/小时,超过限速{r.speed_limit_kmh}公里/小时",
                    f"speeding: {r.speed_kmh} km/h, above the limit of {r.speed_limit_kmh} km/h",
                )
            )
    if not checked:
        checked.append(information("ebike:task13/no-offence", clause, "未发现违法违规行为", "no offence found"))
    found += checked
    return Inspection(
        "ebike.inspect_road_stop",
        "电动自行车路面检查",
        "e-bike road stop",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )
