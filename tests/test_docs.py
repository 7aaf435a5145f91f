"""The documentation site: it builds strictly, reaches every clause, and shows Chinese as Chinese.

The site is built once per test session with ``mkdocs build --strict`` into a temporary
folder. MkDocs is part of the ``docs`` extra; when it is missing these tests fail (they
are never skipped), so CI must install ``.[docs]``.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

from hongshan_policy import citations, sources

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("used-car", "hq", "ebike")

MOJIBAKE = re.compile(
    "\ufffd"  # the replacement character: bytes that were not UTF-8
    "|ä¸|å[\u0080-\u00bf]|[\u00e4-\u00e9][\u0080-\u00bf]"  # UTF-8 Chinese read as Latin-1
    "|Ã[\u0080-\u00bf]"  # UTF-8 Latin read as Latin-1
    "|[\u00e4-\u00e9][\u2018-\u203a\u0152-\u0178\u20ac\u2122]"  # ... or as cp1252
)


_RAW_BLOCK = re.compile(r'<pre class="clause-raw" lang="zh-CN">(.*?)</pre>', re.DOTALL)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hongshan_docs_gen_text_pages", ROOT / "docs" / "gen_text_pages.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


@dataclass(frozen=True)
class Site:
    """A built site: its folder and the build's log."""

    root: Path
    log: str

    def page(self, path: str) -> str:
        """The HTML of ``path`` (``text/hq`` -> ``text/hq/index.html``), read as strict UTF-8."""
        file = self.root / path / "index.html" if not path.endswith(".html") else self.root / path
        return file.read_bytes().decode("utf-8")

    def html_files(self) -> Iterator[Path]:
        """Every HTML file of the site."""
        return self.root.rglob("*.html")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Build the site with ``mkdocs build --strict``; fail (never skip) when MkDocs is not installed."""
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail("MkDocs is not installed: pip install -e '.[docs]' (the docs extra)")
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's banner about its successor
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return Site(out, log)


class _Anchors(HTMLParser):
    """Collects the ``id`` attributes and the ``href`` targets of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.append(value)


