"""The registry of documents: every document, its parameters and every public decision, each runnable from JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pytest

import hongshan_policy
from hongshan_policy import ebike, headquarters, sources, used_car
from hongshan_policy.citations import clauses_of
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import OutsideValidityError
from hongshan_policy.registry import DOCUMENTS, DecisionSpec

REQUESTS = Path(__file__).resolve().parents[1] / "examples" / "requests"
SPECS = [spec for document in DOCUMENTS.values() for spec in document.decisions.values()]


def _request(spec: DecisionSpec) -> object:
    text = (REQUESTS / f"{spec.qualified_name}.json").read_text(encoding="utf-8")
    return spec.input_model.model_validate(json.loads(text))


class TestDocuments:
    def test_three_documents_read_only(self) -> None:
        """DOCUMENTS holds used-car, hq and ebike and cannot be changed."""
        assert list(DOCUMENTS) == ["used-car", "hq", "ebike"]
        assert isinstance(DOCUMENTS, MappingProxyType)
        with pytest.raises(TypeError):
            DOCUMENTS["x"] = DOCUMENTS["hq"]  # type: ignore[index]
        assert all(isinstance(d.decisions, MappingProxyType) for d in DOCUMENTS.values())

    def test_lazy_from_the_package(self) -> None:
        """hongshan_policy.DOCUMENTS is the registry's mapping; an unknown attribute still raises."""
        assert hongshan_policy.DOCUMENTS is DOCUMENTS
        with pytest.raises(AttributeError):
            _ = hongshan_policy.NOT_THERE  # type: ignore[attr-defined]

    def test_metadata_from_the_text(self) -> None:
        """Numbers and titles are the gazette's; clauses are the document's own."""
        assert DOCUMENTS["used-car"].number == "赤红政字〔2024〕87号"
        assert DOCUMENTS["hq"].number == "赤红政字〔2024〕79号"
        assert DOCUMENTS["ebike"].number == "赤红政办发〔2024〕4号"
        for doc in DOCUMENTS.values():
            assert doc.title == sources.document(doc.id).title
            assert doc.clauses
            assert all(c.document == doc.id for c in doc.clauses)

    @pytest.mark.clause("used-car:8")
    def test_parameters_on_a_day_of_validity(self) -> None:
        """87号: the parameters are in force from 2024-06-23 to 2025-03-31, both included, and nowhere else."""
        doc = DOCUMENTS["used-car"]
        assert doc.parameters is used_car.UsedCarParameters
        assert doc.parameters_on(date(2024, 6, 23)) == used_car.DEFAULTS
        assert doc.parameters_on(date(2025, 3, 31)) == used_car.DEFAULTS
        for outside in (date(2024, 6, 22), date(2025, 4, 1)):
            with pytest.raises(OutsideValidityError) as caught:
                doc.parameters_on(outside)
            assert caught.value.field == "on"

    def test_parameter_classes(self) -> None:
        """Each document names its parameter class and its defaults."""
        assert DOCUMENTS["hq"].parameters_on(date(2026, 6, 11)) == headquarters.DEFAULTS
        assert DOCUMENTS["ebike"].parameters_on(date(2024, 6, 17)) == ebike.DEFAULTS
        with pytest.raises(OutsideValidityError):
            DOCUMENTS["ebike"].parameters_on(date(2024, 6, 16))


class TestDecisions:
    def test_every_public_rule_is_registered(self) -> None:
        """Every function of a document's __all__ that cites a clause is a decision of that document."""
        for doc, module in (("used-car", used_car), ("hq", headquarters), ("ebike", ebike)):
            registered = {spec.function for spec in DOCUMENTS[doc].decisions.values()}
            cited = {getattr(module, n) for n in module.__all__ if callable(getattr(module, n))}
            cited = {f for f in cited if clauses_of(f)} - {ebike.milestones}
            assert cited <= registered, cited - registered

    @pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.qualified_name)
    def test_spec_is_complete(self, spec: DecisionSpec) -> None:
        """A decision has summaries in both languages and cites clauses that exist."""
        assert spec.summary_zh
        assert spec.summary_en
        assert spec.input_model is not None
        assert spec.clauses
        assert all(sources.exists(c) for c in spec.clauses)

    @pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.qualified_name)
    def test_example_request_answers_in_its_shape(self, spec: DecisionSpec) -> None:
        """The example request of each decision runs, and its answer validates against the output shape."""
        answer = spec.answer(_request(spec))
        if spec.output_model is None:
            assert isinstance(answer, str)
            assert answer
        else:
            assert answer["schema_version"] == hongshan_policy._json.SCHEMA_VERSION
            assert spec.output_model.model_validate(answer).model_dump(mode="json", exclude_none=False) is not None

    def test_answer_is_the_functions_result(self) -> None:
        """The scale-reward spec gives exactly what used_car.scale_reward gives."""
        spec = DOCUMENTS["used-car"].decisions["scale_reward"]
        request = _request(spec)
        direct = used_car.scale_reward(request.dealer, request.revenue_jan_to_jul, request.applied_on)  # type: ignore[attr-defined]
        assert spec.answer(request) == direct.to_dict()

    def test_columnar_and_explainers_resolve_lazily(self) -> None:
        """Columnar evaluators and explainers name real functions of batch and explain."""
        for spec in SPECS:
            for lazy in (spec.columnar, spec.explainer):
                if lazy is not None:
                    assert callable(lazy.resolve())  # type: ignore[attr-defined]
        assert {s.qualified_name for s in SPECS if s.columnar} == {
            "used-car.assess",
            "hq.land_subsidy",
            "hq.rent_subsidy_schedule",
        }


class TestVersionedJSON:
    def test_decision_round_trips_with_its_version(self) -> None:
        """A decision's JSON carries schema_version 3.0.0 and reads back equal."""
        spec = DOCUMENTS["used-car"].decisions["growth_reward"]
        decision = spec.run(_request(spec))
        data = json.loads(decision.to_json())
        assert data["schema_version"] == "3.0.0"
        assert Decision.from_json(decision.to_json()) == decision

    def test_another_major_version_is_refused(self) -> None:
        """A decision written under schema 4.x (or 2.x) is not read as if it were 3.x."""
        spec = DOCUMENTS["used-car"].decisions["growth_reward"]
        for other in ("4.0.0", "2.2.0"):
            data = spec.answer(_request(spec)) | {"schema_version": other}
            with pytest.raises(ValueError, match="schema_version"):
                Decision.from_json(json.dumps(data))

    def test_amounts_are_strings_and_dates_iso(self) -> None:
        """Amounts are exact strings with two decimals; dates are ISO 8601."""
        answer = (
            DOCUMENTS["hq"]
            .decisions["rent_subsidy_schedule"]
            .answer(_request(DOCUMENTS["hq"].decisions["rent_subsidy_schedule"]))
        )
        first = answer["schedule"][0]
        assert first["amount"] == first["decision"]["amount"]
        assert first["amount"].endswith(".00")
        assert date.fromisoformat(first["first_day"]) == date(2024, 9, 1)
