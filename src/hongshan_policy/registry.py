"""The registry of documents: every document, its parameters and every public decision, query and inspection.

:data:`DOCUMENTS` maps a document id (``"used-car"``, ``"hq"``, ``"ebike"``) to a
:class:`Document`: its number and title, its clauses, its parameter class,
:meth:`Document.parameters_on` and its ``decisions``, a mapping from decision
name to a :class:`DecisionSpec` (the function, its one input model, the shape
of its answer, the columnar evaluator and the explainer where there are any,
summaries in Chinese and English, the clause ids). The service, the published
JSON Schemas and the documentation are generated from it::

    from hongshan_policy import DOCUMENTS

    spec = DOCUMENTS["used-car"].decisions["scale_reward"]
    request = spec.input_model.model_validate({...})
    spec.answer(request)  # the versioned JSON of the decision

The batch engine and the explainer are imported only when first called
(:class:`_Lazy`), so reading the registry never imports numpy or pandas.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel

from . import _json as J
from . import _requests as R
from . import ebike, headquarters, sources, used_car
from .citations import clauses_of
from .decisions import Provenance, provenance
from .ebike import _parameters as _ebike_parameters
from .errors import OutsideValidityError
from .headquarters import _parameters as _hq_parameters
from .parameters import Parameters, Timeline
from .used_car import _parameters as _used_car_parameters
from .workdays import calendar_data

__all__ = ["DOCUMENTS", "POLICIES", "DecisionSpec", "Document", "document_of"]


class _Lazy:
    """A function of a module imported only when the function is first called (the ``analysis`` extra's)."""

    __slots__ = ("module", "name")

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def resolve(self) -> Callable[..., Any]:
        """Import the module and return the function."""
        function: Callable[..., Any] = getattr(importlib.import_module(self.module), self.name)
        return function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<{self.module}.{self.name}>"


@dataclass(frozen=True, slots=True)
class BudgetTiming:
    """When the money of a decision moves, as the text says: who pays whom, once, per year or by stage.

    Filled for every decision that decides money (a reward, a subsidy, a repayment); the readings are in
    ``docs/interpretations.md`` ("budget timing"). ``shares`` gives each stage's share of the whole, for money paid
    by stages (79号 第三条(一): 40/30/25/5), as the parameter names the text's figure by (read from the
    document's text values by :attr:`stages`).
    """

    money: str
    """Which money, e.g. ``scale reward``, ``land-price subsidy``."""
    direction: Literal["paid", "repaid"]
    """``paid``: the district pays the applicant (拨付、兑现); ``repaid``: the recipient pays back (返还、追回)."""
    basis: Literal["one-off", "by-stage", "per-year", "on-finding"]
    """``one-off``: one payment (一次性); ``by-stage``: instalments as the project reaches milestones;
    ``per-year``: one amount per (lease) year; ``on-finding``: once the ground is found (外迁, 弄虚作假, 验收不合格)."""
    payer: str
    """Who pays, e.g. 区财政局 (the district finance bureau) or 企业 (the recipient)."""
    when_zh: str
    """When, in the text's words."""
    when_en: str
    clauses: tuple[str, ...]
    """The clauses that set the timing."""
    shares: tuple[str, ...] = ()
    """For ``by-stage``: the parameters giving each stage's share of the whole, in order."""

    def stages(self, params: Parameters) -> tuple[tuple[str, Any], ...]:
        """Each stage's clause and share of the whole under ``params`` (empty unless ``by-stage``)."""
        return tuple((type(params).clause_of(name), getattr(params, name)) for name in self.shares)


@dataclass(frozen=True, slots=True)
class DecisionSpec:
    """One public decision, query or inspection of a document, with what it takes and what it returns."""

    name: str
    """The decision's name in its document, e.g. ``scale_reward`` (the service's route is ``/v1/<document>/<name>``)."""
    function: Callable[..., Any]
    """The library function, e.g. :func:`hongshan_policy.used_car.scale_reward`."""
    input_model: type[BaseModel]
    """The one input model: the function's arguments under the same names (a request model where there are several)."""
    output_model: type[BaseModel] | None
    """The shape of the JSON answer (``None`` for a text answer: see ``media_type``)."""
    run: Callable[[Any], Any]
    """Call :attr:`function` with a validated instance of :attr:`input_model`; returns the library's result."""
    render: Callable[[Any], Any]
    """The result as versioned JSON (a ``dict``) or, for a text answer, the text."""
    summary_zh: str
    summary_en: str
    clauses: tuple[str, ...]
    """The clause ids the decision implements."""
    columnar: Callable[..., Any] | None = None
    """The columnar evaluator of a whole frame of applications (``hongshan_policy.batch``), or ``None``."""
    explainer: Callable[..., Any] | None = None
    """What must change (``hongshan_policy.explain``), called with the function's arguments, or ``None``."""
    media_type: str = "application/json"
    """``application/json``, or ``text/plain`` / ``text/calendar`` for the e-bike agendas."""
    document: str = ""
    governing_date: str = ""
    """Which date picks the parameters in force when no ``params=`` is given (docs/interpretations.md), e.g.
    ``applied_on``; ``""``: the decision reads no dated parameter (or none is known: the text's values)."""
    scenario: Callable[[], Any] | None = None
    """Returns the decision's scenario adapter: how :func:`hongshan_policy.scenarios.compare` reads the result
    frame of :attr:`columnar` (amounts, budget years, example register); ``None``: not compared."""

    budget: tuple[BudgetTiming, ...] = ()
    """When its money is paid or repaid (the budget timing): one entry per kind of money it decides (``assess``
    decides two); empty for a decision that decides no money (conditions, queries, inspections, procedures)."""
    provenance_of: Callable[[Any], Provenance] | None = None
    """For a result that does not carry its own provenance (a procedure's deadlines, an e-bike query): the
    provenance of the answer to a request (parameters in force on its governing date, and the calendar data when it
    counts working days), written as the answer's ``provenance``; ``None``: the result carries its own, or none."""

    def answer(self, request: Any) -> Any:
        """Run the decision on ``request`` (an :attr:`input_model` instance) and render its answer."""
        answer = self.render(self.run(request))
        if self.provenance_of is not None and isinstance(answer, dict):
            answer["provenance"] = J.provenance_dict(self.provenance_of(request))
        return answer

    @property
    def budget_summary(self) -> str:
        """The budget timing in one line, e.g. ``paid by-stage (hq:3.1.1, …)``; ``""`` when no money is decided."""
        return "; ".join(f"{b.money}: {b.direction} {b.basis} ({', '.join(b.clauses)})" for b in self.budget)

    @property
    def qualified_name(self) -> str:
        """``<document>.<name>``, e.g. ``used-car.scale_reward``."""
        return f"{self.document}.{self.name}"


@dataclass(frozen=True, slots=True)
class Document:
    """One policy document: its metadata, parameters and decisions."""

    id: str
    number: str
    """The document number, e.g. 赤红政字〔2024〕87号."""
    title: str
    parameters: type[Parameters]
    """The parameter class (every number of the text, with its clause)."""
    defaults: Parameters
    valid_from: date
    valid_until: date | None
    decisions: Mapping[str, DecisionSpec] = field(default_factory=lambda: MappingProxyType({}))
    timeline: Callable[[], Timeline[Any]] | None = None
    """The document's :class:`~hongshan_policy.parameters.Timeline`, read when asked (the module's ``TIMELINE``)."""
    policies: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Register policy -> the decision whose :attr:`DecisionSpec.columnar` evaluates its rows, e.g. ``hq-rent`` ->
    ``rent_subsidy_schedule``: the names of ``hongshan-policy batch --policy`` and of ``assess``'s ``"policy"`` key
    (whose rows the document's ``assess`` decides)."""

    @property
    def clauses(self) -> tuple[sources.Clause, ...]:
        """The document's clauses, in text order (from :mod:`hongshan_policy.sources`)."""
        return sources.clauses(self.id)

    def parameters_on(self, day: date) -> Parameters:
        """The parameter set in force on ``day``: the text's values with every dated value in force that day.

        ``day`` must fall in the document's period (from the day it took effect
        to its last day of validity, both included); a day outside it raises
        :class:`~hongshan_policy.errors.OutsideValidityError`. The sets come
        from the document's :class:`~hongshan_policy.parameters.Timeline` (built
        once), so this is a binary search.
        """
        from .dates import check_date

        day = check_date(day, "on")
        last = self.valid_until
        if day < self.valid_from or (last is not None and day > last):
            period = f"{self.valid_from.isoformat()} — {last.isoformat() if last else '…'}"
            raise OutsideValidityError(
                f"{day.isoformat()} 不在{self.number}的有效期({period})内,没有有效的参数",
                f"{day.isoformat()} is outside the period of {self.number} ({period}): no parameters are in force",
                field="on",
                expected=period,
                got=day.isoformat(),
            )
        if self.timeline is None:
            return self.defaults
        in_force: Parameters = self.timeline().on(day)
        return in_force


def _spec(
    document: str,
    name: str,
    function: Callable[..., Any],
    input_model: type[BaseModel],
    output_model: type[BaseModel] | None,
    run: Callable[[Any], Any],
    render: Callable[[Any], Any],
    summary_zh: str,
    summary_en: str,
    *,
    clauses: tuple[str, ...] = (),
    columnar: Callable[..., Any] | None = None,
    explainer: Callable[..., Any] | None = None,
    media_type: str = "application/json",
    governing_date: str = "",
    scenario: Callable[[], Any] | None = None,
    provenance_of: Callable[[Any], Provenance] | None = None,
    budget: tuple[BudgetTiming, ...] = (),
) -> tuple[str, DecisionSpec]:
    cited = clauses or clauses_of(function)
    return name, DecisionSpec(
        name=name,
        function=function,
        input_model=input_model,
        output_model=output_model,
        run=run,
        render=render,
        summary_zh=summary_zh,
        summary_en=summary_en,
        clauses=tuple(dict.fromkeys(cited)),
        columnar=columnar,
        explainer=explainer,
        media_type=media_type,
        document=document,
        governing_date=governing_date,
        scenario=scenario,
        provenance_of=provenance_of,
        budget=budget,
    )


def _decision(result: Any) -> dict[str, Any]:
    return J.decision_dict(result)


def _to_dict(result: Any) -> dict[str, Any]:
    value: dict[str, Any] = result.to_dict()
    return value


def _dated(
    document: str, timeline: Callable[[], Timeline[Any]], *, working_days: bool = False
) -> Callable[..., Provenance]:
    """The provenance of an answer computed with the set in force on ``day`` (and the default working-day calendar)."""

    def made(day: date | None, counted: bool = True) -> Provenance:
        calendar = calendar_data() if working_days and counted else None
        return provenance(document, timeline().on(day), calendar)

    return made


_UC_PAID = (
    "公示无异议的,由区财政局按程序兑现奖励资金",
    "after publicity without objection, the district finance bureau pays",
)
_SCALE = BudgetTiming(
    "scale reward",
    "paid",
    "one-off",
    "区财政局",
    "「给予一次性奖励5万元」;" + _UC_PAID[0],
    "once (50,000 yuan, 「一次性」); " + _UC_PAID[1],
    ("used-car:3.1", "used-car:5.4"),
)
_GROWTH = BudgetTiming(
    "growth reward",
    "paid",
    "one-off",
    "区财政局",
    "按2024年度累计营业收入一次核定;" + _UC_PAID[0] + "(兑现年度)",
    "once, on the 2024 revenue; " + _UC_PAID[1] + " (in the year of payment, 兑现年度)",
    ("used-car:3.2", "used-car:5.4", "used-car:7"),
)
_RELOCATION = BudgetTiming(
    "relocation repayment",
    "repaid",
    "on-finding",
    "企业",
    "有效期及奖励资金兑现年度内外迁的,如数返还",
    "in full, when the dealer moves away within the validity or the year of payment",
    ("used-car:7",),
)
_FRAUD = BudgetTiming(
    "recovery on fraud",
    "repaid",
    "on-finding",
    "企业",
    "弄虚作假、套取资金的,一经发现,收缴全部奖励资金",
    "everything, as soon as fraud is found",
    ("used-car:6",),
)
_LAND = BudgetTiming(
    "land-price subsidy",
    "paid",
    "by-stage",
    "区财政局",
    "按项目节点分四期拨付:基础正负零40%、主体建成30%、竣工验收备案并投入使用25%、绩效评价和履约验收合格5%",
    "in four tranches as the project reaches its milestones: foundation 40%, structure 30%, completion 25%, "
    "passed evaluation 5%",
    ("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4", "hq:4.4"),
    shares=(
        "tranche_foundation_share",
        "tranche_structure_share",
        "tranche_completion_share",
        "tranche_evaluation_share",
    ),
)
_RENT = BudgetTiming(
    "office-rent subsidy",
    "paid",
    "per-year",
    "区财政局",
    "「三免两减半」逐个租赁年补贴(每年不超过300万元);「先租后补」,经主管部门核验通过后由区财政拨付",
    "one amount per lease year (years 1-3 in full, 4-5 at half, at most 3 million a year); rent first, subsidy "
    "after: paid once the department has verified the year",
    ("hq:3.2.1", "hq:3.2.2", "hq:4.4"),
)
_LAND_CLAWBACK = BudgetTiming(
    "recovery of the land-price subsidy",
    "repaid",
    "on-finding",
    "企业",
    "竣工后12个月内绩效评价和履约验收不合格的,追回已拨付的奖补资金",
    "everything paid, when the evaluation within 12 months of completion fails",
    ("hq:4.5",),
)
_RENT_CLAWBACK = BudgetTiming(
    "repayment of the rent subsidy",
    "repaid",
    "on-finding",
    "企业",
    "未完全履行协议外迁、注销或区本级税收贡献少于所享受租房补贴的,按协议违约条款补齐差额;验收不合格的追回",
    "the shortfall under the agreement's default clause on leaving or when district tax falls short; everything "
    "when the evaluation fails",
    ("hq:3.2.2", "hq:4.5"),
)


def _used_car() -> Document:
    uc = used_car
    doc = "used-car"
    decisions = dict(
        [
            _spec(
                doc,
                "assess",
                uc.assess,
                uc.Application,
                J.UsedCarAssessmentJSON,
                uc.assess,
                _to_dict,
                "评估一份申请的两项奖励及合计",
                "assess one application for both rewards and their total",
                clauses=("used-car:2", "used-car:3.1", "used-car:3.2", "used-car:8"),
                columnar=_Lazy("hongshan_policy.batch", "used_car_frame"),
                scenario=_Lazy("hongshan_policy.used_car._scenarios", "adapter"),
                governing_date="applied_on (scale), growth_applied_on (growth): each reward its own application date",
                budget=(_SCALE, _GROWTH),
            ),
            _spec(
                doc,
                "dealer_conditions",
                uc.dealer_conditions,
                uc.Dealer,
                J.ReasonsJSON,
                lambda r: uc.dealer_conditions(r),
                J.reasons_dict,
                "二手车经销企业的条件(逐项)",
                "who counts as a used-car dealer, one reason per condition",
            ),
            _spec(
                doc,
                "scale_reward",
                uc.scale_reward,
                R.ScaleRewardRequest,
                J.DecisionJSON,
                lambda r: uc.scale_reward(r.dealer, r.revenue_jan_to_jul, r.applied_on),
                _decision,
                "规模化经营奖励:前7个月营业收入500万元以上奖励5万元",
                "scale reward: 50,000 yuan for 5 million of revenue in January-July 2024",
                explainer=_Lazy("hongshan_policy.explain", "used_car_scale"),
                governing_date="applied_on: the application date",
                budget=(_SCALE,),
            ),
            _spec(
                doc,
                "growth_reward",
                uc.growth_reward,
                R.GrowthRewardRequest,
                J.DecisionJSON,
                lambda r: uc.growth_reward(r.dealer, r.revenue_2024, applied_on=r.applied_on),
                _decision,
                "做大做强奖励:年度营业收入的0.6%或0.7%,上限35万元",
                "growth reward: 0.6% or 0.7% of 2024 revenue, at most 350,000 yuan",
                explainer=_Lazy("hongshan_policy.explain", "used_car_growth"),
                governing_date="applied_on: the application date (the text's values when not given)",
                budget=(_GROWTH,),
            ),
            _spec(
                doc,
                "pledge_conditions",
                uc.pledge_conditions,
                uc.Dealer,
                J.PledgeJSON,
                lambda r: uc.pledge_conditions(r),
                J.pledge_dict,
                "守信承诺书所承诺事项(逐项;未说明者提示)",
                "the facts of the good-faith pledge, one reason per fact stated, a warning for the rest",
            ),
            _spec(
                doc,
                "application_materials",
                uc.application_materials,
                R.UsedCarMaterialsRequest,
                J.MaterialsJSON,
                lambda r: uc.application_materials(r.submitted),
                J.materials_dict,
                "申请材料清单:已提交、缺少",
                "the five application materials: which are filed, which missing",
            ),
            _spec(
                doc,
                "relocation_repayment",
                uc.relocation_repayment,
                R.RelocationRepaymentRequest,
                J.RepaymentJSON,
                lambda r: uc.relocation_repayment(r.received, r.paid_on, r.relocated_on),
                J.repayment_dict,
                "企业登记注册纳税地外迁应返还的奖励资金",
                "what a dealer that moved its tax registration away must repay",
                governing_date="paid_on: the day the reward was paid (the terms it was paid under)",
                budget=(_RELOCATION,),
            ),
            _spec(
                doc,
                "fraud_repayment",
                uc.fraud_repayment,
                R.FraudRepaymentRequest,
                J.RepaymentJSON,
                lambda r: uc.fraud_repayment(r.received, fraud_found=r.fraud_found),
                J.repayment_dict,
                "弄虚作假、套取资金的收缴全部奖励资金",
                "recovery of every reward from a dealer found to have faked its application",
                budget=(_FRAUD,),
            ),
            _spec(
                doc,
                "procedure",
                uc.procedure,
                R.UsedCarProcedureRequest,
                J.UsedCarProcedureJSON,
                lambda r: uc.procedure(
                    review_concluded_on=r.review_concluded_on,
                    approved_on=r.approved_on,
                    publicity_starts_on=r.publicity_starts_on,
                    objection_raised=r.objection_raised,
                ),
                J.used_car_procedure_dict,
                "申报程序的期限:书面通知、公示期、兑现",
                "the procedure's deadlines: refusal notice, publicity, payment",
                governing_date="review_concluded_on, else approved_on, else publicity_starts_on",
                provenance_of=lambda r: _dated(doc, lambda: _used_car_parameters.TIMELINE, working_days=True)(
                    r.review_concluded_on or r.approved_on or r.publicity_starts_on,
                    any(d is not None for d in (r.review_concluded_on, r.approved_on, r.publicity_starts_on)),
                ),
            ),
        ]
    )
    return _document(
        doc,
        uc.UsedCarParameters,
        uc.DEFAULTS,
        decisions,
        lambda: _used_car_parameters.TIMELINE,
        policies={"used-car": "assess"},
    )


def _hq() -> Document:
    hq = headquarters
    doc = "hq"
    decisions = dict(
        [
            _spec(
                doc,
                "assess",
                hq.assess,
                hq.Application,
                J.HQAssessmentJSON,
                lambda r: hq.assess(r.root),
                _to_dict,
                "评估一份总部企业申请(土地出让奖补或房屋租赁补贴)",
                "assess one headquarters application (land-price subsidy or office-rent subsidy)",
                clauses=("hq:2", "hq:3.1", "hq:3.2"),
                governing_date="deal.contract_signed_on (land) or lease.signed_on (rent): the contract keeps its terms",
                budget=(_LAND, _RENT),
            ),
            _spec(
                doc,
                "hq_conditions",
                hq.hq_conditions,
                hq.Enterprise,
                J.ReasonsJSON,
                lambda r: hq.hq_conditions(r),
                J.reasons_dict,
                "总部企业的条件(逐项)",
                "who counts as a headquarters enterprise, one reason per condition",
            ),
            _spec(
                doc,
                "hq_eligibility",
                hq.hq_eligibility,
                R.HQEligibilityRequest,
                J.DecisionJSON,
                lambda r: hq.hq_eligibility(r.enterprise, r.deal),
                _decision,
                "总部企业认定",
                "whether an enterprise is a headquarters enterprise",
                governing_date="deal.contract_signed_on (the text's values without a deal)",
            ),
            _spec(
                doc,
                "land_subsidy",
                hq.land_subsidy,
                R.LandSubsidyRequest,
                J.DecisionJSON,
                lambda r: hq.land_subsidy(
                    r.enterprise, r.deal, r.project, rate=r.rate, other_subsidies=r.other_subsidies
                ),
                _decision,
                "土地出让奖补:最高为土地出让底价的25%",
                "land-price subsidy: at most 25% of the land's reserve price",
                columnar=_Lazy("hongshan_policy.batch", "hq_land_frame"),
                scenario=_Lazy("hongshan_policy.headquarters._scenarios", "land_adapter"),
                explainer=_Lazy("hongshan_policy.explain", "hq_land"),
                governing_date="deal.contract_signed_on: the land contract keeps its terms",
                budget=(_LAND,),
            ),
            _spec(
                doc,
                "land_subsidy_tranches",
                hq.land_subsidy_tranches,
                R.LandSubsidyTranchesRequest,
                J.TranchesJSON,
                lambda r: hq.land_subsidy_tranches(r.amount),
                J.tranches_dict,
                "土地出让奖补的四期拨付",
                "the four tranches of a land-price subsidy",
                budget=(_LAND,),
            ),
            _spec(
                doc,
                "land_subsidy_payable",
                hq.land_subsidy_payable,
                R.LandSubsidyPayableRequest,
                J.LandPayableResultJSON,
                lambda r: hq.land_subsidy_payable(r.amount, r.milestones_reached),
                J.land_payable_result_dict,
                "按已达到的项目节点可拨付的奖补资金",
                "which tranches may be paid, given the milestones reached",
                budget=(_LAND,),
            ),
            _spec(
                doc,
                "land_clawback",
                hq.land_clawback,
                R.LandClawbackRequest,
                J.RepaymentJSON,
                lambda r: hq.land_clawback(r.paid, r.evaluation_passed),
                J.repayment_dict,
                "绩效评价不合格时收回土地出让奖补",
                "recovery of the land subsidy when the evaluation fails",
                budget=(_LAND_CLAWBACK,),
            ),
            _spec(
                doc,
                "rent_eligibility",
                hq.rent_eligibility,
                R.RentRequest,
                J.DecisionJSON,
                lambda r: hq.rent_eligibility(r.enterprise, r.lease, other_subsidies=r.other_subsidies),
                _decision,
                "房屋租赁补贴的条件",
                "the conditions of the office-rent subsidy",
                governing_date="lease.signed_on: the lease keeps its terms",
            ),
            _spec(
                doc,
                "rent_subsidy",
                hq.rent_subsidy,
                R.RentSubsidyRequest,
                J.DecisionJSON,
                lambda r: hq.rent_subsidy(r.enterprise, r.lease, r.year, other_subsidies=r.other_subsidies),
                _decision,
                "一个租赁年的房屋租赁补贴",
                "the office-rent subsidy of one lease year",
                explainer=_Lazy("hongshan_policy.explain", "hq_rent"),
                governing_date="lease.signed_on: the lease keeps its terms",
                budget=(_RENT,),
            ),
            _spec(
                doc,
                "rent_subsidy_schedule",
                hq.rent_subsidy_schedule,
                R.RentRequest,
                J.RentScheduleJSON,
                lambda r: hq.rent_subsidy_schedule(r.enterprise, r.lease, other_subsidies=r.other_subsidies),
                J.rent_schedule_dict,
                "房屋租赁补贴「三免两减半」的五个租赁年",
                "the five lease years of the office-rent subsidy (three free, two at half)",
                columnar=_Lazy("hongshan_policy.batch", "hq_rent_frame"),
                scenario=_Lazy("hongshan_policy.headquarters._scenarios", "rent_adapter"),
                governing_date="lease.signed_on: the lease keeps its terms",
                budget=(_RENT,),
            ),
            _spec(
                doc,
                "rent_clawback",
                hq.rent_clawback,
                R.RentClawbackRequest,
                J.RepaymentJSON,
                lambda r: hq.rent_clawback(
                    r.received,
                    r.tax_contribution,
                    left_or_deregistered=r.left_or_deregistered,
                    agreement_fully_performed=r.agreement_fully_performed,
                    evaluation_passed=r.evaluation_passed,
                    agreed_amount=r.agreed_amount,
                ),
                J.repayment_dict,
                "房屋租赁补贴的收回",
                "what a rent-subsidy recipient must repay",
                budget=(_RENT_CLAWBACK,),
            ),
            _spec(
                doc,
                "application_materials",
                hq.application_materials,
                R.ApplicationMaterialsRequest,
                J.MaterialsJSON,
                lambda r: hq.application_materials(r.policy, r.submitted),
                J.materials_dict,
                "申报材料清单",
                "the documents an applicant submits",
            ),
            _spec(
                doc,
                "procedure",
                hq.procedure,
                R.HQProcedureRequest,
                J.HQProcedureJSON,
                lambda r: hq.procedure(
                    r.review_concluded_on,
                    r.approved_on,
                    r.completed_on,
                    r.registered_on,
                    publicity_starts_on=r.publicity_starts_on,
                    objection_raised=r.objection_raised,
                ),
                J.hq_procedure_dict,
                "申报程序的期限:书面通知、公示期、兑现、绩效评价",
                "the procedure's deadlines: refusal notice, publicity, payment, evaluation",
                provenance_of=lambda r: _dated(doc, lambda: _hq_parameters.TIMELINE, working_days=True)(
                    None, r.review_concluded_on is not None
                ),
            ),
        ]
    )
    return _document(
        doc,
        hq.HQParameters,
        hq.DEFAULTS,
        decisions,
        lambda: _hq_parameters.TIMELINE,
        policies={"hq-rent": "rent_subsidy_schedule", "hq-land": "land_subsidy"},
    )


def _ebike() -> Document:
    eb = ebike
    doc = "ebike"
    decisions = dict(
        [
            _spec(
                doc,
                "tasks_for",
                eb.tasks_for,
                R.TasksForRequest,
                J.TasksJSON,
                lambda r: eb.tasks_for(r.department, r.role),
                J.tasks_dict,
                "一个部门牵头或配合的任务",
                "the tasks a department leads or supports",
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE)(None),
            ),
            _spec(
                doc,
                "task",
                eb.task,
                R.TaskRequest,
                J.TaskResultJSON,
                lambda r: eb.task(r.number),
                J.task_result_dict,
                "一项任务(1至21)",
                "one task of the plan (1-21)",
                clauses=tuple(t.clause for t in eb.TASKS),
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE)(None),
            ),
            _spec(
                doc,
                "due_between",
                eb.due_between,
                R.DueBetweenRequest,
                J.DueListJSON,
                lambda r: eb.due_between(r.start, r.end, department=r.department, include_undated=r.include_undated),
                J.due_dict,
                "两个日期之间到期的时间节点",
                "the milestones falling due between two days",
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE)(None),
            ),
            _spec(
                doc,
                "overdue",
                eb.overdue,
                R.OverdueRequest,
                J.OverdueJSON,
                lambda r: (
                    r.as_of,
                    eb.overdue(
                        r.as_of,
                        [d if isinstance(d, int) else (d.task, d.day) for d in r.done],
                        working_days=r.working_days,
                        include_undated=r.include_undated,
                    ),
                ),
                lambda pair: J.overdue_dict(*pair),
                "截至某日逾期的时间节点(按部门)",
                "the milestones overdue on a day, by department",
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE, working_days=True)(
                    None, r.working_days
                ),
            ),
            _spec(
                doc,
                "agenda",
                eb.agenda,
                R.AgendaRequest,
                None,
                lambda r: eb.agenda(r.department, include_undated=r.include_undated),
                lambda text: text,
                "一个部门的工作日程(文本)",
                "a department's agenda as plain text",
                clauses=tuple(t.clause for t in eb.TASKS),
                media_type="text/plain",
            ),
            _spec(
                doc,
                "agenda_ics",
                eb.agenda_ics,
                R.AgendaRequest,
                None,
                lambda r: eb.agenda_ics(r.department, include_undated=r.include_undated),
                lambda text: text,
                "一个部门的工作日程(iCalendar)",
                "a department's agenda as an iCalendar file",
                clauses=tuple(t.clause for t in eb.TASKS),
                media_type="text/calendar",
            ),
            _spec(
                doc,
                "phase_on",
                eb.phase_on,
                R.PhaseOnRequest,
                J.PhaseJSON,
                lambda r: eb.phase_on(r.day),
                J.phase_dict,
                "某日所处的工作步骤",
                "the phase of the plan a day falls in",
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE)(None),
            ),
            _spec(
                doc,
                "inspect_vehicle",
                eb.inspect_vehicle,
                R.InspectVehicleRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_vehicle(
                    r.vehicle,
                    r.inspected_on,
                    params=_ebike_parameters.TIMELINE.on(r.inspected_on).replace(
                        code_required_from=r.code_required_from,
                        nonstandard_transition_ends=r.nonstandard_transition_ends,
                    ),
                ),
                _to_dict,
                "检查一辆电动自行车(车、电池、充电器)",
                "inspect one e-bike (vehicle, battery, charger)",
                governing_date="inspected_on: the inspection day (the two dates the request gives replace theirs)",
            ),
            _spec(
                doc,
                "inspect_dealer",
                eb.inspect_dealer,
                R.InspectDealerRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_dealer(r.shop, r.inspected_on),
                _to_dict,
                "检查一家销售门店或维修店铺",
                "inspect one shop selling or repairing e-bikes",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "inspect_delivery_fleet",
                eb.inspect_delivery_fleet,
                R.InspectDeliveryFleetRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_delivery_fleet(r.fleet, r.inspected_on),
                _to_dict,
                "检查一家外卖、快递企业的车队",
                "inspect one delivery company's fleet",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "inspect_premises",
                eb.inspect_premises,
                R.InspectPremisesRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_premises(r.premises, r.inspected_on),
                _to_dict,
                "检查一栋建筑或一个小区的停放充电(架空层、进楼入户、电价)",
                "inspect a building's e-bike parking and charging (undercroft, indoors, tariff)",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "inspect_online_listing",
                eb.inspect_online_listing,
                R.InspectOnlineListingRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_online_listing(r.listing, r.inspected_on),
                _to_dict,
                "检查一个网络销售页面",
                "inspect one online listing",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "inspect_producer",
                eb.inspect_producer,
                R.InspectProducerRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_producer(r.producer, r.inspected_on),
                _to_dict,
                "检查一家生产企业或进口商",
                "inspect one producer or importer",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "inspect_road_stop",
                eb.inspect_road_stop,
                R.InspectRoadStopRequest,
                J.InspectionJSON,
                lambda r: eb.inspect_road_stop(r.stop, r.inspected_on),
                _to_dict,
                "路面检查一辆电动自行车",
                "a road stop of one e-bike",
                governing_date="inspected_on: the inspection day",
            ),
            _spec(
                doc,
                "assessment_required_from",
                eb.assessment_required_from,
                R.AssessmentRequiredFromRequest,
                J.DateJSON,
                lambda r: eb.assessment_required_from(r.produced_on),
                J.date_dict,
                "蓄电池须进行安全性评估的起始日",
                "the first day a battery needs a safety assessment",
                provenance_of=lambda r: _dated(doc, lambda: _ebike_parameters.TIMELINE)(None),
            ),
        ]
    )
    return _document(doc, eb.EbikeParameters, eb.DEFAULTS, decisions, lambda: _ebike_parameters.TIMELINE)


