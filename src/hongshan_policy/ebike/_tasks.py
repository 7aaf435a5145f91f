"""The 21 tasks of 二、整治重点 and the three phases of 三、工作步骤, as data.

Each row of :data:`TASKS` is read by hand from the text, in text order, and
checked by ``tests/test_ebike.py`` (departments and dates in a table test; the
full text of each task against the gazette scan). The text is kept exactly as
the scan has it, ASCII punctuation included; scan artefacts are cleaned
(spaces inside Chinese text, line breaks, and the page number 「一 10 一」 that
splits task 18: 「各部门要加大」).

Dates as written: 「2024年8月底前」 is :func:`~hongshan_policy.dates.month_end`
(2024, 8); 「2024年底前」 and 「2024年12月底前」 are 2024-12-31; 「底前」
includes the day (:mod:`hongshan_policy.comparisons`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from ..citations import implements
from ..comparisons import holds
from ..dates import month_end, zh_date
from ..errors import InvalidInputError, OutsideValidityError
from ..inputs import checked
from ._departments import Department, department
from ._parameters import DEFAULTS, EbikeParameters

__all__ = ["FOCUS", "PHASES", "TASKS", "Milestone", "Phase", "Role", "Task", "phase_on", "phases", "task"]

_D = Department

Role = Literal["lead", "support"]

THROUGH = "前"
"""The comparison word for 「至2025年11月30日」: the end day is included.

「至」 is not (yet) a word of :data:`hongshan_policy.comparisons.WORDS`; 「前」
bounds a day the same way (upper, inclusive). See docs/interpretations.md.
"""

FOCUS: dict[int, str] = {
    1: "着力解决标准不完善、强制性不足问题",
    2: "着力解决设施不足、违规停放充电问题",
    3: "着力解决维修店铺非法改装屡禁不止问题",
    4: "着力解决违法违规生产销售问题",
    5: "着力解决老旧蓄电池报废回收问题",
    6: "着力解决溯源追责力度不够问题",
}
"""The six groups of 二、整治重点, (一) to (六), by group number."""


@dataclass(frozen=True, slots=True)
class Milestone:
    """One dated point of a task: the day, and the phrase that sets it.

    ``written`` is false for the end-of-phase deadline this library gives a task
    that has no date of its own (see :attr:`Task.effective_deadlines`); its
    ``text`` then says so and ``clause`` is 整治攻坚 (``ebike:3.2``).

    Milestones compare field by field, never with a plain ``date`` (so equality
    is transitive): compare ``.day`` to compare days,
    ``[m.day for m in task(16).deadlines] == [date(2024, 10, 31), date(2024, 12, 31)]``.
    """

    day: date
    text: str
    """The phrase as written (「2024年8月底前完成」), or the reading for an implied deadline."""
    word: str = "底前"
    """The comparison word bounding ``day`` (see :mod:`hongshan_policy.comparisons`)."""
    written: bool = True
    clause: str | None = None
    """Set only for an implied deadline: the clause it comes from."""

    @property
    def ongoing(self) -> bool:
        """「并持续推进」: the work goes on after this milestone."""
        return "持续推进" in self.text

    def due_by(self, day: date) -> bool:
        """Whether ``day`` is on or before this milestone (「底前」 includes the day itself)."""
        return holds(day, self.word, self.day)


@dataclass(frozen=True, slots=True)
class Task:
    """One numbered task of 二、整治重点 (1-21)."""

    number: int
    group: int
    """Which of the six 「着力解决…问题」 groups, (一) = 1 to (六) = 6."""
    title: str
    """The task's heading, e.g. 「加强标准运用」."""
    text: str = field(repr=False)
    """The full text of the item after its number, title and responsibility included."""
    lead: tuple[Department, ...]
    """「…牵头负责」, in the order written."""
    support: tuple[Department, ...] = ()
    """「…配合」, in the order written."""
    deadlines: tuple[Milestone, ...] = ()
    """Every dated milestone written in the task, in date order (none for a task with no date)."""
    ongoing: bool = False
    """「并持续推进」: the task goes on after its (last) milestone."""
    start: Milestone | None = None
    """A start the text gives, not a deadline (task 5: 「2024年起逐年推动」)."""

    def __str__(self) -> str:
        lead = "、".join(self.lead)
        support = f";{'、'.join(self.support)}配合" if self.support else ""
        days = "、".join(m.day.isoformat() for m in self.deadlines) or "无明确时限 no date of its own"
        return f"{self.number}. {self.title} [{self.clause}] {lead}牵头{support};{days}"

    @property
    def focus(self) -> str:
        """The group's 「着力解决…问题」 heading."""
        return FOCUS[self.group]

    @property
    def clause(self) -> str:
        """The clause id, ``ebike:2.<group>.<number>``."""
        return f"ebike:2.{self.group}.{self.number}"

    @property
    def departments(self) -> tuple[Department, ...]:
        """Lead then support departments."""
        return self.lead + self.support

    @property
    def effective_deadlines(self) -> tuple[Milestone, ...]:
        """The written deadlines, or, for a task with none, the end of 整治攻坚 (2025-11-30).

        The implied milestone has ``written=False``: it is this library's reading
        (the task is part of the rectification phase, 三(二) 「2024年6月20日至2025年11月30日」),
        not a date the task states.
        """
        return self.deadlines or (_implied_deadline(DEFAULTS),)

    def role_of(self, dept: Department | str) -> Role | None:
        """``"lead"``, ``"support"`` or ``None`` for a department (full or short name)."""
        d = department(dept)
        if d in self.lead:
            return "lead"
        if d in self.support:
            return "support"
        return None


