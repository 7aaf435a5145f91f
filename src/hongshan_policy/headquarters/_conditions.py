"""79号's conditions, declared once, as data: one table per group of conditions, read by every interpreter.

- :data:`HQ_CONDITIONS`: 第二条 lead-in, items (一) and (三), of the enterprise (``hq_conditions``);
- :data:`LAND_CONDITIONS`: 第二条(二), of the land deal (``hq_eligibility`` with a deal, ``land_subsidy``);
- :data:`LAND_SUBSIDY_CONDITIONS`: 第三条(一), of the deal and the project (``land_subsidy``);
- :data:`RENT_CONDITIONS`: 第三条(二) and 第五条(一), of the enterprise and the lease (``rent_eligibility``,
  ``rent_subsidy``).

The scalar rules (:func:`hongshan_policy.conditions.table_reasons`), the columnar evaluation
(``batch``, :func:`hongshan_policy.conditions.column_checks`), ``explain`` (what must change), the Hypothesis
strategies (``testing``) and the clause pages read these tables, in their order and by their keys. A table that
spans two models (deal and project, enterprise and lease) reads them as one applicant
(:class:`hongshan_policy.conditions.Facts`): their field names are distinct. The amounts (the land subsidy, the
rent of a lease year) are formulas, not conditions: they stay in ``_land`` and ``_rent``. Every rule reads a table
through this module (``_conditions.RENT_CONDITIONS``), so a test-only copy put here changes all of them.
"""

from __future__ import annotations

from typing import Any

from ..conditions import Compare, FlagCheck, Membership, PresumedFlag, TypedCheck, Window, WithinMonths
from ..dates import zh_date
from ._models import DIVISIONS, SECTIONS

__all__ = ["HQ_CONDITIONS", "LAND_CONDITIONS", "LAND_SUBSIDY_CONDITIONS", "RENT_CONDITIONS"]


def _industry(code: str) -> tuple[str, str]:
    """An industry code with the name of its division (or section): 「I65(软件和信息技术服务业)」."""
    section_zh, section_en, _, _ = SECTIONS[code[0]]
    division = DIVISIONS.get(code[:3]) if len(code) >= 3 else None
    return f"{code}({division[0] if division else section_zh})", f"{code} ({division[1] if division else section_en})"


def _scope(scope: Any) -> tuple[str, str]:
    """The qualifying industries: 「I信息传输、软件和信息技术服务业、J金融业……」 / ``I, J, L72, D44``."""
    zh = "、".join(f"{p}{DIVISIONS[p][0] if p in DIVISIONS else SECTIONS[p[0]][0]}" for p in scope)
    return zh, ", ".join(scope)


def _superseded(params: Any) -> tuple[str, str]:
    """第五条(一): the validity period of a contract ends the day before a supersession, which the message says."""
    superseded = params.superseded_on
    if superseded is None or not params.last_signing_day < params.valid_until:
        return "", ""
    return f",本政策已于{zh_date(superseded)}废止", f"; the policy was superseded on {superseded.isoformat()}"


def _signed(key: str, field: str, what_zh: str, what_en: str, need_zh: str, need_en: str) -> Window:
    """第五条(一)(二): a contract signed within the policy's validity, 「自发布之日起」 to its last day."""
    return Window(
        key,
        field,
        "valid_from",
        "last_signing_day",
        what_zh + "于{value}签订,在本政策有效期({start}至{end}{note})内",
        what_en + " signed on {value}, within the validity period ({start} to {end}{note})",
        what_zh + "于{value}签订,不在本政策有效期({start}至{end}{note})内",
        what_en + " signed on {value}, outside the validity period ({start} to {end}{note})",
        need_zh + "需于本政策施行之日({start})起签订",
        need_en + " must be signed on or after {start}",
        need_zh + "最迟需于{end}(本政策有效期内)签订",
        need_en + " must be signed by {end}, within validity",
        note=_superseded,
    )


