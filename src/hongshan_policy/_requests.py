"""One input model per decision that takes several arguments: what the service and the schemas read.

A decision function such as ``used_car.scale_reward(dealer, revenue, applied_on)``
takes several arguments; its request model gathers them under the same names,
so every decision of :data:`hongshan_policy.DOCUMENTS` has exactly one input
model (and one JSON Schema). The models are frozen and refuse unknown fields,
like every input model of the library, and reuse its field types (``Money``,
``CreditCode`` …), so a request is checked exactly as the library checks it.
"""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, RootModel, model_validator

from .ebike import DeliveryFleet, Department, OnlineListing, Premises, Producer, RoadStop, Shop, Vehicle
from .headquarters import Enterprise, LandApplication, LandDeal, LandProject, Lease, Milestone, RentApplication
from .headquarters._models import check_completed_after_contract
from .inputs import MAX_DAYS, Count, Day, Flag, Text
from .money import Money, Ratio
from .parameters import PolicyModel
from .used_car import Application as UsedCarApplication
from .used_car import Dealer
from .workdays import Schedule

__all__ = [
    "AgendaRequest",
    "ApplicationMaterialsRequest",
    "AssessInput",
    "AssessmentRequiredFromRequest",
    "DueBetweenRequest",
    "FraudRepaymentRequest",
    "GrowthRewardRequest",
    "HQEligibilityRequest",
    "HQProcedureRequest",
    "InspectDealerRequest",
    "InspectDeliveryFleetRequest",
    "InspectVehicleRequest",
    "LandClawbackRequest",
    "LandSubsidyPayableRequest",
    "LandSubsidyRequest",
    "LandSubsidyTranchesRequest",
    "MilestoneDone",
    "OverdueRequest",
    "PhaseOnRequest",
    "RelocationRepaymentRequest",
    "RentClawbackRequest",
    "RentRequest",
    "RentSubsidyRequest",
    "ScaleRewardRequest",
    "TaskRequest",
    "TasksForRequest",
    "UsedCarMaterialsRequest",
    "UsedCarProcedureRequest",
    "WorkdaysAddRequest",
]

_OTHER = "其他同类奖补(名称) other subsidies of the same kind already had or applied for (names)"

# ---- used-car (赤红政字〔2024〕87号) ----


class ScaleRewardRequest(PolicyModel):
    """规模化经营奖励 (第三条(一)): the arguments of ``used_car.scale_reward``."""

    dealer: Dealer
    revenue_jan_to_jul: Money = Field(description="2024年前7个月增值税纳税申报表中累计营业收入 (元)")
    applied_on: Day = Field(description="申请提交日期 date the application reached the bureau")


class GrowthRewardRequest(PolicyModel):
    """做大做强奖励 (第三条(二)): the arguments of ``used_car.growth_reward``."""

    dealer: Dealer
    revenue_2024: Money = Field(description="2024年度内累计营业收入 (元)")
    applied_on: Day | None = Field(default=None, description="申请日期 application date; null: validity not checked")


class RelocationRepaymentRequest(PolicyModel):
    """外迁返还 (第七条): the arguments of ``used_car.relocation_repayment``."""

    received: Money = Field(description="已享受的奖励资金 (元) reward received")
    paid_on: Day = Field(description="奖励资金兑现日期 the day the reward was paid")
    relocated_on: Day | None = Field(
        default=None, description="登记注册纳税地外迁日期 day it moved away; null: it did not"
    )


class FraudRepaymentRequest(PolicyModel):
    """弄虚作假收缴 (第六条): the arguments of ``used_car.fraud_repayment``."""

    received: Money = Field(description="已享受的奖励资金 (元) reward received")
    fraud_found: Flag = Field(description="发现弄虚作假、套取资金 fraud found")


class UsedCarProcedureRequest(PolicyModel):
    """申报程序 (第五条): the arguments of ``used_car.procedure``."""

    review_concluded_on: Day | None = Field(default=None, description="审核结束日期 the day the review concluded")
    approved_on: Day | None = Field(default=None, description="区政府审批通过日期 the day of approval")
    publicity_starts_on: Day | None = Field(default=None, description="公示开始日期 first day of publicity")
    objection_raised: Flag = Field(default=False, description="公示有异议 an objection was raised")


# ---- hq (赤红政字〔2024〕79号) ----


class HQEligibilityRequest(PolicyModel):
    """总部企业认定 (第二条): the arguments of ``headquarters.hq_eligibility``."""

    enterprise: Enterprise
    deal: LandDeal | None = Field(default=None, description="土地出让 the land deal (land applicants only)")


