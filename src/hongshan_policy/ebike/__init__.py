"""红山区电动自行车安全隐患全链条整治行动方案 (赤红政办发〔2024〕4号): task tracker and inspection rules.

Issued by 赤峰市红山区人民政府办公室 on 2024-06-17. Clause ids are
``ebike:<section>[.<group>[.<task>]]`` with task numbers global: task 10 is
``ebike:2.3.10`` (二、整治重点 (三) 第10项); phases are ``ebike:3.1``-``ebike:3.3``.

* :data:`TASKS`: the 21 tasks of 二、整治重点 as data (lead and supporting
  :class:`Department`, dated :class:`Milestone`, 「并持续推进」).
* :data:`PHASES` and :func:`phase_on`: the three steps of 三、工作步骤.
* :data:`WORK_TEAM`: the work team of 四、保障措施 (convenors, deputies, office).
* Queries: :func:`tasks_for`, :func:`due_between`, :func:`overdue`,
  :func:`agenda`, :func:`agenda_ics`.
* Inspections: :func:`inspect_vehicle`, :func:`inspect_dealer`,
  :func:`inspect_delivery_fleet`, :func:`inspect_premises`,
  :func:`inspect_online_listing`, :func:`inspect_producer`,
  :func:`inspect_road_stop`, with the numbers in :class:`EbikeParameters`.
  Each returns an :class:`Inspection` whose :class:`Finding` s are violations
  (what the text forbids of the inspected party), follow-ups (what a named
  department must act on under a task, with its milestone) or information.

References:
    赤峰市红山区人民政府公报, 《赤峰市红山区人民政府办公室关于印发〈红山区电动自行车安全隐患全链条整治行动方案〉的通知》
    (赤红政办发〔2024〕4号), 2024-06-17.
Checked With:
    The gazette scan ``tests/data/seed.txt`` (each task's text, departments and dates, the phases and
    the work team; tests/test_ebike.py).
Limitations:
    The work team's member list is in an annex (「见附件」) the scan does not
    contain: only the convenors, deputies and office are data. Tasks without a date of their own appear in the
    queries only with ``include_undated=True``, on the end of 整治攻坚
    (2025-11-30), marked ``written=False``. The plan gives no number for a lithium battery's safe
    service life: it is a fact on the record. Readings: docs/interpretations.md.
"""

from ._assess import Application, assess, assess_many
from ._calendar import agenda_ics
from ._departments import WORK_TEAM, Department, WorkTeam, department
from ._findings import Finding, FindingKind, Inspection
from ._inspection import (
    Battery,
    BatteryChemistry,
    Charger,
    DeliveryFleet,
    FleetMeasure,
    Modification,
    ModifiedVehicle,
    Product,
    SafetyAssessment,
    SalesChannel,
    Shop,
    Vehicle,
    assessment_required_from,
    inspect_dealer,
    inspect_delivery_fleet,
    inspect_vehicle,
    modification_key,
)
from ._online import ModificationAdvert, OnlineListing, inspect_online_listing
from ._parameters import DEFAULTS, DOCUMENT, TIMELINE, EbikeParameters
from ._premises import ChargingService, ChargingTariff, Premises, Undercroft, inspect_premises
from ._producers import Producer, RoadStop, inspect_producer, inspect_road_stop
from ._queries import Due, Overdue, agenda, due_between, milestones, overdue, tasks_for
from ._tasks import FOCUS, PHASES, TASKS, Milestone, Phase, Role, Task, phase_on, phases, task

__all__ = [
    "DEFAULTS",
    "DOCUMENT",
    "FOCUS",
    "PHASES",
    "TASKS",
    "TIMELINE",
    "WORK_TEAM",
    "Application",
    "Battery",
    "BatteryChemistry",
    "Charger",
    "ChargingService",
    "ChargingTariff",
    "DeliveryFleet",
    "Department",
    "Due",
    "EbikeParameters",
    "Finding",
    "FindingKind",
    "FleetMeasure",
    "Inspection",
    "Milestone",
    "Modification",
    "ModificationAdvert",
    "ModifiedVehicle",
    "OnlineListing",
    "Overdue",
    "Phase",
    "Premises",
    "Producer",
    "Product",
    "RoadStop",
    "Role",
    "SafetyAssessment",
    "SalesChannel",
    "Shop",
    "Task",
    "Undercroft",
    "Vehicle",
    "WorkTeam",
    "agenda",
    "agenda_ics",
    "assess",
    "assess_many",
    "assessment_required_from",
    "department",
    "due_between",
    "inspect_dealer",
    "inspect_delivery_fleet",
    "inspect_online_listing",
    "inspect_premises",
    "inspect_producer",
    "inspect_road_stop",
    "inspect_vehicle",
    "milestones",
    "modification_key",
    "overdue",
    "phase_on",
    "phases",
    "task",
    "tasks_for",
]
