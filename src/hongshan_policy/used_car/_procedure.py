"""第四条 to 第七条: the application materials, the deadlines of review and publicity, and the repayments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..citations import implements
from ..comparisons import holds
from ..dates import zh_date
from ..decisions import Reason, Repayment, provenance
from ..inputs import date_arg, flag_arg, optional_date_arg
from ..materials import Checklist, Material, checklist
from ..money import fmt_yuan, money_arg
from ..workdays import add_working_days, working_day_window
from ._parameters import DEFAULTS, DOCUMENT, UsedCarParameters, _in_force

__all__ = ["Procedure", "application_materials", "fraud_repayment", "procedure", "relocation_repayment"]

_MATERIALS = (
    Material(
        "application_form",
        "used-car:4.1",
        "《红山区二手车经销企业奖励资金申报表》(附件1)",
        "application form for the used-car dealer reward (annex 1)",
    ),
    Material("pledge", "used-car:4.2", "申报单位出具的守信承诺书(附件2)", "the dealer's good-faith pledge (annex 2)"),
    Material(
        "representative_id",
        "used-car:4.3",
        "法定代表人或负责人的身份证件(复印件)",
        "identity document of the legal representative or person in charge (copy)",
    ),
    Material("business_licence", "used-car:4.4", "申报单位的营业执照(复印件)", "the dealer's business licence (copy)"),
    Material("vat_returns", "used-car:4.5", "申报单位的增值税纳税申报表(复印件)", "the dealer's VAT returns (copy)"),
)


@implements(
    "used-car:4", "used-car:4.1", "used-car:4.2", "used-car:4.3", "used-car:4.4", "used-car:4.5", kind="procedure"
)
def application_materials(submitted: Iterable[str] | None = None) -> Checklist:
    """List the five documents of an application and, given what was submitted, which are present or missing.

    第四条 申请材料 「1.《红山区二手车经销企业奖励资金申报表》(见附件1);2.申报单位出具的守信承诺书(见附件2);
    3.法定代表人或负责人的身份证件(复印件);4.申报单位的营业执照(复印件);5.申报单位的增值税纳税申报表(复印件)。」

    ``submitted`` holds the keys of the documents filed: ``application_form``,
    ``pledge``, ``representative_id``, ``business_licence``, ``vat_returns``
    (an unknown key is an ``InvalidInputError``). Returns a :class:`Checklist`
    of the five, in the order of the text, each citing its item
    (``used-car:4.1`` … ``used-car:4.5``); without ``submitted`` none is marked.
    """
    return checklist(DOCUMENT, _MATERIALS, submitted)


def _restricted_until(paid_on: date, params: UsedCarParameters) -> date:
    return max(params.valid_until, date(paid_on.year, 12, 31))


@implements("used-car:7")
def relocation_repayment(
    received: Decimal,
    paid_on: date,
    relocated_on: date | None,
    *,
    params: UsedCarParameters | None = None,
) -> Repayment:
    """Return what a dealer that moved its registered tax location away must repay.

    第七条 「申请奖励资金的二手车经销企业在本措施有效期及奖励资金兑现年度内,企业登记注册纳税地不得外迁,
    如外迁应如数返还享受的奖励资金。」

    Returns a :class:`~hongshan_policy.decisions.Repayment`, ``due`` when the
    obligation applies, whose amount is everything received (如数返还). The restricted
    period runs from the start of validity to the later of its end and the end
    of the calendar year in which the reward was paid (「有效期及兑现年度内」).
    """
    received = money_arg(received, "received")
    paid_on = date_arg(paid_on, "paid_on")
    relocated_on = optional_date_arg(relocated_on, "relocated_on")
    params = _in_force(params, paid_on)  # the terms the reward was paid under
    start, end = params.valid_from, _restricted_until(paid_on, params)
    inside = relocated_on is not None and holds(relocated_on, "起", start) and holds(relocated_on, "前", end)
    if relocated_on is None:
        reason = Reason(
            "used-car:7",
            False,
            "企业登记注册纳税地未外迁,无需返还",
            "the dealer has not moved away: nothing to repay",
            "used-car:7/moved-away-within-period",
        )
    else:
        reason = Reason(
            "used-car:7",
            inside,
            f"企业于{zh_date(relocated_on)}外迁,{'在' if inside else '不在'}本措施有效期及奖励资金兑现年度内"
            f"({zh_date(start)}至{zh_date(end)})," + (f"应如数返还{fmt_yuan(received)}" if inside else "无需返还"),
            f"moved away on {relocated_on.isoformat()}, {'inside' if inside else 'outside'} the restricted period "
            f"{start.isoformat()} to {end.isoformat()}" + (f": repays {fmt_yuan(received)}" if inside else ""),
            "used-car:7/moved-away-within-period",
        )
    return Repayment.decide(
        "used_car.relocation_repayment",
        "外迁返还奖励资金",
        "repayment on relocation",
        (reason,),
        received,
        provenance=provenance(DOCUMENT, params),
    )


@implements("used-car:6")
def fraud_repayment(received: Decimal, *, fraud_found: bool) -> Repayment:
    """Return what a dealer found to have faked its application must repay: everything.

    第六条 「对弄虚作假、套取资金的,一经发现,收缴全部奖励资金,并追究相关企业和个人法律责任。」

    Returns a :class:`~hongshan_policy.decisions.Repayment`, ``due`` when fraud was found.
    """
    received = money_arg(received, "received")
    fraud_found = flag_arg(fraud_found, "fraud_found")
    reason = Reason(
        "used-car:6",
        fraud_found,
        f"发现弄虚作假、套取资金,收缴全部奖励资金{fmt_yuan(received)}" if fraud_found else "未发现弄虚作假、套取资金",
        f"fraud found: all {fmt_yuan(received)} received is recovered" if fraud_found else "no fraud found",
        "used-car:6/fraud-found",
    )
    return Repayment.decide(
        "used_car.fraud_repayment",
        "弄虚作假收缴奖励资金",
        "recovery on fraud",
        (reason,),
        received,
        provenance=provenance(DOCUMENT, DEFAULTS),
    )


@dataclass(frozen=True, slots=True)
class Procedure:
    """The deadlines of 第五条 for one application."""

    notify_refusal_by: date | None
    """「3个工作日内书面通知企业」: the last day to notify a refused applicant in writing."""
    publicity: tuple[date, date] | None
    """「公示期为7个工作日」: first and last day of publicity."""
    payable_from: date | None = None
    """「公示无异议的,由区财政局按程序兑现奖励资金」: the first day the treasury may pay (None after an objection)."""


@implements("used-car:5.2", "used-car:5.3", "used-car:5.4", kind="procedure")
def procedure(
    *,
    review_concluded_on: date | None = None,
    approved_on: date | None = None,
    publicity_starts_on: date | None = None,
    objection_raised: bool = False,
    params: UsedCarParameters | None = None,
) -> Procedure:
    """Compute the refusal-notice deadline and the publicity window.

    第五条(二) 「对不符合条件的,红山区商务和投资促进局在3个工作日内书面通知企业并说明理由」;
    (三) 「红山区政府审批通过后,由区商务和投资促进局组织公示,公示期为7个工作日。」

    The notice is due on the 3rd working day after the review concludes (the
    day itself not counted). Publicity starts on ``publicity_starts_on`` if
    given, else the day after approval (《民法典》第二百零一条: the first day is
    not counted), and lasts 7 working days counted from the first working day.
    (四) 「公示无异议的,由区财政局按程序兑现奖励资金」: payment may follow from the
    day after publicity ends, unless an objection was raised.
    """
    review_concluded_on = optional_date_arg(review_concluded_on, "review_concluded_on")
    approved_on = optional_date_arg(approved_on, "approved_on")
    publicity_starts_on = optional_date_arg(publicity_starts_on, "publicity_starts_on")
    objection_raised = flag_arg(objection_raised, "objection_raised")
    params = _in_force(params, review_concluded_on or approved_on or publicity_starts_on)
    notify = None if review_concluded_on is None else add_working_days(review_concluded_on, params.notify_working_days)
    start = publicity_starts_on or (None if approved_on is None else approved_on + timedelta(days=1))
    window = None if start is None else working_day_window(start, params.publicity_working_days)
    payable = None if window is None or objection_raised else window[1] + timedelta(days=1)
    return Procedure(notify, window, payable)
