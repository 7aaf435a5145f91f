"""Scenarios and budget impact: overrides validated, totals equal to the scalar decisions, budget years, charts.

The scalar rules are the specification: the totals of :func:`scenarios.compare`
must equal the sum of the scalar decisions over the same register under the
same parameters, to the fen, and a scenario must never change what the scalar
functions decide for the text's own parameters.
"""

from __future__ import annotations

import sys
import warnings
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from hongshan_policy import batch, charts, scenarios, used_car
from hongshan_policy import headquarters as hq
from hongshan_policy.errors import InvalidInputError
from hongshan_policy.scenarios import BASELINE, Delta, Scenario, compare

matplotlib.use("Agg")

D = Decimal
CODE = "91150402MA0QUC015R"
UPPER_FROM_2500 = Scenario("0.7%档自2500万起", {"used-car": {"growth_upper_from": "25000000"}})
CAP_30 = Scenario("30万封顶", {"used-car": {"growth_cap": "300000"}})
RENT_CAP_250 = Scenario("租金每年上限250万", {"hq": {"rent_annual_cap": "2500000"}})


def used_car_rows(n: int = 300, seed: int = 5) -> list[dict[str, Any]]:
    """A synthetic register as Python rows (Decimal, date, bool, None)."""
    rows: list[dict[str, Any]] = batch.synthetic_register(n, seed=seed, backend="pyarrow").to_pylist()
    return rows


def assess(row: dict[str, Any], params: used_car.UsedCarParameters) -> used_car.Assessment:
    """The scalar assessment of one register row."""
    dealer = {name: row[name] for name in ("name", "credit_code", "registered_on", *list(row)[3:7])}
    application = {
        "dealer": dealer,
        **{k: row[k] for k in ("revenue_jan_to_jul", "applied_on", "revenue_2024", "growth_applied_on")},
    }
    return used_car.assess(application, params=params)


def present(row: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {name: row[name] for name in names if name in row and not pd.isna(row[name])}


ENTERPRISE = [f.name for f in batch.HQ_RENT_FIELDS[:13]]
LEASE = [f.name for f in batch.HQ_RENT_FIELDS[13:21]]


def rent_schedule(row: dict[str, Any], params: hq.HQParameters) -> tuple[hq.LeaseYear, ...]:
    enterprise = hq.Enterprise.model_validate(present(row, ENTERPRISE))
    lease = hq.Lease.model_validate(present(row, LEASE))
    return hq.rent_subsidy_schedule(enterprise, lease, params=params)


class TestScenario:
    """A scenario is a name and overrides per document, validated by the parameter models."""

    def test_overrides_give_the_parameters(self) -> None:
        """Each document's overrides are applied to the text's defaults; the other document keeps the text."""
        both = Scenario("both", {"used-car": {"growth_cap": 300_000}, "hq": {"rent_annual_cap": "2500000"}})
        assert both.used_car == used_car.DEFAULTS.replace(growth_cap=D(300_000))
        assert both.hq.rent_annual_cap == D(2_500_000)
        assert both.parameters("hq-rent") is both.parameters("hq-land") is both.hq
        assert CAP_30.hq == hq.DEFAULTS
        assert BASELINE.used_car == used_car.DEFAULTS

    def test_unknown_parameter_is_named(self) -> None:
        """An unknown name is refused, naming document.parameter and the closest known name."""
        with pytest.raises(InvalidInputError) as caught:
            Scenario("typo", {"used-car": {"growth_caps": "300000"}})
        assert caught.value.field == "used-car.growth_caps"
        assert "growth_cap?" in str(caught.value)
        with pytest.raises(InvalidInputError, match=r"hq\.rent_cap_per_year"):
            Scenario("typo", {"hq": {"rent_cap_per_year": "2500000"}})

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"growth_cap": "-1"}, "used-car.growth_cap"),
            ({"growth_cap": "300000.001"}, "used-car.growth_cap"),
            ({"growth_upper_rate": "7"}, "used-car.growth_upper_rate"),
            ({"valid_until": "2025-02-30"}, "used-car.valid_until"),
        ],
    )
    def test_invalid_value_is_named(self, overrides: dict[str, Any], field: str) -> None:
        """A value the parameter model refuses raises InvalidInputError naming the parameter."""
        with pytest.raises(InvalidInputError) as caught:
            Scenario("bad", {"used-car": overrides})
        assert caught.value.field == field
        assert field in str(caught.value)

    def test_incoherent_set_is_refused(self) -> None:
        """The models' own checks hold: the 0.7% tier cannot start below the 1000万 threshold."""
        with pytest.raises(InvalidInputError, match="growth_upper_from: must not be below"):
            Scenario("bad", {"used-car": {"growth_upper_from": "9000000"}})

    def test_unknown_document_is_refused(self) -> None:
        """Only the documents used-car and hq have parameters."""
        with pytest.raises(InvalidInputError, match="unknown document 'ebike'"):
            Scenario("bad", {"ebike": {"x": 1}})
        with pytest.raises(InvalidInputError, match="unknown policy"):
            CAP_30.parameters("ebike")

    def test_frozen(self) -> None:
        """A scenario and its overrides cannot be changed after validation."""
        with pytest.raises(AttributeError):
            CAP_30.name = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            CAP_30.overrides["used-car"]["growth_cap"] = 1  # type: ignore[index]

    def test_changes_list_the_clauses(self) -> None:
        """changes() shows each parameter set with its clause, the text's value and the scenario's."""
        (change,) = UPPER_FROM_2500.changes()
        assert (change.document, change.name, change.clause) == ("used-car", "growth_upper_from", "used-car:3.2")
        assert (change.default, change.value) == (D(30_000_000), D(25_000_000))
        assert "30,000,000 → 25,000,000" in str(UPPER_FROM_2500)

    def test_from_dict_round_trip(self) -> None:
        """to_dict() and from_dict() round-trip; unknown keys and a missing name are refused."""
        assert Scenario.from_dict(UPPER_FROM_2500.to_dict()) == UPPER_FROM_2500
        with pytest.raises(InvalidInputError, match="unknown keys"):
            Scenario.from_dict({"name": "x", "used_car": {}})
        with pytest.raises(InvalidInputError, match="needs a name"):
            Scenario.from_dict({"used-car": {}})


