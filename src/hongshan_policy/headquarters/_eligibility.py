"""第二条: who is a headquarters enterprise; and the helpers every rule of 79号 shares."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from ..citations import implements
from ..comparisons import holds
from ..dates import zh_date
from ..decisions import Decision, Note, Reason, provenance
from ..errors import InvalidInputError
from ..money import ZERO, fmt_wan, fmt_yuan, round_fen
from ._models import DIVISIONS, SECTIONS, Enterprise, LandDeal
from ._parameters import DEFAULTS, DOCUMENT, HQParameters, in_force

__all__ = ["hq_conditions", "hq_eligibility"]

JUDGEMENT = Note(
    "hq:2",
    "「能够促进红山区经济社会发展」由行业主管部门审核认定,本库不作判断",
    "whether the enterprise 'promotes Hongshan's economic and social development' is for the department to judge; "
    "not assessed here",
)


def approx_yuan(value: Decimal) -> str:
    """``fmt_yuan`` for a figure that may have more than two decimals (then marked ``≈``)."""
    return fmt_yuan(value) if value == round_fen(value) else f"≈{fmt_yuan(value)}"


def percent(ratio: Decimal) -> str:
    """A ratio as a percentage with at most two decimals (``≈`` when the display is not exact)."""
    value = ratio * 100
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{shown}%" if Decimal(shown) == value else f"≈{shown}%"


def day_before(day: date) -> date:
    """The day before ``day``."""
    return date.fromordinal(day.toordinal() - 1)


def signed_within_validity(signed_on: date, key: str, what_zh: str, what_en: str, params: HQParameters) -> Reason:
    """Whether a contract was signed within the policy's validity (第五条(一)(二)), as a reason keyed ``key``."""
    clause = key.partition("/")[0]
    start, end = params.valid_from, params.last_signing_day
    inside = holds(signed_on, "起", start) and holds(signed_on, "前", end)
    superseded = params.superseded_on is not None and end < params.valid_until
    limit_zh = f"{zh_date(start)}至{zh_date(end)}" + (
        f",本政策已于{zh_date(params.superseded_on)}废止" if superseded and params.superseded_on else ""
    )
    limit_en = f"{start.isoformat()} to {end.isoformat()}" + (
        f"; the policy was superseded on {params.superseded_on.isoformat()}"
        if superseded and params.superseded_on
        else ""
    )
    return Reason(
        clause,
        inside,
        f"{what_zh}于{zh_date(signed_on)}签订,{'在' if inside else '不在'}本政策有效期({limit_zh})内",
        f"{what_en} signed on {signed_on.isoformat()}, {'within' if inside else 'outside'} the validity period "
        f"({limit_en})",
        key,
    )


def double_benefit_notes(other_subsidies: Iterable[str]) -> tuple[Note, ...]:
    """One warning per declared subsidy of the same kind (第三条(三), 第五条(一): not both)."""
    notes = []
    for name in other_subsidies:
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                "其他同类奖补的名称不能为空",
                "the name of another subsidy of the same kind must not be empty",
                field="other_subsidies",
                expected="non-empty names",
                got=name,
            )
        notes.append(
            Note(
                "hq:3.3",
                f"企业申报已享受或申请同类奖补「{name.strip()}」:所申请同类奖补与本政策不重复享受"
                "(第三条(三)、第五条(一)),须核实后择一",
                f"the enterprise declares another subsidy of the same kind, {name.strip()!r}: it cannot be had "
                "together with this one (articles 3(3), 5(1)); check and keep one",
            )
        )
    return tuple(notes)


def _flag(key: str, held: bool, yes: tuple[str, str], no: tuple[str, str]) -> Reason:
    zh, en = yes if held else no
    return Reason(key.partition("/")[0], held, zh, en, key)