HQ_CONDITIONS: tuple[TypedCheck, ...] = (
    FlagCheck(
        "hq:2/registered-in-hongshan",
        "registered_in_hongshan",
        "在红山区依法登记注册纳税",
        "registered and paying tax in Hongshan",
        "未在红山区依法登记注册纳税",
        "not registered and paying tax in Hongshan",
    ),
    FlagCheck(
        "hq:2/independent-legal-person",
        "independent_legal_person",
        "有独立法人资格",
        "an independent legal person",
        "无独立法人资格",
        "not an independent legal person",
    ),
    FlagCheck(
        "hq:2/independent-accounting",
        "independent_accounting",
        "独立核算",
        "keeps independent accounts",
        "未独立核算",
        "does not keep independent accounts",
    ),
    FlagCheck(
        "hq:2/no-serious-dishonesty-record",
        "serious_dishonesty_record",
        "无严重违法失信记录",
        "no record of serious illegality or dishonesty",
        "有严重违法失信记录",
        "has a record of serious illegality or dishonesty",
        needed=False,
        need_en="no record of serious illegality",
    ),
    FlagCheck(
        "hq:2/hq-functions",
        "hq_functions",
        "具有战略规划、经营决策、组织管理等总部职能",
        "exercises headquarters functions (strategy, business decisions, organisation)",
        "不具有战略规划、经营决策、组织管理等总部职能",
        "does not exercise headquarters functions (strategy, business decisions, organisation)",
        need_en="exercises headquarters functions",
    ),
    Compare(
        "hq:2.1/registered-capital",
        "registered_capital",
        "不低于",
        "registered_capital_min",
        "注册资本金{value:figure},不低于{limit:wan}",
        "registered capital {value:yuan}, not below {limit:yuan}",
        "注册资本金{value:figure},低于{limit:wan}",
        "registered capital {value:yuan}, below {limit:yuan}",
        "注册资本金需不低于{limit:wan}",
        "registered capital must be at least {limit:yuan}",
    ),
    Membership(
        "hq:2.1/industry",
        "industry_code",
        "qualifying_industries",
        "行业代码{value}属于《2017国民经济行业分类》中{limit}范围",
        "industry code {value} is within the qualifying industries {limit} of GB/T 4754-2017",
        "行业代码{value}不属于{limit}范围",
        "industry code {value} is outside the qualifying industries {limit} of GB/T 4754-2017",
        "行业代码(GB/T 4754-2017)",
        "the industry code (GB/T 4754-2017)",
        prefix=True,
        coarse_zh="行业代码{value}只到门类,不能表明是否属于{finer};须提供大类(两位数字)及以下代码",
        coarse_en="industry code {value} gives the section only and does not show whether it is within "
        "{finer}: a division code (two digits) is needed",
        show=_industry,
        show_allowed=_scope,
    ),
    Membership(
        "hq:2.1/business-form",
        "business_form",
        "business_forms",
        "经营业态为{value},属于{limit}",
        "business form {value}, one of {limit}",
        "经营业态为{value},不属于{limit}",
        "business form {value}, not one of {limit}",
        "经营业态",
        "the business form",
    ),
    FlagCheck(
        "hq:2.3/industrial-policy",
        "conforms_to_industrial_policy",
        "符合国家、自治区、赤峰市及红山区产业发展政策",
        "conforms to national, regional, Chifeng and Hongshan industrial policies",
        "不符合国家、自治区、赤峰市及红山区产业发展政策",
        "does not conform to national, regional, Chifeng and Hongshan industrial policies",
        need_en="conforms to the industrial policies",
    ),
)
"""第二条 「……在红山区依法登记注册纳税,有独立法人资格、独立核算且无严重违法失信记录的,具有……总部职能……的商事主体。
同时符合以下条件:(一)注册资本金不低于1000万元,行业分类属于……门类范围,且经营业态主要为……(三)符合……产业发展政策。」
The judgement 「能够促进红山区经济社会发展」 is not formalised (a warning)."""

LAND_CONDITIONS: tuple[TypedCheck, ...] = (
    PresumedFlag(
        "hq:2.2/new-project-in-hongshan",
        "new_project_in_hongshan",
        "申请新建项目在红山区实施",
        "the new project is carried out in Hongshan",
        "申请新建项目在红山区实施(未单独申报,按在红山区竞得的土地上建设推定)",
        "the new project is carried out in Hongshan (not stated: presumed from the land won in Hongshan)",
        "申请新建项目不在红山区实施",
        "the new project is not carried out in Hongshan",
        "申请新建项目在红山区实施",
        "the new project is carried out in Hongshan",
    ),
    _signed(
        "hq:2.2/contract-within-validity",
        "contract_signed_on",
        "在红山区竞得土地,国有建设用地使用权出让合同",
        "land won in Hongshan: the contract",
        "国有建设用地使用权出让合同",
        "the land contract",
    ),
    Compare(
        "hq:2.2/investment-per-mu",
        "fixed_asset_investment",
        "以上",
        "investment_per_mu_min",
        "亩均固定资产投资{value:approx}(固定资产投资{field:yuan}÷{over:plain}亩),达到{limit:wan}以上",
        "fixed-asset investment per mu {value:approx} ({field:yuan} / {over:plain} mu), at least {limit:yuan}",
        "亩均固定资产投资{value:approx}(固定资产投资{field:yuan}÷{over:plain}亩),未达到{limit:wan}以上",
        "fixed-asset investment per mu {value:approx} ({field:yuan} / {over:plain} mu), below {limit:yuan}",
        "固定资产投资需达到{needed:fen}(土地{over:plain}亩,亩均{limit:wan}以上)",
        "fixed-asset investment must be at least {needed:yuan} ({limit:yuan} per mu over {over:plain} mu)",
        quantity="yuan",
        over="area_mu",
        over_quantity="mu",
        need_over_zh="土地面积需不超过{needed:,.2f}亩(固定资产投资{field:fen},亩均{limit:wan}以上)",
        need_over_en="the land area must be at most {needed:,.2f} mu (for {field:yuan} to be {limit:yuan} per mu)",
    ),
)
"""第二条(二) 「申请新建项目在红山区实施,本政策有效期内在红山区竞得土地,亩均固定资产投资在1000万元以上
(申请房屋租赁补贴政策的企业不受此款限制)。」 A project not stated is presumed in Hongshan (the land was won there)."""

