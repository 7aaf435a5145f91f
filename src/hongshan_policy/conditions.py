"""Conditions declared once, as data: typed checks read by small interpreters.

A document declares the conditions of a definition as a table of checks
(e.g. ``used_car.DEALER_CONDITIONS`` for 87号 第二条). Each check names its
:attr:`~hongshan_policy.decisions.Reason.key` (``<clause>/<condition>``), the
field of the applicant it reads and the message templates of its reason;
a :class:`Threshold` also names a comparison word of
:data:`hongshan_policy.comparisons.WORDS` and the parameter it compares with.
The interpreters here turn a table into the scalar reasons (:func:`reasons`)
and the columnar checks (:func:`columns_held`, exact integers); ``explain``
inverts each check (what must change) and ``testing`` draws values on both
sides of each. Adding a row to a table changes all of them at once.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from .comparisons import WORDS
from .dates import months_after, zh_date
from .decisions import Reason
from .money import fmt_percent, fmt_wan, fmt_yuan, round_fen

if TYPE_CHECKING:  # numpy is the analysis extra's: imported only by the columnar interpreter
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Check",
    "Compare",
    "Facts",
    "FlagCheck",
    "Membership",
    "PresumedFlag",
    "Shown",
    "StatedFlag",
    "Threshold",
    "TypedCheck",
    "Window",
    "WithinMonths",
    "column_checks",
    "columns_held",
    "compiled",
    "compiled_keywords",
    "en_text",
    "fill",
    "reasons",
    "table_reasons",
    "unstated",
    "zh_text",
]


def _clause(key: str) -> str:
    return key.partition("/")[0]


def _worded(check: Threshold | Compare | WithinMonths) -> None:
    """Refuse a comparison word :data:`~hongshan_policy.comparisons.WORDS` does not know, and set the key's clause:
    shared by the check types that compare with a word."""
    if check.word not in WORDS:
        raise ValueError(f"{check.key}: unknown comparison word {check.word!r}")
    object.__setattr__(check, "clause", _clause(check.key))


def _fixed_flag(check: FlagCheck | StatedFlag) -> None:
    """Set a flag's clause, default ``need_*`` texts and its two reasons (made once): shared by both flag types."""
    clause = _clause(check.key)
    object.__setattr__(check, "clause", clause)
    object.__setattr__(check, "need_zh", check.need_zh or check.held_zh)
    object.__setattr__(check, "need_en", check.need_en or check.held_en)
    object.__setattr__(
        check,
        "_outcomes",
        {
            True: Reason(clause, True, check.held_zh, check.held_en, check.key),
            False: Reason(clause, False, check.failed_zh, check.failed_en, check.key),
        },
    )


@dataclass(frozen=True, slots=True)
class FlagCheck:
    """A yes/no fact that must be ``needed`` (e.g. 「独立核算」): its reason is one of two fixed texts."""

    key: str
    """``<clause>/<condition>``, e.g. ``used-car:2/independent-accounting``."""
    field: str
    """The applicant's field read, e.g. ``independent_accounting``."""
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    needed: bool = True
    need_zh: str = ""
    """What must hold, as ``explain`` says it (default: ``held_zh``)."""
    need_en: str = ""
    clause: str = dataclasses.field(init=False, repr=False, compare=False)
    """The clause id of the key."""
    _outcomes: dict[bool, Reason] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _fixed_flag(self)

    def reason(self, applicant: Any, params: Any) -> Reason:
        """The reason for one applicant (one of two made once)."""
        return self._outcomes[getattr(applicant, self.field) is self.needed]


@dataclass(frozen=True, slots=True)
class Threshold:
    """A field compared with a parameter by a comparison word (e.g. registered 「以后」 ``registered_from``).

    The templates are formatted with ``value`` and ``limit`` (dates: 2024年1月5日 in Chinese, ISO in English;
    money: 万元 in Chinese, yuan in English).
    """

    key: str
    field: str
    word: str
    """A comparison word of :data:`hongshan_policy.comparisons.WORDS`, e.g. ``以后``."""
    parameter: str
    """The parameter compared with, e.g. ``registered_from``."""
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    need_zh: str
    """What must hold, as ``explain`` says it, formatted with ``limit``."""
    need_en: str
    clause: str = dataclasses.field(init=False, repr=False, compare=False)
    """The clause id of the key."""

    def __post_init__(self) -> None:
        _worded(self)

    @property
    def lower(self) -> bool:
        """Whether the parameter is a least value (「以上」「以后」 …) rather than a greatest (「前」「以下」 …)."""
        return WORDS[self.word].side == "lower"

    def reason(self, applicant: Any, params: Any) -> Reason:
        """The reason for one applicant; its texts are made when first read."""
        value: Any = getattr(applicant, self.field)
        limit: Any = getattr(params, self.parameter)
        held = WORDS[self.word].test(value, limit)
        return Reason.lazy(self.clause, held, self._render(value, limit, held), self.key)

    def _render(self, value: Any, limit: Any, held: bool) -> Callable[[], tuple[str, str]]:
        return lambda: self._texts(value, limit, held)

    def _texts(self, value: Any, limit: Any, held: bool) -> tuple[str, str]:
        zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
        return (
            zh.format(value=zh_text(value, figure=True), limit=zh_text(limit)),
            en.format(value=en_text(value), limit=en_text(limit)),
        )


