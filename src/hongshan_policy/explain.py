"""What must change: the smallest changes to a decision's facts that would change its outcome.

For a decision that is not eligible, every failed condition gets its smallest
fix, each on its own (the other facts unchanged), all listed. For an eligible
one: what would raise the amount (the next tier, the cap) and the margins
before eligibility is lost (how far revenue may fall, the last day to apply).

Every needed value is derived from the threshold and its comparison word
(:mod:`hongshan_policy.comparisons`), not by searching: 「以上」「不低于」「及以上」
「达到」 (x ≥ t) need t; 「(不含)」「超过」 (x > t) need t plus one step;
「前」「底前」「内」 (a day ≤ d) make d the last day, 「以后」「起」 (≥ d) the first.
A step is the smallest unit of the field:

- money: 0.01 yuan (a fen), the most places a money input may have;
- floor area and land area: 0.01 m², 0.01 mu (the same two places);
- jobs: 1 person; dates: 1 day; lease years: 1;
- ratios (the specialised share, the land-subsidy rate): 0.0001, one hundredth
  of a percentage point. The ratio inputs take any number of places; the
  thresholds are inclusive, so a passing ratio is exact (70% is ``0.7``) and the
  step only says how far "just below" is.

For a quantity derived from two inputs (investment per mu, the self-held share)
each input gets its own needed value at the other's current value, computed
with exact fractions and rounded *outwards* to the step (up for a minimum,
down for a maximum) so that it truly passes. The rounding of amounts (half up to
the fen, in :func:`hongshan_policy.money.round_fen`) is taken into account: the
used-car growth reward reaches its 35万 cap at a revenue of 49,999,999.29 yuan,
not 5000万, because 0.7% of it is 349,999.99503, which rounds to 350,000.00.

Every change is checked before it is returned: the rule is run again with the
needed value (the condition holds, or the tier or cap is reached) and with the
needed value one step back towards the current one (it does not). A change
whose needed value would make the facts inconsistent (an above-ground floor
area below the commercial apartments in it, a contract signed after the
project's completion) is returned with ``achievable=False`` and is not checked.
Margins that cannot be crossed (a threshold of 0) are left out.

Limitations:
    Facts are treated as hypothetical: a registration date in the past is
    reported as it is, with the date it would have needed. Booleans are listed
    as "must be true" (or false); categories (industry code, business form) list
    the values that would pass. For an eligible decision only the late side of a
    date window is reported as a margin ("the last day"), and only the facts with
    a threshold of the text get margins (not the land-price remainder). The
    headquarters rent subsidy after a supersession (``params.superseded_on``) is
    fixed only by a lease ending before it; the supersession itself is a
    parameter, not a fact.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from dateutil.relativedelta import relativedelta

from . import headquarters, used_car
from .comparisons import WORDS
from .conditions import (
    Check,
    Compare,
    Facts,
    FlagCheck,
    Membership,
    PresumedFlag,
    StatedFlag,
    Threshold,
    TypedCheck,
    Window,
    WithinMonths,
    en_text,
    fill,
    zh_text,
)
from .dates import months_after, zh_date
from .decisions import Decision
from .inputs import in_context
from .money import FEN, fmt_percent, fmt_yuan

if TYPE_CHECKING:  # at run time: __getattr__ below
    from .headquarters._explain import hq_land, hq_rent
    from .used_car._explain import used_car_growth, used_car_scale

__all__ = [
    "Change",
    "Changes",
    "Effect",
    "hq_land",
    "hq_rent",
    "render_changes",
    "render_changes_html",
    "used_car_growth",
    "used_car_scale",
    "what_must_change",
]

Effect = Literal[
    "becomes eligible",
    "meets the condition",
    "loses eligibility",
    "next tier",
    "lower tier",
    "reaches the cap",
    "raises the amount",
]
"""What a change does: ``becomes eligible`` (the only failed condition is met), ``meets the condition``
(others still fail), ``loses eligibility`` (a margin: at the needed value an eligible decision fails),
``next tier`` / ``lower tier`` (the rate changes), ``reaches the cap``, ``raises the amount``."""

_EFFECT_ZH: dict[str, str] = {
    "becomes eligible": "即可符合",
    "meets the condition": "满足该条件",
    "loses eligibility": "将不再符合",
    "next tier": "进入较高档",
    "lower tier": "降入较低档",
    "reaches the cap": "达到上限",
    "raises the amount": "金额增加",
}

_UNSET: Any = object()


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one fact of a decision, the smallest that does ``effect``."""

    field: str
    """The input field, e.g. ``revenue_2024``, ``direct_jobs``, ``registered_on``."""
    argument: str
    """The rule's argument that holds the field (``dealer``, ``deal``, ``project``, ``enterprise``, ``lease``),
    or the field itself when it is an argument (``revenue_2024``, ``applied_on``, ``rate``, ``year``)."""
    clause: str
    """The clause id of the condition, tier or cap."""
    current: Any
    """The value now (``None``: not given yet)."""
    needed: Any
    """The nearest value that does ``effect``; a tuple of the values that would pass for a category;
    ``None`` where no single value can be named (a project not yet completed)."""
    delta: Decimal | int | None
    """``needed − current``: yuan, m², mu or a ratio as ``Decimal``, jobs and lease years as ``int``, days for
    dates; ``None`` for booleans, categories and a missing current value."""
    effect: Effect
    zh: str
    """What must change, in Chinese, with the figures: 「2024年营业收入需超过1000万元,还差0.01元」."""
    en: str
    """The same in English: "2024 revenue must exceed ¥10,000,000.00: ¥0.01 more"."""
    step: Decimal | int | None = None
    """The field's smallest unit: 0.01 (yuan, m², mu), 0.0001 (ratios), 1 (jobs, days, lease years);
    ``None`` for booleans and categories."""
    achievable: bool = True
    """False when the needed value would make the facts inconsistent (it is then not checked)."""

    def apply(self, inputs: Mapping[str, Any], *, value: Any = _UNSET) -> dict[str, Any]:
        """The rule's keyword arguments ``inputs`` with this change made (``value`` instead of ``needed``).

        A model argument is validated again, so an inconsistent value raises
        pydantic's ``ValidationError``. For a category pass one of the values
        with ``value=``.
        """
        new = self.needed if value is _UNSET else value
        if isinstance(new, tuple):
            raise ValueError(f"{self.field}: needed is a choice among {new!r}; pass one of them as value=")
        return _applied(inputs, self.argument, self.field, new)

    def __str__(self) -> str:
        return f"[{self.clause}] {self.zh}\n    {self.en}"


