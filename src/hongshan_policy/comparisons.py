"""The one table that says what each comparison word of the texts means.

Chinese legislative drafting reads 「以上」「以下」「以内」「届满」 as including
the number itself and 「不满」「超过」「以外」 as excluding it (《中华人民共和国民法典》
第一千二百五十九条). The texts also use 「不低于」「及以上」「达到」 (include),
「(不含)」「少于」 (exclude) and, for dates, 「以后」「起」「至」「前」「底前」「内」
(include the named day), and 「最高」 (at most, included). Every rule compares through :func:`holds`, so a word
is interpreted here and nowhere else, and each is tested below, at and above
its number (the slip Catala's examples made with 「inférieur à」 cannot recur).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeVar

__all__ = ["WORDS", "Word", "holds"]

_T = TypeVar("_T", Decimal, Fraction, int, date)


@dataclass(frozen=True, slots=True)
class Word:
    """How one comparison word bounds a value: from below or above, the number included or not."""

    text: str
    side: Literal["lower", "upper"]
    inclusive: bool
    en: str
    test: Callable[[Any, Any], bool] = field(init=False, repr=False, compare=False)
    """``value OP threshold``: ``>=``, ``>``, ``<=`` or ``<``, derived from ``side`` and ``inclusive``."""

    def __post_init__(self) -> None:
        lower = self.side == "lower"
        test = (operator.ge if lower else operator.le) if self.inclusive else (operator.gt if lower else operator.lt)
        object.__setattr__(self, "test", test)


WORDS: dict[str, Word] = {
    word.text: word
    for word in (
        Word("以上", "lower", True, "or more"),
        Word("及以上", "lower", True, "or more"),
        Word("不低于", "lower", True, "not below"),
        Word("达到", "lower", True, "reaching"),
        Word("以后", "lower", True, "on or after"),
        Word("起", "lower", True, "from"),
        Word("(不含)", "lower", False, "above (exclusive)"),
        Word("超过", "lower", False, "more than"),
        Word("以下", "upper", True, "or less"),
        Word("以内", "upper", True, "within"),
        Word("内", "upper", True, "within"),
        Word("前", "upper", True, "on or before"),
        Word("底前", "upper", True, "by the end of"),
        Word("届满", "upper", True, "at the expiry of"),
        Word("不超过", "upper", True, "not more than"),
        Word("最高", "upper", True, "at most"),
        Word("至", "upper", True, "through"),
        Word("不满", "upper", False, "less than"),
        Word("少于", "upper", False, "less than"),
        Word("低于", "upper", False, "below"),
    )
}


def holds(value: _T, word: str, threshold: _T) -> bool:
    """Whether ``value`` satisfies 「``threshold`` + ``word``」, e.g. ``holds(x, "以上", 5_000_000)``.

    An unknown word raises ``KeyError``: a rule cannot use a word this table
    does not define.
    """
    return WORDS[word].test(value, threshold)
