"""红山区推动二手车市场发展奖励措施 (赤红政字〔2024〕87号): used-car dealer rewards.

Issued by 赤峰市红山区人民政府 on 2024-06-23, in force until 2025-03-31
(第八条). Functions follow the order of the text; each cites its clause as
``used-car:<条>[.<款>]`` (``used-car:3.2`` is 第三条(二)).

- 第二条 who is a dealer, 附件2 its good-faith pledge: :func:`dealer_conditions`, :func:`pledge_conditions`
  (``_eligibility``)
- 第三条(一) the scale reward, 第三条(二) the growth reward, 第八条 validity: :func:`scale_reward`,
  :func:`growth_reward` (``_rewards``)
- 第四条 to 第七条 materials, procedure and repayments: :func:`application_materials`, :func:`procedure`,
  :func:`fraud_repayment`, :func:`relocation_repayment` (``_procedure``)
- the numbers of the text and their amendments: :class:`UsedCarParameters`, :data:`DEFAULTS`, :data:`TIMELINE`
  (``_parameters``); the facts: :class:`Dealer`, :class:`Application` (``_models``)
- one application in, one assessment out: :func:`assess`, :func:`assess_many` (``_assess``)

The condition tables live next to the rules that read them on the scalar hot path: 第二条's and 附件2's in
``_eligibility``, 第三条's and 第八条's in ``_rewards``. A test-only copy of a table (or of ``TIMELINE``) is put
into that module (``used_car._rewards.SCALE_CONDITIONS``); the names re-exported here are for reading.

References:
    赤峰市红山区人民政府公报 2024年第3期(总第46期), 《红山区推动二手车市场发展奖励措施》.
Limitations:
    「对红山区经济增长具有拉动作用」 (第二条) is a judgement the bureau makes; it
    is not formalised and every decision says so in a warning. The annex form's
    revenue period 「2024年4月至2024年12月」 conflicts with 第三条(二)'s
    「2024年度内」: the article governs (docs/interpretations.md).
"""

from ..materials import Checklist, Material
from ._assess import Assessment, assess, assess_many
from ._eligibility import DEALER_CONDITIONS, PLEDGE_CONDITIONS, PLEDGE_FIELDS, dealer_conditions, pledge_conditions
from ._models import Application, Dealer, check_applied_on
from ._parameters import AMENDMENTS as AMENDMENTS
from ._parameters import DEFAULTS, TIMELINE, UsedCarParameters
from ._parameters import DOCUMENT as DOCUMENT
from ._procedure import Procedure, application_materials, fraud_repayment, procedure, relocation_repayment
from ._rewards import (
    GROWTH_CONDITIONS,
    ONCE_CONDITIONS,
    SCALE_CONDITIONS,
    VALIDITY_CONDITIONS,
    GrowthFacts,
    ScaleFacts,
    growth_reward,
    scale_reward,
)

__all__ = [
    "DEALER_CONDITIONS",
    "DEFAULTS",
    "GROWTH_CONDITIONS",
    "ONCE_CONDITIONS",
    "PLEDGE_CONDITIONS",
    "PLEDGE_FIELDS",
    "SCALE_CONDITIONS",
    "TIMELINE",
    "VALIDITY_CONDITIONS",
    "Application",
    "Assessment",
    "Checklist",
    "Dealer",
    "GrowthFacts",
    "Material",
    "Procedure",
    "ScaleFacts",
    "UsedCarParameters",
    "application_materials",
    "assess",
    "assess_many",
    "check_applied_on",
    "dealer_conditions",
    "fraud_repayment",
    "growth_reward",
    "pledge_conditions",
    "procedure",
    "relocation_repayment",
    "scale_reward",
]