class Changes(tuple[Change, ...]):
    """The changes of one decision: a tuple that prints as text and shows as a table in a notebook."""

    __slots__ = ()

    def __str__(self) -> str:
        return render_changes(self)

    def _repr_html_(self) -> str:
        return render_changes_html(self)


def _applied(inputs: Mapping[str, Any], argument: str, field: str, value: Any) -> dict[str, Any]:
    changed = dict(inputs)
    if argument == field:
        changed[field] = value
    else:
        model = inputs[argument]
        changed[argument] = type(model).model_validate({**dict(model), field: value})
    return changed


# --- quantities: how a field's values and differences read -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Quantity:
    step: Decimal | int
    value: Callable[[Any], tuple[str, str]]
    diff: Callable[[Any], tuple[str, str]]
    is_date: bool = False


def _plural(n: Any, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _yuan(v: Decimal) -> tuple[str, str]:
    return f"{v:,.2f}元", fmt_yuan(v)


def _points(v: Decimal) -> tuple[str, str]:
    points = f"{(v * 100).normalize():f}"
    return f"{points}个百分点", f"{points} percentage point{'' if points == '1' else 's'}"


_MONEY = _Quantity(FEN, _yuan, _yuan)
_M2 = _Quantity(FEN, lambda v: (f"{v:,.2f}平方米", f"{v:,.2f} m²"), lambda v: (f"{v:,.2f}平方米", f"{v:,.2f} m²"))
_MU = _Quantity(FEN, lambda v: (f"{v:,.2f}亩", f"{v:,.2f} mu"), lambda v: (f"{v:,.2f}亩", f"{v:,.2f} mu"))
_JOBS = _Quantity(1, lambda v: (f"{v}人", _plural(v, "job")), lambda v: (f"{v}人", _plural(v, "job")))
_RATIO_STEP = Decimal("0.0001")
_RATIO = _Quantity(_RATIO_STEP, lambda v: (fmt_percent(v), fmt_percent(v)), _points)
_DAILY_RATE = _Quantity(
    FEN, lambda v: (f"每天每平方米{v}元", f"¥{v}/m²/day"), lambda v: (f"每天每平方米{v}元", f"¥{v}/m²/day")
)
_YEARS = _Quantity(1, lambda v: (f"第{v}租赁年", f"lease year {v}"), lambda v: (f"{v}年", _plural(v, "year")))
_DAYS = _Quantity(1, lambda v: (zh_date(v), v.isoformat()), lambda v: (f"{v}天", _plural(v, "day")), is_date=True)


def _shift(value: Any, steps: int, step: Decimal | int) -> Any:
    if isinstance(value, date):
        return value + timedelta(days=steps * int(step))
    return value + steps * step


def _delta(current: Any, needed: Any) -> Decimal | int | None:
    if current is None or needed is None or isinstance(needed, bool | tuple) or isinstance(current, bool):
        return None
    if isinstance(needed, date):
        return int((needed - current).days)
    if isinstance(needed, int):
        return int(needed - current)
    return Decimal(needed - current)


def _ceil(value: Fraction, step: Decimal) -> Decimal:
    """The smallest multiple of ``step`` (a power of ten) not below ``value``, exactly."""
    exponent = step.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(math.ceil(value / Fraction(step))).scaleb(exponent)


def _floor(value: Fraction, step: Decimal) -> Decimal:
    """The largest multiple of ``step`` (a power of ten) not above ``value``, exactly."""
    exponent = step.as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(math.floor(value / Fraction(step))).scaleb(exponent)


def _passing(word: str, threshold: Any, step: Decimal | int) -> Any:
    """The value nearest to ``threshold`` that satisfies 「threshold + word」: the table of comparisons decides."""
    bound = WORDS[word]
    if bound.inclusive:
        return threshold
    return _shift(threshold, 1 if bound.side == "lower" else -1, step)


def _earliest_start(end: date, months: int) -> date:
    """The first day ``d`` whose period of ``months`` months (民法典第二百零一条) reaches ``end``.

    ``end − months`` by the calendar, then moved over the month-end clamping
    (a period from 2023-02-28 ends on 2024-02-28, so 2024-02-29 needs 2023-03-01).
    """
    day: date = end - relativedelta(months=months)
    one = timedelta(days=1)
    while months_after(day, months) < end:
        day += one
    while months_after(day - one, months) >= end:
        day -= one
    return day


# --- drafts: a change before it is checked against the rule ------------------------------------------------------

_Kind = Literal["fix", "margin", "amount", "raise"]
_Test = Callable[[Decision, Any], bool]
_Text = Callable[[Any, "Decimal | int | None", "Decision | None"], tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _Draft:
    argument: str
    field: str
    clause: str
    current: Any
    needed: Any
    kind: _Kind
    test: _Test
    text: _Text
    step: Decimal | int | None = None
    effect: Effect | None = None
    possible: bool = True


@dataclass(frozen=True, slots=True)
class _Case:
    rule: Callable[..., Decision]
    inputs: dict[str, Any]
    decision: Decision

    def held(self, targets: Sequence[str]) -> bool:
        return _holds(self.decision, targets)

    def run(self, argument: str, field: str, value: Any) -> Decision | None:
        """The rule on the facts with one value changed; None when those facts are not valid together."""
        try:
            return self.rule(**_applied(self.inputs, argument, field, value))
        except ValueError:  # pydantic's ValidationError, InvalidInputError: the changed facts are inconsistent
            return None


def _holds(decision: Decision, keys: Sequence[str]) -> bool:
    """Whether the reasons keyed ``keys`` held: at least one of them was checked, and every one checked held.

    A check is found by its :attr:`~hongshan_policy.decisions.Reason.key`, never by its position; a group of keys
    names one condition whose reason takes one of several keys (the lease year's of ``rent_subsidy``).
    """
    found = [reason.held for reason in decision.reasons if reason.key in keys]
    return bool(found) and all(found)


def _hold(targets: Sequence[str]) -> _Test:
    return lambda decision, _value: _holds(decision, targets)


def _fail(targets: Sequence[str]) -> _Test:
    return lambda decision, _value: not _holds(decision, targets)


_NUDGES = 4


class _UnverifiedError(AssertionError):
    """A derived value the rule does not confirm: a bug of this module, never a fact of the application."""


def _settle(case: _Case, draft: _Draft) -> tuple[Any, bool, Decision | None]:
    """Check ``draft`` against the rule: the needed value, whether it is achievable, and the decision there.

    The value derived from the threshold is confirmed by running the rule, and so
    is its minimality (one step back towards the current value does not do it).
    Should the rule's own arithmetic (``Decimal`` division to 28 digits) disagree
    with the exact derivation, the value is moved by a step, at most a few times.
    """
    if not draft.possible:
        return draft.needed, False, None
    if draft.needed is None:
        return None, True, None
    if isinstance(draft.needed, tuple):
        runs = [case.run(draft.argument, draft.field, value) for value in draft.needed]
        if not all(run is not None and draft.test(run, value) for run, value in zip(runs, draft.needed, strict=True)):
            raise _UnverifiedError(f"{draft.field}: {draft.needed!r} does not pass")
        return draft.needed, True, runs[0]
    needed = draft.needed
    after = case.run(draft.argument, draft.field, needed)
    if after is None:
        return needed, False, None
    if draft.step is None or draft.current is None or draft.kind == "raise":
        if not draft.test(after, needed):
            raise _UnverifiedError(f"{draft.field}: {needed!r} does not do what it should")
        return needed, True, after
    away = 1 if needed > draft.current else -1
    for _ in range(_NUDGES):
        if not draft.test(after, needed):
            needed = _shift(needed, away, draft.step)
            moved = case.run(draft.argument, draft.field, needed)
            if moved is None:
                return needed, False, None
            after = moved
            continue
        back = _shift(needed, -away, draft.step)
        before = case.run(draft.argument, draft.field, back)
        if before is None or back == draft.current or not draft.test(before, back):
            return needed, True, after
        needed, after = back, before
    raise _UnverifiedError(f"{draft.field}: {draft.needed!r} could not be confirmed")


def _finish(case: _Case, drafts: Iterable[_Draft]) -> Changes:
    changes = []
    for draft in drafts:
        needed, achievable, after = _settle(case, draft)
        if draft.kind != "fix" and not achievable:
            continue  # a margin, tier or cap that cannot be reached is no change to report
        if draft.effect is not None:
            effect: Effect = draft.effect
        else:
            effect = "becomes eligible" if after is not None and after.eligible else "meets the condition"
        delta = _delta(draft.current, needed)
        zh, en = draft.text(needed, delta, after)
        changes.append(
            Change(
                field=draft.field,
                argument=draft.argument,
                clause=draft.clause,
                current=draft.current,
                needed=needed,
                delta=delta,
                effect=effect,
                zh=zh,
                en=en,
                step=draft.step,
                achievable=achievable,
            )
        )
    return Changes(changes)


# --- the generic condition shapes ---------------------------------------------------------------------------------

_Requirement = Callable[[Any], tuple[str, str]]
"""The requirement at a boundary value, (zh, en): ("2024年营业收入需超过1000万元", "2024 revenue must exceed …")."""


def _fix_text(q: _Quantity, requirement: _Requirement) -> _Text:
    def text(needed: Any, delta: Decimal | int | None, _after: Decision | None) -> tuple[str, str]:
        zh, en = requirement(needed)
        if delta is None:
            return zh, en
        more = delta > 0
        dz, de = q.diff(abs(delta))
        if q.is_date:
            return f"{zh},需{'推后' if more else '提前'}{dz}", f"{en}: {de} {'later' if more else 'earlier'}"
        return f"{zh},{'还差' if more else '需减少'}{dz}", f"{en}: {de} {'more' if more else 'less'}"

    return text


def _margin_text(q: _Quantity, requirement: _Requirement, current: Any) -> _Text:
    def text(needed: Any, delta: Decimal | int | None, _after: Decision | None) -> tuple[str, str]:
        assert delta is not None
        last = _shift(needed, -1 if delta > 0 else 1, q.step)
        zh, en = requirement(last)
        nz, ne = q.value(needed)
        lz, le = q.value(last)
        room = abs(_delta(current, last) or 0)
        if room == 0:
            return (
                f"{zh}:已在临界值{lz},{nz}即不再符合",
                f"{en}: exactly at the limit {le}; at {ne} it no longer qualifies",
            )
        rz, re_ = q.diff(room)
        up = delta > 0
        if q.is_date:
            word_zh, word_en = ("推迟", f"may be {re_} later") if up else ("提前", f"may be {re_} earlier")
        else:
            word_zh, word_en = ("增加", f"may rise by {re_}") if up else ("减少", f"may fall by {re_}")
        return (
            f"{zh}:还可{word_zh}{rz}(至{lz}),{nz}即不再符合",
            f"{en}: it {word_en} (to {le}); at {ne} it no longer qualifies",
        )

    return text


def _bound(
    case: _Case,
    *,
    argument: str,
    field: str,
    clause: str,
    targets: Sequence[str],
    current: Any,
    side: Literal["lower", "upper"],
    boundary: Any,
    q: _Quantity,
    requirement: _Requirement,
    margin: bool = True,
) -> list[_Draft]:
    """A fix (the boundary) if the condition fails, else a margin (one step past the boundary).

    ``boundary`` is the passing value nearest the limit: the least for a lower
    bound (「以上」「超过」「以后」), the greatest for an upper one (「前」「内」).
    """
    if not case.held(targets):
        return [
            _Draft(argument, field, clause, current, boundary, "fix", _hold(targets), _fix_text(q, requirement), q.step)
        ]
    if not margin or current is None or not case.decision.eligible:
        return []
    flip = _shift(boundary, -1 if side == "lower" else 1, q.step)
    return [
        _Draft(
            argument,
            field,
            clause,
            current,
            flip,
            "margin",
            _fail(targets),
            _margin_text(q, requirement, current),
            q.step,
            "loses eligibility",
        )
    ]


def _window(
    case: _Case,
    *,
    argument: str,
    field: str,
    clause: str,
    targets: Sequence[str],
    current: date,
    first: date,
    last: date,
    early: tuple[str, str],
    late: tuple[str, str],
) -> list[_Draft]:
    """A date that must fall between ``first`` and ``last`` (both included); ``early``/``late`` say why, (zh, en)."""
    if case.held(targets) or current > last:
        drafts = _bound(
            case,
            argument=argument,
            field=field,
            clause=clause,
            targets=targets,
            current=current,
            side="upper",
            boundary=last,
            q=_DAYS,
            requirement=lambda _day: late,
        )
    else:
        drafts = _bound(
            case,
            argument=argument,
            field=field,
            clause=clause,
            targets=targets,
            current=current,
            side="lower",
            boundary=first,
            q=_DAYS,
            requirement=lambda _day: early,
        )
    if first > last:  # no day is inside: nothing can fix it
        return [
            _Draft(d.argument, d.field, d.clause, d.current, d.needed, d.kind, d.test, d.text, d.step, d.effect, False)
            for d in drafts
            if d.kind == "fix"
        ]
    return drafts


def _flag(
    case: _Case, *, argument: str, field: str, clause: str, key: str, needed: bool, zh: str, en: str
) -> list[_Draft]:
    if case.held((key,)):
        return []
    return [
        _Draft(
            argument,
            field,
            clause,
            not needed,
            needed,
            "fix",
            _hold((key,)),
            lambda _n, _d, _a: (f"须{zh}", f"must hold: {en}"),
        )
    ]


def _choice(
    case: _Case,
    *,
    argument: str,
    field: str,
    targets: Sequence[str],
    current: str,
    allowed: tuple[str, ...],
    zh: str,
    en: str,
    names_en: tuple[str, ...] | None = None,
) -> list[_Draft]:
    if case.held(targets):
        return []
    clause = next(r.clause for r in case.decision.reasons if r.key in targets and not r.held)
    listed_zh, listed_en = "、".join(allowed), ", ".join(names_en or allowed)
    return [
        _Draft(
            argument,
            field,
            clause,
            current,
            allowed,
            "fix",
            _hold(targets),
            lambda _n, _d, _a: (
                f"{zh}须为{listed_zh}之一(现为{current})",
                f"{en} must be one of {listed_en} (now {current})",
            ),
        )
    ]


# --- a document's condition tables: each check inverted -----------------------------------------------------


def _check(case: _Case, argument: str, applicant: Any, params: Any, check: TypedCheck) -> list[_Draft]:
    """What must change for one check of a document's table (a flag's fix; a threshold's, a ratio's or a window's
    boundary, or the margin when eligible). A fact not given (``None``: a stated flag, an optional date) has no
    change. Memberships and dates within months of another are inverted by :func:`table_drafts`."""
    if isinstance(check, Compare):
        return _compare(case, argument, applicant, params, check)
    if isinstance(check, PresumedFlag):
        return _flag(
            case,
            argument=argument,
            field=check.field,
            clause=check.clause,
            key=check.key,
            needed=True,
            zh=check.need_zh,
            en=check.need_en,
        )
    if not isinstance(check, Check):
        raise TypeError(f"{check.key}: {type(check).__name__} is inverted by table_drafts")
    current = getattr(applicant, check.field)
    if isinstance(check, FlagCheck | StatedFlag):
        if current is None:
            return []
        return _flag(
            case,
            argument=argument,
            field=check.field,
            clause=check.clause,
            key=check.key,
            needed=check.needed,
            zh=check.need_zh,
            en=check.need_en,
        )
    if current is None:
        return []
    if isinstance(check, Window):
        early, late = check.needs(params)
        return _window(
            case,
            argument=argument,
            field=check.field,
            clause=check.clause,
            targets=(check.key,),
            current=current,
            first=_passing(check.start_word, getattr(params, check.start), 1),
            last=_passing(check.end_word, getattr(params, check.end), 1),
            early=early,
            late=late,
        )
    limit = getattr(params, check.parameter)
    q = _DAYS if isinstance(limit, date) else _MONEY
    need = (check.need_zh.format(limit=zh_text(limit)), check.need_en.format(limit=en_text(limit)))
    return _bound(
        case,
        argument=argument,
        field=check.field,
        clause=check.clause,
        targets=(check.key,),
        current=current,
        side="lower" if check.lower else "upper",
        boundary=_passing(check.word, limit, 1 if isinstance(limit, date) else FEN),
        q=q,
        requirement=lambda _v: need,
    )


def _table(case: _Case, argument: str, applicant: Any, params: Any, table: Sequence[Check]) -> list[_Draft]:
    """What must change for each check of ``table`` (its order; the checks of one field together).

    Two or more date checks on one field with a least and a greatest day (e.g. 87号 第三条(一)'s 「8月底前」 and
    第八条's validity) are intersected into one window: the fix or margin names the day of the check that binds
    (the latest start, the earliest end; the first in the table on a tie) under that check's clause.
    """
    fields: dict[str, list[Check]] = {}
    for check in table:
        fields.setdefault(check.field, []).append(check)
    drafts: list[_Draft] = []
    for checks in fields.values():
        window = _intersected(case, argument, applicant, params, checks)
        if window is not None:
            drafts += window
            continue
        for check in checks:
            drafts += _check(case, argument, applicant, params, check)
    return drafts


def _intersected(
    case: _Case, argument: str, applicant: Any, params: Any, checks: Sequence[Check]
) -> list[_Draft] | None:
    """The date checks of one field as one window (None: not two or more with both a start and an end)."""
    current = getattr(applicant, checks[0].field)
    if len(checks) < 2 or not isinstance(current, date):
        return None
    starts: list[tuple[date, str, tuple[str, str]]] = []
    ends: list[tuple[date, str, tuple[str, str]]] = []
    for check in checks:
        if isinstance(check, Window):
            early, late = check.needs(params)
            starts.append((_passing(check.start_word, getattr(params, check.start), 1), check.clause, early))
            ends.append((_passing(check.end_word, getattr(params, check.end), 1), check.clause, late))
        elif isinstance(check, Threshold):
            limit = getattr(params, check.parameter)
            need = (check.need_zh.format(limit=zh_text(limit)), check.need_en.format(limit=en_text(limit)))
            (starts if check.lower else ends).append((_passing(check.word, limit, 1), check.clause, need))
        else:
            return None
    if not starts or not ends:
        return None
    first = starts[0]
    for start in starts[1:]:
        first = start if start[0] > first[0] else first
    last = ends[0]
    for end in ends[1:]:
        last = end if end[0] < last[0] else last
    targets = tuple(check.key for check in checks)
    upper = case.held(targets) or current > last[0]
    return _window(
        case,
        argument=argument,
        field=checks[0].field,
        clause=last[1] if upper else first[1],
        targets=targets,
        current=current,
        first=first[0],
        last=last[0],
        early=first[2],
        late=last[2],
    )


# --- the check types of 79号's tables (conditions.Compare, Membership, Window, WithinMonths, PresumedFlag) -----------

_QUANTITIES: dict[str, _Quantity] = {
    "yuan": _MONEY,
    "m2": _M2,
    "mu": _MU,
    "count": _JOBS,
    "ratio": _RATIO,
    "date": _DAYS,
}


def _exact_passing(side: Literal["lower", "upper"], inclusive: bool, target: Fraction, step: Decimal | int) -> Any:
    """The passing multiple of ``step`` nearest an exact bound ``target`` (≥, >, ≤ or <), rounded outwards."""
    unit = Decimal(step)
    if side == "lower":
        value = _ceil(target, unit) if inclusive else _floor(target, unit) + unit
    else:
        value = _floor(target, unit) if inclusive else _ceil(target, unit) - unit
    return int(value) if isinstance(step, int) else value


def _compare(case: _Case, argument: str, applicant: Any, params: Any, check: Compare) -> list[_Draft]:
    """A quantity against a parameter: the field's boundary; for a ratio also the denominator's, each at the other."""
    limit = getattr(params, check.parameter)
    q = _QUANTITIES[check.quantity]
    side: Literal["lower", "upper"] = "lower" if check.lower else "upper"
    current = getattr(applicant, check.field)
    if check.over is None:
        need = fill(check.need_zh, check.need_en, limit=limit)
        return _bound(
            case,
            argument=argument,
            field=check.field,
            clause=check.clause,
            targets=(check.key,),
            current=current,
            side=side,
            boundary=_passing(check.word, limit, q.step),
            q=q,
            requirement=lambda _v: need,
        )
    over = getattr(applicant, check.over)
    inclusive = WORDS[check.word].inclusive
    drafts = _bound(
        case,
        argument=argument,
        field=check.field,
        clause=check.clause,
        targets=(check.key,),
        current=current,
        side=side,
        boundary=_exact_passing(side, inclusive, Fraction(limit) * Fraction(over), q.step),
        q=q,
        requirement=lambda b: fill(check.need_zh, check.need_en, needed=b, limit=limit, field=current, over=over),
    )
    if limit > 0:
        q_over = _QUANTITIES[check.over_quantity]
        flipped: Literal["lower", "upper"] = "upper" if side == "lower" else "lower"
        drafts += _bound(
            case,
            argument=argument,
            field=check.over,
            clause=check.clause,
            targets=(check.key,),
            current=over,
            side=flipped,
            boundary=_exact_passing(flipped, inclusive, Fraction(current) / Fraction(limit), q_over.step),
            q=q_over,
            requirement=lambda b: fill(
                check.need_over_zh, check.need_over_en, needed=b, limit=limit, field=current, over=over
            ),
        )
    return drafts


def _membership(case: _Case, argument: str, applicant: Any, params: Any, group: Sequence[Membership]) -> list[_Draft]:
    """One value that must be in every list of ``group`` (memberships of one field): the values that pass them all."""
    last = group[-1]
    allowed = [
        value
        for value in getattr(params, last.parameter)
        if all(check.matches(value, getattr(params, check.parameter)) for check in group[:-1])
    ]
    current = getattr(applicant, last.field)
    enum = any(isinstance(value, Enum) for value in allowed)
    return _choice(
        case,
        argument=argument,
        field=last.field,
        targets=tuple(check.key for check in group),
        current=current.value if isinstance(current, Enum) else current,
        allowed=tuple(value.value if isinstance(value, Enum) else value for value in allowed),
        zh=last.name_zh,
        en=last.name_en,
        names_en=tuple(str(getattr(value, "en", value)) for value in allowed) if enum else None,
    )


def _within_months(
    case: _Case, arguments: Callable[[str], str], applicant: Any, params: Any, check: WithinMonths
) -> list[_Draft]:
    """A date within months of another: the date by the deadline, or a later start; a missing start first."""
    months = getattr(params, check.parameter)
    since, counted = getattr(applicant, check.since), getattr(applicant, check.field)
    targets = (check.key,)
    if since is None:
        if counted is None:
            text = fill(check.need_both_zh, check.need_both_en, months=months)
            return [
                _Draft(arguments(check.since), check.since, check.clause, None, None, "fix", _hold(targets),
                       lambda _n, _d, _a: text)
            ]  # fmt: skip
        earliest = _earliest_start(counted, months)
        if check.since_floor is not None:
            earliest = max(earliest, getattr(applicant, check.since_floor))
        return [
            _Draft(
                arguments(check.since),
                check.since,
                check.clause,
                None,
                earliest,
                "fix",
                _hold(targets),
                lambda n, _d, _a: fill(check.need_start_zh, check.need_start_en, since=n, value=counted, months=months),
                1,
            )
        ]
    deadline = months_after(since, months)
    need = fill(check.need_zh, check.need_en, deadline=deadline, months=months)
    drafts = _bound(
        case,
        argument=arguments(check.field),
        field=check.field,
        clause=check.clause,
        targets=targets,
        current=counted,
        side="upper",
        boundary=_passing(check.word, deadline, 1),
        q=_DAYS,
        requirement=lambda _d: need,
    )
    if counted is not None and not case.held(targets):
        drafts += _bound(
            case,
            argument=arguments(check.since),
            field=check.since,
            clause=check.clause,
            targets=targets,
            current=since,
            side="lower",
            boundary=_earliest_start(counted, months),
            q=_DAYS,
            margin=False,
            requirement=lambda d: fill(check.need_since_zh, check.need_since_en, since=d, value=counted, months=months),
        )
    return drafts


def table_drafts(
    case: _Case,
    models: Mapping[str, Any],
    params: Any,
    tables: Sequence[tuple[Sequence[TypedCheck], Sequence[str]]],
    *,
    overrides: Mapping[str, list[_Draft]] | None = None,
) -> list[_Draft]:
    """Every check of ``tables`` inverted, in their order: the generic inversion of a document's conditions.

    ``models`` maps each argument of the rule to its model (``{"enterprise": …, "lease": …}``); each table comes
    with the arguments it reads (``(RENT_CONDITIONS, ("enterprise", "lease"))``), and a check's field belongs to
    the first of them that declares it. Memberships of one field (the business form of 第二条(一) and of 第三条(二))
    make one choice among the values that pass them all. ``overrides`` gives a check's drafts where a document knows
    more than its table (the signing date of a lease bounded by the lease year).
    """
    checks = [(check, names) for table, names in tables for check in table]
    drafts: list[_Draft] = []
    done: set[str] = set()
    for check, names in checks:
        if check.key in done:
            continue
        facts = Facts(*(models[name] for name in names))

        def argument(field: str, names: Sequence[str] = names) -> str:
            return next(name for name in names if field in type(models[name]).model_fields)

        if overrides is not None and check.key in overrides:
            drafts += overrides[check.key]
        elif isinstance(check, Membership):
            group = [check]
            if not check.prefix:
                group = [
                    other
                    for other, where in checks
                    if isinstance(other, Membership)
                    and not other.prefix
                    and other.field == check.field
                    and argument(check.field) == next(n for n in where if other.field in type(models[n]).model_fields)
                ]
            done.update(c.key for c in group)
            drafts += _membership(case, argument(check.field), facts, params, group)
        elif isinstance(check, WithinMonths):
            drafts += _within_months(case, argument, facts, params, check)
        else:
            drafts += _check(case, argument(check.field), facts, params, check)
    return drafts


# --- the documents' explainers, each in its document's package on this engine -------------------------------------

_HEADQUARTERS = ("hq_land", "hq_rent")
"""79号's explainers, in ``headquarters/_explain.py``: imported when first asked for, as 87号's."""


_USED_CAR = ("used_car_growth", "used_car_scale")
"""87号's explainers, in ``used_car/_explain.py``: it builds on the engine of this module, so they are imported
when first asked for (whichever of the two modules is imported first)."""


def __getattr__(name: str) -> Any:
    if name in _USED_CAR:
        from .used_car import _explain

        return getattr(_explain, name)
    if name in _HEADQUARTERS:
        from .headquarters import _explain as headquarters_explain

        return getattr(headquarters_explain, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _by_rule() -> dict[str, tuple[Callable[..., Decision], Callable[..., Changes]]]:
    from .headquarters._explain import hq_land, hq_rent
    from .used_car._explain import used_car_growth, used_car_scale

    return {
        "used_car.scale_reward": (used_car.scale_reward, used_car_scale),
        "used_car.growth_reward": (used_car.growth_reward, used_car_growth),
        "headquarters.land_subsidy": (headquarters.land_subsidy, hq_land),
        "headquarters.rent_subsidy": (headquarters.rent_subsidy, hq_rent),
    }


@in_context
def what_must_change(decision: Decision, **inputs: Any) -> Changes:
    """Explain ``decision``: dispatch on its rule to the function of this module that explains it.

    The four: :func:`used_car_scale`, :func:`used_car_growth`, :func:`hq_land`, :func:`hq_rent`.

    ``inputs`` are the keyword arguments the rule was called with (``params``
    included when not the default; ``other_subsidies`` is accepted and ignored).
    Raises ``KeyError`` for another rule and ``ValueError`` when the inputs do
    not give ``decision`` again.
    """
    rule, explain = _by_rule()[decision.rule]
    again = rule(**inputs)
    if (again.eligible, again.amount) != (decision.eligible, decision.amount):
        raise ValueError("these inputs do not give this decision: pass the arguments the rule was called with")
    return explain(**{name: value for name, value in inputs.items() if name != "other_subsidies"})


# --- display ------------------------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是 true" if value else "否 false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return " / ".join(str(v) for v in value)
    return str(value)


def render_changes(changes: Iterable[Change]) -> str:
    """Changes as plain text: one entry each, the effect, the clause, then the Chinese and English messages."""
    lines = []
    for change in changes:
        flag = "" if change.achievable else " (不可实现 / not achievable)"
        lines.append(f"→ [{change.clause}] {_EFFECT_ZH[change.effect]} / {change.effect}{flag}: {change.zh}")
        lines.append(f"      {change.en}")
    return "\n".join(lines) if lines else "无 / none"


def render_changes_html(changes: Iterable[Change]) -> str:
    """Changes as an HTML table for a notebook (every string escaped)."""
    esc = html.escape
    rows = "".join(
        f"<tr><td><code>{esc(c.clause)}</code></td><td><code>{esc(c.argument)}.{esc(c.field)}</code></td>"
        f"<td>{esc(_shown(c.current))}</td><td><strong>{esc(_shown(c.needed))}</strong></td>"
        f"<td>{esc(_shown(c.delta))}</td>"
        f"<td>{esc(_EFFECT_ZH[c.effect])}<br><small>{esc(c.effect)}</small>"
        f"{'' if c.achievable else '<br><em>不可实现 not achievable</em>'}</td>"
        f"<td>{esc(c.zh)}<br><small>{esc(c.en)}</small></td></tr>"
        for c in changes
    )
    return (
        "<table class='hongshan-changes'><thead><tr><th>条款 clause</th><th>字段 field</th><th>现值 current</th>"
        "<th>需要 needed</th><th>差额 delta</th><th>效果 effect</th><th>说明 what must change</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
