"""Charts drawn on the server as SVG: the readiness radar, the risk matrix, a score's history,
and the administrators' bars (averages) and columns (completions per month).

Each chart reads without colour: every value is written next to its mark, series differ by
line style and marker shape as well as shade, and risk levels by pattern as well as shade;
they print as they show (no script, no external file). Ids inside a chart start with its
`name`, so that two charts on one page do not share them. Text in a chart is what callers
pass (already translated, or the questionnaire's own words, in the reader's language where
its file translates them: a label that falls back to English is marked lang="en");
numbers are formatted by the caller's `number` function, in the reader's language.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from wiki.toolkit.definitions import Text
from wiki.toolkit.scoring import risk_level

INK = "#1f2933"
GRID = "#9aa5b1"
SHADE = "#3e6eb4"
PALE = "#f5f7fa"

#: The fill of each risk level: a grey shade and a pattern, so print and colour-blind
#: readers tell them apart.
LEVEL_FILLS = {
    "low": ("#ffffff", None),
    "medium": ("#e4e7eb", "dots"),
    "high": ("#cbd2d9", "lines"),
    "very_high": ("#9aa5b1", "cross"),
}


def _label_lang(label: str) -> str | None:
    """The language of a questionnaire's label shown in English in another language's page."""
    return "en" if isinstance(label, Text) and label.fallback else None


def _wrap(text: str, width: int = 18) -> list[str]:
    """A label in lines of about `width` characters, at most three."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = [*lines[:2], " ".join(lines[2:])[: width - 1] + "…"]
    return lines


def _text(
    x: float,
    y: float,
    lines: Sequence[str],
    anchor: str = "middle",
    size: int = 13,
    weight: str = "normal",
    lang: str | None = None,
) -> str:
    attributes = f' lang="{lang}"' if lang else ""
    if weight == "bold":  # values: toolkit.css gives them a white halo over lines and hatching
        attributes += ' class="toolkit-value"'
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else 1.2:.1f}em">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{INK}"{attributes}>{spans}</text>'
    )


def _patterns(name: str) -> str:
    return (
        f'<pattern id="{name}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{SHADE}" '
        f'fill-opacity="0.15"/><line x1="0" y1="0" x2="0" y2="8" stroke="{SHADE}" '
        f'stroke-width="2"/></pattern>'
        f'<pattern id="{name}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{LEVEL_FILLS["medium"][0]}"/>'
        f'<circle cx="4" cy="4" r="1.3" fill="{INK}"/></pattern>'
        f'<pattern id="{name}-lines" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" '
        f'fill="{LEVEL_FILLS["high"][0]}"/><line x1="0" y1="0" x2="0" y2="8" stroke="{INK}" '
        f'stroke-width="1.2"/></pattern>'
        f'<pattern id="{name}-cross" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{LEVEL_FILLS["very_high"][0]}"/>'
        f'<path d="M0 0L8 8M8 0L0 8" stroke="{INK}" stroke-width="1.2"/></pattern>'
    )


def _svg(
    name: str,
    width: int,
    height: int,
    title: str,
    description: str,
    body: str,
) -> Markup:
    # Every text in it went through escape(); the rest is numbers and our own markup.
    return Markup(  # noqa: S704
        f'<svg class="toolkit-chart" id="{name}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" direction="ltr" '
        f'aria-labelledby="{name}-title {name}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(description)}</desc>'
        f"<defs>{_patterns(name)}</defs>{body}</svg>"
    )


@dataclass(frozen=True)
class RadarSeries:
    label: str
    values: Sequence[float | None]  #: 0-100 per axis; None: no score (drawn at 0, marked)
    dashed: bool = False


