"""Reminders that fall at the same instant, as one moment: one row, one alarm, one cell.

Every face of the plan groups the same way, so the timeline, the calendar and
the handout never disagree about what is due together. Windows and the notes
that end them stay entries of their own: they are not something to do.
"""

from __future__ import annotations

from datetime import datetime

from aftercare_cli.frozen import frozen
from aftercare_cli.model import Item, ItemKind, Plan, instant
from aftercare_cli.outputs.clinic_texts import item_label

LABEL_JOIN = " \u00b7 "  # "Skincare · Water · SPF 50+"


@frozen
class Moment:
    """One entry of the timeline: every reminder due at `start`, or one window, or one end note."""

    start: datetime
    items: tuple[Item, ...]

    @property
    def kind(self) -> ItemKind:
        """Reminders, a window, or an end note: a moment holds one kind."""
        return self.items[0].kind

    @property
    def remind(self) -> bool:
        """Whether any of its items deserves a notification."""
        return any(item.remind for item in self.items)

    @property
    def label(self) -> str:
        """Its steps' short labels, joined, in the current voice: "Skincare · Water"."""
        return LABEL_JOIN.join(item_label(item) for item in self.items)


def plan_moments(plan: Plan) -> tuple[Moment, ...]:
    """The plan's items in time order, every reminder at one instant in one moment (in the rules' order).

    Reminders at an instant need not be next to each other in the plan: an end
    note of an earlier rule can sort between them. They still share one moment.
    "The same instant" is UTC's: two reminders at 02:00+13:00 and 02:00+12:00
    (a fall-back night) read the same on the clock, an hour apart, and stay two.
    """
    moments: list[Moment] = []
    reminders_at: dict[datetime, int] = {}  # an instant (UTC) -> the index of its reminders' moment
    for item in plan.items:
        index = reminders_at.get(instant(item.start)) if item.kind is ItemKind.DO else None
        if index is not None:
            moments[index] = Moment(moments[index].start, (*moments[index].items, item))
            continue
        if item.kind is ItemKind.DO:
            reminders_at[instant(item.start)] = len(moments)
        moments.append(Moment(item.start, (item,)))
    return tuple(moments)
