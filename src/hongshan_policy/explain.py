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
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from dateutil.relativedelta import relativedelta

from . import used_car
from .comparisons import WORDS
from .conditions import Check, FlagCheck, StatedFlag, Threshold, Window, en_text, zh_text
from .dates import months_after, zh_date
from .decisions import Decision
from .headquarters import DEFAULTS as HQ_DEFAULTS
from .headquarters import (
    BusinessForm,
    Enterprise,
    HQParameters,
    LandDeal,
    LandProject,
    Lease,
    land_subsidy,
    rent_subsidy,
)
from .headquarters._rent import earning_from
from .inputs import in_context
from .money import FEN, fmt_percent, fmt_wan, fmt_yuan, money_arg

if TYPE_CHECKING:  # at run time: __getattr__ below
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


def _check(case: _Case, argument: str, applicant: Any, params: Any, check: Check) -> list[_Draft]:
    """What must change for one check of a document's table (a flag's fix; a threshold's or a window's boundary,
    or the margin when eligible). A fact not given (``None``: a stated flag, an optional date) has no change."""
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


# --- 79号 headquarters ---------------------------------------------------------------------------------------------

_HQ_FLAGS = (
    (
        "hq:2/registered-in-hongshan",
        "registered_in_hongshan",
        True,
        "hq:2",
        "在红山区依法登记注册纳税",
        "registered and paying tax in Hongshan",
    ),
    (
        "hq:2/independent-legal-person",
        "independent_legal_person",
        True,
        "hq:2",
        "有独立法人资格",
        "an independent legal person",
    ),
    ("hq:2/independent-accounting", "independent_accounting", True, "hq:2", "独立核算", "keeps independent accounts"),
    (
        "hq:2/no-serious-dishonesty-record",
        "serious_dishonesty_record",
        False,
        "hq:2",
        "无严重违法失信记录",
        "no record of serious illegality",
    ),
    (
        "hq:2/hq-functions",
        "hq_functions",
        True,
        "hq:2",
        "具有战略规划、经营决策、组织管理等总部职能",
        "exercises headquarters functions",
    ),
    (
        "hq:2.3/industrial-policy",
        "conforms_to_industrial_policy",
        True,
        "hq:2.3",
        "符合国家、自治区、赤峰市及红山区产业发展政策",
        "conforms to the industrial policies",
    ),
)
_CAPITAL, _INDUSTRY, _FORM = "hq:2.1/registered-capital", "hq:2.1/industry", "hq:2.1/business-form"


def _enterprise(
    case: _Case, enterprise: Enterprise, params: HQParameters, *, forms: tuple[str, ...], form_targets: Sequence[str]
) -> list[_Draft]:
    """第二条 and (一)(三): the reasons of ``hq_conditions`` in every headquarters rule (and the rent forms)."""
    drafts: list[_Draft] = []
    for key, field, needed, clause, zh, en in _HQ_FLAGS:
        drafts += _flag(case, argument="enterprise", field=field, clause=clause, key=key, needed=needed, zh=zh, en=en)
    minimum = params.registered_capital_min
    drafts += _bound(
        case,
        argument="enterprise",
        field="registered_capital",
        clause="hq:2.1",
        targets=(_CAPITAL,),
        current=enterprise.registered_capital,
        side="lower",
        boundary=_passing("不低于", minimum, FEN),
        q=_MONEY,
        requirement=lambda _v: (
            f"注册资本金需不低于{fmt_wan(minimum)}",
            f"registered capital must be at least {fmt_yuan(minimum)}",
        ),
    )
    drafts += _choice(
        case,
        argument="enterprise",
        field="industry_code",
        targets=(_INDUSTRY,),
        current=enterprise.industry_code,
        allowed=tuple(params.qualifying_industries),
        zh="行业代码(GB/T 4754-2017)",
        en="the industry code (GB/T 4754-2017)",
    )
    drafts += _choice(
        case,
        argument="enterprise",
        field="business_form",
        targets=form_targets,
        current=enterprise.business_form.value,
        allowed=forms,
        zh="经营业态",
        en="the business form",
        names_en=tuple(BusinessForm(form).en for form in forms),
    )
    return drafts