class TestToml:
    """Scenarios load from TOML files as docs/scenarios.md describes."""

    def test_documented_example(self, tmp_path: Path) -> None:
        """The example of docs/scenarios.md loads: name, description, [used-car] and [hq]."""
        path = tmp_path / "s.toml"
        path.write_text(
            'name = "0.7%档自2500万起"\n'
            'description = "较高档自2500万元起, 租金补贴每年不超过250万元"\n'
            "[used-car]\n"
            'growth_upper_from = "25000000"\n'
            "[hq]\n"
            'rent_annual_cap = "2500000"\n'
            "valid_until = 2026-12-31\n",
            encoding="utf-8",
        )
        scenario = Scenario.from_toml(path)
        assert scenario.name == "0.7%档自2500万起"
        assert scenario.used_car.growth_upper_from == D(25_000_000)
        assert scenario.hq.rent_annual_cap == D(2_500_000)
        assert scenario.hq.valid_until == date(2026, 12, 31)

    def test_docs_example_file_matches(self) -> None:
        """The TOML block of docs/scenarios.md is itself a valid scenario."""
        text = (Path(__file__).resolve().parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
        block = text.split("```toml\n", 1)[1].split("```", 1)[0]
        data = __import__("tomllib").loads(block)
        scenario = Scenario.from_dict(data)
        assert scenario.changes()

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gbk"])
    def test_any_encoding_of_the_file_reader(self, tmp_path: Path, encoding: str) -> None:
        """A scenario file saved as UTF-8 with a BOM, UTF-16 or GBK (Windows tools) reads like the UTF-8 one."""
        text = 'name = "租金补贴封顶250万"\n[hq]\nrent_annual_cap = "2500000"\n'
        path = tmp_path / "s.toml"
        path.write_text(text, encoding=encoding)
        if encoding == "gbk":
            with pytest.warns(UserWarning, match="GB18030"):
                scenario = Scenario.from_toml(path)
        else:
            scenario = Scenario.from_toml(path)
        assert scenario == Scenario.from_dict(__import__("tomllib").loads(text))
        assert scenario.name == "租金补贴封顶250万"

    def test_unreadable_files_are_input_errors(self, tmp_path: Path) -> None:
        """A missing file or one that is no text raises InvalidInputError naming the file."""
        with pytest.raises(InvalidInputError, match="cannot read the file"):
            Scenario.from_toml(tmp_path / "missing.toml")
        binary = tmp_path / "binary.toml"
        binary.write_bytes(b"name = \x00\xff")
        with pytest.raises(InvalidInputError, match=r"binary\.toml"):
            Scenario.from_toml(binary)

    def test_bad_toml_and_bad_names(self, tmp_path: Path) -> None:
        """Malformed TOML and an unknown parameter both raise InvalidInputError."""
        broken = tmp_path / "broken.toml"
        broken.write_text("name = \n", encoding="utf-8")
        with pytest.raises(InvalidInputError, match="not valid TOML"):
            Scenario.from_toml(broken)
        typo = tmp_path / "typo.toml"
        typo.write_text('name = "x"\n[hq]\nrent_cap_per_year = "2500000"\n', encoding="utf-8")
        with pytest.raises(InvalidInputError, match=r"unknown parameter hq\.rent_cap_per_year"):
            Scenario.from_toml(typo)


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
class TestUsedCarComparison:
    """87号 over a register: totals, rows and budget years equal the scalar decisions."""

    @pytest.mark.parametrize("scenario", [UPPER_FROM_2500, CAP_30], ids=["upper-from-2500", "cap-30"])
    def test_totals_equal_the_scalar_decisions(self, scenario: Scenario) -> None:
        """Per reward, per setting and per row, compare() adds up exactly what assess() decides."""
        rows = used_car_rows()
        frame = batch.synthetic_register(300, seed=5)
        comparison = compare(frame, None, scenario, policy="used-car")
        by_reward = comparison.summary.by_reward()
        for setting, params in (("baseline", used_car.DEFAULTS), ("scenario", scenario.used_car)):
            assessments = [assess(row, params) for row in rows]
            scale = sum((a.scale.amount for a in assessments if a.scale), D(0))
            growth = sum((a.growth.amount for a in assessments if a.growth), D(0))
            assert getattr(by_reward["used-car", "scale"], setting) == scale
            assert getattr(by_reward["used-car", "growth"], setting) == growth
            assert getattr(comparison.summary.total, setting) == scale + growth
            column = comparison.rows[f"{setting}_amount"].tolist()
            assert column == [a.total for a in assessments]
            positive = sum(1 for a in assessments if a.total > 0)
            assert getattr(comparison.summary.beneficiaries["used-car"], setting) == positive

    def test_budget_years(self) -> None:
        """Scale rewards fall in the year of application (2024); growth rewards in 2025 or a later application year."""
        rows = used_car_rows()
        comparison = compare(batch.synthetic_register(300, seed=5), None, CAP_30, policy="used-car")
        expected: dict[tuple[str, int], Decimal] = {}
        for row in rows:
            decided = assess(row, CAP_30.used_car)
            if decided.scale is not None and decided.scale.amount:
                key = ("scale", row["applied_on"].year)
                expected[key] = expected.get(key, D(0)) + decided.scale.amount
            if decided.growth is not None and decided.growth.amount:
                applied = row["growth_applied_on"]
                key = ("growth", max(2025, applied.year) if applied else 2025)
                expected[key] = expected.get(key, D(0)) + decided.growth.amount
        got = {(o.reward, o.budget_year): o.amount.scenario for o in comparison.summary.outlays}
        assert got == expected
        assert set(comparison.summary.by_year()) == {2024, 2025}

    def test_baseline_none_is_the_text(self) -> None:
        """baseline=None and baseline=BASELINE give the same comparison; the same scenario twice changes nothing."""
        frame = batch.synthetic_register(120, seed=9)
        one = compare(frame, None, CAP_30, policy="used-car")
        two = compare(frame, BASELINE, CAP_30, policy="used-car")
        assert one.summary == two.summary
        same = compare(frame, CAP_30, CAP_30, policy="used-car")
        assert same.summary.total.change == 0
        assert set(same.rows["change"].dropna()) == {"不变 unchanged"}
        assert len(same.changed()) == 0

    def test_a_scenario_never_changes_the_scalar_rules(self) -> None:
        """After scenarios are made and compared, the defaults and scalar decisions without params= are as before."""
        rows = used_car_rows(80, seed=11)
        before = [assess(row, used_car.DEFAULTS).to_dict() for row in rows]
        dealer = used_car.Dealer(
            name="甲",
            credit_code=CODE,
            registered_on=date(2024, 1, 5),
            registered_in_hongshan=True,
            independent_legal_person=True,
            independent_accounting=True,
            key_monitored=True,
        )
        growth_before = used_car.growth_reward(dealer, D(28_000_000)).to_dict()
        for scenario in (UPPER_FROM_2500, CAP_30, RENT_CAP_250):
            compare(batch.synthetic_register(80, seed=11), None, scenario, policy="used-car")
            compare(batch.synthetic_register(80, seed=11), scenario, BASELINE, policy="used-car")
        assert used_car.UsedCarParameters() == used_car.DEFAULTS
        assert hq.HQParameters() == hq.DEFAULTS
        assert [assess(row, used_car.DEFAULTS).to_dict() for row in rows] == before
        assert used_car.growth_reward(dealer, D(28_000_000)).to_dict() == growth_before
        assert used_car.growth_reward(dealer, D(28_000_000), params=UPPER_FROM_2500.used_car).amount == D(196_000)

    def test_row_differences(self) -> None:
        """Rows show both amounts, the difference, eligibility, the change and first failed clauses."""
        comparison = compare(batch.synthetic_register(300, seed=5), None, UPPER_FROM_2500, policy="used-car")
        rows = comparison.rows
        assert list(rows.columns) == list(scenarios.ROW_COLUMNS)
        assert (rows["difference"] == rows["scenario_amount"] - rows["baseline_amount"]).all()
        raised = rows[rows["change"] == "增加 raised"]
        assert len(raised) > 0
        assert raised["baseline_amount"].map(lambda a: a >= D(150_000)).all()  # 0.6% of 2500万 and above
        changed = comparison.changed()
        assert set(changed["change"]) == {"增加 raised"}
        assert len(changed) == len(raised)
        assert rows["row"].tolist() == list(range(300))
        assert rows["name"].iloc[0] == "赤峰红山第1号二手车经销有限公司"
        failed = rows.loc[rows["baseline_eligible"] == False, "baseline_first_failed_clause"]  # noqa: E712
        assert failed.map(lambda c: c.startswith("used-car:")).all()

    def test_error_rows(self) -> None:
        """A row failing validation has no amounts and no change, keeps its message, and is counted."""
        frame = batch.synthetic_register(10, seed=1)
        frame["credit_code"] = frame["credit_code"].astype(object)
        frame.loc[3, "credit_code"] = "123"
        comparison = compare(frame, None, CAP_30, policy="used-car")
        row = comparison.rows.iloc[3]
        assert pd.isna(row["baseline_amount"])
        assert pd.isna(row["change"])
        assert "credit_code" in row["error"]
        assert comparison.summary.errors == {"used-car": 1}

    @pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
    def test_frame_kinds(self, backend: str) -> None:
        """The rows come back as the kind of frame that went in, with exact decimals."""
        frame = batch.synthetic_register(50, seed=3, backend=backend)  # type: ignore[arg-type]
        comparison = compare(frame, None, CAP_30, policy="used-car")
        kind = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}[backend]
        assert isinstance(comparison.rows, kind)
        assert isinstance(comparison.changed(), kind)
        reference = compare(batch.synthetic_register(50, seed=3), None, CAP_30, policy="used-car")
        assert comparison.summary == reference.summary

    def test_chinese_headers(self) -> None:
        """A register with the form's Chinese headers compares the same, dates found under their headers."""
        fields = compare(batch.synthetic_register(100, seed=4), None, CAP_30, policy="used-car")
        chinese = compare(batch.synthetic_register(100, seed=4, headers="zh"), None, CAP_30, policy="used-car")
        assert chinese.summary == fields.summary
        assert chinese.rows["name"].tolist() == fields.rows["name"].tolist()

    def test_argument_errors(self) -> None:
        """A frame without a policy, an unknown policy, or a scenario that is not a Scenario is refused."""
        frame = batch.synthetic_register(5)
        with pytest.raises(InvalidInputError, match="policy="):
            compare(frame, None, CAP_30)
        with pytest.raises(InvalidInputError, match="unknown policy 'ebike'"):
            compare({"ebike": frame}, None, CAP_30)
        with pytest.raises(InvalidInputError, match="must be a Scenario"):
            compare(frame, None, {"used-car": {}}, policy="used-car")  # type: ignore[arg-type]