def _anchors(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    return parser


class TestBuild:
    """``mkdocs build --strict`` passes and produces the pages of the nav."""

    def test_build_is_strict_and_clean(self, site: Site) -> None:
        """The build passed in strict mode and logged no warning."""
        assert not re.search(r"^(WARNING|ERROR)\s+-", site.log, re.MULTILINE), site.log

    def test_home_page_links_every_document_page(self, site: Site) -> None:
        """The navigation of the home page reaches the three text pages."""
        hrefs = _anchors(site.page("")).hrefs
        for doc_id in DOCUMENTS:
            assert any(h.rstrip("/").endswith(f"text/{doc_id}") for h in hrefs), doc_id

    def test_quickstart_and_reference_index_render(self, site: Site) -> None:
        """The quick start and the reference index exist."""
        assert "hongshan-policy assess" in site.page("quickstart")
        assert "API" in site.page("reference")


class TestTextPages:
    """One page per document walks the text clause by clause."""

    @pytest.mark.parametrize("doc_id", DOCUMENTS)
    def test_every_clause_has_an_anchor_reached_by_the_toc(self, site: Site, doc_id: str) -> None:
        """Every clause id is an element id on its page and the page's table of contents links to it."""
        found = _anchors(site.page(f"text/{doc_id}"))
        for clause in sources.clauses(doc_id):
            assert clause.id in found.ids, clause.id
            assert f"#{clause.id}" in found.hrefs, clause.id

    @pytest.mark.parametrize("doc_id", DOCUMENTS)
    def test_every_clause_shows_its_text_and_status(self, site: Site, doc_id: str) -> None:
        """Each clause's clean text (its first line) and its status are on the page."""
        html = site.page(f"text/{doc_id}")
        for clause in sources.clauses(doc_id):
            first = (clause.text or clause.heading or clause.label).split("\n")[0].split("\t")[0]
            assert gen.esc(first[:40]) in html, clause.id
            assert f"clause-status--{clause.status}" in html, clause.id

    @pytest.mark.parametrize("doc_id", DOCUMENTS)
    def test_scanned_reading_of_each_clause_is_viewable(self, site: Site, doc_id: str) -> None:
        """Each clause has a collapsible block with its scanned reading; every correction is listed."""
        html = site.page(f"text/{doc_id}")
        clauses = sources.clauses(doc_id)
        assert html.count('class="quote clause-scan"') == sum(1 for c in clauses if c.raw or c.corrections)
        for clause in clauses:
            for correction in clause.corrections:
                assert gen.visible(correction.original) in html, (clause.id, correction.original)

    @pytest.mark.parametrize("doc_id", DOCUMENTS)
    def test_scanned_reading_round_trips(self, site: Site, doc_id: str) -> None:
        """The scanned reading shown for each clause is exactly its ``raw_head`` and ``raw``, tabs included."""
        shown = [html.unescape(m) for m in _RAW_BLOCK.findall(site.page(f"text/{doc_id}"))]
        expected = [
            (c.raw_head + "\n" if c.raw_head else "") + c.raw for c in sources.clauses(doc_id) if c.raw or c.corrections
        ]
        assert shown == expected

    @pytest.mark.parametrize("doc_id", DOCUMENTS)
    def test_implementing_functions_link_to_the_api_reference(self, site: Site, doc_id: str) -> None:
        """Every public function declared with ``@implements`` for a clause is linked to its API entry."""
        gen.import_policy_modules()
        hrefs = _anchors(site.page(f"text/{doc_id}")).hrefs
        for clause in sources.clauses(doc_id):
            for name, _kind in citations.IMPLEMENTATIONS.get(clause.id, []):
                public = gen.public_path(name)
                if public is None:
                    continue
                assert any(h.endswith(f"#{public}") for h in hrefs), (clause.id, public)

    def test_chinese_key_phrases_are_present(self, site: Site) -> None:
        """The rent rule's 「三免两减半」 and the e-bike code 「一车一池一充一码」 appear as UTF-8 text."""
        assert "三免两减半" in site.page("text/hq")
        assert "一车一池一充一码" in site.page("text/ebike")
        assert "单家贸易单位补贴上限为35万元" in site.page("text/used-car")


class TestNotebook:
    """The example notebook is a page of the site, executed at build time with its charts and tables."""

    def test_the_notebook_is_rendered_with_its_outputs(self, site: Site) -> None:
        """docs/analysis.ipynb renders with its title, both charts as images, the comparison table, no error."""
        page = site.page("analysis")
        assert "情景分析示例 Scenario analysis" in page
        assert page.count('src="data:image/png') >= 2, "the two charts, embedded"
        assert "<table" in page
        assert "Traceback" not in page
        assert "ename" not in page

    def test_the_notebook_is_in_the_navigation(self, site: Site) -> None:
        """The home page's navigation links the notebook page."""
        assert any(h.rstrip("/").endswith("analysis") for h in _anchors(site.page("")).hrefs)


class TestEncoding:
    """The site is UTF-8 throughout, with no mojibake."""

    def test_every_page_is_utf8_without_mojibake(self, site: Site) -> None:
        """Every HTML file decodes as strict UTF-8, declares it, and has no replacement or mojibake sequences."""
        pages = list(site.html_files())
        assert pages
        for path in pages:
            html = path.read_bytes().decode("utf-8")
            assert '<meta charset="utf-8">' in html.lower(), path
            bad = MOJIBAKE.search(html)
            assert bad is None, (path, html[max(bad.start() - 40, 0) : bad.end() + 40] if bad else "")

    def test_mojibake_pattern_catches_latin1_misreading(self) -> None:
        """The detector flags UTF-8 Chinese decoded as Latin-1 and cp1252, and passes clean Chinese."""
        text = "三免两减半"
        assert MOJIBAKE.search(text.encode("utf-8").decode("latin-1"))
        assert MOJIBAKE.search(text.encode("utf-8").decode("cp1252", errors="replace"))
        assert not MOJIBAKE.search(text + " café naïve")


class TestApiReference:
    """Every public module has an API page rendered by mkdocstrings."""

    @pytest.mark.parametrize("module", gen.public_modules())
    def test_module_page_renders(self, site: Site, module: str) -> None:
        """The module's page exists and holds mkdocstrings' rendered objects."""
        html = site.page(f"reference/{module.rpartition('.')[2]}")
        assert 'class="doc doc-' in html, module
        assert module in html, module

    @pytest.mark.parametrize("module", ["hongshan_policy.used_car", "hongshan_policy.headquarters"])
    def test_rule_functions_are_documented(self, site: Site, module: str) -> None:
        """Each name a policy module exports has an anchor on its API page."""
        mod = importlib.import_module(module)
        ids = _anchors(site.page(f"reference/{module.rpartition('.')[2]}")).ids
        for name in mod.__all__:
            if name.isupper():
                continue  # constants are documented with their module
            assert f"{module}.{name}" in ids, name


class TestSpecRendering:
    """Worked cases from ``tests/spec/<document>.toml`` are rendered under their clause (documented shape)."""

    SPEC = """
[[case]]
clause = "used-car:3.2"
description = "收入恰为3000万元,适用0.7%"
function = "used_car.growth_reward"
[case.input]
revenue_2024 = "30000000"
[case.expected]
eligible = true
amount = "210000.00"

[[case]]
clause = "used-car:99"
description = "引用不存在的条款"
function = "used_car.growth_reward"
"""

    def _page(self, spec_dir: Path | None) -> str:
        gen.import_policy_modules()
        page = gen.render_document(
            "used-car",
            implementations=dict(citations.IMPLEMENTATIONS),
            interpretations={},
            spec_dir=spec_dir or Path("/nonexistent"),
        )
        markdown: str = page.markdown
        return markdown

    def test_case_is_shown_under_its_clause(self, tmp_path: Path) -> None:
        """A case appears after its clause's heading and before the next clause's, with input and expected."""
        (tmp_path / "used-car.toml").write_text(self.SPEC, encoding="utf-8")
        markdown = self._page(tmp_path)
        start, end = markdown.index("{ #used-car:3.2 }"), markdown.index("{ #used-car:4 }")
        section = markdown[start:end]
        assert "收入恰为3000万元,适用0.7%" in section
        assert "&quot;210000.00&quot;" in section
        assert "used_car.growth_reward" in section

    def test_case_citing_another_clause_is_listed_apart(self, tmp_path: Path) -> None:
        """A case whose clause is not in the document is listed under 「其他算例」, not lost."""
        (tmp_path / "used_car.toml").write_text(self.SPEC, encoding="utf-8")
        markdown = self._page(tmp_path)
        assert markdown.index("引用不存在的条款") > markdown.index("{ #other-cases }")

    def test_missing_spec_file_renders_no_cases(self) -> None:
        """Without a spec file the page says so and renders no case table."""
        markdown = self._page(None)
        assert "no spec file yet" in markdown
        assert "clause-cases" not in markdown
