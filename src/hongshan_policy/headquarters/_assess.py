"""One application (land or rent) in, one assessment out: what the CLI and notebooks call."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, Self

from pydantic import ConfigDict, Field, RootModel, TypeAdapter, model_validator

from .._json import hq_assessment_dict
from ..decisions import Decision, key_suffix, render_html, render_text
from ..inputs import Day, Text, checked, model_arg
from ..money import Ratio, fmt_percent, fmt_wan, fmt_yuan, sum_money
from ..parameters import PolicyModel
from ._land import LandPayable, Tranche, land_subsidy, land_subsidy_payable, land_subsidy_tranches
from ._models import (
    Enterprise,
    LandDeal,
    LandProject,
    Lease,
    Milestone,
    check_completed_after_contract,
)
from ._parameters import HQParameters, in_force
from ._rent import LeaseYear, rent_eligibility, rent_subsidy_schedule

__all__ = ["Application", "Assessment", "LandApplication", "RentApplication", "assess", "assess_many"]

_OTHER = "其他同类奖补(名称),与本政策不重复享受 other subsidies of the same kind already had or applied for (names)"


class LandApplication(PolicyModel):
    """An application for the land-price subsidy (第三条(一))."""

    policy: Literal["hq-land"] = Field(description="申请类型:土地出让奖补 application type: land-price subsidy")
    enterprise: Enterprise
    deal: LandDeal
    project: LandProject
    rate: Ratio | None = Field(
        default=None,
        description="奖补比例(按产业业态、建筑规模、自持比例、区位等因素确定,最高25%) rate of the reserve price; "
        "None: the maximum",
    )
    milestones_reached: dict[Milestone, Day] = Field(
        default_factory=dict, description="已达到的项目节点及日期 milestones reached, with their dates"
    )
    other_subsidies: tuple[Text, ...] = Field(default=(), description=_OTHER)

    @model_validator(mode="after")
    def _completed_after_contract(self) -> Self:
        check_completed_after_contract(self.deal, self.project)  # an InvalidInputError is a ValueError to pydantic
        return self


class RentApplication(PolicyModel):
    """An application for the office-rent subsidy (第三条(二))."""

    policy: Literal["hq-rent"] = Field(description="申请类型:房屋租赁补贴 application type: rent subsidy")
    enterprise: Enterprise
    lease: Lease
    other_subsidies: tuple[Text, ...] = Field(default=(), description=_OTHER)


_Either = Annotated[LandApplication | RentApplication, Field(discriminator="policy")]


class Application(RootModel[_Either]):
    """A headquarters application: land (``"policy": "hq-land"``) or rent (``"policy": "hq-rent"``).

    A pydantic model like ``used_car.Application``: ``Application.model_validate({...})``
    and ``Application.model_json_schema()``; ``.root`` is the
    :class:`LandApplication` or :class:`RentApplication` it holds.
    """

    model_config = ConfigDict(frozen=True)


@cache
def _adapter() -> TypeAdapter[LandApplication | RentApplication]:
    return TypeAdapter(_Either)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The outcome of one headquarters application, with its total."""

    policy: Literal["hq-land", "hq-rent"]
    enterprise: str
    decisions: tuple[Decision, ...]
    """Land: the land-subsidy decision. Rent: one decision per lease year."""
    tranches: tuple[Tranche, ...] = ()
    """Land: the four tranches of the subsidy."""
    payable: LandPayable | None = None
    """Land: what may be paid so far, when milestones were given."""
    eligibility: Decision | None = None
    """Rent: the conditions, checked once for the whole lease."""
    schedule: tuple[LeaseYear, ...] = ()
    """Rent: the five lease years."""

    @property
    def total(self) -> Decimal:
        """Land: the most that may be granted. Rent: the sum of the five lease years."""
        return sum_money(d.amount for d in self.decisions)

    def _head(self) -> str:
        what = (
            "土地出让奖补最高额度 land subsidy at most"
            if self.policy == "hq-land"
            else ("房屋租赁补贴五年合计 rent subsidy over five lease years")
        )
        return f"{self.enterprise}: {what} {fmt_yuan(self.total)} ({fmt_wan(self.total)})"

    def __str__(self) -> str:
        lines = [self._head()]
        if self.policy == "hq-land":
            lines.append(render_text(self.decisions))
            lines.append("分期拨付 tranches:")
            lines.extend(
                f"  [{t.clause}] {fmt_percent(t.share)} {fmt_yuan(t.amount)}  {t.zh} / {t.en}" for t in self.tranches
            )
            if self.payable is not None:
                lines.append(str(self.payable))
            return "\n".join(lines)
        assert self.eligibility is not None
        common = set(self.eligibility.reasons) | set(self.eligibility.warnings)
        lines.append(render_text([self.eligibility], conditions=True))  # a check of conditions, not an amount
        for entry in self.schedule:
            d = entry.decision
            counted = ""
            if entry.subsidised_days != entry.days:
                since = "—" if entry.subsidised_from is None else entry.subsidised_from.isoformat()
                counted = f", 计补贴{entry.subsidised_days}天 subsidised days from {since}"
            lines.append(
                f"第{entry.year}租赁年 lease year {entry.year}: "
                f"{entry.first_day.isoformat()}—{entry.last_day.isoformat()} "
                f"({entry.days}天 days{counted}, {fmt_percent(entry.share)}): {fmt_yuan(d.amount)}"
            )
            lines.extend(
                f"  {'✓' if r.held else '✗'} [{r.clause}] {r.zh}\n      {r.en}{key_suffix(r)}"
                for r in d.reasons
                if r not in common
            )
            lines.extend(f"  ! [{w.clause}] {w.zh}\n      {w.en}" for w in d.warnings if w not in common)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        parts = [f"<h4>{esc(self._head())}</h4>"]
        if self.policy == "hq-land":
            parts.append(render_html(self.decisions))
            rows = "".join(
                f"<tr><td><code>{esc(t.clause)}</code></td><td>{esc(fmt_percent(t.share))}</td>"
                f"<td>{esc(fmt_yuan(t.amount))}</td><td>{esc(t.zh)}<br><small>{esc(t.en)}</small></td></tr>"
                for t in self.tranches
            )
            parts.append(
                f"<table><thead><tr><th>条款</th><th>比例</th><th>金额</th><th>节点</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
            if self.payable is not None:
                parts.append(self.payable._repr_html_())
            return "\n".join(parts)
        if self.eligibility is not None:
            parts.append(render_html([self.eligibility], conditions=True))
        rows = "".join(
            f"<tr><td>{e.year}</td><td>{e.first_day.isoformat()}—{e.last_day.isoformat()}</td><td>{e.days}</td>"
            f"<td>{e.subsidised_days}"
            + ("" if e.subsidised_from is None or e.subsidised_from == e.first_day else f" ({e.subsidised_from})")
            + f"</td><td>{esc(fmt_percent(e.share))}</td><td>{esc(fmt_yuan(e.decision.amount))}</td></tr>"
            for e in self.schedule
        )
        parts.append(
            "<table><thead><tr><th>租赁年 year</th><th>期间 dates</th><th>天数 days</th>"
            "<th>计补贴天数 subsidised days</th><th>比例 share</th>"
            f"<th>金额 amount</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``: every decision and the total (amounts as exact strings), with ``schema_version``."""
        return hq_assessment_dict(self)


@checked
def assess(
    application: Application | LandApplication | RentApplication | dict[str, Any], *, params: HQParameters | None = None
) -> Assessment:
    """Assess one headquarters application (a ``dict`` is validated first, its ``"policy"`` choosing the kind).

    Land: the land-subsidy decision (the most that may be granted), its four
    tranches and, when milestones are given, what may be paid so far. Rent: the
    conditions once, then the five lease years of 「三免两减半」. Without
    ``params``: the set in force on the day the land contract or the lease was signed.
    """
    if isinstance(application, Application):
        application = application.root
    if not isinstance(application, LandApplication | RentApplication | dict):
        application = model_arg(application, LandApplication, "application")
    app = (
        application
        if isinstance(application, LandApplication | RentApplication)
        else (_adapter().validate_python(application))
    )
    if isinstance(app, LandApplication):
        params = in_force(params, app.deal.contract_signed_on)
        rate = params.land_rate_max if app.rate is None else app.rate
        decision = land_subsidy(
            app.enterprise, app.deal, app.project, rate=rate, other_subsidies=app.other_subsidies, params=params
        )
        payable = None
        if app.milestones_reached:
            payable = land_subsidy_payable(decision.amount, app.milestones_reached, params=params)
        return Assessment(
            "hq-land",
            app.enterprise.name,
            (decision,),
            tranches=land_subsidy_tranches(decision.amount, params=params),
            payable=payable,
        )
    params = in_force(params, app.lease.signed_on)
    eligibility = rent_eligibility(app.enterprise, app.lease, other_subsidies=app.other_subsidies, params=params)
    schedule = rent_subsidy_schedule(app.enterprise, app.lease, other_subsidies=app.other_subsidies, params=params)
    return Assessment(
        "hq-rent",
        app.enterprise.name,
        tuple(entry.decision for entry in schedule),
        eligibility=eligibility,
        schedule=schedule,
    )


def assess_many(
    applications: Iterable[Application | LandApplication | RentApplication | dict[str, Any]],
    *,
    params: HQParameters | None = None,
) -> list[Assessment]:
    """Assess each application in order (see :func:`assess`); the same as ``[assess(a) for a in applications]``."""
    return [assess(application, params=params) for application in applications]
