"""Inspecting an online listing (task 11 「规范线上经营」).

「严禁发布"解互认协议"、"解限速"、"增容量"等信息,严禁销售未依法经强制性产品认证的电动自行车、蓄电池和充电器等产品;
在电动自行车相关商品销售页面,明示"禁止非法改装"内容。…禁止寄递电动自行车用蓄电池。」

The sentences bind whoever publishes or sells (the shop on the platform, and
the platform that hosts the page); they apply from the notice date. The
platform's own measures (「自动检索技术和屏蔽删除措施」「关键词屏蔽」「配备与用户
数量相匹配的内容审核人员」) set no measurable standard: not checked here
(docs/interpretations.md).
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
from ._inspection import _PRODUCT_EN, _PRODUCT_KEY, Product, as_model, outside_period
from ._parameters import DOCUMENT, EbikeParameters, in_force

__all__ = ["ModificationAdvert", "OnlineListing", "inspect_online_listing"]


class ModificationAdvert(StrEnum):
    """非法改装信息 the modification information task 11 forbids publishing (「等信息」: similar ones too)."""

    UNLOCK_INTEROPERABILITY = "解互认协议"
    UNLOCK_SPEED = "解限速"
    INCREASE_CAPACITY = "增容量"
    OTHER = "其他非法改装信息"


_ADVERT = {
    ModificationAdvert.UNLOCK_INTEROPERABILITY: ("unlock-interoperability", "unlocking the interoperability protocol"),
    ModificationAdvert.UNLOCK_SPEED: ("unlock-speed", "removing the speed limit"),
    ModificationAdvert.INCREASE_CAPACITY: ("increase-capacity", "increasing battery capacity"),
    ModificationAdvert.OTHER: ("other-modification", "another illegal modification"),
}


class OnlineListing(PolicyModel):
    """网络商品或信息页面 one online listing as an inspector records it (task 11)."""

    platform: Text = Field(description="电商平台或网站 the platform or website")
    title: Text = Field(description="页面标题或商品名称 the listing's title")
    adverts: frozenset[ModificationAdvert] = Field(
        default=frozenset(), description="发布的非法改装信息 modification information the page publishes"
    )
    products: frozenset[Product] = Field(
        default=frozenset(), description="销售的电动自行车、蓄电池、充电器 e-bikes, batteries or chargers it sells"
    )
    uncertified_products: frozenset[Product] = Field(
        default=frozenset(),
        description="其中未依法经强制性产品认证的 of those, the ones without the CCC certification the law requires",
    )
    ebike_goods: Flag = Field(
        description="电动自行车相关商品销售页面 a sales page for e-bike related goods (vehicles, batteries, chargers, "
        "parts, accessories)"
    )
    modification_notice_shown: Flag | None = Field(
        default=None, description='明示"禁止非法改装"内容 the page states 「禁止非法改装」; None: not recorded'
    )
    batteries_sent_by_courier: Flag = Field(
        default=False, description="寄递电动自行车用蓄电池 e-bike batteries are sent by post or courier"
    )

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if not self.uncertified_products <= self.products:
            raise ValueError("未认证产品须在销售的产品之中 / uncertified_products must be among products")
        if self.products and not self.ebike_goods:
            raise ValueError(
                "销售电动自行车、蓄电池或充电器的页面是电动自行车相关商品销售页面 / ebike_goods must be true"
            )
        return self


@implements("ebike:2.3.11")
def inspect_online_listing(
    listing: OnlineListing | Mapping[str, Any], inspected_on: date, *, params: EbikeParameters | None = None
) -> Inspection:
    """Inspect one online listing against task 11.

    Each modification advert (「严禁发布"解互认协议"、"解限速"、"增容量"等信息」), each
    uncertified product on sale (「严禁销售未依法经强制性产品认证的…产品」), a sales page
    for e-bike goods without 「禁止非法改装」, and batteries sent by courier
    (「禁止寄递电动自行车用蓄电池」) are violations.
    """
    item = as_model(OnlineListing, listing)
    params = in_force(params, inspected_on)  # the set in force on the inspection day
    day, found = outside_period(inspected_on, params)
    clause = "ebike:2.3.11"
    checked: list[Finding] = [
        violation(
            f"ebike:task11/advert-{_ADVERT[a][0]}",
            clause,
            f'发布"{a.value}"信息,属严禁之列'
            if a is not ModificationAdvert.OTHER
            else "发布其他非法改装信息,属严禁之列",
            f"publishes information on {_ADVERT[a][1]} (prohibited)",
        )
        for a in ModificationAdvert
        if a in item.adverts
    ]
    checked += [
        violation(
            f"ebike:task11/uncertified-sale-{_PRODUCT_KEY[p]}",
            clause,
            f"网上销售未依法经强制性产品认证的{p.value}",
            f"sells {_PRODUCT_EN[p]} online without the CCC certification the law requires",
        )
        for p in Product
        if p in item.uncertified_products
    ]
    if not item.ebike_goods:
        checked.append(
            information(
                "ebike:task11/not-ebike-goods",
                clause,
                "非电动自行车相关商品销售页面,「禁止非法改装」明示要求不适用",
                "not a sales page for e-bike goods: the 「禁止非法改装」 notice does not apply",
            )
        )
    elif item.modification_notice_shown is None:
        checked.append(
            information(
                "ebike:task11/notice-not-recorded",
                clause,
                '是否明示"禁止非法改装"未记录',
                "whether the page states 「禁止非法改装」 is not recorded",
            )
        )
    elif not item.modification_notice_shown:
        checked.append(
            violation(
                "ebike:task11/no-modification-notice",
                clause,
                '电动自行车相关商品销售页面未明示"禁止非法改装"内容',
                "a sales page for e-bike goods does not state 「禁止非法改装」",
            )
        )
    if item.batteries_sent_by_courier:
        checked.append(
            violation(
                "ebike:task11/courier-battery",
                clause,
                "寄递电动自行车用蓄电池,属禁止之列",
                "e-bike batteries sent by post or courier (prohibited)",
            )
        )
    if not any(f.kind.value == "违规" for f in checked):
        checked.append(
            information(
                "ebike:task11/no-violation", clause, "未发现违规信息或销售", "no prohibited information or sale found"
            )
        )
    found += checked
    return Inspection(
        "ebike.inspect_online_listing",
        "网络销售页面检查",
        "online listing inspection",
        day,
        tuple(found),
        provenance(DOCUMENT, params),
    )
