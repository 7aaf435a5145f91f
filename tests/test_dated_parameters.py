"""Dated parameters (issue 10, item 5) and reproducible decisions (item 6): the amendment drill's dated half."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest

from builders import DEALER, deal, enterprise, lease, project
from hongshan_policy import DOCUMENTS, __version__, batch, used_car
from hongshan_policy import headquarters as hq
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import InvalidInputError
from hongshan_policy.headquarters import _parameters as hq_parameters
from hongshan_policy.parameters import Dated, Timeline, digest
from hongshan_policy.sources import text_digest
from hongshan_policy.used_car import _parameters as uc_parameters

AMENDMENT = "赤红政字〔2025〕1号(演练 drill)"
LOWER_CAP = Decimal(300_000)
FROM_2025 = date(2025, 1, 1)


def growth_application(applied_on: date) -> dict[str, Any]:
    """A dealer whose 2024 revenue of 6000万 gives 0.7% = 42万, above either cap."""
    return {"dealer": DEALER, "revenue_2024": "60000000", "growth_applied_on": applied_on}


@pytest.fixture
def amended(monkeypatch: pytest.MonkeyPatch) -> Timeline[used_car.UsedCarParameters]:
    """87号 with the growth cap lowered to 30万 from 2025-01-01 (a test-only amendment)."""
    timeline = used_car.TIMELINE.amend("growth_cap", FROM_2025, LOWER_CAP, AMENDMENT)
    monkeypatch.setattr(uc_parameters, "TIMELINE", timeline)
    return timeline


class TestTimeline:
    """A timeline keeps the text's values and adds dated ones; it never overwrites."""

    def test_the_text_values_are_the_defaults(self) -> None:
        """With no amendment the set in force on any day is DEFAULTS, the text's values."""
        assert used_car.TIMELINE.base is used_car.DEFAULTS
        assert used_car.TIMELINE.changes == ()
        assert used_car.TIMELINE.on(date(2024, 6, 23)) is used_car.DEFAULTS
        assert hq.TIMELINE.on(date(2025, 6, 1)) is hq.DEFAULTS

    def test_a_dated_value_applies_from_its_day_on(self) -> None:
        """The day before ``since`` has the old value; ``since`` itself and later the new."""
        timeline = Timeline(used_car.DEFAULTS, {"growth_cap": [Dated(FROM_2025, LOWER_CAP, AMENDMENT)]})
        assert timeline.on(date(2024, 12, 31)).growth_cap == Decimal(350_000)
        assert timeline.on(FROM_2025).growth_cap == LOWER_CAP
        assert timeline.on(date(2025, 3, 31)).growth_cap == LOWER_CAP
        assert timeline.on(None) is used_car.DEFAULTS

    def test_two_amendments_of_one_parameter_follow_each_other(self) -> None:
        """A second amendment adds a later date; the first stays in force between the two."""
        timeline = used_car.TIMELINE.amend("growth_cap", FROM_2025, LOWER_CAP, AMENDMENT).amend(
            "growth_cap", date(2025, 3, 1), Decimal(250_000), "second"
        )
        assert [timeline.on(d).growth_cap for d in (date(2024, 12, 31), FROM_2025, date(2025, 3, 1))] == [
            Decimal(350_000),
            LOWER_CAP,
            Decimal(250_000),
        ]
        assert timeline.sources_on(date(2025, 2, 1))["growth_cap"] == AMENDMENT
        assert timeline.sources_on(date(2024, 2, 1))["growth_cap"] == "used-car:3.2"

    def test_an_amendment_never_overwrites(self) -> None:
        """A second value for the same parameter and day is refused."""
        timeline = used_car.TIMELINE.amend("growth_cap", FROM_2025, LOWER_CAP, AMENDMENT)
        with pytest.raises(InvalidInputError, match="never overwrites"):
            timeline.amend("growth_cap", FROM_2025, Decimal(1), "again")

    def test_an_unknown_parameter_is_refused(self) -> None:
        """A dated value for a name the document has not is an error naming it."""
        with pytest.raises(InvalidInputError, match="growth_kap"):
            used_car.TIMELINE.amend("growth_kap", FROM_2025, LOWER_CAP, AMENDMENT)

    def test_a_dated_value_is_validated(self) -> None:
        """A value of the wrong type is refused when the timeline is built."""
        with pytest.raises(ValueError, match="growth_cap"):
            used_car.TIMELINE.amend("growth_cap", FROM_2025, "a lot", AMENDMENT)


