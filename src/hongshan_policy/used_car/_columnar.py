"""87号 (used-car rewards) over a frame of applications: one result row per input row, in order.

The input columns are the fields of :class:`hongshan_policy.used_car.Application`
with the dealer's fields flattened; each also answers to its Chinese header
(:data:`USED_CAR_FIELDS`). A row is validated as the model would validate it
(every field, an application date not before registration, the scale reward's
date, at least one revenue); a row that fails gets its messages in ``error``
and nulls elsewhere. Valid rows go through the integer kernels (``used_car._kernels``).

The frame engine (reading and validating columns, attaching results) is generic, in
:mod:`hongshan_policy.batch`, which imports this module: ``import hongshan_policy.used_car`` does not load it
(numpy, pyarrow).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..batch._columns import Column
from ..batch._frames import InputField, RowErrors, attach, eager, label, read_fields, resolve
from ..batch._kernels import EPOCH, KernelResult, day_number, kernel_integer
from ..batch._results import codes_column, fen_column, flag_column, int_column
from ..conditions import columns_held
from ..decisions import Note
from ..inputs import in_context
from ..parameters import Timeline
from . import PLEDGE_FIELDS, Dealer, UsedCarParameters, _eligibility, _parameters, growth_reward, scale_reward
from ._kernels import CLAUSES, UsedCarIntegers, growth_kernel, scale_kernel

__all__ = ["USED_CAR_FIELDS", "USED_CAR_RESULTS", "render_notes", "used_car_frame"]

USED_CAR_FIELDS: tuple[InputField, ...] = (
    InputField("name", "text", "企业名称", True, ("名称", "经销企业名称"), "name of the dealer"),
    InputField("credit_code", "credit_code", "统一社会信用代码", True, ("信用代码",), "unified social credit code"),
    InputField("registered_on", "date", "登记注册日期", True, ("注册日期", "登记日期"), "date of registration"),
    InputField(
        "registered_in_hongshan",
        "flag",
        "在红山区依法登记注册纳税",
        True,
        ("红山区登记注册纳税", "在红山区登记注册纳税"),
        "registered and paying tax in Hongshan",
    ),
    InputField(
        "independent_legal_person", "flag", "有独立法人资格", True, ("独立法人资格",), "an independent legal person"
    ),
    InputField("independent_accounting", "flag", "独立核算", True, (), "keeps independent accounts"),
    InputField(
        "key_monitored",
        "flag",
        "纳入红山区商贸类重点监测企业范围",
        True,
        ("商贸类重点监测企业", "重点监测企业"),
        "among Hongshan's key monitored trade enterprises",
    ),
    InputField(
        "safety_accident",
        "flag",
        "有安全生产责任事故",
        False,
        ("安全生产责任事故",),
        "had a work-safety accident it is responsible for (附件2); blank: not stated",
    ),
    InputField(
        "violations", "flag", "有违法行为", False, ("违法行为",), "committed illegal acts (附件2); blank: not stated"
    ),
    InputField(
        "blacklisted",
        "flag",
        "被列入失信联合惩戒黑名单",
        False,
        ("失信联合惩戒黑名单",),
        "on the joint-punishment blacklist (附件2); blank: not stated",
    ),
    InputField(
        "pledge_signed",
        "flag",
        "守信承诺书已签字盖章",
        False,
        ("守信承诺书已签字", "守信承诺书"),
        "the good-faith pledge signed and sealed (附件2); blank: not stated",
    ),
    InputField(
        "scale_reward_received",
        "flag",
        "已享受规模奖励",
        False,
        ("已享受一次性奖励",),
        "the one-off scale reward already received; blank: not stated",
    ),
    InputField(
        "revenue_jan_to_jul",
        "money",
        "2024年前7个月累计营业收入",
        False,
        ("2024年度前7个月累计营业收入", "前7个月累计营业收入", "2024年前7个月营业收入", "前7个月营业收入"),
        "revenue January-July 2024 (yuan); blank: scale reward not applied for",
    ),
    InputField(
        "applied_on", "date", "申请日期", False, ("规模奖励申请日期",), "date the scale-reward application was made"
    ),
    InputField(
        "revenue_2024",
        "money",
        "2024年度累计营业收入",
        False,
        ("2024年度内累计营业收入", "2024年累计营业收入", "2024年度营业收入", "2024年营业收入"),
        "revenue 2024 (yuan); blank: growth reward not applied for",
    ),
    InputField(
        "growth_applied_on",
        "date",
        "做大做强奖励申请日期",
        False,
        ("做大做强申请日期",),
        "date of the growth-reward application; blank: validity not checked",
    ),
)
"""The input columns: model field name, Chinese header, accepted aliases (see ``docs/batch.md``)."""

USED_CAR_RESULTS: tuple[str, ...] = (
    "scale_eligible",
    "scale_amount",
    "scale_first_failed_clause",
    "scale_first_applied_row",
    "growth_eligible",
    "growth_amount",
    "growth_first_failed_clause",
    "total",
    "warnings",
    "error",
)
"""The result columns, in order."""

_DEALER_COUNT = 12
"""The first fields are the dealer's: 第二条's seven, then 附件2's four and the scale reward received."""
_DEALER_FIELDS = tuple(f.name for f in USED_CAR_FIELDS[:_DEALER_COUNT])
_TEMPLATE_CODE = "91150402MA0QUC015R"


