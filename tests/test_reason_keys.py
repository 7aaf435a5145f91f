"""Every condition checked has a stable key, unique within its decision (issue 10, item 1).

Every decision any function of the library makes is recorded while the worked
cases of ``tests/spec/*.toml`` run and while Hypothesis draws applications from
the library's own strategies; each must give every reason a non-empty key,
``<clause>/<condition>``, unique within the decision. Every decision function of
the source (each ``Decision.decide("<rule>", …)``) must be among those seen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hongshan_policy
from builders import dealer
from hongshan_policy import errors, headquarters, testing, used_car
from hongshan_policy.casefile import run_case
from hongshan_policy.decisions import Decision
from test_spec import load_cases

SRC = Path(hongshan_policy.__file__).resolve().parent
KEY = re.compile(r"^(?P<clause>[a-z-]+:[0-9a-z.]+)/[a-z0-9]+(-[a-z0-9]+)*$")


def _rules_in_source() -> set[str]:
    """The rule name of every ``Decision.decide("<rule>", …)`` in the source."""
    found = set()
    for path in SRC.rglob("*.py"):
        found.update(re.findall(r'Decision\.decide\(\s*"([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    return found


@contextmanager
def _recording(seen: list[Decision]) -> Iterator[None]:
    original = Decision.__dict__["decide"]

    def decide(cls: type[Decision], *args: Any, **kwargs: Any) -> Decision:
        decision = original.__func__(cls, *args, **kwargs)
        seen.append(decision)
        return decision

    Decision.decide = classmethod(decide)  # type: ignore[assignment,method-assign]
    try:
        yield
    finally:
        Decision.decide = original  # type: ignore[method-assign]


def _bad_keys(decision: Decision) -> list[str]:
    problems = []
    keys = [reason.key for reason in decision.reasons]
    for reason in decision.reasons:
        match = KEY.match(reason.key)
        if match is None:
            problems.append(f"{decision.rule}: reason {reason.clause} {reason.en!r} has key {reason.key!r}")
        elif match["clause"] != reason.clause:
            problems.append(f"{decision.rule}: key {reason.key!r} does not start with its clause {reason.clause}")
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        problems.append(f"{decision.rule}: keys repeated within the decision: {repeated}")
    return problems


def test_every_decision_of_the_worked_cases_keys_every_reason() -> None:
    """Every reason of every decision the worked cases make has a key, unique within its decision."""
    seen: list[Decision] = []
    with _recording(seen):
        outcomes = [run_case(case) for case in load_cases()]
    assert all(outcome.passed for outcome in outcomes)
    problems = [problem for decision in seen for problem in _bad_keys(decision)]
    assert not problems, "\n".join(problems)
    missing = _rules_in_source() - {decision.rule for decision in seen}
    assert not missing, f"decision functions no worked case reaches: {sorted(missing)}"


def test_a_reason_without_a_key_is_found() -> None:
    """The check above can fail: a reason with no key, or two with one key, is reported."""
    from hongshan_policy.decisions import Reason

    decision = Decision.decide(
        "used_car.example",
        "例",
        "example",
        [Reason("used-car:2", True, "甲", "a"), Reason("used-car:2", True, "乙", "b")],
        0,
    )
    assert len(_bad_keys(decision)) == 3  # two without a key, and the empty key repeated
    twice = Decision.decide(
        "used_car.example",
        "例",
        "example",
        [Reason("used-car:2", True, "甲", "a", "used-car:2/x"), Reason("used-car:2", True, "乙", "b", "used-car:2/x")],
        0,
    )
    assert _bad_keys(twice) == ["used_car.example: keys repeated within the decision: ['used-car:2/x']"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(testing.used_car_applications(), testing.hq_applications()))
def test_every_drawn_assessment_keys_every_reason(application: Any) -> None:
    """Every decision of a drawn 87号 or 79号 assessment keys every reason, uniquely within the decision."""
    seen: list[Decision] = []
    with _recording(seen):
        try:
            if isinstance(application, used_car.Application):
                used_car.assess(application)
            else:
                headquarters.assess(application)
        except errors.MissingFactError:
            pass  # the documented answer when the land's cap cannot be checked
    assert seen
    problems = [problem for decision in seen for problem in _bad_keys(decision)]
    assert not problems, "\n".join(problems)


def test_no_reason_is_found_by_its_position() -> None:
    """``grep -rn "reasons\\[" src`` finds nothing: a check is found by its key, never by its position."""
    hits = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "reasons[" in line
    ]
    assert not hits, "\n".join(hits)


def test_decision_finds_a_reason_by_its_key() -> None:
    """``Decision.reason(key)`` returns the reason with that key; an unknown key is a KeyError naming the keys."""
    decision = used_car.growth_reward(dealer(), 20_000_000)
    assert decision.reason("used-car:3.2/revenue-above-minimum").held
    assert decision.held("used-car:2/registered-from", "used-car:3.2/revenue-above-minimum")
    with pytest.raises(KeyError, match="used-car:2/registered-from"):
        decision.reason("used-car:3.2/no-such-condition")


def test_keys_are_in_text_html_and_json() -> None:
    """The key of each reason shows in the text, the HTML and the JSON of a decision, and reads back."""
    decision = used_car.growth_reward(dealer(), 20_000_000)
    key = "used-car:3.2/revenue-above-minimum"
    assert key in str(decision)
    assert key in decision._repr_html_()
    assert key in [r["key"] for r in decision.to_dict()["reasons"]]
    assert Decision.from_json(decision.to_json()) == decision


def test_the_columnar_checks_are_keyed_as_the_scalar_reasons() -> None:
    """Every check of the 79号 columnar evaluation names a key the scalar rule gives its reason, in the same order."""
    from builders import deal, enterprise, lease, project

    source = (SRC / "headquarters" / "_columnar.py").read_text(encoding="utf-8")
    named = re.findall(r'"(hq:[0-9.]+/[a-z0-9-]+)"', source)
    land = headquarters.land_subsidy(enterprise(), deal(), project())
    rent = headquarters.rent_subsidy(enterprise(), lease(), 1)
    scalar = [r.key for r in land.reasons] + [r.key for r in rent.reasons]
    assert set(named) <= set(scalar), sorted(set(named) - set(scalar))
    # the conditions are evaluated from the tables of headquarters._conditions, which give the scalar reasons' keys
    from hongshan_policy.headquarters import _conditions as tables

    land_checks = (*tables.HQ_CONDITIONS, *tables.LAND_CONDITIONS, *tables.LAND_SUBSIDY_CONDITIONS)
    assert [c.key for c in land_checks] == [r.key for r in land.reasons][: len(land_checks)]
    rent_checks = (*tables.HQ_CONDITIONS, *tables.RENT_CONDITIONS)
    assert [c.key for c in rent_checks] == [r.key for r in rent.reasons][: len(rent_checks)]
    assert "_checks(" in source
