"""统一社会信用代码 (unified social credit code), GB 32100-2015.

Eighteen characters from the 31-character set ``0-9`` and ``ABCDEFGHJKLMNPQRTUWXY``
(no I, O, Z, S, V): 登记管理部门代码 (1), 机构类别代码 (1), 登记管理机关行政区划码
(6 digits), 主体标识码 (9, the organisation code of GB 11714), 校验码 (1). The
check character is ``31 - (Σ value_i × weight_i mod 31)``, 31 read as 0, with
weights ``3^(i-1) mod 31`` for i = 1…17 (GB 32100-2015 第5章).

References:
    GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
Limitations:
    Only the form and the GB 32100 check character are verified; whether a code
    was actually issued needs the national enterprise credit register.
"""

from __future__ import annotations

import re
from operator import mul
from typing import Annotated

from pydantic import AfterValidator

from .inputs import check_text

__all__ = ["ALPHABET", "WEIGHTS", "CreditCode", "check_character", "validate_credit_code"]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_VALUE = {character: value for value, character in enumerate(ALPHABET)}
_ALLOWED = frozenset(ALPHABET)
_BASE_34 = bytes.maketrans(ALPHABET.encode(), b"0123456789abcdefghijklmnopqrstu")
"""Each character to the base-34 digit of its value: 34 ≡ 3 (mod 31), so the 17 characters read as one base-34
number, first character lowest, are ≡ Σ value_i × 3^(i-1) (mod 31): the weighted sum of GB 32100, in C."""
_WELL_FORMED = re.compile(r"[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}", re.ASCII)
"""A code that needs no normalising: 18 characters of the set, characters 3–8 digits (the check character aside)."""


def _check(first17: str) -> str:
    """:func:`check_character` of 17 characters known to be in :data:`ALPHABET`."""
    return ALPHABET[-int(first17[::-1].encode().translate(_BASE_34), 34) % 31]


def check_character(first17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters of a code."""
    if len(first17) == 17 and _ALLOWED.issuperset(first17):
        return _check(first17)
    total = sum(map(mul, map(_VALUE.__getitem__, first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Return ``code`` (NFKC-normalised, stripped, upper-cased) if it is well formed with a right check character.

    Raises ``ValueError`` with a bilingual message saying what is wrong.
    """
    if type(code) is str and _WELL_FORMED.fullmatch(code) and code[17] == _check(code[:17]):
        return code  # the common case: nothing to normalise, the form and the check character right
    if not isinstance(code, str):
        raise ValueError(f"统一社会信用代码应为字符串 / the credit code must be a string (got {code!r})")
    value = check_text(code).upper()
    if len(value) != 18:
        raise ValueError(
            f"统一社会信用代码应为18位,实为{len(value)}位 / "
            f"a credit code has 18 characters, got {len(value)} ({code!r})"
        )
    if not _ALLOWED.issuperset(value):
        bad = sorted(set(value) - _ALLOWED)
        raise ValueError(
            f"统一社会信用代码含不允许的字符{''.join(bad)}(不使用I、O、Z、S、V) / "
            f"the credit code has characters outside GB 32100's set (no I, O, Z, S, V): {''.join(bad)!r}"
        )
    if not value[2:8].isdigit():
        raise ValueError(
            f"统一社会信用代码第3—8位应为行政区划码(数字),实为{value[2:8]} / "
            f"characters 3-8 must be a numeric administrative division code, got {value[2:8]!r}"
        )
    expected = check_character(value[:17])
    if value[17] != expected:
        raise ValueError(
            f"统一社会信用代码校验码错误:应为{expected},实为{value[17]} / "
            f"wrong check character: expected {expected!r}, got {value[17]!r} ({code!r})"
        )
    return value


CreditCode = Annotated[str, AfterValidator(validate_credit_code)]
"""A pydantic field type: a verified 统一社会信用代码."""