# --- 87号's check types: a date within a window of two parameters, a fact the applicant may leave unstated ---


@dataclass(frozen=True, slots=True)
class Window:
    """A date field within a window of two parameters, both ends by comparison words (87号 第八条: applied
    「自发布之日起」 ``valid_from`` and by 「有效期至」 ``valid_until``).

    The templates are formatted with ``value``, ``start`` and ``end``, and ``note`` (``note(params)``, (zh, en),
    e.g. 79号's supersession of the validity period; empty without one); ``early_*`` / ``late_*`` say what must
    hold (``explain``) when the value is before the window / after it.
    """

    key: str
    field: str
    start: str
    """The parameter of the window's start, e.g. ``valid_from``."""
    end: str
    """The parameter of the window's end, e.g. ``valid_until``."""
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    early_zh: str
    early_en: str
    late_zh: str
    late_en: str
    start_word: str = "起"
    """A lower comparison word of :data:`~hongshan_policy.comparisons.WORDS` (「起」: the start included)."""
    end_word: str = "前"
    """An upper comparison word (「前」: the end included)."""
    note: Callable[[Any], tuple[str, str]] | None = dataclasses.field(default=None, compare=False)
    """What the message adds from the parameters, (zh, en), as ``{note}`` (a table's function of ``params``)."""
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for word, side in ((self.start_word, "lower"), (self.end_word, "upper")):
            if word not in WORDS or WORDS[word].side != side:
                raise ValueError(f"{self.key}: {word!r} is not an {side} comparison word")
        object.__setattr__(self, "clause", _clause(self.key))

    def reason(self, applicant: Any, params: Any) -> Reason:
        """The reason for one applicant; its texts are made when first read."""
        value: Any = getattr(applicant, self.field)
        start, end = getattr(params, self.start), getattr(params, self.end)
        held = WORDS[self.start_word].test(value, start) and WORDS[self.end_word].test(value, end)
        if self.note is not None:
            note = self.note
            return Reason.lazy(self.clause, held, lambda: self._texts(value, start, end, held, note(params)), self.key)
        return Reason.lazy(self.clause, held, self._render(value, start, end, held), self.key)

    def _render(self, value: Any, start: Any, end: Any, held: bool) -> Callable[[], tuple[str, str]]:
        return lambda: self._texts(value, start, end, held)

    def _texts(self, value: Any, start: Any, end: Any, held: bool, note: tuple[str, str] = ("", "")) -> tuple[str, str]:
        zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
        return (
            zh.format(value=zh_text(value, figure=True), start=zh_text(start), end=zh_text(end), note=note[0]),
            en.format(value=en_text(value), start=en_text(start), end=en_text(end), note=note[1]),
        )

    def needs(self, params: Any) -> tuple[tuple[str, str], tuple[str, str]]:
        """What must hold, (zh, en), for a value before the window and for one after it."""
        start, end = getattr(params, self.start), getattr(params, self.end)
        early = (
            self.early_zh.format(start=zh_text(start), end=zh_text(end)),
            self.early_en.format(start=en_text(start), end=en_text(end)),
        )
        late = (
            self.late_zh.format(start=zh_text(start), end=zh_text(end)),
            self.late_en.format(start=en_text(start), end=en_text(end)),
        )
        return early, late


@dataclass(frozen=True, slots=True)
class StatedFlag:
    """A yes/no fact the applicant may leave unstated (``None``), e.g. 附件2's pledge 「无安全生产责任事故」.

    Stated, it must be ``needed`` (one of two fixed reasons, as a :class:`FlagCheck`); unstated, it gives no
    reason and :func:`unstated` names it (the document says what a decision warns then).
    """

    key: str
    field: str
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    needed: bool = True
    need_zh: str = ""
    """What must hold, as ``explain`` says it (default: ``held_zh``)."""
    need_en: str = ""
    unstated_zh: str = ""
    """The fact named when it is not stated, e.g. 「有无安全生产责任事故」."""
    unstated_en: str = ""
    clause: str = dataclasses.field(init=False, repr=False, compare=False)
    _outcomes: dict[bool, Reason] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _fixed_flag(self)

    def reason(self, applicant: Any, params: Any) -> Reason | None:
        """The reason for one applicant (one of two made once); None when the fact is not stated."""
        value = getattr(applicant, self.field)
        return None if value is None else self._outcomes[value is self.needed]


