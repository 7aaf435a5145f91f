"""Charts for analysts: the used-car rewards against revenue, and a scenario's budget per year.

- :func:`reward_curve`: 87号's growth reward (第三条(二)) against 2024 revenue, with
  its tiers and cap, and the scale reward (第三条(一)) against January–July
  revenue; for one setting or a scenario over its baseline.
- :func:`budget_by_year`: the outlay of a :class:`~hongshan_policy.scenarios.Comparison`
  per budget year, baseline and scenario side by side.

Each returns a ``matplotlib.figure.Figure`` (made without pyplot, so nothing is
kept in a global figure registry; a notebook shows it when it is the cell's
value). The curves are exact: every point is computed by the scalar rules
(:func:`growth_points`, :func:`scale_points`) at chosen revenues that include
both sides of every threshold (1000万 and 1000万 + 0.01, 3000万 − 0.01 and
3000万) and of the cap, so the jumps show as jumps and nothing is smoothed;
floats are made only to place the points on the page.

Labels are in Chinese and English when a CJK font is installed (Noto Sans CJK,
Source Han Sans, WenQuanYi, …: :func:`cjk_font`), in English only otherwise, so
no glyph is ever missing. matplotlib is part of the ``analysis`` extra.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from .money import FEN, WAN, fmt_percent, fmt_wan, fmt_yuan
from .scenarios import UNDATED, Scenario
from .used_car import DEFAULTS, Dealer, UsedCarParameters, growth_reward, scale_reward
from .used_car._rewards import _revenue_at_cap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .scenarios import Comparison

__all__ = ["CJK_FONTS", "budget_by_year", "cjk_font", "growth_points", "reward_curve", "scale_points"]

CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
"""Fonts tried for Chinese labels, in order."""

_GRID = 24
"""Evenly spaced revenues added to the threshold points (the curve is linear between them)."""

_BASELINE_STYLE: dict[str, Any] = {"color": "#8c959f", "linestyle": "--", "linewidth": 1.6}
_SCENARIO_STYLE: dict[str, Any] = {"color": "#cf222e", "linestyle": "-", "linewidth": 2.0}


def _figure_class() -> type[Figure]:
    try:
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ImportError(
            "charts need matplotlib, part of the analysis extra: pip install 'hongshan-policy[analysis]'"
        ) from error
    return Figure


@cache
def cjk_font() -> str | None:
    """The first installed font of :data:`CJK_FONTS`, or ``None`` (labels are then in English only)."""
    _figure_class()
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


@contextmanager
def _fonts(chinese: bool) -> Iterator[None]:
    """Texts made inside use the CJK font by name (kept by each text, so drawing later finds it)."""
    import matplotlib

    font = cjk_font()
    family = [font, "DejaVu Sans"] if chinese and font is not None else matplotlib.rcParams["font.family"]
    with matplotlib.rc_context({"axes.unicode_minus": False, "font.family": family}):
        yield


def _chinese(chinese: bool | None) -> bool:
    return cjk_font() is not None if chinese is None else chinese and cjk_font() is not None


def _template(params: UsedCarParameters) -> Dealer:
    """A dealer meeting every condition of 第二条 under ``params``, so the curves show the amounts alone."""
    return Dealer(
        name="template",
        credit_code="91150402MA0QUC015R",
        registered_on=params.registered_from,
        registered_in_hongshan=True,
        independent_legal_person=True,
        independent_accounting=True,
        key_monitored=True,
    )


def _growth_caps(params: UsedCarParameters) -> list[Decimal]:
    """The revenues at which the growth reward reaches the cap, in the tier where that happens."""
    low, high, cap = params.growth_revenue_min, params.growth_upper_from, params.growth_cap
    lower, upper = _revenue_at_cap(cap, params.growth_rate), _revenue_at_cap(cap, params.growth_upper_rate)
    points = [lower if lower is not None and low < lower < high else None, upper]
    return [point for point in points if point is not None and point > low]


def _growth_end(params: UsedCarParameters) -> Decimal:
    """The last revenue drawn: 1.25 times the upper threshold or the cap's revenue, up to a whole million."""
    top = max([params.growth_upper_from, *_growth_caps(params)])
    return Decimal(math.ceil(top * Decimal("1.25") / 1_000_000) * 1_000_000)


def growth_points(
    params: UsedCarParameters = DEFAULTS, *, until: Decimal | None = None
) -> tuple[tuple[Decimal, Decimal], ...]:
    """(2024 revenue, growth reward) points of 第三条(二), exact, from the scalar rule for an eligible dealer.

    The revenues: 0; the lower threshold and one fen above it (「1000万元(不含)」);
    one fen below the upper threshold and the threshold itself (「3000万元以上」);
    one fen below and at the revenue where the reward reaches the cap (in the tier
    where it does); and 23 evenly spaced whole-yuan revenues up to ``until``
    (default: 1.25 times the upper threshold or the cap's revenue, whichever is
    higher, up to a whole million), which is the last point.
    """
    low, high = params.growth_revenue_min, params.growth_upper_from
    end = _growth_end(params) if until is None else until
    revenues = {Decimal(0), low, low + FEN, max(high - FEN, Decimal(0)), high, end}
    revenues |= {(end * i / _GRID).quantize(Decimal(1)) for i in range(1, _GRID)}
    for point in _growth_caps(params):
        revenues |= {point - FEN, point}
    dealer = _template(params)
    return tuple((r, growth_reward(dealer, r, params=params).amount) for r in sorted(revenues) if r <= end)


