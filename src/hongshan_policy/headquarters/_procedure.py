"""第四条: how an application is made, reviewed, published, paid and evaluated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from ..citations import implements
from ..dates import months_after
from ..errors import InvalidInputError
from ..materials import Checklist, Material, checklist
from ..workdays import add_working_days, natural_day_window
from ._parameters import DEFAULTS, HQParameters

__all__ = ["Procedure", "application_materials", "procedure"]


def _item(key: str, zh: str, en: str) -> Material:
    return Material(key, "hq:4.1", zh, en)


_COMMON = (
    _item("application_form", "申请表", "application form"),
    _item("business_licence", "工商营业执照", "business licence"),
    _item(
        "credit_china_proof",
        "未被列入「信用中国」网站信用失信被执行人证明",
        "proof of not being listed as a dishonest judgment debtor on Credit China",
    ),
    _item(
        "corporate_structure",
        "企业关系、股权结构等佐证材料",
        "evidence of corporate relations and shareholding structure",
    ),
)
_LAND = (
    _item("project_filing", "项目备案文件", "project filing documents"),
    _item("land_fee_receipt", "土地出让金缴纳证明", "proof of payment of the land-transfer fee"),
    _item(
        "land_contract",
        "国有建设用地使用权出让合同",
        "contract for the transfer of state-owned construction land use rights",
    ),
    _item(
        "construction_progress",
        "工程进展佐证资料(项目涉及工程进展信息的)",
        "evidence of construction progress (where the project involves it)",
    ),
)
_RENT = (_item("lease_contract", "房屋租赁合同", "lease contract"),)


@implements("hq:4.1", kind="procedure")
def application_materials(policy: Literal["hq-land", "hq-rent"], submitted: Iterable[str] | None = None) -> Checklist:
    """List the documents an applicant submits to the department and, given what was submitted, which are missing.

    第四条(一) 「由企业向行业主管部门提出申请,并提交申请表、工商营业执照、项目备案文件、土地出让金缴纳证明、
    国有建设用地使用权出让合同、房屋租赁合同、未被列入"信用中国"网站信用失信被执行人证明、企业关系、股权结构等
    佐证材料;项目涉及工程进展信息的,由企业提交有关佐证资料。」

    Returns a :class:`~hongshan_policy.materials.Checklist`: the common
    documents, then those of a land (``"hq-land"``) or rent (``"hq-rent"``)
    application, each citing ``hq:4.1``; ``submitted`` holds the keys filed
    (an unknown key is an ``InvalidInputError``); without it none is marked.
    """
    if policy == "hq-land":
        return checklist(policy, _COMMON + _LAND, submitted)
    if policy == "hq-rent":
        return checklist(policy, _COMMON + _RENT, submitted)
    raise InvalidInputError(
        f"未知的申请类型{policy!r}",
        f"unknown application type {policy!r}",
        field="policy",
        expected="hq-land or hq-rent",
        got=policy,
    )


@dataclass(frozen=True, slots=True)
class Procedure:
    """The deadlines of 第四条 for one application."""

    notify_refusal_by: date | None
    """「3个工作日内书面通知企业并说明理由」: the last day to notify a refused applicant."""
    publicity: tuple[date, date] | None
    """「公示期为7个自然日」: first and last day of publicity."""
    payable_from: date | None
    """「公示无异议的,由区财政局兑现资金」: the first day the treasury may pay (None after an objection)."""
    evaluation_by: date | None
    """「正式竣工或……工商注册12个月内」: the last day of the performance evaluation."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        return {
            "notify_refusal_by": None if self.notify_refusal_by is None else self.notify_refusal_by.isoformat(),
            "publicity": None if self.publicity is None else [d.isoformat() for d in self.publicity],
            "payable_from": None if self.payable_from is None else self.payable_from.isoformat(),
            "evaluation_by": None if self.evaluation_by is None else self.evaluation_by.isoformat(),
        }


@implements("hq:4.2", "hq:4.3", "hq:4.4", "hq:4.5", kind="procedure")
def procedure(
    review_concluded_on: date | None = None,
    approved_on: date | None = None,
    completed_on: date | None = None,
    registered_on: date | None = None,
    *,
    publicity_starts_on: date | None = None,
    objection_raised: bool = False,
    params: HQParameters = DEFAULTS,
) -> Procedure:
    """Compute the refusal-notice deadline, the publicity window, the first payment day and the evaluation deadline.

    第四条(二) 「对评审后不符合条件的,行业主管部门在3个工作日内书面通知企业并说明理由」;(三) 「区政府审议通过后,
    由行业主管部门组织公示,公示期为7个自然日。」(四) 「公示无异议的,由区财政局兑现资金。」(五) 「申请奖补资金项目
    正式竣工或申请房屋租赁补贴企业工商注册12个月内……进行绩效评价和履约验收。」

    The notice is due on the 3rd working day after the review concludes (the
    day itself not counted). Publicity starts on ``publicity_starts_on`` if
    given, else the day after approval (《民法典》第二百零一条), and lasts 7
    natural days, both ends counted; payment may follow from the next day
    unless an objection was raised. The evaluation is due 12 months after
    ``completed_on`` (land) or ``registered_on`` (rent); give one, not both
    (InvalidInputError). CalendarCoverageError if the notice falls in a year
    without holiday data.
    """
    if completed_on is not None and registered_on is not None:
        raise InvalidInputError(
            "绩效评价期限自项目正式竣工(土地奖补)或工商注册(房屋租赁补贴)起算,二者只能提供其一",
            "the evaluation period runs from completion (land) or from business registration (rent): give one of them",
            field="completed_on, registered_on",
            expected="one of completed_on, registered_on",
            got=(completed_on, registered_on),
        )
    notify = None
    if review_concluded_on is not None:
        notify = add_working_days(review_concluded_on, params.notify_working_days)
    start = publicity_starts_on or (None if approved_on is None else approved_on + timedelta(days=1))
    window = None if start is None else natural_day_window(start, params.publicity_natural_days)
    pay_from = None if window is None or objection_raised else window[1] + timedelta(days=1)
    since = completed_on or registered_on
    evaluation = None if since is None else months_after(since, params.evaluation_months)
    return Procedure(notify, window, pay_from, evaluation)