def _industry(code: str, params: HQParameters) -> Reason:
    section = code[0]
    section_zh, section_en, _, _ = SECTIONS[section]
    division = DIVISIONS.get(code[:3]) if len(code) >= 3 else None
    label_zh = f"{code}({division[0] if division else section_zh})"
    label_en = f"{code} ({division[1] if division else section_en})"
    scope = params.qualifying_industries
    scope_zh = "、".join(f"{p}{DIVISIONS[p][0] if p in DIVISIONS else SECTIONS[p[0]][0]}" for p in scope)
    matched = next((prefix for prefix in scope if code.startswith(prefix)), None)
    if matched is not None:
        return Reason(
            "hq:2.1",
            True,
            f"行业代码{label_zh}属于《2017国民经济行业分类》中{scope_zh}范围",
            f"industry code {label_en} is within the qualifying industries {', '.join(scope)} of GB/T 4754-2017",
            "hq:2.1/industry",
        )
    finer = sorted(prefix for prefix in scope if prefix.startswith(code))
    if finer:
        return Reason(
            "hq:2.1",
            False,
            f"行业代码{label_zh}只到门类,不能表明是否属于{'、'.join(finer)};须提供大类(两位数字)及以下代码",
            f"industry code {label_en} gives the section only and does not show whether it is within "
            f"{', '.join(finer)}: a division code (two digits) is needed",
            "hq:2.1/industry",
        )
    return Reason(
        "hq:2.1",
        False,
        f"行业代码{label_zh}不属于{scope_zh}范围",
        f"industry code {label_en} is outside the qualifying industries {', '.join(scope)} of GB/T 4754-2017",
        "hq:2.1/industry",
    )


@implements("hq:2", "hq:2.1", "hq:2.3")
def hq_conditions(enterprise: Enterprise, *, params: HQParameters = DEFAULTS) -> tuple[Reason, ...]:
    """Check who counts as a headquarters enterprise under 第二条 and its items (一) and (三), one reason each.

    第二条 「本政策培育的总部企业,是指在红山区依法登记注册纳税,有独立法人资格、独立核算且无严重违法失信记录的,
    具有战略规划、经营决策、组织管理等总部职能,能够促进红山区经济社会发展的商事主体。同时符合以下条件:
    (一)注册资本金不低于1000万元,行业分类属于《2017国民经济行业分类》中信息传输、软件和信息技术服务业,金融业,
    商务服务业,电力、热力生产和供应业门类范围,且经营业态主要为数字经济、金融服务、能源管理、人力资源、现代文旅。
    ……(三)符合国家、自治区、赤峰市及红山区产业发展政策。」

    Returns nine reasons: five of the lead-in, three of item (一), one of item (三).
    The judgement 「能够促进红山区经济社会发展」 is not formalised; item (二) is
    checked by :func:`hq_eligibility` when a land deal is given.
    """
    e = enterprise
    capital, minimum = e.registered_capital, params.registered_capital_min
    enough = holds(capital, "不低于", minimum)
    form_ok = e.business_form in params.business_forms
    forms_zh = "、".join(form.value for form in params.business_forms)
    return (
        _flag(
            "hq:2/registered-in-hongshan",
            e.registered_in_hongshan,
            ("在红山区依法登记注册纳税", "registered and paying tax in Hongshan"),
            ("未在红山区依法登记注册纳税", "not registered and paying tax in Hongshan"),
        ),
        _flag(
            "hq:2/independent-legal-person",
            e.independent_legal_person,
            ("有独立法人资格", "an independent legal person"),
            ("无独立法人资格", "not an independent legal person"),
        ),
        _flag(
            "hq:2/independent-accounting",
            e.independent_accounting,
            ("独立核算", "keeps independent accounts"),
            ("未独立核算", "does not keep independent accounts"),
        ),
        _flag(
            "hq:2/no-serious-dishonesty-record",
            not e.serious_dishonesty_record,
            ("无严重违法失信记录", "no record of serious illegality or dishonesty"),
            ("有严重违法失信记录", "has a record of serious illegality or dishonesty"),
        ),
        _flag(
            "hq:2/hq-functions",
            e.hq_functions,
            (
                "具有战略规划、经营决策、组织管理等总部职能",
                "exercises headquarters functions (strategy, business decisions, organisation)",
            ),
            (
                "不具有战略规划、经营决策、组织管理等总部职能",
                "does not exercise headquarters functions (strategy, business decisions, organisation)",
            ),
        ),
        Reason(
            "hq:2.1",
            enough,
            f"注册资本金{fmt_wan(capital, figure=True)},{'不低于' if enough else '低于'}{fmt_wan(minimum)}",
            f"registered capital {fmt_yuan(capital)}, {'not below' if enough else 'below'} {fmt_yuan(minimum)}",
            "hq:2.1/registered-capital",
        ),
        _industry(e.industry_code, params),
        Reason(
            "hq:2.1",
            form_ok,
            f"经营业态为{e.business_form.value},{'属于' if form_ok else '不属于'}{forms_zh}",
            f"business form {e.business_form.en}, {'one' if form_ok else 'not one'} of "
            f"{', '.join(form.en for form in params.business_forms)}",
            "hq:2.1/business-form",
        ),
        _flag(
            "hq:2.3/industrial-policy",
            e.conforms_to_industrial_policy,
            (
                "符合国家、自治区、赤峰市及红山区产业发展政策",
                "conforms to national, regional, Chifeng and Hongshan industrial policies",
            ),
            (
                "不符合国家、自治区、赤峰市及红山区产业发展政策",
                "does not conform to national, regional, Chifeng and Hongshan industrial policies",
            ),
        ),
    )