def _signed(
    case: _Case,
    *,
    argument: str,
    field: str,
    clause: str,
    key: str,
    current: date,
    what: tuple[str, str],
    params: HQParameters,
    latest: date | None = None,
) -> list[_Draft]:
    first: date = _passing("起", params.valid_from, 1)
    last: date = _passing("前", params.last_signing_day, 1)
    early = (f"{what[0]}需于本政策施行之日({zh_date(first)})起签订", f"{what[1]} must be signed on or after {first}")
    within = (
        f"{what[0]}最迟需于{zh_date(last)}(本政策有效期内)签订",
        f"{what[1]} must be signed by {last}, within validity",
    )
    if latest is not None and current >= first:
        # rent_days_from: a lease signed after its lease year ends leaves that year nothing to earn
        year_binds = latest < last
        bound = min(last, latest)
        late = (
            (
                f"{what[0]}最迟需于{zh_date(bound)}(该租赁年末日;签订前的天数不计补贴)签订",
                f"{what[1]} must be signed by {bound}, the last day of the lease year (days before signing earn "
                "nothing)",
            )
            if year_binds
            else within
        )
        return _window(
            case,
            argument=argument,
            field=field,
            clause="hq:3.2.1" if year_binds or current > latest else clause,
            targets=(key, *_YEAR),
            current=current,
            first=first,
            last=bound,
            early=early,
            late=late,
        )
    return _window(
        case,
        argument=argument,
        field=field,
        clause=clause,
        targets=(key,),
        current=current,
        first=first,
        last=last,
        early=early,
        late=within,
    )


# the keys of land_subsidy's own reasons (after those of hq_conditions)
_NEW_PROJECT, _CONTRACT, _PER_MU = (
    "hq:2.2/new-project-in-hongshan",
    "hq:2.2/contract-within-validity",
    "hq:2.2/investment-per-mu",
)
_SAME_ENTITY, _LAND_STATISTICS, _SELF_HELD, _DIRECT_JOBS, _LAND_USE = (
    "hq:3.1/same-entity",
    "hq:3.1/statistics-within-months",
    "hq:3.1/self-held-share",
    "hq:3.1/direct-jobs",
    "hq:3.1/land-use-unchanged",
)


def _per_mu(case: _Case, deal: LandDeal, params: HQParameters) -> list[_Draft]:
    """第二条(二) 「亩均固定资产投资在1000万元以上」: the investment at the area, and the area at the investment."""
    minimum = params.investment_per_mu_min
    investment, area = deal.fixed_asset_investment, deal.area_mu
    per_mu = fmt_wan(minimum)
    drafts = _bound(
        case,
        argument="deal",
        field="fixed_asset_investment",
        clause="hq:2.2",
        targets=(_PER_MU,),
        current=investment,
        side="lower",
        boundary=_ceil(Fraction(minimum) * Fraction(area), FEN),
        q=_MONEY,
        requirement=lambda b: (
            f"固定资产投资需达到{_yuan(b)[0]}(土地{area}亩,亩均{per_mu}以上)",
            f"fixed-asset investment must be at least {fmt_yuan(b)} ({fmt_yuan(minimum)} per mu over {area} mu)",
        ),
    )
    if minimum > 0:
        drafts += _bound(
            case,
            argument="deal",
            field="area_mu",
            clause="hq:2.2",
            targets=(_PER_MU,),
            current=area,
            side="upper",
            boundary=_floor(Fraction(investment) / Fraction(minimum), FEN),
            q=_MU,
            requirement=lambda b: (
                f"土地面积需不超过{b:,.2f}亩(固定资产投资{_yuan(investment)[0]},亩均{per_mu}以上)",
                f"the land area must be at most {b:,.2f} mu (for {fmt_yuan(investment)} to be {fmt_yuan(minimum)} "
                "per mu)",
            ),
        )
    return drafts


