"""第三条(二): the office-rent subsidy (三免两减半), its conditions, schedule and clawback."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..citations import implements
from ..comparisons import holds
from ..conditions import Facts, approx_yuan, table_reasons
from ..dates import months_after, zh_date
from ..decisions import Decision, Note, Reason, Repayment, provenance
from ..errors import InvalidInputError
from ..money import ZERO, fmt_percent, fmt_wan, fmt_yuan, money_arg, round_fen
from . import _conditions
from ._eligibility import JUDGEMENT, day_before, double_benefit_notes, hq_conditions
from ._models import Enterprise, Lease
from ._parameters import DEFAULTS, DOCUMENT, HQParameters, in_force

__all__ = ["LeaseYear", "rent_clawback", "rent_eligibility", "rent_subsidy", "rent_subsidy_schedule"]

_AGREEMENT = Note(
    "hq:3.2.2",
    "按「协议对冲、双向履约、先租后补」原则,须与行业主管部门签订协议并备案,经主管部门核验通过后由区财政拨付",
    "'offsetting agreement, mutual performance, rent first, subsidy after': an agreement with the department must "
    "be signed and filed, and checked by it, before the district treasury pays",
)


def _rent_reasons(enterprise: Enterprise, lease: Lease, params: HQParameters) -> tuple[Reason, ...]:
    """第二条 (not its item (二)), then each check of ``_conditions.RENT_CONDITIONS`` (the enterprise and the lease)."""
    return (
        *hq_conditions(enterprise, params=params),
        *table_reasons(_conditions.RENT_CONDITIONS, Facts(enterprise, lease), params),
    )


def earning_from(lease: Lease, params: HQParameters) -> tuple[date, str, str] | None:
    """The first day of the lease that can earn the subsidy, and why, or None under ``rent_days_from="lease-start"``.

    Under the default reading (``"signed-and-in-force"``) it is the later of the
    day the lease was signed (「先租后补」 under an agreement: no subsidy for days
    before there was a lease) and the day the policy took effect (「自发布之日起执行」).
    """
    if params.rent_days_from == "lease-start":
        return None
    if lease.signed_on >= params.valid_from:
        return lease.signed_on, "合同签订日", "the signing date"
    return params.valid_from, "本政策施行日", "the policy's start"


def _rent_notes(lease: Lease, other_subsidies: Iterable[str], params: HQParameters) -> tuple[Note, ...]:
    notes = [JUDGEMENT]
    low, high = params.rate_range(lease.district)
    rate = lease.agreed_rate
    if not (holds(rate, "不低于", low) and holds(rate, "不超过", high)):
        notes.append(
            Note(
                "hq:3.2.1",
                f"协议补贴标准每天每平方米{rate}元不在{lease.district.value}参考标准{low}—{high}元内;"
                "「具体以协议为准」,按协议标准计算,请核实",
                f"the agreed rate of {rate} yuan/m²/day is outside the {lease.district.en} reference range "
                f"{low}-{high}: the agreement governs and is used; check it",
            )
        )
    earning = earning_from(lease, params)
    if earning is not None and lease.start < earning[0]:
        day, why_zh, why_en = earning
        notes.append(
            Note(
                "hq:3.2.1",
                f"租赁起始日{zh_date(lease.start)}早于{why_zh}{zh_date(day)}:此前的天数不计补贴"
                "(租赁年仍自起始日起算),请核实",
                f"the lease starts on {lease.start.isoformat()}, before {why_en} ({day.isoformat()}): the days "
                "before it earn nothing (lease years still count from the start); check",
            )
        )
    elif earning is None and lease.start < lease.signed_on:
        notes.append(
            Note(
                "hq:3.2",
                f"租赁起始日{zh_date(lease.start)}早于合同签订日{zh_date(lease.signed_on)},租赁年自起始日起算,请核实",
                f"the lease starts on {lease.start.isoformat()}, before it was signed on "
                f"{lease.signed_on.isoformat()}; "
                "lease years are counted from the start: check",
            )
        )
    notes.append(_AGREEMENT)
    notes.extend(double_benefit_notes(other_subsidies))
    return tuple(notes)


@implements("hq:2", "hq:2.1", "hq:2.3", "hq:3.2", "hq:3.3", "hq:5.1", "hq:5.2")
def rent_eligibility(
    enterprise: Enterprise,
    lease: Lease,
    *,
    other_subsidies: Iterable[str] = (),
    params: HQParameters | None = None,
) -> Decision:
    """Decide whether an enterprise may have the office-rent subsidy at all.

    第三条(二) 「鼓励企业通过租赁办公用房(含国有资产),发展数字经济、现代文旅、人力资源、现代金融产业,
    对运营面积(建筑面积)达到1万平方米及以上、专业化业态比例达到70%以上且在工商注册12个月内完成入统(通过国家"四上"审批)的,给予房屋租赁补贴。」
    with 第二条 (not its item (二): 「申请房屋租赁补贴政策的企业不受此款限制」) and 第五条(一) (a lease signed
    within the policy's validity).

    Returns a decision (amount 0.00) with one reason per condition. Without
    ``params``: the set in force on the day the lease was signed.
    """
    params = in_force(params, getattr(lease, "signed_on", None))
    return Decision.decide(
        "headquarters.rent_eligibility",
        "总部企业房屋租赁补贴条件",
        "headquarters rent-subsidy conditions",
        _rent_reasons(enterprise, lease, params),
        ZERO,
        _rent_notes(lease, other_subsidies, params),
        provenance(DOCUMENT, params),
    )


def _check_year(year: Any) -> int:
    if type(year) is not int or year < 1:
        raise InvalidInputError(
            "租赁年度应为从1开始的整数(第1年自租赁起始日起算)",
            "the lease year must be an integer from 1 (year 1 starts on the first day of the lease)",
            field="year",
            expected="an int >= 1",
            got=year,
        )
    return year


def _bounds(lease: Lease, year: int) -> tuple[date, date, int]:
    """First and last day of lease year ``year`` and its length in days (365 or 366)."""
    first = months_after(lease.start, 12 * (year - 1))
    following = months_after(lease.start, 12 * year)
    return first, day_before(following), (following - first).days


@implements("hq:3.2", "hq:3.2.1", "hq:3.3", "hq:5.1", "hq:5.2")
def rent_subsidy(
    enterprise: Enterprise,
    lease: Lease,
    year: int,
    *,
    other_subsidies: Iterable[str] = (),
    params: HQParameters | None = None,
) -> Decision:
    """Subsidise the office rent of one lease year: 100% in years 1–3, 50% in years 4–5, at most 300万 a year.

    第三条(二)1 「房屋租赁补贴按适当标准执行"三免两减半"(前三年100%,后两年50%),每天每平方米房屋租赁补贴参考标准:
    万达片区1—1.5元,红山老城区以及桥北、铁南片区0.5—1.2元,东城片区0.5—1元,小新地非万达片区1—1.2元,
    对单个企业每年补贴金额不超过300万元,具体以协议为准。」

    Lease year ``year`` runs from ``start`` + (year − 1) years to the day before
    ``start`` + year years (365 or 366 days; fewer if the lease ends earlier).
    Under ``rent_days_from="signed-and-in-force"`` (the default) days before the
    later of the signing date and the policy's start earn nothing; a year lying
    wholly before it is refused.
    Returns a decision whose amount is floor area × agreed rate × days × share,
    then at most ``params.rent_annual_cap``, rounded to the fen once. Year 6 and
    later are not eligible; a year < 1 raises InvalidInputError (field ``year``).
    A lease signed within validity keeps its years after the policy expires
    (第五条(一)); after supersession a year not yet over is not granted.
    Without ``params``: the set in force on the day the lease was signed.
    """
    params = in_force(params, getattr(lease, "signed_on", None))
    made = provenance(DOCUMENT, params)
    year = _check_year(year)
    reasons = list(_rent_reasons(enterprise, lease, params))
    notes = _rent_notes(lease, other_subsidies, params)
    full, half = params.rent_full_years, params.rent_half_years
    title = (f"总部企业房屋租赁补贴(第{year}租赁年)", f"headquarters rent subsidy (lease year {year})")
    if not holds(year, "前", full + half):
        reasons.append(
            Reason(
                "hq:3.2.1",
                False,
                f"第{year}租赁年不在「三免两减半」(前{full}年100%,后{half}年50%)的{full + half}年内,不予补贴",
                f"lease year {year} is beyond the {full + half} years of the schedule "
                f"({full} years at 100%, {half} at 50%): no subsidy",
                "hq:3.2.1/within-schedule",
            )
        )
        return Decision.decide("headquarters.rent_subsidy", *title, reasons, ZERO, notes, made)
    first, last, length = _bounds(lease, year)
    upto = last if lease.end is None else min(last, lease.end)
    in_full = holds(year, "前", full)
    share = params.rent_full_share if in_full else params.rent_half_share
    phase_zh = f"前{full}年,补贴{fmt_percent(share)}" if in_full else f"后{half}年,补贴{fmt_percent(share)}"
    phase_en = (
        f"one of the first {full} years, {fmt_percent(share)}"
        if in_full
        else (f"one of the last {half} years, {fmt_percent(share)}")
    )
    if upto < first:
        assert lease.end is not None
        reasons.append(
            Reason(
                "hq:3.2.1",
                False,
                f"第{year}租赁年({zh_date(first)}起)开始前,租赁合同已于{zh_date(lease.end)}届满,不予补贴",
                f"the lease ended on {lease.end.isoformat()}, before lease year {year} starts on {first.isoformat()}",
                "hq:3.2.1/lease-running",
            )
        )
        return Decision.decide("headquarters.rent_subsidy", *title, reasons, ZERO, notes, made)
    earning = earning_from(lease, params)
    counted_from = first if earning is None else max(first, earning[0])
    if counted_from > upto:
        assert earning is not None
        reasons.append(
            Reason(
                "hq:3.2.1",
                False,
                f"第{year}租赁年({zh_date(first)}至{zh_date(upto)})全部在{earning[1]}{zh_date(earning[0])}之前,"
                "不计补贴",
                f"lease year {year} ({first.isoformat()} to {upto.isoformat()}) lies wholly before {earning[2]} "
                f"({earning[0].isoformat()}): it earns nothing",
                "hq:3.2.1/days-earning",
            )
        )
        return Decision.decide("headquarters.rent_subsidy", *title, reasons, ZERO, notes, made)
    days = (upto - counted_from).days + 1
    area, rate = lease.floor_area_m2, lease.agreed_rate
    computed = area * rate * days * share
    shortened_zh = "" if upto == last else f",租赁合同于{zh_date(upto)}届满,计至该日"
    shortened_en = "" if upto == last else f"; the lease ends on {upto.isoformat()} and is counted to that day"
    if counted_from > first:
        assert earning is not None
        shortened_zh += (
            f";{zh_date(first)}至{zh_date(day_before(counted_from))}在{earning[1]}{zh_date(earning[0])}之前,"
            f"不计补贴,自{zh_date(counted_from)}起计"
        )
        shortened_en += (
            f"; {first.isoformat()} to {day_before(counted_from).isoformat()} is before {earning[2]} "
            f"({earning[0].isoformat()}) and earns nothing, counted from {counted_from.isoformat()}"
        )
    reasons.append(
        Reason(
            "hq:3.2.1",
            True,
            f"第{year}租赁年{zh_date(first)}至{zh_date(last)}({length}天{shortened_zh}),属「三免两减半」的{phase_zh}:"
            f"{area}平方米×{rate}元/平方米/天×{days}天×{fmt_percent(share)}={approx_yuan(computed)}",
            f"lease year {year}, {first.isoformat()} to {last.isoformat()} ({length} days{shortened_en}), is "
            f"{phase_en}: {area} m² × {rate} yuan/m²/day × {days} days × {fmt_percent(share)} = "
            f"{approx_yuan(computed)}",
            "hq:3.2.1/amount",
        )
    )
    cap = params.rent_annual_cap
    within = holds(computed, "不超过", cap)
    amount = round_fen(computed if within else cap)
    reasons.append(
        Reason(
            "hq:3.2.1",
            True,
            f"对单个企业每年补贴金额不超过{fmt_wan(cap)}:"
            + ("未超过" if within else f"{approx_yuan(computed)}超过上限,按{fmt_wan(cap, figure=True)}给予"),
            f"at most {fmt_yuan(cap)} per enterprise per lease year: "
            + ("within it" if within else f"{approx_yuan(computed)} is above it, so {fmt_yuan(amount)} is granted"),
            "hq:3.2.1/annual-cap",
        )
    )
    signed_in_time = all(r.held for r in reasons if r.clause == "hq:5.1")
    if signed_in_time and upto > params.valid_until:
        reasons.append(
            Reason(
                "hq:5.1",
                True,
                f"租赁合同在本政策有效期内签订,第{year}租赁年延续至本政策到期({zh_date(params.valid_until)})之后,"
                "「可继续享受政策至结束」",
                f"the lease was signed within validity: lease year {year} runs past the policy's expiry "
                f"({params.valid_until.isoformat()}) and the subsidy continues to its end",
                "hq:5.1/continues-after-expiry",
            )
        )
    superseded = params.superseded_on
    if superseded is not None:
        before = holds(upto, "前", day_before(superseded))
        reasons.append(
            Reason(
                "hq:5.1",
                before,
                f"第{year}租赁年至{zh_date(upto)}"
                + (
                    f"止,在本政策{zh_date(superseded)}废止之前已届满(先租后补)"
                    if before
                    else f"止,本政策已于{zh_date(superseded)}废止,「废止后本政策尚未享受完毕的不再享受」"
                ),
                f"lease year {year} ends on {upto.isoformat()}, "
                + (
                    f"before the policy was superseded on {superseded.isoformat()} (rent first, subsidy after)"
                    if before
                    else f"after the policy was superseded on {superseded.isoformat()}: benefits not yet had lapse"
                ),
                "hq:5.1/before-supersession",
            )
        )
    return Decision.decide("headquarters.rent_subsidy", *title, reasons, amount, notes, made)


@dataclass(frozen=True, slots=True)
class LeaseYear:
    """One lease year of the rent subsidy: its dates, the days that earn the subsidy, and the decision."""

    year: int
    first_day: date
    last_day: date
    days: int
    """Days in the lease year (365 or 366)."""
    share: Decimal
    decision: Decision
    subsidised_from: date | None = None
    """The first day of the year that earns the subsidy (None: none does); later than ``first_day`` when the
    lease started before it was signed or before the policy took effect (``rent_days_from``)."""
    subsidised_days: int = 0
    """The days of the year that earn the subsidy (to the lease's end if earlier)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        return {
            "year": self.year,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": self.days,
            "subsidised_from": None if self.subsidised_from is None else self.subsidised_from.isoformat(),
            "subsidised_days": self.subsidised_days,
            "share": str(self.share),
            "decision": self.decision.to_dict(),
        }


@implements("hq:3.2.1")
def rent_subsidy_schedule(
    enterprise: Enterprise,
    lease: Lease,
    *,
    other_subsidies: Iterable[str] = (),
    params: HQParameters | None = None,
) -> tuple[LeaseYear, ...]:
    """Lay out the five lease years of 「三免两减半」 with their dates and decisions.

    第三条(二)1 「房屋租赁补贴按适当标准执行"三免两减半"(前三年100%,后两年50%)……」

    Returns one :class:`LeaseYear` per year 1 … ``rent_full_years + rent_half_years``, each with the days
    that earn the subsidy (``subsidised_from``, ``subsidised_days``): under the default reading
    (``rent_days_from="signed-and-in-force"``) days before the later of the signing date and 2024-06-12
    earn nothing.
    Without ``params``: the set in force on the day the lease was signed.
    """
    params = in_force(params, getattr(lease, "signed_on", None))
    full, half = params.rent_full_years, params.rent_half_years
    other = tuple(other_subsidies)
    schedule = []
    for year in range(1, full + half + 1):
        first, last, days = _bounds(lease, year)
        share = params.rent_full_share if year <= full else params.rent_half_share
        decision = rent_subsidy(enterprise, lease, year, other_subsidies=other, params=params)
        upto = last if lease.end is None else min(last, lease.end)
        earning = earning_from(lease, params)
        counted_from = first if earning is None else max(first, earning[0])
        counted = max((upto - counted_from).days + 1, 0)
        schedule.append(LeaseYear(year, first, last, days, share, decision, counted_from if counted else None, counted))
    return tuple(schedule)


@implements("hq:3.2.2", "hq:4.5")
def rent_clawback(
    received: Decimal,
    tax_contribution: Decimal,
    *,
    left_or_deregistered: bool,
    agreement_fully_performed: bool,
    evaluation_passed: bool = True,
    agreed_amount: Decimal | None = None,
    params: HQParameters = DEFAULTS,
) -> Repayment:
    """Return what a rent-subsidy recipient must repay: the shortfall of its district tax against the subsidy.

    第三条(二)2 「……对于未完全履行协议外迁、注销或对区本级税收贡献少于所享受租房补贴的,应当按照协议违约条款补齐差额。」
    第四条(五) 「……验收不合格的,由行业主管部门启动奖补、房屋租赁补贴资金追回程序。」

    The obligation arises when the enterprise moved away or deregistered
    without fully performing its agreement, or when its district-level tax
    contribution is less than the subsidy received. 「补齐差额」 is read as
    received − tax contribution (never below 0); with
    ``params.rent_clawback_reading = "full-on-leaving"`` leaving without
    performing repays everything received. 「应当按照协议违约条款补齐差额」: where
    the agreement's default clause sets the amount, give it as
    ``agreed_amount`` and it is what is repaid (either reading yields to it);
    without it the reading above applies and the decision says the agreement
    set none. A failed performance evaluation (``evaluation_passed=False``)
    recovers everything received. Returns a
    :class:`~hongshan_policy.decisions.Repayment`, ``due`` when a repayment is due.
    """
    received = money_arg(received, "received")
    tax = money_arg(tax_contribution, "tax_contribution")
    agreed = None if agreed_amount is None else money_arg(agreed_amount, "agreed_amount")
    left = left_or_deregistered and not agreement_fully_performed
    short = holds(tax, "少于", received)
    difference = received - tax if short else ZERO
    if not evaluation_passed:
        reasons = (
            Reason(
                "hq:4.5",
                True,
                f"绩效评价和履约验收不合格:启动房屋租赁补贴资金追回程序,追回已享受的{fmt_yuan(received)}",
                f"the performance evaluation failed: all {fmt_yuan(received)} received is recovered",
                "hq:4.5/evaluation-failed",
            ),
        )
        return Repayment.decide(
            "headquarters.rent_clawback",
            "房屋租赁补贴追回",
            "recovery of the rent subsidy",
            reasons,
            received,
            provenance=provenance(DOCUMENT, params),
        )
    trigger_zh = []
    trigger_en = []
    if left:
        trigger_zh.append("未完全履行协议外迁或注销")
        trigger_en.append("moved away or deregistered without fully performing the agreement")
    if short:
        trigger_zh.append(f"区本级税收贡献{fmt_yuan(tax)}少于所享受租房补贴{fmt_yuan(received)}")
        trigger_en.append(
            f"district-level tax {fmt_yuan(tax)} is less than the rent subsidy received {fmt_yuan(received)}"
        )
    triggered = bool(trigger_zh)
    reasons_list = [
        Reason(
            "hq:3.2.2",
            triggered,
            ";".join(trigger_zh)
            if triggered
            else f"未外迁、注销(或已完全履行协议),区本级税收贡献{fmt_yuan(tax)}"
            f"不少于所享受租房补贴{fmt_yuan(received)}",
            "; ".join(trigger_en)
            if triggered
            else f"no leaving without performing, and district-level tax {fmt_yuan(tax)} is not less than the "
            f"subsidy received {fmt_yuan(received)}",
            "hq:3.2.2/repayment-triggered",
        )
    ]
    if triggered and agreed is not None:
        amount = agreed
        reasons_list.append(
            Reason(
                "hq:3.2.2",
                True,
                f"「按照协议违约条款补齐差额」:协议违约条款约定的金额为{fmt_yuan(agreed)},按此补齐",
                f"'make up the difference under the agreement's default clause': the clause sets {fmt_yuan(agreed)}, "
                "which is repaid",
                "hq:3.2.2/repayment-amount",
            )
        )
    elif left and params.rent_clawback_reading == "full-on-leaving":
        amount = received
        reasons_list.append(
            Reason(
                "hq:3.2.2",
                holds(received, "超过", ZERO),
                f"协议违约条款未约定金额,外迁、注销时全额返还所享受的租房补贴{fmt_yuan(received)}",
                f"the agreement's default clause sets no amount; leaving without performing: all "
                f"{fmt_yuan(received)} received is repaid",
                "hq:3.2.2/repayment-amount",
            )
        )
    elif triggered:
        amount = difference
        reasons_list.append(
            Reason(
                "hq:3.2.2",
                short,
                "协议违约条款未约定金额,按所享受补贴减区本级税收贡献补齐差额:"
                f"所享受租房补贴{fmt_yuan(received)}−区本级税收贡献{fmt_yuan(tax)}={fmt_yuan(difference)}"
                if short
                else f"区本级税收贡献{fmt_yuan(tax)}不少于所享受租房补贴{fmt_yuan(received)},无差额可补齐",
                "the agreement's default clause sets no amount, so the difference is the subsidy received less the "
                f"district-level tax: {fmt_yuan(received)} − {fmt_yuan(tax)} = {fmt_yuan(difference)}"
                if short
                else f"the tax contribution {fmt_yuan(tax)} is not less than the subsidy {fmt_yuan(received)}: "
                "no difference to make up",
                "hq:3.2.2/repayment-amount",
            )
        )
    else:
        amount = ZERO
    return Repayment.decide(
        "headquarters.rent_clawback",
        "房屋租赁补贴补齐差额",
        "repayment of the rent subsidy",
        reasons_list,
        amount,
        provenance=provenance(DOCUMENT, params),
    )
