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
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pydantic import ValidationError

from . import _files
from ._scenario_parts import Outcome, Part, Register, ScenarioAdapter
from ._scenario_parts import column as _column
from ._scenario_parts import decimal as _decimal
from ._scenario_parts import positive as _positive
from ._scenario_parts import valid as _valid
from .errors import InvalidInputError
from .headquarters import HQParameters
from .headquarters._scenarios import MILESTONE_COLUMNS
from .inputs import in_context
from .money import ZERO, fmt_wan, fmt_yuan
from .parameters import Parameters
from .registry import DOCUMENTS as _REGISTRY
from .registry import POLICIES as _POLICIES
from .used_car import UsedCarParameters
from .used_car._scenarios import GROWTH_BUDGET_YEAR

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

_ADAPTERS: Mapping[str, ScenarioAdapter] = MappingProxyType(
    {policy: spec.scenario() for policy, spec in _POLICIES.items() if spec.scenario is not None}
)
"""Register policy -> its scenario adapter, from the registry's ``scenario`` hooks (in the documents' packages)."""

POLICY_DOCUMENT: Mapping[str, str] = MappingProxyType({policy: _POLICIES[policy].document for policy in _ADAPTERS})
"""Batch policy (``hongshan_policy.batch.evaluate``) -> the document whose parameters it takes."""

DOCUMENTS: Mapping[str, Parameters] = MappingProxyType(
    {document: _REGISTRY[document].defaults for document in dict.fromkeys(POLICY_DOCUMENT.values())}
)
"""The sections of a scenario: document id -> the parameters of the text (87号 ``used-car``, 79号 ``hq``)."""

BudgetYear: TypeAlias = int | Literal["undated"]
"""A budget year, or ``"undated"`` for a land-subsidy tranche whose milestone date the register does not give."""

UNDATED: Literal["undated"] = "undated"
"""The budget year of an amount whose date is not known."""

POLICY_TITLES: Mapping[str, str] = MappingProxyType({policy: a.title for policy, a in _ADAPTERS.items()})
"""Chinese titles of the batch policies, for summaries."""
REWARD_TITLES: Mapping[str, str] = MappingProxyType(
    {reward: title for a in _ADAPTERS.values() for reward, title in a.rewards.items()}
)
"""Chinese names of the rewards (the prefixes of the batch result columns)."""

# MILESTONE_COLUMNS (79号's milestone dates of an ``hq-land`` register) and GROWTH_BUDGET_YEAR (87号's growth reward)
# are read from the documents' packages (headquarters/_scenarios.py, used_car/_scenarios.py) and kept here by name.


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
        text = _files.read_text(path).text
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

    def _of(self, kind: type[Parameters]) -> Parameters:
        """This scenario's parameters of the document whose parameter class is ``kind``."""
        document = next(d for d in DOCUMENTS if _REGISTRY[d].parameters is kind)
        return self.parameters(document)

    @property
    def used_car(self) -> UsedCarParameters:
        """The 87号 parameters of this scenario."""
        params = self._of(UsedCarParameters)
        assert isinstance(params, UsedCarParameters)
        return params

    @property
    def hq(self) -> HQParameters:
        """The 79号 parameters of this scenario."""
        params = self._of(HQParameters)
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


def _register(policy: str, data: Any) -> Register:
    from .batch._policies import input_fields

    return Register(data, input_fields(policy))


@dataclass(frozen=True, slots=True)
class _Evaluated:
    """One policy's register evaluated under one setting: the adapter's :class:`Outcome` and each row's error."""

    amount: Any
    eligible: NDArray[np.bool_]
    failed: Any  # a string Arrow array: the first failed clause of each reward not granted, ", "-joined
    error: list[str | None]
    parts: tuple[Part, ...]


