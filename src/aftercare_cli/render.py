"""Plan -> the front-desk view: a header, the timeline table by day, the tips.

Returns rich renderables and never prints. Every piece of rule or patient
text goes into `rich.text.Text`, so `[/]` in a title prints as it is instead
of being read as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from aftercare_cli.model import Item, ItemKind, Plan
from aftercare_cli.timetext import format_clock, format_offset

OFFSET_WIDTH = 11  # "+6d 23h 30m"


def plan_view(plan: Plan) -> RenderableType:
    parts: list[RenderableType] = [_header(plan), *_days(plan)]
    if plan.tips:
        parts.append(_tips(plan))
    parts.append(Text(f"From {plan.treatment.clinic}'s aftercare rules. Questions? Ask your clinic.", style="dim"))
    return Group(*parts)


def day_label(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}"


def utc_offset(moment: datetime) -> str:
    """`+13:00`, as people write it."""
    text = f"{moment:%z}"
    return f"{text[:3]}:{text[3:]}"


def _header(plan: Plan) -> Text:
    header = Text()
    header.append(f"Aftercare: {plan.treatment.name}", style="bold")
    header.append(f" ({plan.peel.label})\n")
    if plan.patient.name:
        header.append("Patient: ", style="dim").append(plan.patient.name + "\n")
    treated = plan.treated_at
    header.append("Treated: ", style="dim")
    header.append(f"{day_label(treated)} {treated.year}, {format_clock(treated.time())} {plan.zone} ({utc_offset(treated)})\n")
    header.append("No reminders while asleep: ", style="dim")
    header.append(f"{format_clock(plan.patient.bedtime)}-{format_clock(plan.patient.wake)}")
    return header


def _days(plan: Plan) -> list[RenderableType]:
    """One heading and one small table a day; fixed column widths keep the days aligned."""
    parts: list[RenderableType] = []
    described: set[str] = set()
    table = None
    for item in plan.items:
        if table is None or item.start.date() != current_day:
            current_day = item.start.date()
            parts.append(Text("\n" + day_label(item.start), style="bold underline"))
            table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
            table.add_column(no_wrap=True, width=5)
            table.add_column(no_wrap=True, width=OFFSET_WIDTH, style="dim")
            table.add_column(ratio=1)
            parts.append(table)
        first_time = item.rule_id not in described and item.kind is not ItemKind.ENDS
        if first_time:
            described.add(item.rule_id)
        table.add_row(
            Text(format_clock(item.start.time())),
            Text(format_offset(item.start - plan.treated_at)),
            _instruction(item, plan, first_time),
        )
    return parts


def _instruction(item: Item, plan: Plan, with_details: bool) -> Text:
    text = Text()
    if item.kind is ItemKind.AVOID and item.end is not None:
        text.append(f"Avoid until {_when(item.end, plan)}: ", style="bold red")
        text.append(item.title)
    elif item.kind is ItemKind.ENDS:
        text.append(item.title, style="green")
    else:
        text.append(item.title, style="bold")
    if with_details and item.products:
        text.append("\nUse: ", style="dim").append(", ".join(item.products), style="cyan")
    if with_details and item.details:
        text.append("\n" + item.details, style="dim")
    if item.moved_from is not None:
        text.append(f"\n(moved from {format_clock(item.moved_from.time())}, inside sleep hours)", style="dim")
    if item.adjusted:
        text.append("\n(adjusted for this patient)", style="yellow")
    return text


def _when(moment: datetime, plan: Plan) -> str:
    same_day = moment.date() == plan.treated_at.date()
    clock = format_clock(moment.time())
    return clock if same_day else f"{day_label(moment)} {clock}"


def _tips(plan: Plan) -> RenderableType:
    tips = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1))
    tips.add_column(no_wrap=True)
    tips.add_column(ratio=1)
    for tip in plan.tips:
        text = Text(tip.title, style="bold")
        if tip.details:
            text.append("\n" + tip.details)
        if tip.products:
            text.append("\nUse: ", style="dim").append(", ".join(tip.products), style="cyan")
        if tip.adjusted:
            text.append("\n(adjusted for this patient)", style="yellow")
        tips.add_row(Text("-"), text)
    return Group(Text("\nAlso remember", style="bold underline"), tips)