Check = FlagCheck | Threshold | Window | StatedFlag
"""One typed check of a table."""


def unstated(table: Sequence[Check], applicant: Any) -> tuple[StatedFlag, ...]:
    """The checks of ``table`` whose fact ``applicant`` leaves unstated (``None``), in the table's order."""
    return tuple(c for c in table if isinstance(c, StatedFlag) and getattr(applicant, c.field) is None)


def zh_text(value: Any, *, figure: bool = False) -> str:
    """A value as a Chinese template shows it: a date as 2024年1月5日, money in 万元 (``figure``: an applicant's
    figure, two places and separators, as :func:`~hongshan_policy.money.fmt_wan` says)."""
    if isinstance(value, date):
        return zh_date(value)
    if isinstance(value, Decimal):
        return fmt_wan(value, figure=figure)
    return str(value)


def en_text(value: Any) -> str:
    """A value as an English template shows it: a date in ISO, money in yuan."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return fmt_yuan(value)
    return str(value)


def reasons(table: Sequence[Check], applicant: Any, params: Any) -> tuple[Reason, ...]:
    """The scalar interpreter: one reason per check of ``table``, in its order (see also :func:`compiled`);
    a :class:`StatedFlag` whose fact is unstated gives none."""
    return tuple(r for check in table if (r := check.reason(applicant, params)) is not None)


_COMPILED: dict[Any, tuple[tuple[Sequence[Check], ...], Callable[[Any, Any], tuple[Reason, ...]]]] = {}


def compiled(table: Sequence[Check], *more: Sequence[Check]) -> Callable[[Any, Any], tuple[Reason, ...]]:
    """:func:`reasons` as one function made for ``tables`` read one after the other (as ``attrs`` makes
    ``__init__``): the scalar fast path, called ``interpret(applicant, params)``.

    Flags look their reason up (made once); thresholds and windows compare and make a lazy reason. A table of
    flags only looks its whole tuple of reasons up by the facts' values (made once per combination). Cached per
    sequence of table objects (a table replaced, e.g. by a test's monkeypatch, is compiled again).
    """
    if not more:
        key: Any = id(table)
    elif len(more) == 1:  # a reward's tables (87号's growth reward): built without map
        key = (id(table), id(more[0]))
    elif len(more) == 2:  # (87号's scale reward)
        key = (id(table), id(more[0]), id(more[1]))
    else:
        key = (id(table), *map(id, more))
    cached = _COMPILED.get(key)
    if cached is not None:  # the tables are kept in the cache: their ids are not reused
        return cached[1]
    tables = (table, *more)
    made = _make(tuple(check for each in tables for check in each), by_name=False)
    _COMPILED[key] = (tables, made)
    return made


_BY_NAME: dict[Any, tuple[tuple[Sequence[Check], ...], Callable[..., tuple[Reason, ...]]]] = {}


def compiled_keywords(table: Sequence[Check], *more: Sequence[Check]) -> Callable[..., tuple[Reason, ...]]:
    """As :func:`compiled`, but the function takes the facts by name: ``interpret(params, field=value, ...)``.

    For facts that are a rule's own arguments (87号's revenue and application date): no object is made to hold
    them. Facts the tables do not read are accepted and ignored; one they read and is not given is a ``TypeError``.
    """
    if not more:
        key: Any = id(table)
    elif len(more) == 1:
        key = (id(table), id(more[0]))
    elif len(more) == 2:
        key = (id(table), id(more[0]), id(more[1]))
    else:
        key = (id(table), *map(id, more))
    cached = _BY_NAME.get(key)
    if cached is not None:
        return cached[1]
    tables = (table, *more)
    made = _make(tuple(check for each in tables for check in each), by_name=True)
    _BY_NAME[key] = (tables, made)
    return made


_RESERVED = re.compile(r"[pkr]|[vlsehr][0-9]+")


_REASON_PARTS = {
    "_new": object.__new__,
    "_partial": partial,
    "_date": date,
    "_Reason": Reason,
    **{f"_set_{name}": Reason.__dict__[name].__set__ for name in ("clause", "held", "_texts", "key")},
}
"""What a compiled table makes a lazy reason with: :meth:`Reason.lazy` written out, without its call."""


def _made(n: int, render: str) -> str:
    """The statement making lazy reason ``r<n>`` of check ``n``, as ``Reason.lazy(_cl<n>, h<n>, render, _k<n>)``."""
    return (
        f"    r{n} = _new(_Reason); _set_clause(r{n}, _cl{n}); _set_held(r{n}, h{n}); "
        f"_set__texts(r{n}, {render}); _set_key(r{n}, _k{n})"
    )


_DATED_KEPT = 4096
"""How many reasons of a date check a compiled table keeps, per check (see :func:`_dated`)."""


def _dated(n: int, key: str, held: str, render: str) -> list[str]:
    """The statements making reason ``r<n>`` of a threshold or window: when the fact is a ``date``, the reason made
    for the same date and limits is looked up in ``_c<n>`` and made (and kept, up to :data:`_DATED_KEPT`) only when
    new. A register repeats a few hundred days; reasons are immutable and render their texts once, so one reason
    serves every decision with the same date. Amounts are not kept (almost every one is different)."""
    return [
        f"    r{n} = _c{n}.get({key}) if type(v{n}) is _date else None",
        f"    if r{n} is None:",
        f"        {held}",
        "    " + _made(n, render),
        f"        if type(v{n}) is _date and len(_c{n}) < {_DATED_KEPT}: _c{n}[{key}] = r{n}",
    ]


def _make(checks: tuple[Check, ...], *, by_name: bool) -> Callable[..., tuple[Reason, ...]]:
    names: dict[str, Any] = dict(_REASON_PARTS)
    fields = list(dict.fromkeys(check.field for check in checks))
    if by_name:
        for name in fields:
            if not name.isidentifier() or name.startswith("_") or _RESERVED.fullmatch(name):
                raise ValueError(f"{name!r}: not a field name a compiled table can take by name")
        header = f"def interpret(p, *, {', '.join(fields)}, **_):" if fields else "def interpret(p, **_):"
    else:
        header = "def interpret(a, p):"

    def read(field: str) -> str:
        return field if by_name else f"a.{field}"

    flags = [check for check in checks if isinstance(check, FlagCheck | StatedFlag)]
    if checks and len(flags) == len(checks):
        memo: dict[tuple[Any, ...], tuple[Reason, ...]] = {}

        def make(values: tuple[Any, ...]) -> tuple[Reason, ...]:
            made = tuple(
                flag._outcomes[value is flag.needed]
                for flag, value in zip(flags, values, strict=True)
                if value is not None or isinstance(flag, FlagCheck)
            )
            return memo.setdefault(values, made)

        names |= {"_memo": memo, "_make": make}
        values = ", ".join(read(check.field) for check in checks)
        lines = [
            header,
            f"    k = ({values},)",
            "    r = _memo.get(k)",
            "    return _make(k) if r is None else r",
        ]
    else:
        lines = [header]
        items = []
        for n, check in enumerate(checks):
            if isinstance(check, StatedFlag):  # unpacked: () when not stated
                names[f"_r{n}"] = {
                    check.needed: (check._outcomes[True],),
                    (not check.needed): (check._outcomes[False],),
                    None: (),
                }
                items.append(f"*_r{n}[{read(check.field)}]")
            elif isinstance(check, FlagCheck):
                names[f"_r{n}"] = {check.needed: check._outcomes[True], (not check.needed): check._outcomes[False]}
                items.append(f"_r{n}[{read(check.field)}]")
            elif isinstance(check, Window) and check.note is not None:  # its message reads the parameters
                names[f"_w{n}"] = check.reason
                items.append(f"_w{n}(a, p)")
            elif isinstance(check, Window):
                names[f"_s{n}"], names[f"_e{n}"] = WORDS[check.start_word].test, WORDS[check.end_word].test
                names[f"_m{n}"], names[f"_k{n}"], names[f"_cl{n}"] = check._texts, check.key, check.clause
                names[f"_c{n}"] = {}
                lines.append(f"    v{n} = {read(check.field)}; s{n} = p.{check.start}; e{n} = p.{check.end}")
                lines += _dated(
                    n,
                    f"(v{n}, s{n}, e{n})",
                    f"h{n} = _s{n}(v{n}, s{n}) and _e{n}(v{n}, e{n})",
                    f"_partial(_m{n}, v{n}, s{n}, e{n}, h{n})",
                )
                items.append(f"r{n}")
            else:
                names[f"_t{n}"] = WORDS[check.word].test
                names[f"_m{n}"], names[f"_k{n}"], names[f"_cl{n}"] = check._texts, check.key, check.clause
                names[f"_c{n}"] = {}
                lines.append(f"    v{n} = {read(check.field)}; l{n} = p.{check.parameter}")
                lines += _dated(n, f"(v{n}, l{n})", f"h{n} = _t{n}(v{n}, l{n})", f"_partial(_m{n}, v{n}, l{n}, h{n})")
                items.append(f"r{n}")
        lines.append(f"    return ({', '.join(items)}{',' if len(items) == 1 else ''})")
    exec("\n".join(lines), names)
    interpret: Callable[..., tuple[Reason, ...]] = names["interpret"]
    return interpret


def columns_held(
    table: Sequence[Check],
    columns: Mapping[str, NDArray[Any]],
    integer: Callable[[Any], int],
    params: Any,
    rows: int,
    present: Mapping[str, NDArray[np.bool_]] | None = None,
) -> NDArray[np.bool_]:
    """The columnar interpreter: where every check of ``table`` holds.

    ``columns`` maps each field to its column (flags as booleans, dates and money as exact integers);
    ``integer`` turns a parameter into the same integer unit (day number, fen). ``present`` maps the field of
    each :class:`StatedFlag` to where it is stated: an unstated fact passes (it gives no reason).
    """
    import numpy as np  # the analysis extra: not needed by the scalar rules

    ok: NDArray[np.bool_] | None = None
    breach: NDArray[np.bool_] | None = None

    def meet(held: Any, fresh: bool) -> None:
        """``ok &= held``; the first check's mask is kept (copied when it is an input column)."""
        nonlocal ok
        if ok is None:
            ok = held if fresh else held.copy()
        else:
            ok &= held

    for check in table:
        column = columns[check.field]
        if isinstance(check, FlagCheck):
            if check.needed:
                meet(column, False)
            else:
                meet(~column, True)
        elif isinstance(check, StatedFlag):
            if present is None:
                raise ValueError(f"{check.key}: a stated flag needs its column's presence (present=)")
            if breach is None:
                breach = np.empty(rows, dtype=np.bool_)
            # stated and not as needed (bools: present > column is present & ~column), in one buffer
            (np.greater if check.needed else np.logical_and)(present[check.field], column, out=breach)
            if ok is None:
                ok = np.logical_not(breach)
            else:
                ok &= np.logical_not(breach, out=breach)
        elif isinstance(check, Window):
            meet(WORDS[check.start_word].test(column, integer(getattr(params, check.start))), True)
            meet(WORDS[check.end_word].test(column, integer(getattr(params, check.end))), True)
        else:
            meet(WORDS[check.word].test(column, integer(getattr(params, check.parameter))), True)
    return np.ones(rows, dtype=np.bool_) if ok is None else ok


