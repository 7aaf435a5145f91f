"""87号 (used-car rewards) over a frame of applications: one result row per input row, in order.

The input columns are the fields of :class:`hongshan_policy.used_car.Application`
with the dealer's fields flattened; each also answers to its Chinese header
(:data:`USED_CAR_FIELDS`). A row is validated as the model would validate it
(every field, an application date not before registration, the scale reward's
date, at least one revenue); a row that fails gets its messages in ``error``
and nulls elsewhere. Valid rows go through the integer kernels.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from ..decisions import Note
from ..used_car import DEFAULTS, Dealer, UsedCarParameters, growth_reward, scale_reward
from ._frames import InputField, RowErrors, attach, eager, label, read_fields, resolve
from ._kernels import CLAUSES, EPOCH, UsedCarIntegers, dealer_kernel, growth_kernel, scale_kernel
from ._results import codes_column, fen_column, flag_column

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
    "growth_eligible",
    "growth_amount",
    "growth_first_failed_clause",
    "total",
    "warnings",
    "error",
)
"""The result columns, in order."""

_DEALER_FIELDS = tuple(f.name for f in USED_CAR_FIELDS[:7])
_TEMPLATE_CODE = "91150402MA0QUC015R"


def render_notes(notes: tuple[Note, ...]) -> str:
    """Warnings as one cell: 「[clause] 中文 / English」 joined by 「; 」, each note once."""
    return "; ".join(f"[{note.clause}] {note.zh} / {note.en}" for note in dict.fromkeys(notes))


@cache
def _warning_labels(params: UsedCarParameters) -> tuple[str | None, ...]:
    """The warnings cell for each combination (scale applied, growth applied, growth dated), from the scalar rules.

    The warnings of 87号's decisions do not depend on the figures, only on which
    rewards were applied for and whether the growth reward has its date; they are
    taken from the scalar functions themselves so the texts exist in one place.
    """
    dealer = Dealer(
        name="template",
        credit_code=_TEMPLATE_CODE,
        registered_on=params.registered_from,
        registered_in_hongshan=True,
        independent_legal_person=True,
        independent_accounting=True,
        key_monitored=True,
    )
    day = params.valid_from
    scale = scale_reward(dealer, Decimal(0), day, params=params).warnings
    dated = growth_reward(dealer, Decimal(0), applied_on=day, params=params).warnings
    undated = growth_reward(dealer, Decimal(0), params=params).warnings
    labels: list[str | None] = []
    for code in range(8):
        notes: tuple[Note, ...] = ()
        if code & 1:
            notes += scale
        if code & 2:
            notes += dated if code & 4 else undated
        labels.append(render_notes(notes) if notes else None)
    return tuple(labels)


def _zh_iso(day: int) -> str:
    return date.fromordinal(EPOCH.toordinal() + int(day)).isoformat()


def used_car_frame(frame: Any, *, params: UsedCarParameters = DEFAULTS, keep_input: bool = True) -> Any:
    """Evaluate both rewards of 87号 for every row of ``frame`` (pandas, polars or pyarrow).

    Returns a frame of the same kind: the input columns (unless ``keep_input`` is
    false) followed by :data:`USED_CAR_RESULTS`. Amounts are exact yuan
    (decimal, two places); a reward not applied for (its revenue blank) has nulls;
    a row that fails validation has nulls and its messages in ``error``. Raises
    ``InvalidInputError`` only for the frame as a whole (a required column
    missing, two columns for one field, result columns already present) and
    for parameters the integer kernels cannot represent exactly.
    """
    kernel_params = UsedCarIntegers.from_parameters(params)
    data = eager(frame)
    mapping = resolve(data.columns, USED_CAR_FIELDS)
    rows = len(data)
    errors = RowErrors(rows)
    columns = read_fields(data, USED_CAR_FIELDS[:7], mapping, errors)
    dealer_valid = ~errors.mask()
    columns |= read_fields(data, USED_CAR_FIELDS[7:], mapping, errors)
    registered = columns["registered_on"]
    for position in (8, 10):
        applied = columns[USED_CAR_FIELDS[position].name]
        name = label(USED_CAR_FIELDS[position], mapping)
        early = dealer_valid & applied.present & (applied.values < registered.values)
        for row in np.flatnonzero(early).tolist():
            on, reg = _zh_iso(applied.values[row]), _zh_iso(registered.values[row])
            errors.add(
                row,
                f"{name}: 申请日期{on}早于登记注册日期{reg} / "
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
    dealer = dealer_kernel(kernel_params, registered.values, *(columns[name].values for name in _DEALER_FIELDS[3:]))
    scale = scale_kernel(kernel_params, dealer, scale_revenue.values, scale_date.values)
    growth = growth_kernel(kernel_params, dealer, growth_revenue.values, growth_date.values, growth_date.present)
    scale_on = valid & scale_revenue.present
    growth_on = valid & growth_revenue.present
    total = scale.amount * scale_on + growth.amount * growth_on
    combination = scale_on.astype(np.int8) + 2 * growth_on + 4 * (growth_on & growth_date.present)
    table = pa.table(
        {
            "scale_eligible": flag_column(scale.eligible, scale_on),
            "scale_amount": fen_column(scale.amount, scale_on),
            "scale_first_failed_clause": codes_column(scale.failed, CLAUSES, scale_on),
            "growth_eligible": flag_column(growth.eligible, growth_on),
            "growth_amount": fen_column(growth.amount, growth_on),
            "growth_first_failed_clause": codes_column(growth.failed, CLAUSES, growth_on),
            "total": fen_column(total, valid),
            "warnings": codes_column(combination, _warning_labels(params), valid),
            "error": errors.to_arrow(),
        }
    )
    return attach(data, table, keep_input=keep_input)