def scale_points(params: UsedCarParameters = DEFAULTS) -> tuple[tuple[Decimal, Decimal], ...]:
    """(January–July revenue, scale reward) points of 第三条(一): 0, one fen below the threshold, it, twice it."""
    low = params.scale_revenue_min
    revenues = sorted({Decimal(0), max(low - FEN, Decimal(0)), low, 2 * low if low else Decimal(1_000_000)})
    dealer, day = _template(params), params.valid_from
    return tuple((r, scale_reward(dealer, r, day, params=params).amount) for r in revenues)


def _setting(value: UsedCarParameters | Scenario | None, fallback: str) -> tuple[UsedCarParameters, str]:
    if value is None:
        return DEFAULTS, "政策原文 text"
    if isinstance(value, Scenario):
        return value.used_car, value.name
    return value, fallback


def _ascii(name: str, chinese: bool, english: str) -> str:
    return name if chinese or name.isascii() else english


def _wan(value: Decimal) -> float:
    """万元 as a float, for placing a point on the page only."""
    return float(value / WAN)


def _thresholds(points: Sequence[tuple[Decimal, Decimal]], *values: Decimal) -> list[int]:
    """Indices of the points at and next to ``values`` (marked on the curve)."""
    marks: list[int] = []
    for index, (revenue, _) in enumerate(points):
        if any(abs(revenue - v) <= FEN for v in values):
            marks.append(index)
    return marks


def _draw_growth(
    ax: Axes, params: UsedCarParameters, label: str, style: dict[str, Any], gid: str, until: Decimal
) -> None:
    points = growth_points(params, until=until)
    marks = _thresholds(points, params.growth_revenue_min, params.growth_upper_from)
    (line,) = ax.plot(
        [_wan(r) for r, _ in points],
        [_wan(a) for _, a in points],
        label=label,
        marker="o",
        markersize=3.5,
        markevery=marks,
        **style,
    )
    line.set_gid(gid)


def _draw_scale(ax: Axes, params: UsedCarParameters, label: str, style: dict[str, Any], gid: str) -> None:
    points = scale_points(params)
    (line,) = ax.plot(
        [_wan(r) for r, _ in points],
        [_wan(a) for _, a in points],
        label=label,
        marker="o",
        markersize=3.5,
        markevery=_thresholds(points, params.scale_revenue_min),
        **style,
    )
    line.set_gid(gid)


def _guides(
    ax: Axes, params: UsedCarParameters, chinese: bool, colour: str, *, beneath: UsedCarParameters | None = None
) -> None:
    """Dotted lines at the thresholds, a dash-dot line at the cap, the cap and each tier's rate written.

    With ``beneath`` (the setting drawn on top), only the lines that differ from
    its own are drawn, and no texts.
    """
    low, high, cap = params.growth_revenue_min, params.growth_upper_from, params.growth_cap
    texts = beneath is None
    shown = () if beneath is None else (beneath.growth_revenue_min, beneath.growth_upper_from)
    for threshold in (low, high):
        if threshold not in shown:
            ax.axvline(_wan(threshold), color=colour, linestyle=":", linewidth=1, gid="threshold")
    if beneath is None or cap != beneath.growth_cap:
        ax.axhline(_wan(cap), color=colour, linestyle="-.", linewidth=1, gid="cap")
    if not texts:
        return
    cap_text = f"上限 cap {fmt_wan(cap)}" if chinese else f"cap {fmt_yuan(cap).removeprefix('¥')} yuan"
    ax.annotate(cap_text, (_wan(low), _wan(cap)), xytext=(2, 3), textcoords="offset points", color=colour, fontsize=8)
    top = ax.get_xlim()[1]
    for rate, start, stop in ((params.growth_rate, low, high), (params.growth_upper_rate, high, None)):
        middle = (_wan(start) + (_wan(stop) if stop is not None else top)) / 2
        ax.annotate(
            fmt_percent(rate),
            (middle, 0),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            color=colour,
            fontsize=9,
        )


