"""The command line's standard streams: any console encoding, closed pipes, full devices, never a traceback.

- :func:`prepare_streams`: standard output and error keep the console's encoding (a GBK console shows the
  Chinese), but a character it cannot show degrades instead of raising ``UnicodeEncodeError``: the
  half-width ``¥`` becomes the full-width ``￥`` GBK has, anything else a ``\\uXXXX`` escape.
- :func:`write_json`: JSON is always written as UTF-8 (RFC 8259 §8.1), whatever the console's encoding, so a
  program reading it gets the same bytes on every machine.
- :func:`guarded`: runs a command and turns every way it can end into an exit status with at most one
  bilingual line on standard error: 0, or the command's own status; 2 for an expected error (a
  :class:`~hongshan_policy.errors.PolicyError` naming the field, or an ``OSError`` such as a full device);
  0 and silence when the reader of standard output went away (``… | head``); 130 on Ctrl-C; 70 (``EX_SOFTWARE``)
  for anything unexpected, with the trace only under ``--debug``. With ``json_errors`` (a command given
  ``--json``) the error is one JSON object on standard error instead (:func:`error_object`): ``error`` (the
  class), ``field``, ``zh``, ``en``, ``expected``, ``got``, ``exit_code`` and ``errors`` (every problem, each
  with its ``field``, ``zh``, ``en``; ``record`` for the index of a record in a list).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from typing import Any, TextIO

from pydantic import ValidationError

from .errors import DetectedEncodingWarning, PolicyError, UnrecognisedColumnsWarning

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "PYDANTIC_ZH",
    "error_object",
    "guarded",
    "prepare_streams",
    "report_json",
    "write_json",
]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70
"""``EX_SOFTWARE`` of ``sysexits.h``: an internal error (a bug to report)."""
EXIT_INTERRUPTED = 130
PYDANTIC_ZH = {
    "extra_forbidden": "不允许的字段(请检查拼写)",
    "missing": "缺少必填字段",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_too_short": "不能为空",
    "model_type": "应为JSON对象",
}
"""Chinese for pydantic's error types (the English is pydantic's own message)."""
_HANDLER = "hongshan-degrade"
_SUBSTITUTES = {"¥": "￥", "\u00a0": " "}


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        substitute = _SUBSTITUTES.get(char)
        if substitute is not None:
            try:
                substitute.encode(error.encoding)
            except (UnicodeEncodeError, LookupError):
                substitute = None
        out.append(substitute if substitute is not None else char.encode("ascii", "backslashreplace").decode())
    return "".join(out), error.end


codecs.register_error(_HANDLER, _degrade)


def prepare_streams() -> None:
    """Let standard output and error degrade characters the console cannot show (see the module's docstring)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            with contextlib.suppress(ValueError, OSError, AttributeError):  # a closed or odd stream
                stream.reconfigure(errors=_HANDLER)


def _is_utf8(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:  # pragma: no cover - a stream always has a known encoding
        return False


def write_json(text: str) -> None:
    """Write JSON text to standard output as UTF-8 bytes, whatever the console's encoding."""
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    if _is_utf8(stream) or buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's last flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _show_notice(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    print(f"注意 notice: {message}", file=sys.stderr)


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # standard error itself is gone
        print(line, file=sys.stderr)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return str(value)


def _problems(error: BaseException) -> list[dict[str, Any]]:
    if isinstance(error, ValidationError):
        found = []
        for item in error.errors(include_url=False):
            en = item["msg"].removeprefix("Value error, ")
            got = item.get("input")
            found.append(
                {
                    "field": ".".join(str(part) for part in item["loc"]) or None,
                    "zh": PYDANTIC_ZH.get(item["type"], en),
                    "en": en,
                    "expected": None,
                    "got": None if isinstance(got, dict | list) else _plain(got),
                }
            )
        return found
    if isinstance(error, PolicyError):
        return [
            {
                "field": error.field,
                "zh": error.zh,
                "en": error.en,
                "expected": _plain(error.expected),
                "got": _plain(error.got),
            }
        ]
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return [
            {
                "field": None if error.filename is None else str(error.filename),
                "zh": f"无法读写:{reason}",
                "en": f"cannot read or write: {reason}",
                "expected": None,
                "got": None,
            }
        ]
    return [
        {
            "field": None,
            "zh": f"内部错误:{type(error).__name__}",
            "en": f"internal error: {type(error).__name__}: {_short(error)}",
            "expected": None,
            "got": None,
        }
    ]


def error_object(errors: list[tuple[int | None, BaseException]], exit_code: int) -> dict[str, Any]:
    """The JSON object reporting ``errors`` (each with the index of its record in a list, or None).

    ``error``, ``field``, ``zh``, ``en``, ``expected`` and ``got`` are those of the first problem; ``errors``
    lists every problem (with ``record`` when the input was a list).
    """
    problems: list[dict[str, Any]] = []
    for record, error in errors:
        for problem in _problems(error):
            problems.append(
                {"error": type(error).__name__, **({"record": record} if record is not None else {}), **problem}
            )
    first = problems[0] if problems else {"error": "Error", "field": None, "zh": "错误", "en": "error"}
    return {
        "error": first["error"],
        "field": first.get("field"),
        "zh": first["zh"],
        "en": first["en"],
        "expected": first.get("expected"),
        "got": first.get("got"),
        "exit_code": exit_code,
        "errors": problems,
    }


def report_json(errors: list[tuple[int | None, BaseException]], exit_code: int) -> int:
    """Write the JSON error object of ``errors`` on standard error (one line, UTF-8); return ``exit_code``."""
    text = json.dumps(error_object(errors, exit_code), ensure_ascii=False) + "\n"
    with contextlib.suppress(OSError, ValueError):
        buffer = getattr(sys.stderr, "buffer", None)
        if _is_utf8(sys.stderr) or buffer is None:
            sys.stderr.write(text)
        else:
            sys.stderr.flush()
            buffer.write(text.encode("utf-8"))
        sys.stderr.flush()
    return exit_code


def guarded(command: Callable[[], int], *, debug: bool = False, json_errors: bool = False) -> int:
    """Run ``command`` and return its exit status, never letting an exception out (see the module's docstring).

    Notices (:class:`~hongshan_policy.errors.DetectedEncodingWarning`,
    :class:`~hongshan_policy.errors.UnrecognisedColumnsWarning`) are printed on standard error as
    ``注意 notice: …`` lines while it runs.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("always", DetectedEncodingWarning)
        warnings.simplefilter("always", UnrecognisedColumnsWarning)
        warnings.showwarning = _show_notice
        try:
            status = command()
            sys.stdout.flush()
        except SystemExit:
            raise
        except BrokenPipeError:  # `hongshan-policy … | head`: the reader left; stop quietly
            _silence_stdout()
            return 0
        except PolicyError as error:
            if json_errors:
                return report_json([(None, error)], EXIT_BAD_INPUT)
            _say(f"错误 error: {error}")
            return EXIT_BAD_INPUT
        except ValidationError as error:
            if json_errors:
                return report_json([(None, error)], EXIT_BAD_INPUT)
            for item in error.errors(include_url=False):
                where = ".".join(str(part) for part in item["loc"]) or "(whole record)"
                _say(f"错误 error: {where}: 输入有误 invalid input: {item['msg']}")
            return EXIT_BAD_INPUT
        except OSError as error:  # e.g. standard output on a full device
            _silence_stdout()
            if json_errors:
                return report_json([(None, error)], EXIT_BAD_INPUT)
            where = error.filename or "标准输出 standard output"
            _say(f"错误 error: {where}: 无法写出 cannot write: {error.strerror or error}")
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            _say("已中断 interrupted")
            return EXIT_INTERRUPTED
        except Exception as error:
            if debug:
                traceback.print_exc()
            if json_errors:
                return report_json([(None, error)], EXIT_INTERNAL)
            _say(
                f"内部错误 internal error: {type(error).__name__}: {_short(error)} — 这是本程序的缺陷,请报告;"
                "加 --debug 查看详情 / this is a bug, please report it; rerun with --debug for the trace"
            )
            return EXIT_INTERNAL
    return status


def _short(error: BaseException) -> Any:
    text = str(error).replace("\n", " ")
    return text if len(text) <= 200 else text[:200] + "…"
