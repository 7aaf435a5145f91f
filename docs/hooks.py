"""MkDocs hooks: generate the literate pages and keep the build strict while pages are being written.

Loaded by ``hooks: [docs/hooks.py]`` in ``mkdocs.yml``. What it does:

* ``on_config``: drops from the nav the pages listed in :data:`OPTIONAL_PAGES` that do
  not exist yet (logged at INFO), drops API pages whose module does not exist yet, and
  appends an API page for every public module of the package that has no page of its own.
* ``on_files``: adds the generated pages: ``text/<document>.md`` (by
  ``docs/gen_text_pages.py``) and the automatic API pages, and publishes the JSON
  Schemas shipped in ``src/hongshan_policy/schemas/`` under ``schemas/``.
* ``on_page_markdown``: a link to a missing optional page becomes plain text, so the
  other pages may link to it before it is written.

Anything else that is missing (a nav entry with a typo, a dangling link, an unresolved
API cross-reference) still fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import importlib.util
import logging
import posixpath
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.hongshan")

OPTIONAL_PAGES = frozenset(
    {
        "headquarters.md",
        "ebike.md",
        "interpretations.md",
        "batch.md",
        "performance.md",
    }
)
"""Pages written by others (relative to docs/): left out of the nav, and links to them
turned into plain text, until they exist."""

REFERENCE_DIR = "reference"
_DIRECTIVE = re.compile(r"^:::\s+(\S+)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+)\)")


def _load_generator() -> ModuleType:
    name = "hongshan_docs_gen_text_pages"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("gen_text_pages.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


class _State:
    """What ``on_config`` found, for the later events of the same build."""

    missing: ClassVar[frozenset[str]] = frozenset()
    """Pages not there (optional pages not written, API pages of modules not written)."""
    dropped_reference: ClassVar[frozenset[str]] = frozenset()
    """Hand-written API pages whose module does not exist yet."""
    auto_reference: ClassVar[dict[str, str]] = {}
    """Generated API page -> the module it documents."""
    generated: ClassVar[dict[str, str]] = {}
    """Generated text page -> its Markdown."""


def _reference_pages(docs_dir: Path) -> dict[str, list[str]]:
    """Hand-written API pages -> the modules they document (``::: module`` lines)."""
    pages: dict[str, list[str]] = {}
    for path in sorted((docs_dir / REFERENCE_DIR).glob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        pages[rel] = _DIRECTIVE.findall(path.read_text(encoding="utf-8"))
    return pages


def _module_exists(name: str) -> bool:
    return bool(gen._module_exists(name))


def _prune(items: list[Any], drop: frozenset[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if item not in drop:
                kept.append(item)
            continue
        if isinstance(item, dict):
            (title, value), *_ = item.items()
            if isinstance(value, list):
                inner = _prune(value, drop)
                if inner:
                    kept.append({title: inner})
            elif value not in drop:
                kept.append(item)
            continue
        kept.append(item)
    return kept


def _append_to_reference_section(items: list[Any], entries: list[dict[str, str]]) -> bool:
    for item in items:
        if isinstance(item, dict):
            (_title, value), *_ = item.items()
            if isinstance(value, list):
                flat = [v for e in value for v in (e.values() if isinstance(e, dict) else [e])]
                if f"{REFERENCE_DIR}/index.md" in flat:
                    value.extend(entries)
                    return True
                if _append_to_reference_section(value, entries):
                    return True
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Render the literate pages; prune the nav of pages not written yet; add automatic API pages."""
    docs_dir = Path(config.docs_dir)
    spec_dir = Path(config.config_file_path).resolve().parent / "tests" / "spec"

    _State.generated = {gen.page_path(page.doc_id): page.markdown for page in gen.render_all(spec_dir)}

    missing = {p for p in OPTIONAL_PAGES if not (docs_dir / p).is_file()}
    documented: set[str] = set()
    dropped: set[str] = set()
    for page, modules in _reference_pages(docs_dir).items():
        if modules and not all(_module_exists(m) for m in modules):
            dropped.add(page)
        else:
            documented.update(modules)
    auto = {
        f"{REFERENCE_DIR}/{module.rpartition('.')[2]}.md": module
        for module in gen.public_modules()
        if module not in documented and not any(m.startswith(f"{module}.") for m in documented)
    }
    _State.missing = frozenset(missing | dropped)
    _State.dropped_reference = frozenset(dropped)
    _State.auto_reference = auto
    if missing:
        log.info("pages not written yet, left out of the nav: %s", ", ".join(sorted(missing)))
    if dropped:
        log.info("API pages whose module does not exist yet, left out: %s", ", ".join(sorted(dropped)))
    if auto:
        log.info("API pages generated for modules without a page: %s", ", ".join(sorted(auto.values())))

    if config.nav is not None:
        nav = _prune(list(config.nav), _State.missing)
        entries = [{module.rpartition(".")[2]: page} for page, module in sorted(auto.items())]
        if entries and not _append_to_reference_section(nav, entries):
            nav.append({"API": entries})
        config.nav = nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages; remove API pages whose module does not exist yet."""
    for page in _State.dropped_reference:
        existing = files.get_file_from_path(page)
        if existing is not None:
            files.remove(existing)
    for path, markdown in _State.generated.items():
        files.append(File.generated(config, path, content=markdown))
    for path, module in _State.auto_reference.items():
        content = f"# `{module}`\n\n::: {module}\n"
        files.append(File.generated(config, path, content=content))
    schemas = Path(config.docs_dir).parent / "src" / "hongshan_policy" / "schemas"
    for schema in sorted(schemas.glob("*.json")):  # the published JSON Schemas, listed by docs/schemas.md
        files.append(File.generated(config, f"schemas/{schema.name}", abs_src_path=str(schema)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Turn links to optional pages that do not exist yet into plain text."""
    if not _State.missing:
        return markdown
    base = posixpath.dirname(page.file.src_uri)

    def replace(match: re.Match[str]) -> str:
        target = match.group(2).split("#", 1)[0]
        if not target.endswith(".md") or "://" in target:
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(base, target))
        return match.group(1) if resolved in _State.missing else match.group(0)

    return _LINK.sub(replace, markdown)