HQ_ROW: dict[str, Any] = {
    "name": "赤峰甲数字科技有限公司",
    "credit_code": CODE,
    "registered_on": date(2024, 7, 1),
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "serious_dishonesty_record": False,
    "hq_functions": True,
    "registered_capital": D(20_000_000),
    "industry_code": "I65",
    "business_form": "数字经济",
    "conforms_to_industrial_policy": True,
}


@pytest.mark.clause("hq:3.2.1")
class TestRentComparison:
    """79号 rent subsidy: each lease year's amount in the budget year in which that lease year ends."""

    def test_bundled_register_equals_the_scalar_schedule(self) -> None:
        """Over the bundled register, each budget year's total is the scalar schedule's, under both settings."""
        register = scenarios.example_register("hq-rent")
        comparison = compare(register, None, RENT_CAP_250, policy="hq-rent")
        for setting, params in (("baseline", hq.DEFAULTS), ("scenario", RENT_CAP_250.hq)):
            expected: dict[int, Decimal] = {}
            for row in register.to_dict("records"):
                for year in rent_schedule(row, params):
                    if year.decision.amount:
                        end = row["end"]
                        last = year.last_day if pd.isna(end) else min(year.last_day, date.fromisoformat(end))
                        expected[last.year] = expected.get(last.year, D(0)) + year.decision.amount
            got = {year: getattr(delta, setting) for year, delta in comparison.summary.by_year().items()}
            assert {y: a for y, a in got.items() if a} == expected
        assert comparison.summary.total.change < 0

    def test_lease_years_across_29_february_and_a_short_lease(self) -> None:
        """A lease from 2024-02-29 has year 1 end on 2025-02-27; a 3-year lease pays three budget years only."""
        rows = [
            {
                **HQ_ROW,
                "statistics_registered_on": date(2025, 1, 1),
                "signed_on": date(2024, 7, 1),
                "start": date(2024, 2, 29),
                "end": None,
                "floor_area_m2": D(10_000),
                "district": "东城片区",
                "agreed_rate": D("0.5"),
                "specialised_ratio": D("0.7"),
            },
            {
                **HQ_ROW,
                "statistics_registered_on": date(2025, 1, 1),
                "signed_on": date(2024, 10, 1),
                "start": date(2024, 10, 1),
                "end": date(2027, 9, 30),
                "floor_area_m2": D(10_000),
                "district": "东城片区",
                "agreed_rate": D("0.5"),
                "specialised_ratio": D("0.7"),
            },
        ]
        comparison = compare(pd.DataFrame(rows), None, RENT_CAP_250, policy="hq-rent")
        years = {year: delta.baseline for year, delta in comparison.summary.by_year().items()}
        # 10,000 m² × 0.5 yuan × days: lease 1 (from 2024-02-29) years end 2025-02-27, 2026-02-27, 2027-02-27,
        # 2028-02-28 (366 days, 50%), 2029-02-27 (50%); lease 2 ends with its third year on 2027-09-30.
        # Lease 1 was signed on 2024-07-01: its year 1 earns from then only (rent_days_from), 2024-07-01 to
        # 2025-02-27 = 242 days, 1,210,000.
        assert years == {
            2025: D(1_210_000) + D(1_825_000),
            2026: D(1_825_000) * 2,
            2027: D(1_825_000) * 2,
            2028: D(915_000),
            2029: D(912_500),
        }
        assert years == _scalar_years(rows)


