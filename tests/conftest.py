"""Shared test set-up: the ``clause`` marker and the hypothesis profiles.

Every spec test names the clause(s) it checks with ``@pytest.mark.clause("used-car:3.2")``
(on the test or its class). The coverage test reads these marks to count tests per clause.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
"""``ci`` (200 examples) under CI or ``HYPOTHESIS_PROFILE=ci`` (``.ci/run`` sets it), else ``dev`` (60)."""
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    return f"hypothesis profile: {PROFILE} ({settings.default.max_examples} examples per property)"


CLAUSE_TESTS: dict[str, list[str]] = {}
"""Clause id -> node ids of the tests marked with it (filled at collection)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "clause(*ids): the clause ids of the source text this test checks")
    config.addinivalue_line("markers", "slow: a test slower than ~5 s (CI still runs it)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for mark in item.iter_markers("clause"):
            for clause_id in mark.args:
                CLAUSE_TESTS.setdefault(clause_id, []).append(item.nodeid)
