"""Plan -> a printed one-page handout: the patient's week as a tick-box grid (HTML for a browser to print).

What makes a handout work (health-literacy guidance: the main message first,
the clinic's contact with it, a tangible checklist, simple tables with clear
headings, products named once, grayscale, 12 pt at least) decides the shape:
- the header: patient, treatment and peel, treatment time, contact;
- each avoid window as a band with its end written out;
- one grid for the week, whatever the treatment time: a row per day in date
  order, a column per clock time with something to do (nearby times share a
  column, each step with its time, when more than fit the page), a tick box
  for each step in the cell of its moment (same-instant steps together, in
  the rules' order, as in the calendar);
- what the plan leaves out (a step in the sleep hours), in one line;
- what each step means and what it uses, once, on one page; the tips; the source in small print.

The page is self-contained: no script, no web font, nothing fetched, so it
prints the same on a desk with no internet. Jinja2 (imported only here) fills
a kept template with autoescaping on, so any rule or patient text is shown as
the characters it is. Its words are the current voice's (`speech`, through
Jinja's i18n extension); the page has the voice's `lang` and `dir`, and in a
right-to-left language every run of Latin letters and digits in a text (a
time, a phone number, a product name) is isolated in `<bdi>`, so its digits
and punctuation stay in their own order.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from aftercare_cli import speech
from aftercare_cli.model import ItemKind, Plan, Rule
from aftercare_cli.outputs.clinic_texts import clinic_name, details, item_label, products, source, title
from aftercare_cli.outputs.identity import plan_reference, reference_words
from aftercare_cli.outputs.moments import Moment, plan_moments
from aftercare_cli.outputs.wording import (
    adjusted_note,
    adjustment_words,
    as_needed_heading,
    clock_change_line,
    contact_sentence,
    delete_steps,
    desk_lines,
    headed,
    replaces_line,
    skipped_summary,
    treated_line,
    treatment_title,
    warning_contact,
    warnings_heading,
    when,
    window_end,
)

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
class Untimed:
    """A tip, a warning sign or an as-needed step as the page says it."""

    title: str
    details: str
    products: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    """An avoid window as a band across the page, with its end written out."""

    title: str
    until: str
    details: str
    adjustment: str


@dataclass(frozen=True)
class Entry:
    """The steps of one moment in a cell, in the rules' order; `clock` is written where times share a column."""

    clock: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A column of the week's grid: one clock time, or nearby ones sharing it."""

    heading: str  # "07:00", or nearby times that share the column: "10:00\u201311:00" (an en dash)
    shared: bool  # several clock times: each entry says its own
    width: float  # percent of the page's width


@dataclass(frozen=True)
class Day:
    """A row of the week's grid: one day and what is due in each column."""

    label: str
    cells: tuple[tuple[Entry, ...], ...]  # per column: the moments due then, in time order (empty: nothing)


@dataclass(frozen=True)
class Grid:
    """The week as one grid: its columns and its days, in order."""

    columns: tuple[Column, ...]
    days: tuple[Day, ...]  # in date order, each once


# One grid, whatever the times: the week reads top to bottom, a day a row. A landscape Letter page (the
# narrower paper) holds ten one-time columns beside the day at 12 pt ("Skincare" and its box in each);
# a shared column also writes each moment's time, so it takes 0.6 of a column more. Beyond that, nearby
# times share a column, the closest first, instead of the type shrinking or the grid splitting.
MAX_UNITS = 10.0
SHARED_UNITS = 1.6
DAY_WIDTH = 10.5  # percent: the day's heading, "Wed 30 Sep"
# Unicode's bidirectional classes: strong left-to-right letters and European digits; right-to-left letters.
_LEFT_TO_RIGHT = {"L", "EN"}
_RIGHT_TO_LEFT = {"R", "AL", "AN"}


def plan_handout(plan: Plan, made_at: datetime, paper: str | None = None) -> str:
    """The handout as one HTML document. `made_at` is printed in small print (a parameter: pure, testable)."""
    moments = [moment for moment in plan_moments(plan) if moment.kind is ItemKind.DO]
    template = _environment().get_template(TEMPLATE)
    return template.render(
        plan=plan,
        title=treatment_title(plan),
        treated=treated_line(plan),
        contact=contact_sentence(plan.treatment.contact),
        clock_changes=[clock_change_line(change) for change in plan.clock_changes],
        bands=_bands(plan),
        grid=_grid(moments),
        day_width=DAY_WIDTH,
        skipped=skipped_summary(plan.skipped),
        desk=desk_lines(plan),
        replaces=replaces_line(plan.replaces, plan, made_at.date()) if plan.replaces else "",
        delete_steps=delete_steps(),
        steps=_steps(plan),
        tips=_untimed(plan.tips),
        warnings=_untimed(plan.warnings),
        warnings_heading=warnings_heading(),
        warning_contact=warning_contact(plan.treatment.contact),
        as_needed=_untimed(plan.as_needed),
        clinic=clinic_name(plan.treatment),
        source=source(plan.treatment),
        as_needed_heading=as_needed_heading(),
        made=f"{speech.day_with_year(made_at)} {speech.clock(made_at.time())}",
        reference=reference_words(plan_reference(plan)),
        page_size=PAPER[paper],
        adjusted_note=adjusted_note,
        headed=headed,
        lang=speech.current().lang,
        direction=speech.current().direction,
    )


