"""Issue 9, the Python side: one regression test per item of the input boundary, the decimal context and the collector.

Each test quotes the item of issue 9 it answers (the file items are in ``tests/test_reliability_files.py``).
The whole-library property (every model field uses a boundary type) is :class:`TestEveryFieldIsABoundaryType`.
"""

from __future__ import annotations

import decimal
import gc
import json
import threading
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pytest
from pydantic import BaseModel, ValidationError

from builders import DEAL, DEALER, ENTERPRISE, LEASE, PROJECT, deal, dealer, project
from hongshan_policy import _requests, batch, ebike, headquarters, inputs, used_car, workdays
from hongshan_policy.batch import _kernels
from hongshan_policy.errors import InvalidInputError
from hongshan_policy.parameters import PolicyModel

D = Decimal
ROOT = Path(__file__).resolve().parent.parent


VEHICLE = {
    "frame_number": "HS2023000001",
    "identification_code": "F-001",
    "meets_national_standard": True,
    "battery": {"chemistry": "锂离子蓄电池", "produced_on": "2023-03-01", "identification_code": "B-001"},
    "charger": {"on_board": False, "identification_code": "C-001"},
}


def _hq_rent() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "examples" / "hq" / "rent.json").read_text(encoding="utf-8"))
    return data


class TestSilentWrongAnswers:
    """「Silent wrong answers found (each must become a correct answer or a typed error)」."""

    def test_item_1_full_width_characters(self) -> None:
        """1. 「Full-width characters: industry_code 「L７２62」 ... the rent total ... drops ... to 0.00」."""
        good = headquarters.assess(_hq_rent())
        record = _hq_rent()
        record["enterprise"]["industry_code"] = "L７２62"
        record["enterprise"]["name"] = "赤峰北疆人力资源集团有限公司　"  # an ideographic space, stripped
        wide = headquarters.assess(record)
        assert wide.total == good.total == D("14263200.00")
        enterprise = headquarters.Enterprise.model_validate(record["enterprise"])
        assert enterprise.industry_code == "L7262"
        # the scalar functions read the same
        assert headquarters.hq_conditions(enterprise) == headquarters.hq_conditions(
            headquarters.Enterprise.model_validate(_hq_rent()["enterprise"])
        )
        # and the batch path
        rows = [{**_flat_rent(), "industry_code": code} for code in ("L7262", "L７２62")]
        out = batch.hq_rent_frame(pd.DataFrame(rows), keep_input=False)
        assert out["rent_total"].tolist() == [D("14263200.00"), D("14263200.00")]

    @pytest.mark.parametrize("text", ["30000000,50", "5,0,0,0,0,0,0", "1,2345", "1_000", "1e7", "１２,３４"])
    def test_item_2_commas_in_wrong_places(self, text: str) -> None:
        """2. 「Commas anywhere in a number are stripped: growth_reward(dealer, "30000000,50") reads 3,000,000,050」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.growth_reward(dealer(), text)  # type: ignore[arg-type]
        assert caught.value.field == "revenue_2024"
        with pytest.raises(ValidationError, match="revenue_2024"):
            used_car.Application.model_validate({"dealer": DEALER, "revenue_2024": text})

    def test_item_2_correct_groups_and_full_width_digits(self) -> None:
        """2. Thousands separators in correct groups of three, and full-width digits, read exactly."""
        for text in ("30,000,000.50", "３０,０００,０００.５０", "30000000.50"):
            assert used_car.growth_reward(dealer(), text).amount == D("210000.00")  # type: ignore[arg-type]

    def test_item_2_rate_zero_comma_zero(self) -> None:
        """2. 「"5,0,0,0,0,0,0" and rate="0,0" are accepted」: a rate with a comma is refused."""
        with pytest.raises(InvalidInputError) as caught:
            headquarters.land_subsidy(
                headquarters.Enterprise.model_validate(ENTERPRISE),
                deal(),
                project(),
                rate="0,0",  # type: ignore[arg-type]
            )
        assert caught.value.field == "rate"

    @pytest.mark.parametrize(
        "context",
        [
            decimal.Context(prec=8, rounding=ROUND_FLOOR),
            decimal.Context(prec=3),
            decimal.Context(traps=[decimal.Inexact, decimal.Rounded]),
        ],
        ids=["prec8-floor", "prec3", "trap-inexact"],
    )
    def test_item_3_caller_context(self, context: decimal.Context) -> None:
        """3. 「The caller's decimal context changes results ... but it computes in it.」."""
        d = dealer()
        before = (used_car.growth_reward(d, D("28001884.83")), headquarters.land_subsidy_tranches(D("2336163.1")))
        with decimal.localcontext(context) as caller:
            saved = (caller.prec, caller.rounding, dict(caller.traps))
            growth = used_car.growth_reward(d, D("28001884.83"))
            tranches = headquarters.land_subsidy_tranches(D("2336163.1"))
            texts = [r.zh + r.en for r in growth.reasons]  # lazy texts are rendered here, outside the call
            shown = str(used_car.assess({"dealer": DEALER, "revenue_2024": "28001884.83"}))
            assert (caller.prec, caller.rounding, dict(caller.traps)) == saved
        assert growth.amount == D("168011.31")
        assert tranches[-1].amount == D("116808.15")
        assert (growth, tranches) == before
        assert texts == [r.zh + r.en for r in before[0].reasons]
        assert "168,011.31" in shown

    def test_item_5_boolean_arguments(self) -> None:
        """5. 「fraud_repayment(Decimal(100), fraud_found="no") recovers 100.00; land_clawback(...="false")」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.fraud_repayment(D(100), fraud_found="no")  # type: ignore[arg-type]
        assert caught.value.field == "fraud_found"
        with pytest.raises(InvalidInputError) as caught:
            headquarters.land_clawback(D(100), evaluation_passed="false")  # type: ignore[arg-type]
        assert caught.value.field == "evaluation_passed"
        for bad in (1, 0, None, np.True_, "True"):
            with pytest.raises(InvalidInputError):
                used_car.fraud_repayment(D(100), fraud_found=bad)  # type: ignore[arg-type]
        assert used_car.fraud_repayment(D(100), fraud_found=False).amount == 0

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("是", True),
            ("否", False),
            ("TRUE", True),
            ("false", False),
            ("Y", True),
            ("n", False),
            (1, True),
            ("0", False),
        ],
    )
    def test_item_5_documented_flag_forms_in_fields(self, value: object, expected: bool) -> None:
        """5. In model fields (and files) the documented forms: 是/否, true/false, Y/N, 1/0."""
        assert dealer(key_monitored=value).key_monitored is expected

    @pytest.mark.parametrize("value", ["no", "yes", "off", "t", 2, "", "真", 1.0])
    def test_item_5_other_flag_forms_refused(self, value: object) -> None:
        """5. Anything else in a flag field is an error naming the field (no lax "no" is True)."""
        with pytest.raises(ValidationError, match="key_monitored"):
            dealer(key_monitored=value)

    def test_item_6_application_before_registration(self) -> None:
        """6. 「scale_reward / growth_reward pay a dealer whose application date is before its registration」."""
        d = dealer(registered_on=date(2024, 8, 1))
        for call in (
            lambda: used_car.scale_reward(d, D(6_000_000), date(2024, 7, 31)),
            lambda: used_car.growth_reward(d, D(20_000_000), applied_on=date(2024, 7, 31)),
        ):
            with pytest.raises(InvalidInputError, match="2024-07-31") as caught:
                call()
            assert caught.value.field == "applied_on"
        with pytest.raises(ValidationError, match="applied_on"):
            used_car.Application.model_validate(
                {"dealer": d, "revenue_jan_to_jul": "6000000", "applied_on": date(2024, 7, 31)}
            )
        assert used_car.scale_reward(d, D(6_000_000), date(2024, 8, 1)).amount == D("50000.00")

    def test_item_6_completion_before_contract_and_lease_end(self) -> None:
        """6. 「completion before contract, lease end before start, etc. are checked once」: model and rule alike."""
        early = {**PROJECT, "completed_on": "2024-08-31"}
        with pytest.raises(ValidationError, match="completed_on"):
            headquarters.LandApplication.model_validate(
                {"policy": "hq-land", "enterprise": ENTERPRISE, "deal": DEAL, "project": early}
            )
        with pytest.raises(InvalidInputError) as caught:
            headquarters.land_subsidy(
                headquarters.Enterprise.model_validate(ENTERPRISE), deal(), headquarters.LandProject(**early)
            )
        assert caught.value.field == "completed_on"
        with pytest.raises(ValidationError, match="end"):
            headquarters.Lease.model_validate({**LEASE, "end": "2024-12-31"})

    @pytest.mark.parametrize("revenue", ["1e40", D("1e40"), 10**40, "1E7", D("10000000000000.01")])
    def test_item_10_one_limit_for_scalar_and_batch(self, revenue: object) -> None:
        """10. 「"1e40" as Jan–Jul revenue pays 50,000 in the scalar path and is a row error in batch」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.scale_reward(dealer(), revenue, date(2024, 8, 1))  # type: ignore[arg-type]
        assert caught.value.field == "revenue_jan_to_jul"
        row = {**DEALER, "revenue_jan_to_jul": str(revenue), "applied_on": date(2024, 8, 1)}
        out = batch.used_car_frame(pd.DataFrame([row]))
        assert "revenue_jan_to_jul" in out["error"].iloc[0]

    def test_item_10_the_limit_itself(self) -> None:
        """10. Exactly 10万亿元 (MAX_FEN) is accepted on both paths; the kernels import the same constant."""
        assert inputs.MAX_FEN == _kernels.MAX_FEN == 10**15
        top = inputs.MAX_YUAN
        assert used_car.scale_reward(dealer(), top, date(2024, 8, 1)).amount == D("50000.00")
        row = {**DEALER, "revenue_jan_to_jul": str(top), "applied_on": date(2024, 8, 1)}
        assert batch.used_car_frame(pd.DataFrame([row]))["scale_amount"].iloc[0] == D("50000.00")


