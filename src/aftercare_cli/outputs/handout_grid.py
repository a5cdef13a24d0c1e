"""The handout's week as one grid: a row per day, a column per clock time (nearby times sharing one when more
than fit the page), and whether long labels need the grid's smaller type to keep a day's row on its page."""

from __future__ import annotations

import math
from datetime import date, datetime, time

from aftercare_cli import speech
from aftercare_cli.frozen import frozen
from aftercare_cli.outputs.breaks import SOFT_HYPHEN, breakable
from aftercare_cli.outputs.clinic_texts import item_label
from aftercare_cli.outputs.moments import Moment


@frozen
class Entry:
    """The steps of one moment in a cell, in the rules' order; `clock` is written where times share a column.

    `again` ("2nd time") marks a moment the second time its clock time comes, the night the clocks go back.
    """

    clock: str
    labels: tuple[str, ...]
    again: str = ""


@frozen
class Column:
    """A column of the week's grid: one clock time, or nearby ones sharing it."""

    heading: str  # "07:00", or nearby times that share the column: "10:00\u201311:00" (an en dash)
    shared: bool  # several clock times, or one the clocks going back repeat: each entry says its own
    width: float  # percent of the page's width


@frozen
class Day:
    """A row of the week's grid: one day and what is due in each column."""

    label: str
    cells: tuple[tuple[Entry, ...], ...]  # per column: the moments due then, in time order (empty: nothing)


@frozen
class Grid:
    """The week as one grid: its columns and its days, in order."""

    columns: tuple[Column, ...]
    days: tuple[Day, ...]  # in date order, each once
    small: bool = False  # long labels would make a day taller than a quarter page at 12 pt: the grid's type is smaller


# One grid, whatever the times: the week reads top to bottom, a day a row. A landscape Letter page (the
# narrower paper) holds ten one-time columns beside the day at 12 pt ("Skincare" and its box in each);
# a shared column also writes each moment's time, so it takes 0.6 of a column more. Beyond that, nearby
# times share a column, the closest first, instead of the type shrinking or the grid splitting.
MAX_UNITS = 10.0
SHARED_UNITS = 1.6
DAY_WIDTH = 10.5  # percent: the day's heading, "Wed 30 Sep"


# A day's row is kept whole on its page, so a row that long labels make tall leaves the rest of a page empty
# (a German plan whose labels are its titles printed a day a page). Where a row would be more than this many
# lines at 12 pt, the grid's type is 10.5 pt: the labels take fewer, shorter lines, and readable still.
TALLEST_ROW = 10


# To count the lines: the narrower paper's width for text (US Letter landscape less its margins, millimetres),
# a letter's width at 12 pt (Liberation Sans, mixed text: about half its size), and what a cell takes besides
# its labels (padding, border and the tick box; a shared column's times besides).
PAGE_MM = 259.4
LETTER_MM = 2.1
CELL_MM = 2.2 + 4.6


def week_grid(moments: list[Moment], lang: str) -> Grid:
    """The week as one grid: a row per day in date order, a column per clock time or per group of nearby ones."""
    steps: dict[date, dict[time, int]] = {}  # how many tick boxes each day has at each clock time
    for moment in moments:
        day = steps.setdefault(moment.start.date(), {})  # a night the clocks go back has two 02:00s: add
        day[moment.start.time()] = day.get(moment.start.time(), 0) + len(moment.items)
    # Their column says each entry's time, and the second 02:00 is marked: the heading alone would be both.
    repeated = {moment.start.time() for moment in moments if speech.second_time(moment.start)}
    groups = _grouped(sorted({moment.start.time() for moment in moments}), list(steps.values()), repeated)
    column_of = {clock: index for index, group in enumerate(groups) for clock in group}
    columns = tuple(
        Column(
            "\u2013".join(dict.fromkeys((speech.clock(group[0]), speech.clock(group[-1])))),
            _shared(group, repeated),
            round((100 - DAY_WIDTH) * _units([group], repeated) / _units(groups, repeated), 2),
        )
        for group in groups
    )
    days: dict[date, tuple[datetime, list[list[Entry]]]] = {}  # in date order: the moments are in time order
    for moment in moments:
        _, cells = days.setdefault(moment.start.date(), (moment.start, [[] for _ in groups]))
        labels = tuple(breakable(item_label(item), lang) for item in moment.items)
        again = speech.second_time_words() if speech.second_time(moment.start) else ""
        cells[column_of[moment.start.time()]].append(Entry(speech.clock(moment.start.time()), labels, again))
    rows = tuple(Day(speech.day(first), tuple(tuple(cell) for cell in cells)) for first, cells in days.values())
    return Grid(columns, rows, max((_lines(row, columns) for row in rows), default=0) > TALLEST_ROW)


def _lines(row: Day, columns: tuple[Column, ...]) -> int:
    """About how many lines a day's row takes at 12 pt: its cell with the most, each label's letters over its width."""
    tallest = 0
    for cell, column in zip(row.cells, columns, strict=True):
        clocks = max((len(entry.clock) + 1 for entry in cell), default=0) * LETTER_MM if column.shared else 0
        width = max(PAGE_MM * column.width / 100 - CELL_MM - clocks, LETTER_MM)
        letters = [len(label.replace(SOFT_HYPHEN, "")) for entry in cell for label in (entry.again, *entry.labels)]
        tallest = max(tallest, sum(math.ceil(count * LETTER_MM / width) for count in letters))
    return tallest


def _grouped(clocks: list[time], days: list[dict[time, int]], repeated: set[time]) -> list[list[time]]:
    """The clock times in order, neighbours grouped into one column until the grid fits the page's width.

    Each time, the two neighbours whose sharing makes the grid least taller (a shared cell stacks its
    moments), and of those the closest in time, so the week keeps to the first page.
    """
    groups = [[clock] for clock in clocks]

    def height(grouping: list[list[time]]) -> int:
        return sum(max(sum(day.get(clock, 0) for clock in group) for group in grouping) for day in days)

    while _units(groups, repeated) > MAX_UNITS:
        candidates = []
        for index in range(len(groups) - 1):
            joined = [*groups[:index], groups[index] + groups[index + 1], *groups[index + 2 :]]
            gap = _minutes(groups[index + 1][0]) - _minutes(groups[index][-1])
            candidates.append((height(joined), gap, index, joined))
        groups = min(candidates)[3]
    return groups


def _units(groups: list[list[time]], repeated: set[time]) -> float:
    return sum(SHARED_UNITS if _shared(group, repeated) else 1.0 for group in groups)


def _shared(group: list[time], repeated: set[time]) -> bool:
    """Whether a column's entries each say their time: it holds several, or one the clocks going back repeat."""
    return len(group) > 1 or group[0] in repeated


def _minutes(clock: time) -> int:
    return clock.hour * 60 + clock.minute
