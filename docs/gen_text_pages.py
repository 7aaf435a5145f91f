"""Generate the literate pages: one Markdown page per source document, clause by clause.

Each page walks a document of :mod:`hongshan_policy.sources` in text order. For every
clause it shows, under a heading whose anchor is the clause id itself
(``text/used-car.md#used-car:3.2``):

1. the label, heading and clean Chinese text;
2. the status (rule / procedure / informative / out-of-scope) and its note;
3. the functions implementing it, read from :data:`hongshan_policy.citations.IMPLEMENTATIONS`
   after importing the policy modules, each linked to its API-reference entry (an
   autorefs cross-reference, so ``mkdocs build --strict`` fails on a dangling link);
4. the interpretations taken where the text is open: every parameter, in any
   :class:`hongshan_policy.parameters.Parameters` model of the policy modules, whose
   ``json_schema_extra`` has a ``reading``, grouped by the parameter's clause;
5. its worked cases, read from the spec file ``tests/spec/<document>.toml``;
6. a collapsed block with the scanned reading (``raw``) and every recorded correction.

Spec files (optional; a missing file renders no cases). The expected shape::

    [[case]]
    clause = "used-car:3.2"                    # a clause id (or a list of ids)
    description = "收入恰为3000万元,适用0.7%"   # one line
    function = "used_car.growth_reward"        # what the case calls
    [case.input]                               # free-form table: the arguments
    revenue_2024 = "30000000"
    [case.expected]                            # free-form table: the decision expected
    eligible = true
    amount = "210000.00"

Unknown keys are shown as they are; ``input`` and ``expected`` are rendered as JSON.
``tests/spec/used_car.toml`` (underscore) is accepted too, and so is a top-level
array named ``cases`` instead of ``case``.

Run as a script to write the pages somewhere for a look: ``python docs/gen_text_pages.py OUT_DIR``.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import inspect
import json
import pkgutil
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

PACKAGE = "hongshan_policy"
POLICY_MODULES = ("hongshan_policy.used_car", "hongshan_policy.headquarters", "hongshan_policy.ebike")
"""The modules whose import registers the ``@implements`` declarations and defines the parameters."""

DOCUMENT_ORDER = ("used-car", "hq", "ebike")
PAGE_DIR = "text"
INTERPRETATIONS_PAGE = "interpretations.md"
"""The lead's page of interpretations (linked from the generated pages; relative to docs/)."""

GUIDES = {"hq": "headquarters.md", "ebike": "ebike.md", "used-car": None}
"""Each document's hand-written guide page, if any (relative to docs/)."""

STATUS_LABELS = {
    "rule": ("规则", "rule"),
    "procedure": ("程序", "procedure"),
    "informative": ("说明性", "informative"),
    "out-of-scope": ("不纳入", "out of scope"),
}
KIND_LABELS = {"rule": "规则 rule", "procedure": "程序 procedure"}


def page_path(doc_id: str) -> str:
    """The generated page of a document, relative to ``docs/``: ``text/<doc_id>.md``."""
    return f"{PAGE_DIR}/{doc_id}.md"


# --- the library's own facts --------------------------------------------------------------


def _is_private(dotted: str) -> bool:
    return any(part.startswith("_") for part in dotted.split("."))


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def public_modules(package: str = PACKAGE) -> list[str]:
    """Every public module under ``package`` (no component starting with ``_``), found without importing them."""
    found: list[str] = []

    def walk(name: str) -> None:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            return
        for info in pkgutil.iter_modules(spec.submodule_search_locations, prefix=f"{name}."):
            if _is_private(info.name):
                continue
            found.append(info.name)
            if info.ispkg:
                walk(info.name)

    walk(package)
    return sorted(found)