def _flat_rent() -> dict[str, Any]:
    record = _hq_rent()
    return {**record["enterprise"], **record["lease"]}


class TestTracebacks:
    """「Tracebacks found (each must become a typed error ... the field named, no traceback)」."""

    @pytest.mark.parametrize("revenue", [D("1e30"), "1e999999999", D("1e999999999"), D("NaN"), D("-Infinity")])
    def test_huge_money(self, revenue: object) -> None:
        """「Money of 1e30 or "1e999999999" (later InvalidOperation/Overflow)」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.growth_reward(dealer(), revenue)  # type: ignore[arg-type]
        assert caught.value.field == "revenue_2024"
        with pytest.raises(ValidationError, match="revenue_2024"):
            used_car.Application.model_validate({"dealer": DEALER, "revenue_2024": revenue})

    @pytest.mark.parametrize("value", [np.float64(10000000.5), 10000000.5, np.float32(1.5)])
    def test_numpy_float(self, value: object) -> None:
        """「a numpy.float64 (ConversionSyntax, even through the models)」: refused, saying to pass a Decimal."""
        with pytest.raises(InvalidInputError, match="Decimal") as caught:
            used_car.growth_reward(dealer(), value)  # type: ignore[arg-type]
        assert caught.value.field == "revenue_2024"
        with pytest.raises(ValidationError, match="Decimal"):
            used_car.Application.model_validate({"dealer": DEALER, "revenue_2024": value})

    def test_numpy_integers_are_numbers(self) -> None:
        """numpy integers are whole numbers like ``int``."""
        assert used_car.growth_reward(dealer(), np.int64(20_000_000)).amount == D("120000.00")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "value", ["2024-08-01", datetime(2024, 8, 1), 1722470400, None, date(1, 1, 1), date(9999, 12, 31)]
    )
    def test_strings_and_datetimes_as_dates(self, value: object) -> None:
        """「strings or datetimes passed as dates to the rule functions (TypeError, AttributeError)」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.scale_reward(dealer(), D(6_000_000), value)  # type: ignore[arg-type]
        assert caught.value.field == "applied_on"
        with pytest.raises(InvalidInputError) as caught:
            ebike.inspect_vehicle(VEHICLE, value)  # type: ignore[arg-type]
        assert caught.value.field == "inspected_on"
        with pytest.raises(InvalidInputError) as caught:
            workdays.add_working_days(value, 3)  # type: ignore[arg-type]
        assert caught.value.field == "start"

    def test_year_9999(self) -> None:
        """「year-9999 dates (procedure(approved_on=date(9999,12,31)), a lease starting in 9999)」."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.procedure(approved_on=date(9999, 12, 31))
        assert caught.value.field == "approved_on"
        with pytest.raises(ValidationError, match="start"):
            headquarters.Lease.model_validate({**LEASE, "start": "9999-01-01"})
        with pytest.raises(ValidationError, match="registered_on"):
            used_car.Dealer.model_validate({**DEALER, "registered_on": date(1, 1, 1)})

    def test_the_date_range(self) -> None:
        """Dates from 1949-10-01 to 2100-12-31 are accepted, in the documented written forms."""
        for text in ("1949-10-01", "2100/12/31", "2024年6月12日", "２０２４-０６-１２", " 2024/6/12 "):
            assert used_car.Dealer.model_validate({**DEALER, "registered_on": text}).registered_on.year >= 1949
        for text in ("1949-09-30", "2101-01-01", "2024-6-12", "20240612", "2024-06-12T00:00:00", "2024/13/01"):
            with pytest.raises(ValidationError, match="registered_on"):
                used_car.Dealer.model_validate({**DEALER, "registered_on": text})

    @pytest.mark.parametrize("years", [10**6, 10**100, 101, -1, True, "6.0", 6.0])
    def test_huge_safe_service_life_years(self, years: object) -> None:
        """「a huge safe_service_life_years」: at most MAX_YEARS (100), a whole number."""
        record = {
            "chemistry": "锂离子蓄电池",
            "produced_on": "2023-03-01",
            "identification_code": "B-001",
            "safe_service_life_years": years,
        }
        with pytest.raises(ValidationError, match="safe_service_life_years"):
            ebike.Battery.model_validate(record)
        assert ebike.Battery.model_validate({**record, "safe_service_life_years": inputs.MAX_YEARS})

    def test_wrong_argument_types(self) -> None:
        """A dict where a model is expected, a model of the wrong kind: typed errors, never TypeError/AttributeError."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.scale_reward(DEALER, D(6_000_000), date(2024, 8, 1))  # type: ignore[arg-type]
        assert caught.value.field == "dealer"
        with pytest.raises(InvalidInputError) as caught:
            used_car.dealer_conditions(dealer(), params=headquarters.HQParameters())  # type: ignore[arg-type]
        assert caught.value.field == "params"
        with pytest.raises(InvalidInputError) as caught:
            used_car.assess([DEALER])  # type: ignore[arg-type]
        assert caught.value.field == "application"
        with pytest.raises(InvalidInputError) as caught:
            workdays.add_working_days(date(2024, 1, 1), 10**9)
        assert caught.value.field == "n"