def radar_chart(
    name: str,
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    title: str,
    description: str,
    number: Callable[[float], str],
) -> Markup:
    """A radar of scores out of 100, one axis per section; the first series is the main
    one (hatched area, round markers, values written), the next ones are outlines."""
    width, height = 640, 520
    cx, cy, radius = width / 2, height / 2, 170
    count = max(len(axes), 3)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * max(0.0, min(value, 100.0)) / 100
        return cx + distance * math.cos(angle), cy + distance * math.sin(angle)

    parts = []
    for ring in (25, 50, 75, 100):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(count))
        )
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
        x, y = point(0, ring)
        # Beside the first axis, not on it: the first value's label is there.
        parts.append(_text(x - 5, y + 12, [number(ring)], anchor="end", size=10))
    for index, axis in enumerate(axes):
        x, y = point(index, 100)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        lx, ly = point(index, 112)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _wrap(axis)
        if ly < cy - radius / 2:  # above: the last line sits just over the axis's end
            ly -= (len(lines) - 1) * 14.4 + 6
        elif ly < cy + radius / 2:  # beside: the lines centred on it
            ly -= (len(lines) - 1) * 7.2
        else:  # below
            ly += 8
        parts.append(_text(lx, ly + 4, lines, anchor=anchor, size=12, lang=_label_lang(axis)))
    for order, each in enumerate(series):
        main = order == 0
        points = [point(i, value or 0) for i, value in enumerate(each.values)]
        outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        fill = f"url(#{name}-hatch)" if main else "none"
        dash = ' stroke-dasharray="7 5"' if each.dashed else ""
        stroke = SHADE if main else INK
        parts.append(
            f'<polygon points="{outline}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{3 if main else 2}"{dash}/>'
        )
        for index, ((x, y), value) in enumerate(zip(points, each.values, strict=False)):
            if main:
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{SHADE}" stroke="#fff"/>'
                )
                shown = "—" if value is None else number(value)
                # Outward from the marker, or inward near the rim (the axis label is there).
                angle = -math.pi / 2 + 2 * math.pi * index / count
                away = 16 if (value or 0) < 80 else -18
                tx, ty = x + away * math.cos(angle), y + away * math.sin(angle)
                parts.append(_text(tx, ty + 4, [shown], size=12, weight="bold"))
            else:
                parts.append(
                    f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="#fff" '
                    f'stroke="{INK}" stroke-width="1.5"/>'
                )
    return _svg(name, width, height, title, description, "".join(parts))


def risk_matrix(
    name: str,
    risks: Sequence[tuple[int, int, int]],
    *,
    title: str,
    description: str,
    likelihood_label: str,
    impact_label: str,
    number: Callable[[float], str],
) -> Markup:
    """The likelihood × impact matrix: 5 × 5 cells, likelihood up, impact across; each cell
    shaded and patterned by its level and showing its rating in a corner; each risk
    (number, likelihood, impact) a numbered disc in its cell."""
    cell, left, top = 92, 84, 20
    width, height = left + 5 * cell + 20, top + 5 * cell + 70
    parts = []
    by_cell: dict[tuple[int, int], list[int]] = {}
    for risk_number, likelihood, impact in risks:
        by_cell.setdefault((likelihood, impact), []).append(risk_number)
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            x = left + (impact - 1) * cell
            y = top + (5 - likelihood) * cell
            shade, pattern = LEVEL_FILLS[risk_level(likelihood * impact)]
            fill = f"url(#{name}-{pattern})" if pattern else shade
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="1"/>'
            )
            parts.append(
                f'<rect x="{x + 3}" y="{y + 3}" width="24" height="16" fill="#fff" rx="2"/>'
            )
            parts.append(_text(x + 15, y + 15, [number(likelihood * impact)], size=11))
            numbers = by_cell.get((likelihood, impact), [])
            for slot, risk_number in enumerate(numbers[:6]):
                column, row = slot % 3, slot // 3
                rx = x + 20 + column * 26
                ry = y + 42 + row * 28
                parts.append(
                    f'<circle cx="{rx}" cy="{ry}" r="12" fill="#fff" stroke="{INK}" '
                    'stroke-width="2"/>'
                )
                parts.append(_text(rx, ry + 4, [number(risk_number)], size=12, weight="bold"))
            if len(numbers) > 6:
                parts.append(
                    _text(
                        x + cell - 8,
                        y + cell - 6,
                        [f"+{number(len(numbers) - 6)}"],
                        anchor="end",
                        size=11,
                    )
                )
    for value in range(1, 6):
        parts.append(
            _text(
                left - 12,
                top + (5 - value) * cell + cell / 2 + 4,
                [number(value)],
                anchor="end",
                size=13,
            )
        )
        parts.append(
            _text(
                left + (value - 1) * cell + cell / 2, top + 5 * cell + 20, [number(value)], size=13
            )
        )
    parts.append(
        _text(left + 2.5 * cell, top + 5 * cell + 50, [impact_label], size=14, weight="bold")
    )
    parts.append(
        f'<g transform="translate(24 {top + 2.5 * cell}) rotate(-90)">'
        + _text(0, 0, [likelihood_label], size=14, weight="bold")
        + "</g>"
    )
    return _svg(name, width, height, title, description, "".join(parts))


def level_swatch(name: str, level: str) -> Markup:
    """A small square with a level's shade and pattern, for the legend."""
    shade, pattern = LEVEL_FILLS[level]
    fill = f"url(#{name}-{pattern})" if pattern else shade
    return Markup(  # noqa: S704 - numbers and our own markup
        f'<svg class="toolkit-swatch" viewBox="0 0 20 20" width="20" height="20" '
        'aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg"><defs>{_patterns(name)}</defs>'
        f'<rect x="1" y="1" width="18" height="18" fill="{fill}" stroke="{INK}"/></svg>'
    )