class TestAmendmentDrill:
    """The growth cap lowered from 2025-01-01: a 2024 application keeps 35万, a 2025 one gets 30万."""

    def test_scalar_assess(self, amended: Timeline[used_car.UsedCarParameters]) -> None:
        """used_car.assess decides each application with the set in force on its own date."""
        old = used_car.assess(growth_application(date(2024, 12, 31))).growth
        new = used_car.assess(growth_application(date(2025, 1, 2))).growth
        assert old is not None
        assert new is not None
        assert old.amount == Decimal("350000.00")
        assert new.amount == Decimal("300000.00")
        assert old.provenance is not None
        assert new.provenance is not None
        assert old.provenance.parameters == digest(used_car.DEFAULTS)
        assert new.provenance.parameters == digest(amended.on(FROM_2025))

    def test_the_rule_function(self, amended: Timeline[used_car.UsedCarParameters]) -> None:
        """growth_reward reads the same timeline; params= still overrides it."""
        dealer = used_car.Dealer.model_validate(DEALER)
        revenue = Decimal(60_000_000)
        assert used_car.growth_reward(dealer, revenue, applied_on=date(2025, 1, 2)).amount == LOWER_CAP
        assert used_car.growth_reward(dealer, revenue, applied_on=date(2024, 12, 31)).amount == Decimal(350_000)
        forced = used_car.growth_reward(dealer, revenue, applied_on=date(2025, 1, 2), params=used_car.DEFAULTS)
        assert forced.amount == Decimal(350_000)

    def test_the_columnar_batch(self, amended: Timeline[used_car.UsedCarParameters]) -> None:
        """used_car_frame gives each row the set in force on its application date, as assess does."""
        days = [date(2024, 12, 31), date(2025, 1, 2), date(2025, 3, 31)]
        frame = pd.DataFrame([{**DEALER, "revenue_2024": "60000000", "growth_applied_on": d} for d in days])
        out = batch.used_car_frame(frame)
        assert [Decimal(str(v)) for v in out["growth_amount"]] == [Decimal(350_000), LOWER_CAP, LOWER_CAP]
        forced = batch.used_car_frame(frame, params=used_car.DEFAULTS)
        assert {Decimal(str(v)) for v in forced["growth_amount"]} == {Decimal(350_000)}

    def test_the_registry(self, amended: Timeline[used_car.UsedCarParameters]) -> None:
        """DOCUMENTS['used-car'].parameters_on(day) is the set in force that day."""
        doc = DOCUMENTS["used-car"]
        assert doc.parameters_on(date(2024, 12, 31)) == used_car.DEFAULTS
        assert doc.parameters_on(FROM_2025).growth_cap == LOWER_CAP  # type: ignore[attr-defined]

    def test_the_service_parameters_endpoint(self, amended: Timeline[used_car.UsedCarParameters]) -> None:
        """GET /v1/parameters/used-car?on= shows 35万 on 2024-12-31 and 30万 from 2025-01-01."""
        import asyncio

        import httpx

        from hongshan_policy import _service

        async def growth_caps() -> dict[str, Decimal]:
            caps = {}
            transport = httpx.ASGITransport(app=_service.create_app())
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                for on in ("2024-12-31", "2025-01-01"):
                    response = await client.get("/v1/parameters/used-car", params={"on": on})
                    assert response.status_code == 200, response.text
                    rows = {row["name"]: row["value"] for row in response.json()["parameters"]}
                    caps[on] = Decimal(rows["growth_cap"])
            return caps

        caps = asyncio.run(growth_caps())
        assert caps == {"2024-12-31": Decimal(350_000), "2025-01-01": LOWER_CAP}

    def test_without_the_amendment_nothing_changed(self) -> None:
        """The same 2025 application is decided with 35万 when no amendment is registered."""
        growth = used_car.assess(growth_application(date(2025, 1, 2))).growth
        assert growth is not None
        assert growth.amount == Decimal("350000.00")


