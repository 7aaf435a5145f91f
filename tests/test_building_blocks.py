"""Tests of the shared building blocks: money, comparison words, decisions, credit codes, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, getcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from hongshan_policy.comparisons import WORDS, holds
from hongshan_policy.credit_code import ALPHABET, check_character, validate_credit_code
from hongshan_policy.dates import month_end, months_after, zh_date
from hongshan_policy.decisions import Decision, Note, Reason
from hongshan_policy.money import Money, Ratio, fmt_percent, fmt_wan, fmt_yuan, round_fen

D = Decimal


class TestMoney:
    @pytest.mark.parametrize(
        ("raw", "rounded"),
        [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01"), ("60000.00006", "60000.00")],
    )
    def test_round_fen_is_half_up(self, raw: str, rounded: str) -> None:
        """Rounding to the fen is ROUND_HALF_UP (away from zero at exactly half)."""
        assert round_fen(D(raw)) == D(rounded)

    def test_round_fen_leaves_the_global_context_alone(self) -> None:
        """The global decimal context is never touched."""
        before = getcontext().copy()
        round_fen(D("1.005"))
        assert getcontext().rounding == before.rounding
        assert getcontext().prec == before.prec

    def test_formats(self) -> None:
        """Yuan with the ¥ sign and fen; 万元 as the text writes it, or with decimals for figures."""
        assert fmt_yuan(D(50000)) == "¥50,000.00"
        assert fmt_wan(D(50000)) == "5万元"
        assert fmt_wan(D(210000)) == "21万元"
        assert fmt_wan(D("350000.00")) == "35万元"
        assert fmt_wan(D(10_000_000), figure=True) == "1,000.00万元"
        assert fmt_wan(D("10000000.01"), figure=True) == "1,000.000001万元"
        assert fmt_percent(D("0.006")) == "0.6%"
        assert fmt_percent(D("0.25")) == "25%"

    @pytest.mark.parametrize("bad", ["-1", "NaN", "sNaN", "Infinity", "-Infinity", "0.001", True, None, [1]])
    def test_money_refuses(self, bad: object) -> None:
        """Negative, NaN, infinite, over-precise, boolean or non-numeric amounts are refused."""
        with pytest.raises(ValidationError):
            TypeAdapter(Money).validate_python(bad)

    @pytest.mark.parametrize(
        ("good", "value"), [(5, "5"), ("1,000.50", "1000.50"), ("０.１", "0.1"), (D("2.50"), "2.50")]
    )
    def test_money_accepts(self, good: object, value: str) -> None:
        """int, str (with thousands separators), exact floats and Decimal are accepted exactly."""
        assert TypeAdapter(Money).validate_python(good) == D(value)

    def test_ratio_is_a_share(self) -> None:
        """A ratio is between 0 and 1: 70% is written 0.7, and 70 is refused."""
        assert TypeAdapter(Ratio).validate_python("0.7") == D("0.7")
        with pytest.raises(ValidationError, match=r"0\.7"):
            TypeAdapter(Ratio).validate_python(70)


class TestComparisonWords:
    """Each word of the table below, at and above its number (《民法典》第一千二百五十九条)."""

    @pytest.mark.parametrize(
        ("word", "below", "at", "above"),
        [
            ("以上", False, True, True),
            ("及以上", False, True, True),
            ("不低于", False, True, True),
            ("达到", False, True, True),
            ("(不含)", False, False, True),
            ("超过", False, False, True),
            ("以下", True, True, False),
            ("以内", True, True, False),
            ("不超过", True, True, False),
            ("最高", True, True, False),
            ("不满", True, False, False),
            ("少于", True, False, False),
            ("低于", True, False, False),
        ],
    )
    def test_numbers(self, word: str, below: bool, at: bool, above: bool) -> None:
        """The word includes or excludes the number as the table says."""
        assert holds(D("99.99"), word, D(100)) is below
        assert holds(D(100), word, D(100)) is at
        assert holds(D("100.01"), word, D(100)) is above

    @pytest.mark.parametrize(
        ("word", "before", "on", "after"),
        [("以后", False, True, True), ("前", True, True, False), ("至", True, True, False), ("起", False, True, True)],
    )
    def test_dates(self, word: str, before: bool, on: bool, after: bool) -> None:
        """「以后」 and 「前」 include the named day."""
        assert holds(date(2023, 10, 30), word, date(2023, 10, 31)) is before
        assert holds(date(2023, 10, 31), word, date(2023, 10, 31)) is on
        assert holds(date(2023, 11, 1), word, date(2023, 10, 31)) is after

    def test_every_word_is_tested(self) -> None:
        """No word in the table escapes the tests above."""
        tested = {
            "以上",
            "及以上",
            "不低于",
            "达到",
            "(不含)",
            "超过",
            "以下",
            "以内",
            "不超过",
            "最高",
            "不满",
            "少于",
            "低于",
        }
        tested |= {"以后", "前", "至", "起", "内", "底前", "届满"}
        assert set(WORDS) <= tested

    def test_unknown_word(self) -> None:
        """A rule cannot use a word the table does not define."""
        with pytest.raises(KeyError):
            holds(1, "大约", 1)


class TestDecision:
    def test_eligible_exactly_when_all_held(self) -> None:
        """decide() sets eligible from the reasons and zeroes the amount when one failed."""
        ok = Decision.decide("r", "规则", "rule", [Reason("used-car:2", True, "是", "yes")], D("1.005"))
        assert ok.eligible
        assert ok.amount == D("1.01")
        no = Decision.decide("r", "规则", "rule", [Reason("used-car:2", False, "否", "no")], D(5))
        assert not no.eligible
        assert no.amount == D("0.00")
        assert no.first_failed_clause == "used-car:2"

    def test_inconsistent_decision_is_refused(self) -> None:
        """A decision cannot claim eligibility with a failed reason, a fraction of a fen, or money when refused."""
        failed = (Reason("used-car:2", False, "否", "no"),)
        with pytest.raises(ValueError, match="eligible"):
            Decision("r", "规则", "rule", True, D(1), failed)
        with pytest.raises(ValueError, match="fen"):
            Decision("r", "规则", "rule", True, D("1.001"), ())
        with pytest.raises(ValueError, match="not eligible"):
            Decision("r", "规则", "rule", False, D(1), failed)

    def test_display_and_json(self) -> None:
        """Text, HTML and JSON show the reasons and the warning; JSON round-trips."""
        decision = Decision.decide(
            "r",
            "规则",
            "rule",
            [Reason("used-car:2", True, "条件<成立>", "holds")],
            D(5),
            [Note("used-car:8", "注意", "note")],
        )
        assert "✓ [used-car:2] 条件<成立>" in str(decision)
        assert "! [used-car:8] 注意" in str(decision)
        assert "条件&lt;成立&gt;" in decision._repr_html_()
        assert Decision.from_json(decision.to_json()) == decision
        assert decision.to_dict()["amount"] == "5.00"
        assert decision.clauses == ("used-car:2", "used-car:8")


class TestCreditCode:
    @pytest.mark.parametrize("code", ["91110108551385082Q", "91330100799655058B", "91440300708461136T"])
    def test_published_codes_verify(self, code: str) -> None:
        """Codes printed on real business licences verify."""
        assert validate_credit_code(code) == code

    @pytest.mark.parametrize(
        ("code", "words"),
        [
            ("91110108551385082", "18位"),
            ("91110108551385082R", "校验码"),
            ("9111010855138508IQ", "I"),
            ("91AB0108551385082Q", "行政区划"),
        ],
    )
    def test_wrong_codes(self, code: str, words: str) -> None:
        """Wrong length, check character, letters outside the set, or a non-numeric division code."""
        with pytest.raises(ValueError, match=words):
            validate_credit_code(code)

    @given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
    def test_check_character_round_trip(self, body: str) -> None:
        """Any 17 characters plus their check character verify, and any other last character does not."""
        if not body[2:8].isdigit():
            body = body[:2] + "150402" + body[8:]
        code = body + check_character(body)
        assert validate_credit_code(code.lower()) == code
        wrong = ALPHABET[(ALPHABET.index(code[-1]) + 1) % 31]
        with pytest.raises(ValueError, match="校验码"):
            validate_credit_code(body + wrong)


class TestDates:
    def test_months_after(self) -> None:
        """A month period ends on the corresponding day, or the month's last day (民法典第二百零一条)."""
        assert months_after(date(2025, 3, 10), 12) == date(2026, 3, 10)
        assert months_after(date(2024, 2, 29), 12) == date(2025, 2, 28)
        assert months_after(date(2024, 1, 31), 1) == date(2024, 2, 29)

    def test_month_end_and_chinese(self) -> None:
        """「2024年8月底」 is 31 August; dates read in Chinese without leading zeros."""
        assert month_end(2024, 8) == date(2024, 8, 31)
        assert month_end(2024, 2) == date(2024, 2, 29)
        assert zh_date(date(2024, 6, 2)) == "2024年6月2日"
