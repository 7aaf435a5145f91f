"""第二条: who is a headquarters enterprise; and the helpers every rule of 79号 shares."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..citations import implements
from ..conditions import table_reasons
from ..decisions import Decision, Note, Reason, provenance
from ..errors import InvalidInputError
from ..money import ZERO
from . import _conditions
from ._models import Enterprise, LandDeal
from ._parameters import DEFAULTS, DOCUMENT, HQParameters, in_force

__all__ = ["hq_conditions", "hq_eligibility"]

JUDGEMENT = Note(
    "hq:2",
    "「能够促进红山区经济社会发展」由行业主管部门审核认定,本库不作判断",
    "whether the enterprise 'promotes Hongshan's economic and social development' is for the department to judge; "
    "not assessed here",
)


def day_before(day: date) -> date:
    """The day before ``day``."""
    return date.fromordinal(day.toordinal() - 1)


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


@implements("hq:2", "hq:2.1", "hq:2.3")
def hq_conditions(enterprise: Enterprise, *, params: HQParameters = DEFAULTS) -> tuple[Reason, ...]:
    """Check who counts as a headquarters enterprise under 第二条 and its items (一) and (三), one reason each.

    第二条 「本政策培育的总部企业,是指在红山区依法登记注册纳税,有独立法人资格、独立核算且无严重违法失信记录的,
    具有战略规划、经营决策、组织管理等总部职能,能够促进红山区经济社会发展的商事主体。同时符合以下条件:
    (一)注册资本金不低于1000万元,行业分类属于《2017国民经济行业分类》中信息传输、软件和信息技术服务业,金融业,
    商务服务业,电力、热力生产和供应业门类范围,且经营业态主要为数字经济、金融服务、能源管理、人力资源、现代文旅。
    ……(三)符合国家、自治区、赤峰市及红山区产业发展政策。」

    Returns one reason per check of ``_conditions.HQ_CONDITIONS`` (nine: five of the lead-in, three of item (一), one of
    item (三)).
    The judgement 「能够促进红山区经济社会发展」 is not formalised; item (二) is
    checked by :func:`hq_eligibility` when a land deal is given.
    """
    return table_reasons(_conditions.HQ_CONDITIONS, enterprise, params)


def land_conditions(deal: LandDeal, *, params: HQParameters = DEFAULTS) -> tuple[Reason, ...]:
    """第二条(二) for a land applicant: one reason per check of ``LAND_CONDITIONS`` (see :func:`hq_eligibility`)."""
    return table_reasons(_conditions.LAND_CONDITIONS, deal, params)


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
