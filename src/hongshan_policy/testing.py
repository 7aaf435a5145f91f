"""Hypothesis strategies for every public input model, for property tests of code that uses this library.

Every strategy draws objects that validate (they are built with the models'
own ``model_validate``). Strategies of applicants and records take keyword
arguments that constrain what is drawn: ``eligible=True`` draws only what meets
every condition the rules check (with the default parameters), ``False`` only
what fails at least one, ``None`` (the default) anything. Inspection records
take ``compliant=`` the same way. Figures near the text's thresholds are drawn
often (``amounts_around``, ``dates_around``), so properties meet the
boundaries.

Hypothesis is not a dependency of the library: install it with the ``test``
extra, ``pip install 'hongshan-policy[test]'``. Example, a property test of a
downstream payment system:

```python
from hypothesis import given

from hongshan_policy import used_car
from hongshan_policy.testing import dealers, money

@given(dealers(eligible=True), money("10000000.01", "100000000"))
def test_we_pay_what_the_rule_grants(dealer, revenue):
    decision = used_car.growth_reward(dealer, revenue)
    assert decision.eligible
    assert my_ledger.payable(dealer.credit_code, decision) == decision.amount
```

Thresholds: ``amounts_around(Decimal(10_000_000))`` draws 9,999,999.99,
10,000,000.00, 10,000,000.01 and figures nearby; ``dates_around(date(2024, 8, 31))``
the day before, the day, the day after and days nearby.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

try:
    from hypothesis import assume
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - exercised in a test with hypothesis hidden
    raise ImportError(
        "hongshan_policy.testing 需要 Hypothesis,请安装测试依赖:pip install 'hongshan-policy[test]' / "
        "hongshan_policy.testing needs Hypothesis, which the library does not install: "
        "pip install 'hongshan-policy[test]'"
    ) from error

from . import ebike, headquarters
from .comparisons import WORDS, holds
from .conditions import (
    Check,
    Compare,
    FlagCheck,
    Membership,
    PresumedFlag,
    StatedFlag,
    Threshold,
    TypedCheck,
    Window,
    WithinMonths,
)
from .credit_code import ALPHABET, check_character
from .dates import months_after
from .headquarters import SECTIONS, BusinessForm, District, Milestone

if TYPE_CHECKING:  # at run time: __getattr__ below
    from .used_car._strategies import dealers, used_car_applications

__all__ = [
    "CREDIT_CODE_KINDS",
    "amounts_around",
    "batteries",
    "chargers",
    "credit_codes",
    "dates_around",
    "dealers",
    "delivery_fleets",
    "enterprises",
    "hq_applications",
    "industry_codes",
    "land_deals",
    "land_projects",
    "leases",
    "money",
    "shops",
    "used_car_applications",
    "vehicles",
]

_FEN = Decimal("0.01")
_HQ = headquarters.HQParameters()
_EB = ebike.EbikeParameters()
_FAR_PAST = date(2015, 1, 1)

CREDIT_CODE_KINDS: tuple[str, ...] = ("11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93", "Y1")
"""The first two characters of a credit code (登记管理部门代码 and 机构类别代码, GB 32100-2015 表1):
机构编制 11-19, 民政 51-59, 工商 91 企业 / 92 个体工商户 / 93 农民专业合作社, Y1 其他."""


# --------------------------------------------------------------------------- figures and dates


def _decimal(value: Decimal | int | str) -> Decimal:
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _fen(value: Decimal) -> int:
    return int((value / _FEN).to_integral_value())


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def money(
    min_value: Decimal | int | str = 0, max_value: Decimal | int | str = 10_000_000_000
) -> st.SearchStrategy[Decimal]:
    """Amounts of yuan with exactly two decimal places (whole fen), ``min_value <= x <= max_value``.

    Bounds that are not whole fen are rounded inwards. ``money("0.01", "5000000")``.
    """
    low, high = _decimal(min_value), _decimal(max_value)
    low_fen = _fen(low.quantize(_FEN, rounding="ROUND_CEILING"))
    high_fen = _fen(high.quantize(_FEN, rounding="ROUND_FLOOR"))
    if low_fen > high_fen:
        raise ValueError(f"no whole-fen amount between {min_value} and {max_value}")
    return st.integers(min_value=low_fen, max_value=high_fen).map(_yuan)


def amounts_around(
    threshold: Decimal | int | str,
    *,
    spread: Decimal | int | str = "1.00",
    min_value: Decimal | int | str | None = 0,
) -> st.SearchStrategy[Decimal]:
    """Amounts dense around a threshold: one fen below, the threshold, one fen above, and any fen within ``spread``.

    ``amounts_around(5_000_000)`` draws 4,999,999.99, 5,000,000.00 and 5,000,000.01
    often, and every whole-fen amount within ±1.00 yuan. Amounts below
    ``min_value`` (0 by default; None: no floor) are not drawn.
    """
    centre = _fen(_decimal(threshold).quantize(_FEN))
    width = _fen(_decimal(spread).quantize(_FEN))
    floor = None if min_value is None else _fen(_decimal(min_value).quantize(_FEN, rounding="ROUND_CEILING"))
    low = centre - width if floor is None else max(centre - width, floor)
    high = centre + width
    if low > high:
        raise ValueError(f"nothing to draw: {threshold} ± {spread} is below min_value {min_value}")
    edges = [n for n in (centre - 1, centre, centre + 1) if low <= n <= high]
    near = st.integers(min_value=low, max_value=high)
    return (st.sampled_from(edges) | near if edges else near).map(_yuan)


def dates_around(day: date, days: int = 30) -> st.SearchStrategy[date]:
    """Dates dense around a threshold day: the day before, the day, the day after, and any day within ``days``."""
    if days < 1:
        raise ValueError("days must be at least 1")
    edges = st.sampled_from([day - timedelta(days=1), day, day + timedelta(days=1)])
    return edges | st.integers(min_value=-days, max_value=days).map(lambda n: day + timedelta(days=n))


def _between(first: date, last: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=first, max_value=max(first, last))


def _ratio(low: Decimal | int | str = 0, high: Decimal | int | str = 1) -> st.SearchStrategy[Decimal]:
    """Ratios with up to four decimals (0.7 is 70%)."""
    return st.integers(min_value=int(_decimal(low) * 10_000), max_value=int(_decimal(high) * 10_000)).map(
        lambda n: Decimal(n).scaleb(-4).normalize() if n else Decimal(0)
    )


# --------------------------------------------------------------------------- names and codes

_NAME_WORDS = ("云数", "金桥", "红山", "松州", "玉龙", "昭乌达", "北方", "草原", "新城", "锦山", "长青", "万通")


def _names(suffix: str) -> st.SearchStrategy[str]:
    """Company names such as 「赤峰云数科技3有限公司」 (one word of a short list, a number)."""
    return st.builds(lambda w, n: f"赤峰{w}{n or ''}{suffix}", st.sampled_from(_NAME_WORDS), st.integers(0, 99))


def _codes(prefix: str) -> st.SearchStrategy[str]:
    return st.integers(0, 10**8).map(lambda n: f"{prefix}{n:06d}")


@st.composite
def _credit_codes(draw: st.DrawFn, region: str, kinds: Sequence[str]) -> str:
    kind = draw(st.sampled_from(list(kinds)))
    rest = 6 - len(region)
    division = region + draw(st.text(alphabet="0123456789", min_size=rest, max_size=rest))
    body = draw(st.text(alphabet=ALPHABET, min_size=9, max_size=9))
    first17 = f"{kind}{division}{body}"
    return first17 + check_character(first17)


def credit_codes(region: str | None = None, *, kinds: Sequence[str] | None = None) -> st.SearchStrategy[str]:
    """Valid 统一社会信用代码 (GB 32100-2015): 18 characters with the right check character.

    ``region`` fixes the start of the 6-digit administrative division code
    (``"15"`` 内蒙古, ``"1504"`` 赤峰市, ``"150402"`` 红山区). ``kinds`` are the
    allowed first two characters (default ``CREDIT_CODE_KINDS``; ``["91"]``
    for enterprises).
    """
    prefix = region or ""
    if len(prefix) > 6 or (prefix and not prefix.isdigit()):
        raise ValueError(f"region must be up to 6 digits of an administrative division code, got {region!r}")
    chosen = tuple(kinds) if kinds is not None else CREDIT_CODE_KINDS
    for kind in chosen:
        if len(kind) != 2 or any(c not in ALPHABET for c in kind):
            raise ValueError(f"a kind is two characters of the GB 32100 set, got {kind!r}")
    return _credit_codes(prefix, chosen)


_QUALIFYING_DIVISIONS: dict[str, tuple[int, int] | None] = {"I": (63, 65), "J": (66, 69), "L72": None, "D44": None}


@st.composite
def _industry_codes(draw: st.DrawFn, qualifying: bool | None) -> str:
    if qualifying is None:
        qualifying = draw(st.booleans())
    tail = draw(st.sampled_from(["", "0", "1", "9", "10", "21", "99"]))
    if qualifying:
        prefix = draw(st.sampled_from(list(_QUALIFYING_DIVISIONS)))
        divisions = _QUALIFYING_DIVISIONS[prefix]
        if divisions is None:
            return prefix + tail
        if draw(st.booleans()):
            return prefix  # a bare section letter I or J
        return f"{prefix}{draw(st.integers(*divisions)):02d}{tail}"
    excluded = draw(st.sampled_from(["L", "D", "L71", "D45", "D46", "other"]))
    if excluded != "other":
        return excluded if len(excluded) == 1 else excluded + tail
    section = draw(st.sampled_from([s for s in SECTIONS if s not in ("I", "J", "L", "D")]))
    first, last = SECTIONS[section][2], SECTIONS[section][3]
    if draw(st.booleans()):
        return section
    return f"{section}{draw(st.integers(first, last)):02d}{tail}"


def industry_codes(*, qualifying: bool | None = None) -> st.SearchStrategy[str]:
    """GB/T 4754-2017 industry codes (``I``, ``I65``, ``J6621``, ``L7212`` …), all well formed.

    ``qualifying=True`` draws codes within 第二条(一) of 79号 (I, J, L72, D44);
    ``False`` codes outside it (L71, D45, D46, a bare L or D, other sections).
    """
    return _industry_codes(qualifying)


# --------------------------------------------------------------------------- values from a document's condition table


def _step(limit: Any) -> Any:
    return timedelta(days=1) if isinstance(limit, date) else _FEN


def _passing_range(checks: Sequence[Check], params: Any) -> tuple[Any, Any]:
    """The least and the greatest value that pass every threshold and window of one field (None: unbounded)."""
    first: Any = None
    last: Any = None
    bounds: list[tuple[str, Any]] = []
    for check in checks:
        if isinstance(check, Threshold):
            bounds.append((check.word, getattr(params, check.parameter)))
        elif isinstance(check, Window):
            bounds += [(check.start_word, getattr(params, check.start)), (check.end_word, getattr(params, check.end))]
    for word, limit in bounds:
        lower = WORDS[word].side == "lower"
        inside = limit if holds(limit, word, limit) else limit + (_step(limit) if lower else -_step(limit))
        if lower:
            first = inside if first is None else max(first, inside)
        else:
            last = inside if last is None else min(last, inside)
    return first, last


def _limits(checks: Sequence[Check], params: Any) -> list[Any]:
    """The parameters the thresholds and windows of one field compare with: its boundaries."""
    limits: list[Any] = []
    for check in checks:
        if isinstance(check, Threshold):
            limits.append(getattr(params, check.parameter))
        elif isinstance(check, Window):
            limits += [getattr(params, check.start), getattr(params, check.end)]
    return limits


_MONEY_TOP = Decimal(1_000_000_000)


def _passing_money(checks: Sequence[Check], params: Any) -> st.SearchStrategy[Decimal]:
    """Amounts that pass every threshold of one field: dense at the least passing one, and any above."""
    first, last = _passing_range(checks, params)
    low = _FEN * 0 if first is None else first
    high = _MONEY_TOP if last is None else last
    return amounts_around(low).filter(lambda r: low <= r <= high) | money(low, high)


def _any_money(checks: Sequence[Check], params: Any, *more: Decimal) -> st.SearchStrategy[Decimal]:
    """Any amount, often at the field's boundaries (and at ``more``: the amount's own tiers)."""
    near = [amounts_around(limit) for limit in (*_limits(checks, params), *more)]
    return st.one_of(money(0, _MONEY_TOP), *near)


def _field_value(draw: st.DrawFn, checks: Sequence[Check], params: Any, eligible: bool | None, latest: date) -> Any:
    """A value of the field the ``checks`` read: any (``eligible=None``) or one that passes them all."""
    check = checks[0]
    if isinstance(check, FlagCheck):
        return check.needed if eligible else draw(st.booleans())
    if isinstance(check, StatedFlag):
        return draw(st.sampled_from((None, check.needed) if eligible else (None, True, False)))
    limits = _limits(checks, params)
    if not isinstance(limits[0], date):
        if eligible:
            return draw(_passing_money(checks, params))
        return draw(_any_money(checks, params))
    if not eligible:
        return min(draw(dates_around(limits[0], 10) | _between(_FAR_PAST, latest)), latest)
    first, last = _passing_range(checks, params)
    first, last = first or _FAR_PAST, latest if last is None else min(last, latest)
    return min(max(draw(dates_around(first, 10) | dates_around(last, 10) | _between(first, last)), first), last)


def _failing_value(draw: st.DrawFn, check: Check, params: Any) -> Any:
    """A value of ``check``'s field that fails it."""
    if isinstance(check, FlagCheck | StatedFlag):
        return not check.needed
    if isinstance(check, Window):
        start, end = getattr(params, check.start), getattr(params, check.end)
        early = _between(_FAR_PAST, start).filter(lambda day: not holds(day, check.start_word, start))
        late = _between(end, date(2030, 12, 31)).filter(lambda day: not holds(day, check.end_word, end))
        return draw(early | late)
    limit = getattr(params, check.parameter)
    if not isinstance(limit, date):
        amount: Decimal = draw(amounts_around(limit))
        assume(not holds(amount, check.word, limit))
        return amount
    failing = _between(_FAR_PAST, limit) if check.lower else _between(limit, date(2030, 12, 31))
    return draw(failing.filter(lambda day: not holds(day, check.word, limit)))


