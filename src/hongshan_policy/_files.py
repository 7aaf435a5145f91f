"""Files in and out, safely: bounded reads, encodings detected or named, atomic writes, no overwrite by surprise.

- :func:`read_bytes`: a file (or ``-`` for standard input) up to a size limit, refused *before* it is read
  whole when larger (so a 200 MB file never fills memory).
- :func:`decode`, :func:`read_text`: UTF-8 with or without a byte-order mark; UTF-16 and UTF-32 with a
  byte-order mark; otherwise GB18030 (a superset of GBK and GB2312, what Chinese Excel and Notepad write),
  read with a :class:`~hongshan_policy.errors.DetectedEncodingWarning` naming it. Binary data (NUL bytes,
  control characters) and text in no such encoding are refused with :class:`~hongshan_policy.errors.InputFileError`
  naming ``--encoding``. An explicit ``encoding`` is checked first (an unknown name is a typed error).
- :func:`check_output`, :func:`atomic_output`, :func:`write_text`, :func:`write_bytes`: an output is written to a
  temporary file in the target's folder and moved into place (``os.replace``) only once complete, so a full
  disk or a crash never leaves a truncated file where a good one was; an existing file is replaced only with
  ``overwrite=True`` (``--overwrite``); a target that is one of the inputs is always refused.
- :func:`neutralise_cell`: a text cell a spreadsheet would run as a formula (OWASP "CSV injection") gets a
  leading apostrophe.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .errors import DetectedEncodingWarning, InputFileError, OutputFileError

__all__ = [
    "FORMULA_PREFIXES",
    "TextFile",
    "atomic_output",
    "check_encoding",
    "check_output",
    "decode",
    "neutralise_cell",
    "read_bytes",
    "read_text",
    "write_bytes",
    "write_text",
]

STDIN = "-"
"""The path that means standard input."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK = "gb18030"
"""Tried when a file is not UTF-8: GB18030 reads GBK and GB2312 files identically (it is their superset)."""


_REASONS_ZH = {errno.ENOENT: "找不到文件", errno.EACCES: "没有读取权限", errno.EISDIR: "这是一个文件夹,不是文件"}


@dataclass(frozen=True, slots=True)
class TextFile:
    """A decoded text file: its text, the encoding used, and whether that encoding was detected (not UTF-8)."""

    text: str
    encoding: str
    detected: bool = False


def _name(path: str | os.PathLike[str]) -> str:
    return "标准输入 standard input" if str(path) == STDIN else str(path)


def read_bytes(path: str | os.PathLike[str], *, limit: int | None = None, hint: tuple[str, str] = ("", "")) -> bytes:
    """The bytes of ``path`` (``"-"``: standard input), at most ``limit`` bytes.

    A regular file larger than ``limit`` is refused from its size alone, before it is read; a stream
    (standard input, a pipe) is read up to ``limit + 1`` bytes and refused there. ``hint`` (Chinese, English) is
    appended to the message (e.g. which command takes large files). Raises :class:`InputFileError` for a
    missing, unreadable or too large file or a folder.
    """
    name = _name(path)
    if str(path) == STDIN:
        stream: BinaryIO = sys.stdin.buffer
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise _too_large(name, None, limit, hint)
        return data
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "Is a directory")
            if limit is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(name, info.st_size, limit, hint)
            data = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputFileError(
            f"无法读取文件({_REASONS_ZH.get(error.errno or 0, reason)})",
            f"cannot read the file: {reason}",
            field=name,
            expected="a readable file",
            got=reason,
        ) from None
    if limit is not None and len(data) > limit:
        raise _too_large(name, None, limit, hint)
    return data


def _too_large(name: str, size: int | None, limit: int, hint: tuple[str, str]) -> InputFileError:
    zh_size = f"{size:,} 字节" if size is not None else f"超过 {limit:,} 字节"
    en_size = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return InputFileError(
        f"文件太大({zh_size},上限 {limit:,} 字节){hint[0] and ';' + hint[0]}",
        f"the file is too large ({en_size}; the limit is {limit:,} bytes){hint[1] and '; ' + hint[1]}",
        field=name,
        expected=f"at most {limit} bytes",
        got=size,
    )


