"""Reminders that fall at the same instant, as one moment: one row, one alarm, one cell.

Every face of the plan groups the same way, so the timeline, the calendar and
the handout never disagree about what is due together. Windows and the notes
that end them stay entries of their own: they are not something to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aftercare_cli.model import Item, ItemKind, Plan

LABEL_JOIN = " \u00b7 "  # "Skincare · Water · SPF 50+"


@dataclass(frozen=True)
class Moment:
    """One entry of the timeline: every reminder due at `start`, or one window, or one end note."""

    start: datetime
    items: tuple[Item, ...]

    @property
    def kind(self) -> ItemKind:
        return self.items[0].kind

    @property
    def remind(self) -> bool:
        return any(item.remind for item in self.items)

    @property
    def label(self) -> str:
        return LABEL_JOIN.join(item.label for item in self.items)


def plan_moments(plan: Plan) -> tuple[Moment, ...]:
    """The plan's items in time order, same-instant reminders together (in the rules' order)."""
    moments: list[Moment] = []
    for item in plan.items:
        last = moments[-1] if moments else None
        if last is not None and item.kind is ItemKind.DO and last.kind is ItemKind.DO and last.start == item.start:
            moments[-1] = Moment(last.start, (*last.items, item))
        else:
            moments.append(Moment(item.start, (item,)))
    return tuple(moments)