def render_notes(notes: tuple[Note, ...]) -> str:
    """Warnings as one cell: 「[clause] 中文 / English」 joined by 「; 」, each note once."""
    return "; ".join(f"[{note.clause}] {note.zh} / {note.en}" for note in dict.fromkeys(notes))


_SCALE, _GROWTH, _DATED, _EARLY, _JOINT_UNKNOWN = 1, 2, 4, 8, 16
_UNSTATED_SHIFT = 5
"""Bits of a warnings code: the rewards applied for, the growth date given and early, the joint cap's
unknown scale reward; then one bit per pledge fact not stated (:data:`used_car.PLEDGE_FIELDS`)."""
_WARNING_CODES = 1 << (_UNSTATED_SHIFT + len(PLEDGE_FIELDS))


@cache
def _warning_labels(params: UsedCarParameters) -> tuple[str | None, ...]:
    """The warnings cell for each warnings code, from the scalar rules.

    The warnings of 87号's decisions do not depend on the figures, only on which
    rewards were applied for, whether the growth reward has its date and it is
    before the year ends, whether the joint cap lacks the scale reward, and
    which facts of the pledge are not stated; they are taken from the scalar
    functions themselves so the texts exist in one place.
    """
    labels: list[str | None] = []
    for code in range(_WARNING_CODES):
        facts = {
            name: None if code >> (_UNSTATED_SHIFT + i) & 1 else (name == "pledge_signed")
            for i, name in enumerate(PLEDGE_FIELDS)
        }
        dealer = Dealer(
            name="template",
            credit_code=_TEMPLATE_CODE,
            registered_on=params.registered_from,
            registered_in_hongshan=True,
            independent_legal_person=True,
            independent_accounting=True,
            key_monitored=True,
            **facts,
        )
        notes: tuple[Note, ...] = ()
        if code & _SCALE:
            notes += scale_reward(dealer, Decimal(0), params.valid_from, params=params).warnings
        if code & _GROWTH:
            day = None
            if code & _DATED:
                day = params.growth_year_end + (timedelta(0) if code & _EARLY else timedelta(days=1))
            scale = None if code & _JOINT_UNKNOWN else Decimal(0)
            notes += growth_reward(dealer, Decimal(0), applied_on=day, scale_awarded=scale, params=params).warnings
        labels.append(render_notes(notes) if notes else None)
    return tuple(labels)


def _code_hashes(keys: NDArray[np.uint8]) -> NDArray[np.uint64]:
    """One 64-bit hash of each row's 18 character values (read as three words), equal for equal codes."""
    words = (keys[:, :8].view(np.uint64)[:, 0], keys[:, 8:16].view(np.uint64)[:, 0], keys[:, 16:].view(np.uint16)[:, 0])
    mixed = words[0] * np.uint64(0x9E3779B97F4A7C15)
    mixed ^= words[1]
    mixed *= np.uint64(0xC2B2AE3D27D4EB4F)
    mixed ^= words[2]
    return mixed