def _scalar_years(rows: list[dict[str, Any]]) -> dict[int, Decimal]:
    expected: dict[int, Decimal] = {}
    for row in rows:
        for year in rent_schedule(row, hq.DEFAULTS):
            if year.decision.amount:
                last = year.last_day if row["end"] is None else min(year.last_day, row["end"])
                expected[last.year] = expected.get(last.year, D(0)) + year.decision.amount
    return dict(sorted(expected.items()))


LAND_ROW: dict[str, Any] = {
    **HQ_ROW,
    "contract_signed_on": date(2024, 7, 1),
    "new_project_in_hongshan": True,
    "reserve_price": D(40_000_000),
    "winning_price": D(60_000_000),
    "comprehensive_cost": D(45_000_000),
    "benchmark_price": None,
    "area_mu": D(2),
    "fixed_asset_investment": D(30_000_000),
    "same_entity": True,
    "land_use_changed": False,
    "above_ground_floor_area": D(20_000),
    "self_held_floor_area": D(12_000),
    "commercial_apartment_floor_area": None,
    "completed_on": date(2026, 3, 1),
    "statistics_registered_on": date(2026, 9, 1),
    "direct_jobs": 320,
    "rate": None,
}


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
class TestLandComparison:
    """79号 land subsidy: each tranche in the year of its milestone date where given, else undated."""

    def test_tranches_by_milestone_year(self) -> None:
        """Tranches 1–3 dated by 基础正负零, 主体建成, 竣工验收备案 columns; tranche 4 without a date is undated."""
        row = {
            **LAND_ROW,
            "基础正负零日期": "2024-12-20",
            "主体建成日期": date(2025, 8, 1),
            "completion_on": date(2026, 3, 1),
            "evaluation_on": None,
        }
        scenario = Scenario(
            "前两笔50%、20%", {"hq": {"tranche_foundation_share": "0.5", "tranche_structure_share": "0.2"}}
        )
        comparison = compare(pd.DataFrame([row]), None, scenario, policy="hq-land")
        enterprise = hq.Enterprise.model_validate(present(row, ENTERPRISE))
        deal = hq.LandDeal.model_validate(present(row, [f.name for f in batch.HQ_LAND_FIELDS[12:25]]))
        project = hq.LandProject.model_validate(
            present(row, ["completed_on", "statistics_registered_on", "direct_jobs"])
        )
        for setting, params in (("baseline", hq.DEFAULTS), ("scenario", scenario.hq)):
            decision = hq.land_subsidy(enterprise, deal, project, rate=params.land_rate_max, params=params)
            assert decision.eligible
            tranches = [t.amount for t in hq.land_subsidy_tranches(decision.amount, params=params)]
            got = {year: getattr(delta, setting) for year, delta in comparison.summary.by_year().items()}
            assert got == {2024: tranches[0], 2025: tranches[1], 2026: tranches[2], "undated": tranches[3]}
        assert list(comparison.summary.by_year())[-1] == "undated"

    def test_a_lower_rate_maximum(self) -> None:
        """A scenario lowering 「最高可奖补25%」 to 20% lowers the land subsidy in proportion."""
        scenario = Scenario("奖补比例上限20%", {"hq": {"land_rate_max": "0.2"}})
        comparison = compare(pd.DataFrame([LAND_ROW]), None, scenario, policy="hq-land")
        assert comparison.summary.total.scenario == comparison.summary.total.baseline * D("0.8")

    def test_bad_milestone_date_names_the_column(self) -> None:
        """A milestone cell that is not a date raises InvalidInputError naming the column and row."""
        frame = pd.DataFrame([{**LAND_ROW, "foundation_on": "2024年12月"}])
        with pytest.raises(InvalidInputError, match=r"foundation_on, row 1"):
            compare(frame, None, RENT_CAP_250, policy="hq-land")


