"""The facts 79号 asks about: the enterprise, its land deal and project, its lease; and their categories."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from ..credit_code import CreditCode
from ..dates import zh_date
from ..errors import InvalidInputError
from ..inputs import Count, Day, Flag, Text, check_text
from ..money import Area, Money, Ratio
from ..parameters import PolicyModel

__all__ = [
    "DIVISIONS",
    "SECTIONS",
    "BusinessForm",
    "District",
    "Enterprise",
    "IndustryCode",
    "LandDeal",
    "LandProject",
    "Lease",
    "Milestone",
    "check_completed_after_contract",
    "check_lease_dates",
    "validate_industry_code",
]


class BusinessForm(StrEnum):
    """经营业态 (第二条(一)); ``其他`` is any form the text does not name."""

    DIGITAL_ECONOMY = "数字经济"
    FINANCIAL_SERVICES = "金融服务"
    ENERGY_MANAGEMENT = "能源管理"
    HUMAN_RESOURCES = "人力资源"
    CULTURE_TOURISM = "现代文旅"
    OTHER = "其他"

    @property
    def en(self) -> str:
        """The English name."""
        return _BUSINESS_FORM_EN[self]


_BUSINESS_FORM_EN = {
    BusinessForm.DIGITAL_ECONOMY: "digital economy",
    BusinessForm.FINANCIAL_SERVICES: "financial services",
    BusinessForm.ENERGY_MANAGEMENT: "energy management",
    BusinessForm.HUMAN_RESOURCES: "human resources",
    BusinessForm.CULTURE_TOURISM: "modern culture and tourism",
    BusinessForm.OTHER: "other",
}


class District(StrEnum):
    """片区 of 第三条(二)1, each with its reference rent-subsidy rates."""

    WANDA = "万达片区"
    OLD_TOWN = "红山老城区、桥北、铁南片区"
    DONGCHENG = "东城片区"
    XIAOXINDI = "小新地非万达片区"

    @classmethod
    def _missing_(cls, value: object) -> District | None:
        if isinstance(value, str):
            return _DISTRICT_ALIASES.get(value.strip())
        return None

    @property
    def en(self) -> str:
        """The English name."""
        return _DISTRICT_EN[self]


_DISTRICT_ALIASES = {
    "红山老城区以及桥北、铁南片区": District.OLD_TOWN,
    "红山老城区": District.OLD_TOWN,
    "老城区": District.OLD_TOWN,
    "桥北片区": District.OLD_TOWN,
    "桥北": District.OLD_TOWN,
    "铁南片区": District.OLD_TOWN,
    "铁南": District.OLD_TOWN,
    "万达": District.WANDA,
    "东城": District.DONGCHENG,
    "小新地非万达": District.XIAOXINDI,
}

_DISTRICT_EN = {
    District.WANDA: "Wanda area",
    District.OLD_TOWN: "Hongshan old town, Qiaobei and Tienan areas",
    District.DONGCHENG: "Dongcheng area",
    District.XIAOXINDI: "Xiaoxindi area outside Wanda",
}


class Milestone(StrEnum):
    """The four project milestones of 第三条(一)1–4, each releasing one tranche of the land subsidy."""

    FOUNDATION = "基础正负零"
    MAIN_STRUCTURE = "主体建成"
    COMPLETION = "竣工验收备案并投入使用"
    EVALUATION = "绩效评价和履约验收合格"

    @property
    def zh(self) -> str:
        """The milestone as the text states it."""
        return _MILESTONE_TEXT[self][0]

    @property
    def en(self) -> str:
        """The milestone in English."""
        return _MILESTONE_TEXT[self][1]


_MILESTONE_TEXT = {
    Milestone.FOUNDATION: (
        "项目取得施工许可并启动基础建设,达到基础正负零",
        "construction permit obtained and the foundation brought to ±0.000",
    ),
    Milestone.MAIN_STRUCTURE: ("项目主体建成", "main structure completed"),
    Milestone.COMPLETION: ("项目通过竣工验收备案并投入使用", "completion acceptance filed and the building in use"),
    Milestone.EVALUATION: (
        "项目建成运营后,经绩效评价和履约验收合格",
        "in operation, and the performance evaluation and contract-performance acceptance passed",
    ),
}

SECTIONS: dict[str, tuple[str, str, int, int]] = {
    "A": ("农、林、牧、渔业", "agriculture, forestry, animal husbandry and fishery", 1, 5),
    "B": ("采矿业", "mining", 6, 12),
    "C": ("制造业", "manufacturing", 13, 43),
    "D": ("电力、热力、燃气及水生产和供应业", "electricity, heat, gas and water supply", 44, 46),
    "E": ("建筑业", "construction", 47, 50),
    "F": ("批发和零售业", "wholesale and retail", 51, 52),
    "G": ("交通运输、仓储和邮政业", "transport, storage and post", 53, 60),
    "H": ("住宿和餐饮业", "accommodation and catering", 61, 62),
    "I": ("信息传输、软件和信息技术服务业", "information transmission, software and IT services", 63, 65),
    "J": ("金融业", "finance", 66, 69),
    "K": ("房地产业", "real estate", 70, 70),
    "L": ("租赁和商务服务业", "leasing and business services", 71, 72),
    "M": ("科学研究和技术服务业", "scientific research and technical services", 73, 75),
    "N": ("水利、环境和公共设施管理业", "water, environment and public facilities management", 76, 79),
    "O": ("居民服务、修理和其他服务业", "household services, repair and other services", 80, 82),
    "P": ("教育", "education", 83, 83),
    "Q": ("卫生和社会工作", "health and social work", 84, 85),
    "R": ("文化、体育和娱乐业", "culture, sports and entertainment", 86, 90),
    "S": ("公共管理、社会保障和社会组织", "public administration, social security and social organisations", 91, 96),
    "T": ("国际组织", "international organisations", 97, 97),
}
"""GB/T 4754-2017 门类: letter -> (Chinese name, English name, first and last 大类 number)."""

DIVISIONS: dict[str, tuple[str, str]] = {
    "D44": ("电力、热力生产和供应业", "electricity and heat production and supply"),
    "D45": ("燃气生产和供应业", "gas production and supply"),
    "D46": ("水的生产和供应业", "water production and supply"),
    "I63": ("电信、广播电视和卫星传输服务", "telecommunications, broadcasting and satellite transmission"),
    "I64": ("互联网和相关服务", "internet and related services"),
    "I65": ("软件和信息技术服务业", "software and IT services"),
    "J66": ("货币金融服务", "monetary financial services"),
    "J67": ("资本市场服务", "capital market services"),
    "J68": ("保险业", "insurance"),
    "J69": ("其他金融业", "other financial services"),
    "L71": ("租赁业", "leasing"),
    "L72": ("商务服务业", "business services"),
}
"""The GB/T 4754-2017 大类 named in messages about 第二条(一)."""

_INDUSTRY_CODE = re.compile(r"^([A-Z])(\d{2}(\d{1,2})?)?$")


def validate_industry_code(code: object) -> str:
    """Return ``code`` (NFKC-normalised, stripped, upper-cased) if a GB/T 4754-2017 code, else raise ``ValueError``.

    A code is a 门类 letter A–T, optionally followed by a 2-digit 大类 number that
    belongs to that 门类, then optionally the 3rd (中类) and 4th (小类) digits:
    ``I``, ``I65``, ``I651``, ``J6621``. Whether a 中类 or 小类 exists is not checked.
    """
    if not isinstance(code, str):
        raise ValueError(f"行业代码应为字符串 / the industry code must be a string (got {code!r})")
    value = check_text(code).upper()
    match = _INDUSTRY_CODE.fullmatch(value)
    if match is None or match.group(1) not in SECTIONS:
        raise ValueError(
            f"行业代码{code!r}不是GB/T 4754-2017代码(门类字母A—T,可接2—4位数字,如I、I65、J6621) / "
            f"{code!r} is not a GB/T 4754-2017 code (a section letter A-T, optionally 2-4 digits: I, I65, J6621)"
        )
    section = match.group(1)
    name_zh, name_en, first, last = SECTIONS[section]
    if match.group(2) is not None:
        division = int(match.group(2)[:2])
        if not first <= division <= last:
            raise ValueError(
                f"行业代码{value}的大类{division:02d}不属于门类{section}({name_zh},大类{first:02d}—{last:02d}) / "
                f"division {division:02d} of {value} is not in section {section} ({name_en}, "
                f"divisions {first:02d}-{last:02d})"
            )
    return value


IndustryCode = Annotated[str, AfterValidator(validate_industry_code)]
"""A pydantic field type: a GB/T 4754-2017 industry code (upper-cased)."""


def _district(value: object) -> object:
    return District(value) if isinstance(value, str) else value


class Enterprise(PolicyModel):
    """总部企业申请主体: the facts 第二条 asks about one enterprise."""

    name: Text = Field(description="企业名称 name of the enterprise")
    credit_code: CreditCode = Field(description="统一社会信用代码 unified social credit code (GB 32100-2015)")
    registered_on: Day = Field(description="工商注册日期 date of business registration")
    registered_in_hongshan: Flag = Field(
        description="在红山区依法登记注册纳税 registered and paying tax in Hongshan under the law"
    )
    independent_legal_person: Flag = Field(description="有独立法人资格 an independent legal person")
    independent_accounting: Flag = Field(description="独立核算 keeps independent accounts")
    serious_dishonesty_record: Flag = Field(
        description="严重违法失信记录 has a record of serious illegality or dishonesty"
    )
    hq_functions: Flag = Field(
        description="战略规划、经营决策、组织管理等总部职能 exercises headquarters functions "
        "(strategy, decisions, management)"
    )
    registered_capital: Money = Field(description="注册资本金 registered capital (元)")
    industry_code: IndustryCode = Field(
        description="行业分类代码 GB/T 4754-2017 industry code: a section letter with 0, 2, 3 or 4 digits (I, J6621)"
    )
    business_form: BusinessForm = Field(description="经营业态 main business form")
    conforms_to_industrial_policy: Flag = Field(
        description="符合国家、自治区、赤峰市及红山区产业发展政策 conforms to the industrial policies (第二条(三))"
    )
    statistics_registered_on: Day | None = Field(
        default=None,
        description="入统日期(通过国家「四上」审批) date entered in the statistics of above-scale enterprises; "
        "None: not yet",
    )

    @model_validator(mode="after")
    def _statistics_after_registration(self) -> Self:
        if self.statistics_registered_on is not None and self.statistics_registered_on < self.registered_on:
            raise ValueError(
                f"statistics_registered_on: 入统日期{self.statistics_registered_on.isoformat()}早于工商注册日期"
                f"{self.registered_on.isoformat()} / the statistics registration "
                f"{self.statistics_registered_on.isoformat()} is before the business registration "
                f"{self.registered_on.isoformat()}"
            )
        return self


class LandDeal(PolicyModel):
    """土地出让: the land won and the building planned on it (第二条(二), 第三条(一))."""

    contract_signed_on: Day = Field(
        description="国有建设用地使用权出让合同签订日期 date the land-transfer contract was signed"
    )
    new_project_in_hongshan: Flag = Field(
        default=True,
        description="申请新建项目在红山区实施 the new project is carried out in Hongshan; when not stated it is "
        "presumed from the land won in Hongshan, and the decision's reason says so",
    )
    reserve_price: Money = Field(description="土地出让底价 reserve price of the land (元)")
    winning_price: Money = Field(description="土地拍得价款 price at which the land was won (元)")
    comprehensive_cost: Money | None = Field(
        default=None, description="土地综合成本 comprehensive cost of the land (元); None: not known"
    )
    benchmark_price: Money | None = Field(
        default=None,
        description="区域基准地价 regional benchmark land price for the parcel, in total (元); None: not known",
    )
    area_mu: Annotated[Area, Field(gt=0)] = Field(description="土地面积 land area (亩)")
    fixed_asset_investment: Money = Field(description="固定资产投资 fixed-asset investment of the project (元)")
    same_entity: Flag = Field(description="竞得土地、建设、运营为同一主体 the same entity wins, builds and operates")
    land_use_changed: Flag = Field(description="变更土地用途 the land use has been changed")
    above_ground_floor_area: Annotated[Area, Field(gt=0)] = Field(
        description="地上总建筑面积 total above-ground floor area (平方米)"
    )
    self_held_floor_area: Area = Field(
        description="企业持有地上建筑面积 above-ground floor area held by the enterprise (平方米)"
    )
    commercial_apartment_floor_area: Area = Field(
        default=Decimal(0), description="商业公寓建筑面积 floor area of commercial apartments (平方米), 不予奖补"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        above = self.above_ground_floor_area
        if self.self_held_floor_area > above:
            raise ValueError(
                f"self_held_floor_area: 企业持有面积{self.self_held_floor_area}平方米大于地上总建筑面积{above}平方米 / "
                f"the self-held area {self.self_held_floor_area} m² exceeds the above-ground floor area {above} m²"
            )
        if self.commercial_apartment_floor_area > above:
            raise ValueError(
                f"commercial_apartment_floor_area: 商业公寓面积{self.commercial_apartment_floor_area}平方米"
                f"大于地上总建筑面积"
                f"{above}平方米 / the commercial-apartment area {self.commercial_apartment_floor_area} m² exceeds "
                f"the above-ground floor area {above} m²"
            )
        if self.winning_price < self.reserve_price:
            raise ValueError(
                f"winning_price: 拍得价款{self.winning_price}元低于出让底价{self.reserve_price}元 / "
                f"the winning price {self.winning_price} is below the reserve price {self.reserve_price}"
            )
        return self


def check_completed_after_contract(deal: LandDeal, project: LandProject) -> None:
    """Refuse a project completed before its land contract was signed (models and rules check it here).

    Raises :class:`~hongshan_policy.errors.InvalidInputError` naming ``completed_on``.
    """
    if project.completed_on is not None and project.completed_on < deal.contract_signed_on:
        raise InvalidInputError(
            f"新建项目竣工日期{zh_date(project.completed_on)}早于土地出让合同签订日期{zh_date(deal.contract_signed_on)}",
            f"the new project's completion {project.completed_on.isoformat()} is before the land contract "
            f"{deal.contract_signed_on.isoformat()}",
            field="completed_on",
            expected=f"on or after {deal.contract_signed_on.isoformat()}",
            got=project.completed_on,
        )


def check_lease_dates(start: date, end: date | None) -> None:
    """Refuse a lease that ends before it starts (the model checks it here).

    Raises :class:`~hongshan_policy.errors.InvalidInputError` naming ``end``.
    """
    if end is not None and end < start:
        raise InvalidInputError(
            f"租赁期限届满日{end.isoformat()}早于起始日{start.isoformat()}",
            f"the lease ends on {end.isoformat()}, before it starts on {start.isoformat()}",
            field="end",
            expected=f"on or after {start.isoformat()}",
            got=end,
        )


class LandProject(PolicyModel):
    """项目进展: what the project has achieved so far (第三条(一))."""

    completed_on: Day | None = Field(
        default=None, description="项目正式竣工日期 date of formal completion; None: not yet"
    )
    statistics_registered_on: Day | None = Field(
        default=None, description="入统日期(通过国家「四上」审批) date entered in the statistics; None: not yet"
    )
    direct_jobs: Count = Field(description="直接带动就业人数 jobs directly created")


class Lease(PolicyModel):
    """房屋租赁: the office lease a rent subsidy is asked for (第三条(二))."""

    signed_on: Day = Field(description="房屋租赁合同签订日期 date the lease was signed")
    start: Day = Field(description="租赁起始日 first day of the lease; lease year 1 starts on it")
    end: Day | None = Field(
        default=None,
        description="租赁期限届满日 last day of the lease; None: runs at least through the five lease years",
    )
    floor_area_m2: Area = Field(description="运营面积(建筑面积) operating floor area (平方米)")
    district: Annotated[District, BeforeValidator(_district)] = Field(description="片区 district of the premises")
    agreed_rate: Money = Field(description="协议补贴标准 subsidy rate agreed with the department (元/平方米/天)")
    specialised_ratio: Ratio = Field(description="专业化业态比例 share of specialised business (0.7 is 70%)")
    state_owned: Flag = Field(default=False, description="国有资产 the premises are state-owned assets")

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        check_lease_dates(self.start, self.end)  # an InvalidInputError is a ValueError to pydantic
        return self