def _code_numbers(keys: NDArray[np.uint8]) -> NDArray[np.int64]:
    """Each row's credit code (its 18 character values) as a small integer, equal exactly for equal codes.

    A hash table numbers the hashes of the codes, and every row is then checked to hold the same words as the
    first row of its number, so a collision of hashes (never seen, but possible) falls back to an exact sort
    instead of merging two codes.
    """
    import pandas as pd

    words = (keys[:, :8].view(np.uint64)[:, 0], keys[:, 8:16].view(np.uint64)[:, 0], keys[:, 16:].view(np.uint16)[:, 0])
    numbers, uniques = pd.factorize(_code_hashes(keys))
    numbers = numbers.astype(np.int64, copy=False)
    running = np.maximum.accumulate(numbers)
    new = np.ones(len(numbers), dtype=np.bool_)
    new[1:] = running[1:] > running[:-1]
    first = np.flatnonzero(new)  # pandas numbers in order of appearance: number k first appears at first[k]
    assert len(first) == len(uniques)
    representative = first[numbers]
    if not all(np.array_equal(word[representative], word) for word in words):
        _, numbers = np.unique(keys, axis=0, return_inverse=True)
        numbers = numbers.reshape(-1).astype(np.int64)
    return numbers


def _shared_codes(keys: NDArray[np.uint8], valid: NDArray[np.bool_]) -> NDArray[np.intp]:
    """The valid rows whose code's hash occurs on another valid row too (in row order): every row whose credit code
    repeats is among them (usually none, or few: one sort of the hashes decides it)."""
    rows = np.flatnonzero(valid)
    hashes = _code_hashes(keys)
    if len(rows) < len(valid):
        hashes = hashes[rows]
    ordered = np.sort(hashes)
    twice = ordered[1:] == ordered[:-1]
    if not twice.any():
        return np.zeros(0, dtype=np.intp)
    shared = np.unique(ordered[1:][twice])
    at = np.searchsorted(shared, hashes)
    np.minimum(at, len(shared) - 1, out=at)
    found: NDArray[np.intp] = rows[shared[at] == hashes]
    return found


def _first_applications(codes: Column, valid: NDArray[np.bool_], applied: NDArray[np.bool_]) -> NDArray[np.int64]:
    """For each row, the row of the first scale-reward application of its credit code, if it comes earlier (else -1).

    As ``used_car.assess_many`` reads the run: the first application for the
    scale reward of a code is decided as usual; any later row of that code
    sees it (「一次性」). Codes are compared as validated (NFKC, stripped,
    upper-cased), on the valid rows only. Only the rows whose code's hash repeats
    are numbered exactly (:func:`_code_numbers`); the others cannot repeat.
    """
    import pandas as pd

    rows = len(valid)
    first = np.full(rows, -1, dtype=np.int64)
    assert codes.keys is not None
    keys = np.ascontiguousarray(codes.keys)
    shared = _shared_codes(keys, valid)
    if not len(shared):
        return first
    numbers = _code_numbers(keys[shared])
    count = len(shared)
    earliest = np.full(int(numbers.max()) + 1, count, dtype=np.int64)
    where = np.flatnonzero(applied[shared])
    once = ~pd.Series(numbers[where]).duplicated(keep="first").to_numpy()
    earliest[numbers[where[once]]] = where[once]
    candidate = earliest[numbers]
    later = candidate < np.arange(count)
    first[shared[later]] = shared[candidate[later]]
    return first


def _zh_iso(day: int) -> str:
    return date.fromordinal(EPOCH.toordinal() + int(day)).isoformat()


def _set_of_rows(timeline: Timeline[UsedCarParameters], days: Any) -> NDArray[np.intp]:
    """For each row, the position in ``timeline.sets`` of the set in force on its governing day (0 without one)."""
    points = np.array([day_number(d) for d in timeline.changes], dtype=np.int64)
    found: NDArray[np.intp] = np.searchsorted(points, days.values, side="right")
    return np.where(days.present, found, 0)


def _pick(current: KernelResult, other: KernelResult, rows: NDArray[np.bool_]) -> KernelResult:
    """``other`` on ``rows``, ``current`` elsewhere."""
    return KernelResult(
        np.where(rows, other.eligible, current.eligible),
        np.where(rows, other.amount, current.amount),
        np.where(rows, other.failed, current.failed),
    )


