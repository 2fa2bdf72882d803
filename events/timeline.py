"""The timeline of a workspace's events, laid out on the server for an SVG.

It runs down the page (mirrored for right-to-left languages): the years along a vertical
axis, each event a row with a mark whose shape (and fill) says its kind, and its label and
date in words. Shapes, not colours, tell the kinds apart, and a column of rows reads the
same at 360 px as at 1,280.
"""

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from events.queries import Timeline, when_text
from hub.i18n import current_language, text_direction

#: Shapes in order of the kinds: filled ones first, then the same hollow.
SHAPES = ("circle", "square", "triangle", "diamond")
WIDTH = 360
AXIS_X = 56
ROW_HEIGHT = 40
YEAR_HEIGHT = 34
TOP = 12
MAX_LABEL = 34


@dataclass(frozen=True)
class Shape:
    name: str
    hollow: bool


def shape_of(position: int) -> Shape:
    return Shape(SHAPES[position % len(SHAPES)], hollow=position // len(SHAPES) % 2 == 1)


@dataclass(frozen=True)
class Row:
    y: int
    shape: Shape
    label: str
    detail: str


@dataclass(frozen=True)
class YearTick:
    y: int
    year: int


def _cut(text: str, length: int = MAX_LABEL) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def draw_timeline(timeline: Timeline) -> Markup:
    shapes = {kind.slug: shape_of(position) for position, kind in enumerate(timeline.kinds)}
    by_year: dict[int, list] = {}
    for mark in timeline.marks:
        by_year.setdefault(mark.year, []).append(mark)
    rows, ticks = [], []
    y = TOP
    for year in range(timeline.first_year, timeline.last_year + 1):
        ticks.append(YearTick(y + 20, year))
        y += YEAR_HEIGHT
        for mark in by_year.get(year, []):
            shape = shapes.get(mark.kind_slug, Shape("circle", True))
            if timeline.counted:
                label, detail = f"{mark.count} × {mark.label}", ""
            else:
                label = f"{mark.label} · {when_text(mark.when, mark.timezone, mark.month_only)}"
                detail = _cut(mark.title, 44)
            rows.append(Row(y, shape, label, detail))
            y += ROW_HEIGHT
    legend = [(kind.shown_name, shapes[kind.slug]) for kind in timeline.kinds]
    legend_top = y + 16
    height = legend_top + 22 * ((len(legend) + 1) // 2) + 8
    # The template escapes every text it writes (an .html template is autoescaped).
    return Markup(  # noqa: S704
        render_template(
            "events/_timeline.svg.html",
            rows=rows,
            ticks=ticks,
            legend=legend,
            legend_top=legend_top,
            width=WIDTH,
            height=height,
            axis_x=AXIS_X,
            timeline=timeline,
            # Right to left, the axis and the years are on the right and the text runs
            # leftwards from its start (the page's direction reaches the SVG's text).
            px=(lambda x: WIDTH - x)
            if text_direction(current_language()) == "rtl"
            else (lambda x: x),
        )
    )