def import_policy_modules(modules: Iterable[str] = POLICY_MODULES) -> list[ModuleType]:
    """Import the policy modules (and every submodule of a policy package); skip those not written yet.

    A module that exists but fails to import raises: the docs must not hide a broken module.
    """
    imported: list[ModuleType] = []
    for name in modules:
        if not _module_exists(name):
            continue
        module = importlib.import_module(name)
        imported.append(module)
        path = getattr(module, "__path__", None)
        if path is not None:
            for info in pkgutil.walk_packages(path, prefix=f"{name}."):
                imported.append(importlib.import_module(info.name))
    return imported


def resolve(qualified: str) -> object | None:
    """The object named ``module.qualname`` (the form used by ``IMPLEMENTATIONS``), or None."""
    parts = qualified.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:cut])
        if not _module_exists(module_name):
            continue
        obj: object = importlib.import_module(module_name)
        for attr in parts[cut:]:
            if not hasattr(obj, attr):
                break
            obj = getattr(obj, attr)
        else:
            return obj
    return None


def _exported(module: ModuleType, name: str) -> bool:
    names = getattr(module, "__all__", None)
    return name in names if names is not None else not name.startswith("_")


def public_path(qualified: str) -> str | None:
    """The public dotted path under which the API reference documents ``qualified``, or None.

    ``hongshan_policy.ebike._tasks.tasks_for`` re-exported by ``hongshan_policy.ebike``
    (in its ``__all__``) is documented as ``hongshan_policy.ebike.tasks_for``. A method
    ``Class.method`` follows its class.
    """
    obj = resolve(qualified)
    parts = qualified.split(".")
    # split into module and qualname
    for cut in range(len(parts) - 1, 0, -1):
        if _module_exists(".".join(parts[:cut])):
            module_parts, qual_parts = parts[:cut], parts[cut:]
            break
    else:
        return None
    if obj is None or _is_private(".".join(qual_parts)):
        return None
    top = qual_parts[0]
    top_obj = resolve(".".join([*module_parts, top]))
    for cut in range(len(module_parts), 0, -1):
        prefix = ".".join(module_parts[:cut])
        if _is_private(prefix):
            continue
        module = importlib.import_module(prefix)
        if cut == len(module_parts):
            if _exported(module, top):
                return ".".join([prefix, *qual_parts])
        elif getattr(module, top, None) is top_obj and _exported(module, top):
            return ".".join([prefix, *qual_parts])
    return None


def first_line(obj: object) -> str:
    """The summary line of an object's docstring ("" without one)."""
    doc = inspect.getdoc(obj) or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


@dataclass(frozen=True)
class Reading:
    """One interpretation: a parameter whose ``json_schema_extra`` carries a ``reading``."""

    clause: str
    model: str
    field: str
    reading: str
    description: str
    default: str
    public: str | None


def parameter_models(modules: Iterable[ModuleType]) -> list[type[Any]]:
    """Every ``Parameters`` subclass defined in ``modules`` (each once, in discovery order)."""
    from hongshan_policy.parameters import Parameters

    seen: dict[str, type[Any]] = {}
    for module in modules:
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Parameters) and value is not Parameters:
                seen.setdefault(f"{value.__module__}.{value.__qualname__}", value)
    return list(seen.values())


def readings(modules: Iterable[ModuleType]) -> dict[str, list[Reading]]:
    """Clause id -> the interpretations taken for it, read from the parameter models."""
    out: dict[str, list[Reading]] = {}
    for model in parameter_models(modules):
        qualified = f"{model.__module__}.{model.__qualname__}"
        public = public_path(qualified)
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if not isinstance(extra, dict) or not extra.get("reading"):
                continue
            clause = str(extra.get("clause", ""))
            description = re.sub(r"\s*\[[^\]]*\]\s*$", "", info.description or "")
            out.setdefault(clause, []).append(
                Reading(
                    clause=clause,
                    model=model.__qualname__,
                    field=name,
                    reading=str(extra["reading"]),
                    description=description,
                    default=str(info.default),
                    public=public,
                )
            )
    return out


# --- spec files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One worked case of a spec file."""

    clauses: tuple[str, ...]
    description: str
    function: str
    input: Any
    expected: Any
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""