# ---------------------------------------------------------------------------------------------------------------------
# Check types of 79号 (headquarters): a derived quantity, membership, a date window, a date within months of another,
# a flag presumed when not stated. Their templates are formatted with :class:`Shown` values, whose format spec picks
# the reading (``{value:figure}`` 1,000.00万元, ``{limit:pct}`` 50%, ``{value:share}`` ≈33.33%, ``{over:plain}`` …).
# ---------------------------------------------------------------------------------------------------------------------

Quantity = Literal["yuan", "m2", "mu", "count", "ratio", "date"]
"""What a compared field measures: its step and display in ``explain``, its draws in ``testing``, its column unit
(yuan, m² and mu in hundredths, counts as they are, ratios as ``Decimal``, dates as day numbers)."""


def approx_yuan(value: Decimal) -> str:
    """``fmt_yuan`` for a figure that may have more than two decimals (then marked ``≈``)."""
    return fmt_yuan(value) if value == round_fen(value) else f"≈{fmt_yuan(value)}"


def percent(ratio: Decimal) -> str:
    """A ratio as a percentage with at most two decimals (``≈`` when the display is not exact)."""
    value = ratio * 100
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{shown}%" if Decimal(shown) == value else f"≈{shown}%"


@functools.lru_cache(maxsize=256)
def _joined(items: tuple[Any, ...], en: bool) -> str:
    """A parameter's values joined (「、」 / ", "), made once per tuple."""
    return ", ".join(_en(item) for item in items) if en else "、".join(_zh(item) for item in items)


