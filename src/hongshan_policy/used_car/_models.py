"""The facts 87号 asks about: the dealer (第二条, 附件2) and one application for either reward (第三条)."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..credit_code import CreditCode
from ..errors import InvalidInputError
from ..inputs import Day, Flag, Text
from ..money import Money
from ..parameters import PolicyModel

__all__ = ["Application", "Dealer", "check_applied_on"]


class Dealer(PolicyModel):
    """二手车经销企业: the facts 第二条 asks about one dealer."""

    name: Text = Field(description="企业名称 name of the dealer")
    credit_code: CreditCode = Field(description="统一社会信用代码 unified social credit code (GB 32100-2015)")
    registered_on: Day = Field(description="登记注册日期 date of registration")
    registered_in_hongshan: Flag = Field(description="在红山区依法登记注册纳税 registered and paying tax in Hongshan")
    independent_legal_person: Flag = Field(description="有独立法人资格 an independent legal person")
    independent_accounting: Flag = Field(description="独立核算 keeps independent accounts")
    key_monitored: Flag = Field(
        description="纳入红山区商贸类重点监测企业范围 among Hongshan's key monitored trade enterprises"
    )
    safety_accident: Flag | None = Field(
        default=None,
        description="安全生产责任事故 the dealer had a work-safety accident it is responsible for (附件2三); "
        "None: not stated",
    )
    violations: Flag | None = Field(
        default=None, description="违法行为 the dealer committed illegal acts (附件2三); None: not stated"
    )
    blacklisted: Flag | None = Field(
        default=None,
        description="被信用管理部门依法列入「失信联合惩戒黑名单」 on the joint-punishment blacklist for dishonesty "
        "(附件2三); None: not stated",
    )
    pledge_signed: Flag | None = Field(
        default=None,
        description="守信承诺书已由法定代表人(或负责人)签字并加盖公章 the good-faith pledge (附件2) signed and sealed; "
        "None: not stated",
    )
    scale_reward_received: Flag | None = Field(
        default=None,
        description="已享受第三条(一)一次性奖励 the one-off scale reward was already received; None: not stated",
    )


def check_applied_on(dealer: Dealer, applied_on: date, field: str) -> date:
    """Refuse an application dated before the dealer's registration (the model and every rule check it here).

    Raises :class:`~hongshan_policy.errors.InvalidInputError` naming ``field``.
    """
    if applied_on < dealer.registered_on:
        raise InvalidInputError(
            f"申请日期{applied_on.isoformat()}早于登记注册日期{dealer.registered_on.isoformat()}",
            f"application date {applied_on.isoformat()} is before the registration date "
            f"{dealer.registered_on.isoformat()}",
            field=field,
            expected=f"on or after {dealer.registered_on.isoformat()}",
            got=applied_on,
        )
    return applied_on


class Application(PolicyModel):
    """One dealer's application: the dealer and the figures and dates of each reward applied for."""

    policy: Literal["used-car"] = Field(default="used-car", description="政策 which policy this application is for")
    dealer: Dealer
    revenue_jan_to_jul: Money | None = Field(
        default=None, description="2024年前7个月增值税纳税申报表中累计营业收入 (元); None: scale reward not applied for"
    )
    applied_on: Day | None = Field(
        default=None, description="规模奖励申请提交日期 date the scale-reward application reached the bureau"
    )
    revenue_2024: Money | None = Field(
        default=None, description="2024年度内累计营业收入 (元); None: growth reward not applied for"
    )
    growth_applied_on: Day | None = Field(
        default=None, description="做大做强奖励申请日期 date of the growth-reward application"
    )

    @field_validator("applied_on", "growth_applied_on")
    @classmethod
    def _not_before_registration(cls, value: date | None, info: ValidationInfo) -> date | None:
        dealer = info.data.get("dealer")
        if value is not None and dealer is not None and value < dealer.registered_on:
            try:
                check_applied_on(dealer, value, info.field_name or "applied_on")
            except InvalidInputError as error:
                raise ValueError(f"{error.zh} / {error.en}") from None
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.revenue_jan_to_jul is not None and self.applied_on is None:
            raise ValueError(
                "申请规模奖励须提供申请日期 applied_on / the scale reward needs its application date applied_on"
            )
        if self.revenue_jan_to_jul is None and self.revenue_2024 is None:
            raise ValueError(
                "至少提供 revenue_jan_to_jul 或 revenue_2024 之一 / give revenue_jan_to_jul, revenue_2024 or both"
            )
        return self
