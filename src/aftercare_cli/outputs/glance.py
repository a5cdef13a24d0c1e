"""Plan -> the desk's one-minute view: a table, one row per instruction, that fits one screen.

Windows first, each with its end written out; then each reminder series with
its first time, how it repeats and its last time; products beside the step
that uses them; tips and the clinic's contact below. The details paragraphs
live in the timeline, the calendar and the handout. Returns a renderable and
never prints; every piece of rule or patient text is a `rich.text.Text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from aftercare_cli import option_names as opt
from aftercare_cli.model import Anchor, Item, ItemKind, Patient, Plan, Rule, WhenAsleep
from aftercare_cli.outputs.wording import (
    adjusted_note,
    contact_sentence,
    treated_ago,
    treated_line,
    treatment_title,
    when,
)
from aftercare_cli.timetext import format_clock
from aftercare_cli.timing_words import timing_span_words


def glance_view(plan: Plan, today: date | None = None) -> RenderableType:
    """`today` (the desk's date in the plan's zone) lets times read "18:30 today"; None: dates only."""
    table = Table(box=None, pad_edge=False, expand=True, header_style="bold underline", padding=(0, 2, 0, 0))
    # Headings as Text, not str: a str goes through rich's markup and emoji tables (2-3 ms at every start).
    table.add_column(Text("Aftercare step"), ratio=6)
    table.add_column(Text("When"), ratio=5)
    for item in plan.items:
        if item.kind is ItemKind.AVOID and item.end is not None:
            table.add_row(_step(item.title, item.products, item.adjustment), Text(f"until {when(item.end, today)}"))
    for rule in plan.rules:
        items = [item for item in plan.items if item.rule_id == rule.id and item.kind is ItemKind.DO]
        if items:
            first = items[0]
            table.add_row(_step(first.title, first.products, first.adjustment), _series(rule, items, plan, today))
    return Trimmed(Group(_header(plan, today), Text(), table, Text(), *_tips(plan), _footer(plan)))


def _header(plan: Plan, today: date | None) -> Text:
    header = Text()
    header.append(treatment_title(plan), style="bold")
    if plan.patient.name:
        header.append(" for ").append(plan.patient.name, style="bold")
    if ago := treated_ago(plan.treated_at, today):  # a re-print: the first steps are past
        header.append(f" ({ago})", style="yellow")
    header.append(f"\nTreated {treated_line(plan)}")
    header.append(f"; asleep {format_clock(plan.patient.bedtime)}-{format_clock(plan.patient.wake)}", style="dim")
    return header


def _step(title: str, products: tuple[str, ...], adjustment: str) -> Text:
    text = Text(title)
    unnamed = _unnamed(products, title)
    if unnamed:  # on the same lines: a row per step is what keeps the view on one screen
        text.append(" \u2014 use ", style="dim").append(", ".join(unnamed), style="cyan")
    if adjustment:
        text.append(f"\n({adjusted_note(adjustment)})", style="yellow")
    return text


def _unnamed(products: tuple[str, ...], title: str) -> list[str]:
    """The products a title does not already name: "Apply Balense Recovery Cream" needs no "use" line."""
    return [product for product in products if product.lower() not in title.lower()]


def _series(rule: Rule, items: list[Item], plan: Plan, today: date | None) -> Text:
    first, last = items[0], items[-1]
    if len(items) == 1:
        return Text(when(first.start, today))
    pattern = series_pattern(rule, plan.patient)
    return Text(f"{when(first.start, today)}, then {pattern}; last {when(last.start, today)} ({len(items)} times)")


def series_pattern(rule: Rule, patient: Patient) -> str:
    """How a reminder repeats, for this patient: "every 4 h while awake", "daily at 07:00 and 22:00"."""
    timing = rule.timing
    if timing is None or timing.end is None:
        return "once"
    if timing.at:
        clocks = sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
        return "daily at " + " and ".join(format_clock(clock) for clock in clocks)
    if timing.every is not None:
        awake = " while awake" if timing.anchor is Anchor.WAKE or timing.when_asleep is not WhenAsleep.KEEP else ""
        return f"every {timing_span_words(timing, 'every', short=True)}{awake}"
    return "once"


def _tips(plan: Plan) -> list[Text]:
    tips = []
    for tip in plan.tips:
        text = Text("Also: ", style="bold").append(tip.title)
        unnamed = _unnamed(tip.products, tip.title)
        if unnamed:
            text.append(f" ({', '.join(unnamed)})", style="cyan")
        tips.append(text)
    return tips


def _footer(plan: Plan) -> Text:
    return Text(f"{contact_sentence(plan.treatment.contact)} Every step, day by day: {opt.TIMELINE}", style="dim")


class Trimmed:
    """A renderable's lines without the spaces a table pads them with, for a clean copy, photo or diff."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for line in console.render_lines(self.renderable, options, pad=False):
            while line and not line[-1].text.strip() and not line[-1].control:
                line.pop()
            if line and line[-1].text != line[-1].text.rstrip():
                last = line.pop()
                line.append(Segment(last.text.rstrip(), last.style))
            yield from line
            yield Segment.line()
