"""The three source documents as structured, cleaned text, looked up by clause id.

The single source is a scan-to-text of the 赤峰市红山区人民政府公报 2024年第3期
(``000_afd177855dcd4b02.txt``; its sha256 is in ``data/gazette.json``). It holds:

* ``hq``: 赤红政字〔2024〕79号, 《关于加快现代服务业高质量发展培育总部企业的扶持政策(试行)》;
* ``used-car``: 赤红政字〔2024〕87号 (the scan prints ``赤红政字(2024)87号``), 《红山区推动二手车市场发展奖励措施》;
* ``ebike``: 赤红政办发〔2024〕4号, 《红山区电动自行车安全隐患全链条整治行动方案》.

Clause ids
    ``<document>:<article>[.<item>[.<sub-item>]]`` with Arabic numerals: ``hq:3.1.2`` is
    79号 第三条(一)2, ``used-car:3.2`` is 87号 第三条(二), ``used-car:4.1`` is 87号 第四条 1.,
    ``ebike:2.3.10`` is 方案 二、(三) task 10 (task numbers run 1-21 across the six groups).
    Extra ids: ``<doc>:title``, ``<doc>:notice`` (the 印发通知), ``ebike:preamble``,
    ``used-car:annex1``, ``used-car:annex2`` and ``used-car:annex2.1`` ... ``annex2.4``.
    The parent of an id drops its last component (``hq:3.1.2`` -> ``hq:3.1`` -> ``hq:3``);
    top-level ids have no parent.

Text, raw reading and corrections
    ``text`` is the clean text of the node itself (children excluded; a title-like heading
    such as 「奖励政策」 or a task title 「加强标准运用」 is in ``heading``, not in ``text``).
    ``raw`` is the exact run of characters of the scan the text came from (a substring of
    the seed file, artefacts included); ``raw_head`` is the exact scanned reading of the
    label/heading before it (converter list dashes such as ``- `` included); ``line`` is
    the 1-based line of the seed where the node's reading starts.

    The rule that links them, checked by ``tests/test_sources.py`` for every clause::

        s = raw
        for c in corrections:              # in order; each original occurs exactly once in raw
            s = s.replace(c.original, c.corrected, 1)
        text == re.sub(r"\\s*\\n\\s*", "\\n", s).strip()

    That is: after the recorded corrections, every whitespace run that contains a line
    break becomes one ``\\n`` (a paragraph or table-row break) and the ends are stripped;
    whitespace inside a line is kept unless a correction removes it. So line breaks
    inside a sentence, page numbers, stray spaces at print line wraps, ASCII brackets in
    document numbers (``(2022)`` -> ``〔2022〕``) and scan garbage are each one recorded
    correction, and the raw reading is always recoverable. Material outside every clause
    (cover, masthead, contents, running heads) is listed in the JSON under
    ``source.removed``. The converter's half-width punctuation (``,`` ``(`` ``:`` ``"``) is
    systematic and is kept as scanned.

Status
    ``rule`` (computable eligibility/amount content), ``procedure`` (a deadline or a
    workflow step), ``informative`` (no computable content) or ``out-of-scope``;
    ``status_note`` gives the reason for the last two.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, cast

from hongshan_policy.errors import UnknownClauseError

__all__ = [
    "STATUSES",
    "Clause",
    "Correction",
    "Document",
    "children",
    "clause",
    "clauses",
    "document",
    "documents",
    "exists",
    "original_text",
    "text_digest",
]

STATUSES = ("rule", "procedure", "informative", "out-of-scope")
"""The possible values of :attr:`Clause.status`."""

_EXCERPT_CHARS = 30


@dataclass(frozen=True, slots=True)
class Correction:
    """One undone piece of scan/conversion damage: ``original`` (as scanned) became ``corrected``."""

    original: str
    corrected: str
    note: str


@dataclass(frozen=True, slots=True)
class Clause:
    """One node of a document: an article, item, sub-item, task, annex, title or notice."""

    id: str
    document: str
    path: tuple[str, ...]
    label: str
    heading: str | None
    text: str
    raw: str
    corrections: tuple[Correction, ...]
    status: str
    status_note: str
    parent: str | None
    children: tuple[str, ...]
    raw_head: str = ""
    line: int = 0

    @property
    def excerpt(self) -> str:
        """The first ~30 characters of the text (or the heading/label when there is no text)."""
        body = self.text or self.heading or self.label
        body = body.replace("\n", " ")
        return body if len(body) <= _EXCERPT_CHARS else body[:_EXCERPT_CHARS] + "…"


@dataclass(frozen=True, slots=True)
class Document:
    """The metadata of one source document."""

    id: str
    number: str
    title: str
    notice_title: str
    issuer: str
    issued_on: date
    valid_from: date
    valid_until: date | None
    validity_text: str
    interpreter: str | None


@dataclass(frozen=True, slots=True)
class _Data:
    documents: tuple[Document, ...]
    clauses: dict[str, Clause]
    by_document: dict[str, tuple[Clause, ...]]


def _parent_id(clause_id: str) -> str | None:
    doc, _, rest = clause_id.partition(":")
    head, dot, _ = rest.rpartition(".")
    return f"{doc}:{head}" if dot else None


def _optional_date(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


@cache
def _data() -> _Data:
    text = resources.files("hongshan_policy").joinpath("data", "gazette.json").read_text(encoding="utf-8")
    payload = cast(dict[str, Any], json.loads(text))
    docs: list[Document] = []
    rows: list[tuple[str, dict[str, Any]]] = []
    for entry in cast(list[dict[str, Any]], payload["documents"]):
        docs.append(
            Document(
                id=str(entry["id"]),
                number=str(entry["number"]),
                title=str(entry["title"]),
                notice_title=str(entry["notice_title"]),
                issuer=str(entry["issuer"]),
                issued_on=date.fromisoformat(str(entry["issued_on"])),
                valid_from=date.fromisoformat(str(entry["valid_from"])),
                valid_until=_optional_date(entry.get("valid_until")),
                validity_text=str(entry["validity_text"]),
                interpreter=None if entry.get("interpreter") is None else str(entry["interpreter"]),
            )
        )
        rows.extend((str(entry["id"]), row) for row in cast(list[dict[str, Any]], entry["clauses"]))

    kids: dict[str, list[str]] = {}
    for _, row in rows:
        parent = _parent_id(str(row["id"]))
        if parent is not None:
            kids.setdefault(parent, []).append(str(row["id"]))

    found: dict[str, Clause] = {}
    for doc_id, row in rows:
        clause_id = str(row["id"])
        found[clause_id] = Clause(
            id=clause_id,
            document=doc_id,
            path=tuple(clause_id.partition(":")[2].split(".")),
            label=str(row["label"]),
            heading=None if row.get("heading") is None else str(row["heading"]),
            text=str(row["text"]),
            raw=str(row["raw"]),
            corrections=tuple(
                Correction(str(c["original"]), str(c["corrected"]), str(c["note"]))
                for c in cast(list[dict[str, Any]], row["corrections"])
            ),
            status=str(row["status"]),
            status_note=str(row["status_note"]),
            parent=_parent_id(clause_id),
            children=tuple(kids.get(clause_id, ())),
            raw_head=str(row.get("raw_head", "")),
            line=int(row.get("line", 0)),
        )
    by_document = {d.id: tuple(c for c in found.values() if c.document == d.id) for d in docs}
    return _Data(documents=tuple(docs), clauses=found, by_document=by_document)


def _unknown(kind_zh: str, kind_en: str, got: str, known: list[str]) -> UnknownClauseError:
    match = difflib.get_close_matches(got, known, n=1, cutoff=0.5)
    suggestion = match[0] if match else None
    hint_zh = f",是否指 {suggestion}?" if suggestion else ""
    hint_en = f"; did you mean {suggestion!r}?" if suggestion else ""
    return UnknownClauseError(
        f"来源文件中没有{kind_zh} {got!r}{hint_zh}",
        f"no {kind_en} {got!r} in the source documents{hint_en}",
        field="document" if kind_en == "document" else "clause_id",
        expected=suggestion,
        got=got,
    )


def documents() -> tuple[Document, ...]:
    """All source documents, in gazette order (``hq``, ``used-car``, ``ebike``)."""
    return _data().documents


def document(doc_id: str) -> Document:
    """The document with id ``doc_id``; raises :class:`UnknownClauseError` if there is none."""
    for doc in _data().documents:
        if doc.id == doc_id:
            return doc
    raise _unknown("文件", "document", doc_id, [d.id for d in _data().documents])


def clause(clause_id: str) -> Clause:
    """The clause with id ``clause_id``; raises :class:`UnknownClauseError` (with a suggestion) if unknown."""
    try:
        return _data().clauses[clause_id]
    except KeyError:
        raise _unknown("条款", "clause", clause_id, list(_data().clauses)) from None


def clauses(document: str | None = None) -> tuple[Clause, ...]:
    """All clauses, or those of one document, in text order (a parent before its children)."""
    data = _data()
    if document is None:
        return tuple(data.clauses.values())
    if document not in data.by_document:
        raise _unknown("文件", "document", document, list(data.by_document))
    return data.by_document[document]


def exists(clause_id: str) -> bool:
    """Whether ``clause_id`` names a clause of the source documents."""
    return clause_id in _data().clauses


def children(clause_id: str) -> tuple[Clause, ...]:
    """The direct children of a clause, in text order."""
    data = _data()
    return tuple(data.clauses[child] for child in clause(clause_id).children)


def original_text(clause_id: str) -> str:
    """The clause's raw reading as scanned, artefacts included (see the module docstring)."""
    return clause(clause_id).raw


@cache
def text_digest(doc_id: str) -> str:
    """``sha256:<hex>`` of one document's text as this library holds it (its entry of ``data/gazette.json``).

    Canonical JSON (sorted keys), so the digest changes exactly when a clause, a
    date or a title of the document changes; it names the text in a decision's
    provenance. Raises ``KeyError`` for an unknown document id.
    """
    text = resources.files("hongshan_policy").joinpath("data", "gazette.json").read_text(encoding="utf-8")
    entries = {str(e["id"]): e for e in cast(list[dict[str, Any]], json.loads(text)["documents"])}
    body = json.dumps(entries[doc_id], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(body.encode("utf-8")).hexdigest()