def _implied_deadline(params: EbikeParameters) -> Milestone:
    return Milestone(
        params.rectification_end,
        f"未写明时限:随整治攻坚阶段至{zh_date(params.rectification_end)}结束(本库解读)",
        word=THROUGH,
        written=False,
        clause="ebike:3.2",
    )


TASKS: tuple[Task, ...] = (
    # 任务1 加强标准运用
    Task(
        number=1,
        group=1,
        title="加强标准运用",
        text=(
            "加强标准运用。加强对电动自行车相关国家新标准的宣传推广力度。严格依据新标准监督执法,"
            "重点检查电动自行车超安全期限使用锂电池,使用梯次利用锂电池等行为,"
            "禁止不符合《电动自行车用充电器安全技术要求》《电动自行车安全技术规范》等规范的相关产品进入销售及使用领域"
            ",全面禁止车载充电器。(区工信局、市场监管局牵头负责,区公安分局、消防救援大队配合)"
        ),
        lead=(_D.INDUSTRY_IT, _D.MARKET_REGULATION),
        support=(_D.PUBLIC_SECURITY, _D.FIRE_RESCUE),
    ),
    # 任务2 强化认证管理
    Task(
        number=2,
        group=1,
        title="强化认证管理",
        text=(
            "强化认证管理。加强电动自行车整车强制性产品认证管理,督促认证机构强化对生产企业质量保证能力的检查,"
            "严格落实防火、阻燃、防篡改等技术要求。持续加强对电动自行车强制性产品认证和对检测机构监督管理。"
            "对获证产品认证有效性提高抽查比例和频次,加强认证风险排查和追溯处置等环节监管。对违规认证、"
            "违规检测机构和违规生产企业依法从严从重处罚。2024年底前取得阶段性进展并持续推进。(区市场监管局牵头负责)"
        ),
        lead=(_D.MARKET_REGULATION,),
        deadlines=(Milestone(month_end(2024, 12), "2024年底前取得阶段性进展并持续推进"),),
        ongoing=True,
    ),
    # 任务3 落实互认协同
    Task(
        number=3,
        group=1,
        title="落实互认协同",
        text=(
            '落实互认协同。按照国家标准推动电动自行车控制器、蓄电池、充电器互认协同;推行"一车一池一充一码",'
            "在电动自行车车架、蓄电池、充电器等明显位置设置永久性耐高温识别代码标识,"
            "2024年底前取得阶段性进展并持续推进。(区工信局牵头负责,区市场监管局配合)"
        ),
        lead=(_D.INDUSTRY_IT,),
        support=(_D.MARKET_REGULATION,),
        deadlines=(Milestone(month_end(2024, 12), "2024年底前取得阶段性进展并持续推进"),),
        ongoing=True,
    ),
    # 任务4 强化新建项目规划审批
    Task(
        number=4,
        group=2,
        title="强化新建项目规划审批",
        text=(
            "强化新建项目规划审批。严格落实《城市居住区规划设计标准》(GB 50180—2018)、"
            "《城市综合交通体系规划标准》(GB/T 51328—2018)、"
            "《社区生活圈规划技术指南》(TD/T 1062—2021)等有关非机动车停车场(库)设置规定,"
            "明确将电动自行车停放充电设施纳入全区新建居住项目配套,明确布局和配建比,并纳入项目规划审批管理。"
            "在既有居民住宅小区内利用远离一楼住宅和商户外窗的公共空间设置停放场所、充电设施,涉及规划调整的,"
            "优化程序简易办理,不涉及规划调整的,无需办理规划审批手续。因既有小区场地资源紧张、无固定停放场所、"
            "无电源条件的,依法依规合理利用周边公共开放空间设置停放场所、充电设施,如需调整规划,优化程序简易办理。"
            "在商业区周边等公共开放空间规划建设停放场所、充电设施,并纳入公共服务设施管理范围。"
            "(区自然资源分局牵头负责)"
        ),
        lead=(_D.NATURAL_RESOURCES,),
    ),
    # 任务5 推进既有小区升级改造
    Task(
        number=5,
        group=2,
        title="推进既有小区升级改造",
        text=(
            "推进既有小区升级改造。2024年起逐年推动既有小区安全改造,"
            "在居民住宅小区增设停放充电设施按照设备管理办理相关手续,并须满足必要安全条件,积极推广共享充电柜。"
            "将停放充电设施建设统筹纳入政府民生事项,出台建设方案、列出计划安排、落实资金渠道,加快推进。"
            "物业服务企业应积极协助配合充电设施安装运营单位实施安装建设。没有物业服务企业的,各镇街、"
            "村(居)民委员会负责组织协调做好相关工作。推动机关、团体、企业、事业单位按照标准建设停放充电设施,"
            '鼓励对社会公众开放使用,提倡"满电回家"。(区住建局牵头负责,区消防救援大队配合)'
        ),
        lead=(_D.HOUSING,),
        support=(_D.FIRE_RESCUE,),
        start=Milestone(date(2024, 1, 1), "2024年起逐年推动既有小区安全改造", word="起"),
    ),
    # 任务6 加强架空层使用管理
    Task(
        number=6,
        group=2,
        title="加强架空层使用管理",
        text=(
            "加强架空层使用管理。严禁私自改造民用建筑架空层,用作电动自行车停放充电场所。"
            "因场地不足确需使用民用建筑架空层作为停放充电场所的,应按要求进行安全设计,并办理相关手续。"
            "建设时应与建筑内的通风采光井、公共部位、疏散通道、安全出口进行有效防火分隔,"
            "消防设施器材和视频监控设备须保持完好有效,实行车辆分组停放,并设置专用充电设施。建筑产权单位、使用单位、"
            "居住区物业服务企业负责做好架空层安全巡查工作。(区消防救援大队牵头负责,区住建局配合)"
        ),
        lead=(_D.FIRE_RESCUE,),
        support=(_D.HOUSING,),
    ),
    # 任务7 规范充电费用
    Task(
        number=7,
        group=2,
        title="规范充电费用",
        text=(
            "规范充电费用。指导督促电力企业按照国家能源局具体要求做好电动自行车充电设施接电服务保障工作。"
            "引导企业合理确定充电服务价格标准,居民住宅小区充电电价一律按居民电价执行。"
            '指导督促电力企业按照国家提升"获得电力"服务水平"三零"政策要求和相关技术标准规定做好充电设施接电服务工作。'
            "鼓励采取财政补贴、延长签约运营期等方式,引导社会力量积极参与停放充电设施建设,大幅降低充电服务费用,"
            '让群众"能承担"、"愿意用"。建筑产权单位、使用单位和居住区物业服务企业应积极创造条件帮助降低充电服务价格。'
            "充电设施运营管理单位应公示充电和服务价格,不得收取任何未经公示的费用。(区发改委牵头负责,区市场监管局配合)"
        ),
        lead=(_D.DEVELOPMENT_REFORM,),
        support=(_D.MARKET_REGULATION,),
    ),
    # 任务8 严查违规停放充电行为
    Task(
        number=8,
        group=2,
        title="严查违规停放充电行为",
        text=(
            '严查违规停放充电行为。消防、公安、综合执法等部门加强联合检查,依法对"进楼入户"、"飞线充电"、'
            "一楼外窗充电等违规停放充电行为开展执法查处、检查劝阻和宣传提示。"
            "区住建局应指导物业主管部门督促物业服务企业按照合同约定对服务区域内电动自行车堵塞占用疏散通道、安全出口、"
            '"飞线充电"等违规行为及时采取合法措施制止、劝阻,制止无效的及时报告各镇街或公安派出所、'
            "消防等部门并协助处理。对群众举报、媒体曝光的违规停放充电行为,应及时予以纠治,"
            "定期组织新闻媒体对违规停放充电等行为进行曝光。"
            "公安派出所对联合检查中出现的或者消防救援等部门通报的阻碍工作人员执法等违反治安管理行为,"
            "以及移送的应予行政拘留的消防违法行为,依法立案调查。(区消防救援大队牵头负责,区住建局、公安分局配合)"
        ),
        lead=(_D.FIRE_RESCUE,),
        support=(_D.HOUSING, _D.PUBLIC_SECURITY),
    ),
    # 任务9 强化技防物防措施
    Task(
        number=9,
        group=2,
        title="强化技防物防措施",
        text=(
            "强化技防物防措施。2025年底前推动充电设施建设运营单位建立数据平台,对充电设施实时监控。"
            "鼓励充电设施运营单位和即时配送企业推广换电模式。鼓励在楼宇电梯安装智能阻止系统,"
            '推广"射频信号传输+视频监控"等技术对蓄电池进楼实行动态监控,及时发现制止违规停放充电行为。'
            "鼓励有条件的地区在电动自行车充电车棚加装灭火设备。(区市场监管局、消防救援大队牵头负责,区住建局配合)"
        ),
        lead=(_D.MARKET_REGULATION, _D.FIRE_RESCUE),
        support=(_D.HOUSING,),
        deadlines=(Milestone(month_end(2025, 12), "2025年底前推动充电设施建设运营单位建立数据平台"),),
    ),
    # 任务10 严查非法改装
    Task(
        number=10,
        group=3,
        title="严查非法改装",
        text=(
            "严查非法改装。对经营网点和维修店铺开展经常性检查,依法从严整治擅自改装原厂电气配件、拆改限速、解码提速、"
            "外设蓄电池托架、改造蓄电池槽盒、更换大容量蓄电池等违法违规行为;严厉打击违规回收、"
            "二次组装加工蓄电池的黑作坊,涉嫌犯罪的依法追究刑事责任,2024年8月底前整治一批并持续推进。"
            "(区市场监管局牵头负责,区公安分局配合)"
        ),
        lead=(_D.MARKET_REGULATION,),
        support=(_D.PUBLIC_SECURITY,),
        deadlines=(Milestone(month_end(2024, 8), "2024年8月底前整治一批并持续推进"),),
        ongoing=True,
    ),
    # 任务11 规范线上经营
    Task(
        number=11,
        group=3,
        title="规范线上经营",
        text=(
            "规范线上经营。加强电商平台监管,督促其采取自动检索技术和屏蔽删除措施清理非法改装广告信息,"
            '严禁发布"解互认协议"、"解限速"、"增容量"等信息,严禁销售未依法经强制性产品认证的电动自行车、'
            '蓄电池和充电器等产品;在电动自行车相关商品销售页面,明示"禁止非法改装"内容。强化网上巡查执法工作,'
            "落实关键词屏蔽措施。通过警企对接机制等措施,向重点网站、电商平台、交互式栏目运营企业发放公安提示函,"
            "督导平台企业配备与用户数量相匹配的内容审核人员,引导群众自觉抵制非法改装产品,加强寄递渠道安全监管,"
            "禁止寄递电动自行车用蓄电池。2024年8月底前完成并持续推进。(区市场监管局牵头负责,区公安分局、商投局配合)"
        ),
        lead=(_D.MARKET_REGULATION,),
        support=(_D.PUBLIC_SECURITY, _D.COMMERCE_INVESTMENT),
        deadlines=(Milestone(month_end(2024, 8), "2024年8月底前完成并持续推进"),),
        ongoing=True,
    ),
    # 任务12 实施登记管理
    Task(
        number=12,
        group=3,
        title="实施登记管理",
        text=(
            "实施登记管理。严格落实《赤峰市电动车管理条例》。在对电动自行车全面实施登记上牌管理的基础上,"
            "将蓄电池依法纳入强制性产品认证管理并设置识别代码,将车主信息、车架号及蓄电池识别代码纳入登记事项,"
            "利用信息化手段优化登记上牌服务。对目前在用但不符合国家标准的电动自行车,由区政府合理设定过渡期,"
            "在过渡期结束后,实施登记注销,2024年12月底前完成。(区公安分局牵头负责)"
        ),
        lead=(_D.PUBLIC_SECURITY,),
        deadlines=(Milestone(month_end(2024, 12), "2024年12月底前完成"),),
    ),
    # 任务13 加强路面执法
    Task(
        number=13,
        group=3,
        title="加强路面执法",
        text=(
            "加强路面执法。加强非机动车监控设备建设,积极探索运用物联网、大数据、人工智能、北斗定位等技术,"
            "依托全警监控资源,利用图像识别、视频与射频识别等技术,依法查处电动自行车未按规定登记上牌上路行驶、闯红灯、"
            "逆行、在机动车道行驶、超速等违法违规行为,开展专项治理,保持严管态势。"
            "2025年底前实现严重违法行为的识别取证。(区公安分局牵头负责)"
        ),
        lead=(_D.PUBLIC_SECURITY,),
        deadlines=(Milestone(month_end(2025, 12), "2025年底前实现严重违法行为的识别取证"),),
    ),
    # 任务14 落实即时配送企业安全责任
    Task(
        number=14,
        group=3,
        title="落实即时配送企业安全责任",
        text=(
            "落实即时配送企业安全责任。指导即时配送企业完善配送管理制度,加强配送人员使用电动自行车及蓄电池审查备案,"
            "强化安全教育培训;对使用电动自行车配送的,安装GPS定位系统,后台集中管理,按照最高速度25公里/小时、"
            "守法行驶可完成配送任务的标准设定配送时限、路线,有效避免因任务设定不合理增加安全风险;"
            "督促企业对车辆改装情况开展自查自改,发现改装车辆的落实责令恢复原状、禁止使用、限制接单等措施,"
            "2024年8月底前完成。鼓励企业为配送员统一配发电动自行车,推行共享换电模式。(区市场监管局牵头负责,"
            "区公安分局配合)"
        ),
        lead=(_D.MARKET_REGULATION,),
        support=(_D.PUBLIC_SECURITY,),
        deadlines=(Milestone(month_end(2024, 8), "2024年8月底前完成"),),
    ),
    # 任务15 规范行业发展
    Task(
        number=15,
        group=4,
        title="规范行业发展",
        text=(
            "规范行业发展。加强对《电动自行车行业规范条件》《锂离子电池行业规范条件》等规范性文件的宣传贯彻力度,"
            '并严格落实国家相关文件规定。建立生产企业"正面清单"目录,实施动态公告管理,2024年底前完成。'
            "(区工信局牵头负责,区市场监管局配合)"
        ),
        lead=(_D.INDUSTRY_IT,),
        support=(_D.MARKET_REGULATION,),
        deadlines=(Milestone(month_end(2024, 12), "2024年底前完成"),),
    ),
    # 任务16 强化生产企业质量管控
    Task(
        number=16,
        group=4,
        title="强化生产企业质量管控",
        text=(
            "强化生产企业质量管控。2024年10月底前摸清电动自行车、蓄电池、充电器和电池回收、改装生产企业底数,"
            "逐一严格审查生产资格。将电动自行车及蓄电池、充电器等核心部件纳入重点工业产品质量安全监管目录,"
            "常态化开展质量抽查;依法处罚未经强制性产品认证出厂、销售、进口等违法行为,情节严重的吊销营业执照;"
            "实施电动自行车召回重点监控管理,按照《消费品召回管理暂行规定》做好电动自行车召回监管工作。"
            "强化电动自行车缺陷调查,经确认存在缺陷的,依法督促生产者实施召回,对确认存在缺陷但拒不实施召回的生产者,"
            "依法责令召回,2024年底前取得阶段性进展并持续推进。(区市场监管局牵头负责,区工信局配合)"
        ),
        lead=(_D.MARKET_REGULATION,),
        support=(_D.INDUSTRY_IT,),
        deadlines=(
            Milestone(month_end(2024, 10), "2024年10月底前摸清电动自行车、蓄电池、充电器和电池回收、改装生产企业底数"),
            Milestone(month_end(2024, 12), "2024年底前取得阶段性进展并持续推进"),
        ),
        ongoing=True,
    ),
    # 任务17 加强销售企业监督管理
    Task(
        number=17,
        group=4,
        title="加强销售企业监督管理",
        text=(
            "加强销售企业监督管理。督促电动自行车及蓄电池、充电器销售企业建立并执行进货检查验收制度,"
            "严格核查产品合格证明、强制性产品认证等信息,严禁电动自行车整车与蓄电池拆分销售,2024年8月底前完成。"
            "持续开展流通领域产品质量监督抽查,凡发现销售不符合法规标准的,责令停止销售并依法实施处罚,"
            "情节严重的吊销营业执照,对发现不合格的产品及时查封,将抽查结果和违法行为及时公开、曝光,"
            "并通报有关行业主管部门,相关涉企信息依法纳入国家企业信用信息公示系统。违法行为涉嫌犯罪的,"
            "及时移送公安机关。2024年底前完成并持续推进。(区市场监管局牵头负责)"
        ),
        lead=(_D.MARKET_REGULATION,),
        deadlines=(
            Milestone(month_end(2024, 8), "2024年8月底前完成"),
            Milestone(month_end(2024, 12), "2024年底前完成并持续推进"),
        ),
        ongoing=True,
    ),
    # 任务18 严惩制假售假行为
    Task(
        number=18,
        group=4,
        title="严惩制假售假行为",
        text=(
            "严惩制假售假行为。对生产、销售假冒伪劣产品行为保持高压严打态势,加强行刑衔接。"
            '各部门要加大涉嫌犯罪行为的移送,依法追究刑事责任,斩断非法生产、销售网络链条,依法实施行业"禁入"制度,'
            "2024年底前取得阶段性进展并持续推进。(区公安分局、工信局、市场监管局牵头负责,区消防救援大队配合)"
        ),
        lead=(_D.PUBLIC_SECURITY, _D.INDUSTRY_IT, _D.MARKET_REGULATION),
        support=(_D.FIRE_RESCUE,),
        deadlines=(Milestone(month_end(2024, 12), "2024年底前取得阶段性进展并持续推进"),),
        ongoing=True,
    ),
    # 任务19 完善老旧蓄电池报废回收处理体系
    Task(
        number=19,
        group=5,
        title="完善老旧蓄电池报废回收处理体系",
        text=(
            "完善老旧蓄电池报废回收处理体系。开展老旧蓄电池报废淘汰工作;提升蓄电池检测等技术服务能力,"
            "优化服务机构站点布局。提供便捷快速评估技术服务,鼓励用户主动送检,及时淘汰更换;"
            "对超过生产日期5年的蓄电池开展全面强制安全性评估,对达到报废条件的一律强制报废,"
            "2025年5月底前取得阶段性成效并持续推进。科学规范开展废蓄电池回收处理,"
            "鼓励对回收和处置拆解企业予以政策支持,促进可再生资源循环利用。(区工信局、生态环境分局牵头负责,区发改委、"
            "市场监管局配合)"
        ),
        lead=(_D.INDUSTRY_IT, _D.ECOLOGY_ENVIRONMENT),
        support=(_D.DEVELOPMENT_REFORM, _D.MARKET_REGULATION),
        deadlines=(Milestone(month_end(2025, 5), "2025年5月底前取得阶段性成效并持续推进"),),
        ongoing=True,
    ),
    # 任务20 严格事故全链条溯源追责
    Task(
        number=20,
        group=6,
        title="严格事故全链条溯源追责",
        text=(
            '严格事故全链条溯源追责。建立"一车一池一充一码"识别代码和电动自行车登记信息管理系统,加强信息共享,'
            "提高事故后溯源调查能力。建立电动自行车安全事故责任倒查机制,有关部门将生产、销售、改装、停放、充电、"
            "回收等各环节发现的违法违规线索及时移交并配合公安、消防等部门开展调查,必要时开展联合执法,"
            "造成重大影响的依法追责。整治期间发生电动自行车亡人火灾事故的一律提级调查。(区应急局、消防救援大队、"
            "公安分局、市场监管局、工信局牵头负责,区商投局配合)"
        ),
        lead=(_D.EMERGENCY, _D.FIRE_RESCUE, _D.PUBLIC_SECURITY, _D.MARKET_REGULATION, _D.INDUSTRY_IT),
        support=(_D.COMMERCE_INVESTMENT,),
    ),
    # 任务21 实施违法行为联合惩戒
    Task(
        number=21,
        group=6,
        title="实施违法行为联合惩戒",
        text=(
            "实施违法行为联合惩戒。市场监管、公安部门对执法中发现的违法违规生产销售电动自行车及蓄电池,违规回收、"
            "二次组装加工蓄电池,违规提供改装服务及部件的企业依法打击或移交相关部门处理,对涉嫌犯罪的移交权属部门处置。"
            "市场监管、工业和信息化、公安部门对违法违规行为定期进行曝光。消防部门对引发火灾事故的电动自行车、"
            "蓄电池品牌及型号按照规定进行曝光,充分发挥社会公众的监督作用。"
            "严重违法企业单位和责任人员依法列入相关严重失信主体名单。(区市场监管局、消防救援大队牵头负责,区工信局、"
            "公安分局配合)"
        ),
        lead=(_D.MARKET_REGULATION, _D.FIRE_RESCUE),
        support=(_D.INDUSTRY_IT, _D.PUBLIC_SECURITY),
    ),
)
"""The 21 tasks of 二、整治重点, in text order (``TASKS[n - 1].number == n``)."""