class _Facts:
    """A record's values read as attributes (for a check of a table)."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.__dict__.update(record)


def _all_held(table: Sequence[Check], record: dict[str, Any], params: Any) -> bool:
    facts = _Facts(record)
    return all(reason is None or reason.held for reason in (check.reason(facts, params) for check in table))


def _draw_table(
    draw: st.DrawFn, table: Sequence[Check], params: Any, eligible: bool | None, latest: date
) -> dict[str, Any]:
    """The facts a table reads, field by field (the checks on one field intersected); ``eligible=False``: at least
    one check fails (a failing value of one drawn check replaces its field's)."""
    fields: dict[str, list[Check]] = {}
    for check in table:
        fields.setdefault(check.field, []).append(check)
    record = {name: _field_value(draw, checks, params, eligible, latest) for name, checks in fields.items()}
    if eligible is False and _all_held(table, record, params):
        failing = draw(st.sampled_from(list(table)))
        record[failing.field] = _failing_value(draw, failing, params)
    return record


# --------------------------------------------------------------------------- 79号 headquarters

# The conditions of 79号 are read from its tables (headquarters._conditions), check by check: a drawn record is made to
# meet every check (eligible=True) or to fail one drawn from the tables (eligible=False), with values at or near each
# check's boundary. The draws before that keep the values near the thresholds and the facts consistent.

_STEPS: dict[str, Decimal] = {"yuan": _FEN, "m2": _FEN, "mu": _FEN, "ratio": Decimal("0.0001"), "count": Decimal(1)}


def _edge(word: str, target: Fraction, step: Decimal, *, passing: bool) -> Decimal:
    """The multiple of ``step`` nearest the bound ``target`` of 「word」 that passes it (``passing=False``: fails)."""
    bound = WORDS[word]
    units = target / Fraction(step)
    lower = bound.side == "lower"
    if passing:
        n = (
            (math.ceil(units) if bound.inclusive else math.floor(units) + 1)
            if lower
            else (math.floor(units) if bound.inclusive else math.ceil(units) - 1)
        )
    else:
        n = (
            (math.ceil(units) - 1 if bound.inclusive else math.floor(units))
            if lower
            else (math.floor(units) + 1 if bound.inclusive else math.ceil(units))
        )
    return Decimal(n) * step


def _quantity(value: Decimal, quantity: str) -> Any:
    return int(value) if quantity == "count" else value


def _compare_value(draw: st.DrawFn, check: Compare, facts: Any, params: Any, *, passing: bool) -> dict[str, Any] | None:
    limit = getattr(params, check.parameter)
    step = _STEPS[check.quantity]
    target = Fraction(limit) if check.over is None else Fraction(limit) * Fraction(getattr(facts, check.over))
    edge = _edge(check.word, target, step, passing=passing)
    if edge < 0 or (check.quantity == "ratio" and edge > 1):
        return None  # no value of the field is on that side
    away = Decimal(draw(st.integers(0, 3))) * step * draw(st.sampled_from([0, 1, 100]))
    outward = check.lower == passing
    value = edge + away if outward else max(edge - away, Decimal(0))
    if check.quantity == "ratio":
        value = min(value, Decimal(1))
    if check.over is not None and check.quantity != "ratio":
        value = edge  # a part of a whole (the self-held area) stays within it at the edge
    return {check.field: _quantity(value, check.quantity)}


def _window_value(draw: st.DrawFn, check: Window, params: Any, *, passing: bool) -> dict[str, Any] | None:
    start, end = getattr(params, check.start), getattr(params, check.end)
    first = start if WORDS[check.start_word].inclusive else start + timedelta(days=1)
    last = end if WORDS[check.end_word].inclusive else end - timedelta(days=1)
    if passing:
        if first > last:
            return None
        return {check.field: draw(st.sampled_from([first, last]) | _between(first, last))}
    early = _between(first - timedelta(days=400), first - timedelta(days=1))
    late = _between(last + timedelta(days=1), last + timedelta(days=400))
    return {check.field: draw(early | late)}


def _months_value(
    draw: st.DrawFn, check: WithinMonths, facts: Any, params: Any, *, passing: bool
) -> dict[str, Any] | None:
    since = getattr(facts, check.since)
    change: dict[str, Any] = {}
    if not passing and (since is None or (check.missing_since_zh and draw(st.booleans()))):
        return {check.since: None} if check.missing_since_zh else {check.field: None}
    if since is None:
        floor = getattr(facts, check.since_floor, None) if check.since_floor is not None else None
        since = change[check.since] = (floor or _HQ.valid_from) + timedelta(days=draw(st.integers(0, 400)))
    deadline = check.deadline(since, params)
    if passing:
        change[check.field] = draw(st.just(deadline) | _between(since, deadline))
    else:
        change[check.field] = draw(st.none() | _between(deadline + timedelta(days=1), deadline + timedelta(days=400)))
    return change


def _membership_value(
    draw: st.DrawFn, check: Membership, params: Any, same_field: Sequence[Membership], *, passing: bool
) -> dict[str, Any] | None:
    allowed = getattr(params, check.parameter)
    if check.field == "industry_code" and check.parameter == "qualifying_industries":
        return {check.field: draw(industry_codes(qualifying=passing))}
    values = list(type(allowed[0])) if allowed and isinstance(allowed[0], Enum) else list(allowed)
    if passing:
        values = [v for v in values if all(c.matches(v, getattr(params, c.parameter)) for c in same_field)]
    else:
        values = [v for v in values if not check.matches(v, allowed)]
    return {check.field: draw(st.sampled_from(values))} if values else None


def _value(
    draw: st.DrawFn, check: TypedCheck, facts: Any, params: Any, table: Sequence[TypedCheck], *, passing: bool
) -> dict[str, Any] | None:
    """Field values that make ``check`` hold (``passing``) or fail; None when no value can."""
    if isinstance(check, FlagCheck | PresumedFlag | StatedFlag):
        return {check.field: check.needed if passing else not check.needed}
    if isinstance(check, Compare):
        return _compare_value(draw, check, facts, params, passing=passing)
    if isinstance(check, Membership):
        same = [c for c in table if isinstance(c, Membership) and c.field == check.field and not c.prefix]
        return _membership_value(draw, check, params, same or [check], passing=passing)
    if isinstance(check, Window):
        return _window_value(draw, check, params, passing=passing)
    if isinstance(check, WithinMonths):
        return _months_value(draw, check, facts, params, passing=passing)
    if passing:
        limit = getattr(params, check.parameter)
        step: Any = timedelta(days=1) if isinstance(limit, date) else _FEN
        edge = limit if WORDS[check.word].inclusive else limit + (step if check.lower else -step)
        return {check.field: edge}
    return {check.field: _failing_value(draw, check, params)}


def _conditions() -> Any:
    """79号's tables, read when drawn (a test-only copy put in ``headquarters._conditions`` is drawn from)."""
    from .headquarters import _conditions as tables

    return tables


def _of(model: type[Any], table: Sequence[TypedCheck]) -> tuple[TypedCheck, ...]:
    """The checks of ``table`` that read ``model``'s fields only."""
    fields = model.model_fields
    return tuple(
        check
        for check in table
        if check.field in fields and all(getattr(check, name, None) in (None, *fields) for name in ("over", "since"))
    )


def _holds(check: TypedCheck, facts: Any, params: Any) -> bool:
    reason = check.reason(facts, params)
    return reason is None or reason.held


def _conform(
    draw: st.DrawFn, record: dict[str, Any], tables: Sequence[TypedCheck], eligible: bool | None, params: Any
) -> dict[str, Any]:
    """``record`` made to meet every check of ``tables`` (``eligible=True``) or to fail one of them (``False``)."""
    if eligible is None:
        return record
    facts = _Facts(record)
    if eligible:
        for _ in range(3):  # a value set for one check may move another's boundary (a ratio's whole)
            failing = [check for check in tables if not _holds(check, facts, params)]
            if not failing:
                break
            for check in failing:
                if not _holds(check, facts, params):
                    record.update(_value(draw, check, facts, params, tables, passing=True) or {})
        return record
    if all(_holds(check, facts, params) for check in tables):
        candidates = [check for check in tables if _value(draw, check, facts, params, tables, passing=False)]
        check = draw(st.sampled_from(candidates))
        record.update(_value(draw, check, facts, params, tables, passing=False) or {})
    return record


_ENTERPRISE_FLAGS = {
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "serious_dishonesty_record": False,
    "hq_functions": True,
    "conforms_to_industrial_policy": True,
}


@st.composite
def _enterprises(draw: st.DrawFn, eligible: bool | None, for_rent: bool) -> headquarters.Enterprise:
    p = _HQ
    capital_min = p.registered_capital_min
    registered = draw(_between(_FAR_PAST, p.valid_until))
    record: dict[str, Any] = {
        "name": draw(_names("有限公司")),
        "credit_code": draw(credit_codes("1504", kinds=["91"])),
        "registered_on": registered,
    }
    rent_forms = [f for f in p.rent_business_forms if f in p.business_forms]
    if eligible:
        record.update(_ENTERPRISE_FLAGS)
        record["registered_capital"] = draw(
            amounts_around(capital_min).filter(lambda c: c >= capital_min) | money(capital_min, 10_000_000_000)
        )
        record["industry_code"] = draw(industry_codes(qualifying=True))
        record["business_form"] = draw(st.sampled_from(rent_forms if for_rent else list(p.business_forms)))
    else:
        record.update({flag: draw(st.booleans()) for flag in _ENTERPRISE_FLAGS})
        record["registered_capital"] = draw(amounts_around(capital_min) | money(0, 100_000_000))
        record["industry_code"] = draw(industry_codes())
        record["business_form"] = draw(st.sampled_from(rent_forms if for_rent else list(BusinessForm)))
    _conform(draw, record, _conditions().HQ_CONDITIONS, eligible, p)
    registered = record["registered_on"]  # 入统 is drawn from the registration date the conditions left
    deadline = months_after(registered, p.rent_statistics_months)
    if for_rent and eligible:
        record["statistics_registered_on"] = draw(st.just(deadline) | _between(registered, deadline))
    else:
        late = deadline + timedelta(days=1)
        record["statistics_registered_on"] = draw(
            st.none() | st.sampled_from([deadline, late]) | _between(registered, deadline + timedelta(days=400))
        )
    if for_rent and eligible:  # the rent subsidy's conditions of the enterprise too (its business form, 入统)
        _conform(
            draw,
            record,
            (*_conditions().HQ_CONDITIONS, *_of(headquarters.Enterprise, _conditions().RENT_CONDITIONS)),
            True,
            p,
        )
    return headquarters.Enterprise.model_validate(record)


def enterprises(*, eligible: bool | None = None, for_rent: bool = False) -> st.SearchStrategy[headquarters.Enterprise]:
    """Enterprises applying under 79号.

    ``eligible=True``: every reason of
    ``hongshan_policy.headquarters.hq_conditions`` holds (第二条 lead-in, (一)
    and (三)); ``False``: at least one fails. ``for_rent=True`` draws a business
    form of the rent list (第三条(二)) and, when eligible, 入统 within 12 months
    of 工商注册, so an eligible enterprise also meets the rent subsidy's own
    enterprise conditions.
    """
    return _enterprises(eligible, for_rent)


@st.composite
def _land_deals(draw: st.DrawFn, eligible: bool | None) -> headquarters.LandDeal:
    p = _HQ
    area_mu = draw(money("0.01", 500))
    above = draw(money(100, 500_000))
    reserve = draw(money(0, 500_000_000))
    winning = reserve + draw(money(0, 200_000_000))
    if eligible is not None and winning == 0:  # a cap that can be checked needs a winning price
        winning = _FEN
    per_mu_floor = area_mu * p.investment_per_mu_min
    # 「企业持有地上总建筑面积比例不低于50%」: the least self-held area (in fen of m²) that is not below the share
    held_min = math.ceil(Fraction(p.self_held_min) * _fen(above))
    record: dict[str, Any] = {
        "contract_signed_on": max(
            draw(dates_around(p.valid_from, 5) | _between(p.valid_from, p.valid_until)), p.valid_from
        ),
        "new_project_in_hongshan": True,
        "reserve_price": reserve,
        "winning_price": winning,
        "area_mu": area_mu,
        "fixed_asset_investment": per_mu_floor + draw(money(0, 1_000_000_000)),
        "same_entity": True,
        "land_use_changed": False,
        "above_ground_floor_area": above,
        "self_held_floor_area": _yuan(draw(st.integers(held_min, _fen(above)))),
        # 「商业公寓不予奖补」: an eligible deal keeps some area to subsidise; any deal may be all apartments
        "commercial_apartment_floor_area": draw(
            st.just(Decimal(0)) | money(0, above if eligible is None else above - _FEN)
        ),
    }
    remainder = st.none() | money(0, winning - _FEN) if winning > 0 else st.none()
    cost, benchmark = draw(remainder), draw(remainder)
    if eligible is not None and cost is None and benchmark is None:
        cost = draw(money(0, winning - _FEN))
    record["comprehensive_cost"], record["benchmark_price"] = cost, benchmark
    if eligible is None:
        record["contract_signed_on"] = draw(dates_around(p.valid_from, 30) | dates_around(p.valid_until, 30))
        record["new_project_in_hongshan"] = draw(st.booleans())
        record["fixed_asset_investment"] = draw(money(0, 2_000_000_000))
        record["same_entity"] = draw(st.booleans())
        record["land_use_changed"] = draw(st.booleans())
        record["self_held_floor_area"] = draw(money(0, above))
        record["comprehensive_cost"] = draw(st.none() | money(0, 800_000_000))
        record["benchmark_price"] = draw(st.none() | money(0, 800_000_000))
    tables = (*_conditions().LAND_CONDITIONS, *_of(headquarters.LandDeal, _conditions().LAND_SUBSIDY_CONDITIONS))
    _conform(draw, record, tables, eligible, p)
    return headquarters.LandDeal.model_validate(record)


def land_deals(*, eligible: bool | None = None) -> st.SearchStrategy[headquarters.LandDeal]:
    """Land deals (土地出让) that validate: winning price not below the reserve, areas within the building.

    ``eligible=True``: every condition the deal carries holds — the project in
    Hongshan, the contract within validity, investment per mu of 1000万 or more
    (第二条(二)), the same entity, the land use unchanged, at least 50% self-held
    (第三条(一)) — and at least one of the comprehensive cost and the benchmark
    price is known and below the winning price, so the cap can be checked and
    leaves something to grant. ``False``: one of these conditions fails.
    ``None``: anything valid, including neither cost nor benchmark known
    (``hongshan_policy.headquarters.land_subsidy`` then raises
    ``hongshan_policy.errors.MissingFactError``).
    """
    return _land_deals(eligible)


@st.composite
def _land_projects(draw: st.DrawFn, eligible: bool | None, completed_from: date) -> headquarters.LandProject:
    p = _HQ
    completed = draw(_between(completed_from, completed_from + timedelta(days=1500)))
    deadline = months_after(completed, p.land_statistics_months)
    jobs_min = p.direct_jobs_min
    record: dict[str, Any] = {
        "completed_on": completed,
        "statistics_registered_on": draw(dates_around(deadline, 5).filter(lambda d: d <= deadline))
        if draw(st.booleans())
        else draw(_between(completed - timedelta(days=200), deadline)),
        "direct_jobs": draw(st.integers(jobs_min - 1, jobs_min + 1).filter(lambda j: j >= jobs_min))
        if draw(st.booleans())
        else draw(st.integers(jobs_min, 5_000)),
    }
    if eligible is None:
        record["completed_on"] = draw(st.none() | st.just(completed))
        record["statistics_registered_on"] = draw(st.none() | dates_around(deadline, 30))
        record["direct_jobs"] = draw(st.integers(jobs_min - 1, jobs_min + 1) | st.integers(0, 5_000))
    _conform(draw, record, _of(headquarters.LandProject, _conditions().LAND_SUBSIDY_CONDITIONS), eligible, p)
    return headquarters.LandProject.model_validate(record)


def land_projects(
    *, eligible: bool | None = None, completed_from: date | None = None
) -> st.SearchStrategy[headquarters.LandProject]:
    """Progress of a land project (项目进展).

    ``completed_from``: the earliest completion drawn (default 2024-06-12, the
    policy's first day); pass the deal's ``contract_signed_on``, since a
    project cannot be completed before its land contract. ``eligible=True``:
    completed, 入统 within 12 months of completion, 300 jobs or more;
    ``False``: one of these fails; ``None``: anything, not completed included.
    """
    return _land_projects(eligible, completed_from or _HQ.valid_from)


@st.composite
def _leases(draw: st.DrawFn, eligible: bool | None, rate_in_range: bool | None) -> headquarters.Lease:
    p = _HQ
    district = draw(st.sampled_from(list(District)))
    low, high = p.rate_range(district)
    in_range = money(low, high)
    rate = draw(
        in_range
        if rate_in_range
        else (money("0.01", 3).filter(lambda r: not low <= r <= high) if rate_in_range is False else money("0.01", 3))
    )
    area_min, ratio_min = p.rent_floor_area_min, p.rent_specialised_ratio_min
    signed = max(draw(dates_around(p.valid_from, 5) | _between(p.valid_from, p.valid_until)), p.valid_from)
    start = signed + timedelta(days=draw(st.integers(-60, 365)))
    record: dict[str, Any] = {
        "signed_on": signed,
        "start": start,
        # a lease that ends before it was signed would earn nothing (rent_days_from): it ends on or after signing
        "end": draw(st.none() | _between(max(start, signed), start + timedelta(days=3_000))),
        "floor_area_m2": draw(amounts_around(area_min).filter(lambda a: a >= area_min) | money(area_min, 200_000)),
        "district": district,
        "agreed_rate": rate,
        "specialised_ratio": draw(_ratio(ratio_min, 1)),
        "state_owned": draw(st.booleans()),
    }
    if eligible is None:
        record["signed_on"] = draw(dates_around(p.valid_from, 30) | dates_around(p.valid_until, 30))
        record["floor_area_m2"] = draw(amounts_around(area_min) | money(0, 200_000))
        record["specialised_ratio"] = draw(_ratio())
    _conform(draw, record, _of(headquarters.Lease, _conditions().RENT_CONDITIONS), eligible, p)
    return headquarters.Lease.model_validate(record)


def leases(*, eligible: bool | None = None, rate_in_range: bool | None = None) -> st.SearchStrategy[headquarters.Lease]:
    """Office leases (房屋租赁) in one of the four districts.

    ``eligible=True``: 10,000 m² or more, a specialised share of 70% or more,
    signed within validity (the lease's conditions of 第三条(二) and 第五条);
    ``False``: one of these fails. ``rate_in_range``: True keeps the agreed
    rate within its district's reference range, False outside it (a warning),
    None either.
    """
    return _leases(eligible, rate_in_range)


@st.composite
def _hq_applications(
    draw: st.DrawFn, kind: Literal["land", "rent"] | None, eligible: bool | None
) -> headquarters.LandApplication | headquarters.RentApplication:
    which = kind or draw(st.sampled_from(["land", "rent"]))
    other = draw(st.lists(_names("奖补"), max_size=2).map(tuple))
    if which == "rent":
        return headquarters.RentApplication.model_validate(
            {
                "policy": "hq-rent",
                "enterprise": draw(enterprises(eligible=eligible, for_rent=eligible is not None)),
                "lease": draw(leases(eligible=None if eligible is None else True)),
                "other_subsidies": other,
            }
        )
    facts = None if eligible is None else True  # eligible=False: only the enterprise fails
    deal = draw(land_deals(eligible=facts))
    project = draw(land_projects(eligible=facts, completed_from=deal.contract_signed_on))
    reached: dict[Milestone, date] = {}
    day = deal.contract_signed_on
    for milestone in Milestone:
        if not draw(st.booleans()):
            break
        day += timedelta(days=draw(st.integers(0, 400)))
        reached[milestone] = day
    return headquarters.LandApplication.model_validate(
        {
            "policy": "hq-land",
            "enterprise": draw(enterprises(eligible=eligible)),
            "deal": deal,
            "project": project,
            "rate": draw(st.none() | _ratio(0, _HQ.land_rate_max)),
            "milestones_reached": reached,
            "other_subsidies": other,
        }
    )


def hq_applications(
    *, kind: Literal["land", "rent"] | None = None, eligible: bool | None = None
) -> st.SearchStrategy[headquarters.LandApplication | headquarters.RentApplication]:
    """Headquarters applications (79号), land or rent, as ``hongshan_policy.headquarters.assess`` takes them.

    ``kind`` chooses land (``"land"``, with milestones reached in order) or
    rent (``"rent"``); default either. ``eligible=True``: the enterprise, the
    deal and the project (or the lease) meet every condition, so the land
    decision (or every rent year up to the fifth within the lease) is
    eligible; ``False``: the enterprise fails 第二条. With ``eligible=None`` a
    land application may know neither the comprehensive cost nor the benchmark
    price: ``assess`` then raises
    ``hongshan_policy.errors.MissingFactError``, its documented answer.
    """
    return _hq_applications(kind, eligible)


# --------------------------------------------------------------------------- 4号 e-bikes

_PLAN_START = _EB.notice_date
_SAFE_FROM = _EB.acceptance_end.replace(year=_EB.acceptance_end.year - _EB.battery_assessment_years) + timedelta(days=1)
"""The earliest production date of a battery not more than 5 years old on the plan's last day."""


@st.composite
def _batteries(
    draw: st.DrawFn, chemistry: ebike.BatteryChemistry | None, as_of: date, compliant: bool | None
) -> ebike.Battery:
    kind = chemistry or draw(st.sampled_from(list(ebike.BatteryChemistry)))
    if compliant:
        produced = draw(_between(min(_SAFE_FROM, as_of), as_of))
        life = draw(st.none() | st.integers(_EB.battery_assessment_years, 12))
        second_life = False if kind is ebike.BatteryChemistry.LITHIUM_ION else draw(st.booleans())
    else:
        five_years_before = months_after(as_of, -12 * _EB.battery_assessment_years)
        produced = min(draw(dates_around(five_years_before, 60) | _between(date(2010, 1, 1), as_of)), as_of)
        life = draw(st.none() | st.integers(1, 12))
        second_life = draw(st.booleans())
    assessment = None
    if draw(st.booleans()):
        assessment = {
            "assessed_on": draw(_between(produced, as_of)),
            "scrap_conditions_met": False if compliant else draw(st.booleans()),
        }
    return ebike.Battery.model_validate(
        {
            "chemistry": kind,
            "produced_on": produced,
            "identification_code": draw(_codes("B-")) if compliant else draw(st.none() | _codes("B-")),
            "safe_service_life_years": life,
            "second_life": second_life,
            "safety_assessment": assessment,
        }
    )


def batteries(
    *, chemistry: ebike.BatteryChemistry | None = None, as_of: date | None = None, compliant: bool | None = None
) -> st.SearchStrategy[ebike.Battery]:
    """E-bike batteries produced (and assessed) no later than ``as_of`` (default 2024-06-17, the notice date).

    ``compliant=True``: coded, first-life if lithium, not more than 5 years old
    and within its safe life on any day of the plan up to 2025-12-31, never
    found fit only for scrap. ``chemistry`` fixes the chemistry.
    """
    return _batteries(chemistry, as_of or _PLAN_START, compliant)


def chargers(*, on_board: bool | None = None, coded: bool | None = None) -> st.SearchStrategy[ebike.Charger]:
    """Chargers: built in or not (``on_board``), with or without an identification code (``coded``)."""
    board = st.booleans() if on_board is None else st.just(on_board)
    code: st.SearchStrategy[str | None] = (
        st.none() | _codes("C-") if coded is None else (_codes("C-") if coded else st.none())
    )
    return st.builds(lambda b, c: ebike.Charger.model_validate({"on_board": b, "identification_code": c}), board, code)


_VIOLATIONS = ("charger", "modification", "second_life")


@st.composite
def _vehicles(draw: st.DrawFn, compliant: bool | None, as_of: date) -> ebike.Vehicle:
    record: dict[str, Any] = {
        "frame_number": draw(_codes("HS")),
        "identification_code": draw(_codes("F-")),
        "meets_national_standard": True,
        "modifications": frozenset(),
        "battery": draw(batteries(as_of=as_of, compliant=True)),
        "charger": draw(chargers(on_board=False, coded=True)),
    }
    if compliant is None:
        record["identification_code"] = draw(st.none() | _codes("F-"))
        record["meets_national_standard"] = draw(st.booleans())
        record["modifications"] = draw(st.frozensets(st.sampled_from(list(ebike.Modification))))
        record["battery"] = draw(batteries(as_of=as_of))
        record["charger"] = draw(chargers())
    elif compliant is False:
        failing = draw(st.sampled_from(_VIOLATIONS))
        if failing == "charger":
            record["charger"] = draw(chargers(on_board=True))
        elif failing == "modification":
            record["modifications"] = draw(st.frozensets(st.sampled_from(list(ebike.Modification)), min_size=1))
        else:
            battery = draw(batteries(as_of=as_of, chemistry=ebike.BatteryChemistry.LITHIUM_ION))
            record["battery"] = ebike.Battery.model_validate({**battery.model_dump(), "second_life": True})
    return ebike.Vehicle.model_validate(record)


def vehicles(*, compliant: bool | None = None, as_of: date | None = None) -> st.SearchStrategy[ebike.Vehicle]:
    """E-bikes with their battery and charger, as an inspector records them.

    Batteries are produced (and assessed) no later than ``as_of`` (default
    2024-06-17, the notice date), so a vehicle can be inspected on any day from
    ``as_of`` to 2025-12-31. ``compliant=True``: every check of
    ``hongshan_policy.ebike.inspect_vehicle`` finds no violation and nothing to
    follow up on each of those days (codes, standard, no modification, no
    built-in charger, a young battery);
    ``False``: a violation on every such day (a built-in charger, an illegal
    modification or a second-life lithium battery).
    """
    return _vehicles(compliant, as_of or _PLAN_START)


@st.composite
def _shops(draw: st.DrawFn, compliant: bool | None) -> ebike.Shop:
    record: dict[str, Any] = {
        "name": draw(_names("电动车行")),
        "channel": draw(st.sampled_from(list(ebike.SalesChannel))),
        "incoming_inspection_records": True,
        "sells_bike_and_battery_separately": False,
        "uncertified_products": frozenset(),
    }
    if compliant is None:
        record["incoming_inspection_records"] = draw(st.booleans())
        record["sells_bike_and_battery_separately"] = draw(st.booleans())
        record["uncertified_products"] = draw(st.frozensets(st.sampled_from(list(ebike.Product))))
    elif compliant is False:
        if draw(st.booleans()):
            record["sells_bike_and_battery_separately"] = True
        else:
            record["uncertified_products"] = draw(st.frozensets(st.sampled_from(list(ebike.Product)), min_size=1))
    return ebike.Shop.model_validate(record)


def shops(*, compliant: bool | None = None) -> st.SearchStrategy[ebike.Shop]:
    """Dealers of e-bikes, batteries and chargers (task 17).

    ``compliant=True``: records kept, whole bikes sold, nothing uncertified;
    ``False``: a violation from the notice date on (separate sale of bike and
    battery, or an uncertified product).
    """
    return _shops(compliant)


@st.composite
def _delivery_fleets(draw: st.DrawFn, compliant: bool | None) -> ebike.DeliveryFleet:
    top = _EB.delivery_top_speed_kmh
    size = draw(st.integers(0, 200))
    measures = st.frozensets(st.sampled_from(list(ebike.FleetMeasure)), min_size=1)
    treated = st.builds(
        lambda i, m: ebike.ModifiedVehicle.model_validate({"vehicle_id": i, "measures": m}), _codes("M-"), measures
    )
    record: dict[str, Any] = {
        "name": draw(_names("即时配送站")),
        "delivery_vehicles": size,
        "vehicles_with_gps": size,
        "speed_basis_kmh": draw(st.integers(50, int(top * 10)).map(lambda n: Decimal(n).scaleb(-1))),
        "modified_vehicles": tuple(draw(st.lists(treated, max_size=3))),
    }
    untreated = st.builds(lambda i: ebike.ModifiedVehicle.model_validate({"vehicle_id": i}), _codes("M-"))
    if compliant is None:
        record["vehicles_with_gps"] = draw(st.integers(0, size))
        record["speed_basis_kmh"] = draw(st.none() | st.integers(50, 400).map(lambda n: Decimal(n).scaleb(-1)))
        record["modified_vehicles"] = tuple(draw(st.lists(treated | untreated, max_size=3)))
    elif compliant is False:
        failing = draw(st.sampled_from(["gps", "speed", "modified"]))
        if failing == "gps":
            record["delivery_vehicles"] = max(size, 1)
            record["vehicles_with_gps"] = draw(st.integers(0, max(size, 1) - 1))
        elif failing == "speed":
            record["speed_basis_kmh"] = draw(
                st.none() | st.integers(int(top * 10) + 1, 400).map(lambda n: Decimal(n).scaleb(-1))
            )
        else:
            record["modified_vehicles"] = (*record["modified_vehicles"], draw(untreated))
    return ebike.DeliveryFleet.model_validate(record)


def delivery_fleets(*, compliant: bool | None = None) -> st.SearchStrategy[ebike.DeliveryFleet]:
    """Delivery companies' e-bike fleets (task 14).

    ``compliant=True``: GPS on every vehicle, delivery times set for at most
    25 km/h, every modified vehicle dealt with. ``False``: one shortfall (a
    follow-up for 区市场监管局 up to 2024-08-31, a violation after it).
    """
    return _delivery_fleets(compliant)


_USED_CAR = ("dealers", "used_car_applications")
"""87号's strategies, in ``used_car/_strategies.py``: it builds on the helpers of this module, so they are
imported when first asked for (whichever of the two modules is imported first)."""


def __getattr__(name: str) -> Any:
    if name in _USED_CAR:
        from .used_car import _strategies

        return getattr(_strategies, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
