"""What must change for 79号's subsidies: the explainers of ``land_subsidy`` and ``rent_subsidy``.

The conditions are inverted by the generic engine of :mod:`hongshan_policy.explain` from the tables of
:mod:`hongshan_policy.headquarters._conditions` (:func:`~hongshan_policy.explain.table_drafts`), by key; what is
79号's own stays here: the land subsidy's remainder and rate, the lease year's own conditions (within
「三免两减半」, the lease running, the days earning), the signing date bounded by the lease year, and what raises an
amount (the 300万 cap, a full lease year). ``hongshan_policy.explain`` imports this module and re-exports
:func:`hq_land` and :func:`hq_rent`; import them from there.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..dates import months_after, zh_date
from ..decisions import Decision
from ..explain import (
    _DAILY_RATE,
    _DAYS,
    _M2,
    _MONEY,
    _RATIO_STEP,
    _YEARS,
    Changes,
    _Case,
    _ceil,
    _Draft,
    _finish,
    _fix_text,
    _hold,
    _passing,
    _Requirement,
    _window,
    _yuan,
    table_drafts,
)
from ..inputs import in_context
from ..money import FEN, fmt_percent, fmt_wan, fmt_yuan, money_arg
from . import _conditions
from ._land import land_subsidy
from ._models import Enterprise, LandDeal, LandProject, Lease
from ._parameters import DEFAULTS, HQParameters
from ._rent import earning_from, rent_subsidy

__all__ = ["hq_land", "hq_rent"]

_YEAR = ("hq:3.2.1/within-schedule", "hq:3.2.1/lease-running", "hq:3.2.1/days-earning", "hq:3.2.1/amount")
"""The keys the lease year's reason of ``rent_subsidy`` takes (one of them)."""
_SUPERSEDED = "hq:5.1/before-supersession"
_LEASE_SIGNED = "hq:5.1/lease-within-validity"
_AMOUNT_KEYS = ("hq:3.1/commercial-apartments-excluded", "hq:3.1/within-remainder")
"""The reasons ``land_subsidy`` gives last, once every condition held, when nothing is left to grant."""


def _signed(
    case: _Case,
    *,
    argument: str,
    field: str,
    clause: str,
    key: str,
    current: date,
    what: tuple[str, str],
    params: HQParameters,
    latest: date | None = None,
) -> list[_Draft]:
    first: date = _passing("起", params.valid_from, 1)
    last: date = _passing("前", params.last_signing_day, 1)
    early = (f"{what[0]}需于本政策施行之日({zh_date(first)})起签订", f"{what[1]} must be signed on or after {first}")
    within = (
        f"{what[0]}最迟需于{zh_date(last)}(本政策有效期内)签订",
        f"{what[1]} must be signed by {last}, within validity",
    )
    if latest is not None and current >= first:
        # rent_days_from: a lease signed after its lease year ends leaves that year nothing to earn
        year_binds = latest < last
        bound = min(last, latest)
        late = (
            (
                f"{what[0]}最迟需于{zh_date(bound)}(该租赁年末日;签订前的天数不计补贴)签订",
                f"{what[1]} must be signed by {bound}, the last day of the lease year (days before signing earn "
                "nothing)",
            )
            if year_binds
            else within
        )
        return _window(
            case,
            argument=argument,
            field=field,
            clause="hq:3.2.1" if year_binds or current > latest else clause,
            targets=(key, *_YEAR),
            current=current,
            first=first,
            last=bound,
            early=early,
            late=late,
        )
    return _window(
        case,
        argument=argument,
        field=field,
        clause=clause,
        targets=(key,),
        current=current,
        first=first,
        last=last,
        early=early,
        late=within,
    )