def _land_statistics(case: _Case, deal: LandDeal, project: LandProject, params: HQParameters) -> list[_Draft]:
    """第三条(一) 「在项目正式竣工12个月内完成入统」: the statistics date, or a later completion."""
    months = params.land_statistics_months
    completed, counted = project.completed_on, project.statistics_registered_on
    if completed is None:
        if counted is None:
            text = (
                f"项目须正式竣工,并在竣工后{months}个月内完成入统",
                f"the project must be formally completed and entered in the statistics within {months} months",
            )
            return [
                _Draft(
                    argument="project",
                    clause="hq:3.1",
                    field="completed_on",
                    current=None,
                    needed=None,
                    kind="fix",
                    test=_hold((_LAND_STATISTICS,)),
                    text=lambda _n, _d, _a: text,
                )
            ]
        earliest = max(_earliest_start(counted, months), deal.contract_signed_on)
        return [
            _Draft(
                argument="project",
                clause="hq:3.1",
                field="completed_on",
                current=None,
                needed=earliest,
                kind="fix",
                test=_hold((_LAND_STATISTICS,)),
                step=1,
                text=lambda n, _d, _a: (
                    f"项目须正式竣工,竣工日期不早于{zh_date(n)}(入统日期{zh_date(counted)}须在竣工{months}个月内)",
                    f"the project must be formally completed on or after {n.isoformat()} (the statistics date "
                    f"{counted.isoformat()} must be within {months} months of it)",
                ),
            )
        ]
    deadline = months_after(completed, months)
    requirement: _Requirement = lambda _d: (  # noqa: E731
        f"须于{zh_date(deadline)}前完成入统(竣工{months}个月内)",
        f"the project must be entered in the statistics by {deadline.isoformat()} ({months} months from completion)",
    )
    drafts = _bound(
        case,
        argument="project",
        clause="hq:3.1",
        field="statistics_registered_on",
        targets=(_LAND_STATISTICS,),
        current=counted,
        side="upper",
        boundary=_passing("内", deadline, 1),
        q=_DAYS,
        requirement=requirement,
    )
    if counted is not None and not case.held((_LAND_STATISTICS,)):
        earliest = _earliest_start(counted, months)
        drafts += _bound(
            case,
            argument="project",
            clause="hq:3.1",
            field="completed_on",
            targets=(_LAND_STATISTICS,),
            current=completed,
            side="lower",
            boundary=earliest,
            q=_DAYS,
            margin=False,
            requirement=lambda d: (
                f"或项目正式竣工日期需不早于{zh_date(d)}(入统日期{zh_date(counted)}方在竣工{months}个月内)",
                f"or the project must be completed on or after {d.isoformat()} (for {counted.isoformat()} to be "
                f"within {months} months)",
            ),
        )
    return drafts


def _self_held(case: _Case, deal: LandDeal, params: HQParameters) -> list[_Draft]:
    """第三条(一) 「企业持有地上总建筑面积比例不低于50%」: the held area, or the above-ground area."""
    share = params.self_held_min
    held, above = deal.self_held_floor_area, deal.above_ground_floor_area
    pct = fmt_percent(share)
    drafts = _bound(
        case,
        argument="deal",
        field="self_held_floor_area",
        clause="hq:3.1",
        targets=(_SELF_HELD,),
        current=held,
        side="lower",
        boundary=_ceil(Fraction(share) * Fraction(above), FEN),
        q=_M2,
        requirement=lambda b: (
            f"企业持有地上建筑面积需不低于{b:,.2f}平方米(地上总建筑面积{above:,.2f}平方米的{pct})",
            f"the self-held floor area must be at least {b:,.2f} m² ({pct} of {above:,.2f} m² above ground)",
        ),
    )
    if share > 0:
        drafts += _bound(
            case,
            argument="deal",
            field="above_ground_floor_area",
            clause="hq:3.1",
            targets=(_SELF_HELD,),
            current=above,
            side="upper",
            boundary=_floor(Fraction(held) / Fraction(share), FEN),
            q=_M2,
            requirement=lambda b: (
                f"地上总建筑面积需不超过{b:,.2f}平方米(企业持有{held:,.2f}平方米方不低于{pct})",
                f"the above-ground floor area must be at most {b:,.2f} m² (for the {held:,.2f} m² held to be "
                f"at least {pct})",
            ),
        )
    return drafts


