"""Documentation that runs: every Python block and shell command of README.md and docs/*.md, page by page.

One test per page. Its blocks run in order, as a reader would type them, in a
fresh temporary folder holding copies of ``examples/`` and ``tests/spec/`` (what
the pages refer to); Python blocks share one namespace per page; shell blocks
run ``hongshan-policy …`` through the current interpreter's entry point
(``python -m hongshan_policy.cli``) and ``python`` as the current interpreter.
A failure names the page, the block's number and its first line, and the
line of the page where it failed.

What a page shows is checked:

* a Python expression or assignment followed by a comment that reads as a
  Python value (on its line, or alone on the next line),
  ``growth.amount  # Decimal('210000.00')`` or
  ``deadline = add_working_days(...)  # date(2024, 10, 8)``, must give that value
  (compared with ``==`` when the comment evaluates in the page's namespace, else
  with the value's ``repr``; a shown text may elide with ``……``); words may follow the value after ``: ``; a comment
  in words (no literal, no call) is not checked;
* a statement whose comment names an error, ``# InvalidInputError: rate`` or
  ``# ValidationError: industry_code ... 大类72``, must raise it (that class or a
  subclass), its message containing each part of the words between ``...``;
* a ``console`` block: each ``$ command`` runs and the lines under it up to the
  next ``$`` are its output (standard output and error), compared line by line;
  a line ``...`` stands for any number of lines;
* a block marked ``<!-- output -->`` is the output of the block before it.

Markers, HTML comments (invisible on the site) on the lines right before a fence:

* ``<!-- skip: why -->``: the block is not run (installing packages, a server
  that does not stop); the reason is required. Keep these few.
* ``<!-- file: NAME -->``: the block's text is written to ``NAME`` in the
  temporary folder before the next blocks run (a case file, a scenario).
* ``<!-- output -->``: the block is the expected output of the block before it.

``bash``/``sh``/``shell`` blocks must exit 0, command by command. A command
that does not stop by itself, ``hongshan-policy serve …`` or one ending in
``&``, is started in the background; for ``serve`` the next command waits until
its port (``--port``, default 8000) answers; it is stopped when the page ends. Other
languages (``toml``, ``json``, ``text``, ``yaml``) are shown, not run, unless
marked ``file:``.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import doctest
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import tokenize
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hongshan_policy import workdays

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
COPIED = ("examples", "tests/spec")
"""What each page's temporary folder holds, copied from the repository."""

PYTHON = frozenset({"python", "py"})
SHELL = frozenset({"bash", "sh", "shell"})
CONSOLE = frozenset({"console"})
MARKERS = frozenset({"skip", "file", "output"})
SHELL_TIMEOUT = 300

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_MARKER = re.compile(r"^\s*<!--\s*(?P<key>[a-z-]+)\s*(?::\s*(?P<value>.*?))?\s*-->\s*$")


@dataclasses.dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: str
    number: int
    """Counting the page's fenced blocks from 1."""
    line: int
    """The page's line number of the block's first line of code (1-based)."""
    language: str
    code: str
    markers: dict[str, str]

    @property
    def where(self) -> str:
        first = next((line.strip() for line in self.code.splitlines() if line.strip()), "")
        return f"{self.page} block {self.number} ({self.language or 'no language'}, line {self.line}: {first[:70]!r})"


