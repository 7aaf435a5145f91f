"""Scenarios and budget impact: "what if" settings of the parameters, compared over a register, exactly.

- :class:`Scenario`: a name and parameter overrides per document (``used-car``,
  ``hq``), validated by the parameter models; from a ``dict`` or a TOML file.
- :func:`compare`: a register (one policy, or several) under a baseline and a
  scenario: per-row differences and a :class:`ComparisonSummary` (beneficiaries,
  outlay per policy, reward and budget year, the change against the baseline).
- :func:`styled`: a result frame as an HTML table for a notebook.
- :func:`example_register`: the bundled synthetic registers (made-up figures).

Budget years (``docs/scenarios.md``): the scale reward of 87号 第三条(一) in the
year of its application (2024); the growth reward of 第三条(二) in 2025, the
first year in which 2024's annual revenue is known, or the year of its
application if later; each lease year of 79号 第三条(二)'s rent subsidy in the
year in which that lease year ends (「先租后补」: the rent is paid first, the
subsidy after); each tranche of 第三条(一)'s land subsidy in the year of its
milestone date where the register gives one, else ``"undated"``.

Every amount is an exact ``Decimal`` (sums of the exact decimal columns of
:mod:`hongshan_policy.batch`); nothing passes through a float. A scenario only
builds new parameter objects: the defaults, and the scalar functions called
without ``params=``, are never changed.

Needs the ``analysis`` extra for :func:`compare`, :func:`styled` and
:func:`example_register`; :class:`Scenario` needs only the core.
"""

from __future__ import annotations

import difflib
import html
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import ValidationError

from .errors import InvalidInputError
from .headquarters import DEFAULTS as HQ_DEFAULTS
from .headquarters import HQParameters
from .inputs import in_context
from .money import ZERO, fmt_wan, fmt_yuan
from .parameters import Parameters
from .used_car import DEFAULTS as USED_CAR_DEFAULTS
from .used_car import UsedCarParameters

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from numpy.typing import NDArray

__all__ = [
    "BASELINE",
    "CHANGES",
    "DOCUMENTS",
    "EXAMPLE_REGISTERS",
    "GROWTH_BUDGET_YEAR",
    "MILESTONE_COLUMNS",
    "POLICY_DOCUMENT",
    "POLICY_TITLES",
    "REWARD_TITLES",
    "ROW_COLUMNS",
    "UNDATED",
    "BudgetYear",
    "Comparison",
    "ComparisonSummary",
    "Delta",
    "Outlay",
    "ParameterChange",
    "Scenario",
    "StyledFrame",
    "compare",
    "example_register",
    "styled",
]

DOCUMENTS: Mapping[str, Parameters] = MappingProxyType({"used-car": USED_CAR_DEFAULTS, "hq": HQ_DEFAULTS})
"""The sections of a scenario: document id -> the parameters of the text (87号 ``used-car``, 79号 ``hq``)."""

POLICY_DOCUMENT: Mapping[str, str] = MappingProxyType({"used-car": "used-car", "hq-rent": "hq", "hq-land": "hq"})
"""Batch policy (``hongshan_policy.batch.evaluate``) -> the document whose parameters it takes."""

BudgetYear: TypeAlias = int | Literal["undated"]
"""A budget year, or ``"undated"`` for a land-subsidy tranche whose milestone date the register does not give."""

UNDATED: Literal["undated"] = "undated"
"""The budget year of an amount whose date is not known."""

MILESTONE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("foundation_on", "基础正负零日期", "hq:3.1.1"),
    ("main_structure_on", "主体建成日期", "hq:3.1.2"),
    ("completion_on", "竣工验收备案并投入使用日期", "hq:3.1.3"),
    ("evaluation_on", "绩效评价和履约验收合格日期", "hq:3.1.4"),
)
"""Optional columns of an ``hq-land`` register dating the milestones that release tranches 1–4 (name, header, clause).

The frame functions of :mod:`hongshan_policy.batch` ignore them; :func:`compare`
reads them to place each tranche in a budget year.
"""

GROWTH_BUDGET_YEAR = 2025
"""The first budget year of 87号 第三条(二)'s growth reward: 2024's annual revenue is known only after the year ends."""

POLICY_TITLES: Mapping[str, str] = MappingProxyType(
    {"used-car": "87号 二手车奖励", "hq-rent": "79号 房屋租赁补贴", "hq-land": "79号 土地出让奖补"}
)
"""Chinese titles of the batch policies, for summaries."""
REWARD_TITLES: Mapping[str, str] = MappingProxyType(
    {"scale": "规模奖励", "growth": "做大做强奖励", "rent": "房屋租赁补贴", "land": "土地出让奖补"}
)
"""Chinese names of the rewards (the prefixes of the batch result columns)."""


def _require_analysis() -> None:
    """Import the ``analysis`` extra, or say how to install it."""
    try:
        import narwhals  # noqa: F401
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "scenario comparisons need the analysis extra (numpy, pyarrow, narwhals, pandas): "
            f"pip install 'hongshan-policy[analysis]' ({error})"
        ) from error


# ---------------------------------------------------------------------------------------------------------------------
# Scenarios
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParameterChange:
    """One parameter a scenario sets: its document, name, clause, the text's value and the scenario's."""

    document: str
    name: str
    clause: str
    default: Any
    value: Any

    def __str__(self) -> str:
        return f"{self.document}.{self.name} [{self.clause}]: {_show(self.default)} → {_show(self.value)}"


def _show(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) >= 1000:
        return f"{value:,.0f}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return str(value)


def _unknown(document: str, name: str, known: Sequence[str]) -> InvalidInputError:
    close = difflib.get_close_matches(name, known, n=1)
    hint_zh = f";是否指 {close[0]}?" if close else ""
    hint_en = f"; did you mean {close[0]}?" if close else ""
    return InvalidInputError(
        f"未知的参数 {document}.{name}{hint_zh}(可用:{'、'.join(known)})",
        f"unknown parameter {document}.{name}{hint_en} (known: {', '.join(known)})",
        field=f"{document}.{name}",
        expected=list(known),
        got=name,
    )


