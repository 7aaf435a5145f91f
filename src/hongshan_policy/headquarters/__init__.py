"""关于加快现代服务业高质量发展培育总部企业的扶持政策(试行) (赤红政字〔2024〕79号): headquarters enterprises.

Issued by 赤峰市红山区人民政府 on 2024-06-12, valid for two years (第五条(二):
through 2026-06-11 by default). Functions follow the order of the text; each
cites its clause as ``hq:<条>[.<项>[.<目>]]`` (``hq:3.1.2`` is 第三条(一)2).

- 第二条 who is a headquarters enterprise: :func:`hq_conditions`, :func:`hq_eligibility`
- 第三条(一) land-price subsidy: :func:`land_subsidy`, :func:`land_subsidy_tranches`, :func:`land_subsidy_payable`
- 第三条(二) office-rent subsidy: :func:`rent_eligibility`, :func:`rent_subsidy`, :func:`rent_subsidy_schedule`,
  :func:`rent_clawback`
- 第三条(三), 第五条(一) no double benefits: ``other_subsidies`` on each rule and application (a warning each)
- 第四条 procedure: :func:`application_materials`, :func:`procedure`, :func:`land_clawback`
- 第五条 validity and supersession: :class:`HQParameters` (``valid_until``, ``superseded_on``)
- one application in, one assessment out: :func:`assess`

References:
    赤峰市红山区人民政府公报 2024年第3期(总第46期), 《关于加快现代服务业高质量发展培育总部企业的扶持政策(试行)》;
    GB/T 4754-2017 《国民经济行业分类》 (industry codes of 第二条(一)).
Limitations:
    「能够促进红山区经济社会发展」 (第二条) is a judgement the department makes;
    it is not formalised and every eligibility decision says so in a warning.
    The land subsidy's conditions (入统 within 12 months of completion, 300
    jobs) can only hold after completion, while its first tranches fall due
    at the foundation and main-structure milestones: :func:`land_subsidy` is the
    final decision, the earlier tranches rest on the agreement and are
    recovered under 第四条(五) if the evaluation fails. The readings taken
    where the text is open are listed in ``docs/interpretations.md``.
"""

from ._assess import Application, Assessment, LandApplication, RentApplication, assess, assess_many
from ._eligibility import hq_conditions, hq_eligibility
from ._land import (
    LandPayable,
    Tranche,
    TranchePayment,
    land_clawback,
    land_subsidy,
    land_subsidy_payable,
    land_subsidy_tranches,
)
from ._models import (
    DIVISIONS,
    SECTIONS,
    BusinessForm,
    District,
    Enterprise,
    IndustryCode,
    LandDeal,
    LandProject,
    Lease,
    Milestone,
    validate_industry_code,
)
from ._parameters import DEFAULTS, DOCUMENT, TIMELINE, HQParameters
from ._procedure import Procedure, application_materials, procedure
from ._rent import LeaseYear, rent_clawback, rent_eligibility, rent_subsidy, rent_subsidy_schedule

__all__ = [
    "DEFAULTS",
    "DIVISIONS",
    "DOCUMENT",
    "SECTIONS",
    "TIMELINE",
    "Application",
    "Assessment",
    "BusinessForm",
    "District",
    "Enterprise",
    "HQParameters",
    "IndustryCode",
    "LandApplication",
    "LandDeal",
    "LandPayable",
    "LandProject",
    "Lease",
    "LeaseYear",
    "Milestone",
    "Procedure",
    "RentApplication",
    "Tranche",
    "TranchePayment",
    "application_materials",
    "assess",
    "assess_many",
    "hq_conditions",
    "hq_eligibility",
    "land_clawback",
    "land_subsidy",
    "land_subsidy_payable",
    "land_subsidy_tranches",
    "procedure",
    "rent_clawback",
    "rent_eligibility",
    "rent_subsidy",
    "rent_subsidy_schedule",
    "validate_industry_code",
]