def _remainder(case: _Case, deal: LandDeal, params: HQParameters) -> list[_Draft]:
    """「不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额」: a remainder of 0 leaves nothing."""
    *before, last = case.decision.reasons
    if last.held or not all(r.held for r in before):
        return []  # the remainder is only weighed once every condition holds (land_subsidy stops before it)
    winning = deal.winning_price
    known = {
        name: value
        for name, value in (("comprehensive_cost", deal.comprehensive_cost), ("benchmark_price", deal.benchmark_price))
        if value is not None
    }
    smaller = params.land_cap_reading == "smaller"
    binding = max(known.values()) if smaller else min(known.values())
    test = _hold((last.key,))
    drafts = [
        _Draft(
            "deal",
            "winning_price",
            "hq:3.1",
            winning,
            _passing("超过", binding, FEN),
            "fix",
            test,
            _fix_text(
                _MONEY,
                lambda _v: (
                    f"土地拍得价款需超过{_yuan(binding)[0]}(扣除后剩余数额须大于0)",
                    f"the winning price must exceed {fmt_yuan(binding)} (the remainder must be above zero)",
                ),
            ),
            FEN,
        )
    ]
    labels = {
        "comprehensive_cost": ("土地综合成本", "the comprehensive cost"),
        "benchmark_price": ("区域基准地价", "the benchmark price"),
    }
    for name, value in known.items():
        if value < winning:
            continue  # this remainder is above zero already
        others = [v for n, v in known.items() if n != name]
        alone = not smaller or all(v < winning for v in others)
        zh, en = labels[name]
        drafts.append(
            _Draft(
                "deal",
                name,
                "hq:3.1",
                value,
                _passing("少于", winning, FEN),
                "fix",
                test,
                _fix_text(_MONEY, _below(zh, en, winning)),
                FEN,
                possible=alone,
            )
        )
    return drafts


def _below(zh: str, en: str, winning: Decimal) -> _Requirement:
    return lambda _v: (
        f"{zh}需低于土地拍得价款{_yuan(winning)[0]}",
        f"{en} must be below the winning price {fmt_yuan(winning)}",
    )


def _land_rate(case: _Case, deal: LandDeal, rate: Decimal, params: HQParameters) -> list[_Draft]:
    """For an eligible land subsidy: the rate (at most 25%) that reaches the remainder cap, or the highest rate."""
    highest = params.land_rate_max
    amount = case.decision.amount
    if rate >= highest:
        return []
    at_highest = case.run("rate", "rate", highest)
    if at_highest is None or at_highest.amount <= amount:
        return []
    remainders = [deal.winning_price - v for v in (deal.comprehensive_cost, deal.benchmark_price) if v is not None]
    cap = min(remainders) if params.land_cap_reading == "smaller" else max(remainders)
    if at_highest.amount == cap:
        above = Fraction(deal.above_ground_floor_area)
        base = Fraction(deal.reserve_price) * (above - Fraction(deal.commercial_apartment_floor_area)) / above
        needed = min(highest, _ceil((Fraction(cap) - Fraction(FEN) / 2) / base, _RATIO_STEP))

        def cap_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
            assert after is not None
            return (
                f"奖补比例提高到{fmt_percent(needed)}(最高{fmt_percent(highest)})时,奖补资金达到剩余数额上限"
                f"{_yuan(cap)[0]},由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}",
                f"at a rate of {fmt_percent(needed)} (at most {fmt_percent(highest)}) the subsidy reaches the "
                f"remainder cap of {fmt_yuan(cap)}: from {fmt_yuan(amount)} to {fmt_yuan(after.amount)}",
            )

        return [
            _Draft(
                argument="rate",
                field="rate",
                clause="hq:3.1",
                current=rate,
                step=_RATIO_STEP,
                needed=needed,
                kind="amount",
                test=lambda d, _v: d.amount == cap,
                text=cap_text,
                effect="reaches the cap",
            )
        ]

    def raise_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
        assert after is not None
        return (
            f"奖补比例提高到最高{fmt_percent(needed)},奖补资金由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}"
            f"(剩余数额上限{_yuan(cap)[0]}不会达到)",
            f"at the highest rate of {fmt_percent(needed)} the subsidy rises from {fmt_yuan(amount)} to "
            f"{fmt_yuan(after.amount)} (the remainder cap of {fmt_yuan(cap)} is not reached)",
        )

    return [
        _Draft(
            argument="rate",
            field="rate",
            clause="hq:3.1",
            current=rate,
            step=_RATIO_STEP,
            needed=highest,
            kind="raise",
            test=lambda d, _v: d.amount > amount,
            text=raise_text,
            effect="raises the amount",
        )
    ]


