"""Small server-side SVG charts for the dashboard: geometry here, markup in a template.

No chart library, no script: the numbers become rectangles and labels the template draws
with CSS classes (colours live in the static stylesheet), plus a data table beside each chart.
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    value: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass
class BarChart:
    width: int
    height: int
    bars: list
    ticks: list
    labels: list
    plot_left: int
    plot_bottom: int
    plot_right: int


def nice_max(value):
    """A round top for the axis: 1, 2, 5, 10, 20, 50 ..."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def grouped_bars(groups, width=720, height=260, left=40, bottom=40, top=12, right=8, max_bar=48):
    """``groups``: [(label, [value per series])] -> a BarChart of side-by-side bars per group."""
    series = max((len(values) for _label, values in groups), default=1)
    top_value = nice_max(max((v for _label, values in groups for v in values), default=0))
    plot_height = height - bottom - top
    plot_width = width - left - right
    slot = plot_width / max(len(groups), 1)
    bar_width = min(slot * 0.8 / series, max_bar)
    bars, labels = [], []
    for i, (label, values) in enumerate(groups):
        x0 = left + i * slot + (slot - bar_width * series) / 2  # the group centred in its slot
        for j, value in enumerate(values):
            h = plot_height * value / top_value
            bars.append(
                Bar(round(x0 + j * bar_width, 1), round(top + plot_height - h, 1), round(bar_width, 1), round(h, 1), j, value, label)
            )
        labels.append(Label(round(left + i * slot + slot / 2, 1), label))
    ticks = min(5, top_value)  # whole-number steps: 1, 2, 5 -> 1 each; 10 -> 2; 20 -> 4 ...
    step = top_value / ticks
    tick_rows = [
        Tick(round(top + plot_height - plot_height * k / ticks, 1), round(step * k))
        for k in range(ticks + 1)
        if step * k == round(step * k)
    ]
    return BarChart(width, height, bars, tick_rows, labels, left, top + plot_height, width - right)
