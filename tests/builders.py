"""Valid records to start a test from: each builder applies the changes a test makes to a record meeting
every condition (a dealer of used-car:2; an enterprise, land deal, project and lease of hq:2, hq:3.1, hq:3.2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hongshan_policy import headquarters as hq
from hongshan_policy import used_car

DEALER: dict[str, Any] = {
    "name": "赤峰某某二手车销售有限公司",
    "credit_code": "91150402MA0QUC015R",
    "registered_on": date(2024, 1, 5),
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "key_monitored": True,
}
ENTERPRISE: dict[str, Any] = {
    "name": "赤峰云数科技有限公司",
    "credit_code": "91150402MA0Q1HQ00C",
    "registered_on": "2024-07-01",
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "serious_dishonesty_record": False,
    "hq_functions": True,
    "registered_capital": "50000000",
    "industry_code": "I6510",
    "business_form": "数字经济",
    "conforms_to_industrial_policy": True,
    "statistics_registered_on": "2025-03-01",
}
DEAL: dict[str, Any] = {
    "contract_signed_on": "2024-09-01",
    "new_project_in_hongshan": True,
    "reserve_price": "40000000",
    "winning_price": "52000000",
    "comprehensive_cost": "45000000",
    "benchmark_price": "38000000",
    "area_mu": "30",
    "fixed_asset_investment": "400000000",
    "same_entity": True,
    "land_use_changed": False,
    "above_ground_floor_area": "60000",
    "self_held_floor_area": "42000",
    "commercial_apartment_floor_area": "0",
}
PROJECT: dict[str, Any] = {"completed_on": "2025-12-20", "statistics_registered_on": "2026-06-30", "direct_jobs": 420}
LEASE: dict[str, Any] = {
    "signed_on": "2024-08-01",
    "start": "2025-01-01",
    "floor_area_m2": "12000",
    "district": "万达片区",
    "agreed_rate": "1.2",
    "specialised_ratio": "0.8",
}


def enterprise(**changes: Any) -> hq.Enterprise:
    """An enterprise meeting every condition of hq:2 and hq:2.1."""
    return hq.Enterprise.model_validate({**ENTERPRISE, **changes})


def deal(**changes: Any) -> hq.LandDeal:
    """A land deal meeting every condition of hq:2.2 and hq:3.1."""
    return hq.LandDeal.model_validate({**DEAL, **changes})


def project(**changes: Any) -> hq.LandProject:
    """A completed project meeting the conditions of hq:3.1."""
    return hq.LandProject.model_validate({**PROJECT, **changes})


def lease(**changes: Any) -> hq.Lease:
    """A lease meeting the conditions of hq:3.2."""
    return hq.Lease.model_validate({**LEASE, **changes})


def dealer(**changes: Any) -> used_car.Dealer:
    """A dealer meeting every condition of used-car:2, with ``changes`` applied."""
    return used_car.Dealer.model_validate({**DEALER, **changes})
