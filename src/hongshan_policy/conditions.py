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

__all__ = ["Check", "FlagCheck", "Threshold", "columns_held", "compiled", "en_text", "reasons", "zh_text"]


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
        def render() -> tuple[str, str]:
            zh, en = (self.held_zh, self.held_en) if held else (self.failed_zh, self.failed_en)
            return (
                zh.format(value=zh_text(value), limit=zh_text(limit)),
                en.format(value=en_text(value), limit=en_text(limit)),
            )

        return render


Check = FlagCheck | Threshold
"""One typed check of a table."""


def zh_text(value: Any) -> str:
    if isinstance(value, date):
        return zh_date(value)
    if isinstance(value, Decimal):
        return fmt_wan(value)
    return str(value)


def en_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return fmt_yuan(value)
    return str(value)


def reasons(table: Sequence[Check], applicant: Any, params: Any) -> tuple[Reason, ...]:
    """The scalar interpreter: one reason per check of ``table``, in its order (see also :func:`compiled`)."""
    return tuple(check.reason(applicant, params) for check in table)


_COMPILED: dict[int, tuple[Sequence[Check], Callable[[Any, Any], tuple[Reason, ...]]]] = {}


def compiled(table: Sequence[Check]) -> Callable[[Any, Any], tuple[Reason, ...]]:
    """:func:`reasons` as one function made for ``table`` (as ``attrs`` makes ``__init__``): the scalar fast path.

    Flags look their reason up (made once); thresholds compare and make a lazy reason. Cached per table object.
    """
    cached = _COMPILED.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    key = tuple(table)
    names: dict[str, Any] = {"_lazy": Reason.lazy}
    lines = ["def interpret(a, p):"]
    items = []
    for n, check in enumerate(key):
        if isinstance(check, FlagCheck):
            held, failed = check._outcomes[True], check._outcomes[False]
            names[f"_r{n}"] = {check.needed: held, (not check.needed): failed}
            items.append(f"_r{n}[a.{check.field}]")
        else:
            names[f"_t{n}"] = WORDS[check.word].test
            names[f"_m{n}"], names[f"_k{n}"], names[f"_cl{n}"] = check._render, check.key, check.clause
            lines.append(f"    v{n} = a.{check.field}; l{n} = p.{check.parameter}; h{n} = _t{n}(v{n}, l{n})")
            items.append(f"_lazy(_cl{n}, h{n}, _m{n}(v{n}, l{n}, h{n}), _k{n})")
    lines.append(f"    return ({', '.join(items)}{',' if len(items) == 1 else ''})")
    exec("\n".join(lines), names)
    made: Callable[[Any, Any], tuple[Reason, ...]] = names["interpret"]
    _COMPILED[id(table)] = (table, made)
    return made


def columns_held(
    table: Sequence[Check],
    columns: Mapping[str, NDArray[Any]],
    integer: Callable[[Any], int],
    params: Any,
    rows: int,
) -> NDArray[np.bool_]:
    """The columnar interpreter: where every check of ``table`` holds.

    ``columns`` maps each field to its column (flags as booleans, dates and money as exact integers);
    ``integer`` turns a parameter into the same integer unit (day number, fen).
    """
    import numpy as np  # the analysis extra: not needed by the scalar rules

    ok = np.ones(rows, dtype=np.bool_)
    for check in table:
        column = columns[check.field]
        if isinstance(check, FlagCheck):
            ok &= column if check.needed else ~column
        else:
            ok &= WORDS[check.word].test(column, integer(getattr(params, check.parameter)))
    return ok
