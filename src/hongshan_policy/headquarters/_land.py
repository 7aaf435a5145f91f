"""第三条(一) and 第四条(五): the land-price subsidy, its four tranches, and its clawback."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..citations import implements
from ..comparisons import holds
from ..conditions import Facts, approx_yuan, percent, table_reasons
from ..dates import zh_date
from ..decisions import Decision, Note, Reason, Repayment, provenance
from ..errors import InvalidInputError, MissingFactError
from ..money import ZERO, fmt_percent, fmt_wan, fmt_yuan, money_arg, round_fen, sum_money
from . import _conditions
from ._eligibility import JUDGEMENT, day_before, double_benefit_notes, hq_conditions, land_conditions
from ._models import Enterprise, LandDeal, LandProject, Milestone, check_completed_after_contract
from ._parameters import DEFAULTS, DOCUMENT, HQParameters, in_force

__all__ = [
    "LandPayable",
    "Tranche",
    "TranchePayment",
    "land_clawback",
    "land_subsidy",
    "land_subsidy_payable",
    "land_subsidy_tranches",
]

WITHIN_REMAINDER = "hq:3.1/within-remainder"
"""The key of 第三条(一)'s last check: the subsidy within the remainder (also the columnar check's, in ``batch``)."""


def _cap(deal: LandDeal, params: HQParameters) -> tuple[Decimal, str, str]:
    remainders: list[tuple[Decimal, str, str]] = []
    if deal.comprehensive_cost is not None:
        remainders.append(
            (
                deal.winning_price - deal.comprehensive_cost,
                f"拍得价款{fmt_yuan(deal.winning_price)}扣除土地综合成本{fmt_yuan(deal.comprehensive_cost)}",
                f"winning price {fmt_yuan(deal.winning_price)} less comprehensive cost "
                f"{fmt_yuan(deal.comprehensive_cost)}",
            )
        )
    if deal.benchmark_price is not None:
        remainders.append(
            (
                deal.winning_price - deal.benchmark_price,
                f"拍得价款{fmt_yuan(deal.winning_price)}扣除区域基准地价{fmt_yuan(deal.benchmark_price)}",
                f"winning price {fmt_yuan(deal.winning_price)} less benchmark price {fmt_yuan(deal.benchmark_price)}",
            )
        )
    if not remainders:
        raise MissingFactError(
            "土地综合成本与区域基准地价均未提供,无法核对奖补上限(拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额)",
            "neither the comprehensive cost nor the benchmark price is given: the cap (the winning price less either) "
            "cannot be checked",
            field="comprehensive_cost, benchmark_price",
            expected="at least one of comprehensive_cost, benchmark_price",
            got=None,
        )
    if len(remainders) == 1:
        return remainders[0]
    pick = min if params.land_cap_reading == "smaller" else max
    chosen = pick(remainders, key=lambda r: r[0])
    which_zh = "较小" if params.land_cap_reading == "smaller" else "较大"
    which_en = "smaller" if params.land_cap_reading == "smaller" else "larger"
    return (
        chosen[0],
        f"{chosen[1]}(两项剩余数额{fmt_yuan(remainders[0][0])}、{fmt_yuan(remainders[1][0])}中取{which_zh}者)",
        f"{chosen[2]} (the {which_en} of the remainders {fmt_yuan(remainders[0][0])} and {fmt_yuan(remainders[1][0])})",
    )


@implements("hq:2", "hq:2.1", "hq:2.2", "hq:2.3", "hq:3.1", "hq:3.3", "hq:5.2")
def land_subsidy(
    enterprise: Enterprise,
    deal: LandDeal,
    project: LandProject,
    *,
    rate: Decimal | None = None,
    other_subsidies: Iterable[str] = (),
    params: HQParameters | None = None,
) -> Decision:
    """Grant at most ``rate`` of the land's reserve price to a headquarters enterprise that builds and runs its project.

    第三条(一) 「对于竞得土地、建设、运营为同一主体的企业,在项目正式竣工12个月内完成入统(通过国家"四上"审批)、
    企业持有地上总建筑面积比例不低于50%、直接带动就业300人以上的,……参考土地出让底价最高可奖补25%(商业公寓不予奖补),
    但财政奖补资金均不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额,同时不得变更土地用途。」

    Returns a decision whose amount is the most that may be granted in all:
    ``rate × reserve price × (1 − commercial-apartment area ÷ above-ground area)``,
    never above the remainder of the winning price (``params.land_cap_reading``
    picks between two known remainders), rounded to the fen once after the cap.
    ``rate`` defaults to the maximum, ``params.land_rate_max`` (25% in the
    text). Raises InvalidInputError (field ``rate``) for a rate outside 0–25%, and
    MissingFactError when neither the comprehensive cost nor the benchmark price
    is known (the cap cannot be checked). Without ``params``: the set in force on
    the day the land contract was signed (``deal.contract_signed_on``).
    """
    params = in_force(params, getattr(deal, "contract_signed_on", None))
    rate = params.land_rate_max if rate is None else money_arg(rate, "rate", places=None)
    if not holds(rate, "最高", params.land_rate_max):
        raise InvalidInputError(
            f"奖补比例{fmt_percent(rate)}超过「参考土地出让底价最高可奖补{fmt_percent(params.land_rate_max)}」",
            f"rate {fmt_percent(rate)} is above the maximum of {fmt_percent(params.land_rate_max)} "
            "of the reserve price",
            field="rate",
            expected=f"0 to {params.land_rate_max}",
            got=rate,
        )
    check_completed_after_contract(deal, project)
    above = deal.above_ground_floor_area
    reasons: list[Reason] = [
        *hq_conditions(enterprise, params=params),
        *land_conditions(deal, params=params),
        *table_reasons(_conditions.LAND_SUBSIDY_CONDITIONS, Facts(deal, project), params),
    ]
    notes = (JUDGEMENT, *double_benefit_notes(other_subsidies))
    if not all(reason.held for reason in reasons):
        # Refused on its conditions: the amount and its cap are not needed, so missing prices are no obstacle.
        return Decision.decide(
            "headquarters.land_subsidy",
            "总部企业土地出让奖补(最高额度)",
            "headquarters land-price subsidy (the most that may be granted)",
            reasons,
            ZERO,
            notes,
            provenance(DOCUMENT, params),
        )
    cap, cap_zh, cap_en = _cap(deal, params)
    base = rate * deal.reserve_price
    reasons.append(
        Reason(
            "hq:3.1",
            True,
            f"参考土地出让底价{fmt_yuan(deal.reserve_price)},按{fmt_percent(rate)}"
            f"(最高{fmt_percent(params.land_rate_max)})计为{approx_yuan(base)}",
            f"{fmt_percent(rate)} (at most {fmt_percent(params.land_rate_max)}) of the reserve price "
            f"{fmt_yuan(deal.reserve_price)} is {approx_yuan(base)}",
            "hq:3.1/rate-of-reserve-price",
        )
    )
    computed = base
    exact = Fraction(base)  # the pro-rata share is kept exact until the one rounding to the fen
    apartments = deal.commercial_apartment_floor_area
    subsidisable = True
    if apartments > 0:
        exact = Fraction(base) * (Fraction(above) - Fraction(apartments)) / Fraction(above)
        computed = base * (1 - apartments / above)
        subsidisable = holds(above - apartments, "超过", ZERO)
        reasons.append(
            Reason(
                "hq:3.1",
                subsidisable,
                f"商业公寓不予奖补:扣除商业公寓{apartments}平方米占地上总建筑面积{above}平方米的"
                f"{percent(apartments / above)},计为{approx_yuan(computed)}"
                + ("" if subsidisable else ";地上建筑全部为商业公寓,可奖补面积为0,无可奖补数额"),
                f"commercial apartments are excluded: {apartments} m² of {above} m² above ground "
                f"({percent(apartments / above)}) taken out pro rata, leaving {approx_yuan(computed)}"
                + ("" if subsidisable else "; everything above ground is commercial apartments: nothing to subsidise"),
                "hq:3.1/commercial-apartments-excluded",
            )
        )
    if not subsidisable:
        amount = ZERO
    elif not holds(cap, "超过", ZERO):
        reasons.append(
            Reason(
                "hq:3.1",
                False,
                f"剩余数额{fmt_yuan(cap)}({cap_zh})不大于0,无可奖补数额",
                f"the remainder {fmt_yuan(cap)} ({cap_en}) is not above zero: nothing can be granted",
                WITHIN_REMAINDER,
            )
        )
        amount = ZERO
    else:
        within = holds(exact, "不超过", Fraction(cap))
        amount = round_fen(exact) if within else round_fen(cap)
        reasons.append(
            Reason(
                "hq:3.1",
                True,
                f"奖补资金不得超过剩余数额{fmt_yuan(cap)}({cap_zh}):计算额{approx_yuan(computed)}"
                + ("未超过" if within else f"超过,按剩余数额给予{fmt_yuan(amount)}"),
                f"the subsidy must not exceed the remainder {fmt_yuan(cap)} ({cap_en}): {approx_yuan(computed)} is "
                + ("within it" if within else f"above it, so {fmt_yuan(amount)} is granted"),
                WITHIN_REMAINDER,
            )
        )
    return Decision.decide(
        "headquarters.land_subsidy",
        "总部企业土地出让奖补(最高额度)",
        "headquarters land-price subsidy (the most that may be granted)",
        reasons,
        amount,
        notes,
        provenance(DOCUMENT, params),
    )


@dataclass(frozen=True, slots=True)
class Tranche:
    """One of the four payments of the land subsidy: its clause, milestone, share and amount."""

    clause: str
    milestone: Milestone
    share: Decimal
    amount: Decimal

    @property
    def zh(self) -> str:
        """The milestone that releases this tranche, as the text states it."""
        return self.milestone.zh

    @property
    def en(self) -> str:
        """The milestone in English."""
        return self.milestone.en

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready ``dict``."""
        return {
            "clause": self.clause,
            "milestone": self.milestone.value,
            "share": str(self.share),
            "amount": str(self.amount),
        }