# the keys of land_subsidy's own reasons (after those of hq_conditions)
def _remainder(case: _Case, deal: LandDeal, params: HQParameters) -> list[_Draft]:
    """「不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额」: a remainder of 0 leaves nothing."""
    *before, last = case.decision.reasons
    if last.key not in _AMOUNT_KEYS or last.held or not all(r.held for r in before):
        return []  # the remainder is only weighed once every condition holds (land_subsidy stops before it)
    winning = deal.winning_price
    known = {
        name: value
        for name, value in (("comprehensive_cost", deal.comprehensive_cost), ("benchmark_price", deal.benchmark_price))
        if value is not None
    }
    smaller = params.land_cap_reading == "smaller"
    binding = max(known.values()) if smaller else min(known.values())
    test = _hold((last.key,))
    drafts = [
        _Draft(
            "deal",
            "winning_price",
            "hq:3.1",
            winning,
            _passing("超过", binding, FEN),
            "fix",
            test,
            _fix_text(
                _MONEY,
                lambda _v: (
                    f"土地拍得价款需超过{_yuan(binding)[0]}(扣除后剩余数额须大于0)",
                    f"the winning price must exceed {fmt_yuan(binding)} (the remainder must be above zero)",
                ),
            ),
            FEN,
        )
    ]
    labels = {
        "comprehensive_cost": ("土地综合成本", "the comprehensive cost"),
        "benchmark_price": ("区域基准地价", "the benchmark price"),
    }
    for name, value in known.items():
        if value < winning:
            continue  # this remainder is above zero already
        others = [v for n, v in known.items() if n != name]
        alone = not smaller or all(v < winning for v in others)
        zh, en = labels[name]
        drafts.append(
            _Draft(
                "deal",
                name,
                "hq:3.1",
                value,
                _passing("少于", winning, FEN),
                "fix",
                test,
                _fix_text(_MONEY, _below(zh, en, winning)),
                FEN,
                possible=alone,
            )
        )
    return drafts


def _below(zh: str, en: str, winning: Decimal) -> _Requirement:
    return lambda _v: (
        f"{zh}需低于土地拍得价款{_yuan(winning)[0]}",
        f"{en} must be below the winning price {fmt_yuan(winning)}",
    )


def _land_rate(case: _Case, deal: LandDeal, rate: Decimal, params: HQParameters) -> list[_Draft]:
    """For an eligible land subsidy: the rate (at most 25%) that reaches the remainder cap, or the highest rate."""
    highest = params.land_rate_max
    amount = case.decision.amount
    if rate >= highest:
        return []
    at_highest = case.run("rate", "rate", highest)
    if at_highest is None or at_highest.amount <= amount:
        return []
    remainders = [deal.winning_price - v for v in (deal.comprehensive_cost, deal.benchmark_price) if v is not None]
    cap = min(remainders) if params.land_cap_reading == "smaller" else max(remainders)
    if at_highest.amount == cap:
        above = Fraction(deal.above_ground_floor_area)
        base = Fraction(deal.reserve_price) * (above - Fraction(deal.commercial_apartment_floor_area)) / above
        needed = min(highest, _ceil((Fraction(cap) - Fraction(FEN) / 2) / base, _RATIO_STEP))

        def cap_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
            assert after is not None
            return (
                f"奖补比例提高到{fmt_percent(needed)}(最高{fmt_percent(highest)})时,奖补资金达到剩余数额上限"
                f"{_yuan(cap)[0]},由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}",
                f"at a rate of {fmt_percent(needed)} (at most {fmt_percent(highest)}) the subsidy reaches the "
                f"remainder cap of {fmt_yuan(cap)}: from {fmt_yuan(amount)} to {fmt_yuan(after.amount)}",
            )

        return [
            _Draft(
                argument="rate",
                field="rate",
                clause="hq:3.1",
                current=rate,
                step=_RATIO_STEP,
                needed=needed,
                kind="amount",
                test=lambda d, _v: d.amount == cap,
                text=cap_text,
                effect="reaches the cap",
            )
        ]

    def raise_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
        assert after is not None
        return (
            f"奖补比例提高到最高{fmt_percent(needed)},奖补资金由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}"
            f"(剩余数额上限{_yuan(cap)[0]}不会达到)",
            f"at the highest rate of {fmt_percent(needed)} the subsidy rises from {fmt_yuan(amount)} to "
            f"{fmt_yuan(after.amount)} (the remainder cap of {fmt_yuan(cap)} is not reached)",
        )

    return [
        _Draft(
            argument="rate",
            field="rate",
            clause="hq:3.1",
            current=rate,
            step=_RATIO_STEP,
            needed=highest,
            kind="raise",
            test=lambda d, _v: d.amount > amount,
            text=raise_text,
            effect="raises the amount",
        )
    ]