def _validated(document: str, overrides: Mapping[str, Any]) -> Parameters:
    """The document's default parameters with ``overrides``, validated; a clear error naming the parameter."""
    defaults = DOCUMENTS[document]
    known = list(type(defaults).model_fields)
    for name in overrides:
        if name not in known:
            raise _unknown(document, str(name), known)
    try:
        return defaults.replace(**overrides)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False):
            where = ".".join(str(part) for part in item["loc"])
            problems.append(f"{document}.{where}: {item['msg']}" if where else f"{document}: {item['msg']}")
        named = [str(item["loc"][0]) for item in error.errors() if item["loc"]] or list(overrides)
        listed = "; ".join(problems)
        raise InvalidInputError(
            f"参数无效:{listed}",
            f"invalid parameters: {listed}",
            field=f"{document}.{named[0]}",
            expected=type(defaults).model_fields[named[0]].description if named[0] in known else None,
            got={name: overrides[name] for name in named if name in overrides} or dict(overrides),
        ) from None


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named set of parameter overrides: ``{document: {parameter: value}}``, relative to the text.

    ``Scenario("30万封顶", {"used-car": {"growth_cap": "300000"}})``. The
    documents are ``used-car`` (:class:`~hongshan_policy.used_car.UsedCarParameters`)
    and ``hq`` (:class:`~hongshan_policy.headquarters.HQParameters`, for both
    ``hq-rent`` and ``hq-land``). Each document's overrides are applied to the
    text's defaults and validated at once: an unknown name, a malformed value or
    an incoherent set raises :class:`~hongshan_policy.errors.InvalidInputError`
    naming ``document.parameter``. Money and ratios are best written as strings
    (``"0.007"``); dates as dates or ISO strings.
    """

    name: str
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)
    description: str = ""
    _parameters: Mapping[str, Parameters] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError(
                "情景须有名称", "a scenario needs a name", field="name", expected="a non-blank string", got=self.name
            )
        frozen: dict[str, Mapping[str, Any]] = {}
        parameters: dict[str, Parameters] = {}
        for document, values in self.overrides.items():
            if document not in DOCUMENTS:
                raise InvalidInputError(
                    f"未知的文件 {document!r}(可用:{'、'.join(DOCUMENTS)})",
                    f"unknown document {document!r} (known: {', '.join(DOCUMENTS)})",
                    field="overrides",
                    expected=list(DOCUMENTS),
                    got=document,
                )
            if not isinstance(values, Mapping):
                raise InvalidInputError(
                    f"{document} 的参数应为「名称 = 值」的表",
                    f"the parameters of {document} must be a table of name = value",
                    field=document,
                    expected="a mapping",
                    got=values,
                )
            parameters[document] = _validated(document, values)
            frozen[document] = MappingProxyType(dict(values))
        object.__setattr__(self, "overrides", MappingProxyType(frozen))
        object.__setattr__(self, "_parameters", MappingProxyType(parameters))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """A scenario from ``{"name": ..., "description": ..., "used-car": {...}, "hq": {...}}`` (parsed TOML)."""
        extra = set(data) - {"name", "description", *DOCUMENTS}
        if extra:
            raise InvalidInputError(
                f"情景中有未知的键 {sorted(extra)}(可用:name、description、{'、'.join(DOCUMENTS)})",
                f"unknown keys in the scenario: {sorted(extra)} (known: name, description, {', '.join(DOCUMENTS)})",
                field=sorted(extra)[0],
                expected=["name", "description", *DOCUMENTS],
                got=sorted(extra),
            )
        if "name" not in data:
            raise InvalidInputError(
                "情景须有名称 name", "a scenario needs a name", field="name", expected="name = ...", got=None
            )
        overrides = {document: data[document] for document in DOCUMENTS if document in data}
        return cls(str(data["name"]), overrides, str(data.get("description", "")))

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """A scenario from a TOML file (``docs/scenarios.md``): ``name``, ``description``, ``[used-car]``, ``[hq]``."""
        text = Path(path).read_text(encoding="utf-8-sig")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise InvalidInputError(
                f"情景文件 {path} 不是有效的 TOML:{error}",
                f"the scenario file {path} is not valid TOML: {error}",
                field="path",
                expected="TOML",
                got=str(path),
            ) from None
        return cls.from_dict(data)

    def parameters(self, policy: str) -> Parameters:
        """The parameters this scenario gives a document (``used-car``, ``hq``) or batch policy (``hq-rent``)."""
        document = POLICY_DOCUMENT.get(policy, policy)
        if document not in DOCUMENTS:
            known = [*DOCUMENTS, *POLICY_DOCUMENT]
            raise InvalidInputError(
                f"未知的政策 {policy!r}(可用:{'、'.join(dict.fromkeys(known))})",
                f"unknown policy {policy!r} (known: {', '.join(dict.fromkeys(known))})",
                field="policy",
                expected=list(dict.fromkeys(known)),
                got=policy,
            )
        return self._parameters.get(document, DOCUMENTS[document])

    @property
    def used_car(self) -> UsedCarParameters:
        """The 87号 parameters of this scenario."""
        params = self.parameters("used-car")
        assert isinstance(params, UsedCarParameters)
        return params

    @property
    def hq(self) -> HQParameters:
        """The 79号 parameters of this scenario."""
        params = self.parameters("hq")
        assert isinstance(params, HQParameters)
        return params

    def changes(self) -> tuple[ParameterChange, ...]:
        """Each parameter set, with the text's value and the scenario's (validated) value, in declaration order."""
        result = []
        for document, values in self.overrides.items():
            defaults, params = DOCUMENTS[document], self._parameters[document]
            for name in type(defaults).model_fields:
                if name in values:
                    result.append(
                        ParameterChange(
                            document,
                            name,
                            type(defaults).clause_of(name),
                            getattr(defaults, name),
                            getattr(params, name),
                        )
                    )
        return tuple(result)

    def __repr__(self) -> str:
        overrides = {document: dict(values) for document, values in self.overrides.items()}
        description = f", description={self.description!r}" if self.description else ""
        return f"Scenario({self.name!r}, {overrides!r}{description})"

    def to_dict(self) -> dict[str, Any]:
        """The scenario as :meth:`from_dict` reads it (values as given)."""
        data: dict[str, Any] = {"name": self.name}
        if self.description:
            data["description"] = self.description
        data.update({document: dict(values) for document, values in self.overrides.items()})
        return data

    def __str__(self) -> str:
        head = f"情景 scenario 「{self.name}」" + (f": {self.description}" if self.description else "")
        changes = self.changes()
        if not changes:
            return head + " (政策原文 the text as issued)"
        return "\n".join([head, *(f"  {change}" for change in changes)])


BASELINE = Scenario("政策原文 text as issued", description="every parameter as the text sets it")
"""The baseline of :func:`compare` when none is given: no overrides."""


# ---------------------------------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------------------------------


def _percent(change: Decimal, base: Decimal) -> Decimal | None:
    """``change / base`` in percent, exactly, rounded half up to 0.01; None when ``base`` is 0."""
    if base == 0:
        return None
    ratio = Fraction(change) * 100 / Fraction(base)
    hundredths = ratio * 100
    whole, rest = divmod(abs(hundredths.numerator), hundredths.denominator)
    if 2 * rest >= hundredths.denominator:
        whole += 1
    return Decimal(-whole if hundredths < 0 else whole).scaleb(-2)


@dataclass(frozen=True, slots=True)
class Delta:
    """A quantity under the baseline and under the scenario: yuan, or a count (a whole ``Decimal``)."""

    baseline: Decimal
    scenario: Decimal

    @property
    def change(self) -> Decimal:
        """``scenario − baseline``."""
        return self.scenario - self.baseline

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the baseline (0.01 places, half up); ``None`` when the baseline is 0."""
        return _percent(self.change, self.baseline)

    def __add__(self, other: Delta) -> Delta:
        return Delta(self.baseline + other.baseline, self.scenario + other.scenario)

    def percent_text(self) -> str:
        """``+12.50%``, ``-3.00%``, ``±0.00%``, or ``新增 new`` when the baseline is 0 and the scenario is not."""
        percent = self.percent
        if percent is None:
            return "—" if self.scenario == 0 else "新增 new"
        return "±0.00%" if percent == 0 else f"{percent:+.2f}%"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` (Decimals as strings)."""
        percent = self.percent
        return {
            "baseline": str(self.baseline),
            "scenario": str(self.scenario),
            "change": str(self.change),
            "percent": None if percent is None else str(percent),
        }


_NO_CHANGE = Delta(ZERO, ZERO)


@dataclass(frozen=True, slots=True)
class Outlay:
    """The outlay of one reward of one policy in one budget year, under the baseline and the scenario."""

    policy: str
    reward: str
    budget_year: BudgetYear
    amount: Delta


def _year_key(year: BudgetYear) -> tuple[int, int]:
    return (1, 0) if year == UNDATED else (0, int(year))


def _signed_yuan(value: Decimal) -> str:
    return ("+" if value > 0 else "") + fmt_yuan(value)


def _signed_wan(value: Decimal) -> str:
    return ("+" if value > 0 else "") + fmt_wan(value, figure=True)


@dataclass(frozen=True)
class ComparisonSummary:
    """What a scenario changes over a register: beneficiaries and outlay, by policy, reward and budget year.

    ``rows`` and ``errors`` count the rows of each policy's register and those
    that failed validation (under either setting); ``beneficiaries`` counts, per
    policy, the rows with an amount above 0; ``outlays`` holds the finest grain
    (policy, reward, budget year), a line wherever either setting pays something;
    :meth:`by_policy`, :meth:`by_reward`, :meth:`by_year` and :attr:`total` add it up.
    """

    rows: Mapping[str, int]
    errors: Mapping[str, int]
    beneficiaries: Mapping[str, Delta]
    outlays: tuple[Outlay, ...]
    rewards: tuple[tuple[str, str], ...] = ()
    """Every (policy, reward) compared, in order, including those without any outlay."""

    def by_policy(self) -> dict[str, Delta]:
        """Total outlay per policy."""
        result: dict[str, Delta] = dict.fromkeys(self.rows, _NO_CHANGE)
        for outlay in self.outlays:
            result[outlay.policy] = result[outlay.policy] + outlay.amount
        return result

    def by_reward(self) -> dict[tuple[str, str], Delta]:
        """Total outlay per (policy, reward)."""
        result: dict[tuple[str, str], Delta] = dict.fromkeys(self.rewards, _NO_CHANGE)
        for outlay in self.outlays:
            key = (outlay.policy, outlay.reward)
            result[key] = result.get(key, _NO_CHANGE) + outlay.amount
        return result

    def by_year(self, policy: str | None = None) -> dict[BudgetYear, Delta]:
        """Total outlay per budget year (of one policy, or of all), years in order, ``"undated"`` last."""
        result: dict[BudgetYear, Delta] = {}
        for outlay in self.outlays:
            if policy is None or outlay.policy == policy:
                result[outlay.budget_year] = result.get(outlay.budget_year, _NO_CHANGE) + outlay.amount
        return dict(sorted(result.items(), key=lambda item: _year_key(item[0])))

    @property
    def total(self) -> Delta:
        """The total outlay over every policy, reward and year."""
        total = _NO_CHANGE
        for outlay in self.outlays:
            total = total + outlay.amount
        return total

    @property
    def total_beneficiaries(self) -> Delta:
        """Beneficiaries over every policy (an enterprise in two registers counts twice)."""
        total = Delta(Decimal(0), Decimal(0))
        for count in self.beneficiaries.values():
            total = total + count
        return total

    def lines(self) -> list[tuple[str, Delta, bool]]:
        """The summary as (label, delta, is-money) lines, in the order :meth:`__str__` prints them."""
        lines: list[tuple[str, Delta, bool]] = []
        for policy, count in self.beneficiaries.items():
            lines.append((f"受益企业 beneficiaries · {policy}", count, False))
        for (policy, reward), delta in self.by_reward().items():
            lines.append(
                (f"{POLICY_TITLES.get(policy, policy)} · {REWARD_TITLES.get(reward, reward)} {reward}", delta, True)
            )
        if len(self.rows) > 1:
            for policy, delta in self.by_policy().items():
                lines.append((f"{POLICY_TITLES.get(policy, policy)} {policy}", delta, True))
        for year, delta in self.by_year().items():
            label = "未注明年度 undated" if year == UNDATED else f"{year}年预算 budget {year}"
            lines.append((label, delta, True))
        lines.append(("合计 total", self.total, True))
        return lines

    def __str__(self) -> str:
        rows = ", ".join(f"{policy} {n}" for policy, n in self.rows.items())
        errors = sum(self.errors.values())
        out = [f"行数 rows: {rows}; 错误 errors: {errors}", "基准 baseline → 情景 scenario (变化 change):"]
        width = max(_width(label) for label, _, _ in self.lines())
        for label, delta, money in self.lines():
            if money:
                text = (
                    f"{fmt_yuan(delta.baseline)} → {fmt_yuan(delta.scenario)} "
                    f"({_signed_yuan(delta.change)}, {_signed_wan(delta.change)}, {delta.percent_text()})"
                )
            else:
                text = f"{delta.baseline} → {delta.scenario} ({delta.change:+}, {delta.percent_text()})"
            out.append(f"  {label}{' ' * (width - _width(label))}  {text}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        esc = html.escape
        body = []
        for label, delta, money in self.lines():
            if money:
                cells = [
                    _money_cell(delta.baseline),
                    _money_cell(delta.scenario),
                    _money_cell(delta.change, signed=True),
                ]
            else:
                cells = [f"<td>{delta.baseline}</td>", f"<td>{delta.scenario}</td>", f"<td>{delta.change:+}</td>"]
            strong = label.startswith("合计")
            head = f"<th style='text-align:left'>{esc(label)}</th>" if strong else f"<td>{esc(label)}</td>"
            body.append(f"<tr>{head}{''.join(cells)}<td>{esc(delta.percent_text())}</td></tr>")
        rows = ", ".join(f"{esc(policy)} {n}" for policy, n in self.rows.items())
        return (
            f"<p>行数 rows: {rows}; 错误 errors: {sum(self.errors.values())}</p>"
            "<table class='hongshan-comparison'><thead><tr><th></th><th>基准 baseline</th><th>情景 scenario</th>"
            f"<th>变化 change</th><th>%</th></tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``: counts, and every outlay line with its change."""
        return {
            "rows": dict(self.rows),
            "errors": dict(self.errors),
            "beneficiaries": {policy: delta.to_dict() for policy, delta in self.beneficiaries.items()},
            "outlays": [
                {"policy": o.policy, "reward": o.reward, "budget_year": o.budget_year, **o.amount.to_dict()}
                for o in self.outlays
            ],
            "by_year": {str(year): delta.to_dict() for year, delta in self.by_year().items()},
            "total": self.total.to_dict(),
        }


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _money_cell(value: Decimal, *, signed: bool = False) -> str:
    yuan = _signed_yuan(value) if signed else fmt_yuan(value)
    wan = _signed_wan(value) if signed else fmt_wan(value, figure=True)
    return f"<td style='text-align:right'>{html.escape(yuan)}<br><small>{html.escape(wan)}</small></td>"


# ---------------------------------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------------------------------

ROW_COLUMNS: tuple[str, ...] = (
    "policy",
    "row",
    "name",
    "credit_code",
    "baseline_amount",
    "scenario_amount",
    "difference",
    "baseline_eligible",
    "scenario_eligible",
    "change",
    "baseline_first_failed_clause",
    "scenario_first_failed_clause",
    "error",
)
"""The columns of :attr:`Comparison.rows`."""

CHANGES: Mapping[str, str] = MappingProxyType(
    {
        "gained": "新增 gained",
        "lost": "取消 lost",
        "raised": "增加 raised",
        "lowered": "减少 lowered",
        "unchanged": "不变 unchanged",
    }
)
"""The labels of the ``change`` column: eligible only under the scenario, only under the baseline, more, less, same."""


@dataclass(frozen=True)
class Comparison:
    """A register under a baseline and a scenario: :attr:`rows` (one per input row) and :attr:`summary`.

    ``rows`` is a frame of the input's kind (pandas, polars or pyarrow) with
    :data:`ROW_COLUMNS`: the policy, the row's position in its input, name and
    credit code, the amount (all rewards of the row) under each setting and the
    difference, eligibility under each (for 87号: any reward), the ``change``
    (:data:`CHANGES`; null for a row in error), the first failed clause of each
    reward not granted, and the row's validation error.
    """

    baseline: Scenario
    scenario: Scenario
    summary: ComparisonSummary
    rows: Any
    _table: Any = field(repr=False, compare=False)
    _kind: str = field(repr=False, compare=False)

    def __repr__(self) -> str:
        total = self.summary.total
        return (
            f"<Comparison 「{self.scenario.name}」 vs 「{self.baseline.name}」: "
            f"{fmt_yuan(total.baseline)} → {fmt_yuan(total.scenario)} ({total.percent_text()})>"
        )

    def changed(self) -> Any:
        """The rows whose amount or eligibility differs, as a frame of the same kind as :attr:`rows`."""
        import numpy as np
        import pyarrow as pa

        table = self._table
        labels = table.column("change").to_pylist()
        moved = np.array([label not in (None, CHANGES["unchanged"]) for label in labels], dtype=np.bool_)
        moved |= _valid(table.column("baseline_eligible")) != _valid(table.column("scenario_eligible"))
        return _native(table.filter(pa.array(moved)), self._kind)

    def __str__(self) -> str:
        import pyarrow.compute as pc

        table = self._table
        counts = pc.value_counts(table.column("change")).to_pylist()
        tally = ", ".join(f"{item['values']} {item['counts']}" for item in counts if item["values"] is not None)
        return "\n".join(
            [
                f"情景比较 comparison: 「{self.scenario.name}」 对比基准 against 「{self.baseline.name}」",
                *(f"  情景参数 scenario: {change}" for change in self.scenario.changes()),
                *(f"  基准参数 baseline: {change}" for change in self.baseline.changes()),
                str(self.summary),
                f"逐行 rows: {tally}",
            ]
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        parameters = "".join(
            f"<li><code>{esc(c.document)}.{esc(c.name)}</code> <code>{esc(c.clause)}</code>: "
            f"{esc(_show(c.default))} → <strong>{esc(_show(c.value))}</strong> ({label})</li>"
            for label, scenario in (("情景 scenario", self.scenario), ("基准 baseline", self.baseline))
            for c in scenario.changes()
        )
        changed = self.changed()
        return (
            f"<div class='hongshan-comparison'>"
            f"<h4>「{esc(self.scenario.name)}」 对比 vs 「{esc(self.baseline.name)}」</h4>"
            f"<ul>{parameters}</ul>{self.summary._repr_html_()}"
            f"<p>变化的行 rows that change (前 first 10):</p>{styled(changed, max_rows=10)._repr_html_()}</div>"
        )


def _native(table: pa.Table, kind: str) -> Any:
    """An Arrow table as a frame of ``kind``: pandas (exact ``ArrowDtype`` columns), polars or pyarrow."""
    if kind == "pyarrow":
        return table
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _input_headers(policy: str, name: str) -> tuple[str, ...]:
    from . import batch

    fields = {"used-car": batch.USED_CAR_FIELDS, "hq-rent": batch.HQ_RENT_FIELDS, "hq-land": batch.HQ_LAND_FIELDS}
    return next(f.headers for f in fields[policy] if f.name == name)


def _to_date(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        return date.fromisoformat(text) if text else None
    if hasattr(value, "astype"):  # numpy.datetime64
        return _to_date(value.astype("datetime64[D]").item())
    raise ValueError(f"not a date: {value!r}")


def _day_numbers(
    data: Any, column: str | None, needed: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Day numbers (from 1970-01-01) of a date column where ``needed``, and where a date is present.

    The batch functions have validated these columns for every row that has an
    amount, so a value that is not a date here is a bug in the caller's frame
    (a milestone column of :data:`MILESTONE_COLUMNS`): an ``InvalidInputError``
    naming the column and row.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = len(needed)
    days = np.zeros(rows, dtype=np.int64)
    present = np.zeros(rows, dtype=np.bool_)
    if column is None:
        return days, present
    series = data.get_column(column)
    try:
        array = series.to_arrow()
    except (pa.ArrowException, TypeError, ValueError):
        array = None
    if array is not None and (pa.types.is_date(array.type) or pa.types.is_timestamp(array.type)):
        as_days = pc.cast(pc.cast(array, pa.date32(), safe=False), pa.int32())
        present = as_days.is_valid().to_numpy(zero_copy_only=False).astype(np.bool_)
        days = as_days.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        return days, present & needed
    values = series.to_list()
    epoch = date(1970, 1, 1).toordinal()
    for row in np.flatnonzero(needed).tolist():
        try:
            day = _to_date(values[row])
        except ValueError:
            raise InvalidInputError(
                f"列 {column} 第{row + 1}行不是日期(YYYY-MM-DD):{values[row]!r}",
                f"column {column}, row {row + 1}: not a date (YYYY-MM-DD): {values[row]!r}",
                field=column,
                expected="YYYY-MM-DD",
                got=values[row],
            ) from None
        if day is not None:
            days[row] = day.toordinal() - epoch
            present[row] = True
    return days, present


def _years(days: NDArray[np.int64]) -> NDArray[np.int64]:
    """Calendar years of day numbers."""
    import numpy as np

    years: NDArray[np.int64] = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


@dataclass(frozen=True, slots=True)
class _Evaluated:
    """One policy's register evaluated under one setting: per-row totals and the reward parts."""

    amount: Any
    eligible: NDArray[np.bool_]
    failed: Any  # a string Arrow array: the first failed clause of each reward not granted, ", "-joined
    error: list[str | None]
    parts: list[tuple[str, Any]]  # (reward, column name) in order; years are attached later


def _column(table: pa.Table, name: str) -> Any:
    import pyarrow as pa

    array = table.column(name).combine_chunks()
    if isinstance(array, pa.DictionaryArray):
        array = array.dictionary_decode()
    if pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    return array


def _decimal(array: Any) -> Any:
    import pyarrow as pa

    return array.cast(pa.decimal128(18, 2))


def _flags(array: Any) -> NDArray[np.bool_]:
    import numpy as np

    flags: NDArray[np.bool_] = array.fill_null(False).to_numpy(zero_copy_only=False).astype(np.bool_)
    return flags


def _valid(array: Any) -> NDArray[np.bool_]:
    import numpy as np

    valid: NDArray[np.bool_] = array.is_valid().to_numpy(zero_copy_only=False).astype(np.bool_)
    return valid


def _positive(array: Any) -> NDArray[np.bool_]:
    """True where a decimal array holds an amount above 0 (False where null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return _flags(pc.greater(array, pa.scalar(Decimal(0), array.type)))


def _evaluate(frame: Any, policy: str, params: Parameters) -> tuple[pa.Table, _Evaluated]:
    import narwhals.stable.v2 as nw
    import numpy as np
    import pyarrow.compute as pc

    from . import batch

    data = nw.from_native(frame, eager_only=True)
    milestones = [c for names in MILESTONE_COLUMNS if (c := batch.find_column(data.columns, names[:2])) is not None]
    if milestones:  # read here, not by the frame function: not "unrecognised"
        frame = data.drop(milestones).to_native()
    result = batch.evaluate(frame, policy, params=params, keep_input=False)
    table = nw.from_native(result, eager_only=True).to_arrow()
    error = _column(table, "error").to_pylist()
    if policy == "used-car":
        amount = _decimal(_column(table, "total"))
        eligible = _flags(_column(table, "scale_eligible")) | _flags(_column(table, "growth_eligible"))
        scale, growth = (_column(table, f"{r}_first_failed_clause") for r in ("scale", "growth"))
        both = pc.binary_join_element_wise(scale, growth, ", ")
        one = pc.if_else(pc.is_null(scale), growth, scale)
        failed = pc.if_else(pc.fill_null(pc.equal(scale, growth), True), one, both)
        parts = [("scale", "scale_amount"), ("growth", "growth_amount")]
    elif policy == "hq-rent":
        amount = _decimal(_column(table, "rent_total"))
        eligible = _flags(_column(table, "rent_eligible"))
        failed = _column(table, "rent_first_failed_clause")
        years = [name for name in table.column_names if re.fullmatch(r"rent_year_[0-9]+", name)]
        parts = [("rent", name) for name in years]
    else:
        amount = _decimal(_column(table, "land_amount"))
        eligible = _flags(_column(table, "land_eligible"))
        failed = _column(table, "land_first_failed_clause")
        parts = [("land", f"land_tranche_{n}") for n in range(1, 5)]
    eligible &= np.array([e is None for e in error], dtype=np.bool_)
    return table, _Evaluated(amount, eligible, failed, error, parts)


def _budget_years(policy: str, data: Any, column: str, needed: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The budget year of each row's amount in result ``column`` (-1: undated), where ``needed``.

    - ``scale_amount``: the year of ``applied_on``;
    - ``growth_amount``: the year of ``growth_applied_on``, but not before :data:`GROWTH_BUDGET_YEAR`;
    - ``rent_year_<n>``: the year of the last day of lease year ``n`` (the lease's end if earlier);
    - ``land_tranche_<n>``: the year of milestone ``n``'s date (:data:`MILESTONE_COLUMNS`), else undated.
    """
    import numpy as np

    from . import batch

    columns = list(data.columns)
    if policy == "used-car":
        name = "applied_on" if column == "scale_amount" else "growth_applied_on"
        days, present = _day_numbers(data, batch.find_column(columns, _input_headers(policy, name)), needed)
        if column == "scale_amount":
            return np.where(present, _years(days), -1)
        return np.where(present, np.maximum(_years(days), GROWTH_BUDGET_YEAR), GROWTH_BUDGET_YEAR)
    if policy == "hq-rent":
        n = int(column.removeprefix("rent_year_"))
        start, _ = _day_numbers(data, batch.find_column(columns, _input_headers(policy, "start")), needed)
        end, has_end = _day_numbers(data, batch.find_column(columns, _input_headers(policy, "end")), needed)
        ends = np.where(has_end, end, np.iinfo(np.int64).max // 2)
        last = batch.lease_year_bounds(start, n, ends).last
        return np.where(needed, _years(last), -1)
    name, header, _ = MILESTONE_COLUMNS[int(column.removeprefix("land_tranche_")) - 1]
    days, present = _day_numbers(data, batch.find_column(columns, (name, header, header.removesuffix("日期"))), needed)
    return np.where(present, _years(days), -1)


def _text(data: Any, column: str | None) -> Any:
    """A text column as a string Arrow array, trimmed (null where absent)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if column is None:
        return pa.nulls(len(data), pa.string())
    series = data.get_column(column)
    try:
        array = series.to_arrow()
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if isinstance(array, pa.DictionaryArray):
            array = array.dictionary_decode()
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            return pc.utf8_trim_whitespace(array.cast(pa.string()))
    except (pa.ArrowException, TypeError, ValueError):
        pass
    values = [None if v is None or (isinstance(v, float) and v != v) else str(v).strip() for v in series.to_list()]
    return pa.array(values, pa.string())


def _errors(base: list[str | None], scen: list[str | None]) -> list[str | None]:
    """The error of each row; when the settings disagree (a rate above the scenario's maximum), both, labelled."""
    result: list[str | None] = []
    for b, s in zip(base, scen, strict=True):
        if b == s or s is None:
            result.append(b)
        elif b is None:
            result.append(f"情景 scenario: {s}")
        else:
            result.append(f"基准 baseline: {b}; 情景 scenario: {s}")
    return result


def _change_labels(
    valid: NDArray[np.bool_], base: NDArray[np.bool_], scen: NDArray[np.bool_], difference: Any
) -> list[str | None]:
    up = _positive(difference).tolist()
    down = _positive(_pc().negate(difference)).tolist()
    labels: list[str | None] = []
    for ok, b, s, raised, lowered in zip(valid.tolist(), base.tolist(), scen.tolist(), up, down, strict=True):
        if not ok:
            labels.append(None)
        elif s and not b:
            labels.append(CHANGES["gained"])
        elif b and not s:
            labels.append(CHANGES["lost"])
        elif raised:
            labels.append(CHANGES["raised"])
        elif lowered:
            labels.append(CHANGES["lowered"])
        else:
            labels.append(CHANGES["unchanged"])
    return labels


def _pc() -> Any:
    import pyarrow.compute as pc

    return pc


@dataclass(frozen=True, slots=True)
class _PolicyComparison:
    table: Any
    outlays: list[Outlay]
    rewards: list[str]
    rows: int
    errors: int
    beneficiaries: Delta


def _compare_policy(frame: Any, policy: str, baseline: Scenario, scenario: Scenario) -> _PolicyComparison:
    import narwhals.stable.v2 as nw
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from . import batch

    data = nw.from_native(frame, eager_only=True)
    rows = len(data)
    base_params, scen_params = baseline.parameters(policy), scenario.parameters(policy)
    base_table, base = _evaluate(frame, policy, base_params)
    scen_table, scen = (base_table, base) if scen_params == base_params else _evaluate(frame, policy, scen_params)

    parts = list(dict.fromkeys([*base.parts, *scen.parts]))
    rewards = list(dict.fromkeys(reward for reward, _ in parts))
    totals: dict[tuple[str, BudgetYear], Delta] = {}
    for reward, column in parts:
        amounts = [
            _decimal(_column(table, column)) if column in table.column_names else pa.nulls(rows, pa.decimal128(18, 2))
            for table in (base_table, scen_table)
        ]
        needed = _positive(amounts[0]) | _positive(amounts[1])
        years = _budget_years(policy, data, column, needed)
        for year in sorted(set(years[needed].tolist())):
            mask = pa.array(needed & (years == year))
            base_sum, scen_sum = (pc.sum(pc.filter(amount, mask)).as_py() or ZERO for amount in amounts)
            key: tuple[str, BudgetYear] = (reward, UNDATED if year == -1 else int(year))
            totals[key] = totals.get(key, _NO_CHANGE) + Delta(base_sum, scen_sum)
    ordered = sorted(totals.items(), key=lambda item: (rewards.index(item[0][0]), _year_key(item[0][1])))
    outlays = [Outlay(policy, reward, year, delta) for (reward, year), delta in ordered]

    base_valid = np.array([e is None for e in base.error], dtype=np.bool_)
    scen_valid = np.array([e is None for e in scen.error], dtype=np.bool_)
    valid = base_valid & scen_valid
    difference = pc.subtract(scen.amount, base.amount)
    amount_type = pa.decimal128(18, 2)
    columns = list(data.columns)
    table = pa.table(
        {
            "policy": pa.array([policy] * rows, pa.string()),
            "row": pa.array(np.arange(rows, dtype=np.int64)),
            "name": _text(data, batch.find_column(columns, _input_headers(policy, "name"))),
            "credit_code": _text(data, batch.find_column(columns, _input_headers(policy, "credit_code"))),
            "baseline_amount": base.amount.cast(amount_type),
            "scenario_amount": scen.amount.cast(amount_type),
            "difference": difference.cast(amount_type),
            "baseline_eligible": pa.array(base.eligible, pa.bool_(), mask=~base_valid),
            "scenario_eligible": pa.array(scen.eligible, pa.bool_(), mask=~scen_valid),
            "change": pa.array(_change_labels(valid, base.eligible, scen.eligible, difference), pa.string()),
            "baseline_first_failed_clause": base.failed,
            "scenario_first_failed_clause": scen.failed,
            "error": pa.array(_errors(base.error, scen.error), pa.string()),
        }
    )
    beneficiaries = Delta(Decimal(int(_positive(base.amount).sum())), Decimal(int(_positive(scen.amount).sum())))
    return _PolicyComparison(table, outlays, rewards, rows, int((~valid).sum()), beneficiaries)


@in_context
def compare(
    population: Any,
    baseline: Scenario | None,
    scenario: Scenario,
    *,
    policy: str | None = None,
) -> Comparison:
    """Evaluate ``population`` under ``baseline`` (None: the text) and ``scenario``; return the :class:`Comparison`.

    ``population`` is a register (a pandas, polars or pyarrow frame) of the batch
    policy ``policy`` (``"used-car"``, ``"hq-rent"``, ``"hq-land"``), or a mapping
    ``{policy: frame}`` to compare several registers at once. Each frame is
    evaluated by ``hongshan_policy.batch.evaluate`` with the parameters each
    setting gives its document; both settings apply their overrides to the
    text's defaults. Totals are exact sums of the decimal result columns; the
    budget year of each amount follows the rules of the module docstring.
    """
    _require_analysis()
    import narwhals.stable.v2 as nw
    import pyarrow as pa

    from . import batch

    if isinstance(population, Mapping):
        registers = dict(population) if policy is None else {policy: population[policy]}
    elif policy is None:
        raise InvalidInputError(
            f"请指定政策 policy=(可用:{'、'.join(batch.POLICIES)})",
            f"say which policy the register is for: policy= (one of {', '.join(batch.POLICIES)})",
            field="policy",
            expected=sorted(batch.POLICIES),
            got=None,
        )
    else:
        registers = {policy: population}
    for name in registers:
        if name not in batch.POLICIES:
            raise InvalidInputError(
                f"未知的政策 {name!r}(可用:{'、'.join(batch.POLICIES)})",
                f"unknown policy {name!r} (known: {', '.join(batch.POLICIES)})",
                field="policy",
                expected=sorted(batch.POLICIES),
                got=name,
            )
    for label, value in (("baseline", baseline), ("scenario", scenario)):
        if value is not None and not isinstance(value, Scenario):
            raise InvalidInputError(
                f"{label} 应为 Scenario(可用 Scenario.from_dict 或 Scenario.from_toml)",
                f"{label} must be a Scenario (see Scenario.from_dict, Scenario.from_toml)",
                field=label,
                expected="Scenario",
                got=value,
            )
    base = BASELINE if baseline is None else baseline
    parts = [_compare_policy(frame, name, base, scenario) for name, frame in registers.items()]
    first = nw.from_native(next(iter(registers.values())), eager_only=True).implementation
    kind = "polars" if first.is_polars() else "pyarrow" if first.is_pyarrow() else "pandas"
    table = pa.concat_tables([part.table for part in parts])
    summary = ComparisonSummary(
        rows=MappingProxyType({name: part.rows for name, part in zip(registers, parts, strict=True)}),
        errors=MappingProxyType({name: part.errors for name, part in zip(registers, parts, strict=True)}),
        beneficiaries=MappingProxyType({name: part.beneficiaries for name, part in zip(registers, parts, strict=True)}),
        outlays=tuple(outlay for part in parts for outlay in part.outlays),
        rewards=tuple((name, reward) for name, part in zip(registers, parts, strict=True) for reward in part.rewards),
    )
    return Comparison(base, scenario, summary, _native(table, kind), table, kind)


# ---------------------------------------------------------------------------------------------------------------------
# Result frames as HTML
# ---------------------------------------------------------------------------------------------------------------------


def _cell(column: str, value: Any, kind: str) -> str:
    esc = html.escape
    if value is None:
        return "<td></td>"
    if kind == "decimal":
        return _money_cell(value)
    if kind == "bool":
        colour = "#1a7f37" if value else "#cf222e"
        return f"<td style='color:{colour};text-align:center'>{'✓' if value else '✗'}</td>"
    if column.endswith("first_failed_clause") or column == "clause":
        codes = ", ".join(f"<code>{esc(part.strip())}</code>" for part in str(value).split(","))
        return f"<td>{codes}</td>"
    if column in ("warnings", "error"):
        return f"<td><small>{esc(str(value))}</small></td>"
    if isinstance(value, date):
        return f"<td>{value.isoformat()}</td>"
    return f"<td>{esc(str(value))}</td>"


@dataclass(frozen=True)
class StyledFrame:
    """A result frame shown as an HTML table in a notebook: ¥ and 万元, ✓/✗, clause ids in code font."""

    frame: Any
    max_rows: int = 50

    def _repr_html_(self) -> str:
        _require_analysis()
        import narwhals.stable.v2 as nw
        import pyarrow as pa

        data = nw.from_native(self.frame, eager_only=True)
        total = len(data)
        table = data.head(self.max_rows).to_arrow()
        kinds: list[str] = []
        columns: list[list[Any]] = []
        for name in table.column_names:
            array = _column(table, name)
            kinds.append(
                "decimal" if pa.types.is_decimal(array.type) else "bool" if pa.types.is_boolean(array.type) else "other"
            )
            columns.append(array.to_pylist())
        esc = html.escape
        head = "".join(f"<th>{esc(str(name))}</th>" for name in table.column_names)
        body = "".join(
            "<tr>"
            + "".join(
                _cell(name, values[row], kind)
                for name, values, kind in zip(table.column_names, columns, kinds, strict=True)
            )
            + "</tr>"
            for row in range(table.num_rows)
        )
        more = f"<p><small>… 另有 {total - table.num_rows} 行 / {total - table.num_rows} more rows</small></p>"
        return f"<table class='hongshan-frame'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>" + (
            more if total > table.num_rows else ""
        )

    def __str__(self) -> str:
        return str(self.frame)


def styled(frame: Any, *, max_rows: int = 50) -> StyledFrame:
    """Show a result frame (of ``batch.evaluate`` or :attr:`Comparison.rows`) as an HTML table in Jupyter.

    Amounts (decimal columns) read ``¥50,000.00`` over ``5.00万元``; flags ✓ / ✗;
    clause ids in code font; the first ``max_rows`` rows, with a count of the rest.
    """
    return StyledFrame(frame, max_rows)


# ---------------------------------------------------------------------------------------------------------------------
# The bundled synthetic registers
# ---------------------------------------------------------------------------------------------------------------------

EXAMPLE_REGISTERS: Mapping[str, tuple[str, int, int]] = MappingProxyType(
    {"used-car": ("register-used-car.csv", 400, 87), "hq-rent": ("register-hq-rent.csv", 150, 79)}
)
"""Policy -> (file under ``hongshan_policy/data``, rows, seed) of the bundled synthetic registers."""


def example_register(policy: str = "used-car") -> Any:
    """The bundled synthetic register of ``policy`` (``"used-car"`` or ``"hq-rent"``) as a pandas frame of text cells.

    Made-up figures, seeded: ``used-car`` from ``hongshan_policy.batch.synthetic_register``
    (400 dealers), ``hq-rent`` from this module's generator (150 enterprises).
    Regenerate both with ``python -m hongshan_policy.scenarios``.
    """
    from importlib import resources

    _require_analysis()
    from . import batch

    if policy not in EXAMPLE_REGISTERS:
        raise InvalidInputError(
            f"没有 {policy!r} 的示例名册(可用:{'、'.join(EXAMPLE_REGISTERS)})",
            f"no example register for {policy!r} (available: {', '.join(EXAMPLE_REGISTERS)})",
            field="policy",
            expected=list(EXAMPLE_REGISTERS),
            got=policy,
        )
    with resources.as_file(resources.files("hongshan_policy") / "data" / EXAMPLE_REGISTERS[policy][0]) as path:
        return batch.read_table(path)


_INDUSTRIES = ("I6510", "I6420", "J6621", "L7262", "L7212", "D4411", "M7320", "F5191")
_INDUSTRY_WEIGHTS = (0.32, 0.15, 0.15, 0.15, 0.1, 0.08, 0.03, 0.02)
_FORMS = ("数字经济", "金融服务", "人力资源", "现代文旅", "能源管理", "其他")
_FORM_WEIGHTS = (0.42, 0.2, 0.17, 0.15, 0.03, 0.03)


def _rent_register(n: int, *, seed: int) -> Any:
    """A made-up register of ``n`` headquarters enterprises asking for the rent subsidy (field names as headers).

    Most meet 第二条 and 第三条(二); floor areas are log-normal around 15,000 m²
    (whole hundredths), agreed rates inside their district's reference range in
    steps of 0.1 yuan, leases signed over the policy's two years, a third with an
    end date. The floats only draw random figures; every value written is exact.
    """
    import numpy as np
    import pandas as pd

    from .credit_code import check_character
    from .headquarters import District

    rng = np.random.default_rng(seed)

    def day(first: date, span: int) -> list[date]:
        return [first + timedelta(days=int(d)) for d in rng.integers(0, span + 1, n)]

    registered = day(date(2024, 6, 12), 540)
    signed = [r + timedelta(days=int(d)) for r, d in zip(registered, rng.integers(0, 120, n), strict=True)]
    start = [s + timedelta(days=int(d)) for s, d in zip(signed, rng.integers(0, 60, n), strict=True)]
    lengths = rng.choice([3, 4, 5, 6], n)
    has_end = rng.random(n) < 0.35
    end = [
        date(s.year + int(years), s.month, min(s.day, 28)) - timedelta(days=1) if dated else None
        for s, years, dated in zip(start, lengths, has_end, strict=True)
    ]
    statistics = [
        r + timedelta(days=int(d)) if rng.random() < 0.95 else None
        for r, d in zip(registered, rng.integers(20, 400, n), strict=True)
    ]
    districts = rng.choice(list(District), n)
    rates = []
    for district in districts:
        low, high = HQ_DEFAULTS.rate_range(District(district))
        steps = int((high - low) / Decimal("0.1"))
        rates.append(low + Decimal("0.1") * int(rng.integers(0, steps + 1)))
    area = np.maximum(np.rint(rng.lognormal(np.log(16_000), 0.3, n) * 100), 500_000).astype(np.int64)
    capital = (np.rint(rng.lognormal(np.log(25_000_000), 0.5, n) / 10_000) * 10_000).astype(np.int64)
    codes = []
    for i in range(n):
        body = "91150402MA0R" + "".join("0123456789ABCDEFGHJKLMNPQRTUWXY"[(i // 31**k) % 31] for k in range(4, -1, -1))
        codes.append(body + check_character(body))
    flags = {name: rng.random(n) < p for name, p in (("in", 0.98), ("legal", 0.99), ("acct", 0.99))}
    return pd.DataFrame(
        {
            "name": [f"赤峰红山第{i + 1}号总部企业有限公司" for i in range(n)],
            "credit_code": codes,
            "registered_on": registered,
            "registered_in_hongshan": flags["in"],
            "independent_legal_person": flags["legal"],
            "independent_accounting": flags["acct"],
            "serious_dishonesty_record": rng.random(n) < 0.02,
            "hq_functions": rng.random(n) < 0.97,
            "registered_capital": [Decimal(int(c)) for c in capital],
            "industry_code": rng.choice(_INDUSTRIES, n, p=_INDUSTRY_WEIGHTS),
            "business_form": rng.choice(_FORMS, n, p=_FORM_WEIGHTS),
            "conforms_to_industrial_policy": rng.random(n) < 0.98,
            "statistics_registered_on": statistics,
            "signed_on": signed,
            "start": start,
            "end": end,
            "floor_area_m2": [Decimal(int(a)).scaleb(-2) for a in area],
            "district": [str(d) for d in districts],
            "agreed_rate": rates,
            "specialised_ratio": [Decimal(int(r)).scaleb(-2) for r in rng.integers(68, 100, n)],
        }
    )


def _write_examples(directory: Path) -> list[Path]:
    """Regenerate the bundled registers into ``directory`` (``python -m hongshan_policy.scenarios``)."""
    from . import batch

    makers: dict[str, Callable[[int, int], Any]] = {
        "used-car": lambda n, seed: batch.synthetic_register(n, seed=seed),
        "hq-rent": lambda n, seed: _rent_register(n, seed=seed),
    }
    written = []
    for policy, (file, rows, seed) in EXAMPLE_REGISTERS.items():
        path = directory / file
        batch.write_table(makers[policy](rows, seed), path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - regenerates the bundled data
    for written in _write_examples(Path(__file__).parent / "data"):
        print(written)
