"""The plan on standard output: the desk's one-screen table, the timeline, the JSON, or the calendar itself (`--ics -`).

rich, the views and the JSON encoder are imported on the path that prints them.
"""

from __future__ import annotations

import sys
from datetime import datetime

from aftercare_cli.cli.terminal import colour_off, write_json, write_out
from aftercare_cli.model import Plan
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice


def write_calendar_out(data: bytes) -> None:
    """`--ics -`: the calendar is the whole of standard output."""
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime) -> None:
    """The plan on standard output: the JSON document, the timeline, or the desk's one-screen table."""
    with speaking(plan_voice(plan)):
        _print_plan(plan, as_json, timeline, now)


def _print_plan(plan: Plan, as_json: bool, timeline: bool, now: datetime) -> None:
    if as_json:
        from aftercare_cli.outputs.jsondoc import plan_json

        write_json(plan_json(plan))
        return
    from rich.console import Console

    if timeline:
        from aftercare_cli.outputs.timeline import timeline_view

        view = timeline_view(plan)
    else:
        from aftercare_cli.outputs.glance import glance_view

        view = glance_view(plan, now.astimezone(plan.treated_at.tzinfo).date(), now)
    plain = colour_off()  # rich alone would still print bold under NO_COLOR
    console = Console(highlight=False, emoji=False, color_system=None if plain else "auto", no_color=plain)
    try:
        if console.encoding.startswith("utf"):
            console.print(view)
        else:  # PYTHONIOENCODING=ascii, a Latin-1 terminal: the same table, in characters it can show
            with console.capture() as captured:
                console.print(view)
            write_out(captured.get())
    except SystemExit:  # rich's answer to a closed pipe; the one handler answers it the same for every command
        raise BrokenPipeError from None
