"""The plan on standard output: the desk's one-screen table, the timeline, the JSON, or the calendar itself (`--ics -`).

rich, the views and the JSON encoder are imported on the path that prints them.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING

from aftercare_cli.cli.terminal import colour_off, write_json, write_out
from aftercare_cli.model import Plan
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def write_calendar_out(data: bytes) -> None:
    """`--ics -`: the calendar is the whole of standard output."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime, reference: str = "") -> None:
    """The plan on standard output: the JSON document, the timeline, or the desk's one-screen table (with the
    patient's plan's `reference`)."""
    with speaking(plan_voice(plan)):
        _print_plan(plan, as_json, timeline, now, reference)


def _print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime, reference: str) -> None:
    if as_json:
        from aftercare_cli.outputs.jsondoc import plan_json

        write_json(plan_json(plan))
        return
    if timeline:
        from aftercare_cli.outputs.timeline import timeline_view

        view = timeline_view(plan)
    else:
        from aftercare_cli.outputs.glance import glance_view

        view = glance_view(plan, now.astimezone(plan.treated_at.tzinfo).date(), now, reference)
    _print(view)


def print_teach_back(plan: Plan, now: datetime) -> None:
    """The teach-back questions, each with its answer for the technician, in `plan`'s voice (after the hand-off)."""
    from rich.table import Table
    from rich.text import Text

    from aftercare_cli.outputs.glance import Trimmed
    from aftercare_cli.outputs.teach_back import answer_label, heading, nothing_to_ask, teach_back
    from aftercare_cli.outputs.wording import headed

    with speaking(plan_voice(plan)):
        questions = teach_back(plan, now)
        if not questions:
            _print(Text(""), Text(nothing_to_ask(), style="dim"))
            return
        grid = Table.grid(padding=(0, 1, 0, 0))  # each question's later lines hang under its first
        grid.add_column(no_wrap=True)
        grid.add_column()
        for number, question in enumerate(questions, start=1):
            answer = Text(headed(answer_label()), style="dim").append(question.answer, style="")
            grid.add_row(f"{number}.", Text(question.ask).append("\n").append_text(answer))
        _print(Text(""), Text(headed(heading()).rstrip(), style="bold"), Trimmed(grid))


def print_command(command: str) -> None:
    """`aftercare desk`: the same plan as a command line, to learn the options by using them."""
    from rich.text import Text

    _print(Text(""), Text("The same plan from the command line:", style="bold"))
    _print(Text(command), soft_wrap=True)  # one line, however long: a line break pasted into a shell runs half


def _print(*views: RenderableType, soft_wrap: bool = False) -> None:
    from rich.console import Console

    plain = colour_off()  # rich alone would still print bold under NO_COLOR
    console = Console(highlight=False, emoji=False, color_system=None if plain else "auto", no_color=plain)
    for view in views:
        _print_one(console, view, soft_wrap)


def _print_one(console: Console, view: RenderableType, soft_wrap: bool) -> None:
    try:
        if console.encoding.startswith("utf"):
            console.print(view, soft_wrap=soft_wrap)
        else:  # PYTHONIOENCODING=ascii, a Latin-1 terminal: the same table, in characters it can show
            with console.capture() as captured:
                console.print(view, soft_wrap=soft_wrap)
            write_out(captured.get())
    except SystemExit:  # rich's answer to a closed pipe; the one handler answers it the same for every command
        raise BrokenPipeError from None