def check_encoding(encoding: str) -> str:
    """The canonical name of a text ``encoding``; :class:`InputFileError` naming ``--encoding`` if unknown."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InputFileError(
            f"未知的编码 {encoding!r}(例如 utf-8、gbk、gb18030、utf-16)",
            f"unknown encoding {encoding!r} (e.g. utf-8, gbk, gb18030, utf-16)",
            field="--encoding",
            expected="utf-8 | gbk | gb18030 | utf-16 | …",
            got=encoding,
        )
    return info.name


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ud800-\udfff\U000f0000-\U0010ffff]")
"""Characters that do not belong in a text file: C0 and C1 controls (but tab, line breaks, form feed),
private-use characters and lone surrogates."""


def _suspicious(text: str, *, thorough: bool = False) -> str | None:
    """The first character that does not belong in a text file; ``thorough`` also looks for unassigned ones."""
    found = _CONTROL.search(text)
    if found is not None:
        return found.group()
    if thorough:
        for char in text:
            if not char.isascii() and unicodedata.category(char) == "Cn":
                return char
    return None


def _refuse_binary(name: str, detail: str) -> InputFileError:
    return InputFileError(
        f"{name} 不是文本文件,或其编码无法识别({detail});如为文本,请用 --encoding 指明编码(如 gbk、utf-16)",
        f"{name} is not a text file, or its encoding is not recognised ({detail}); if it is text, name its "
        "encoding with --encoding (e.g. gbk, utf-16)",
        field="--encoding",
        expected="UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK text",
        got=detail,
    )


def decode(data: bytes, *, encoding: str | None = None, name: str = "") -> TextFile:
    """Decode the bytes of a text file (see the module's docstring for what is detected and what is refused).

    With ``encoding`` given, exactly that encoding is used (a UTF-8 byte-order mark is skipped for
    ``utf-8``). Without it, a detected encoding other than UTF-8 raises a
    :class:`~hongshan_policy.errors.DetectedEncodingWarning` naming it.
    """
    if encoding is not None:
        canonical = check_encoding(encoding)
        if canonical == "utf-8":
            canonical = "utf-8-sig"
        try:
            text = data.decode(canonical)
        except UnicodeDecodeError as error:
            raise InputFileError(
                f"无法以 {encoding} 解码 {name}(第 {error.start} 字节:{error.reason});请用 --encoding 指明正确的编码"
                "(Excel 另存的CSV常为 gbk)",
                f"cannot decode {name} as {encoding} (byte {error.start}: {error.reason}); name the right encoding "
                "with --encoding (a CSV saved by Chinese Excel is often gbk)",
                field="--encoding",
                expected=encoding,
                got=f"byte {error.start}",
            ) from None
        bad = _suspicious(text)
        if bad is not None:
            raise _refuse_binary(name, f"U+{ord(bad):04X}")
        return TextFile(text, canonical)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as error:
                raise _refuse_binary(name, f"{codec}: {error.reason}") from None
            if codec == "utf-8-sig":
                break
            bad = _suspicious(text)
            if bad is not None:
                raise _refuse_binary(name, f"U+{ord(bad):04X}")
            return TextFile(text, codec)
    if b"\x00" in data:
        raise _refuse_binary(name, "NUL")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode(_FALLBACK)
        except UnicodeDecodeError as error:
            raise _refuse_binary(name, f"neither UTF-8 nor GB18030 at byte {error.start}") from None
        bad = _suspicious(text, thorough=True)
        if bad is not None:
            raise _refuse_binary(name, f"U+{ord(bad):04X}") from None
        warnings.warn(
            DetectedEncodingWarning(
                f"{name} 不是 UTF-8,已按 GB18030(GBK)读取;如不正确请用 --encoding 指明 / "
                f"{name} is not UTF-8; read as GB18030 (GBK): name another encoding with --encoding if this is wrong"
            ),
            stacklevel=3,
        )
        return TextFile(text, _FALLBACK, detected=True)
    bad = _suspicious(text)
    if bad is not None:
        raise _refuse_binary(name, f"U+{ord(bad):04X}")
    return TextFile(text, "utf-8")


def read_text(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    limit: int | None = None,
    hint: tuple[str, str] = ("", ""),
) -> TextFile:
    """:func:`read_bytes` then :func:`decode`: a text file read safely, whatever its encoding."""
    if encoding is not None:
        check_encoding(encoding)  # an unknown name is reported before the file is touched
    return decode(read_bytes(path, limit=limit, hint=hint), encoding=encoding, name=_name(path))


# --------------------------------------------------------------------------- out


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_output(
    path: str | os.PathLike[str], *, overwrite: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Refuse an output path that would destroy something: an input, an existing file (unless ``overwrite``),
    a folder; or that cannot be written (its folder is missing). Returns the path."""
    target = Path(path)
    for source in inputs:
        if str(source) != STDIN and _same_file(target, Path(source)):
            raise OutputFileError(
                f"输出文件 {target} 就是输入文件,不能覆盖输入",
                f"the output {target} is the input file: it would be destroyed",
                field="--output",
                expected="a path other than the input",
                got=str(target),
            )
    if target.is_dir():
        raise OutputFileError(
            f"输出路径 {target} 是一个文件夹", f"the output {target} is a folder", field="--output", got=str(target)
        )
    if not target.parent.is_dir():
        raise OutputFileError(
            f"输出文件夹 {target.parent} 不存在",
            f"the output folder {target.parent} does not exist",
            field="--output",
            got=str(target),
        )
    if not overwrite and (target.exists() or target.is_symlink()):
        raise OutputFileError(
            f"输出文件 {target} 已存在;如要替换请加 --overwrite",
            f"the output {target} already exists: add --overwrite to replace it",
            field="--output",
            expected="a new file, or --overwrite",
            got=str(target),
        )
    return target


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, overwrite: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success move it onto ``path``, on failure delete it.

    The checks of :func:`check_output` run first. The temporary file has the target's suffix (so writers that
    look at it choose the right format), is flushed to disk before the move, and takes the replaced file's
    permissions (or the usual ones for a new file). An ``OSError`` while writing (a full disk) becomes an
    :class:`OutputFileError`; the old file, if any, is untouched.
    """
    target = check_output(path, overwrite=overwrite, inputs=inputs)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=f".part{target.suffix}", dir=target.parent
        )
    except OSError as error:
        reason = error.strerror or str(error)
        raise OutputFileError(
            f"无法在 {target.parent} 中写入:{reason}",
            f"cannot write in {target.parent}: {reason}",
            field="--output",
            got=reason,
        ) from None
    os.close(handle)
    scratch = Path(temporary)
    try:
        yield scratch
        with open(scratch, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(scratch, _mode_for(target))
        if not overwrite and target.exists():  # created meanwhile by someone else
            raise OutputFileError(
                f"输出文件 {target} 已存在;如要替换请加 --overwrite",
                f"the output {target} already exists: add --overwrite to replace it",
                field="--output",
                got=str(target),
            )
        os.replace(scratch, target)
    except OSError as error:
        scratch.unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise OutputFileError(
            f"无法写入 {target}:{reason}(原有文件未改动)",
            f"cannot write {target}: {reason} (any existing file is unchanged)",
            field="--output",
            got=reason,
        ) from error
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_output`); return the path."""
    with atomic_output(path, overwrite=overwrite, inputs=inputs) as scratch:
        scratch.write_bytes(data)
    return Path(path)


def write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    encoding: str = "utf-8",
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> Path:
    """Write ``text`` to ``path`` atomically, as given (no newline translation); return the path."""
    return write_bytes(path, text.encode(encoding), overwrite=overwrite, inputs=inputs)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a text cell as a formula (OWASP, CSV injection)."""
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")


def neutralise_cell(value: Any) -> Any:
    """A text cell that starts with ``= + - @``, a tab or a carriage return, prefixed with ``'``; others unchanged.

    A plain signed number written as text (``-5``, ``+1,000.50``) is left alone: a spreadsheet reads it as that
    number, not as a formula. Non-text values (numbers, dates, booleans, missing) are returned as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