class LandSubsidyRequest(PolicyModel):
    """土地出让奖补 (第三条(一)): the arguments of ``headquarters.land_subsidy``."""

    enterprise: Enterprise
    deal: LandDeal
    project: LandProject
    rate: Ratio | None = Field(
        default=None, description="奖补比例 rate of the reserve price (最高25%); null: the maximum"
    )
    other_subsidies: tuple[Text, ...] = Field(default=(), description=_OTHER)

    @model_validator(mode="after")
    def _completed_after_contract(self) -> Self:
        check_completed_after_contract(self.deal, self.project)  # an InvalidInputError is a ValueError to pydantic
        return self


class LandSubsidyTranchesRequest(PolicyModel):
    """分期拨付 (第三条(一)1-4): the arguments of ``headquarters.land_subsidy_tranches``."""

    amount: Money = Field(description="奖补资金总额度 (元) the whole subsidy")


class LandSubsidyPayableRequest(PolicyModel):
    """已可拨付 (第三条(一)1-4): the arguments of ``headquarters.land_subsidy_payable``."""

    amount: Money = Field(description="奖补资金总额度 (元) the whole subsidy")
    milestones_reached: dict[Milestone, Day | None] = Field(
        description="已达到的项目节点及日期 milestones reached, with their dates (null: date unknown)"
    )


class LandClawbackRequest(PolicyModel):
    """土地奖补收回 (第四条(五)): the arguments of ``headquarters.land_clawback``."""

    paid: Money = Field(description="已拨付奖补资金 (元) paid so far")
    evaluation_passed: Flag = Field(description="绩效评价合格 the performance evaluation passed")


class RentRequest(PolicyModel):
    """房屋租赁补贴 (第三条(二)): the arguments of ``headquarters.rent_eligibility`` and ``rent_subsidy_schedule``."""

    enterprise: Enterprise
    lease: Lease
    other_subsidies: tuple[Text, ...] = Field(default=(), description=_OTHER)


class RentSubsidyRequest(RentRequest):
    """One lease year of the rent subsidy: the arguments of ``headquarters.rent_subsidy``."""

    year: Count = Field(ge=1, le=5, description="租赁年 lease year, 1-5")


class RentClawbackRequest(PolicyModel):
    """租赁补贴收回 (第三条(二)2, 第四条(五)): the arguments of ``headquarters.rent_clawback``."""

    received: Money = Field(description="已享受的租赁补贴 (元) rent subsidy received")
    tax_contribution: Money = Field(description="对区级财政贡献 (元) the enterprise's district tax contribution")
    left_or_deregistered: Flag = Field(description="迁出或注销 moved away or deregistered")
    agreement_fully_performed: Flag = Field(description="完全履行协议 the agreement was fully performed")
    evaluation_passed: Flag = Field(default=True, description="绩效评价合格 the performance evaluation passed")
    agreed_amount: Money | None = Field(
        default=None,
        description="协议违约条款约定的补齐金额 (元) the amount the agreement's default clause sets; null: none set",
    )


class ApplicationMaterialsRequest(PolicyModel):
    """申报材料 (第四条(一)): the arguments of ``headquarters.application_materials``."""

    policy: Literal["hq-land", "hq-rent"] = Field(description="申请类型 application type")
    submitted: list[Text] | None = Field(
        default=None, description="已提交材料 the keys of the documents filed; null: list only"
    )


class UsedCarMaterialsRequest(PolicyModel):
    """申请材料 (87号 第四条): the argument of ``used_car.application_materials``."""

    submitted: list[Text] | None = Field(
        default=None, description="已提交材料 the keys of the documents filed; null: list only"
    )


class HQProcedureRequest(PolicyModel):
    """申报程序 (第四条): the arguments of ``headquarters.procedure``."""

    review_concluded_on: Day | None = Field(default=None, description="评审结束日期 the day the review concluded")
    approved_on: Day | None = Field(default=None, description="区政府审议通过日期 the day of approval")
    completed_on: Day | None = Field(default=None, description="正式竣工日期 the day of completion")
    registered_on: Day | None = Field(default=None, description="工商注册日期 the day of registration")
    publicity_starts_on: Day | None = Field(default=None, description="公示开始日期 first day of publicity")
    objection_raised: Flag = Field(default=False, description="公示有异议 an objection was raised")


# ---- ebike (赤红政办发〔2024〕4号) ----


class TasksForRequest(PolicyModel):
    """部门任务: the arguments of ``ebike.tasks_for``."""

    department: Department = Field(description="部门 the department, as the plan names it")
    role: Literal["lead", "support", "any"] = Field(default="any", description="牵头 lead, 配合 support or any")