def _zh(value: Any) -> str:
    if isinstance(value, tuple):
        return _joined(value, False)
    if isinstance(value, list | frozenset):
        return "、".join(_zh(item) for item in value)
    if isinstance(value, Enum):
        return str(value.value)
    return zh_text(value)


def _en(value: Any) -> str:
    if isinstance(value, tuple):
        return _joined(value, True)
    if isinstance(value, list | frozenset):
        return ", ".join(_en(item) for item in value)
    if isinstance(value, Enum):
        return str(getattr(value, "en", value.value))
    return en_text(value)


_SPECS: dict[str, Callable[[Any, bool], str]] = {
    "": lambda v, en: _en(v) if en else _zh(v),
    "wan": lambda v, en: fmt_wan(v),
    "figure": lambda v, en: fmt_wan(v, figure=True),
    "yuan": lambda v, en: fmt_yuan(v),
    "fen": lambda v, en: fmt_yuan(v) if en else f"{v:,.2f}元",
    "approx": lambda v, en: approx_yuan(v),
    "pct": lambda v, en: fmt_percent(v),
    "share": lambda v, en: percent(v),
    "plain": lambda v, en: str(v),
}


class Shown:
    """A value in a message template: ``format(Shown(v, en), spec)`` reads it by ``spec`` (see ``_SPECS``).

    The empty spec is the default reading (dates 2024年6月12日 / ISO, money 万元 / yuan, an enumeration's Chinese
    value / English name, a tuple joined by 「、」 / ", "); any other spec is Python's own (``{value:,.2f}``).
    """

    __slots__ = ("en", "value")

    def __init__(self, value: Any, en: bool) -> None:
        self.value = value
        self.en = en

    def __format__(self, spec: str) -> str:
        reading = _SPECS.get(spec)
        return reading(self.value, self.en) if reading is not None else format(self.value, spec)