@in_context
def hq_land(
    enterprise: Enterprise,
    deal: LandDeal,
    project: LandProject,
    *,
    rate: Decimal | None = None,
    params: HQParameters = HQ_DEFAULTS,
) -> Changes:
    """What must change for the land-price subsidy of 第三条(一) (:func:`hongshan_policy.headquarters.land_subsidy`).

    第三条(一) 「……在项目正式竣工12个月内完成入统、企业持有地上总建筑面积比例不低于50%、直接带动就业300人以上的,
    ……参考土地出让底价最高可奖补25%……但财政奖补资金均不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额……」
    with 第二条 (its item (二): 亩均固定资产投资1000万元以上, the land won within validity).

    Returns, when not eligible, the smallest fix of each failed condition: the
    flags and the category of 第二条, the registered capital, the investment at
    the current area and the area at the current investment, the contract date,
    the statistics date (or a later completion), the self-held area and the
    above-ground area, the jobs, and a remainder above zero. When eligible: the
    rate that reaches the remainder cap (or the highest rate), and the margins
    of each threshold.
    """
    rate = params.land_rate_max if rate is None else money_arg(rate, "rate", places=None)
    inputs: dict[str, Any] = {
        "enterprise": enterprise,
        "deal": deal,
        "project": project,
        "rate": rate,
        "params": params,
    }
    case = _Case(land_subsidy, inputs, land_subsidy(**inputs))
    forms = tuple(form.value for form in params.business_forms)
    drafts = _enterprise(case, enterprise, params, forms=forms, form_targets=(_FORM,))
    drafts += _flag(
        case,
        argument="deal",
        field="new_project_in_hongshan",
        clause="hq:2.2",
        key=_NEW_PROJECT,
        needed=True,
        zh="申请新建项目在红山区实施",
        en="the new project is carried out in Hongshan",
    )
    drafts += _signed(
        case,
        argument="deal",
        field="contract_signed_on",
        clause="hq:2.2",
        key=_CONTRACT,
        current=deal.contract_signed_on,
        what=("国有建设用地使用权出让合同", "the land contract"),
        params=params,
    )
    drafts += _per_mu(case, deal, params)
    drafts += _flag(
        case,
        argument="deal",
        field="same_entity",
        clause="hq:3.1",
        key=_SAME_ENTITY,
        needed=True,
        zh="竞得土地、建设、运营为同一主体",
        en="the same entity wins, builds and operates",
    )
    drafts += _land_statistics(case, deal, project, params)
    drafts += _self_held(case, deal, params)
    jobs = params.direct_jobs_min
    drafts += _bound(
        case,
        argument="project",
        field="direct_jobs",
        clause="hq:3.1",
        targets=(_DIRECT_JOBS,),
        current=project.direct_jobs,
        side="lower",
        boundary=_passing("以上", jobs, 1),
        q=_JOBS,
        requirement=lambda _v: (f"直接带动就业需达到{jobs}人以上", f"direct jobs must be at least {jobs}"),
    )
    drafts += _flag(
        case,
        argument="deal",
        field="land_use_changed",
        clause="hq:3.1",
        key=_LAND_USE,
        needed=False,
        zh="不变更土地用途",
        en="the land use unchanged",
    )
    drafts += _remainder(case, deal, params)
    if case.decision.eligible:
        drafts += _land_rate(case, deal, rate, params)
    return _finish(case, drafts)


# the keys of rent_subsidy's own reasons (after those of hq_conditions); the lease year's reason takes one of _YEAR
_RENT_FORM, _AREA, _RATIO_INDEX, _RENT_STATISTICS, _LEASE_SIGNED = (
    "hq:3.2/business-form",
    "hq:3.2/floor-area",
    "hq:3.2/specialised-ratio",
    "hq:3.2/statistics-within-months",
    "hq:5.1/lease-within-validity",
)
_YEAR = ("hq:3.2.1/within-schedule", "hq:3.2.1/lease-running", "hq:3.2.1/days-earning", "hq:3.2.1/amount")
_SUPERSEDED = "hq:5.1/before-supersession"