@in_context
def hq_land(
    enterprise: Enterprise,
    deal: LandDeal,
    project: LandProject,
    *,
    rate: Decimal | None = None,
    params: HQParameters = DEFAULTS,
) -> Changes:
    """What must change for the land-price subsidy of 第三条(一) (:func:`hongshan_policy.headquarters.land_subsidy`).

    第三条(一) 「……在项目正式竣工12个月内完成入统、企业持有地上总建筑面积比例不低于50%、直接带动就业300人以上的,
    ……参考土地出让底价最高可奖补25%……但财政奖补资金均不得超过土地拍得价款扣除土地综合成本或扣除区域基准地价的剩余数额……」
    with 第二条 (its item (二): 亩均固定资产投资1000万元以上, the land won within validity).

    Returns, when not eligible, the smallest fix of each failed condition: the
    flags and the category of 第二条, the registered capital, the investment at
    the current area and the area at the current investment, the contract date,
    the statistics date (or a later completion), the self-held area and the
    above-ground area, the jobs, and a remainder above zero. When eligible: the
    rate that reaches the remainder cap (or the highest rate), and the margins
    of each threshold.
    """
    rate = params.land_rate_max if rate is None else money_arg(rate, "rate", places=None)
    inputs: dict[str, Any] = {
        "enterprise": enterprise,
        "deal": deal,
        "project": project,
        "rate": rate,
        "params": params,
    }
    case = _Case(land_subsidy, inputs, land_subsidy(**inputs))
    # 第二条, its item (二) and 第三条(一): each check of the tables inverted by the generic engine, by key
    tables = (
        (_conditions.HQ_CONDITIONS, ("enterprise",)),
        (_conditions.LAND_CONDITIONS, ("deal",)),
        (_conditions.LAND_SUBSIDY_CONDITIONS, ("deal", "project")),
    )
    drafts = table_drafts(case, {"enterprise": enterprise, "deal": deal, "project": project}, params, tables)
    drafts += _remainder(case, deal, params)
    if case.decision.eligible:
        drafts += _land_rate(case, deal, rate, params)
    return _finish(case, drafts)


def _superseded(lease: Lease, year: int, first: date, superseded: date) -> _Draft:
    """第五条(一) 「废止后本政策尚未享受完毕的不再享受」: the lease year must end before the supersession."""
    last = date.fromordinal(superseded.toordinal() - 1)
    return _Draft(
        "lease",
        "end",
        "hq:5.1",
        lease.end,
        last,
        "fix",
        _hold((_SUPERSEDED,)),
        _fix_text(
            _DAYS,
            lambda d: (
                f"本政策于{zh_date(superseded)}废止,第{year}租赁年须于{zh_date(d)}前届满(租赁合同须于该日前届满)",
                f"the policy was superseded on {superseded.isoformat()}: lease year {year} must end by "
                f"{d.isoformat()} (the lease ending then)",
            ),
        ),
        1,
        possible=last >= first,
    )


def _counted_from(lease: Lease, first: date, params: HQParameters) -> date:
    """The first day of a lease year from ``first`` that earns the subsidy (``rent_days_from``)."""
    earning = earning_from(lease, params)
    return first if earning is None else max(first, earning[0])


def _last_earning_day(lease: Lease, year: int, params: HQParameters) -> date | None:
    """Under ``rent_days_from="signed-and-in-force"``, the last signing day that leaves lease year ``year`` a day."""
    if params.rent_days_from != "signed-and-in-force" or year > params.rent_full_years + params.rent_half_years:
        return None
    last = months_after(lease.start, 12 * year) - timedelta(days=1)
    upto = last if lease.end is None else min(last, lease.end)
    return None if upto < months_after(lease.start, 12 * (year - 1)) else upto  # the lease ended before the year