class TestHeadquartersGoverningDate:
    """79号: the set in force on the day the contract was signed governs (第五条(一))."""

    def test_a_lease_keeps_the_terms_it_was_signed_under(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A rent cap lowered after the lease was signed does not reach it; a lease signed later has it."""
        amended = hq.TIMELINE.amend("rent_annual_cap", date(2024, 9, 1), Decimal(1_000), AMENDMENT)
        monkeypatch.setattr(hq_parameters, "TIMELINE", amended)
        before = hq.rent_subsidy(enterprise(), lease(signed_on="2024-08-01"), 1)
        after = hq.rent_subsidy(enterprise(), lease(signed_on="2024-09-01"), 1)
        assert before.amount > Decimal(1_000)
        assert after.amount == Decimal("1000.00")
        assert DOCUMENTS["hq"].parameters_on(date(2024, 9, 1)).rent_annual_cap == Decimal(1_000)  # type: ignore[attr-defined]

    def test_land_subsidy_reads_the_contract_date(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The land rate lowered after the contract was signed does not reach it."""
        signed = date.fromisoformat(str(deal().contract_signed_on))
        amended = hq.TIMELINE.amend("land_rate_max", date.fromordinal(signed.toordinal() + 1), Decimal("0.1"), "x")
        monkeypatch.setattr(hq_parameters, "TIMELINE", amended)
        kept = hq.land_subsidy(enterprise(), deal(), project())
        assert kept == hq.land_subsidy(enterprise(), deal(), project(), params=hq.DEFAULTS)


class TestProvenance:
    """Every decision says what produced it: library, document, parameters, text, calendar."""

    def test_the_fields(self) -> None:
        """A used-car decision names the library version, its document, the parameters' and the text's digests."""
        growth = used_car.assess(growth_application(date(2025, 1, 2))).growth
        assert growth is not None
        assert growth.provenance is not None
        made = growth.provenance
        assert (made.library, made.document) == (__version__, "used-car")
        assert made.parameters == digest(used_car.DEFAULTS)
        assert made.source == text_digest("used-car") != text_digest("hq")
        assert made.calendar is None  # no working-day figure in a reward decision

    def test_stable_when_nothing_changes(self) -> None:
        """The same application decided twice, or with an equal copy of the parameters, has the same provenance."""
        first = used_car.assess(growth_application(date(2025, 1, 2))).growth
        again = used_car.assess(
            growth_application(date(2025, 1, 2)), params=used_car.DEFAULTS.replace(growth_cap=Decimal(350_000))
        ).growth
        assert first is not None
        assert again is not None
        assert first.provenance == again.provenance

    def test_changes_when_a_parameter_changes(self) -> None:
        """A different value of one parameter gives a different parameters digest."""
        first = used_car.assess(growth_application(date(2025, 1, 2))).growth
        other = used_car.assess(
            growth_application(date(2025, 1, 2)), params=used_car.DEFAULTS.replace(growth_cap=Decimal(349_999))
        ).growth
        assert first is not None
        assert other is not None
        assert first.provenance
        assert other.provenance
        assert first.provenance.parameters != other.provenance.parameters
        assert (first.provenance.library, first.provenance.source) == (
            other.provenance.library,
            other.provenance.source,
        )

    def test_every_decision_of_both_documents_has_one(self) -> None:
        """Rewards, conditions and repayments of 87号 and 79号 all carry provenance of their own document."""
        dealer = used_car.Dealer.model_validate(DEALER)
        decisions: list[tuple[str, Decision]] = [
            ("used-car", used_car.scale_reward(dealer, Decimal(6_000_000), date(2024, 8, 1))),
            ("used-car", used_car.relocation_repayment(Decimal(1), date(2024, 9, 1), None)),
            ("used-car", used_car.fraud_repayment(Decimal(1), fraud_found=True)),
            ("hq", hq.hq_eligibility(enterprise(), deal())),
            ("hq", hq.land_subsidy(enterprise(), deal(), project())),
            ("hq", hq.land_clawback(Decimal(1), True)),
            ("hq", hq.rent_eligibility(enterprise(), lease())),
            ("hq", hq.rent_subsidy(enterprise(), lease(), 4)),
            (
                "hq",
                hq.rent_clawback(Decimal(1), Decimal(0), left_or_deregistered=True, agreement_fully_performed=False),
            ),
        ]
        for document, decision in decisions:
            assert decision.provenance is not None, decision.rule
            assert decision.provenance.document == document, decision.rule

    def test_in_the_json_and_back(self) -> None:
        """The JSON of a decision carries its provenance and reads back equal."""
        growth = used_car.assess(growth_application(date(2025, 1, 2))).growth
        assert growth is not None
        assert growth.provenance is not None
        data = json.loads(growth.to_json())
        assert data["provenance"]["parameters"] == growth.provenance.parameters
        assert data["provenance"]["library"] == __version__
        assert Decision.from_json(growth.to_json()) == growth

    def test_in_the_command_line_json(self, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
        """``hongshan-policy assess --json`` prints each decision's provenance."""
        from hongshan_policy import cli

        path = tmp_path / "application.json"
        body = {"policy": "used-car", **growth_application(date(2025, 1, 2))}
        path.write_text(json.dumps(body, default=str, ensure_ascii=False), encoding="utf-8")
        assert cli.main(["assess", str(path), "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["growth"]["provenance"]["document"] == "used-car"
        assert data["growth"]["provenance"]["parameters"] == digest(used_car.DEFAULTS)