@in_context
def used_car_frame(frame: Any, *, params: UsedCarParameters | None = None, keep_input: bool = True) -> Any:
    """Evaluate both rewards of 87号 for every row of ``frame`` (pandas, polars or pyarrow).

    Returns a frame of the same kind: the input columns (unless ``keep_input`` is
    false) followed by :data:`USED_CAR_RESULTS`. Amounts are exact yuan
    (decimal, two places); a reward not applied for (its revenue blank) has nulls;
    a row that fails validation has nulls and its messages in ``error``.
    「一次性奖励」: as in ``used_car.assess_many``, a later row of a credit code
    whose scale reward was applied for in an earlier row of the same call is
    refused, and ``scale_first_applied_row`` gives that earlier row's position
    (0-based, in this frame; repeats are found within one call, not across
    the partitions of a Dask frame). Raises
    ``InvalidInputError`` only for the frame as a whole (a required column
    missing, two columns for one field, result columns already present) and
    for parameters the integer kernels cannot represent exactly.

    Without ``params`` each row's rewards are decided with the parameters in
    force on their own application dates (``used_car.TIMELINE``), as
    ``used_car.assess`` decides them; ``params`` applies one set to every row.
    """
    timeline: Timeline[UsedCarParameters] | None = None
    if params is None:
        timeline = _parameters.TIMELINE
        params = timeline.base
        if not timeline.changes:
            timeline = None
    kernel_params = UsedCarIntegers.from_parameters(params)
    data = eager(frame)
    mapping = resolve(data.columns, USED_CAR_FIELDS)
    rows = len(data)
    errors = RowErrors(rows)
    columns = read_fields(data, USED_CAR_FIELDS[:_DEALER_COUNT], mapping, errors)
    dealer_valid = ~errors.mask()
    columns |= read_fields(data, USED_CAR_FIELDS[_DEALER_COUNT:], mapping, errors)
    registered = columns["registered_on"]
    for name in ("applied_on", "growth_applied_on"):
        applied = columns[name]
        header = label(next(f for f in USED_CAR_FIELDS if f.name == name), mapping)
        early = dealer_valid & applied.present & (applied.values < registered.values)
        for row in np.flatnonzero(early).tolist():
            on, reg = _zh_iso(applied.values[row]), _zh_iso(registered.values[row])
            errors.add(
                row,
                f"{header}: 申请日期{on}早于登记注册日期{reg} / "
                f"application date {on} is before the registration date {reg}",
            )
    scale_revenue, scale_date = columns["revenue_jan_to_jul"], columns["applied_on"]
    growth_revenue, growth_date = columns["revenue_2024"], columns["growth_applied_on"]
    fields_valid = ~errors.mask()
    errors.add_many(
        fields_valid & scale_revenue.present & ~scale_date.present,
        "申请规模奖励须提供申请日期 applied_on / the scale reward needs its application date applied_on",
    )
    errors.add_many(
        fields_valid & ~scale_revenue.present & ~growth_revenue.present,
        "至少提供 revenue_jan_to_jul 或 revenue_2024 之一 / give revenue_jan_to_jul, revenue_2024 or both",
    )
    valid = ~errors.mask()
    scale_on = valid & scale_revenue.present
    growth_on = valid & growth_revenue.present
    pledge_columns = [columns[name] for name in PLEDGE_FIELDS]
    # 附件2: the checks of used_car.PLEDGE_CONDITIONS, read from the table (an unstated fact passes), clause by
    # clause (三's facts, then the signature), as the kernels report their first failed clause apart
    pledge = _eligibility.PLEDGE_CONDITIONS
    values = {check.field: columns[check.field].values for check in pledge}
    stated = {check.field: columns[check.field].present for check in pledge}
    facts_ok, signed_ok = (
        columns_held([c for c in pledge if c.clause == clause], values, kernel_integer, None, rows, stated)
        for clause in dict.fromkeys(check.clause for check in pledge)
    )
    received_column = columns["scale_reward_received"]
    received = received_column.present & received_column.values
    first = _first_applications(columns["credit_code"], valid, scale_on)
    repeat = first >= 0
    # 第二条: the checks of used_car.DEALER_CONDITIONS, read from the table (exact integers)
    dealer_inputs = {check.field: columns[check.field].values for check in _eligibility.DEALER_CONDITIONS}
    kernels = [kernel_params]
    param_sets: list[UsedCarParameters] = [params]
    if timeline is not None:  # dated parameters: one pass of the kernels per set in force on some row's date
        param_sets = list(timeline.sets)
        kernels = [UsedCarIntegers.from_parameters(p) for p in param_sets]
        scale_set, growth_set = _set_of_rows(timeline, scale_date), _set_of_rows(timeline, growth_date)
    dealers = [columns_held(_eligibility.DEALER_CONDITIONS, dealer_inputs, kernel_integer, p, rows) for p in param_sets]

    def scale_with(k: int) -> KernelResult:
        return scale_kernel(
            kernels[k],
            dealers[k],
            scale_revenue.values,
            scale_date.values,
            pledge=facts_ok,
            signed=signed_ok,
            once=~received & ~repeat,
        )

    scale = scale_with(0)
    if timeline is not None:
        for k in np.unique(scale_set[scale_on]).tolist():
            if k:
                scale = _pick(scale, scale_with(k), scale_set == k)
    granted = scale.amount * scale_on
    scale_amount: Any = np.int64(kernel_params.scale_amount)
    joint_cap: Any = kernel_params.joint_cap
    year_end: Any = kernel_params.growth_year_end
    refuse_early: Any = kernel_params.refuse_growth_before_year_end
    if timeline is not None:
        scale_amount = np.array([k.scale_amount for k in kernels], dtype=np.int64)[growth_set]
        joint_cap = np.array([k.joint_cap for k in kernels], dtype=np.bool_)[growth_set]
        year_end = np.array([k.growth_year_end for k in kernels], dtype=np.int64)[growth_set]
        refuse_early = np.array([k.refuse_growth_before_year_end for k in kernels], dtype=np.bool_)[growth_set]
    counted = (
        np.where(
            received,
            scale_amount,
            np.where(scale_on & scale.eligible, granted, np.where(repeat, granted[np.maximum(first, 0)], 0)),
        )
        if timeline is not None or kernel_params.joint_cap
        else None  # only the joint cap reads it
    )
    unknown = joint_cap & ~received_column.present & ~scale_on & ~repeat

    def growth_with(k: int) -> KernelResult:
        return growth_kernel(
            kernels[k],
            dealers[k],
            growth_revenue.values,
            growth_date.values,
            growth_date.present,
            pledge=facts_ok,
            signed=signed_ok,
            counted=counted,
        )

    growth = growth_with(0)
    if timeline is not None:
        for k in np.unique(growth_set[growth_on]).tolist():
            if k:
                growth = _pick(growth, growth_with(k), growth_set == k)
    early_growth = growth_date.present & (growth_date.values <= year_end)
    early_warning = early_growth & ~np.asarray(refuse_early)
    total = granted + growth.amount * growth_on
    combination = (
        scale_on.astype(np.int32)
        + _GROWTH * growth_on
        + growth_on * (_DATED * growth_date.present + _EARLY * early_warning + _JOINT_UNKNOWN * unknown)
    )
    for i, column in enumerate(pledge_columns):
        combination += (1 << (_UNSTATED_SHIFT + i)) * ~column.present
    table = pa.table(
        {
            "scale_eligible": flag_column(scale.eligible, scale_on),
            "scale_amount": fen_column(scale.amount, scale_on),
            "scale_first_failed_clause": codes_column(scale.failed, CLAUSES, scale_on),
            "scale_first_applied_row": int_column(first, scale_on & repeat),
            "growth_eligible": flag_column(growth.eligible, growth_on),
            "growth_amount": fen_column(growth.amount, growth_on),
            "growth_first_failed_clause": codes_column(growth.failed, CLAUSES, growth_on),
            "total": fen_column(total, valid),
            "warnings": codes_column(combination, _warning_labels(params), valid),
            "error": errors.to_arrow(),
        }
    )
    return attach(data, table, keep_input=keep_input)