def land_conditions(deal: LandDeal, *, params: HQParameters = DEFAULTS) -> tuple[Reason, ...]:
    """The three reasons of 第二条(二) for a land applicant (see :func:`hq_eligibility`)."""
    per_mu = deal.fixed_asset_investment / deal.area_mu
    minimum = params.investment_per_mu_min
    enough = holds(per_mu, "以上", minimum)
    return (
        _flag(
            "hq:2.2/new-project-in-hongshan",
            deal.new_project_in_hongshan,
            ("申请新建项目在红山区实施", "the new project is carried out in Hongshan")
            if "new_project_in_hongshan" in deal.model_fields_set
            else (
                "申请新建项目在红山区实施(未单独申报,按在红山区竞得的土地上建设推定)",
                "the new project is carried out in Hongshan (not stated: presumed from the land won in Hongshan)",
            ),
            ("申请新建项目不在红山区实施", "the new project is not carried out in Hongshan"),
        ),
        signed_within_validity(
            deal.contract_signed_on,
            "hq:2.2/contract-within-validity",
            "在红山区竞得土地,国有建设用地使用权出让合同",
            "land won in Hongshan: the contract",
            params,
        ),
        Reason(
            "hq:2.2",
            enough,
            f"亩均固定资产投资{approx_yuan(per_mu)}(固定资产投资{fmt_yuan(deal.fixed_asset_investment)}÷"
            f"{deal.area_mu}亩),{'达到' if enough else '未达到'}{fmt_wan(minimum)}以上",
            f"fixed-asset investment per mu {approx_yuan(per_mu)} ({fmt_yuan(deal.fixed_asset_investment)} / "
            f"{deal.area_mu} mu), {'at least' if enough else 'below'} {fmt_yuan(minimum)}",
            "hq:2.2/investment-per-mu",
        ),
    )


@implements("hq:2", "hq:2.1", "hq:2.2", "hq:2.3", "hq:5.2")
def hq_eligibility(
    enterprise: Enterprise, deal: LandDeal | None = None, *, params: HQParameters | None = None
) -> Decision:
    """Decide whether an enterprise is a headquarters enterprise under 第二条.

    第二条 「……(二)申请新建项目在红山区实施,本政策有效期内在红山区竞得土地,亩均固定资产投资在1000万元以上
    (申请房屋租赁补贴政策的企业不受此款限制)。……」 (the lead-in, (一) and (三): see :func:`hq_conditions`).

    Returns a decision (amount 0.00) with one reason per condition. Item (二)
    applies to land applicants only: it is checked when ``deal`` is given, and a
    warning says so when it is not. Without ``params``: the set in force on the
    day the land contract was signed (the text's values without a deal).
    """
    params = in_force(params, None if deal is None else getattr(deal, "contract_signed_on", None))
    reasons = hq_conditions(enterprise, params=params)
    warnings = [JUDGEMENT]
    if deal is None:
        warnings.append(
            Note(
                "hq:2.2",
                "未提供土地出让信息,未核对第二条(二)(申请房屋租赁补贴政策的企业不受此款限制)",
                "no land deal given: article 2(2) was not checked (it does not apply to rent-subsidy applicants)",
            )
        )
    else:
        reasons = (*reasons, *land_conditions(deal, params=params))
    return Decision.decide(
        "headquarters.hq_eligibility",
        "总部企业认定条件",
        "headquarters-enterprise conditions",
        reasons,
        ZERO,
        warnings,
        provenance(DOCUMENT, params),
    )