LAND_SUBSIDY_CONDITIONS: tuple[TypedCheck, ...] = (
    FlagCheck(
        "hq:3.1/same-entity",
        "same_entity",
        "竞得土地、建设、运营为同一主体",
        "the same entity wins, builds and operates",
        "竞得土地、建设、运营不是同一主体",
        "winning, building and operating are not done by the same entity",
    ),
    WithinMonths(
        "hq:3.1/statistics-within-months",
        "statistics_registered_on",
        "completed_on",
        "land_statistics_months",
        "项目于{since}正式竣工,{value}完成入统,在竣工{months}个月内(至{deadline})",
        "completed on {since}, entered in the statistics on {value}, within {months} months of completion "
        "(by {deadline})",
        "项目于{since}正式竣工,{value}完成入统,晚于竣工{months}个月内(至{deadline})",
        "completed on {since}, entered in the statistics on {value}, after {months} months of completion "
        "(by {deadline})",
        "尚未完成入统:「项目正式竣工{months}个月内完成入统」尚不能成立",
        "not yet entered in the statistics: 'entered in the statistics within {months} months of formal completion' "
        "cannot hold yet",
        "须于{deadline}前完成入统(竣工{months}个月内)",
        "the project must be entered in the statistics by {deadline} ({months} months from completion)",
        "或项目正式竣工日期需不早于{since}(入统日期{value}方在竣工{months}个月内)",
        "or the project must be completed on or after {since} (for {value} to be within {months} months)",
        missing_since_zh="项目尚未正式竣工:「项目正式竣工{months}个月内完成入统」尚不能成立",
        missing_since_en="the project is not yet formally completed: 'entered in the statistics within {months} "
        "months of formal completion' cannot hold yet",
        need_both_zh="项目须正式竣工,并在竣工后{months}个月内完成入统",
        need_both_en="the project must be formally completed and entered in the statistics within {months} months",
        need_start_zh="项目须正式竣工,竣工日期不早于{since}(入统日期{value}须在竣工{months}个月内)",
        need_start_en="the project must be formally completed on or after {since} (the statistics date {value} "
        "must be within {months} months of it)",
        since_floor="contract_signed_on",
    ),
    Compare(
        "hq:3.1/self-held-share",
        "self_held_floor_area",
        "不低于",
        "self_held_min",
        "企业持有地上建筑面积{field:plain}平方米,占地上总建筑面积{over:plain}平方米的{value:share},不低于{limit:pct}",
        "self-held {field:plain} m² of {over:plain} m² above ground, {value:share}, not below {limit:pct}",
        "企业持有地上建筑面积{field:plain}平方米,占地上总建筑面积{over:plain}平方米的{value:share},低于{limit:pct}",
        "self-held {field:plain} m² of {over:plain} m² above ground, {value:share}, below {limit:pct}",
        "企业持有地上建筑面积需不低于{needed:,.2f}平方米(地上总建筑面积{over:,.2f}平方米的{limit:pct})",
        "the self-held floor area must be at least {needed:,.2f} m² ({limit:pct} of {over:,.2f} m² above ground)",
        quantity="m2",
        over="above_ground_floor_area",
        over_quantity="m2",
        need_over_zh="地上总建筑面积需不超过{needed:,.2f}平方米(企业持有{field:,.2f}平方米方不低于{limit:pct})",
        need_over_en="the above-ground floor area must be at most {needed:,.2f} m² (for the {field:,.2f} m² held to "
        "be at least {limit:pct})",
    ),
    Compare(
        "hq:3.1/direct-jobs",
        "direct_jobs",
        "以上",
        "direct_jobs_min",
        "直接带动就业{value}人,达到{limit}人以上",
        "{value} jobs directly created, at least {limit}",
        "直接带动就业{value}人,未达到{limit}人以上",
        "{value} jobs directly created, fewer than {limit}",
        "直接带动就业需达到{limit}人以上",
        "direct jobs must be at least {limit}",
        quantity="count",
    ),
    FlagCheck(
        "hq:3.1/land-use-unchanged",
        "land_use_changed",
        "未变更土地用途",
        "the land use is unchanged",
        "已变更土地用途,「同时不得变更土地用途」",
        "the land use has been changed",
        needed=False,
        need_zh="不变更土地用途",
        need_en="the land use unchanged",
    ),
)
"""第三条(一) 「对于竞得土地、建设、运营为同一主体的企业,在项目正式竣工12个月内完成入统……、企业持有地上总建筑面积比例
不低于50%、直接带动就业300人以上的,……同时不得变更土地用途。」 (of the deal and the project, read as one)."""

