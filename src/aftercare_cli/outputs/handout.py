"""Plan -> a printed one-page handout: the patient's week as a tick-box grid (HTML for a browser to print).

What makes a handout work (health-literacy guidance: the main message first,
the clinic's contact with it, a tangible checklist, simple tables with clear
headings, products named once, grayscale, 12 pt at least) decides the shape:
- the header: patient, treatment and peel, treatment time, contact;
- each avoid window as a band with its end written out;
- a grid: one row per day, one column per clock time with something to do,
  a tick box for each step in the cell of its moment (same-instant steps
  together, as in the calendar);
- what each step means and what it uses, once; the tips; the source in small print.

The page is self-contained: no script, no web font, nothing fetched, so it
prints the same on a desk with no internet. Jinja2 (imported only here) fills
a kept template with autoescaping on, so any rule or patient text is shown as
the characters it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import jinja2

from aftercare_cli.model import ItemKind, Plan
from aftercare_cli.outputs.moments import Moment, plan_moments
from aftercare_cli.outputs.wording import adjusted_note, contact_sentence, treated_line, treatment_title, when
from aftercare_cli.timetext import day_label, format_clock

TEMPLATE = "handout.html.j2"
# Paper is the printer's unless asked: the same file prints on A4 and US Letter.
PAPER = {None: "landscape", "a4": "A4 landscape", "letter": "letter landscape"}


@dataclass(frozen=True)
class Step:
    """A step's meaning, said once below the grid."""

    label: str
    title: str
    products: tuple[str, ...]
    details: str
    adjustment: str


@dataclass(frozen=True)
class Band:
    title: str
    until: str
    details: str
    adjustment: str


@dataclass(frozen=True)
class Day:
    label: str
    cells: tuple[tuple[str, ...], ...]  # per clock column: the labels of the steps due then (empty: nothing)


@dataclass(frozen=True)
class Grid:
    clocks: tuple[str, ...]
    days: tuple[Day, ...]


# Beyond this many clock columns a cell is too narrow for a label at 12 pt on a landscape page:
# the times are split over several grids instead of shrinking the type.
MAX_COLUMNS = 10


def plan_handout(plan: Plan, made_at: datetime, paper: str | None = None) -> str:
    """The handout as one HTML document. `made_at` is printed in small print (a parameter: pure, testable)."""
    moments = [moment for moment in plan_moments(plan) if moment.kind is ItemKind.DO]
    template = _environment().get_template(TEMPLATE)
    return template.render(
        plan=plan,
        title=treatment_title(plan),
        treated=treated_line(plan),
        contact=contact_sentence(plan.treatment.contact),
        bands=_bands(plan),
        grids=_grids(moments),
        steps=_steps(plan),
        tips=plan.tips,
        made=f"{day_label(made_at)} {made_at.year} {format_clock(made_at.time())}",
        page_size=PAPER[paper],
        adjusted_note=adjusted_note,
    )


def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(Path(__file__).parent)
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True)


def _bands(plan: Plan) -> list[Band]:
    return [
        Band(item.title, when(item.end), item.details, item.adjustment)
        for item in plan.items
        if item.kind is ItemKind.AVOID and item.end is not None
    ]


def _grids(moments: list[Moment]) -> list[Grid]:
    """The week as grids of at most MAX_COLUMNS clock times each, in time order, of even sizes."""
    clocks = sorted({moment.start.time() for moment in moments})
    count = -(-len(clocks) // MAX_COLUMNS)  # as few grids as fit
    size = -(-len(clocks) // count) if clocks else 0
    grids = []
    for chunk in (clocks[i : i + size] for i in range(0, len(clocks), size or 1)):
        days = _days([m for m in moments if m.start.time() in chunk], chunk)
        grids.append(Grid(tuple(format_clock(clock) for clock in chunk), tuple(days)))
    return grids


def _days(moments: list[Moment], clocks: list[time]) -> list[Day]:
    days: dict[date, tuple[datetime, dict[time, tuple[str, ...]]]] = {}  # in time order: moments are
    for moment in moments:
        _, cells = days.setdefault(moment.start.date(), (moment.start, {}))
        cells[moment.start.time()] = tuple(item.label for item in moment.items)
    return [Day(day_label(first), tuple(cells.get(clock, ()) for clock in clocks)) for first, cells in days.values()]


def _steps(plan: Plan) -> list[Step]:
    """Each step once, in the rules' order: the order the clinic lists them, as in every cell."""
    order = {rule.id: index for index, rule in enumerate(plan.rules)}
    seen: dict[str, Step] = {}
    for item in sorted(plan.items, key=lambda item: order.get(item.rule_id, len(order))):
        if item.kind is ItemKind.DO and item.label not in seen:
            seen[item.label] = Step(item.label, item.title, item.products, item.details, item.adjustment)
    return list(seen.values())
