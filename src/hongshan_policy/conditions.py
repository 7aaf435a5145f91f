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
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .comparisons import WORDS
from .dates import zh_date
from .decisions import Reason
from .money import fmt_wan, fmt_yuan

if TYPE_CHECKING:  # numpy is the analysis extra's: imported only by the columnar interpreter
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Check",
    "FlagCheck",
    "StatedFlag",
    "Threshold",
    "Window",
    "columns_held",
    "compiled",
    "compiled_keywords",
    "en_text",
    "reasons",
    "unstated",
    "zh_text",
]


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
        clause = self.key.partition("/")[0]
        object.__setattr__(self, "clause", clause)
        object.__setattr__(self, "need_zh", self.need_zh or self.held_zh)
        object.__setattr__(self, "need_en", self.need_en or self.held_en)
        object.__setattr__(
            self,
            "_outcomes",
            {
                True: Reason(clause, True, self.held_zh, self.held_en, self.key),
                False: Reason(clause, False, self.failed_zh, self.failed_en, self.key),
            },
        )

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
        if self.word not in WORDS:
            raise ValueError(f"{self.key}: unknown comparison word {self.word!r}")
        object.__setattr__(self, "clause", self.key.partition("/")[0])

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

    The templates are formatted with ``value``, ``start`` and ``end``; ``early_*`` / ``late_*`` say what must hold
    (``explain``) when the value is before the window / after it.
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
    clause: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for word, side in ((self.start_word, "lower"), (self.end_word, "upper")):
            if word not in WORDS or WORDS[word].side != side:
                raise ValueError(f"{self.key}: {word!r} is not an {side} comparison word")
        object.__setattr__(self, "clause", self.key.partition("/")[0])

    def reason(self, applicant: Any, params: Any) -> Reason:
        """The reason for one applicant; its texts are made when first read."""
        value: Any = getattr(applicant, self.field)
        start, end = getattr(params, self.start), getattr(params, self.end)
        held = WORDS[self.start_word].test(value, start) and WORDS[self.end_word].test(value, end)
        return Reason.lazy(self.clause, held, self._render(value, start, end, held), self.key)

    def _render(self, value: Any, start: Any, end: Any, held: bool) -> Callable[[], tuple[str, str]]:
        return lambda: self._texts(value, start, end, held)

    def _texts(self, value: Any, start: Any, end: Any, held: bool) -> tuple[str, str]:
        zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
        return (
            zh.format(value=zh_text(value, figure=True), start=zh_text(start), end=zh_text(end)),
            en.format(value=en_text(value), start=en_text(start), end=en_text(end)),
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
        clause = self.key.partition("/")[0]
        object.__setattr__(self, "clause", clause)
        object.__setattr__(self, "need_zh", self.need_zh or self.held_zh)
        object.__setattr__(self, "need_en", self.need_en or self.held_en)
        object.__setattr__(
            self,
            "_outcomes",
            {
                True: Reason(clause, True, self.held_zh, self.held_en, self.key),
                False: Reason(clause, False, self.failed_zh, self.failed_en, self.key),
            },
        )

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
    elif len(more) == 2:  # a reward's tables (87号's scale reward): built without map
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
            elif isinstance(check, Window):
                names[f"_s{n}"], names[f"_e{n}"] = WORDS[check.start_word].test, WORDS[check.end_word].test
                names[f"_m{n}"], names[f"_k{n}"], names[f"_cl{n}"] = check._texts, check.key, check.clause
                lines.append(
                    f"    v{n} = {read(check.field)}; s{n} = p.{check.start}; e{n} = p.{check.end}; "
                    f"h{n} = _s{n}(v{n}, s{n}) and _e{n}(v{n}, e{n})"
                )
                lines.append(_made(n, f"lambda: _m{n}(v{n}, s{n}, e{n}, h{n})"))
                items.append(f"r{n}")
            else:
                names[f"_t{n}"] = WORDS[check.word].test
                names[f"_m{n}"], names[f"_k{n}"], names[f"_cl{n}"] = check._texts, check.key, check.clause
                lines.append(f"    v{n} = {read(check.field)}; l{n} = p.{check.parameter}; h{n} = _t{n}(v{n}, l{n})")
                lines.append(_made(n, f"lambda: _m{n}(v{n}, l{n}, h{n})"))
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