_TEMPLATES: dict[str, tuple[str, tuple[tuple[str, Callable[[Any, bool], str] | None, str], ...]]] = {}


def _parsed(template: str) -> tuple[str, tuple[tuple[str, Callable[[Any, bool], str] | None, str], ...]]:
    """A template as a positional format string and, per field, its name and reading (parsed once)."""
    made = _TEMPLATES.get(template)
    if made is None:
        text: list[str] = []
        fields: list[tuple[str, Callable[[Any, bool], str] | None, str]] = []
        for literal, name, spec, _ in string.Formatter().parse(template):
            text.append(literal.replace("{", "{{").replace("}", "}}"))
            if name is not None:
                text.append(f"{{{len(fields)}}}")
                fields.append((name, _SPECS.get(spec or ""), spec or ""))
        made = _TEMPLATES[template] = ("".join(text), tuple(fields))
    return made


def _format(template: str, values: Mapping[str, Any], en: bool) -> str:
    text, fields = _parsed(template)
    return text.format(
        *[
            reading(values[name], en) if reading is not None else format(values[name], spec)
            for name, reading, spec in fields
        ]
    )


def fill(zh: str, en: str, **values: Any) -> tuple[str, str]:
    """The Chinese and English templates formatted with ``values``, each read as :class:`Shown` reads it."""
    return _format(zh, values, False), _format(en, values, True)


@dataclass(frozen=True, slots=True)
class PresumedFlag:
    """A yes/no fact that must hold and is presumed to when not stated (the field absent from ``model_fields_set``)."""

    key: str
    field: str
    held_zh: str
    held_en: str
    presumed_zh: str
    """The held text when the fact was not stated but presumed."""
    presumed_en: str
    failed_zh: str
    failed_en: str
    need_zh: str
    need_en: str
    needed: bool = dataclasses.field(default=True, init=False)
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", _clause(self.key))

    def reason(self, applicant: Any, params: Any) -> Reason:
        held = getattr(applicant, self.field) is True
        stated = getattr(applicant, "model_fields_set", None)
        if not held:
            zh, en = self.failed_zh, self.failed_en
        elif stated is None or self.field in stated:
            zh, en = self.held_zh, self.held_en
        else:
            zh, en = self.presumed_zh, self.presumed_en
        return Reason(self.clause, held, zh, en, self.key)


@dataclass(frozen=True, slots=True)
class Compare:
    """A quantity compared with a parameter by a comparison word: a field, or a field ``over`` another (a ratio).

    「注册资本金不低于1000万元」 is ``registered_capital`` 「不低于」 ``registered_capital_min``;
    「亩均固定资产投资在1000万元以上」 is ``fixed_asset_investment`` over ``area_mu`` 「以上」
    ``investment_per_mu_min``. The templates are formatted
    with ``value`` (the quantity compared), ``limit``, ``field`` and ``over`` (the two fields of a ratio); ``need_*``
    (what ``explain`` says must hold) with ``limit`` and ``needed`` (the passing value of the field), and
    ``need_over_*`` (for a ratio: the passing value of the denominator) with ``needed``, ``field``, ``over``, ``limit``.
    """

    key: str
    field: str
    word: str
    parameter: str
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    need_zh: str
    need_en: str
    quantity: Quantity = "yuan"
    over: str | None = None
    over_quantity: Quantity = "yuan"
    need_over_zh: str = ""
    need_over_en: str = ""
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _worded(self)

    @property
    def lower(self) -> bool:
        """Whether the parameter is a least value (「以上」「不低于」 …) rather than a greatest."""
        return WORDS[self.word].side == "lower"

    def value(self, applicant: Any) -> Any:
        """The quantity compared: the field, or the field divided by ``over``."""
        raw = getattr(applicant, self.field)
        return raw if self.over is None else raw / getattr(applicant, self.over)

    def reason(self, applicant: Any, params: Any) -> Reason:
        raw = getattr(applicant, self.field)
        over = None if self.over is None else getattr(applicant, self.over)
        value = raw if over is None else raw / over
        limit = getattr(params, self.parameter)
        held = WORDS[self.word].test(value, limit)
        zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
        return Reason.lazy(
            self.clause, held, lambda: fill(zh, en, value=value, limit=limit, field=raw, over=over), self.key
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """A value that must be one of a parameter's values (「经营业态……为数字经济、金融服务……」).

    With ``prefix`` the parameter's values are code prefixes (「属于……门类范围」: ``I65`` is within ``I``); a value
    that is itself a prefix of some of them is too coarse to tell (``coarse_*``, formatted with ``finer``). ``show``
    and ``show_allowed`` say how the value and the allowed values read, (zh, en); by default as :class:`Shown`.
    Templates: ``value``, ``limit`` (the allowed values), ``finer``. ``name_zh``/``name_en`` name the field for
    ``explain`` (「经营业态须为……之一」).
    """

    key: str
    field: str
    parameter: str
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    name_zh: str
    name_en: str
    prefix: bool = False
    coarse_zh: str = ""
    coarse_en: str = ""
    show: Callable[[Any], tuple[str, str]] | None = dataclasses.field(default=None, compare=False)
    show_allowed: Callable[[Any], tuple[str, str]] | None = dataclasses.field(default=None, compare=False)
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "clause", _clause(self.key))

    def matches(self, value: Any, allowed: Any) -> bool:
        """Whether ``value`` is one of ``allowed`` (with ``prefix``: starts with one of them)."""
        if self.prefix:
            return any(value.startswith(item) for item in allowed)
        return value in allowed

    def reason(self, applicant: Any, params: Any) -> Reason:
        value = getattr(applicant, self.field)
        allowed = getattr(params, self.parameter)
        held = self.matches(value, allowed)
        finer = () if held or not self.prefix else tuple(sorted(item for item in allowed if item.startswith(value)))
        if held:
            zh, en = self.held_zh, self.held_en
        elif finer:
            zh, en = self.coarse_zh, self.coarse_en
        else:
            zh, en = self.failed_zh, self.failed_en

        def render() -> tuple[str, str]:
            shown = self.show(value) if self.show else (_zh(value), _en(value))
            listed = self.show_allowed(allowed) if self.show_allowed else (_zh(allowed), _en(allowed))
            return (
                _format(zh, {"value": shown[0], "limit": listed[0], "finer": finer}, False),
                _format(en, {"value": shown[1], "limit": listed[1], "finer": finer}, True),
            )

        return Reason.lazy(self.clause, held, render, self.key)


