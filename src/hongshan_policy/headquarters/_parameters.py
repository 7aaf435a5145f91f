"""Every number of 79号, declared once with the clause that sets it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal, Self

from pydantic import model_validator

from ..errors import InvalidInputError
from ..inputs import CONTEXT, Code, Count, Day, Period
from ..money import Area, Money, Ratio
from ..parameters import Dated, Parameters, Timeline, param
from ._models import BusinessForm, District, validate_industry_code

__all__ = ["AMENDMENTS", "DEFAULTS", "DOCUMENT", "TIMELINE", "VALIDITY_ENDS", "HQParameters", "in_force"]

DOCUMENT = "hq"

_RATE_UNIT = "元/平方米/天"

VALIDITY_ENDS: dict[str, date] = {"issue-day-counted": date(2026, 6, 11), "civil-code": date(2026, 6, 12)}
"""hq:5.2 「本政策自发布之日起执行,有效期2年」 (issued 2024-06-12): the last day under each reading."""


class HQParameters(Parameters):
    """Every number and open reading of 赤红政字〔2024〕79号, with the clause that sets it."""

    # 第二条: who is a headquarters enterprise
    registered_capital_min: Money = param(
        Decimal(10_000_000), clause="hq:2.1", zh="注册资本金「不低于1000万元」(含)", unit="元"
    )
    qualifying_industries: tuple[Code, ...] = param(
        ("I", "J", "L72", "D44"),
        clause="hq:2.1",
        zh="行业分类(GB/T 4754-2017):信息传输、软件和信息技术服务业(I),金融业(J),商务服务业(L72),"
        "电力、热力生产和供应业(D44)",
        unit="GB/T 4754 code prefixes",
        reading="「门类范围」 read as the named divisions: L72 only (not L71 租赁业), D44 only (not D45, D46)",
    )
    business_forms: tuple[BusinessForm, ...] = param(
        (
            BusinessForm.DIGITAL_ECONOMY,
            BusinessForm.FINANCIAL_SERVICES,
            BusinessForm.ENERGY_MANAGEMENT,
            BusinessForm.HUMAN_RESOURCES,
            BusinessForm.CULTURE_TOURISM,
        ),
        clause="hq:2.1",
        zh="经营业态「主要为数字经济、金融服务、能源管理、人力资源、现代文旅」",
        unit="business forms",
    )
    investment_per_mu_min: Money = param(
        Decimal(10_000_000), clause="hq:2.2", zh="亩均固定资产投资「在1000万元以上」(含)", unit="元/亩"
    )
    # 第三条(一): land-price subsidy
    land_rate_max: Ratio = param(
        Decimal("0.25"), clause="hq:3.1", zh="「参考土地出让底价最高可奖补25%」", unit="ratio of the reserve price"
    )
    land_cap_reading: Literal["smaller", "larger"] = param(
        "smaller",
        clause="hq:3.1",
        zh="「不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额」:两项剩余数额均已知时取较小者(smaller)或较大者(larger)",
        unit="reading",
        reading="with both remainders known, the smaller binds",
    )
    land_statistics_months: Period = param(12, clause="hq:3.1", zh="「在项目正式竣工12个月内完成入统」", unit="months")
    self_held_min: Ratio = param(
        Decimal("0.5"), clause="hq:3.1", zh="企业持有地上总建筑面积比例「不低于50%」(含)", unit="ratio"
    )
    direct_jobs_min: Count = param(300, clause="hq:3.1", zh="直接带动就业「300人以上」(含)", unit="persons")
    tranche_foundation_share: Ratio = param(
        Decimal("0.40"), clause="hq:3.1.1", zh="达到基础正负零后拨付奖补资金总额度的「40%」", unit="ratio"
    )
    tranche_structure_share: Ratio = param(
        Decimal("0.30"), clause="hq:3.1.2", zh="项目主体建成拨付奖补资金总额度的「30%」", unit="ratio"
    )
    tranche_completion_share: Ratio = param(
        Decimal("0.25"), clause="hq:3.1.3", zh="通过竣工验收备案并投入使用拨付奖补资金总额度的「25%」", unit="ratio"
    )
    tranche_evaluation_share: Ratio = param(
        Decimal("0.05"), clause="hq:3.1.4", zh="经绩效评价和履约验收合格拨付奖补资金总额度的「5%」", unit="ratio"
    )
    # 第三条(二): office-rent subsidy
    rent_business_forms: tuple[BusinessForm, ...] = param(
        (
            BusinessForm.DIGITAL_ECONOMY,
            BusinessForm.CULTURE_TOURISM,
            BusinessForm.HUMAN_RESOURCES,
            BusinessForm.FINANCIAL_SERVICES,
        ),
        clause="hq:3.2",
        zh="「发展数字经济、现代文旅、人力资源、现代金融产业」",
        unit="business forms",
        reading="金融服务 counts as 现代金融; 能源管理 is not on the rent list",
    )
    rent_floor_area_min: Area = param(
        Decimal(10_000), clause="hq:3.2", zh="运营面积(建筑面积)「达到1万平方米及以上」(含)", unit="平方米"
    )
    rent_specialised_ratio_min: Ratio = param(
        Decimal("0.7"), clause="hq:3.2", zh="专业化业态比例「达到70%以上」(含)", unit="ratio"
    )
    rent_statistics_months: Period = param(12, clause="hq:3.2", zh="「在工商注册12个月内完成入统」", unit="months")
    rent_full_years: Period = param(3, clause="hq:3.2.1", zh="「三免」:前三年", unit="lease years")
    rent_half_years: Period = param(2, clause="hq:3.2.1", zh="「两减半」:后两年", unit="lease years")
    rent_full_share: Ratio = param(Decimal(1), clause="hq:3.2.1", zh="前三年补贴比例「100%」", unit="ratio")
    rent_half_share: Ratio = param(Decimal("0.5"), clause="hq:3.2.1", zh="后两年补贴比例「50%」", unit="ratio")
    rent_rate_wanda: tuple[Money, Money] = param(
        (Decimal(1), Decimal("1.5")), clause="hq:3.2.1", zh="万达片区参考标准「1—1.5元」", unit=_RATE_UNIT
    )
    rent_rate_old_town: tuple[Money, Money] = param(
        (Decimal("0.5"), Decimal("1.2")),
        clause="hq:3.2.1",
        zh="红山老城区以及桥北、铁南片区参考标准「0.5—1.2元」",
        unit=_RATE_UNIT,
    )
    rent_rate_dongcheng: tuple[Money, Money] = param(
        (Decimal("0.5"), Decimal(1)), clause="hq:3.2.1", zh="东城片区参考标准「0.5—1元」", unit=_RATE_UNIT
    )
    rent_rate_xiaoxindi: tuple[Money, Money] = param(
        (Decimal(1), Decimal("1.2")), clause="hq:3.2.1", zh="小新地非万达片区参考标准「1—1.2元」", unit=_RATE_UNIT
    )
    rent_annual_cap: Money = param(
        Decimal(3_000_000),
        clause="hq:3.2.1",
        zh="「对单个企业每年补贴金额不超过300万元」(每一租赁年)",
        unit="元 per lease year",
        reading="「每年」 is each lease year of the 三免两减半 schedule",
    )
    rent_days_from: Literal["signed-and-in-force", "lease-start"] = param(
        "signed-and-in-force",
        clause="hq:3.2.1",
        zh="租赁补贴计算起始:合同签订日与本政策施行日中较晚者(signed-and-in-force)或租赁起始日(lease-start)",
        unit="reading",
        reading="days of a lease before the later of its signing date and the policy's start (2024-06-12) earn "
        "nothing; lease years still count from the lease's start",
    )
    rent_clawback_reading: Literal["difference", "full-on-leaving"] = param(
        "difference",
        clause="hq:3.2.2",
        zh="「按照协议违约条款补齐差额」:差额(difference,已享受补贴减区本级税收贡献)或外迁注销时全额返还(full-on-leaving)",
        unit="reading",
        reading="「补齐差额」 is the received subsidy minus the district-level tax contribution, in every case",
    )
    # 第四条: procedure
    notify_working_days: Period = param(
        3, clause="hq:4.2", zh="「在3个工作日内书面通知企业并说明理由」", unit="working days"
    )
    publicity_natural_days: Period = param(7, clause="hq:4.3", zh="「公示期为7个自然日」", unit="natural days")
    evaluation_months: Period = param(
        12, clause="hq:4.5", zh="「正式竣工或……工商注册12个月内」进行绩效评价和履约验收", unit="months"
    )
    # 第五条: validity
    valid_from: Day = param(
        date(2024, 6, 12), clause="hq:5.2", zh="「本政策自发布之日起执行」(2024年6月12日)", unit="date"
    )
    valid_until: Day = param(
        date(2026, 6, 11),
        clause="hq:5.2",
        zh="「有效期2年」:至2026年6月11日(发布之日计入);按《民法典》第二百零一条则至2026年6月12日",
        unit="date",
        reading="2026-06-11, or 2026-06-12 under validity_end_reading='civil-code'; an explicit date is kept",
    )
    validity_end_reading: Literal["issue-day-counted", "civil-code"] = param(
        "issue-day-counted",
        clause="hq:5.2",
        zh="「自发布之日起执行,有效期2年」的末日:发布之日计入(2026年6月11日)或自次日起算(2026年6月12日)",
        unit="reading",
        reading="issue-day-counted: 「自发布之日起执行」 puts 2024-06-12 inside the two years, which end on "
        "2026-06-11 (民法典第二百零四条: a text may set its own counting); civil-code: 民法典第二百零一条、"
        "第二百零二条, the first day not counted, end on the corresponding day 2026-06-12",
    )
    superseded_on: Day | None = param(
        None,
        clause="hq:5.1",
        zh="国家、自治区、赤峰市新出台相关政策致「本政策自动废止」之日(None: 未废止)",
        unit="date",
        reading="benefits falling due on or after this day are not granted; contracts signed on or after it are "
        "outside validity",
    )

    @model_validator(mode="before")
    @classmethod
    def _validity_end(cls, data: Any) -> Any:
        """Under ``validity_end_reading="civil-code"`` the default end 2026-06-11 becomes 2026-06-12.

        An explicit ``valid_until`` other than the default is kept under either reading.
        """
        if not isinstance(data, dict):
            return data
        reading = data.get("validity_end_reading", "issue-day-counted")
        if reading not in VALIDITY_ENDS:
            return data  # refused by the field's own type
        until = data.get("valid_until")
        if isinstance(until, str):
            try:
                until = date.fromisoformat(until.strip())
            except ValueError:
                return data  # refused by the field's own type, naming it
        if until is None or (reading == "civil-code" and until == VALIDITY_ENDS["issue-day-counted"]):
            return {**data, "valid_until": VALIDITY_ENDS[reading]}
        return data

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        shares = CONTEXT.add(
            CONTEXT.add(self.tranche_foundation_share, self.tranche_structure_share),
            CONTEXT.add(self.tranche_completion_share, self.tranche_evaluation_share),
        )
        if shares != 1:
            raise ValueError(f"tranche_evaluation_share: the four tranche shares must add up to 1 (got {shares})")
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until: must not be before valid_from")
        if self.superseded_on is not None and self.superseded_on < self.valid_from:
            raise ValueError("superseded_on: must not be before valid_from")
        for name in ("rent_rate_wanda", "rent_rate_old_town", "rent_rate_dongcheng", "rent_rate_xiaoxindi"):
            low, high = getattr(self, name)
            if high < low:
                raise ValueError(f"{name}: the upper rate must not be below the lower rate")
        for number in (
            self.land_statistics_months,
            self.direct_jobs_min,
            self.rent_statistics_months,
            self.rent_full_years,
            self.notify_working_days,
            self.publicity_natural_days,
            self.evaluation_months,
        ):
            if number < 1:
                raise ValueError("month, day, year and job counts must be at least 1")
        if self.rent_half_years < 0:
            raise ValueError("rent_half_years: must not be negative")
        for code in self.qualifying_industries:
            validate_industry_code(code)
        return self

    def rate_range(self, district: District) -> tuple[Decimal, Decimal]:
        """The reference rent-subsidy rates of ``district`` (元/平方米/天), lowest and highest."""
        ranges: dict[District, tuple[Decimal, Decimal]] = {
            District.WANDA: self.rent_rate_wanda,
            District.OLD_TOWN: self.rent_rate_old_town,
            District.DONGCHENG: self.rent_rate_dongcheng,
            District.XIAOXINDI: self.rent_rate_xiaoxindi,
        }
        return ranges[district]

    @property
    def last_signing_day(self) -> date:
        """The last day a contract can be signed within validity: ``valid_until``, or the day before supersession."""
        if self.superseded_on is None:
            return self.valid_until
        return min(self.valid_until, date.fromordinal(self.superseded_on.toordinal() - 1))


DEFAULTS = HQParameters()
"""The text's values (赤红政字〔2024〕79号 as issued)."""

AMENDMENTS: dict[str, tuple[Dated, ...]] = {}
"""Dated values later documents set, by parameter: ``{name: (Dated(since, value, source), ...)}``. None so far."""

TIMELINE: Timeline[HQParameters] = Timeline(DEFAULTS, AMENDMENTS)
"""The parameters through time. A decision made without ``params=`` uses the set in force on the day the land
contract or the lease was signed: 第五条(一) keeps a contract signed within validity on its terms
(docs/interpretations.md)."""


def in_force(params: HQParameters | None, day: date | None) -> HQParameters:
    """``params`` when given, else the set in force on the governing ``day`` (the text's values when None)."""
    if params is None:
        return TIMELINE.on(day)
    if not isinstance(params, HQParameters):
        raise InvalidInputError(
            "params 应为 HQParameters",
            "params must be HQParameters",
            field="params",
            expected="HQParameters",
            got=params,
        )
    return params
