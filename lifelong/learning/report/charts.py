"""Inline SVG charts for the report page: no scripts and no chart library, so the page stays one
self-contained file.

Charts return :class:`markupsafe.Markup`, which the autoescaping template inserts as is. Every
value put into the markup goes through ``Markup.format`` (or ``Markup.join``), which escapes it,
because titles, series names and axis labels carry trait names and other stored text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup

from lifelong.learning.report.data import finite

__all__ = ["MAX_CHART_POINTS", "NLL_COLORS", "PALETTE", "line_chart", "point_chart"]

PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#a16207")
NLL_COLORS = {"base": "#6b7280", "active": "#2563eb", "candidate": "#ea580c"}
# Charts draw at most this many points per series; the JSON keeps every point.
MAX_CHART_POINTS = 400
_PAD = {"left": 64, "right": 16, "top": 30, "bottom": 34}

# Element templates. ``Markup.format`` escapes every argument, so no label is escaped by hand.
_SVG = Markup(
    '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
    'aria-label="{title}">\n<title>{title}</title>'
)
_TEXT = Markup('<text x="{}" y="{}" class="{}">{}</text>')
_BOX = Markup('<rect x="{}" y="{}" width="{}" height="{}" class="box"/>')
_SWATCH = Markup('<rect x="{}" y="10" width="8" height="8" fill="{}"/>')
_POLYLINE = Markup('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>')
_DOT = Markup('<circle cx="{:.1f}" cy="{:.1f}" r="2.5" fill="{}"/>')
_TIP_DOT = Markup('<circle cx="{:.1f}" cy="{:.1f}" r="5" fill="{}"><title>{}</title></circle>')
_JOIN = Markup('<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" class="join"/>')
_END = Markup("</svg>")
_NEWLINE = Markup("\n")


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def line_chart(
    series: Mapping[str, Sequence[tuple[float, float]]],
    *,
    width: int = 640,
    height: int = 220,
    title: str = "",
    y_range: tuple[float, float] | None = None,
    x_format: Callable[[float], str] = _fmt,
) -> Markup:
    """An inline SVG line chart: one polyline per named series (points sorted by x), the y axis
    labelled with its min and max and the x axis with its first and last value (``x_format``).
    Non-finite points are skipped; with nothing left it returns an empty string.
    """
    clean = {
        name: _thin(sorted((x, y) for x, y in pts if finite(x) and finite(y)))
        for name, pts in series.items()
    }
    clean = {name: pts for name, pts in clean.items() if pts}
    if not clean:
        return Markup("")
    xs = [x for pts in clean.values() for x, _ in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = _span([y for pts in clean.values() for _, y in pts], y_range)
    left, top = _PAD["left"], _PAD["top"]
    plot_w, plot_h = width - left - _PAD["right"], height - top - _PAD["bottom"]

    def px(x: float, y: float) -> tuple[float, float]:
        sx = left + (plot_w * (x - x0) / (x1 - x0) if x1 > x0 else plot_w / 2)
        return sx, top + plot_h * (y1 - y) / (y1 - y0)

    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(clean)}
    parts = _frame(width, height, title, (y0, y1), (x_format(x0), x_format(x1)))
    if len(clean) > 1:
        parts += _legend(list(clean), colors, width)
    for name, pts in clean.items():
        coords = [px(x, y) for x, y in pts]
        points = " ".join(f"{sx:.1f},{sy:.1f}" for sx, sy in coords)
        parts.append(_POLYLINE.format(points, colors[name]))
        if len(pts) <= 60:  # dots help read sparse series; on dense ones they are noise
            parts += [_DOT.format(sx, sy, colors[name]) for sx, sy in coords]
    parts.append(_END)
    return _NEWLINE.join(parts)


def point_chart(
    groups: Sequence[tuple[str, Mapping[str, float | None]]],
    *,
    width: int = 640,
    height: int = 220,
    title: str = "",
    colors: Mapping[str, str] = NLL_COLORS,
) -> Markup:
    """An inline SVG dot chart of categories (e.g. versions), one coloured dot per named value,
    joined by a thin line so the spread within a category reads as the delta. Dots rather than
    bars because NLLs differ by a few percent: bars from zero would hide the difference.
    """
    values = [float(v) for _, g in groups for v in g.values() if v is not None and finite(v)]
    if not values:
        return Markup("")
    y0, y1 = _span(values)
    pad = (y1 - y0) * 0.1  # keep extreme dots off the frame
    y0, y1 = y0 - pad, y1 + pad
    left, top = _PAD["left"], _PAD["top"]
    plot_w, plot_h = width - left - _PAD["right"], height - top - _PAD["bottom"]
    slot = plot_w / len(groups)
    parts = _frame(width, height, title, (y0, y1), ("", ""))
    parts += _legend([n for n in colors if any(n in g for _, g in groups)], colors, width)
    for i, (label, group) in enumerate(groups):
        cx = left + slot * (i + 0.5)
        dots = {n: float(v) for n, v in group.items() if finite(v)}  # type: ignore[arg-type]
        ys = {n: top + plot_h * (y1 - v) / (y1 - y0) for n, v in dots.items()}
        if len(ys) > 1:
            parts.append(_JOIN.format(cx, min(ys.values()), max(ys.values())))
        for name, sy in ys.items():
            tip = f"{label} {name}: {_fmt(dots[name])}"
            parts.append(_TIP_DOT.format(cx, sy, colors.get(name, PALETTE[0]), tip))
        parts.append(_TEXT.format(f"{cx:.1f}", top + plot_h + 16, "xa mid", label))
    parts.append(_END)
    return _NEWLINE.join(parts)


def _span(values: Sequence[float], fixed: tuple[float, float] | None = None) -> tuple[float, float]:
    """The axis range: ``fixed`` widened to fit the data, or the data's own range; never empty."""
    low, high = min(values), max(values)
    if fixed is not None:
        low, high = min(low, fixed[0]), max(high, fixed[1])
    if low == high:
        pad = abs(low) * 0.05 or 1.0
        low, high = low - pad, high + pad
    return low, high


def _thin(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) <= MAX_CHART_POINTS:
        return list(points)
    step = math.ceil(len(points) / MAX_CHART_POINTS)
    return [*points[::step], points[-1]]


def _frame(
    width: int, height: int, title: str, y: tuple[float, float], x_labels: tuple[str, str]
) -> list[Markup]:
    """The common parts: title, plot box, y min/max and x first/last labels."""
    left, top = _PAD["left"], _PAD["top"]
    right, bottom = width - _PAD["right"], height - _PAD["bottom"]
    return [
        _SVG.format(w=width, h=height, title=title),
        _TEXT.format(left, 18, "t", title),
        _BOX.format(left, top, right - left, bottom - top),
        _TEXT.format(left - 6, top + 4, "ya", _fmt(y[1])),
        _TEXT.format(left - 6, bottom, "ya", _fmt(y[0])),
        _TEXT.format(left, bottom + 16, "xa", x_labels[0]),
        _TEXT.format(right, bottom + 16, "xa end", x_labels[1]),
    ]


def _legend(names: Sequence[str], colors: Mapping[str, str], width: int) -> list[Markup]:
    parts, x = [], width - _PAD["right"]
    for name in reversed(names):
        x -= 8 + 7 * len(name)  # right-aligned: about 7 px per character of an 11 px label
        parts += [_SWATCH.format(x, colors[name]), _TEXT.format(x + 11, 18, "lg", name)]
        x -= 14
    return parts
