"""第二条 and 附件2: who is a used-car dealer of this measure, and the facts of its good-faith pledge.

- :data:`DEALER_CONDITIONS`: 第二条, of the dealer (:func:`dealer_conditions`);
- :data:`PLEDGE_CONDITIONS`: 附件2 三、 and the signature, of the dealer (:func:`pledge_conditions`).

The tables are declared once, as data, and read by every interpreter: the scalar rules (here and in ``_rewards``,
``_assess``), the columnar evaluation (``_columnar``), ``explain`` (``_explain``), the Hypothesis strategies
(``_strategies``) and the clause pages. Every reader reads them as globals of this module
(``_eligibility.DEALER_CONDITIONS``), so a test-only copy put here changes all of them.
"""

from __future__ import annotations

from ..citations import implements
from ..conditions import Check, FlagCheck, StatedFlag, Threshold, compiled, unstated
from ..decisions import Note, Reason
from ..inputs import model_arg
from ._models import Dealer
from ._parameters import UsedCarParameters, _in_force

__all__ = ["DEALER_CONDITIONS", "PLEDGE_CONDITIONS", "PLEDGE_FIELDS", "dealer_conditions", "pledge_conditions"]

DEALER_CONDITIONS: tuple[Check, ...] = (
    Threshold(
        "used-car:2/registered-from",
        "registered_on",
        "以后",
        "registered_from",
        "登记注册日期{value}在{limit}以后(含当日)",
        "registered on {value}, on or after {limit}",
        "登记注册日期{value}早于{limit},不符合「{limit}以后」",
        "registered on {value}, before {limit}",
        "登记注册日期需在{limit}以后(含当日)",
        "the dealer must be registered on or after {limit}",
    ),
    FlagCheck(
        "used-car:2/registered-in-hongshan",
        "registered_in_hongshan",
        "在红山区依法登记注册纳税",
        "registered and paying tax in Hongshan",
        "未在红山区依法登记注册纳税",
        "not registered and paying tax in Hongshan",
    ),
    FlagCheck(
        "used-car:2/independent-legal-person",
        "independent_legal_person",
        "有独立法人资格",
        "an independent legal person",
        "无独立法人资格",
        "not an independent legal person",
    ),
    FlagCheck(
        "used-car:2/independent-accounting",
        "independent_accounting",
        "独立核算",
        "keeps independent accounts",
        "未独立核算",
        "does not keep independent accounts",
    ),
    FlagCheck(
        "used-car:2/key-monitored",
        "key_monitored",
        "已纳入红山区商贸类重点监测企业范围",
        "among Hongshan's key monitored trade enterprises",
        "未纳入红山区商贸类重点监测企业范围",
        "not among Hongshan's key monitored trade enterprises",
        need_zh="纳入红山区商贸类重点监测企业范围",
    ),
)
"""第二条's conditions, declared once: the scalar reasons, the columnar checks (``batch``), what must change
(``explain``) and the test strategies (``testing``) are all read from this table, in its order. The judgement
「对红山区经济增长具有拉动作用」 is not formalised (a warning)."""


@implements("used-car:2")
def dealer_conditions(dealer: Dealer, *, params: UsedCarParameters | None = None) -> tuple[Reason, ...]:
    """Check who counts as a used-car dealer, one reason per condition.

    第二条 「本措施提及的二手车经销企业,是指2023年10月31日以后在红山区依法登记注册纳税,
    有独立法人资格、独立核算,纳入红山区商贸类重点监测企业范围且对红山区经济增长具有拉动作用的企业。」

    Returns one reason per check of :data:`DEALER_CONDITIONS` (five); the judgement 「对红山区经济增长具有拉动作用」
    is not formalised.
    """
    return _conditions(model_arg(dealer, Dealer, "dealer"), _in_force(params, None))


def _conditions(dealer: Dealer, params: UsedCarParameters) -> tuple[Reason, ...]:
    return compiled(DEALER_CONDITIONS)(dealer, params)


_JUDGEMENT = Note(
    "used-car:2",
    "「对红山区经济增长具有拉动作用」由区商务和投资促进局审核认定,本库不作判断",
    "whether the dealer 'drives Hongshan's economic growth' is for the bureau to judge; not assessed here",
)


def _pledge_fact(field: str, held_zh: str, held_en: str, failed_zh: str, failed_en: str, **texts: str) -> StatedFlag:
    return StatedFlag(
        f"used-car:annex2.3/{field.replace('_', '-')}",
        field,
        f"守信承诺:{held_zh}",
        f"pledge: {held_en}",
        failed_zh,
        failed_en,
        needed=False,
        need_zh=held_zh,
        need_en=texts.pop("need_en", held_en),
        **texts,
    )