def _evaluate(frame: Any, policy: str, params: Parameters) -> tuple[pa.Table, _Evaluated]:
    import narwhals.stable.v2 as nw
    import numpy as np

    from . import batch

    adapter = _ADAPTERS[policy]
    data = nw.from_native(frame, eager_only=True)
    own = [c for headers in adapter.own_columns if (c := Register(data, ()).find(headers)) is not None]
    if own:  # read here, not by the frame function: not "unrecognised"
        frame = data.drop(own).to_native()
    result = batch.evaluate(frame, policy, params=params, keep_input=False)
    table = nw.from_native(result, eager_only=True).to_arrow()
    error = _column(table, "error").to_pylist()
    outcome: Outcome = adapter.read(table, params)
    eligible = outcome.eligible & np.array([e is None for e in error], dtype=np.bool_)
    return table, _Evaluated(outcome.amount, eligible, outcome.failed, error, outcome.parts)


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

    data = nw.from_native(frame, eager_only=True)
    rows = len(data)
    base_params, scen_params = baseline.parameters(policy), scenario.parameters(policy)
    base_table, base = _evaluate(frame, policy, base_params)
    scen_table, scen = (base_table, base) if scen_params == base_params else _evaluate(frame, policy, scen_params)

    parts = list(dict.fromkeys([*base.parts, *scen.parts]))
    rewards = list(dict.fromkeys(part.reward for part in parts))
    register = _register(policy, data)
    totals: dict[tuple[str, BudgetYear], Delta] = {}
    for part in parts:
        amounts = [
            _decimal(_column(table, part.column))
            if part.column in table.column_names
            else pa.nulls(rows, pa.decimal128(18, 2))
            for table in (base_table, scen_table)
        ]
        needed = _positive(amounts[0]) | _positive(amounts[1])
        years = _ADAPTERS[policy].budget_years(register, part, needed)
        for year in sorted(set(years[needed].tolist())):
            mask = pa.array(needed & (years == year))
            base_sum, scen_sum = (pc.sum(pc.filter(amount, mask)).as_py() or ZERO for amount in amounts)
            key: tuple[str, BudgetYear] = (part.reward, UNDATED if year == -1 else int(year))
            totals[key] = totals.get(key, _NO_CHANGE) + Delta(base_sum, scen_sum)
    ordered = sorted(totals.items(), key=lambda item: (rewards.index(item[0][0]), _year_key(item[0][1])))
    outlays = [Outlay(policy, reward, year, delta) for (reward, year), delta in ordered]

    base_valid = np.array([e is None for e in base.error], dtype=np.bool_)
    scen_valid = np.array([e is None for e in scen.error], dtype=np.bool_)
    valid = base_valid & scen_valid
    difference = pc.subtract(scen.amount, base.amount)
    amount_type = pa.decimal128(18, 2)
    table = pa.table(
        {
            "policy": pa.array([policy] * rows, pa.string()),
            "row": pa.array(np.arange(rows, dtype=np.int64)),
            "name": _text(data, register.field("name")),
            "credit_code": _text(data, register.field("credit_code")),
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
    {policy: a.example for policy, a in _ADAPTERS.items() if a.example is not None}
)
"""Policy -> (file under ``hongshan_policy/data``, rows, seed) of the bundled synthetic registers."""


def example_register(policy: str | None = None) -> Any:
    """The bundled synthetic register of ``policy`` (``"used-car"``, the default, or ``"hq-rent"``) as a pandas
    frame of text cells.

    Made-up figures, seeded: ``used-car`` from ``hongshan_policy.batch.synthetic_register``
    (400 dealers), ``hq-rent`` from 79号's generator (150 enterprises).
    Regenerate both with ``python -m hongshan_policy.scenarios``.
    """
    from importlib import resources

    _require_analysis()
    from . import batch

    if policy is None:
        policy = next(iter(EXAMPLE_REGISTERS))
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


def _write_examples(directory: Path) -> list[Path]:
    """Regenerate the bundled registers into ``directory`` (``python -m hongshan_policy.scenarios``)."""
    from . import batch

    written = []
    for policy, (file, rows, seed) in EXAMPLE_REGISTERS.items():
        make = _ADAPTERS[policy].make_example
        assert make is not None
        path = directory / file
        batch.write_table(make(rows, seed), path)
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - regenerates the bundled data
    for written in _write_examples(Path(__file__).parent / "data"):
        print(written)