def _document(
    doc_id: str,
    parameters: type[Parameters],
    defaults: Parameters,
    decisions: dict[str, DecisionSpec],
    timeline: Callable[[], Timeline[Any]] | None = None,
    *,
    policies: Mapping[str, str] | None = None,
) -> Document:
    meta = sources.document(doc_id)
    valid_until = meta.valid_until
    if valid_until is None:  # the plan's last day, as its parameters state it
        valid_until = getattr(defaults, "valid_until", None) or getattr(defaults, "acceptance_end", None)
    valid_from = getattr(defaults, "valid_from", None) or getattr(defaults, "notice_date", None) or meta.valid_from
    assert isinstance(valid_from, date)
    return Document(
        id=doc_id,
        number=meta.number,
        title=meta.title,
        parameters=parameters,
        defaults=defaults,
        valid_from=valid_from,
        valid_until=valid_until,
        decisions=MappingProxyType(decisions),
        timeline=timeline,
        policies=MappingProxyType(dict(policies or {})),
    )


DOCUMENTS: Mapping[str, Document] = MappingProxyType({d.id: d for d in (_used_car(), _hq(), _ebike())})
"""Document id -> :class:`Document`, read-only: ``used-car`` (87号), ``hq`` (79号), ``ebike`` (4号)."""

POLICIES: Mapping[str, DecisionSpec] = MappingProxyType(
    {policy: d.decisions[name] for d in DOCUMENTS.values() for policy, name in d.policies.items()}
)
"""Register policy (``hongshan-policy batch --policy``) -> the decision evaluating its rows, in registry order:
``used-car`` (87号 ``assess``), ``hq-rent`` and ``hq-land`` (79号 ``rent_subsidy_schedule``, ``land_subsidy``)."""


def document_of(policy: str) -> Document:
    """The document of a register policy or document id (``hq-rent`` -> 79号 ``hq``); ``KeyError`` if neither."""
    if policy in DOCUMENTS:
        return DOCUMENTS[policy]
    return DOCUMENTS[POLICIES[policy].document]
