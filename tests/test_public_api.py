"""The public API is one shape for the three documents (issue 10, item 7)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import builders
from hongshan_policy import ebike, used_car
from hongshan_policy import headquarters as hq

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("module", [used_car, hq, ebike], ids=["used-car", "hq", "ebike"])
def test_each_document_exports_the_same_names(module: object) -> None:
    """Application (a pydantic model with a JSON Schema), assess, assess_many and DEFAULTS in every document."""
    names = set(module.__all__)  # type: ignore[attr-defined]
    assert {"Application", "DEFAULTS", "assess", "assess_many"} <= names
    application = module.Application  # type: ignore[attr-defined]
    assert issubclass(application, BaseModel)
    assert application.model_json_schema()["title"] == "Application"


def test_hq_application_is_a_model() -> None:
    """headquarters.Application validates a dict into the land or rent application it names."""
    app = hq.Application.model_validate(
        {"policy": "hq-rent", "enterprise": builders.ENTERPRISE, "lease": builders.LEASE}
    )
    assert isinstance(app.root, hq.RentApplication)
    assert hq.assess(app) == hq.assess(app.root)
    with pytest.raises(ValidationError):
        hq.Application.model_validate({"policy": "hq-other"})


def test_hq_assess_many_assesses_in_order() -> None:
    """headquarters.assess_many gives one assessment per application, in order."""
    rent = {"policy": "hq-rent", "enterprise": builders.ENTERPRISE, "lease": builders.LEASE}
    results = hq.assess_many([rent, hq.Application.model_validate(rent)])
    assert [r.total for r in results] == [hq.assess(rent).total] * 2


class TestEbikeAssess:
    """For 4号, to assess is to inspect one record on a day."""

    def test_a_vehicle(self) -> None:
        """assess({"kind": "vehicle", …}) is inspect_vehicle of the record on the day."""
        record = json.loads((EXAMPLES / "ebike" / "vehicle.json").read_text(encoding="utf-8"))
        day = date(2024, 11, 1)
        result = ebike.assess({"kind": "vehicle", "record": record, "inspected_on": day.isoformat()})
        assert result == ebike.inspect_vehicle(record, day)

    def test_many_in_order(self) -> None:
        """assess_many inspects each record in order."""
        vehicle = json.loads((EXAMPLES / "ebike" / "vehicle.json").read_text(encoding="utf-8"))
        dealer = json.loads((EXAMPLES / "ebike" / "dealer.json").read_text(encoding="utf-8"))
        day = date(2024, 11, 1)
        results = ebike.assess_many(
            [
                {"kind": "vehicle", "record": vehicle, "inspected_on": day},
                ebike.Application(kind="dealer", record=dealer, inspected_on=day),
            ]
        )
        assert results == [ebike.inspect_vehicle(vehicle, day), ebike.inspect_dealer(dealer, day)]

    def test_an_unknown_kind_is_refused(self) -> None:
        """A kind 4号 has no inspection for is a validation error naming ``kind``."""
        with pytest.raises(ValidationError, match="kind"):
            ebike.Application.model_validate({"kind": "boat", "record": {}, "inspected_on": "2024-11-01"})


BATCH_FRAME_API = {
    "HQ_LAND_FIELDS",
    "HQ_RENT_FIELDS",
    "PASS_THROUGH",
    "POLICIES",
    "RESULT_HEADERS",
    "USED_CAR_FIELDS",
    "USED_CAR_RESULTS",
    "InputField",
    "RewardSummary",
    "Summary",
    "evaluate",
    "hq_land_frame",
    "hq_land_results",
    "hq_rent_frame",
    "hq_rent_results",
    "read_table",
    "summarize",
    "summarize_partitions",
    "synthetic_register",
    "used_car_frame",
    "write_table",
}


def test_batch_exports_the_frame_api_only() -> None:
    """batch.__all__ is the frame API (docs/batch.md); each name resolves; the internals are not re-exported."""
    from hongshan_policy import batch

    assert set(batch.__all__) == BATCH_FRAME_API
    for name in batch.__all__:
        assert getattr(batch, name) is not None, name
    for internal in ("dealer_kernel", "UsedCarIntegers", "day_number", "run_batch", "add_batch_parser", "CLAUSES"):
        assert not hasattr(batch, internal), internal
        assert internal not in dir(batch), internal


def test_batch_policies_are_the_registrys() -> None:
    """batch.POLICIES has the registry's register policies, each with its decision's columnar evaluator."""
    from hongshan_policy import batch
    from hongshan_policy.registry import POLICIES

    assert tuple(batch.POLICIES) == tuple(POLICIES)
    for policy, spec in POLICIES.items():
        assert spec.columnar is not None
        assert batch.POLICIES[policy] is spec.columnar.resolve()
