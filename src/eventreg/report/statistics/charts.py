"""The geometry of the statistics report's SVG charts (horizontal bars, a cumulative line). Pure:
coordinates and labels only; templates/reports/_charts.html draws them, each with <title>, <desc>
and a table of the same numbers beside it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 230  # px of the bar chart's left column
VALUE_WIDTH = 70  # px right of the longest bar, for its number
BAR = 18
GAP = 8
AXIS = 22  # px under the plot for the axis labels
MAX_LABEL = 32  # characters; longer labels are cut (the table beside the chart has them whole)


@dataclass(frozen=True)
class Tick:
    at: float  # x (bar chart) or y (line chart) in px
    label: str


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as shown
    y: float
    width: float
    over: bool = False  # past the axis' end (a session filled beyond its capacity)


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int  # where bars start
    plot: float  # the longest bar's room
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    bar: int = BAR


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    text: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    bottom: float  # y of the x axis
    right: float  # x of the last day
    path: str  # the SVG path of the line
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


def nice_step(maximum: float, most: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most `most` intervals up to `maximum`."""
    if maximum <= 0:
        return 1.0
    raw = maximum / most
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _scale_top(maximum: float, min_step: float = 1.0) -> tuple[float, float]:
    """The axis' end (a round number at or above `maximum`) and its step (counts: whole numbers)."""
    step = max(nice_step(maximum), min_step)
    return max(step, math.ceil(maximum / step) * step), step


def _cut(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def bar_chart(rows: Sequence[tuple[str, float, str]], top: float | None = None,
              tick_text: Callable[[float], str] | None = None) -> BarChart:
    """Horizontal bars for (label, value, value as shown); the axis runs to a round number above the
    largest value, or to `top` (e.g. 1.0 for rates; larger values still draw, past the axis)."""
    largest = max((value for _, value, _ in rows), default=0.0)
    end, step = (top, top / 4) if top else _scale_top(largest)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = tuple(
        Bar(_cut(label), text, GAP + i * (BAR + GAP), plot * min(value, end * 1.05) / end if end else 0.0,
            value > end)
        for i, (label, value, text) in enumerate(rows)
    )
    ticks = tuple(
        Tick(LABEL_WIDTH + plot * n * step / end, (tick_text or _number)(n * step))
        for n in range(round(end / step) + 1)
    )
    height = GAP + len(rows) * (BAR + GAP) + AXIS
    return BarChart(WIDTH, height, LABEL_WIDTH, plot, bars, ticks)


def line_chart(values: Sequence[tuple[str, float]], height: int = 260) -> LineChart:
    """A line through (label, value) pairs spaced evenly left to right (e.g. a cumulative count per
    day); the y axis runs from 0 to a round number above the largest value."""
    left, right_margin, top_margin = 56, 24, 14
    bottom = height - 40
    end, step = _scale_top(max((v for _, v in values), default=0.0))
    span = WIDTH - left - right_margin
    count = len(values)

    def x(i: int) -> float:
        return left + (span / 2 if count == 1 else span * i / (count - 1))

    def y(value: float) -> float:
        return bottom - (bottom - top_margin) * value / end

    points = tuple(Point(round(x(i), 2), round(y(v), 2), label, _number(v)) for i, (label, v) in enumerate(values))
    path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(points))
    every = max(1, math.ceil(count / 6))  # at most ~6 dates under the axis, always the last one
    shown = list(range(0, count, every))
    if shown and shown[-1] != count - 1:
        if count - 1 - shown[-1] < every / 2 and len(shown) > 1:
            shown[-1] = count - 1  # too close to the last day to label both
        else:
            shown.append(count - 1)
    x_ticks = tuple(Tick(points[i].x, points[i].label) for i in shown)
    y_ticks = tuple(Tick(round(y(n * step), 2), _number(n * step)) for n in range(round(end / step) + 1))
    return LineChart(WIDTH, height, left, top_margin, bottom, left + span, path, points, x_ticks, y_ticks)