RENT_CONDITIONS: tuple[TypedCheck, ...] = (
    Membership(
        "hq:3.2/business-form",
        "business_form",
        "rent_business_forms",
        "经营业态{value}属于房屋租赁补贴鼓励发展的{limit}产业",
        "business form {value} is one of those the rent subsidy encourages ({limit})",
        "经营业态{value}不属于房屋租赁补贴鼓励发展的{limit}产业",
        "business form {value} is not one of those the rent subsidy encourages ({limit})",
        "经营业态",
        "the business form",
    ),
    Compare(
        "hq:3.2/floor-area",
        "floor_area_m2",
        "及以上",
        "rent_floor_area_min",
        "运营面积(建筑面积){value:plain}平方米,达到{limit:plain}平方米及以上",
        "operating floor area {value:plain} m², at least {limit:plain} m²",
        "运营面积(建筑面积){value:plain}平方米,未达到{limit:plain}平方米及以上",
        "operating floor area {value:plain} m², below {limit:plain} m²",
        "运营面积(建筑面积)需达到{limit:,.2f}平方米及以上",
        "the operating floor area must be at least {limit:,.2f} m²",
        quantity="m2",
    ),
    Compare(
        "hq:3.2/specialised-ratio",
        "specialised_ratio",
        "以上",
        "rent_specialised_ratio_min",
        "专业化业态比例{value:pct},达到{limit:pct}以上",
        "specialised share {value:pct}, at least {limit:pct}",
        "专业化业态比例{value:pct},未达到{limit:pct}以上",
        "specialised share {value:pct}, below {limit:pct}",
        "专业化业态比例需达到{limit:pct}以上",
        "the specialised share must be at least {limit:pct}",
        quantity="ratio",
    ),
    WithinMonths(
        "hq:3.2/statistics-within-months",
        "statistics_registered_on",
        "registered_on",
        "rent_statistics_months",
        "于{since}工商注册,{value}完成入统,在工商注册{months}个月内(至{deadline})",
        "registered on {since}, entered in the statistics on {value}, within {months} months of registration "
        "(by {deadline})",
        "于{since}工商注册,{value}完成入统,晚于工商注册{months}个月内(至{deadline})",
        "registered on {since}, entered in the statistics on {value}, after {months} months of registration "
        "(by {deadline})",
        "尚未完成入统:「在工商注册{months}个月内完成入统」(至{deadline})尚不能成立",
        "not yet entered in the statistics: 'within {months} months of business registration' (by {deadline}) "
        "cannot hold yet",
        "须于{deadline}前完成入统(工商注册{months}个月内)",
        "the enterprise must be entered in the statistics by {deadline} ({months} months from registration)",
        "或工商注册日期需不早于{since}(入统日期{value}方在注册{months}个月内)",
        "or the business registration must be on or after {since} (for {value} to be within {months} months)",
    ),
    _signed("hq:5.1/lease-within-validity", "signed_on", "房屋租赁合同", "the lease", "房屋租赁合同", "the lease"),
)
"""第三条(二) 「……发展数字经济、现代文旅、人力资源、现代金融产业,对运营面积(建筑面积)达到1万平方米及以上、专业化业态
比例达到70%以上且在工商注册12个月内完成入统……的,给予房屋租赁补贴。」 and 第五条(一) (a lease signed within validity),
of the enterprise and the lease (read as one); after :data:`HQ_CONDITIONS` (not 第二条(二))."""