def history_chart(
    name: str,
    points: Sequence[tuple[str, float | None]],
    *,
    maximum: float,
    title: str,
    description: str,
    number: Callable[[float], str],
) -> Markup:
    """A line of one score over time: each point labelled with its date and its value."""
    width, height = 640, 260
    left, right, top, bottom = 48, 24, 24, 56
    plot_width, plot_height = width - left - right, height - top - bottom
    parts = []
    for step in range(5):
        value = maximum * step / 4
        y = top + plot_height * (1 - step / 4)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-dasharray="2 4"/>'
        )
        parts.append(_text(left - 8, y + 4, [number(round(value))], anchor="end", size=11))
    count = len(points)
    coordinates = []
    for index, (label, value) in enumerate(points):
        x = left + (plot_width * (index + 0.5) / count if count else 0)
        y = top + plot_height * (1 - (value or 0) / maximum)
        coordinates.append((x, y, label, value))
    if len(coordinates) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in coordinates)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{SHADE}" stroke-width="3"/>')
    for x, y, label, value in coordinates:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{SHADE}" stroke="#fff"/>')
        parts.append(
            _text(x, y - 10, ["—" if value is None else number(value)], size=12, weight="bold")
        )
        parts.append(_text(x, height - bottom + 20, [label], size=11))
    return _svg(name, width, height, title, description, "".join(parts))


def bar_chart(
    name: str,
    bars: Sequence[tuple[str, float | None]],
    *,
    maximum: float,
    title: str,
    description: str,
    missing: str,
    number: Callable[[float], str],
) -> Markup:
    """Horizontal bars from 0 to `maximum`, one per (label, value): the label on the left,
    the value written at the bar's end; a bar without a value (None) says `missing` in its
    place instead of drawing 0."""
    # Narrower than the radar: on a phone it shrinks less.
    width, left, right, top, row = 520, 190, 56, 16, 46
    plot_width = width - left - right
    height = top + row * len(bars) + 36
    bottom = top + row * len(bars)
    parts = []
    for step in range(5):
        x = left + plot_width * step / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" '
            f'stroke-dasharray="2 4"/>'
        )
        parts.append(_text(x, bottom + 20, [number(round(maximum * step / 4))], size=11))
    for index, (label, value) in enumerate(bars):
        y = top + row * index
        lines = _wrap(label, 26)[:2]
        parts.append(
            _text(
                left - 10,
                y + row / 2 + 4 - (len(lines) - 1) * 7.2,
                lines,
                anchor="end",
                size=12,
                lang=_label_lang(label),
            )
        )
        if value is None:
            parts.append(_text(left + 6, y + row / 2 + 4, [missing], anchor="start", size=12))
            continue
        length = plot_width * max(0.0, min(value, maximum)) / maximum
        parts.append(
            f'<rect x="{left}" y="{y + 10}" width="{length:.1f}" height="{row - 20}" '
            f'fill="url(#{name}-hatch)" stroke="{SHADE}" stroke-width="2"/>'
        )
        parts.append(
            _text(
                left + length + 6, y + row / 2 + 4, [number(value)], anchor="start", weight="bold"
            )
        )
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}" '
        'stroke-width="1.5"/>'
    )
    return _svg(name, width, height, title, description, "".join(parts))


def column_chart(
    name: str,
    columns: Sequence[tuple[Sequence[str], int]],
    *,
    title: str,
    description: str,
    number: Callable[[float], str],
) -> Markup:
    """A column per (label lines, count), such as a month and its year: the count written
    above each column (0 too, over the baseline), the label below."""
    width, height = 560, 220
    left, right, top, bottom = 8, 8, 28, 52
    plot_width, plot_height = width - left - right, height - top - bottom
    baseline = top + plot_height
    highest = max((count for _, count in columns), default=0) or 1
    slot = plot_width / max(len(columns), 1)
    parts = [
        f'<line x1="{left}" y1="{baseline}" x2="{width - right}" y2="{baseline}" '
        f'stroke="{INK}" stroke-width="1.5"/>'
    ]
    for index, (label, count) in enumerate(columns):
        x = left + slot * index
        tall = plot_height * count / highest
        if count:
            parts.append(
                f'<rect x="{x + slot * 0.2:.1f}" y="{baseline - tall:.1f}" '
                f'width="{slot * 0.6:.1f}" height="{tall:.1f}" fill="url(#{name}-hatch)" '
                f'stroke="{SHADE}" stroke-width="2"/>'
            )
        centre = x + slot / 2
        parts.append(_text(centre, baseline - tall - 6, [number(count)], size=12, weight="bold"))
        parts.append(_text(centre, baseline + 18, label, size=11))
    return _svg(name, width, height, title, description, "".join(parts))
