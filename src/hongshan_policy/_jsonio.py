"""Strict JSON in: exact numbers, no duplicate keys, bounded nesting and number length, typed errors.

:func:`loads` reads JSON text the way every entry point of this library reads it (the CLI's ``assess``,
JSON Lines registers, schedule files):

- a number without a fraction or exponent is an ``int``; a number *with* one (``10.5``, ``1e3``) is a
  :class:`JsonFloat` — a ``Decimal`` holding exactly the digits written, never a binary float, marked so the
  input boundary can refuse it where only a string or an integer is accepted (money: "pass a string");
- ``NaN``, ``Infinity`` and ``-Infinity`` are refused;
- a key given twice in one object is refused, naming the key (the last one never silently wins);
- a number literal longer than :data:`MAX_NUMBER_CHARS` characters, or with a decimal exponent beyond
  :data:`MAX_EXPONENT` either way (``1E+400``), is refused (a 5,000-digit integer is a typed error, not
  Python's ``ValueError`` about integer string conversion);
- arrays and objects nested deeper than :data:`MAX_DEPTH` are refused *before* parsing (no ``RecursionError``).

Every refusal is an :class:`~hongshan_policy.errors.InputFileError` naming the file, the line and the column,
and, for a refused value inside an object, its key (as ``field``).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .errors import InputFileError

__all__ = ["MAX_DEPTH", "MAX_EXPONENT", "MAX_NUMBER_CHARS", "JsonFloat", "loads"]

MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted (an application is 3 levels deep)."""
MAX_NUMBER_CHARS = 64
"""Longest number literal accepted, in characters (money needs at most 17: 10万亿元 with fen)."""
MAX_EXPONENT = 64
"""Largest decimal exponent accepted, either way: ``1e64`` and ``1e-64`` are read, ``1e65`` and ``1e-65`` refused."""


class JsonFloat(Decimal):
    """A JSON number written with a fraction or an exponent (``10.5``, ``1e3``), held exactly as written.

    It *is* a ``Decimal`` (the digits are never rounded through a float), so a ratio such as ``0.7`` reads
    exactly; money fields refuse it (a JSON number with a fraction is a float to most other programs that
    write JSON: amounts must be strings, ``"10.50"``, or integers).
    """

    __slots__ = ()


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def _where(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, column


_KEY_BEFORE = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*\Z')


def _key_before(text: str, position: int) -> str | None:
    """The key whose value starts at ``position``, when it is an object member (``"revenue": 1e400``)."""
    found = _KEY_BEFORE.search(text, max(0, position - 200), position)
    if found is None:
        return None
    try:
        key = json.loads(f'"{found.group(1)}"')
    except ValueError:
        return None
    return key if isinstance(key, str) else None


def _error(name: str, text: str, position: int, zh: str, en: str, *, expected: Any = None, got: Any = None) -> Any:
    line, column = _where(text, position)
    key = _key_before(text, position)
    if key is None:
        return InputFileError(
            f"第{line}行第{column}列:{zh}",
            f"line {line} column {column}: {en}",
            field=name,
            expected=expected,
            got=got,
        )
    return InputFileError(
        f"{zh}({name} 第{line}行第{column}列)",
        f"{en} ({name} line {line} column {column})",
        field=key,
        expected=expected,
        got=got,
    )


def _check_depth(text: str, name: str, limit: int) -> None:
    depth = 0
    for token in _TOKENS.finditer(text):
        char = token.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                raise _error(
                    name,
                    text,
                    token.start(),
                    f"嵌套超过{limit}层",
                    f"nested deeper than {limit} levels",
                    expected=f"at most {limit} levels",
                    got=">" + str(limit),
                )
        elif char in "]}":
            depth -= 1


class _Refusal(Exception):
    """Raised inside a json hook; turned into an InputFileError with a position by :func:`loads`."""

    def __init__(self, zh: str, en: str, got: Any, *, occurrence: int = 1) -> None:
        super().__init__(en)
        self.zh, self.en, self.got, self.occurrence = zh, en, got, occurrence


def _number(text: str, kind: type[int] | type[JsonFloat]) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refusal(
            f"数字太长({len(text)}个字符,最多{MAX_NUMBER_CHARS}个)",
            f"number too long ({len(text)} characters, at most {MAX_NUMBER_CHARS})",
            text[:20] + "…",
        )
    number = kind(text)
    if isinstance(number, Decimal) and number.is_finite():
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite
        if max(abs(number.adjusted()), abs(exponent)) > MAX_EXPONENT:
            raise _Refusal(
                f"数字超出范围(指数超过±{MAX_EXPONENT})",
                f"number out of range (exponent beyond ±{MAX_EXPONENT})",
                text[:20],
            )
    return number


def _int(text: str) -> Any:
    return _number(text, int)


def _float(text: str) -> Any:
    return _number(text, JsonFloat)


def _constant(text: str) -> Any:
    raise _Refusal(f"不允许 {text}(应为有限数)", f"{text} is not allowed (expected a finite number)", text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refusal(f"键 {key!r} 重复出现", f"key {key!r} appears twice in one object", key, occurrence=2)
        result[key] = value
    return result


class _Decoder(json.JSONDecoder):
    def __init__(self) -> None:
        super().__init__(parse_float=_float, parse_int=_int, parse_constant=_constant, object_pairs_hook=_pairs)


_DECODER = _Decoder()


def loads(text: str, *, name: str = "JSON", max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON ``text`` strictly (see the module's docstring); ``name`` (a file name) is used in messages."""
    _check_depth(text, name, max_depth)
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise _error(
            name, text, error.pos, f"不是有效的JSON:{error.msg}", f"not valid JSON: {error.msg}", got=error.msg
        ) from None
    except _Refusal as refusal:
        position = _locate(text, refusal)
        raise _error(name, text, position, refusal.zh, refusal.en, got=refusal.got) from None
    except RecursionError:  # pragma: no cover - the depth check runs first
        raise _error(name, text, 0, "嵌套太深", "nested too deeply") from None


def _locate(text: str, refusal: _Refusal) -> int:
    """Where the refused token appears (the hooks are not given a position): its first, or second, occurrence."""
    got = str(refusal.got)
    needle = got[:-1] if got.endswith("…") else json.dumps(got, ensure_ascii=False) if refusal.occurrence > 1 else got
    found = -1
    for _ in range(refusal.occurrence):
        found = text.find(needle, found + 1)
        if found < 0:
            return 0
    return found