def reward_curve(
    params: UsedCarParameters | Scenario | None = None,
    baseline: UsedCarParameters | Scenario | None = None,
    *,
    chinese: bool | None = None,
) -> Figure:
    """The growth reward against 2024 revenue (tiers, cap) and the scale reward against January–July revenue.

    ``params``: the setting to draw (a :class:`~hongshan_policy.scenarios.Scenario`
    or :class:`~hongshan_policy.used_car.UsedCarParameters`; None: the text).
    ``baseline``: drawn dashed beneath it when given. ``chinese``: bilingual labels
    (None: when a CJK font is installed). Returns a Figure with two axes; each
    curve is a line whose points are :func:`growth_points` / :func:`scale_points`
    (gid ``growth:scenario``, ``growth:baseline``, ``scale:…``; both growth curves
    run to the same last revenue), the thresholds marked.
    """
    figure_class = _figure_class()
    zh = _chinese(chinese)
    main, main_name = _setting(params, "情景 scenario")
    settings = [(main, _ascii(main_name, zh, "scenario"), _SCENARIO_STYLE, "scenario")]
    if baseline is not None:
        base, base_name = _setting(baseline, "基准 baseline")
        settings.insert(0, (base, _ascii(base_name, zh, "baseline"), _BASELINE_STYLE, "baseline"))
    with _fonts(zh):
        figure = figure_class(figsize=(11, 4.4), layout="constrained")
        growth_ax, scale_ax = figure.subplots(1, 2, width_ratios=[3, 1])
        until = max(_growth_end(setting) for setting, _, _, _ in settings)
        for setting, label, style, role in settings:
            _draw_growth(growth_ax, setting, label, style, f"growth:{role}", until)
            _draw_scale(scale_ax, setting, label, style, f"scale:{role}")
        if baseline is not None and (base.growth_revenue_min, base.growth_upper_from, base.growth_cap) != (
            main.growth_revenue_min,
            main.growth_upper_from,
            main.growth_cap,
        ):
            _guides(growth_ax, base, zh, _BASELINE_STYLE["color"], beneath=main)
        _guides(growth_ax, main, zh, _SCENARIO_STYLE["color"])
        if zh:
            growth_ax.set_title("做大做强奖励 growth reward [used-car:3.2]")
            growth_ax.set_xlabel("2024年度累计营业收入(万元)\nrevenue 2024 (10k yuan)")
            growth_ax.set_ylabel("奖励(万元) reward (10k yuan)")
            scale_ax.set_title("规模奖励 scale [used-car:3.1]")
            scale_ax.set_xlabel("2024年前7个月营业收入(万元)\nrevenue Jan–Jul (10k yuan)")
        else:
            growth_ax.set_title("growth reward [used-car:3.2]")
            growth_ax.set_xlabel("revenue 2024\n(10,000 yuan)")
            growth_ax.set_ylabel("reward (10,000 yuan)")
            scale_ax.set_title("scale reward [used-car:3.1]")
            scale_ax.set_xlabel("revenue Jan-Jul 2024\n(10,000 yuan)")
        for ax in (growth_ax, scale_ax):
            ax.set_ylim(bottom=0)
            ax.set_xlim(left=0)
            ax.grid(alpha=0.3)
        growth_ax.legend(loc="lower right", fontsize=8)
    return figure


def budget_by_year(comparison: Comparison, *, policy: str | None = None, chinese: bool | None = None) -> Figure:
    """Bars of the outlay per budget year (万元): the baseline and the scenario side by side.

    ``policy`` limits the bars to one policy of the comparison. Each bar is
    labelled with its amount in 万元 (rounded to whole 万元 for the label only).
    Returns a Figure with one axes and two bar containers (baseline, scenario),
    one bar per budget year, ``"undated"`` last.
    """
    figure_class = _figure_class()
    zh = _chinese(chinese)
    years = comparison.summary.by_year(policy)
    labels = [("未注明 undated" if zh else "undated") if year == UNDATED else str(year) for year in years]
    positions = list(range(len(labels)))
    width = 0.4
    names = (
        _ascii(comparison.baseline.name, zh, "baseline"),
        _ascii(comparison.scenario.name, zh, "scenario"),
    )
    with _fonts(zh):
        figure = figure_class(figsize=(max(6.0, 1.1 * len(labels) + 3), 4.2), layout="constrained")
        ax = figure.subplots()
        for offset, name, style, values in (
            (-width / 2, names[0], _BASELINE_STYLE, [d.baseline for d in years.values()]),
            (width / 2, names[1], _SCENARIO_STYLE, [d.scenario for d in years.values()]),
        ):
            bars = ax.bar(
                [p + offset for p in positions], [_wan(v) for v in values], width, label=name, color=style["color"]
            )
            ax.bar_label(bars, labels=[f"{v / WAN:,.0f}" for v in values], fontsize=7, padding=2)
        ax.set_xticks(positions, labels)
        total = comparison.summary.total
        change = f"{total.change / WAN:+,.2f}"
        percent = f" ({total.percent_text()})" if total.percent is not None else ""
        if zh:
            ax.set_ylabel("支出(万元) outlay (10k yuan)")
            ax.set_xlabel("预算年度 budget year")
            ax.set_title(f"按预算年度 by budget year · 合计变化 total change {change}万元{percent}")
        else:
            ax.set_ylabel("outlay (10,000 yuan)")
            ax.set_xlabel("budget year")
            ax.set_title(f"outlay by budget year; total change {change} (10,000 yuan){percent}")
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    return figure