@functools.cache
def _environment() -> jinja2.Environment:
    """One environment per process: it keeps the compiled template, so a batch compiles it once, not per row."""
    loader = jinja2.FileSystemLoader(Path(__file__).parent)
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # Looked up at each call, so the one cached environment speaks whichever voice is current.
    environment.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=speech._, ngettext=speech.ngettext, newstyle=True
    )
    environment.filters["isolated"] = isolated
    return environment


def isolated(text: str) -> Markup:
    """`text` escaped for HTML; in a right-to-left voice, each left-to-right run in it wrapped in `<bdi>`."""
    if speech.current().direction != "rtl":
        return escape(text)
    parts, last = [], 0
    for start, end in _ltr_runs(text):
        parts += [escape(text[last:start]), Markup("<bdi>%s</bdi>") % text[start:end]]
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _ltr_runs(text: str) -> list[tuple[int, int]]:
    """Where `text` runs left to right: from a letter or digit that is, by Unicode's own direction ("Zoë",
    "14:30", a "+" just before its digits), to the last such before a right-to-left letter; what is between
    (spaces, punctuation) goes with the run, and a closing bracket after it when the run opened one."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if unicodedata.bidirectional(text[index]) not in _LEFT_TO_RIGHT:
            index += 1
            continue
        start = index - 1 if index and text[index - 1] in "+-(" else index
        end = index + 1
        for ahead in range(index + 1, len(text)):
            kind = unicodedata.bidirectional(text[ahead])
            if kind in _RIGHT_TO_LEFT or "\u0600" <= text[ahead] <= "\u06ff":  # an Arabic comma ends it too
                break
            if kind in _LEFT_TO_RIGHT:
                end = ahead + 1
        if end < len(text) and text[end] == ")" and "(" in text[start:end]:
            end += 1
        runs.append((start, end))
        index = end
    return runs


def _untimed(rules: tuple[Rule, ...]) -> list[Untimed]:
    return [Untimed(title(rule), details(rule), products(rule)) for rule in rules]


def _bands(plan: Plan) -> list[Band]:
    return [
        Band(title(item.rule), window_end(item, when), details(item.rule), adjustment_words(item.rule))
        for item in plan.items
        if item.kind is ItemKind.AVOID and item.end is not None
    ]


def _grid(moments: list[Moment]) -> Grid:
    """The week as one grid: a row per day in date order, a column per clock time or per group of nearby ones."""
    steps: dict[date, dict[time, int]] = {}  # how many tick boxes each day has at each clock time
    for moment in moments:
        day = steps.setdefault(moment.start.date(), {})  # a night the clocks go back has two 02:00s: add
        day[moment.start.time()] = day.get(moment.start.time(), 0) + len(moment.items)
    groups = _grouped(sorted({moment.start.time() for moment in moments}), list(steps.values()))
    column_of = {clock: index for index, group in enumerate(groups) for clock in group}
    columns = tuple(
        Column(
            "\u2013".join(dict.fromkeys((speech.clock(group[0]), speech.clock(group[-1])))),
            len(group) > 1,
            round((100 - DAY_WIDTH) * _units([group]) / _units(groups), 2),
        )
        for group in groups
    )
    days: dict[date, tuple[datetime, list[list[Entry]]]] = {}  # in date order: the moments are in time order
    for moment in moments:
        _, cells = days.setdefault(moment.start.date(), (moment.start, [[] for _ in groups]))
        labels = tuple(item_label(item) for item in moment.items)
        cells[column_of[moment.start.time()]].append(Entry(speech.clock(moment.start.time()), labels))
    rows = tuple(Day(speech.day(first), tuple(tuple(cell) for cell in cells)) for first, cells in days.values())
    return Grid(columns, rows)


def _grouped(clocks: list[time], days: list[dict[time, int]]) -> list[list[time]]:
    """The clock times in order, neighbours grouped into one column until the grid fits the page's width.

    Each time, the two neighbours whose sharing makes the grid least taller (a shared cell stacks its
    moments), and of those the closest in time, so the week keeps to the first page.
    """
    groups = [[clock] for clock in clocks]

    def height(grouping: list[list[time]]) -> int:
        return sum(max(sum(day.get(clock, 0) for clock in group) for group in grouping) for day in days)

    while _units(groups) > MAX_UNITS:
        candidates = []
        for index in range(len(groups) - 1):
            joined = [*groups[:index], groups[index] + groups[index + 1], *groups[index + 2 :]]
            gap = _minutes(groups[index + 1][0]) - _minutes(groups[index][-1])
            candidates.append((height(joined), gap, index, joined))
        groups = min(candidates)[3]
    return groups


def _units(groups: list[list[time]]) -> float:
    return sum(SHARED_UNITS if len(group) > 1 else 1.0 for group in groups)


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute


def _steps(plan: Plan) -> list[Step]:
    """Each step once, in the rules' order: the order the clinic lists them, as in every cell."""
    order = {rule.id: index for index, rule in enumerate(plan.rules)}
    seen: dict[str, Step] = {}
    for item in sorted(plan.items, key=lambda item: order.get(item.rule_id, len(order))):
        name = item_label(item)
        if item.kind is ItemKind.DO and name not in seen:
            rule = item.rule
            seen[name] = Step(name, title(rule), products(rule), details(rule), adjustment_words(rule))
    return list(seen.values())