def _rent_statistics(case: _Case, enterprise: Enterprise, params: HQParameters) -> list[_Draft]:
    """第三条(二) 「在工商注册12个月内完成入统」: the statistics date, or a later registration."""
    months = params.rent_statistics_months
    registered, counted = enterprise.registered_on, enterprise.statistics_registered_on
    deadline = months_after(registered, months)
    drafts = _bound(
        case,
        argument="enterprise",
        field="statistics_registered_on",
        clause="hq:3.2",
        targets=(_RENT_STATISTICS,),
        current=counted,
        side="upper",
        boundary=_passing("内", deadline, 1),
        q=_DAYS,
        requirement=lambda d: (
            f"须于{zh_date(d)}前完成入统(工商注册{months}个月内)",
            f"the enterprise must be entered in the statistics by {d.isoformat()} ({months} months from registration)",
        ),
    )
    if counted is not None and not case.held((_RENT_STATISTICS,)):
        drafts += _bound(
            case,
            argument="enterprise",
            field="registered_on",
            clause="hq:3.2",
            targets=(_RENT_STATISTICS,),
            current=registered,
            side="lower",
            boundary=_earliest_start(counted, months),
            q=_DAYS,
            margin=False,
            requirement=lambda d: (
                f"或工商注册日期需不早于{zh_date(d)}(入统日期{zh_date(counted)}方在注册{months}个月内)",
                f"or the business registration must be on or after {d.isoformat()} (for {counted.isoformat()} to "
                f"be within {months} months)",
            ),
        )
    return drafts


def _superseded(lease: Lease, year: int, first: date, superseded: date) -> _Draft:
    """第五条(一) 「废止后本政策尚未享受完毕的不再享受」: the lease year must end before the supersession."""
    last = date.fromordinal(superseded.toordinal() - 1)
    return _Draft(
        "lease",
        "end",
        "hq:5.1",
        lease.end,
        last,
        "fix",
        _hold((_SUPERSEDED,)),
        _fix_text(
            _DAYS,
            lambda d: (
                f"本政策于{zh_date(superseded)}废止,第{year}租赁年须于{zh_date(d)}前届满(租赁合同须于该日前届满)",
                f"the policy was superseded on {superseded.isoformat()}: lease year {year} must end by "
                f"{d.isoformat()} (the lease ending then)",
            ),
        ),
        1,
        possible=last >= first,
    )


def _counted_from(lease: Lease, first: date, params: HQParameters) -> date:
    """The first day of a lease year from ``first`` that earns the subsidy (``rent_days_from``)."""
    earning = earning_from(lease, params)
    return first if earning is None else max(first, earning[0])


def _last_earning_day(lease: Lease, year: int, params: HQParameters) -> date | None:
    """Under ``rent_days_from="signed-and-in-force"``, the last signing day that leaves lease year ``year`` a day."""
    if params.rent_days_from != "signed-and-in-force" or year > params.rent_full_years + params.rent_half_years:
        return None
    last = months_after(lease.start, 12 * year) - timedelta(days=1)
    upto = last if lease.end is None else min(last, lease.end)
    return None if upto < months_after(lease.start, 12 * (year - 1)) else upto  # the lease ended before the year


def _lease_year(case: _Case, lease: Lease, year: int, params: HQParameters) -> list[_Draft]:
    """The lease year's own conditions: within 三免两减半, not after the lease ended, not after supersession."""
    decision = case.decision
    years = params.rent_full_years + params.rent_half_years
    if not any(decision.has(key) for key in _YEAR):
        return []
    first = months_after(lease.start, 12 * (year - 1))
    if not case.held(_YEAR) and year > years:
        covered = years
        if lease.end is not None:
            while covered > 1 and months_after(lease.start, 12 * (covered - 1)) > lease.end:
                covered -= 1
        return [
            _Draft(
                "year",
                "year",
                "hq:3.2.1",
                year,
                covered,
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _YEARS,
                    lambda y: (
                        f"补贴只适用于前{years}个租赁年:需为第{y}租赁年或更早",
                        f"the subsidy covers lease years 1-{years} only: year {y} or earlier",
                    ),
                ),
                1,
            )
        ]
    counted = _counted_from(lease, first, params)
    last_day = months_after(lease.start, 12 * year) - timedelta(days=1)
    if not case.held(_YEAR) and counted > last_day:
        # rent_days_from: the year lies wholly before the signing date: the signing date's change covers it,
        # unless the lease also ended before the year began (then no single change does)
        if lease.end is None or lease.end >= first:
            return []
        return [
            _Draft(
                "lease",
                "signed_on",
                "hq:3.2.1",
                lease.signed_on,
                last_day,
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _DAYS,
                    lambda d: (
                        f"租赁合同需于第{year}租赁年末日{zh_date(d)}前签订,且租赁需延续至该年",
                        f"the lease must be signed by {d.isoformat()}, the last day of lease year {year}, and last "
                        "into that year",
                    ),
                ),
                1,
                None,
                False,
            )
        ]
    if not case.held(_YEAR):
        blocked = params.superseded_on is not None and params.superseded_on <= first
        return [
            _Draft(
                "lease",
                "end",
                "hq:3.2.1",
                lease.end,
                _counted_from(lease, first, params),
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _DAYS,
                    lambda d: (
                        f"租赁合同需至少延续至第{year}租赁年首个计补贴日{zh_date(d)}",
                        f"the lease must last at least to {d.isoformat()}, the first subsidised day of lease year "
                        f"{year}",
                    ),
                ),
                1,
            ),
            *([_superseded(lease, year, counted, params.superseded_on)] if blocked and params.superseded_on else []),
        ]
    superseded = params.superseded_on
    if superseded is not None and not case.held((_SUPERSEDED,)):
        return [_superseded(lease, year, counted, superseded)]
    return []