def _shares(params: HQParameters) -> tuple[tuple[str, Milestone, Decimal], ...]:
    return (
        ("hq:3.1.1", Milestone.FOUNDATION, params.tranche_foundation_share),
        ("hq:3.1.2", Milestone.MAIN_STRUCTURE, params.tranche_structure_share),
        ("hq:3.1.3", Milestone.COMPLETION, params.tranche_completion_share),
        ("hq:3.1.4", Milestone.EVALUATION, params.tranche_evaluation_share),
    )


@implements("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
def land_subsidy_tranches(amount: Decimal, *, params: HQParameters = DEFAULTS) -> tuple[Tranche, ...]:
    """Split a land subsidy into its four tranches, which add up to it exactly.

    第三条(一) 「1.项目取得施工许可并启动基础建设,达到基础正负零后,拨付奖补资金总额度的40%。2.项目主体建成,拨付奖补资金
    总额度的30%。3.项目通过竣工验收备案并投入使用,拨付奖补资金总额度的25%。4.项目建成运营后,经绩效评价和履约验收
    合格的,拨付奖补资金总额度的5%。」

    Returns four tranches in the text's order: each of the first three is its
    share rounded to the fen (half up), and the last absorbs the rounding
    (``amount`` less the first three), so together they are ``amount`` exactly.
    Only for amounts under 0.30 yuan could the first three, rounded up, leave
    the last negative; there each tranche is the rounded running share less the
    one before, so none is negative (docs/interpretations.md).
    """
    total = money_arg(amount, "amount")
    shares = _shares(params)
    firsts = [round_fen(total * share) for _, _, share in shares[:-1]]
    if sum(firsts, ZERO) <= total:
        amounts = [*firsts, total - sum(firsts, ZERO)]
    else:
        amounts, running, paid = [], Decimal(0), ZERO
        for _, _, share in shares:
            running += share
            upto = total if running == 1 else round_fen(total * running)
            amounts.append(upto - paid)
            paid = upto
    return tuple(
        Tranche(clause, milestone, share, value)
        for (clause, milestone, share), value in zip(shares, amounts, strict=True)
    )


@dataclass(frozen=True, slots=True)
class TranchePayment:
    """One tranche and whether it may be paid yet, with the reason."""

    tranche: Tranche
    reached_on: date | None
    payable: bool
    reason: Reason

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        return {
            **self.tranche.to_dict(),
            "reached_on": None if self.reached_on is None else self.reached_on.isoformat(),
            "payable": self.payable,
            "zh": self.reason.zh,
            "en": self.reason.en,
        }


@dataclass(frozen=True, slots=True)
class LandPayable:
    """What of a land subsidy may be paid so far, tranche by tranche."""

    total: Decimal
    """The whole subsidy (奖补资金总额度)."""
    payments: tuple[TranchePayment, ...]
    warnings: tuple[Note, ...] = ()

    @property
    def amount(self) -> Decimal:
        """The sum of the tranches that may be paid so far."""
        return sum_money(p.tranche.amount for p in self.payments if p.payable)

    def __str__(self) -> str:
        lines = [f"已可拨付 payable so far: {fmt_yuan(self.amount)} / 总额度 of {fmt_yuan(self.total)}"]
        for p in self.payments:
            lines.append(
                f"  {'✓' if p.payable else '·'} [{p.tranche.clause}] {fmt_percent(p.tranche.share)} "
                f"{fmt_yuan(p.tranche.amount)} {p.reason.zh}\n      {p.reason.en}"
            )
        lines.extend(f"  ! [{w.clause}] {w.zh}\n      {w.en}" for w in self.warnings)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        rows = "".join(
            f"<tr><td>{'✓' if p.payable else '·'}</td><td><code>{esc(p.tranche.clause)}</code></td>"
            f"<td>{esc(fmt_percent(p.tranche.share))}</td><td>{esc(fmt_yuan(p.tranche.amount))}</td>"
            f"<td>{esc(p.reason.zh)}<br><small>{esc(p.reason.en)}</small></td></tr>"
            for p in self.payments
        )
        rows += "".join(
            f"<tr><td>!</td><td><code>{esc(w.clause)}</code></td><td></td><td></td>"
            f"<td><em>{esc(w.zh)}</em><br><small>{esc(w.en)}</small></td></tr>"
            for w in self.warnings
        )
        return (
            f"<p>已可拨付 payable so far: <strong>{esc(fmt_yuan(self.amount))}</strong> / "
            f"{esc(fmt_yuan(self.total))}</p>"
            f"<table><tbody>{rows}</tbody></table>"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        return {
            "total": str(self.total),
            "amount": str(self.amount),
            "payments": [p.to_dict() for p in self.payments],
            "warnings": [{"clause": w.clause, "zh": w.zh, "en": w.en} for w in self.warnings],
        }


def _reached(
    milestones_reached: Mapping[Milestone, date | None] | Iterable[Milestone], params: HQParameters
) -> dict[Milestone, date | None]:
    pairs: Iterable[tuple[Any, Any]]
    if isinstance(milestones_reached, Mapping):
        pairs = milestones_reached.items()
    else:
        pairs = ((m, None) for m in milestones_reached)
    reached: dict[Milestone, date | None] = {}
    for key, day in pairs:
        try:
            milestone = Milestone(key)
        except ValueError:
            raise InvalidInputError(
                f"未知的项目节点{key!r}",
                f"unknown milestone {key!r}",
                field="milestones_reached",
                expected=", ".join(m.value for m in Milestone),
                got=key,
            ) from None
        if day is not None and not isinstance(day, date):
            raise InvalidInputError(
                "项目节点日期应为日期", "a milestone date must be a date", field="milestones_reached", got=day
            )
        if day is None and params.superseded_on is not None:
            raise MissingFactError(
                f"本政策已于{zh_date(params.superseded_on)}废止,须提供项目节点「{milestone.value}」的达到日期",
                f"the policy was superseded on {params.superseded_on.isoformat()}: the date milestone "
                f"{milestone.en!r} was reached is needed",
                field="milestones_reached",
                expected="a date per milestone",
                got=None,
            )
        reached[milestone] = day
    return reached


@implements("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4", "hq:5.1")
def land_subsidy_payable(
    amount: Decimal,
    milestones_reached: Mapping[Milestone, date | None] | Iterable[Milestone],
    *,
    params: HQParameters = DEFAULTS,
) -> LandPayable:
    """Say which tranches of a land subsidy may be paid, given the milestones the project has reached.

    第三条(一)1–4 (see :func:`land_subsidy_tranches`);
    第五条(一) 「……本政策自动废止,废止后本政策尚未享受完毕的不再享受。」

    Each tranche is payable once its own milestone is reached; a milestone
    reached without an earlier one is warned about, not refused. When the
    policy was superseded (``params.superseded_on``), a tranche whose milestone
    was reached on or after that day is not payable, so each milestone then
    needs its date (MissingFactError otherwise). Returns a :class:`LandPayable`.
    """
    reached = _reached(milestones_reached, params)
    superseded = params.superseded_on
    payments: list[TranchePayment] = []
    warnings: list[Note] = []
    tranches = land_subsidy_tranches(amount, params=params)
    for index, tranche in enumerate(tranches):
        milestone = tranche.milestone
        head_zh = f"{tranche.zh}后拨付{fmt_percent(tranche.share)}"
        head_en = f"{fmt_percent(tranche.share)} once {tranche.en}"
        if milestone not in reached:
            payments.append(
                TranchePayment(
                    tranche,
                    None,
                    False,
                    Reason(
                        tranche.clause,
                        False,
                        f"{head_zh}:尚未达到",
                        f"{head_en}: not reached yet",
                        f"{tranche.clause}/milestone-reached",
                    ),
                )
            )
            continue
        day = reached[milestone]
        when_zh = f"于{zh_date(day)}" if day else ""
        when_en = f" on {day.isoformat()}" if day else ""
        if superseded is not None and day is not None and not holds(day, "前", day_before(superseded)):
            payments.append(
                TranchePayment(
                    tranche,
                    day,
                    False,
                    Reason(
                        "hq:5.1",
                        False,
                        f"{head_zh}:{when_zh}达到,在本政策{zh_date(superseded)}废止之后,「废止后本政策尚未享受完毕的不再享受」",
                        f"{head_en}: reached{when_en}, after the policy was superseded on {superseded.isoformat()}: "
                        "benefits not yet had are not granted",
                        "hq:5.1/reached-before-supersession",
                    ),
                )
            )
            continue
        payments.append(
            TranchePayment(
                tranche,
                day,
                True,
                Reason(
                    tranche.clause,
                    True,
                    f"{head_zh}:已{when_zh}达到,可拨付",
                    f"{head_en}: reached{when_en}, payable",
                    f"{tranche.clause}/milestone-reached",
                ),
            )
        )
        for earlier in tranches[:index]:
            earlier_day = reached.get(earlier.milestone, None)
            if earlier.milestone not in reached:
                warnings.append(
                    Note(
                        earlier.clause,
                        f"已达到「{milestone.value}」但未报告前一节点「{earlier.milestone.value}」,请核实",
                        f"{milestone.en!r} is reached but the earlier milestone {earlier.milestone.en!r} is not "
                        "reported: check",
                    )
                )
            elif day is not None and earlier_day is not None and earlier_day > day:
                warnings.append(
                    Note(
                        earlier.clause,
                        f"节点「{earlier.milestone.value}」的日期{zh_date(earlier_day)}晚于后一节点「{milestone.value}」"
                        f"的日期{zh_date(day)},请核实",
                        f"milestone {earlier.milestone.en!r} is dated {earlier_day.isoformat()}, after the later "
                        f"milestone {milestone.en!r} on {day.isoformat()}: check",
                    )
                )
    return LandPayable(money_arg(amount, "amount"), tuple(payments), tuple(warnings))


@implements("hq:4.5")
def land_clawback(paid: Decimal, evaluation_passed: bool, *, params: HQParameters = DEFAULTS) -> Repayment:
    """Return what a land-subsidy recipient must repay when its performance evaluation fails: everything paid.

    第四条(五) 「申请奖补资金项目正式竣工……12个月内,由分管副区长牵头组织有关部门,按照本政策享受条件和企业承诺事项进行
    绩效评价和履约验收。验收不合格的,由行业主管部门启动奖补、房屋租赁补贴资金追回程序。」

    Returns a :class:`~hongshan_policy.decisions.Repayment`, ``due`` when the
    evaluation failed, whose amount is all of ``paid`` (the 5% tranche of 第三条(一)4 is then never paid).
    """
    paid = money_arg(paid, "paid")
    months = params.evaluation_months
    reason = Reason(
        "hq:4.5",
        not evaluation_passed,
        f"绩效评价和履约验收不合格:启动奖补资金追回程序,追回已拨付的{fmt_yuan(paid)}({fmt_wan(paid, figure=True)})"
        if not evaluation_passed
        else f"竣工后{months}个月内的绩效评价和履约验收合格,无需追回",
        f"the performance evaluation failed: all {fmt_yuan(paid)} paid is recovered"
        if not evaluation_passed
        else f"the performance evaluation within {months} months of completion passed: nothing to recover",
        "hq:4.5/evaluation-failed",
    )
    return Repayment.decide(
        "headquarters.land_clawback",
        "土地出让奖补资金追回",
        "recovery of the land-price subsidy",
        (reason,),
        paid,
        provenance=provenance(DOCUMENT, params),
    )