@dataclass(frozen=True, slots=True)
class WithinMonths:
    """A date within a number of months (a parameter) of another date field (「在工商注册12个月内完成入统」).

    The deadline is ``months_after(since, months)`` (民法典第二百零一条), compared by ``word`` (「内」: on or before).
    Either date may be missing (not yet): the check then fails with ``missing_*`` (``field`` missing) or
    ``missing_since_*`` (``since`` missing). Templates: ``value``, ``since``, ``months``, ``deadline``. For
    ``explain``: ``need_*`` (the date by the deadline: ``deadline``, ``months``), ``need_since_*`` (or a later
    ``since``: ``since``, ``value``, ``months``), ``need_both_*`` (neither date yet: ``months``) and ``need_start_*``
    (``since`` not yet: ``since``, ``value``, ``months``). ``since_floor``: a field ``since`` may not precede
    (a completion not before the land contract).
    """

    key: str
    field: str
    since: str
    parameter: str
    held_zh: str
    held_en: str
    failed_zh: str
    failed_en: str
    missing_zh: str
    missing_en: str
    need_zh: str
    need_en: str
    need_since_zh: str
    need_since_en: str
    missing_since_zh: str = ""
    missing_since_en: str = ""
    need_both_zh: str = ""
    need_both_en: str = ""
    need_start_zh: str = ""
    need_start_en: str = ""
    since_floor: str | None = None
    word: str = "内"
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _worded(self)

    def deadline(self, since: date, params: Any) -> date:
        """The last day (for 「内」) of the period from ``since``."""
        return months_after(since, getattr(params, self.parameter))

    def reason(self, applicant: Any, params: Any) -> Reason:
        day, since = getattr(applicant, self.field), getattr(applicant, self.since)
        months = getattr(params, self.parameter)
        if since is None:
            texts = fill(self.missing_since_zh, self.missing_since_en, months=months)
            return Reason(self.clause, False, *texts, self.key)
        deadline = months_after(since, months)
        if day is None:
            texts = fill(self.missing_zh, self.missing_en, since=since, months=months, deadline=deadline)
            return Reason(self.clause, False, *texts, self.key)
        held = WORDS[self.word].test(day, deadline)
        zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
        return Reason.lazy(
            self.clause,
            held,
            lambda: fill(zh, en, value=day, since=since, months=months, deadline=deadline),
            self.key,
        )


TypedCheck = FlagCheck | Threshold | Window | StatedFlag | PresumedFlag | Compare | Membership | WithinMonths
"""Any typed check of a table (87号's and 79号's)."""


class Facts:
    """Several models read as one applicant (their field names are distinct): a table may span them."""

    __slots__ = ("_models",)

    def __init__(self, *models: Any) -> None:
        self._models = models

    def __getattr__(self, name: str) -> Any:
        for model in self._models:
            values = getattr(model, "__dict__", None)  # a pydantic model keeps its field values there
            if values is None:
                return getattr(model, name)
            if name in values:
                return values[name]
        raise AttributeError(name)

    @property
    def model_fields_set(self) -> set[str]:
        return set().union(*(getattr(m, "model_fields_set", set()) for m in self._models))