PLEDGE_CONDITIONS: tuple[Check, ...] = (
    _pledge_fact(
        "safety_accident",
        "无安全生产责任事故",
        "no work-safety accident it is responsible for",
        "有安全生产责任事故,与守信承诺书「无安全生产责任事故」不符",
        "had a work-safety accident it is responsible for, contrary to the pledge",
        need_en="no work-safety accident",
        unstated_zh="有无安全生产责任事故",
        unstated_en="any work-safety accident",
    ),
    _pledge_fact(
        "violations",
        "无违法行为",
        "no illegal acts",
        "有违法行为,与守信承诺书「无……违法行为」不符",
        "committed illegal acts, contrary to the pledge",
        unstated_zh="有无违法行为",
        unstated_en="any illegal acts",
    ),
    _pledge_fact(
        "blacklisted",
        "未被列入「失信联合惩戒黑名单」",
        "not on the joint-punishment blacklist",
        "已被信用管理部门依法列入「失信联合惩戒黑名单」",
        "on the joint-punishment blacklist for dishonesty",
        unstated_zh="是否被列入「失信联合惩戒黑名单」",
        unstated_en="whether on the joint-punishment blacklist",
    ),
    StatedFlag(
        "used-car:annex2/pledge-signed",
        "pledge_signed",
        "守信承诺书已由法定代表人(或负责人)签字并加盖公章",
        "the good-faith pledge is signed and sealed",
        "守信承诺书未由法定代表人(或负责人)签字并加盖公章",
        "the good-faith pledge is not signed and sealed",
        need_zh="守信承诺书已签字盖章",
        need_en="the pledge signed and sealed",
        unstated_zh="守信承诺书是否签字盖章",
        unstated_en="whether the pledge is signed and sealed",
    ),
)
"""附件2 (守信承诺书)'s conditions, declared once: 三、's three facts (no accident, no illegal acts, not
blacklisted: each must be stated ``False``) and the signature (``True``). A fact not stated gives no reason but
one warning naming every such fact (the pledge's facts are not presumed)."""

PLEDGE_FIELDS: tuple[str, ...] = tuple(check.field for check in PLEDGE_CONDITIONS)
"""The dealer's facts that 附件2 (守信承诺书) states, in the order their reasons appear."""


def _unstated_note(missing: tuple[StatedFlag, ...]) -> Note:
    return Note(
        "used-car:annex2",
        f"未说明{'、'.join(check.unstated_zh for check in missing)},"
        "守信承诺书所承诺事项未核对,须由区商务和投资促进局核实",
        f"not stated: {', '.join(check.unstated_en for check in missing)}; "
        "the facts of the good-faith pledge were not checked and are for the bureau to verify",
    )


_UNSTATED_NOTES: dict[int, tuple[tuple[Reason, ...], tuple[Note, ...]]] = {}


@implements("used-car:annex2", "used-car:annex2.3")
def pledge_conditions(dealer: Dealer) -> tuple[tuple[Reason, ...], tuple[Note, ...]]:
    """Check the facts the dealer's good-faith pledge states: one reason per fact stated, a warning for the rest.

    附件2 守信承诺书 三、「本企业依法开展经营活动,无安全生产责任事故和违法行为,未被信用管理部门依法列入
    "失信联合惩戒黑名单"。」 and the signature 「企业法定代表人(或负责人)签字: 申报企业(盖章):」

    Returns ``(reasons, warnings)``: a stated breach (an accident, an illegal
    act, on the blacklist, the pledge unsigned) is a failed reason citing
    ``used-car:annex2.3`` (or ``used-car:annex2`` for the signature); a fact not
    stated (None) is no reason but one warning (``used-car:annex2``) naming
    every such fact: the pledge's facts are not presumed.
    """
    return _pledge(dealer)  # checked by @implements


def _pledge(dealer: Dealer) -> tuple[tuple[Reason, ...], tuple[Note, ...]]:
    table = PLEDGE_CONDITIONS
    reasons = compiled(table)(dealer, None)  # one tuple per combination of the facts: its id keys the warning
    if len(reasons) == len(table):
        return reasons, ()
    known = _UNSTATED_NOTES.get(id(reasons))
    if known is not None and known[0] is reasons:
        return reasons, known[1]
    missing = unstated(table, dealer)
    notes = (_unstated_note(missing),)
    _UNSTATED_NOTES[id(reasons)] = (reasons, notes)
    return reasons, notes
