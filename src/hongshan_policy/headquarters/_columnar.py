"""79号 (headquarters enterprises) over frames: the rent-subsidy schedule and the land-price subsidy.

One result row per input row, in order, as for 87号 (``used_car._columnar``). The input
columns are the fields of :class:`~hongshan_policy.headquarters.Enterprise` and
:class:`~hongshan_policy.headquarters.Lease` (rent) or
:class:`~hongshan_policy.headquarters.LandDeal` and
:class:`~hongshan_policy.headquarters.LandProject` (land), flattened, each also
under its Chinese header. The scalar functions ``rent_eligibility``,
``rent_subsidy``, ``land_subsidy`` and ``land_subsidy_tranches`` are the
specification; messages and warnings that depend on a single row's figures are
taken from the scalar models and rules themselves for that row.

Amounts: the rent of a lease year by :func:`rent_year_kernel` (int64 fen); the
land subsidy, whose products exceed 64 bits (rate × reserve price × floor
areas), in exact Python integers, row by row (land registers hold a handful of
projects).

The frame engine (reading and validating columns, attaching results) is generic, in
:mod:`hongshan_policy.batch`, which imports this module: ``import hongshan_policy.headquarters`` does not load it
(numpy, pyarrow).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray
from pydantic import ValidationError

from .. import headquarters as hq
from ..batch._columns import Column
from ..batch._frames import InputField, RowErrors, attach, eager, label, read_fields, resolve
from ..batch._kernels import EPOCH, day_number, kernel_integer
from ..batch._results import fen_column, flag_column
from ..batch._typing import ArrowArray
from ..comparisons import WORDS, holds
from ..conditions import TypedCheck, column_checks
from ..decisions import Note
from ..errors import PolicyError
from ..inputs import in_context
from . import _conditions
from ._land import WITHIN_REMAINDER
from ._parameters import DEFAULTS as HQ_DEFAULTS
from ._parameters import HQParameters
from ._rent_kernels import MAX_AREA_CENTI, MAX_RATE_FEN, RentIntegers, lease_year_bounds, rent_year_kernel

__all__ = [
    "HQ_LAND_FIELDS",
    "HQ_RENT_FIELDS",
    "hq_land_frame",
    "hq_land_results",
    "hq_rent_frame",
    "hq_rent_results",
    "land_amount_fen",
    "land_tranches_fen",
]

ENTERPRISE_FIELDS: tuple[InputField, ...] = (
    InputField("name", "text", "企业名称", True, ("名称",), "name of the enterprise"),
    InputField("credit_code", "credit_code", "统一社会信用代码", True, ("信用代码",), "unified social credit code"),
    InputField("registered_on", "date", "工商注册日期", True, ("注册日期", "登记注册日期"), "business registration"),
    InputField(
        "registered_in_hongshan", "flag", "在红山区依法登记注册纳税", True, ("红山区登记注册纳税",), "in Hongshan"
    ),
    InputField("independent_legal_person", "flag", "有独立法人资格", True, ("独立法人资格",), "legal person"),
    InputField("independent_accounting", "flag", "独立核算", True, (), "independent accounts"),
    InputField("serious_dishonesty_record", "flag", "严重违法失信记录", True, ("有严重违法失信记录",), "record"),
    InputField("hq_functions", "flag", "总部职能", True, ("具有总部职能",), "headquarters functions"),
    InputField("registered_capital", "money", "注册资本金", True, ("注册资本",), "registered capital (yuan)"),
    InputField("industry_code", "industry_code", "行业分类代码", True, ("行业代码",), "GB/T 4754-2017 code"),
    InputField("business_form", "business_form", "经营业态", True, (), "main business form"),
    InputField(
        "conforms_to_industrial_policy",
        "flag",
        "符合产业发展政策",
        True,
        ("符合国家、自治区、赤峰市及红山区产业发展政策",),
        "conforms to the industrial policies",
    ),
)
STATISTICS = InputField(
    "statistics_registered_on",
    "date",
    "入统日期",
    False,
    ("完成入统日期",),
    "entered in the statistics; blank: not yet",
)
LEASE_FIELDS: tuple[InputField, ...] = (
    InputField("signed_on", "date", "房屋租赁合同签订日期", True, ("租赁合同签订日期",), "lease signed"),
    InputField("start", "date", "租赁起始日", True, ("租赁起始日期",), "first day of the lease"),
    InputField("end", "date", "租赁期限届满日", False, ("租赁届满日",), "last day of the lease; blank: 5 years+"),
    InputField("floor_area_m2", "money", "运营面积", True, ("建筑面积", "运营面积(建筑面积)"), "floor area (m²)"),
    InputField("district", "district", "片区", True, (), "district of the premises"),
    InputField("agreed_rate", "money", "协议补贴标准", True, ("补贴标准",), "agreed rate (yuan per m² per day)"),
    InputField("specialised_ratio", "ratio", "专业化业态比例", True, (), "specialised share (0.7 is 70%)"),
    InputField("state_owned", "flag", "国有资产", False, (), "state-owned premises"),
)
OTHER_SUBSIDIES = InputField(
    "other_subsidies",
    "names",
    "其他同类奖补",
    False,
    ("同类奖补",),
    "other subsidies of the same kind (names, 、-separated)",
)
DEAL_FIELDS: tuple[InputField, ...] = (
    InputField("contract_signed_on", "date", "土地出让合同签订日期", True, ("出让合同签订日期",), "land contract"),
    InputField(
        "new_project_in_hongshan",
        "flag",
        "新建项目在红山区实施",
        False,
        (),
        "new project in Hongshan (blank: presumed)",
    ),
    InputField("reserve_price", "money", "土地出让底价", True, ("出让底价",), "reserve price (yuan)"),
    InputField("winning_price", "money", "土地拍得价款", True, ("拍得价款",), "winning price (yuan)"),
    InputField("comprehensive_cost", "money", "土地综合成本", False, (), "comprehensive cost (yuan)"),
    InputField("benchmark_price", "money", "区域基准地价", False, (), "benchmark land price (yuan)"),
    InputField("area_mu", "money", "土地面积", True, (), "land area (mu)"),
    InputField("fixed_asset_investment", "money", "固定资产投资", True, (), "fixed-asset investment (yuan)"),
    InputField("same_entity", "flag", "竞得建设运营同一主体", True, ("竞得土地、建设、运营为同一主体",), "one entity"),
    InputField("land_use_changed", "flag", "变更土地用途", True, (), "land use changed"),
    InputField("above_ground_floor_area", "money", "地上总建筑面积", True, (), "above-ground floor area (m²)"),
    InputField("self_held_floor_area", "money", "企业持有地上建筑面积", True, ("自持面积",), "self-held area (m²)"),
    InputField(
        "commercial_apartment_floor_area", "money", "商业公寓建筑面积", False, ("商业公寓面积",), "apartments (m²)"
    ),
)
PROJECT_FIELDS: tuple[InputField, ...] = (
    InputField("completed_on", "date", "项目正式竣工日期", False, ("竣工日期",), "formal completion; blank: not yet"),
    InputField("statistics_registered_on", "date", "入统日期", False, ("完成入统日期",), "entered in the statistics"),
    InputField("direct_jobs", "count", "直接带动就业人数", True, ("带动就业人数",), "jobs directly created"),
)
RATE = InputField("rate", "ratio", "奖补比例", False, (), "rate of the reserve price; blank: the maximum (25%)")

HQ_RENT_FIELDS: tuple[InputField, ...] = (*ENTERPRISE_FIELDS, STATISTICS, *LEASE_FIELDS, OTHER_SUBSIDIES)
"""The input columns of ``--policy hq-rent``."""
HQ_LAND_FIELDS: tuple[InputField, ...] = (*ENTERPRISE_FIELDS, *DEAL_FIELDS, *PROJECT_FIELDS, RATE, OTHER_SUBSIDIES)
"""The input columns of ``--policy hq-land`` (``statistics_registered_on`` is the project's 入统 date)."""

_BIG_DAY = 10**8


def hq_rent_results(params: HQParameters = HQ_DEFAULTS) -> tuple[str, ...]:
    """The result columns of :func:`hq_rent_frame`: one ``rent_year_<n>`` per lease year of the schedule."""
    years = params.rent_full_years + params.rent_half_years
    return (
        "rent_eligible",
        "rent_first_failed_clause",
        *(f"rent_year_{year}" for year in range(1, years + 1)),
        "rent_total",
        "warnings",
        "error",
    )


def hq_land_results(params: HQParameters = HQ_DEFAULTS) -> tuple[str, ...]:
    """The result columns of :func:`hq_land_frame`: amount and the four tranches of 第三条(一)1–4."""
    return (
        "land_eligible",
        "land_amount",
        "land_first_failed_clause",
        *(f"land_tranche_{n}" for n in range(1, 5)),
        "warnings",
        "error",
    )


# ---------------------------------------------------------------------------
# Rows back to the scalar models (for the messages and notes of single rows)
# ---------------------------------------------------------------------------


def _day(number: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(number))


def _python(
    columns: dict[str, Column], fields: Sequence[InputField], row: int, texts: dict[str, Any]
) -> dict[str, Any]:
    """The values of ``row`` as a model would take them (fen to yuan, day numbers to dates); absent values left out."""
    values: dict[str, Any] = {}
    for field in fields:
        column = columns[field.name]
        if field.kind in ("text", "credit_code"):
            values[field.name] = texts[field.name][row]
        elif column.present[row]:
            value = column.values[row]
            if field.kind == "money":
                value = Decimal(int(value)) / 100
            elif field.kind == "date":
                value = _day(value)
            elif field.kind == "flag":
                value = bool(value)
            elif field.kind == "count":
                value = int(value)
            values[field.name] = value
    return values


def _texts(data: Any, mapping: dict[str, str], fields: Sequence[InputField], rows: list[int]) -> dict[str, Any]:
    """The raw text cells of ``rows`` for the text fields (not kept by the column readers)."""
    result: dict[str, Any] = {}
    for field in fields:
        if field.kind in ("text", "credit_code"):
            cells = data.get_column(mapping[field.name]).to_list()
            result[field.name] = {
                row: cells[row].strip() if isinstance(cells[row], str) else cells[row] for row in rows
            }
    return result


def _validation_messages(error: ValidationError) -> list[str]:
    messages = []
    for item in error.errors(include_url=False):
        message = item["msg"].removeprefix("Value error, ")
        where = ".".join(str(part) for part in item["loc"])
        messages.append(f"{where}: {message}" if where else message)
    return messages


def _notes(notes: Sequence[Note]) -> str:
    return "; ".join(f"[{note.clause}] {note.zh} / {note.en}" for note in dict.fromkeys(notes))


def _text_column(texts: Sequence[str | None]) -> ArrowArray:
    """Strings as a dictionary-encoded (categorical) column."""
    return pa.array(list(texts), pa.string()).dictionary_encode()


def _first_failed(
    checks: Sequence[tuple[NDArray[np.bool_], str]], rows: int
) -> tuple[NDArray[np.bool_], list[str | None]]:
    """Where every check held, and the clause of each row's first failed check (checks are ``(held, key)``)."""
    held = np.ones(rows, dtype=np.bool_)
    first: list[str | None] = [None] * rows
    for ok, key in checks:
        clause = key.partition("/")[0]  # a reason's key is <clause>/<condition>
        for row in np.flatnonzero(held & ~ok).tolist():
            first[row] = clause
        held &= ok
    return held, first


def _per_value(values: NDArray[Any], present: NDArray[np.bool_], test: Callable[[Any], bool]) -> NDArray[np.bool_]:
    """``test`` of each present value (computed once per distinct value)."""
    cache: dict[Any, bool] = {}
    result = np.zeros(len(values), dtype=np.bool_)
    for row in np.flatnonzero(present).tolist():
        value = values[row]
        if value not in cache:
            cache[value] = test(value)
        result[row] = cache[value]
    return result


def _checks(
    tables: Sequence[Sequence[TypedCheck]], c: dict[str, Column], params: HQParameters, valid: NDArray[np.bool_]
) -> list[tuple[NDArray[np.bool_], str]]:
    """Each check of ``tables`` (``headquarters._conditions``), in order, as ``(held, key)`` over the columns."""
    rows = len(valid)
    return [pair for table in tables for pair in column_checks(table, c, kernel_integer, params, rows, valid)]


def _in_range(errors: RowErrors, column: Column, field: InputField, mapping: dict[str, str], limit: int) -> None:
    too_big = column.present & (column.values > limit)
    for row in np.flatnonzero(too_big).tolist():
        errors.add(row, f"{label(field, mapping)}: 超出可计算范围 / out of the range the kernels compute exactly")


def _positive(errors: RowErrors, column: Column, field: InputField, mapping: dict[str, str]) -> None:
    for row in np.flatnonzero(column.present & (column.values <= 0)).tolist():
        errors.add(row, f"{label(field, mapping)}: 应大于0 / must be greater than 0")


# ---------------------------------------------------------------------------
# 第三条(二): the rent-subsidy schedule
# ---------------------------------------------------------------------------


@in_context
def hq_rent_frame(frame: Any, *, params: HQParameters = HQ_DEFAULTS, keep_input: bool = True) -> Any:
    """The rent subsidy of 79号 第三条(二) for every row: conditions once, then one column per lease year.

    Returns the input (unless ``keep_input`` is false) followed by
    :func:`hq_rent_results`: ``rent_eligible`` and the first failed clause of
    ``rent_eligibility``; ``rent_year_<n>``, the amount of ``rent_subsidy(…, n)``
    (0.00 where that year is not granted: the lease ended before it, or the
    policy was superseded); their total; the warnings; the row's error.
    """
    k = RentIntegers.from_parameters(params)
    data = eager(frame)
    mapping = resolve(data.columns, HQ_RENT_FIELDS)
    rows = len(data)
    errors = RowErrors(rows)
    c = read_fields(data, HQ_RENT_FIELDS, mapping, errors)
    by_name = {f.name: f for f in HQ_RENT_FIELDS}
    _in_range(errors, c["floor_area_m2"], by_name["floor_area_m2"], mapping, MAX_AREA_CENTI)
    _in_range(errors, c["agreed_rate"], by_name["agreed_rate"], mapping, MAX_RATE_FEN)
    fields_ok = ~errors.mask()
    statistics, registered = c["statistics_registered_on"], c["registered_on"]
    start, end, signed = c["start"], c["end"], c["signed_on"]
    suspect = fields_ok & (
        (statistics.present & (statistics.values < registered.values)) | (end.present & (end.values < start.values))
    )
    suspects = np.flatnonzero(suspect).tolist()
    texts = _texts(data, mapping, HQ_RENT_FIELDS, suspects)
    for row in suspects:
        for model, fields in ((hq.Enterprise, (*ENTERPRISE_FIELDS, STATISTICS)), (hq.Lease, LEASE_FIELDS)):
            try:
                model.model_validate(_python(c, fields, row, texts))
            except ValidationError as error:
                for message in _validation_messages(error):
                    errors.add(row, message)
    valid = ~errors.mask()

    # 第二条 (not its item (二)), 第三条(二) and 第五条(一): rent_subsidy's tables (headquarters._conditions)
    checks = _checks((_conditions.HQ_CONDITIONS, _conditions.RENT_CONDITIONS), c, params, valid)
    eligible, first = _first_failed(checks, rows)
    eligible &= valid

    years = k.full_years + k.half_years
    ends = np.where(end.present, end.values, _BIG_DAY)
    superseded = params.superseded_on
    # rent_days_from: days before the later of the signing date and the policy's start earn nothing
    earning = None
    if params.rent_days_from == "signed-and-in-force":
        earning = np.maximum(signed.values.astype(np.int64), day_number(params.valid_from))
    amounts = []
    for year in range(1, years + 1):
        bounds = lease_year_bounds(start.values, year, ends)
        days = bounds.days
        if earning is not None:
            days = np.maximum(bounds.last - np.maximum(bounds.first, earning) + 1, 0)
        granted = eligible & (days > 0)
        if superseded is not None:
            granted &= WORDS["前"].test(bounds.last, day_number(superseded) - 1)  # 「废止后……不再享受」
        amounts.append(rent_year_kernel(k, c["floor_area_m2"].values, c["agreed_rate"].values, days, year))
        amounts[-1] *= granted
    total = np.sum(amounts, axis=0) if amounts else np.zeros(rows, dtype=np.int64)

    warnings = _rent_warnings(data, mapping, c, valid, params)
    columns: dict[str, ArrowArray] = {
        "rent_eligible": flag_column(eligible, valid),
        "rent_first_failed_clause": _text_column(
            [f if v else None for f, v in zip(first, valid.tolist(), strict=True)]
        ),
    }
    for year, amount in enumerate(amounts, start=1):
        columns[f"rent_year_{year}"] = fen_column(amount, valid)
    columns["rent_total"] = fen_column(total, valid)
    columns["warnings"] = _text_column(warnings)
    columns["error"] = errors.to_arrow()
    return attach(data, pa.table(columns), keep_input=keep_input)


def _rent_template(params: HQParameters) -> tuple[hq.Enterprise, hq.Lease]:
    enterprise = hq.Enterprise(
        name="template",
        credit_code="91150402MA0QUC015R",
        registered_on=params.valid_from,
        registered_in_hongshan=True,
        independent_legal_person=True,
        independent_accounting=True,
        serious_dishonesty_record=False,
        hq_functions=True,
        registered_capital=params.registered_capital_min,
        industry_code="I65",
        business_form=hq.BusinessForm.DIGITAL_ECONOMY,
        conforms_to_industrial_policy=True,
    )
    low, _ = params.rate_range(hq.District.WANDA)
    lease = hq.Lease(
        signed_on=params.valid_from,
        start=params.valid_from,
        floor_area_m2=params.rent_floor_area_min,
        district=hq.District.WANDA,
        agreed_rate=low,
        specialised_ratio=params.rent_specialised_ratio_min,
    )
    return enterprise, lease


def _rent_warnings(
    data: Any, mapping: dict[str, str], c: dict[str, Column], valid: NDArray[np.bool_], params: HQParameters
) -> list[str | None]:
    """The warnings of ``rent_eligibility`` for each valid row.

    Most rows carry the same notes (the judgement of 第二条, the agreement of
    第三条(二)2): taken once from the scalar rule. A row whose agreed rate is
    outside its district's reference range, whose lease starts before it was
    signed, or which declares other subsidies has notes of its own: taken from
    the scalar rule for that row.
    """
    enterprise, lease = _rent_template(params)
    common = _notes(hq.rent_eligibility(enterprise, lease, params=params).warnings)
    bounds = {d: tuple(int(v * 100) for v in params.rate_range(d)) for d in hq.District}
    rate = c["agreed_rate"].values
    district = c["district"].values
    special = valid & (c["start"].values < c["signed_on"].values)
    special |= valid & (c["start"].values < day_number(params.valid_from))  # the note of rent_days_from
    special |= valid & np.array([bool(names) for names in c["other_subsidies"].values], dtype=np.bool_)
    for row in np.flatnonzero(valid).tolist():
        low, high = bounds[district[row]]
        if not (holds(int(rate[row]), "不低于", low) and holds(int(rate[row]), "不超过", high)):
            special[row] = True
    result: list[str | None] = [common if ok else None for ok in valid.tolist()]
    rows = np.flatnonzero(special).tolist()
    texts = _texts(data, mapping, HQ_RENT_FIELDS, rows)
    for row in rows:
        e = hq.Enterprise.model_validate(_python(c, (*ENTERPRISE_FIELDS, STATISTICS), row, texts))
        lease = hq.Lease.model_validate(_python(c, LEASE_FIELDS, row, texts))
        other = c["other_subsidies"].values[row] or ()
        result[row] = _notes(hq.rent_eligibility(e, lease, other_subsidies=other, params=params).warnings)
    return result


# ---------------------------------------------------------------------------
# 第三条(一): the land-price subsidy and its tranches
# ---------------------------------------------------------------------------


def _fraction(value: Decimal) -> tuple[int, int]:
    """A finite ``Decimal`` as an exact ``numerator / 10**k``."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    return int(value.scaleb(places)), 10**places


def land_amount_fen(rate: Decimal, reserve: int, above: int, apartments: int, remainder: int) -> tuple[int, bool]:
    """第三条(一): the land subsidy in fen, exactly, and whether the remainder allows any.

    rate × reserve price × (above − apartments) ÷ above (商业公寓不予奖补, pro
    rata), at most the remainder of the winning price, rounded half up to the fen
    once: all in integers (reserve and remainder in fen, areas in hundredths).
    """
    if not holds(remainder, "超过", 0):  # 「不得超过……剩余数额」: nothing remains
        return 0, False
    numerator, denominator = _fraction(rate)
    top = numerator * reserve * (above - apartments)
    bottom = denominator * above
    if not holds(top, "不超过", remainder * bottom):  # above the remainder: the remainder
        return remainder, True
    return (2 * top + bottom) // (2 * bottom), True


def land_tranches_fen(amount: int, params: HQParameters) -> tuple[int, int, int, int]:
    """第三条(一)1–4: the four tranches in fen as :func:`~hongshan_policy.headquarters.land_subsidy_tranches`.

    The first three are their shares rounded half up, the last takes the rest;
    below 30 fen of shares, where that could leave the last negative, each is the
    rounded running share less the one before.
    """
    shares = (
        params.tranche_foundation_share,
        params.tranche_structure_share,
        params.tranche_completion_share,
        params.tranche_evaluation_share,
    )
    places = max(max(0, -int(share.as_tuple().exponent)) for share in shares)
    denominator = 10**places
    numerators = [int(share.scaleb(places)) for share in shares]
    firsts = [(2 * amount * n + denominator) // (2 * denominator) for n in numerators[:3]]
    if sum(firsts) <= amount:
        return firsts[0], firsts[1], firsts[2], amount - sum(firsts)
    running = paid = 0
    tranches = []
    for n in numerators:
        running += n
        upto = amount if running == denominator else (2 * amount * running + denominator) // (2 * denominator)
        tranches.append(upto - paid)
        paid = upto
    return tranches[0], tranches[1], tranches[2], tranches[3]


@in_context
def hq_land_frame(frame: Any, *, params: HQParameters = HQ_DEFAULTS, keep_input: bool = True) -> Any:
    """The land-price subsidy of 79号 第三条(一) for every row, with its four tranches.

    Returns the input (unless ``keep_input`` is false) followed by
    :func:`hq_land_results`: ``land_eligible``, ``land_amount`` (the most that may
    be granted) and the first failed clause of ``land_subsidy``; the four
    tranches of ``land_subsidy_tranches``; the warnings; the row's error. A rate
    above 25%, a completion before the contract, or neither the comprehensive
    cost nor the benchmark price given is a row error, as the scalar rule raises.
    """
    data = eager(frame)
    mapping = resolve(data.columns, HQ_LAND_FIELDS)
    rows = len(data)
    errors = RowErrors(rows)
    c = read_fields(data, HQ_LAND_FIELDS, mapping, errors)
    by_name = {f.name: f for f in HQ_LAND_FIELDS}
    _positive(errors, c["area_mu"], by_name["area_mu"], mapping)
    _positive(errors, c["above_ground_floor_area"], by_name["above_ground_floor_area"], mapping)
    fields_ok = ~errors.mask()
    above, held, apartments = (
        c["above_ground_floor_area"],
        c["self_held_floor_area"],
        c["commercial_apartment_floor_area"],
    )
    rate = c["rate"]
    rate_max = params.land_rate_max
    too_high = _per_value(rate.values, rate.present, lambda r: not holds(r, "最高", rate_max))
    completed, signed = c["completed_on"], c["contract_signed_on"]
    suspect = fields_ok & (
        (held.values > above.values)
        | (apartments.values > above.values)
        | (c["winning_price"].values < c["reserve_price"].values)
        | too_high
        | (completed.present & (completed.values < signed.values))
        | (~c["comprehensive_cost"].present & ~c["benchmark_price"].present)
    )
    suspects = np.flatnonzero(suspect).tolist()
    texts = _texts(data, mapping, HQ_LAND_FIELDS, suspects)
    for row in suspects:
        for message in _land_errors(c, row, texts, params):
            errors.add(row, message)
    valid = ~errors.mask()

    # 第二条, its item (二) and 第三条(一): the tables of land_subsidy, read from headquarters._conditions
    tables = (_conditions.HQ_CONDITIONS, _conditions.LAND_CONDITIONS, _conditions.LAND_SUBSIDY_CONDITIONS)
    checks = _checks(tables, c, params, valid)
    amount = np.zeros(rows, dtype=np.int64)
    remains = np.zeros(rows, dtype=np.bool_)
    tranches = np.zeros((4, rows), dtype=np.int64)
    conditions, _ = _first_failed(checks, rows)
    # As the scalar rule: the amount and its cap are computed only where every condition holds.
    for row in np.flatnonzero(valid & conditions).tolist():
        fen, positive = land_amount_fen(
            rate.values[row] if rate.present[row] else rate_max,
            int(c["reserve_price"].values[row]),
            int(above.values[row]),
            int(apartments.values[row]) if apartments.present[row] else 0,
            _remainder(c, row, params),
        )
        # 「商业公寓不予奖补」: above-ground area entirely commercial apartments leaves nothing to subsidise
        positive &= holds(
            int(above.values[row]) - (int(apartments.values[row]) if apartments.present[row] else 0), "超过", 0
        )
        remains[row] = positive
        if positive:
            amount[row] = fen
            tranches[:, row] = land_tranches_fen(fen, params)
    checks.append((remains, WITHIN_REMAINDER))  # no subsidisable area, or a remainder not above 0: nothing to grant
    eligible, first = _first_failed(checks, rows)
    eligible &= valid

    warnings = _land_warnings(data, mapping, c, valid, params)
    columns: dict[str, ArrowArray] = {
        "land_eligible": flag_column(eligible, valid),
        "land_amount": fen_column(amount, valid),
        "land_first_failed_clause": _text_column(
            [f if v else None for f, v in zip(first, valid.tolist(), strict=True)]
        ),
    }
    for n in range(4):
        columns[f"land_tranche_{n + 1}"] = fen_column(tranches[n], valid)
    columns["warnings"] = _text_column(warnings)
    columns["error"] = errors.to_arrow()
    return attach(data, pa.table(columns), keep_input=keep_input)


def _land_template(params: HQParameters) -> tuple[hq.Enterprise, hq.LandDeal, hq.LandProject]:
    enterprise = _rent_template(params)[0]
    deal = hq.LandDeal(
        contract_signed_on=params.valid_from,
        new_project_in_hongshan=True,
        reserve_price=Decimal(1_000_000),
        winning_price=Decimal(2_000_000),
        comprehensive_cost=Decimal(0),
        area_mu=Decimal(1),
        fixed_asset_investment=params.investment_per_mu_min,
        same_entity=True,
        land_use_changed=False,
        above_ground_floor_area=Decimal(1000),
        self_held_floor_area=Decimal(1000),
    )
    project = hq.LandProject(
        completed_on=params.valid_from, statistics_registered_on=params.valid_from, direct_jobs=params.direct_jobs_min
    )
    return enterprise, deal, project


def _land_warnings(
    data: Any, mapping: dict[str, str], c: dict[str, Column], valid: NDArray[np.bool_], params: HQParameters
) -> list[str | None]:
    """The warnings of ``land_subsidy`` for each valid row: the common notes once, a row's own from the rule."""
    common = _notes(hq.land_subsidy(*_land_template(params), rate=params.land_rate_max, params=params).warnings)
    result: list[str | None] = [common if ok else None for ok in valid.tolist()]
    rows = [row for row in np.flatnonzero(valid).tolist() if c["other_subsidies"].values[row]]
    texts = _texts(data, mapping, HQ_LAND_FIELDS, rows)
    for row in rows:
        enterprise = hq.Enterprise.model_validate(_python(c, ENTERPRISE_FIELDS, row, texts))
        deal = hq.LandDeal.model_validate(_python(c, DEAL_FIELDS, row, texts))
        project = hq.LandProject.model_validate(_python(c, PROJECT_FIELDS, row, texts))
        rate = c["rate"].values[row] if c["rate"].present[row] else params.land_rate_max
        decision = hq.land_subsidy(
            enterprise, deal, project, rate=rate, other_subsidies=c["other_subsidies"].values[row], params=params
        )
        result[row] = _notes(decision.warnings)
    return result


def _remainder(c: dict[str, Column], row: int, params: HQParameters) -> int:
    """The cap of 第三条(一): the winning price less the comprehensive cost or the benchmark price (fen)."""
    winning = int(c["winning_price"].values[row])
    remainders = [
        winning - int(c[name].values[row]) for name in ("comprehensive_cost", "benchmark_price") if c[name].present[row]
    ]
    return min(remainders) if params.land_cap_reading == "smaller" else max(remainders)


def _land_errors(c: dict[str, Column], row: int, texts: dict[str, Any], params: HQParameters) -> list[str]:
    """The messages the scalar models and ``land_subsidy`` give for a row that fails their checks."""
    try:
        enterprise = hq.Enterprise.model_validate(_python(c, ENTERPRISE_FIELDS, row, texts))
        deal = hq.LandDeal.model_validate(_python(c, DEAL_FIELDS, row, texts))
        values = _python(c, PROJECT_FIELDS, row, texts)
        project = hq.LandProject.model_validate(values)
    except ValidationError as error:
        return _validation_messages(error)
    rate = c["rate"].values[row] if c["rate"].present[row] else params.land_rate_max
    try:
        hq.land_subsidy(enterprise, deal, project, rate=rate, params=params)
    except PolicyError as error:
        return [str(error)]
    return []