@checked
def task(number: int) -> Task:
    """Task ``number`` (1-21)."""
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(TASKS):
        raise InvalidInputError(
            "任务编号应为1至21的整数",
            "a task number is an integer from 1 to 21",
            field="number",
            expected="1-21",
            got=number,
        )
    return TASKS[number - 1]


@dataclass(frozen=True, slots=True)
class Phase:
    """One step of 三、工作步骤, with its first and last day (both included)."""

    number: int
    name: str
    en: str
    start: date
    end: date
    dates_as_written: str
    """The dates as the heading writes them, e.g. 「2024年6月20日前」."""
    start_written: bool
    """Whether the text states ``start`` (only 整治攻坚 does)."""
    end_word: str
    """The comparison word bounding ``end``."""
    text: str

    @property
    def clause(self) -> str:
        """The clause id, ``ebike:3.<number>``."""
        return f"ebike:3.{self.number}"

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this phase (first and last day included)."""
        return holds(day, "起", self.start) and holds(day, self.end_word, self.end)


@checked
def phases(params: EbikeParameters = DEFAULTS) -> tuple[Phase, Phase, Phase]:
    """The three phases of 三、工作步骤 with the dates of ``params``.

    动员部署 starts on the notice date (the text gives only 「2024年6月20日前」);
    验收评估 starts the day after 整治攻坚 ends (the text gives only 「2025年12月底前」).
    """
    return (
        Phase(
            1,
            "动员部署阶段",
            "mobilisation",
            params.notice_date,
            params.mobilisation_end,
            "2024年6月20日前",
            start_written=False,
            end_word="前",
            text=(
                "(一)动员部署阶段(2024年6月20日前)。各镇街、各部门召开动员部署会,全面启动排查整治工作,结合本辖区、"
                "本行业领域实际细化工作举措,明确整治范围和整治重点,明确任务分工和工作责任,挂图作战、梯次推进,"
                "确保各项行动落地见效。"
            ),
        ),
        Phase(
            2,
            "整治攻坚阶段",
            "rectification",
            params.rectification_start,
            params.rectification_end,
            "2024年6月20日至2025年11月30日",
            start_written=True,
            end_word=THROUGH,
            text=(
                "(二)整治攻坚阶段(2024年6月20日至2025年11月30日)。各镇街、各部门要开展全面排查,按照整改难易程度,"
                "分类制定年度计划,科学确定整治目标,逐年推进整治攻坚。要充分发动有关部门力量,分类分批开展业务培训,"
                "明确检查重点和工作方法,提高发现问题和解决问题能力。"
            ),
        ),
        Phase(
            3,
            "验收评估",
            "acceptance and evaluation",
            params.rectification_end + timedelta(days=1),
            params.acceptance_end,
            "2025年12月底前",
            start_written=False,
            end_word="底前",
            text=(
                "(三)验收评估(2025年12月底前)。坚持边整治、边调研、边总结,对存在的普遍性、系统性问题进行梳理研究,"
                '全面提升电动自行车安全隐患"全链条"整治成效。'
            ),
        ),
    )


PHASES = phases()
"""The three phases with the default dates."""


@implements("ebike:3.1", "ebike:3.2", "ebike:3.3", kind="procedure")
def phase_on(day: date, *, params: EbikeParameters = DEFAULTS) -> Phase:
    """The phase of 三、工作步骤 a day falls in.

    三 「(一)动员部署阶段(2024年6月20日前)…(二)整治攻坚阶段(2024年6月20日至2025年11月30日)…
    (三)验收评估(2025年12月底前)」

    2024-06-20 is named by both (一) and (二): it belongs to 整治攻坚, the later
    and more specific phase. A day before the notice (2024-06-17) or after
    2025-12-31 raises :class:`~hongshan_policy.errors.OutsideValidityError`: the
    plan does not cover it.
    """
    steps = phases(params)
    for phase in reversed(steps):
        if phase.contains(day):
            return phase
    raise OutsideValidityError(
        f"{zh_date(day)}不在本方案工作步骤覆盖的期间({zh_date(steps[0].start)}至{zh_date(steps[-1].end)})内",
        f"{day.isoformat()} is outside the period the plan's phases cover "
        f"({steps[0].start.isoformat()} to {steps[-1].end.isoformat()})",
        field="day",
        expected=f"{steps[0].start.isoformat()}..{steps[-1].end.isoformat()}",
        got=day,
    )