def table_reasons(table: Sequence[TypedCheck], applicant: Any, params: Any) -> tuple[Reason, ...]:
    """The scalar interpreter for any table: one reason per check, in its order (an unstated fact gives none)."""
    return tuple([r for check in table if (r := check.reason(applicant, params)) is not None])


def column_checks(
    table: Sequence[TypedCheck],
    columns: Mapping[str, Any],
    integer: Callable[[Any], int],
    params: Any,
    rows: int,
    where: NDArray[np.bool_],
) -> list[tuple[NDArray[np.bool_], str]]:
    """The columnar interpreter for any table: ``(held, key)`` per check, in its order, exactly.

    ``columns`` maps each field to a column with ``values`` and ``present`` (flags as booleans, dates as day
    numbers, money, m² and mu in hundredths, counts as integers, ratios and categories as objects); ``integer``
    turns a date or money parameter into its column unit. Row-wise tests (ratios of two columns, categories) are
    computed for the rows of ``where`` only (elsewhere False).
    """
    import numpy as np  # the analysis extra: not needed by the scalar rules

    result: list[tuple[NDArray[np.bool_], str]] = []
    for check in table:
        held: Any
        if isinstance(check, FlagCheck):
            column = columns[check.field].values
            held = column if check.needed else ~column
        elif isinstance(check, PresumedFlag):
            column = columns[check.field]
            held = column.values | ~column.present
        elif isinstance(check, Threshold):
            held = WORDS[check.word].test(columns[check.field].values, integer(getattr(params, check.parameter)))
        elif isinstance(check, Compare):
            held = _compare_column(check, columns, integer, params, rows, where)
        elif isinstance(check, Membership):
            allowed = getattr(params, check.parameter)
            held = _per_value(columns[check.field].values, where, partial(_matches, check, allowed))
        elif isinstance(check, Window):
            day = columns[check.field].values
            first = WORDS[check.start_word].test(day, integer(getattr(params, check.start)))
            held = first & WORDS[check.end_word].test(day, integer(getattr(params, check.end)))
        elif isinstance(check, WithinMonths):
            from .batch._kernels import add_months

            value, since = columns[check.field], columns[check.since]
            deadline = add_months(since.values, getattr(params, check.parameter))
            held = value.present & since.present & WORDS[check.word].test(value.values, deadline)
        else:  # a stated flag: unstated is no reason, so it does not fail
            column = columns[check.field]
            held = ~column.present | (column.values if check.needed else ~column.values)
        result.append((np.asarray(held, dtype=np.bool_), check.key))
    return result


def _matches(check: Membership, allowed: Any, value: Any) -> bool:
    return check.matches(value, allowed)


def _per_value(values: Any, where: NDArray[np.bool_], test: Callable[[Any], bool]) -> NDArray[np.bool_]:
    """``test`` of each value of the rows ``where`` (computed once per distinct value); False elsewhere."""
    import numpy as np

    cache: dict[Any, bool] = {}
    result = np.zeros(len(values), dtype=np.bool_)
    for row in np.flatnonzero(where).tolist():
        value = values[row]
        if value not in cache:
            cache[value] = test(value)
        result[row] = cache[value]
    return result


_HUNDREDTHS: dict[str, int] = {"yuan": 100, "m2": 100, "mu": 100, "count": 1, "date": 1}
"""How many column units make one unit of a quantity (money, m² and mu are read in hundredths)."""


def _compare_column(
    check: Compare,
    columns: Mapping[str, Any],
    integer: Callable[[Any], int],
    params: Any,
    rows: int,
    where: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    import numpy as np

    test = WORDS[check.word].test
    limit = getattr(params, check.parameter)
    values = columns[check.field].values
    if check.over is not None:
        # field ÷ over OP p/q with each column in its unit (field = f / F, over = o / O):
        # f × O × q OP p × o × F (over > 0), in Python integers (the products can exceed 64 bits)
        p, q = Fraction(limit).as_integer_ratio()
        left, right = _HUNDREDTHS[check.over_quantity] * q, p * _HUNDREDTHS[check.quantity]
        over = columns[check.over].values
        held = np.zeros(rows, dtype=np.bool_)
        for row in np.flatnonzero(where).tolist():
            held[row] = test(int(values[row]) * left, right * int(over[row]))
        return held
    if check.quantity == "ratio":
        return _per_value(values, where, lambda v: bool(test(v, limit)))
    if check.quantity == "count":
        return np.asarray(test(values, int(limit)), dtype=np.bool_)
    if check.quantity == "date":
        return np.asarray(test(values, integer(limit)), dtype=np.bool_)
    p, q = Fraction(Decimal(limit) * 100).as_integer_ratio()  # hundredths (fen, 0.01 m², 0.01 mu)
    return np.asarray(test(values * q, p) if q != 1 else test(values, p), dtype=np.bool_)