def _lease_year(case: _Case, lease: Lease, year: int, params: HQParameters) -> list[_Draft]:
    """The lease year's own conditions: within 三免两减半, not after the lease ended, not after supersession."""
    decision = case.decision
    years = params.rent_full_years + params.rent_half_years
    if not any(decision.has(key) for key in _YEAR):
        return []
    first = months_after(lease.start, 12 * (year - 1))
    if not case.held(_YEAR) and year > years:
        covered = years
        if lease.end is not None:
            while covered > 1 and months_after(lease.start, 12 * (covered - 1)) > lease.end:
                covered -= 1
        return [
            _Draft(
                "year",
                "year",
                "hq:3.2.1",
                year,
                covered,
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _YEARS,
                    lambda y: (
                        f"补贴只适用于前{years}个租赁年:需为第{y}租赁年或更早",
                        f"the subsidy covers lease years 1-{years} only: year {y} or earlier",
                    ),
                ),
                1,
            )
        ]
    counted = _counted_from(lease, first, params)
    last_day = months_after(lease.start, 12 * year) - timedelta(days=1)
    if not case.held(_YEAR) and counted > last_day:
        # rent_days_from: the year lies wholly before the signing date: the signing date's change covers it,
        # unless the lease also ended before the year began (then no single change does)
        if lease.end is None or lease.end >= first:
            return []
        return [
            _Draft(
                "lease",
                "signed_on",
                "hq:3.2.1",
                lease.signed_on,
                last_day,
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _DAYS,
                    lambda d: (
                        f"租赁合同需于第{year}租赁年末日{zh_date(d)}前签订,且租赁需延续至该年",
                        f"the lease must be signed by {d.isoformat()}, the last day of lease year {year}, and last "
                        "into that year",
                    ),
                ),
                1,
                None,
                False,
            )
        ]
    if not case.held(_YEAR):
        blocked = params.superseded_on is not None and params.superseded_on <= first
        return [
            _Draft(
                "lease",
                "end",
                "hq:3.2.1",
                lease.end,
                _counted_from(lease, first, params),
                "fix",
                _hold(_YEAR),
                _fix_text(
                    _DAYS,
                    lambda d: (
                        f"租赁合同需至少延续至第{year}租赁年首个计补贴日{zh_date(d)}",
                        f"the lease must last at least to {d.isoformat()}, the first subsidised day of lease year "
                        f"{year}",
                    ),
                ),
                1,
            ),
            *([_superseded(lease, year, counted, params.superseded_on)] if blocked and params.superseded_on else []),
        ]
    superseded = params.superseded_on
    if superseded is not None and not case.held((_SUPERSEDED,)):
        return [_superseded(lease, year, counted, superseded)]
    return []