def spec_file(spec_dir: Path, doc_id: str) -> Path | None:
    """The spec file of a document, ``<doc_id>.toml`` or ``<doc_id with _>.toml``, if it exists."""
    for name in (f"{doc_id}.toml", f"{doc_id.replace('-', '_')}.toml"):
        path = spec_dir / name
        if path.is_file():
            return path
    return None


def load_cases(spec_dir: Path, doc_id: str) -> list[Case]:
    """The worked cases of one document (none when its spec file does not exist yet)."""
    path = spec_file(spec_dir, doc_id)
    if path is None:
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = data.get("case", data.get("cases", []))
    cases = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        clause = row.get("clause", ())
        clauses = (clause,) if isinstance(clause, str) else tuple(str(c) for c in clause)
        known = {"clause", "description", "function", "input", "expected"}
        cases.append(
            Case(
                clauses=clauses,
                description=str(row.get("description", "")),
                function=str(row.get("function", "")),
                input=row.get("input"),
                expected=row.get("expected"),
                extra={k: v for k, v in row.items() if k not in known},
                source=path.name,
            )
        )
    return cases


# --- rendering --------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#!])")


def md(text: str) -> str:
    """Text safe inside a Markdown paragraph or heading: HTML-escaped, Markdown punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


_CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`")


def md_inline(text: str) -> str:
    """Docstring prose as Markdown: reST ````code```` and Markdown ```code``` spans kept as code, the rest escaped."""
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(md(text[last : match.start()]))
        code = match.group(1) or match.group(2)
        out.append(f"`` {code} ``" if "`" in code else f"`{code}`")
        last = match.end()
    out.append(md(text[last:]))
    return "".join(out)


def esc(text: str) -> str:
    """Text safe inside raw HTML."""
    return html.escape(text, quote=True)


def visible(text: str) -> str:
    """Text for an HTML cell with its tabs and line breaks shown (⇥, ↵), so scan damage made of whitespace is seen."""
    shown = esc(text).replace("\t", '<span class="ws" title="tab">⇥</span>')
    return shown.replace("\n", '<span class="ws" title="line break">↵</span>')


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def render_text_html(text: str) -> str:
    """A clause's clean text as HTML: one paragraph per line; tab-separated lines (annex forms) as a table."""
    parts: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r + [""] * (width - len(r))) + "</tr>" for r in rows
            )
            parts.append(f'<table class="clause-form"><tbody>{body}</tbody></table>')
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        parts.append(f"<p>{esc(line)}</p>")
    flush()
    return f'<div class="clause-text" lang="zh-CN">\n{"".join(parts)}\n</div>'


def heading_level(clause_id: str) -> int:
    """h2 for an article, title, notice or annex; one level more per item."""
    rest = clause_id.partition(":")[2]
    return min(2 + rest.count("."), 6)


def _status_html(status: str, note: str) -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    badge = f'<span class="clause-status clause-status--{esc(status)}">{esc(zh)} {esc(en)}</span>'
    note_html = f' <span class="clause-status-note">{esc(note)}</span>' if note else ""
    return f'<p class="clause-meta">状态 status: {badge}{note_html}</p>'


def _function_link(name: str) -> str:
    public = public_path(name)
    short = (public or name).removeprefix(f"{PACKAGE}.")
    if public is None:
        return f"`{short}` (内部函数,不在 API 参考中 / internal, not in the API reference)"
    return f"[`{short}`][{public}]"