def _rent_raises(case: _Case, lease: Lease, year: int, params: HQParameters) -> list[_Draft]:
    """For an eligible lease year: the floor area or the agreed rate that reaches the 300万 cap; a full lease year."""
    drafts: list[_Draft] = []
    cap, amount = params.rent_annual_cap, case.decision.amount
    first = months_after(lease.start, 12 * (year - 1))
    last = date.fromordinal(months_after(lease.start, 12 * year).toordinal() - 1)
    upto = last if lease.end is None else min(last, lease.end)
    days = (upto - _counted_from(lease, first, params)).days + 1
    share = params.rent_full_share if year <= params.rent_full_years else params.rent_half_share
    area, rate = lease.floor_area_m2, lease.agreed_rate
    target = Fraction(cap) - Fraction(FEN) / 2  # round_fen reaches the cap from here (ROUND_HALF_UP)
    reaches = lambda d, _v: d.amount == cap  # noqa: E731
    if amount < cap and share > 0:
        if rate > 0:
            needed = _ceil(target / (Fraction(rate) * days * Fraction(share)), FEN)
            drafts.append(
                _Draft(
                    "lease",
                    "floor_area_m2",
                    "hq:3.2.1",
                    area,
                    needed,
                    "amount",
                    reaches,
                    _fix_text(
                        _M2,
                        lambda a: (
                            f"运营面积为{a:,.2f}平方米时,第{year}租赁年补贴达到每年上限{fmt_wan(cap)}",
                            f"at {a:,.2f} m² lease year {year} reaches the yearly cap of {fmt_yuan(cap)}",
                        ),
                    ),
                    FEN,
                    "reaches the cap",
                )
            )
        if area > 0:
            _low, high = params.rate_range(lease.district)
            needed = _ceil(target / (Fraction(area) * days * Fraction(share)), FEN)
            note = (
                (
                    f",高于{lease.district.value}参考标准上限{high}元",
                    f", above the {lease.district.en} reference maximum of ¥{high}",
                )
                if needed > high
                else ("", "")
            )
            drafts.append(
                _Draft(
                    "lease",
                    "agreed_rate",
                    "hq:3.2.1",
                    rate,
                    needed,
                    "amount",
                    reaches,
                    _fix_text(
                        _DAILY_RATE,
                        lambda r: (
                            f"协议补贴标准为每天每平方米{r}元时,第{year}租赁年补贴达到每年上限{fmt_wan(cap)}{note[0]}",
                            f"at an agreed rate of ¥{r}/m²/day lease year {year} reaches the yearly cap of "
                            f"{fmt_yuan(cap)}{note[1]}",
                        ),
                    ),
                    FEN,
                    "reaches the cap",
                )
            )
        full = case.run("lease", "end", last) if upto < last else None
        if full is not None and full.amount > amount:  # a day's subsidy may round to nothing

            def full_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
                assert after is not None
                return (
                    f"租赁合同延续至{zh_date(needed)}(第{year}租赁年末),该年补贴由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}",
                    f"a lease running to {needed.isoformat()} (the end of lease year {year}) raises the year's subsidy "
                    f"from {fmt_yuan(amount)} to {fmt_yuan(after.amount)}",
                )

            drafts.append(
                _Draft(
                    "lease",
                    "end",
                    "hq:3.2.1",
                    lease.end,
                    last,
                    "raise",
                    lambda d, _v: d.amount > amount,
                    full_text,
                    1,
                    "raises the amount",
                )
            )
    return drafts