def _rent_raises(case: _Case, lease: Lease, year: int, params: HQParameters) -> list[_Draft]:
    """For an eligible lease year: the floor area or the agreed rate that reaches the 300万 cap; a full lease year."""
    drafts: list[_Draft] = []
    cap, amount = params.rent_annual_cap, case.decision.amount
    first = months_after(lease.start, 12 * (year - 1))
    last = date.fromordinal(months_after(lease.start, 12 * year).toordinal() - 1)
    upto = last if lease.end is None else min(last, lease.end)
    days = (upto - _counted_from(lease, first, params)).days + 1
    share = params.rent_full_share if year <= params.rent_full_years else params.rent_half_share
    area, rate = lease.floor_area_m2, lease.agreed_rate
    target = Fraction(cap) - Fraction(FEN) / 2  # round_fen reaches the cap from here (ROUND_HALF_UP)
    reaches = lambda d, _v: d.amount == cap  # noqa: E731
    if amount < cap and share > 0:
        if rate > 0:
            needed = _ceil(target / (Fraction(rate) * days * Fraction(share)), FEN)
            drafts.append(
                _Draft(
                    "lease",
                    "floor_area_m2",
                    "hq:3.2.1",
                    area,
                    needed,
                    "amount",
                    reaches,
                    _fix_text(
                        _M2,
                        lambda a: (
                            f"运营面积为{a:,.2f}平方米时,第{year}租赁年补贴达到每年上限{fmt_wan(cap)}",
                            f"at {a:,.2f} m² lease year {year} reaches the yearly cap of {fmt_yuan(cap)}",
                        ),
                    ),
                    FEN,
                    "reaches the cap",
                )
            )
        if area > 0:
            _low, high = params.rate_range(lease.district)
            needed = _ceil(target / (Fraction(area) * days * Fraction(share)), FEN)
            note = (
                (
                    f",高于{lease.district.value}参考标准上限{high}元",
                    f", above the {lease.district.en} reference maximum of ¥{high}",
                )
                if needed > high
                else ("", "")
            )
            drafts.append(
                _Draft(
                    "lease",
                    "agreed_rate",
                    "hq:3.2.1",
                    rate,
                    needed,
                    "amount",
                    reaches,
                    _fix_text(
                        _DAILY_RATE,
                        lambda r: (
                            f"协议补贴标准为每天每平方米{r}元时,第{year}租赁年补贴达到每年上限{fmt_wan(cap)}{note[0]}",
                            f"at an agreed rate of ¥{r}/m²/day lease year {year} reaches the yearly cap of "
                            f"{fmt_yuan(cap)}{note[1]}",
                        ),
                    ),
                    FEN,
                    "reaches the cap",
                )
            )
        full = case.run("lease", "end", last) if upto < last else None
        if full is not None and full.amount > amount:  # a day's subsidy may round to nothing

            def full_text(needed: Any, _delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
                assert after is not None
                return (
                    f"租赁合同延续至{zh_date(needed)}(第{year}租赁年末),该年补贴由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]}",
                    f"a lease running to {needed.isoformat()} (the end of lease year {year}) raises the year's subsidy "
                    f"from {fmt_yuan(amount)} to {fmt_yuan(after.amount)}",
                )

            drafts.append(
                _Draft(
                    "lease",
                    "end",
                    "hq:3.2.1",
                    lease.end,
                    last,
                    "raise",
                    lambda d, _v: d.amount > amount,
                    full_text,
                    1,
                    "raises the amount",
                )
            )
    return drafts


@in_context
def hq_rent(enterprise: Enterprise, lease: Lease, year: int, *, params: HQParameters = DEFAULTS) -> Changes:
    """What must change for one lease year of the rent subsidy of 第三条(二).

    第三条(二) 「……对运营面积(建筑面积)达到1万平方米及以上、专业化业态比例达到70%以上且在工商注册12个月内完成入统……的,
    给予房屋租赁补贴。」 1. 「……对单个企业每年补贴金额不超过300万元……」

    The rule is :func:`hongshan_policy.headquarters.rent_subsidy`. Returns, when
    not eligible, the smallest fix of each failed condition: the flags, category
    and capital of 第二条, the business form, the floor area
    (10,000.00 m²), the specialised ratio (70%), the statistics date (or a later
    registration), the signing date, and the lease year's own conditions. When
    eligible: the floor area and the agreed rate that reach the 300万 cap, a full
    lease year where the lease ends within it, and the margins of each threshold.
    """
    inputs: dict[str, Any] = {"enterprise": enterprise, "lease": lease, "year": year, "params": params}
    case = _Case(rent_subsidy, inputs, rent_subsidy(**inputs))
    # 第二条, 第三条(二) and 第五条(一): the tables inverted by the generic engine, by key; the signing date is also
    # bounded by the lease year (days before signing earn nothing), which the generic window does not know
    signed = _signed(
        case,
        argument="lease",
        field="signed_on",
        clause="hq:5.1",
        key=_LEASE_SIGNED,
        current=lease.signed_on,
        what=("房屋租赁合同", "the lease"),
        params=params,
        latest=_last_earning_day(lease, year, params),
    )
    drafts = table_drafts(
        case,
        {"enterprise": enterprise, "lease": lease},
        params,
        ((_conditions.HQ_CONDITIONS, ("enterprise",)), (_conditions.RENT_CONDITIONS, ("enterprise", "lease"))),
        overrides={_LEASE_SIGNED: signed},
    )
    drafts += _lease_year(case, lease, year, params)
    if case.decision.eligible:
        drafts += _rent_raises(case, lease, year, params)
    return _finish(case, drafts)