def _scan_block(clause: Any) -> str:
    n = len(clause.corrections)
    title = f"原文扫描读法 / scanned reading · {n} 处更正 correction{'s' if n != 1 else ''}"
    if clause.line:
        title += f" · 原文第 {clause.line} 行 seed line {clause.line}"
    raw = (clause.raw_head + "\n" if clause.raw_head else "") + clause.raw
    # &#9;: Markdown would expand a literal tab to spaces before the HTML reaches the page
    body = [f'<pre class="clause-raw" lang="zh-CN">{esc(raw).replace(chr(9), "&#9;")}</pre>']
    if clause.corrections:
        rows = "".join(
            f"<tr><td><code>{visible(c.original)}</code></td><td><code>{visible(c.corrected)}</code></td>"
            f"<td>{esc(c.note)}</td></tr>"
            for c in clause.corrections
        )
        body.append(
            '<table class="clause-corrections"><thead><tr><th>扫描读法 scanned</th><th>更正为 corrected</th>'
            f"<th>说明 note</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    return f'<details class="quote clause-scan">\n<summary>{esc(title)}</summary>\n{"".join(body)}\n</details>'


def _case_block(cases: list[Case]) -> str:
    rows = []
    for case in cases:
        extra = "".join(f"<br><small>{esc(k)}: {esc(_json(v))}</small>" for k, v in case.extra.items())
        rows.append(
            "<tr>"
            f"<td>{esc(case.description)}{extra}</td>"
            f"<td><code>{esc(case.function)}</code></td>"
            f'<td><pre class="case-json">{esc(_json(case.input))}</pre></td>'
            f'<td><pre class="case-json">{esc(_json(case.expected))}</pre></td>'
            "</tr>"
        )
    return (
        '<table class="clause-cases"><thead><tr><th>说明 description</th><th>函数 function</th>'
        f"<th>输入 input</th><th>预期 expected</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


@dataclass
class DocumentPage:
    """The Markdown of one document's page and what it found (for reports and tests)."""

    doc_id: str
    markdown: str
    clause_ids: list[str]
    uncovered: list[str]
    cases: int
    spec: str | None


def _base_block(spec: Path | None) -> str:
    """The spec file's ``[base.*]`` records, which every case's input starts from, shown once per page."""
    if spec is None:
        return ""
    base = tomllib.loads(spec.read_text(encoding="utf-8")).get("base", {})
    if not isinstance(base, dict) or not base:
        return ""
    rows = "".join(
        f'<tr><td><code>{esc(name)}</code></td><td><pre class="case-json">{esc(_json(record))}</pre></td></tr>'
        for name, record in base.items()
    )
    return (
        '<details class="note">\n<summary>算例的基准记录 / the base records every case starts from '
        "(a case's input lists only what differs)</summary>\n"
        f'<table class="clause-cases"><tbody>{rows}</tbody></table>\n</details>\n'
    )


def condition_tables() -> list[Any]:
    """Every check of every conditions table (a module-level ``*_CONDITIONS`` tuple) of the policy modules."""
    checks: list[Any] = []
    for module in import_policy_modules():
        for name, value in sorted(vars(module).items()):
            if name.endswith("_CONDITIONS") and isinstance(value, tuple):
                checks.extend(c for c in value if _is_check(c) and c not in checks)
    return checks


def _is_check(value: Any) -> bool:
    """Whether ``value`` is a check of a table (any type of :mod:`hongshan_policy.conditions`: key, clause, field)."""
    return all(hasattr(value, name) for name in ("key", "clause", "field"))


def _condition_line(check: Any) -> str:
    """One check of a table: its key, the field it reads and what it requires."""
    from hongshan_policy.conditions import (
        Compare,
        FlagCheck,
        Membership,
        PresumedFlag,
        StatedFlag,
        Threshold,
        Window,
        WithinMonths,
    )

    if isinstance(check, FlagCheck | StatedFlag | PresumedFlag):
        wanted = "是 true" if check.needed else "否 false"
        line = f"`{check.key}`: `{check.field}` = {wanted} — {md_inline(check.need_zh)} / {md_inline(check.need_en)}"
        if isinstance(check, StatedFlag):
            line += " (未说明:无此理由 / not stated: no reason)"
        if isinstance(check, PresumedFlag):
            line += " (未申报时推定 / presumed when not stated)"
        return line
    if isinstance(check, Window):
        return (
            f"`{check.key}`: `{check.field}` 「{check.start_word}」 `{check.start}` "
            f"且 and 「{check.end_word}」 `{check.end}`"
        )
    if isinstance(check, Compare):
        quantity = f"`{check.field}` ÷ `{check.over}`" if check.over is not None else f"`{check.field}`"
        return f"`{check.key}`: {quantity} 「{check.word}」 `{check.parameter}`"
    if isinstance(check, Membership):
        how = "以其中之一开头 starts with one of" if check.prefix else "属于 one of"
        return f"`{check.key}`: `{check.field}` {how} `{check.parameter}`"
    if isinstance(check, WithinMonths):
        return f"`{check.key}`: `{check.field}` 「{check.word}」 `{check.since}` + `{check.parameter}` 个月 months"
    if isinstance(check, Threshold):
        return f"`{check.key}`: `{check.field}` 「{check.word}」 `{check.parameter}`"
    return f"`{check.key}`: `{check.field}`"


def render_document(
    doc_id: str,
    *,
    implementations: Mapping[str, Sequence[tuple[str, str]]],
    interpretations: dict[str, list[Reading]],
    spec_dir: Path,
) -> DocumentPage:
    """The literate page of one document."""
    from hongshan_policy import sources

    doc = sources.document(doc_id)
    clauses = sources.clauses(doc_id)
    cases = load_cases(spec_dir, doc_id)
    spec = spec_file(spec_dir, doc_id)
    by_clause: dict[str, list[Case]] = {}
    for case in cases:
        for clause_id in case.clauses:
            by_clause.setdefault(clause_id, []).append(case)
    ids = [c.id for c in clauses]
    stray = [case for case in cases if not any(cid in ids for cid in case.clauses)]
    uncovered = [c.id for c in clauses if c.status in ("rule", "procedure") and not implementations.get(c.id)]
    counts = {s: sum(1 for c in clauses if c.status == s) for s in STATUS_LABELS}
    up = "../"
    example = next((c.id for c in clauses if c.status == "rule"), clauses[-1].id)

    out: list[str] = []
    out.append(f"# {md(doc.number)} {md(doc.title)}\n")
    out.append(
        "本页逐条列出原文,每条之后是实现它的函数、所采取的解释和算例。"
        "This page walks the text clause by clause: each clause's Chinese text, the functions "
        "implementing it, the interpretation taken where the text is open, and its worked cases. "
        "The anchor of each clause is its id, e.g. "
        f"[`{example}`](#{example}).\n"
    )
    guide = GUIDES.get(doc_id)
    meta = [
        ("文号 number", md(doc.number)),
        ("标题 title", md(doc.title)),
        ("印发 notice", md(doc.notice_title)),
        ("发文机关 issuer", md(doc.issuer)),
        ("发布日期 issued", doc.issued_on.isoformat()),
        (
            "有效期 validity",
            f"{doc.valid_from.isoformat()} – {doc.valid_until.isoformat() if doc.valid_until else '—'}"
            f" ({md(doc.validity_text)})",
        ),
        ("解释机关 interpreter", md(doc.interpreter or "—")),
        (
            "条款 clauses",
            f"{len(clauses)}: "
            + ", ".join(f"{STATUS_LABELS[s][0]} {STATUS_LABELS[s][1]} {n}" for s, n in counts.items() if n),
        ),
        (
            "算例 worked cases",
            f"{len(cases)} (`tests/spec/{spec.name}`)" if spec else "— (`tests/spec/` 尚无此文件 no spec file yet)",
        ),
    ]
    if guide:
        meta.append(("指南 guide", f"[{md(guide)}]({up}{guide})"))
    meta.append(("解释 interpretations", f"[interpretations.md]({up}{INTERPRETATIONS_PAGE})"))
    out.append("| 项目 item | 内容 value |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in meta) + "\n")
    base = _base_block(spec)
    if base:
        out.append(base)
    if uncovered:
        items = ", ".join(f"[`{cid}`](#{cid})" for cid in uncovered)
        out.append(
            f'!!! warning "尚无实现 / not implemented yet"\n\n    规则或程序条款尚无实现函数 '
            f"rule or procedure clauses with no implementing function: {items}\n"
        )

    tables = condition_tables()
    for clause in clauses:
        title = " ".join(x for x in (clause.label, clause.heading) if x)
        level = "#" * heading_level(clause.id)
        out.append(f"{level} {md(title)} {{ #{clause.id} }}\n")
        out.append(f'<p class="clause-id"><code>{esc(clause.id)}</code></p>\n')
        if clause.text and clause.text != clause.heading:
            out.append(render_text_html(clause.text) + "\n")
        out.append(_status_html(clause.status, clause.status_note) + "\n")

        impls = implementations.get(clause.id, [])
        if impls:
            out.append("**实现 Implemented by**\n")
            seen: set[str] = set()
            for name, kind in impls:
                if name in seen:
                    continue
                seen.add(name)
                summary = first_line(resolve(name))
                tail = f" — {md_inline(summary)}" if summary else ""
                out.append(f"- {_function_link(name)} ({KIND_LABELS.get(kind, kind)}){tail}")
            out.append("")
        elif clause.status in ("rule", "procedure"):
            out.append(
                '!!! warning "尚无实现 / not implemented yet"\n\n'
                "    此条款标为规则或程序,但还没有函数以 `@implements` 声明实现它。"
                "This clause is a rule or procedure but no function declares it with `@implements` yet.\n"
            )

        declared = [check for check in tables if check.clause == clause.id]
        if declared:
            out.append("**条件 Conditions** (declared once, as data)\n")
            out.extend(f"- {_condition_line(check)}" for check in declared)
            out.append("")

        taken = interpretations.get(clause.id, [])
        if taken:
            out.append(f"**解释 Interpretation** ([全部解释 all interpretations]({up}{INTERPRETATIONS_PAGE}))\n")
            for r in taken:
                name = f"{r.model}.{r.field}"
                where = f"[`{name}`][{r.public}.{r.field}]" if r.public else f"`{name}`"
                out.append(
                    f"- {md_inline(r.reading)}:{where} = `{r.default}`"
                    + (f"({md(r.description)})" if r.description else "")
                )
            out.append("")

        worked = by_clause.get(clause.id, [])
        if worked:
            out.append(f"**算例 Worked cases** ({len(worked)}, `tests/spec/{spec.name if spec else ''}`)\n")
            out.append(_case_block(worked) + "\n")

        if clause.raw or clause.corrections:
            out.append(_scan_block(clause) + "\n")

    if stray:
        out.append("## 其他算例 Other cases { #other-cases }\n")
        out.append("这些算例引用的条款不属于本文件。These cases cite no clause of this document.\n")
        out.append(_case_block(stray) + "\n")

    return DocumentPage(
        doc_id=doc_id,
        markdown="\n".join(out).rstrip() + "\n",
        clause_ids=ids,
        uncovered=uncovered,
        cases=len(cases),
        spec=str(spec) if spec else None,
    )


def render_all(spec_dir: Path) -> Iterator[DocumentPage]:
    """Import the policy modules and render the three document pages."""
    from hongshan_policy import citations

    modules = import_policy_modules()
    implementations = {k: list(v) for k, v in citations.IMPLEMENTATIONS.items()}
    interpretations = readings(modules)
    for doc_id in DOCUMENT_ORDER:
        yield render_document(
            doc_id, implementations=implementations, interpretations=interpretations, spec_dir=spec_dir
        )


def main(argv: list[str] | None = None) -> int:
    """Write the pages to ``OUT_DIR`` (default ``site-text``) and list uncovered clauses."""
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "site-text")
    spec_dir = Path(__file__).resolve().parent.parent / "tests" / "spec"
    for page in render_all(spec_dir):
        target = out_dir / page_path(page.doc_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        print(f"{target}: {len(page.clause_ids)} clauses, {page.cases} cases, uncovered: {page.uncovered or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