class TestControlCharacters:
    """「zero-width characters, control characters and NUL in text are refused」."""

    @pytest.mark.parametrize("bad", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\x00", "\x07", "\n", "\x85"])
    def test_refused_inside_text(self, bad: str) -> None:
        """A zero-width or control character inside a name or a code is refused naming the field."""
        with pytest.raises(ValidationError, match="name"):
            dealer(name=f"赤峰{bad}二手车")
        with pytest.raises(ValidationError, match="credit_code"):
            dealer(credit_code=f"91150402MA0QUC015R{bad}x")

    def test_surrounding_blanks_are_stripped(self) -> None:
        """Blanks around text (including the ideographic space) are stripped, not refused."""
        assert dealer(name="\u3000赤峰二手车\t ").name == "赤峰二手车"


class TestWan:
    """「a field suffix such as revenue_2024_wan is converted exactly to yuan」."""

    @pytest.mark.parametrize(
        ("wan", "yuan"), [("1000", "10000000"), ("1,000.5", "10005000.0"), ("0.000001", "0.01"), (35, "350000")]
    )
    def test_exact(self, wan: object, yuan: str) -> None:
        """万元 times 10,000, exactly."""
        assert inputs.wan_to_yuan(wan, "revenue_2024_wan") == D(yuan)

    @pytest.mark.parametrize("wan", ["0.0000001", "1e3", 1.5, "2000000000"])
    def test_refused(self, wan: object) -> None:
        """Below the fen, exponents, floats and amounts above the limit are refused naming the field."""
        with pytest.raises(InvalidInputError) as caught:
            inputs.wan_to_yuan(wan, "revenue_2024_wan")
        assert caught.value.field == "revenue_2024_wan"


_R = TypeVar("_R")
_S = TypeVar("_S")


def _sampled_while(call: Callable[[], _R], sample: Callable[[], _S]) -> tuple[_R, list[_S]]:
    """``call()``'s result, and ``sample()`` taken again and again by another thread while it ran."""
    samples: list[_S] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            samples.append(sample())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        result = call()
    finally:
        done.set()
        watcher.join()
    return result, samples


class TestGarbageCollector:
    """「assess_many must not switch off the garbage collector for the whole process」."""

    def test_collector_stays_on_in_another_thread(self) -> None:
        """While assess_many runs, another thread sees the collector enabled; the thresholds come back after."""
        before = gc.get_threshold()
        records = [{"dealer": DEALER, "revenue_2024": str(10_000_000 + i)} for i in range(3000)]
        results, seen = _sampled_while(lambda: used_car.assess_many(records, progress=False), gc.isenabled)
        assert len(results) == 3000
        assert seen
        assert all(seen)
        assert gc.get_threshold() == before

    def test_concurrent_runs_restore_the_thresholds(self) -> None:
        """Two runs at once leave the thresholds as they found them."""
        before = gc.get_threshold()
        records = [{"dealer": DEALER, "revenue_2024": "20000000"}] * 500
        threads = [threading.Thread(target=used_car.assess_many, args=(records,)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0

    def test_a_run_keeps_its_results_out_of_young_collections_and_hands_them_back(self) -> None:
        """assess_many freezes what it has built every FREEZE_EVERY results (another thread sees the permanent
        generation grow) and unfreezes it all at the end; the results are collectable again afterwards."""
        from hongshan_policy import _gc

        records = [{"dealer": DEALER, "revenue_2024": str(10_000_000 + i)} for i in range(3 * _gc.FREEZE_EVERY)]
        _, frozen = _sampled_while(lambda: used_car.assess_many(records, progress=False), gc.get_freeze_count)
        assert max(frozen) > 10 * _gc.FREEZE_EVERY  # objects, not results: a result is a few dozen
        assert gc.get_freeze_count() == 0

    def test_what_the_process_froze_itself_stays_frozen(self) -> None:
        """A process that froze its own objects (e.g. before forking) finds them still frozen after a run, and a
        nested run neither freezes nor unfreezes on its own."""
        from hongshan_policy import _gc

        gc.freeze()
        try:
            mine = gc.get_freeze_count()
            assert mine > 0
            kept: list[list[object]] = []  # young objects a freezing run would freeze
            with _gc.fewer_collections() as settle:
                for _ in range(2 * _gc.FREEZE_EVERY):
                    kept.append([object()])
                    settle()
                assert mine - 100 <= gc.get_freeze_count() <= mine  # nothing more frozen (a frozen object may die)
            assert mine - 100 <= gc.get_freeze_count() <= mine  # and nothing unfrozen
        finally:
            gc.unfreeze()
        with _gc.fewer_collections() as outer:
            with _gc.fewer_collections() as inner:
                for _ in range(_gc.FREEZE_EVERY):
                    inner()
                assert gc.get_freeze_count() == 0  # only the first run at a time freezes
                for _ in range(_gc.FREEZE_EVERY):
                    outer()
                assert gc.get_freeze_count() > 0
            assert gc.get_freeze_count() > 0  # the inner run's end leaves the outer's frozen
        assert gc.get_freeze_count() == 0


# --------------------------------------------------------------------------- every field is a boundary type

_BARE = (bool, date, datetime, str, Decimal, int, float)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


def _bare_types(annotation: Any) -> list[Any]:
    """The bare builtin types an annotation uses without a boundary validator (recursing into unions and containers)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return []  # a boundary type (Money, Day, Flag ...) or another validated type (CreditCode)
    if annotation in _BARE:
        return [annotation]
    found = []
    for argument in typing.get_args(annotation):
        if argument is not Ellipsis and argument is not type(None):
            found.extend(_bare_types(argument))
    return found


class TestEveryFieldIsABoundaryType:
    """Every field of every PolicyModel subclass reads its value through the boundary (fields added later too)."""

    def test_no_bare_annotation(self) -> None:
        """No field is annotated ``bool``, ``date``, ``str``, ``Decimal``, ``int`` or ``float`` (bare)."""
        assert _requests.__name__  # the request models are PolicyModels too
        models = _subclasses(PolicyModel)
        assert len(models) > 20
        offenders = []
        for model in models:
            hints = typing.get_type_hints(model, include_extras=True)
            for name in model.model_fields:
                bare = _bare_types(hints[name])
                if bare:
                    offenders.append(f"{model.__module__}.{model.__qualname__}.{name}: {bare}")
        assert offenders == []

    def test_the_walker_can_fail(self) -> None:
        """A model with a bare field is caught."""

        class Bad(BaseModel):
            flag: bool
            when: date | None
            names: tuple[str, ...]
            good: inputs.Flag

        hints = typing.get_type_hints(Bad, include_extras=True)
        assert [n for n in Bad.model_fields if _bare_types(hints[n])] == ["flag", "when", "names"]
        assert isinstance(types.SimpleNamespace(), object)
