"""One meaning of ``Decision.eligible``: what a recipient must repay is a ``Repayment`` with ``due``."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hongshan_policy import _json as J
from hongshan_policy import casefile, headquarters, used_car
from hongshan_policy.decisions import Decision, Reason, Repayment
from hongshan_policy.registry import DOCUMENTS, DecisionSpec

D = Decimal
REQUESTS = Path(__file__).resolve().parents[1] / "examples" / "requests"
REPAYMENTS = {
    ("used-car", "relocation_repayment"),
    ("used-car", "fraud_repayment"),
    ("hq", "land_clawback"),
    ("hq", "rent_clawback"),
}


def _request(spec: DecisionSpec) -> object:
    text = (REQUESTS / f"{spec.qualified_name}.json").read_text(encoding="utf-8")
    return spec.input_model.model_validate(json.loads(text))


def _held(held: bool) -> Reason:
    return Reason("used-car:6", held, "中", "en", "used-car:6/fraud-found")


class TestInvariant:
    def test_due_exactly_when_every_reason_held(self) -> None:
        """A repayment is due exactly when every reason held; a hand-built one that says otherwise is refused."""
        assert Repayment.decide("r", "z", "e", [_held(True)], D(5)).due
        assert not Repayment.decide("r", "z", "e", [_held(True), _held(False)], D(5)).due
        with pytest.raises(ValueError, match="due exactly when"):
            Repayment("r", "z", "e", True, D(5), (_held(False),))
        with pytest.raises(ValueError, match="due exactly when"):
            Repayment("r", "z", "e", False, D(0), (_held(True),))

    def test_amount_zero_when_not_due(self) -> None:
        """Not due: the amount is 0.00 whatever was asked; a hand-built one with an amount is refused."""
        assert Repayment.decide("r", "z", "e", [_held(False)], D(5)).amount == D("0.00")
        with pytest.raises(ValueError, match="0 when not due"):
            Repayment("r", "z", "e", False, D(5), (_held(False),))
        with pytest.raises(ValueError, match="whole fen"):
            Repayment("r", "z", "e", True, D("5.001"), (_held(True),))
        with pytest.raises(ValueError, match=">= 0"):
            Repayment("r", "z", "e", True, D(-1), (_held(True),))

    def test_rounded_to_the_fen_when_due(self) -> None:
        """decide rounds the amount to the fen, half up."""
        assert Repayment.decide("r", "z", "e", [_held(True)], D("1.005")).amount == D("1.01")


class TestTheFourRepayments:
    @pytest.mark.clause("used-car:7")
    def test_relocation(self) -> None:
        """第七条: moving away inside the period makes the whole reward due; staying makes nothing due."""
        moved = used_car.relocation_repayment(D("50000"), date(2024, 10, 15), date(2024, 12, 1))
        stayed = used_car.relocation_repayment(D("50000"), date(2024, 10, 15), None)
        assert isinstance(moved, Repayment)
        assert isinstance(stayed, Repayment)
        assert (moved.due, moved.amount) == (True, D("50000.00"))
        assert (stayed.due, stayed.amount) == (False, D("0.00"))
        assert not hasattr(moved, "eligible")

    @pytest.mark.clause("used-car:6")
    def test_fraud(self) -> None:
        """第六条: fraud found makes everything received due; none found, nothing."""
        assert used_car.fraud_repayment(D(100), fraud_found=True).due
        assert not used_car.fraud_repayment(D(100), fraud_found=False).due

    @pytest.mark.clause("hq:4.5")
    def test_land_clawback(self) -> None:
        """第四条(五): a failed evaluation makes all that was paid due."""
        failed = headquarters.land_clawback(D("7000000"), evaluation_passed=False)
        assert isinstance(failed, Repayment)
        assert (failed.due, failed.amount) == (True, D("7000000.00"))
        assert not headquarters.land_clawback(D("7000000"), evaluation_passed=True).due

    @pytest.mark.clause("hq:3.2.2")
    def test_rent_clawback(self) -> None:
        """第三条(二)2: tax short of the subsidy makes the difference due; tax equal to it, nothing."""
        short = headquarters.rent_clawback(
            D(3_000_000), D(1_000_000), left_or_deregistered=False, agreement_fully_performed=True
        )
        equal = headquarters.rent_clawback(
            D(3_000_000), D(3_000_000), left_or_deregistered=False, agreement_fully_performed=True
        )
        assert isinstance(short, Repayment)
        assert (short.due, short.amount) == (True, D("2000000.00"))
        assert (equal.due, equal.amount) == (False, D("0.00"))


class TestRendering:
    def test_text_says_due_or_not(self) -> None:
        """The text headline says 应返还 / repayment due, or 无需返还 / nothing to repay, with the amount."""
        due = str(used_car.fraud_repayment(D(100), fraud_found=True))
        assert "应返还 / repayment due, ¥100.00" in due
        assert "✓ [used-car:6]" in due
        assert "无需返还 / nothing to repay" in str(used_car.fraud_repayment(D(100), fraud_found=False))
        assert "符合" not in due
        assert "eligible" not in due

    def test_html_escapes_and_says_due(self) -> None:
        """The notebook HTML carries the verdict and escapes every text."""
        page = Repayment.decide("r", "<b>", "t", [Reason("hq:4.5", True, "<i>", "x", "hq:4.5/k")], D(1))._repr_html_()
        assert "应返还" in page
        assert "repayment due" in page
        assert "<b>" not in page
        assert "&lt;b&gt;" in page
        assert "&lt;i&gt;" in page

    def test_json_round_trip(self) -> None:
        """The JSON has ``due`` (no ``eligible``), validates against RepaymentJSON and reads back equal."""
        repayment = headquarters.rent_clawback(
            D(3_000_000), D(1_000_000), left_or_deregistered=True, agreement_fully_performed=False
        )
        data = repayment.to_dict()
        assert data["due"] is True
        assert "eligible" not in data
        assert data["schema_version"] == J.SCHEMA_VERSION == "3.0.0"
        assert data["amount"] == "2000000.00"
        J.RepaymentJSON.model_validate(data)
        assert Repayment.from_json(repayment.to_json()) == repayment

    def test_json_of_another_major_refused(self) -> None:
        """A repayment written under 2.x (a decision with ``eligible``) or 4.x is not read."""
        repayment = used_car.fraud_repayment(D(100), fraud_found=True)
        with pytest.raises(ValueError, match="schema_version"):
            Repayment.from_json(json.dumps(repayment.to_dict() | {"schema_version": "4.0.0"}))
        old = {k: v for k, v in repayment.to_dict().items() if k != "due"} | {
            "eligible": True,
            "schema_version": "2.2.0",
        }
        with pytest.raises(ValueError, match="due"):
            Repayment.from_json(json.dumps(old))


class TestOneMeaningOfEligible:
    @pytest.mark.parametrize(
        "spec",
        [s for d in DOCUMENTS.values() for s in d.decisions.values()],
        ids=lambda s: s.qualified_name,
    )
    def test_every_registered_result_has_its_own_type(self, spec: DecisionSpec) -> None:
        """The four repayments answer a Repayment (RepaymentJSON); everything answering DecisionJSON is a Decision."""
        if (spec.document, spec.name) in REPAYMENTS:
            assert spec.output_model is J.RepaymentJSON
            assert isinstance(spec.run(_request(spec)), Repayment)
        elif spec.output_model is J.DecisionJSON:
            assert isinstance(spec.run(_request(spec)), Decision)

    def test_no_decision_is_a_repayment(self) -> None:
        """Every rule producing a Decision is named for a reward, a subsidy or an eligibility, never a repayment."""
        rules = {spec.function.__name__ for d in DOCUMENTS.values() for spec in d.decisions.values()}
        decision_rules = {
            name for d in DOCUMENTS.values() for name, s in d.decisions.items() if s.output_model is J.DecisionJSON
        }
        assert decision_rules <= rules
        assert not any("repay" in n or "clawback" in n for n in decision_rules)


class TestCaseFiles:
    def test_a_case_expects_due(self) -> None:
        """A worked case checks ``due`` of a repayment; ``eligible`` is refused with a hint to write ``due``."""
        repayment = used_car.fraud_repayment(D(100), fraud_found=True)
        casefile.check("case", repayment, {"due": True, "amount": "100.00", "failed": []})
        with pytest.raises(casefile.CaseMismatchError):
            casefile.check("case", repayment, {"due": False})
        with pytest.raises(casefile.MalformedCaseError, match="write `due`"):
            casefile.check("case", repayment, {"eligible": True})
        casefile.check("case", repayment, {"mentions": ["收缴全部奖励资金"]})
