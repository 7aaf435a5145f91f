"""The progress bar of the scalar path: shown when asked or watched, silent otherwise, never changing results."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from hongshan_policy import used_car
from hongshan_policy._progress import progress

APPLICATION = {
    "dealer": {
        "name": "赤峰某某二手车销售有限公司",
        "credit_code": "91150402MA0QUC015R",
        "registered_on": "2024-01-05",
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "key_monitored": True,
    },
    "revenue_2024": "30000000",
}


@pytest.mark.clause("used-car:3.2")
def test_assess_many_keeps_order_and_results(capsys: pytest.CaptureFixture[str]) -> None:
    """assess_many gives one assessment per application, in order, and prints nothing when not interactive."""
    results = used_car.assess_many([APPLICATION, {**APPLICATION, "revenue_2024": "10000000"}])
    assert [r.total for r in results] == [Decimal("210000.00"), Decimal("0.00")]
    assert capsys.readouterr().err == ""


def test_forced_bar_writes_to_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """show=True draws a tqdm bar even when standard error is not a terminal."""
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert list(progress(range(3), total=3, desc="test", show=True)) == [0, 1, 2]
    assert "test:" in err.getvalue()
    assert "0/3" in err.getvalue()


def test_never_shown_when_refused() -> None:
    """show=False returns the items untouched."""
    assert list(progress([1, 2], show=False)) == [1, 2]