class TestSeveralPolicies:
    """A mapping of registers compares every policy at once; outlays add up across them."""

    def test_totals_add_up(self) -> None:
        """The total is the sum over policies; per-policy totals are those of comparing each register alone."""
        both = Scenario("both", {"used-car": {"growth_cap": "300000"}, "hq": {"rent_annual_cap": "2500000"}})
        registers = {
            "used-car": scenarios.example_register("used-car"),
            "hq-rent": scenarios.example_register("hq-rent"),
        }
        together = compare(registers, None, both)
        alone = {policy: compare(frame, None, both, policy=policy) for policy, frame in registers.items()}
        assert together.summary.by_policy() == {p: c.summary.total for p, c in alone.items()}
        assert together.summary.total == alone["used-car"].summary.total + alone["hq-rent"].summary.total
        assert len(together.rows) == 550
        assert set(together.rows["policy"]) == {"used-car", "hq-rent"}
        assert sum(together.summary.by_year().values(), Delta(D(0), D(0))) == together.summary.total


class TestDisplay:
    """Comparisons and result frames read well as text and as HTML."""

    def test_delta_percent_is_exact_and_half_up(self) -> None:
        """Percentages are exact fractions rounded half up to 0.01; none against a zero baseline."""
        assert Delta(D(3), D(4)).percent == D("33.33")
        assert Delta(D(3), D(2)).percent == D("-33.33")
        assert Delta(D(8), D(9)).percent == D("12.50")
        assert Delta(D(200_000), D(200_010)).percent == D("0.01")  # 0.005%: half up
        assert Delta(D(200_000), D("200009.99")).percent == D("0.00")
        assert Delta(D(0), D(5)).percent is None
        assert Delta(D(0), D(5)).percent_text() == "新增 new"

    def test_text_and_html(self) -> None:
        """str() and _repr_html_() show the names, the parameter changed with its clause, ¥ and 万元."""
        comparison = compare(scenarios.example_register("used-car"), None, UPPER_FROM_2500, policy="used-car")
        text = str(comparison)
        assert "0.7%档自2500万起" in text
        assert "used-car.growth_upper_from [used-car:3.2]: 30,000,000 → 25,000,000" in text
        assert "¥" in text
        assert "万元" in text
        assert "2025年预算 budget 2025" in text
        page = comparison._repr_html_()
        assert "<table" in page
        assert "万元" in page
        assert "<code>used-car:3.2</code>" in page

    def test_styled_result_frame(self) -> None:
        """styled() shows amounts as ¥ over 万元, flags as ✓/✗, clause ids in code font, and counts hidden rows."""
        result = batch.evaluate(batch.synthetic_register(30, seed=2), "used-car")
        page = scenarios.styled(result, max_rows=20)._repr_html_()
        assert page.count("<tr>") == 21
        assert "✓" in page
        assert "✗" in page
        assert "<code>used-car:" in page
        assert "万元" in page
        assert "¥" in page
        assert "10 more rows" in page
        polars_page = scenarios.styled(pl.from_pandas(result.astype(object)), max_rows=5)._repr_html_()
        assert "<table" in polars_page