def parse(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown page, each with the markers written right before it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    name = path.relative_to(ROOT).as_posix()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match["indent"], match["fence"]
        language = match["info"].strip().split(" ")[0].strip("{}.").lower()
        markers: dict[str, str] = {}
        back = index - 1
        while back >= 0 and (not lines[back].strip() or _MARKER.match(lines[back])):
            marker = _MARKER.match(lines[back])
            if marker:
                key = marker["key"]
                if key not in MARKERS:
                    raise AssertionError(f"{name}:{back + 1}: unknown marker <!-- {key} -->; known: {sorted(MARKERS)}")
                markers[key] = (marker["value"] or "").strip()
            back -= 1
        end = index + 1
        while end < len(lines) and not (
            lines[end].strip().startswith(fence[0] * len(fence)) and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        if end == len(lines):
            raise AssertionError(f"{name}:{index + 1}: the fence opened here is never closed")
        body = [line.removeprefix(indent) for line in lines[index + 1 : end]]
        blocks.append(Block(name, len(blocks) + 1, index + 2, language, "\n".join(body) + "\n", markers))
        index = end + 1
    for block in blocks:
        if "skip" in block.markers and not block.markers["skip"]:
            raise AssertionError(f"{block.where}: <!-- skip: … --> must say why the block cannot run")
        if "file" in block.markers and not block.markers["file"]:
            raise AssertionError(f"{block.where}: <!-- file: NAME --> must name the file")
    return blocks


# --------------------------------------------------------------------------- Python


def _comment(source_line: str) -> str | None:
    """The trailing ``# comment`` of a line of code, if any (not a ``#`` inside a string)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source_line + "\n").readline))
    except (SyntaxError, tokenize.TokenError):
        return None
    for token in tokens:
        if token.type == tokenize.COMMENT:
            return str(token.string[1:].strip())
    return None


def _shown_value(comment: str) -> tuple[ast.Expression, str] | None:
    """The comment as a Python value (it has a literal or a call, so words are not one), or the call before ``: ``."""
    for text, kinds in ((comment, (ast.Constant, ast.Call)), (comment.split(": ", 1)[0], (ast.Call,))):
        try:
            tree = ast.parse(text, mode="eval")
        except SyntaxError:
            continue
        if any(isinstance(node, kinds) for node in ast.walk(tree)):
            return tree, text
    return None


_SHOWN_ERROR = re.compile(r"^(?P<name>[A-Z]\w*(?:Error|Exception))\b(?::\s*(?P<words>.*))?$")


def _check_error(block: Block, line: int, error: Exception, comment: str | None) -> bool:
    """Whether the comment shows this error: its class (or a base class) and the words of its message."""
    shown = _SHOWN_ERROR.match(comment or "")
    if shown is None:
        return False
    names = {cls.__name__ for cls in type(error).__mro__}
    if shown["name"] not in names:
        raise AssertionError(
            f"{block.where}: line {line} shows {shown['name']}, but it raised {type(error).__name__}: {error}"
        )
    for words in re.split(r"\s*(?:\.\.\.|…)\s*", shown["words"] or ""):
        if words.strip() and words.strip() not in str(error):
            raise AssertionError(
                f"{block.where}: line {line} shows {comment!r}; the message does not say {words.strip()!r}: {error}"
            )
    return True


def _check_value(block: Block, line: int, value: Any, comment: str, namespace: dict[str, Any]) -> None:
    if _SHOWN_ERROR.match(comment):
        raise AssertionError(f"{block.where}: line {line} shows {comment!r}, but it raised nothing: {value!r}")
    shown = _shown_value(comment)
    if shown is None:
        return
    tree, comment = shown
    try:
        wanted = eval(compile(tree, f"{block.page}:{line} comment", "eval"), dict(namespace))
    except Exception:  # the comment names what the page did not import: compare with the repr
        wanted = None
    else:
        if wanted == value and type(wanted) is type(value):
            return
        if isinstance(wanted, str) and isinstance(value, str) and re.search(r"…|\.\.\.", wanted):
            parts = re.split(r"…+|\.\.\.", wanted)  # a shown text with an elision: the parts, in order
            if re.fullmatch(".*?".join(re.escape(part) for part in parts), value, re.DOTALL):
                return
    if repr(value) == comment:
        return
    raise AssertionError(
        f"{block.where}: line {line} shows {comment}, but the value is {value!r}"
        + ("" if wanted is None else f" (the comment evaluates to {wanted!r})")
    )


def _where_failed(block: Block, error: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == block.page]
    if not frames:
        return ""
    frame = frames[-1]
    return f" at {block.page}:{frame.lineno}: {(frame.line or '').strip()}"


def run_session(block: Block, namespace: dict[str, Any]) -> None:
    """Run a Python block written as an interactive session (``>>>``), checking each shown result (doctest)."""
    test = doctest.DocTestParser().get_doctest(block.code, namespace, block.where, block.page, block.line - 1)
    test.globs = namespace  # get_doctest copies the namespace; the page's blocks share one
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    with contextlib.redirect_stdout(io.StringIO()):
        result = runner.run(test, out=report.write, clear_globs=False)
    if result.failed:
        raise AssertionError(f"{block.where}: the session gives other results than shown\n{report.getvalue()}")


def run_python(block: Block, namespace: dict[str, Any]) -> str:
    """Run a Python block statement by statement; check the values its comments show; return what it printed."""
    if block.code.lstrip().startswith(">>>"):
        run_session(block, namespace)
        return ""
    source = "\n" * (block.line - 1) + block.code  # so line numbers are the page's
    try:
        tree = ast.parse(source, filename=block.page)
    except SyntaxError as error:
        raise AssertionError(f"{block.where}: not valid Python at {block.page}:{error.lineno}: {error.msg}") from None
    page_lines = source.splitlines()
    printed = io.StringIO()
    for statement in tree.body:
        end = statement.end_lineno or statement.lineno
        comment = _comment(page_lines[end - 1])
        if comment is None and end < len(page_lines) and page_lines[end].lstrip().startswith("#"):
            comment = page_lines[end].strip()[1:].strip()  # the value shown on the line under the statement
        target: str | None = None
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
        ):
            target = statement.targets[0].id
        try:
            with contextlib.redirect_stdout(printed):
                if isinstance(statement, ast.Expr):
                    code = compile(ast.Expression(statement.value), block.page, "eval")
                    value = eval(code, namespace)
                    if comment is not None:
                        _check_value(block, statement.lineno, value, comment, namespace)
                else:
                    exec(compile(ast.Module([statement], []), block.page, "exec"), namespace)
                    if target is not None and comment is not None:
                        _check_value(block, statement.lineno, namespace[target], comment, namespace)
        except AssertionError as error:
            if str(error).startswith(block.where):
                raise
            raise AssertionError(f"{block.where}: AssertionError {error}{_where_failed(block, error)}") from None
        except Exception as error:
            if _check_error(block, statement.lineno, error, comment):
                continue  # the page shows this error
            raise AssertionError(
                f"{block.where}: {type(error).__name__}: {error}{_where_failed(block, error)}"
            ) from None
    return printed.getvalue()


# --------------------------------------------------------------------------- shell


def _shims(folder: Path) -> Path:
    """A folder of executables: ``hongshan-policy`` and ``python`` running the current interpreter."""
    folder.mkdir()
    for name, command in (
        ("hongshan-policy", f'exec "{sys.executable}" -m hongshan_policy.cli "$@"'),
        ("python", f'exec "{sys.executable}" "$@"'),
        ("python3", f'exec "{sys.executable}" "$@"'),
    ):
        path = folder / name
        path.write_text(f"#!/bin/sh\n{command}\n", encoding="utf-8")
        path.chmod(0o755)
    return folder


def _commands(code: str) -> Iterator[tuple[int, str]]:
    """The commands of a shell block with their line offsets (``\\`` continues a line; comments dropped)."""
    pending: list[str] = []
    start = 0
    for offset, line in enumerate(code.splitlines()):
        if not pending:
            start = offset
            if not line.strip() or line.lstrip().startswith("#"):
                continue
        if line.rstrip().endswith("\\"):
            pending.append(line.rstrip()[:-1])
            continue
        pending.append(line)
        yield start, " ".join(part.strip() for part in pending)
        pending = []


def _shell(command: str, cwd: Path, env: dict[str, str], status: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f"(exit {status}); {command}"],  # so `echo $?` shows the previous command's status
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=SHELL_TIMEOUT,
        check=False,
    )


SERVE = re.compile(r"^hongshan-policy\s+serve\b")
SERVE_WAIT = 60.0


def _port(command: str) -> int:
    found = re.search(r"--port[ =](\d+)", command)
    return int(found[1]) if found else 8000


def _start(block: Block, line: int, command: str, cwd: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a command that runs until stopped; for ``serve``, wait until its port answers."""
    if SERVE.match(command):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", _port(command)), timeout=1):
            raise AssertionError(
                f"{block.where}: `{command}` (line {line}): port {_port(command)} is already in use on this machine"
            )
    process = subprocess.Popen(  # its own process group, so the page's end stops it and its workers
        ["bash", "-c", f"exec {command.rstrip().removesuffix('&')}"],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    if SERVE.match(command):
        deadline = time.monotonic() + SERVE_WAIT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
                raise AssertionError(f"{block.where}: `{command}` (line {line}) stopped at once:\n{output}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", _port(command)), timeout=1):
                return process
            time.sleep(0.2)
        _stop(process)
        raise AssertionError(f"{block.where}: `{command}` (line {line}) did not listen within {SERVE_WAIT:.0f} s")
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def run_shell(
    block: Block, cwd: Path, env: dict[str, str], background: list[subprocess.Popen[bytes]] | None = None
) -> str:
    """Run each command of a bash block; each must exit 0. Returns what they printed.

    A command that runs until stopped (``serve``, or one ending in ``&``) joins ``background``.
    """
    out = []
    for offset, command in _commands(block.code):
        if SERVE.match(command) or command.rstrip().endswith("&"):
            if background is None:
                raise AssertionError(f"{block.where}: `{command}` cannot run in the background here")
            background.append(_start(block, block.line + offset, command, cwd, env))
            continue
        done = _shell(command, cwd, env, 0)
        if done.returncode != 0:
            raise AssertionError(
                f"{block.where}: `{command}` (line {block.line + offset}) exited {done.returncode}\n"
                f"{done.stdout}{done.stderr}"
            )
        out.append(done.stdout)
    return "".join(out)


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a line ``...`` (or ``…``) matches any number of lines."""
    if not expected:
        return not actual
    if expected[0].strip() in ("...", "…"):
        return any(_matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and _matches(expected[1:], actual[1:])


def _tidy(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run_console(block: Block, cwd: Path, env: dict[str, str]) -> None:
    """Run each ``$ command`` of a console block and compare its output with the lines under it."""
    steps: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(block.code.splitlines()):
        if line.startswith("$ "):
            steps.append((offset, line[2:], []))
        elif steps:
            steps[-1][2].append(line)
        elif line.strip():
            raise AssertionError(f"{block.where}: line {block.line + offset} is output before any `$ command`")
    status = 0
    for offset, command, expected in steps:
        done = subprocess.run(
            ["bash", "-c", f"(exit {status}); {command} 2>&1"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=SHELL_TIMEOUT,
            check=False,
        )
        status = done.returncode
        actual = _tidy(done.stdout + done.stderr)
        if not _matches(_tidy("\n".join(expected)), actual):
            raise AssertionError(
                f"{block.where}: the output of `{command}` (line {block.line + offset}) differs from the page.\n"
                f"--- the page shows\n{chr(10).join(_tidy(chr(10).join(expected)))}\n"
                f"--- the command printed (exit {status})\n{chr(10).join(actual)}"
            )


# --------------------------------------------------------------------------- the tests


def _pages_with_blocks() -> list[Any]:
    return [
        pytest.param(path, id=path.relative_to(ROOT).as_posix())
        for path in PAGES
        if any(b.language in PYTHON | SHELL | CONSOLE or b.markers for b in parse(path))
    ]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh folder with copies of what the pages use, the shims on PATH, and the library's state restored after."""
    folder = tmp_path / "work"
    folder.mkdir()
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name)
    shims = _shims(tmp_path / "bin")
    source = str(ROOT / "src")
    env = {
        **os.environ,
        "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])]),
        "PYTHONUTF8": "1",
        "MPLBACKEND": "Agg",
        "NO_COLOR": "1",
    }
    monkeypatch.chdir(folder)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    calendar = workdays.DEFAULT_CALENDAR
    try:
        yield folder, env
    finally:
        workdays.DEFAULT_CALENDAR = calendar


@pytest.mark.parametrize("page", _pages_with_blocks())
def test_page_runs_as_written(page: Path, workspace: tuple[Path, dict[str, str]]) -> None:
    """Every block of the page runs in order, as written, and gives what the page shows."""
    folder, env = workspace
    background: list[subprocess.Popen[bytes]] = []
    try:
        _run_page(page, folder, env, background)
    finally:
        for process in background:
            _stop(process)


def _run_page(page: Path, folder: Path, env: dict[str, str], background: list[subprocess.Popen[bytes]]) -> None:
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    previous_output: str | None = None
    previous: Block | None = None
    for block in parse(page):
        if "skip" in block.markers:
            previous_output = None
            continue
        if "file" in block.markers:
            target = folder / block.markers["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
            continue
        if "output" in block.markers:
            if previous is None or previous_output is None:
                raise AssertionError(f"{block.where}: <!-- output --> follows no block that ran")
            if not _matches(_tidy(block.code), _tidy(previous_output)):
                raise AssertionError(
                    f"{block.where}: the output of {previous.where} differs from the page.\n"
                    f"--- the page shows\n{block.code}--- it printed\n{previous_output}"
                )
            continue
        if block.language in PYTHON:
            previous_output = run_python(block, namespace)
        elif block.language in SHELL:
            previous_output = run_shell(block, folder, env, background)
        elif block.language in CONSOLE:
            run_console(block, folder, env)
            previous_output = None
        else:
            previous_output = None
            continue
        previous = block


@pytest.mark.parametrize("page", [pytest.param(p, id=p.relative_to(ROOT).as_posix()) for p in PAGES])
def test_files_are_opened_as_utf8(page: Path) -> None:
    """A Python block that opens a text file names its encoding: the default is GBK on a Chinese Windows."""
    for block in parse(page):
        if block.language not in PYTHON:
            continue
        for offset, line in enumerate(block.code.splitlines()):
            if (
                re.search(r"\bopen\(", line)
                and "encoding=" not in line
                and not re.search(r"open\([^)]*['\"]\w*b", line)
            ):
                raise AssertionError(f"{block.where}: line {block.line + offset} opens a file without encoding=")
            if ".read_text()" in line:
                raise AssertionError(f'{block.where}: line {block.line + offset}: write read_text(encoding="utf-8")')


def test_the_runner_catches_a_wrong_shown_value(tmp_path: Path) -> None:
    """A block whose comment shows a wrong value fails, naming the page, the block and the line."""
    block = Block("docs/_probe.md", 3, 10, "python", "x = 1 + 1  # 3\n", {})
    with pytest.raises(AssertionError, match=r"docs/_probe.md block 3 .*line 10 shows 3, but the value is 2"):
        run_python(block, {})
    run_python(dataclasses.replace(block, code="x = 1 + 1  # 2\nx  # 2\nprint(x)  # prints two\n"), {})


def test_the_runner_names_the_failing_line() -> None:
    """An exception names the page line where it was raised."""
    block = Block("README.md", 2, 40, "python", "a = 1\nb = undefined_name\n", {})
    with pytest.raises(AssertionError, match=r"NameError: name 'undefined_name' is not defined at README.md:41"):
        run_python(block, {})


def test_the_console_output_is_compared(tmp_path: Path) -> None:
    """A console block's shown output must match, `...` standing for any lines."""
    env = {**os.environ}
    good = Block("p.md", 1, 5, "console", "$ printf 'a\\nb\\nc\\n'\na\n...\nc\n", {})
    run_console(good, tmp_path, env)
    bad = dataclasses.replace(good, code="$ printf 'a\\nb\\n'\na\nc\n")
    with pytest.raises(AssertionError, match=r"p.md block 1 .*line 5\) differs"):
        run_console(bad, tmp_path, env)


def test_markers_are_parsed(tmp_path: Path) -> None:
    """Markers right before a fence apply to it; an unknown marker and a skip without a reason fail."""
    page = tmp_path / "docs" / "x.md"
    page.parent.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules[__name__], "ROOT", tmp_path)
        page.write_text("text\n\n<!-- skip: installs packages -->\n```bash\npip install .\n```\n", encoding="utf-8")
        (block,) = parse(page)
        assert block.markers == {"skip": "installs packages"}
        assert (block.number, block.line, block.language) == (1, 5, "bash")
        page.write_text("<!-- skip -->\n```bash\npip install .\n```\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="must say why"):
            parse(page)
        page.write_text("<!-- skp: x -->\n```bash\nls\n```\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="unknown marker"):
            parse(page)
        page.write_text(textwrap.dedent("```python\nx = 1\n"), encoding="utf-8")
        with pytest.raises(AssertionError, match="never closed"):
            parse(page)


def test_a_server_is_started_and_stopped(tmp_path: Path) -> None:
    """`hongshan-policy serve` in a page runs in the background until the page ends; the next command reaches it.

    The server here is a stand-in (``python -m http.server`` behind a ``hongshan-policy`` script), so the
    runner is tested whatever the service extra provides.
    """
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "health").write_text("ok", encoding="utf-8")
    shims = tmp_path / "bin"
    shims.mkdir()
    fake = shims / "hongshan-policy"
    fake.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m http.server --bind 127.0.0.1 "$3"\n', encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}"}
    with socket.socket() as probe:  # a free port, so concurrent runs do not collide
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = f"hongshan-policy serve --port {port}\ncurl -s http://127.0.0.1:{port}/health\n"
    background: list[subprocess.Popen[bytes]] = []
    try:
        out = run_shell(Block("p.md", 1, 3, "bash", code, {}), folder, env, background)
        assert out.strip() == "ok"
        assert len(background) == 1
    finally:
        for process in background:
            _stop(process)
    assert background[0].poll() is not None
