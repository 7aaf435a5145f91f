"""The source documents as data: ids, tree, raw readings, corrections, metadata."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from hongshan_policy import sources
from hongshan_policy.errors import UnknownClauseError

_HERE = Path(__file__).resolve().parent
_SEED_COPY = _HERE / "data" / "seed.txt"
_SEED_SHARED = _HERE.parents[1].parent / "shared" / "seed" / "000_afd177855dcd4b02.txt"
SEED_PATH = _SEED_COPY if _SEED_COPY.exists() else _SEED_SHARED

ID_RE = re.compile(r"^(hq|used-car|ebike):([1-9]\d*(\.[1-9]\d*){0,2}|title|notice|preamble|annex[12](\.[1-9]\d*)?)$")

ARTEFACTS = ("ONTENTS", "••••", "一 10 一", "红山区人民政府公报", "宣言之重", "平位", "刀儿", "NE", "**", "招\t设")

LEGITIMATE_SPACES = ("年 月 日", "关于搞活汽车流通 扩大汽车消费若干措施的通知")  # blank date; an official title


def _seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def _raw_json() -> dict[str, object]:
    text = resources.files("hongshan_policy").joinpath("data", "gazette.json").read_text(encoding="utf-8")
    data: dict[str, object] = json.loads(text)
    return data


def _no_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def reconstruct(raw: str, corrections: tuple[sources.Correction, ...]) -> str:
    """The documented rule: corrections in order (first occurrence), then line-break runs -> one newline."""
    s = raw
    for c in corrections:
        s = s.replace(c.original, c.corrected, 1)
    return re.sub(r"\s*\n\s*", "\n", s).strip()


ALL = sources.clauses()
ALL_IDS = [c.id for c in ALL]


def failing_clauses(check: Callable[[str], None]) -> dict[str, str]:
    """Run ``check`` on every clause; return each clause id whose check failed, with the failure."""
    failures: dict[str, str] = {}
    for clause_id in ALL_IDS:
        try:
            check(clause_id)
        except AssertionError as error:
            failures[clause_id] = str(error) or "assertion failed"
    return failures


class TestIds:
    def test_unique(self) -> None:
        assert len(ALL_IDS) == len(set(ALL_IDS))

    def test_well_formed(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            assert ID_RE.match(clause_id), clause_id

        assert failing_clauses(check) == {}

    def test_matches_citation_regex(self) -> None:
        from hongshan_policy.citations import CLAUSE_ID

        assert all(CLAUSE_ID.match(i) for i in ALL_IDS)

    def test_counts(self) -> None:
        counts = {d.id: len(sources.clauses(d.id)) for d in sources.documents()}
        assert counts == {"hq": 26, "used-car": 27, "ebike": 37}
        assert sum(counts.values()) == len(ALL)

    def test_document_prefix(self) -> None:
        for c in ALL:
            assert c.id.startswith(c.document + ":")
            assert c.path == tuple(c.id.split(":", 1)[1].split("."))

    def test_extra_ids(self) -> None:
        for doc in ("hq", "used-car", "ebike"):
            assert sources.exists(f"{doc}:title")
            assert sources.exists(f"{doc}:notice")
        assert sources.exists("ebike:preamble")
        for i in ("annex1", "annex2", "annex2.1", "annex2.2", "annex2.3", "annex2.4"):
            assert sources.exists(f"used-car:{i}")


class TestTree:
    def test_parent_exists(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            c = sources.clause(clause_id)
            if len(c.path) == 1:
                assert c.parent is None
            else:
                assert c.parent == f"{c.document}:{'.'.join(c.path[:-1])}"
                assert sources.exists(c.parent)
                assert clause_id in sources.clause(c.parent).children

        assert failing_clauses(check) == {}

    def test_children_function(self) -> None:
        assert [c.id for c in sources.children("hq:3.1")] == [f"hq:3.1.{i}" for i in range(1, 5)]
        assert [c.id for c in sources.children("hq:3")] == ["hq:3.1", "hq:3.2", "hq:3.3"]
        assert sources.children("used-car:6") == ()

    def test_examples(self) -> None:
        assert sources.clause("hq:3.1.2").label == "第三条(一)2"
        assert sources.clause("hq:3.1.2").text == "项目主体建成,拨付奖补资金总额度的30%。"
        assert sources.clause("used-car:3.2").label == "第三条(二)"
        assert sources.clause("used-car:3.2").heading == "奖励二手车经销企业做大做强"
        assert sources.clause("ebike:2.1.3").label == "二、(一)3"
        assert sources.clause("ebike:2.1.1").heading == "加强标准运用"
        assert sources.clause("ebike:2.1.1").text.startswith("加强对电动自行车相关国家新标准")
        assert sources.clause("ebike:2.1.1").text.endswith(
            "(区工信局、市场监管局牵头负责,区公安分局、消防救援大队配合)"
        )
        assert sources.clause("ebike:2.1").heading == "着力解决标准不完善、强制性不足问题"
        assert sources.clause("ebike:3.1").heading == "动员部署阶段"
        assert sources.clause("hq:3").heading == "奖励政策"
        assert sources.clause("hq:3").text == ""
        assert sources.clause("used-car:8").heading == "其他"


class TestOrder:
    def test_preorder(self) -> None:
        for doc in sources.documents():
            seen: set[str] = set()
            for c in sources.clauses(doc.id):
                if c.parent is not None:
                    assert c.parent in seen, c.id
                seen.add(c.id)

    def test_lines_non_decreasing(self) -> None:
        for doc in sources.documents():
            lines = [c.line for c in sources.clauses(doc.id)]
            assert lines == sorted(lines), doc.id

    def test_documents_in_gazette_order(self) -> None:
        assert [d.id for d in sources.documents()] == ["hq", "used-car", "ebike"]
        firsts = [sources.clauses(d.id)[0].line for d in sources.documents()]
        assert firsts == sorted(firsts)

    def test_all_is_concatenation(self) -> None:
        assert tuple(c for d in sources.documents() for c in sources.clauses(d.id)) == ALL


class TestArticles:
    @pytest.mark.parametrize(("doc", "n"), [("hq", 5), ("used-car", 8)])
    def test_every_article(self, doc: str, n: int) -> None:
        numerals = "一二三四五六七八"
        for i in range(1, n + 1):
            c = sources.clause(f"{doc}:{i}")
            assert c.label == f"第{numerals[i - 1]}条"
        assert not sources.exists(f"{doc}:{n + 1}")

    def test_hq_items(self) -> None:
        for i in ("2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2"):
            assert sources.exists(f"hq:{i}")
        assert [c.id for c in sources.children("hq:3.2")] == ["hq:3.2.1", "hq:3.2.2"]

    def test_used_car_items(self) -> None:
        assert [c.id for c in sources.children("used-car:4")] == [f"used-car:4.{i}" for i in range(1, 6)]
        assert [c.id for c in sources.children("used-car:5")] == [f"used-car:5.{i}" for i in range(1, 5)]
        assert [c.id for c in sources.children("used-car:annex2")] == [f"used-car:annex2.{i}" for i in range(1, 5)]

    def test_ebike_sections(self) -> None:
        assert [c.id for c in sources.clauses("ebike") if len(c.path) == 1] == [
            "ebike:notice",
            "ebike:title",
            "ebike:preamble",
            "ebike:1",
            "ebike:2",
            "ebike:3",
            "ebike:4",
        ]
        assert [c.id for c in sources.children("ebike:3")] == ["ebike:3.1", "ebike:3.2", "ebike:3.3"]


class TestEbikeTasks:
    SIZES = (3, 6, 5, 4, 1, 2)

    def test_group_sizes(self) -> None:
        groups = sources.children("ebike:2")
        assert [g.id for g in groups] == [f"ebike:2.{i}" for i in range(1, 7)]
        assert tuple(len(g.children) for g in groups) == self.SIZES

    def test_numbering_is_global_and_continuous(self) -> None:
        expected: list[str] = []
        task = 0
        for g, size in enumerate(self.SIZES, 1):
            for _ in range(size):
                task += 1
                expected.append(f"ebike:2.{g}.{task}")
        got = [c.id for c in sources.clauses("ebike") if len(c.path) == 3]
        assert got == expected
        assert expected[0] == "ebike:2.1.1"
        assert expected[-1] == "ebike:2.6.21"
        assert "ebike:2.3.10" in got
        assert "ebike:2.2.4" in got

    def test_every_task_has_title_text_and_departments(self) -> None:
        for c in sources.clauses("ebike"):
            if len(c.path) == 3:
                assert c.heading
                assert c.status == "rule"
                assert c.text.endswith(")"), c.id  # the lead/co-operating departments
                assert c.raw_head.endswith(f"{c.path[2]}. {c.heading}。")

    def test_task_18_page_number(self) -> None:
        text = sources.clause("ebike:2.4.18").text
        assert "加强行刑衔接。各部门要加大涉嫌犯罪行为的移送" in text
        assert "一 10 一" in sources.original_text("ebike:2.4.18")


class TestRaw:
    def test_seed_copy_matches_recorded_hash(self) -> None:
        source = _raw_json()["source"]
        assert isinstance(source, dict)
        assert hashlib.sha256(SEED_PATH.read_bytes()).hexdigest() == source["sha256"]
        if _SEED_SHARED.exists():
            assert _SEED_SHARED.read_bytes() == SEED_PATH.read_bytes()

    def test_raw_in_seed(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            c = sources.clause(clause_id)
            seed = _seed()
            assert c.raw in seed  # exact
            assert _no_ws(c.raw) in _no_ws(seed)  # the whitespace-normalised contract
            assert c.raw_head in seed

        assert failing_clauses(check) == {}

    def test_raw_on_recorded_line(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            c = sources.clause(clause_id)
            seed = _seed()
            lines = seed.split("\n")
            start = sum(len(line) + 1 for line in lines[: c.line - 1])
            first = c.raw_head or c.raw
            at = seed.find(first, start)
            assert start <= at < start + len(lines[c.line - 1]) + 1, clause_id
            if c.raw and c.raw_head:
                assert seed.find(c.raw, at) >= at

        assert failing_clauses(check) == {}

    def test_every_character_accounted_for(self) -> None:
        """Every non-blank character of the scan is in a clause, a label/heading reading, or source.removed."""
        seed = _seed()
        covered = [False] * len(seed)

        def mark(part: str, start: int) -> int:
            at = seed.find(part, start)
            assert at >= 0, part
            for k in range(at, at + len(part)):
                covered[k] = True
            return at

        source = _raw_json()["source"]
        assert isinstance(source, dict)
        for item in source["removed"]:
            mark(item["original"], 0)
        lines = seed.split("\n")
        for c in ALL:
            at = sum(len(line) + 1 for line in lines[: c.line - 1])
            if c.raw_head:
                at = mark(c.raw_head, at)
            if c.raw:
                mark(c.raw, at)
        left = "".join(ch for ch, ok in zip(seed, covered, strict=True) if not ok and not ch.isspace())
        assert left == ""

    def test_original_text(self) -> None:
        assert sources.original_text("used-car:notice").endswith("赤红政字(2024)87号 6月23日")


class TestCorrections:
    def test_recoverable(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            c = sources.clause(clause_id)
            for k in c.corrections:
                assert c.raw.count(k.original) == 1, k
                assert k.corrected in c.text, k
                assert k.note
            assert reconstruct(c.raw, c.corrections) == c.text

        assert failing_clauses(check) == {}

    def test_examples(self) -> None:
        notes = {k.original: k.corrected for c in ALL for k in c.corrections}
        assert notes["赤政办字(2022)38号"] == "赤政办字〔2022〕38号"
        assert notes["赤红政字(2024)87号"] == "赤红政字〔2024〕87号"
        assert notes["安装 GPS 定位"] == "安装GPS定位"
        assert notes["024年4月至2024年12月"] == "2024年4月至2024年12月"

    def test_note_categories(self) -> None:
        categories = {k.note.split(":", 1)[0] for c in ALL for k in c.corrections}
        assert categories <= {"whitespace", "page-number", "document-number", "garbage", "table", "dash", "structure"}

    def test_removed_outside_clauses(self) -> None:
        source = _raw_json()["source"]
        assert isinstance(source, dict)
        originals = [r["original"] for r in source["removed"]]
        assert "ONTENTS" in originals
        assert "•••• 红山区人民政府公报 红山区政府文件" in originals
        seed = _seed()
        lines = seed.split("\n")
        for r in source["removed"]:
            start = sum(len(line) + 1 for line in lines[: r["line"] - 1])
            at = seed.find(r["original"], start)
            assert start <= at <= start + len(lines[r["line"] - 1]), r["original"]


class TestClean:
    def test_no_artefacts(self) -> None:
        """Checked for every clause; the failure lists every clause that fails."""

        def check(clause_id: str) -> None:
            c = sources.clause(clause_id)
            for field in (c.text, c.heading or "", c.label):
                for artefact in ARTEFACTS:
                    assert artefact not in field, (clause_id, artefact)
                stripped = field
                for keep in LEGITIMATE_SPACES:
                    stripped = stripped.replace(keep, "")
                assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", stripped), clause_id
                assert not re.search(r"(?m)^\s*- ", field), clause_id
                assert not re.search(r"[\u4e00-\u9fff]\(\d{4}\)\d+号", field), clause_id

        assert failing_clauses(check) == {}

    def test_document_numbers(self) -> None:
        for d in sources.documents():
            assert re.fullmatch(r"赤红政(字|办发)〔2024〕\d+号", d.number)
            assert "(" not in d.number

    def test_kept_legitimate_spaces(self) -> None:
        assert "(GB 50180—2018)" in sources.clause("ebike:2.2.4").text
        assert "《关于搞活汽车流通 扩大汽车消费若干措施的通知》" in sources.clause("used-car:1").text

    def test_annex1_table(self) -> None:
        text = sources.clause("used-car:annex1").text
        for label in (
            "单位名称",
            "统一社会信用代码",
            "注册资本",
            "注册地址",
            "成立时间",
            "单位类别",
            "法定代表人或负责人",
            "邮箱地址",
            "联系人",
            "联系电话",
            "2024年4月至2024年12月主营业务收入(不含税)",
            "申报奖励金额",
            "申报奖励类别",
            "红山区商务和投资促进局意见",
            "经办人签字(公章):",
        ):
            assert label in text
        assert not text.startswith("024")


class TestStatus:
    def test_values(self) -> None:
        for c in ALL:
            assert c.status in sources.STATUSES
            if c.status in ("informative", "out-of-scope"):
                assert c.status_note, c.id

    @pytest.mark.parametrize(
        ("clause_id", "status"),
        [
            ("hq:1", "informative"),
            ("hq:2.2", "rule"),
            ("hq:3", "informative"),
            ("hq:3.1.4", "rule"),
            ("hq:4.1", "informative"),
            ("hq:4.3", "procedure"),
            ("hq:5.2", "rule"),
            ("used-car:3.1", "rule"),
            ("used-car:4.3", "procedure"),
            ("used-car:5.1", "informative"),
            ("used-car:5.2", "procedure"),
            ("used-car:6", "rule"),
            ("used-car:annex1", "informative"),
            ("ebike:preamble", "informative"),
            ("ebike:2.3", "informative"),
            ("ebike:2.6.21", "rule"),
            ("ebike:3.3", "rule"),
            ("ebike:notice", "informative"),
        ],
    )
    def test_initial_classification(self, clause_id: str, status: str) -> None:
        assert sources.clause(clause_id).status == status

    def test_annex1_conflict_noted(self) -> None:
        assert "第三条(二)" in sources.clause("used-car:annex1").status_note


class TestLookup:
    def test_unknown_clause_suggests(self) -> None:
        with pytest.raises(UnknownClauseError) as info:
            sources.clause("hq:3.1.5")
        assert info.value.got == "hq:3.1.5"
        assert info.value.expected in ALL_IDS
        assert str(info.value.expected) in str(info.value)

    def test_unknown_clause_typo(self) -> None:
        with pytest.raises(UnknownClauseError) as info:
            sources.clause("usedcar:3.2")
        assert info.value.expected == "used-car:3.2"

    def test_unknown_clause_is_key_error(self) -> None:
        with pytest.raises(KeyError):
            sources.clause("nope")

    def test_unknown_document(self) -> None:
        with pytest.raises(UnknownClauseError) as info:
            sources.document("used_car")
        assert info.value.expected == "used-car"
        with pytest.raises(UnknownClauseError):
            sources.clauses("e-bike")

    def test_exists(self) -> None:
        assert sources.exists("ebike:2.3.10")
        assert not sources.exists("ebike:2.3.9")
        assert not sources.exists("")

    def test_excerpt(self) -> None:
        c = sources.clause("used-car:3.2")
        assert c.excerpt.endswith("…")
        assert c.excerpt[:-1] == c.text[:30]
        assert sources.clause("hq:3").excerpt == "奖励政策"

    def test_frozen(self) -> None:
        c = sources.clause("hq:1")
        with pytest.raises(AttributeError):
            c.text = "x"  # type: ignore[misc]

    def test_cached(self) -> None:
        assert sources.clause("hq:1") is sources.clause("hq:1")
        assert sources.documents() is sources.documents()


class TestDocuments:
    def test_hq(self) -> None:
        d = sources.document("hq")
        assert d.number == "赤红政字〔2024〕79号"
        assert d.title == "关于加快现代服务业高质量发展培育总部企业的扶持政策(试行)"
        assert d.notice_title == f"赤峰市红山区人民政府关于印发《{d.title}》的通知"
        assert d.issuer == "赤峰市红山区人民政府"
        assert (d.issued_on, d.valid_from, d.valid_until) == (date(2024, 6, 12), date(2024, 6, 12), date(2026, 6, 11))
        assert d.validity_text in sources.clause("hq:5.2").text
        assert d.interpreter == "区商务和投资促进局"

    def test_used_car(self) -> None:
        d = sources.document("used-car")
        assert d.number == "赤红政字〔2024〕87号"
        assert d.title == "红山区推动二手车市场发展奖励措施"
        assert (d.issued_on, d.valid_from, d.valid_until) == (date(2024, 6, 23), date(2024, 6, 23), date(2025, 3, 31))
        assert d.validity_text in sources.clause("used-car:8").text
        assert d.interpreter == "红山区商务和投资促进局"
        assert _raw_json()["documents"][1]["number_raw"] == "赤红政字(2024)87号"  # type: ignore[index]

    def test_ebike(self) -> None:
        d = sources.document("ebike")
        assert d.number == "赤红政办发〔2024〕4号"
        assert d.issuer == "赤峰市红山区人民政府办公室"
        assert (d.issued_on, d.valid_from, d.valid_until) == (date(2024, 6, 17), date(2024, 6, 17), date(2025, 12, 31))
        assert "2025年12月底前" in d.validity_text
        assert d.interpreter is None

    def test_titles_match_title_clauses(self) -> None:
        for d in sources.documents():
            assert sources.clause(f"{d.id}:title").text == d.title
            assert sources.clause(f"{d.id}:notice").text.startswith(d.notice_title + "\n" + d.number)

    def test_source_title(self) -> None:
        source = _raw_json()["source"]
        assert isinstance(source, dict)
        assert source["title"] == "赤峰市红山区人民政府公报 2024年第3期(总第46期)"
        assert source["file"] == "000_afd177855dcd4b02.txt"


def test_failing_clauses_reports_every_failure() -> None:
    """The table-level helper names each clause whose check fails, not only the first."""

    def check(clause_id: str) -> None:
        assert not clause_id.startswith("used-car:"), "a used-car clause"

    failures = failing_clauses(check)
    assert set(failures) == {c for c in ALL_IDS if c.startswith("used-car:")}
    assert all(message.startswith("a used-car clause") for message in failures.values())