@in_context
def hq_rent(enterprise: Enterprise, lease: Lease, year: int, *, params: HQParameters = HQ_DEFAULTS) -> Changes:
    """What must change for one lease year of the rent subsidy of 第三条(二).

    第三条(二) 「……对运营面积(建筑面积)达到1万平方米及以上、专业化业态比例达到70%以上且在工商注册12个月内完成入统……的,
    给予房屋租赁补贴。」 1. 「……对单个企业每年补贴金额不超过300万元……」

    The rule is :func:`hongshan_policy.headquarters.rent_subsidy`. Returns, when
    not eligible, the smallest fix of each failed condition: the flags, category
    and capital of 第二条, the business form, the floor area
    (10,000.00 m²), the specialised ratio (70%), the statistics date (or a later
    registration), the signing date, and the lease year's own conditions. When
    eligible: the floor area and the agreed rate that reach the 300万 cap, a full
    lease year where the lease ends within it, and the margins of each threshold.
    """
    inputs: dict[str, Any] = {"enterprise": enterprise, "lease": lease, "year": year, "params": params}
    case = _Case(rent_subsidy, inputs, rent_subsidy(**inputs))
    forms = tuple(form.value for form in params.rent_business_forms if form in params.business_forms)
    drafts = _enterprise(case, enterprise, params, forms=forms, form_targets=(_FORM, _RENT_FORM))
    minimum_area, minimum_ratio = params.rent_floor_area_min, params.rent_specialised_ratio_min
    drafts += _bound(
        case,
        argument="lease",
        field="floor_area_m2",
        clause="hq:3.2",
        targets=(_AREA,),
        current=lease.floor_area_m2,
        side="lower",
        boundary=_passing("及以上", minimum_area, FEN),
        q=_M2,
        requirement=lambda _v: (
            f"运营面积(建筑面积)需达到{minimum_area:,.2f}平方米及以上",
            f"the operating floor area must be at least {minimum_area:,.2f} m²",
        ),
    )
    drafts += _bound(
        case,
        argument="lease",
        field="specialised_ratio",
        clause="hq:3.2",
        targets=(_RATIO_INDEX,),
        current=lease.specialised_ratio,
        side="lower",
        boundary=_passing("以上", minimum_ratio, _RATIO_STEP),
        q=_RATIO,
        requirement=lambda _v: (
            f"专业化业态比例需达到{fmt_percent(minimum_ratio)}以上",
            f"the specialised share must be at least {fmt_percent(minimum_ratio)}",
        ),
    )
    drafts += _rent_statistics(case, enterprise, params)
    drafts += _signed(
        case,
        argument="lease",
        field="signed_on",
        clause="hq:5.1",
        key=_LEASE_SIGNED,
        current=lease.signed_on,
        what=("房屋租赁合同", "the lease"),
        params=params,
        latest=_last_earning_day(lease, year, params),
    )
    drafts += _lease_year(case, lease, year, params)
    if case.decision.eligible:
        drafts += _rent_raises(case, lease, year, params)
    return _finish(case, drafts)


_USED_CAR = ("used_car_growth", "used_car_scale")
"""87号's explainers, in ``used_car/_explain.py``: it builds on the engine of this module, so they are imported
when first asked for (whichever of the two modules is imported first)."""


def __getattr__(name: str) -> Any:
    if name in _USED_CAR:
        from .used_car import _explain

        return getattr(_explain, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _by_rule() -> dict[str, tuple[Callable[..., Decision], Callable[..., Changes]]]:
    from .used_car._explain import used_car_growth, used_car_scale

    return {
        "used_car.scale_reward": (used_car.scale_reward, used_car_scale),
        "used_car.growth_reward": (used_car.growth_reward, used_car_growth),
        "headquarters.land_subsidy": (land_subsidy, hq_land),
        "headquarters.rent_subsidy": (rent_subsidy, hq_rent),
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