class TestExampleRegisters:
    """The bundled registers: seeded output of the generators, read as text cells."""

    @pytest.mark.parametrize(("policy", "rows"), [("used-car", 400), ("hq-rent", 150)])
    def test_bundled_register(self, policy: str, rows: int) -> None:
        """Each register has its rows, evaluates without errors and has some rows eligible and some not."""
        register = scenarios.example_register(policy)
        assert len(register) == rows
        summary = batch.summarize(batch.evaluate(register, policy))
        assert summary.errors == 0
        assert 0 < summary.eligible < rows

    def test_bundled_registers_are_regenerated_exactly(self, tmp_path: Path) -> None:
        """python -m hongshan_policy.scenarios writes the bundled files byte for byte (else regenerate them)."""
        bundled = Path(scenarios.__file__).parent / "data"
        for path in scenarios._write_examples(tmp_path):
            fresh, kept = (p.read_bytes().replace(b"\r\n", b"\n") for p in (path, bundled / path.name))
            assert fresh == kept, (
                f"{path.name} differs from the generator's output: run python -m hongshan_policy.scenarios"
            )

    def test_unknown_register(self) -> None:
        """Only used-car and hq-rent registers are bundled."""
        with pytest.raises(InvalidInputError, match="no example register"):
            scenarios.example_register("hq-land")


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
class TestCharts:
    """Charts are exact where it matters: points from the scalar rules, both sides of every threshold."""

    def test_growth_points_show_every_jump(self) -> None:
        """The points include 1000万 (0) and 1000万 + 0.01 (6万), 3000万 − 0.01 (18万) and 3000万 (21万), the cap."""
        points = dict(charts.growth_points())
        assert points[D(10_000_000)] == 0
        assert points[D("10000000.01")] == D(60_000)
        assert points[D("29999999.99")] == D(180_000)
        assert points[D(30_000_000)] == D(210_000)
        assert points[D("49999999.28")] == D("349999.99")
        assert points[D("49999999.29")] == D(350_000)
        assert max(points.values()) == D(350_000)
        assert list(points) == sorted(points)

    def test_growth_points_follow_the_scenario(self) -> None:
        """Under 0.7% from 2500万 the jump moves to 2500万; under a 30万 cap the curve tops out at 30万."""
        moved = dict(charts.growth_points(UPPER_FROM_2500.used_car))
        assert moved[D("24999999.99")] == D(150_000)
        assert moved[D(25_000_000)] == D(175_000)
        capped = dict(charts.growth_points(CAP_30.used_car))
        assert max(capped.values()) == D(300_000)
        assert capped[D("42857142.15")] == D(300_000)
        assert capped[D("42857142.14")] == D("299999.99")

    def test_scale_points(self) -> None:
        """The scale reward is 0 one fen below 500万 and 5万 at it."""
        assert charts.scale_points() == (
            (D(0), D(0)),
            (D("4999999.99"), D(0)),
            (D(5_000_000), D(50_000)),
            (D(10_000_000), D(50_000)),
        )

    def test_reward_curve(self) -> None:
        """A Figure of two axes; each setting's curve has exactly the points of growth_points and scale_points."""
        from matplotlib.figure import Figure

        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure = charts.reward_curve(UPPER_FROM_2500, baseline=BASELINE)
            figure.canvas.draw()
        assert isinstance(figure, Figure)
        growth_ax, scale_ax = figure.axes
        curves = {line.get_gid(): line for line in growth_ax.lines if str(line.get_gid()).startswith("growth:")}
        assert set(curves) == {"growth:baseline", "growth:scenario"}
        until = D(63_000_000)
        for role, params in (("baseline", used_car.DEFAULTS), ("scenario", UPPER_FROM_2500.used_car)):
            x = list(curves[f"growth:{role}"].get_xdata())
            assert len(x) == len(charts.growth_points(params, until=until))
        scenario_x = list(curves["growth:scenario"].get_xdata())
        assert 2500.0 in scenario_x
        assert 2499.999999 in scenario_x
        assert len([line for line in scale_ax.lines if str(line.get_gid()).startswith("scale:")]) == 2
        assert sum(1 for line in growth_ax.lines if line.get_gid() == "cap") == 1
        assert sum(1 for line in growth_ax.lines if line.get_gid() == "threshold") == 3  # 1000万, 2500万; 3000万 dashed

    def test_english_labels_without_chinese(self) -> None:
        """chinese=False gives English labels only (a Chinese scenario name becomes "scenario")."""
        figure = charts.reward_curve(CAP_30, chinese=False)
        texts = [figure.axes[0].get_title(), figure.axes[0].get_xlabel(), *(t.get_text() for t in figure.axes[0].texts)]
        texts += [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
        assert all(text.isascii() for text in texts), texts

    def test_budget_by_year(self) -> None:
        """One bar per budget year for each setting, baseline first, with their amounts in 万元."""
        registers = {
            "used-car": scenarios.example_register("used-car"),
            "hq-rent": scenarios.example_register("hq-rent"),
        }
        comparison = compare(registers, None, RENT_CAP_250)
        years = comparison.summary.by_year()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            figure = charts.budget_by_year(comparison)
            figure.canvas.draw()
        (ax,) = figure.axes
        assert len(ax.containers) == 2
        assert len(ax.patches) == 2 * len(years)
        baseline_bars = ax.containers[0]
        heights = [bar.get_height() for bar in baseline_bars]  # type: ignore[attr-defined]
        assert heights == [float(delta.baseline / 10_000) for delta in years.values()]
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(year) for year in years]
        one = charts.budget_by_year(comparison, policy="used-car")
        assert len(one.axes[0].patches) == 2 * len(comparison.summary.by_year("used-car"))

    def test_matplotlib_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without matplotlib the charts raise ImportError naming the analysis extra."""
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(ImportError, match=r"hongshan-policy\[analysis\]"):
            charts.reward_curve()


class TestRegistryHooks:
    """Scenarios know no document: the policies, sections and titles come from the registry's ``scenario`` hooks."""

    def test_every_register_policy_has_an_adapter(self) -> None:
        """Each register policy of the registry is compared through the adapter its decision's hook returns."""
        from hongshan_policy.registry import DOCUMENTS, POLICIES

        for policy, spec in POLICIES.items():
            assert spec.scenario is not None, policy
            assert spec.scenario().policy == policy
        assert tuple(scenarios.POLICY_DOCUMENT) == tuple(POLICIES)
        assert {d: DOCUMENTS[d].defaults for d in scenarios.POLICY_DOCUMENT.values()} == dict(scenarios.DOCUMENTS)
        assert tuple(scenarios.POLICY_TITLES) == tuple(POLICIES)

    def test_rent_parts_follow_the_schedule_length(self) -> None:
        """The lease years compared are the columns batch declares for the parameters, not found by pattern."""
        from hongshan_policy.headquarters._scenarios import rent_adapter

        longer = hq.DEFAULTS.replace(rent_half_years=hq.DEFAULTS.rent_half_years + 1)
        years = hq.DEFAULTS.rent_full_years + hq.DEFAULTS.rent_half_years
        table = pa.table(
            {
                "rent_total": pa.array([], pa.decimal128(18, 2)),
                "rent_eligible": pa.array([], pa.bool_()),
                "rent_first_failed_clause": pa.array([], pa.string()),
            }
        )
        for params, expected in ((hq.DEFAULTS, years), (longer, years + 1)):
            parts = rent_adapter().read(table, params).parts
            assert [(p.column, p.number) for p in parts] == [(f"rent_year_{n}", n) for n in range(1, expected + 1)]