class DueBetweenRequest(PolicyModel):
    """时间节点: the arguments of ``ebike.due_between``."""

    start: Day = Field(description="起始日期 first day (included)")
    end: Day = Field(description="截止日期 last day (included)")
    department: Department | None = Field(default=None, description="部门 only this department's tasks")
    include_undated: Flag = Field(
        default=False,
        description="含未写明时限的任务 also the tasks with no date of their own, on the last day of 整治攻坚 "
        "(2025-11-30, this library's reading)",
    )


class MilestoneDone(PolicyModel):
    """One milestone marked done: the task number and the milestone's day."""

    task: Count = Field(ge=1, le=21, description="任务编号 task number")
    day: Day = Field(description="时间节点 the milestone's day")


class OverdueRequest(PolicyModel):
    """逾期: the arguments of ``ebike.overdue``."""

    as_of: Day = Field(description="截至日期 the day asked about")
    done: tuple[Annotated[Count, Field(ge=1, le=21)] | MilestoneDone, ...] = Field(
        default=(), description="已完成 work done: task numbers (every milestone) or single milestones"
    )
    working_days: Flag = Field(default=True, description="计算逾期工作日 count working days overdue")
    include_undated: Flag = Field(
        default=False,
        description="含未写明时限的任务 also the tasks with no date of their own, on the last day of 整治攻坚 "
        "(2025-11-30, this library's reading)",
    )


class AgendaRequest(PolicyModel):
    """工作日程: the argument of ``ebike.agenda`` and ``ebike.agenda_ics``."""

    department: Department = Field(description="部门 the department")
    include_undated: Flag = Field(
        default=False,
        description="含未写明时限的任务 also the tasks with no date of their own, on the last day of 整治攻坚",
    )


class TaskRequest(PolicyModel):
    """一项任务: the argument of ``ebike.task``."""

    number: Count = Field(ge=1, le=21, description="任务编号 task number, 1-21")


class PhaseOnRequest(PolicyModel):
    """工作步骤: the argument of ``ebike.phase_on``."""

    day: Day = Field(description="日期 the day asked about")


class InspectVehicleRequest(PolicyModel):
    """车辆检查: the arguments of ``ebike.inspect_vehicle``."""

    vehicle: Vehicle
    inspected_on: Day = Field(description="检查日期 the day of the inspection")
    code_required_from: Day | None = Field(
        default=None,
        description="识别代码成为车主义务之日 the day from which owners must carry 「一车一池一充一码」 codes "
        "(task 3 sets none); null: a missing code is a follow-up",
    )
    nonstandard_transition_ends: Day | None = Field(
        default=None,
        description="区政府设定的过渡期最后一日 the last day of the transition the district set (task 12); "
        "null: a non-standard vehicle is a follow-up",
    )


class InspectDealerRequest(PolicyModel):
    """销售门店检查: the arguments of ``ebike.inspect_dealer``."""

    shop: Shop
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class InspectDeliveryFleetRequest(PolicyModel):
    """外卖快递企业检查: the arguments of ``ebike.inspect_delivery_fleet``."""

    fleet: DeliveryFleet
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class InspectPremisesRequest(PolicyModel):
    """建筑检查: the arguments of ``ebike.inspect_premises``."""

    premises: Premises
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class InspectOnlineListingRequest(PolicyModel):
    """网络销售页面检查: the arguments of ``ebike.inspect_online_listing``."""

    listing: OnlineListing
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class InspectProducerRequest(PolicyModel):
    """生产企业检查: the arguments of ``ebike.inspect_producer``."""

    producer: Producer
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class InspectRoadStopRequest(PolicyModel):
    """路面检查: the arguments of ``ebike.inspect_road_stop``."""

    stop: RoadStop
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


class AssessmentRequiredFromRequest(PolicyModel):
    """蓄电池安全性评估: the argument of ``ebike.assessment_required_from``."""

    produced_on: Day = Field(description="蓄电池生产日期 the battery's production date")


class AssessInput(
    RootModel[
        Annotated[UsedCarApplication | LandApplication | RentApplication, Field(discriminator="policy")]
        | list[Annotated[UsedCarApplication | LandApplication | RentApplication, Field(discriminator="policy")]]
    ]
):
    """What ``hongshan-policy assess --json FILE`` and ``POST /v1/assess`` take: one application or a list.

    Each application's ``"policy"`` says which it is: ``used-car``, ``hq-land`` or ``hq-rent``.
    """

    model_config = {"frozen": True}


class WorkdaysAddRequest(PolicyModel):
    """工作日计算: the n-th working day after ``start``, with years' schedules supplied for this request only."""

    start: Day = Field(description="起始日 the day the period starts from (not counted)")
    days: Count = Field(ge=1, le=MAX_DAYS, description="工作日数 working days")
    schedules: tuple[Schedule, ...] = Field(
        default=(), description="放假安排 holiday schedules of years chinese-calendar does not know (one per year)"
    )
