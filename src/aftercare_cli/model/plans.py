"""What the planner makes for one patient: their waking hours, and the plan with every item at its instant, what it
left out and why."""

from __future__ import annotations

import enum
from dataclasses import field
from datetime import datetime, time, timedelta

from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model.rules import Kind, Peel, Rule, Treatment


@frozen
class Patient:
    """What the desk knows about the patient that changes the plan."""

    wake: time = time(7, 0)
    bedtime: time = time(22, 0)
    name: str = ""


class ItemKind(enum.StrEnum):
    """What a timeline item is."""

    DO = "do"
    AVOID = "avoid"
    ENDS = "ends"  # the announcement that an avoid window is over


@frozen
class Because:
    """Why a reminder moved or was left out: a window it waits out (its avoid rule), or else the sleep hours."""

    window: Rule | None = None  # None: the patient's sleep hours


ASLEEP = Because()


@frozen
class Item:
    """One line of the timeline, at an aware instant in the plan's zone: a reminder, a window or a window's end.

    It holds values only; its words are its rule's, said by each face in its voice.
    """

    rule: Rule
    kind: ItemKind
    start: datetime
    end: datetime | None = None  # avoid windows only
    remind: bool = True  # deserves a notification (not at 03:00, not for a window)
    moved_from: datetime | None = None  # set when moved out of the sleep hours or out of a window
    moved_because: tuple[Because, ...] = ()  # why, each after the one before (a window, then the sleep hours)
    earliest_end: datetime | None = None  # a window whose end is a range ("3 to 5 days"): its shorter bound

    @property
    def rule_id(self) -> str:
        """Its rule's id."""
        return self.rule.id


@frozen
class Skipped:
    """A reminder the plan leaves out where nothing else says so: a one-off or daily step in the sleep hours.

    (An "every 4 h while awake" series skips its nights in its own words; those are not listed.)
    """

    rule: Rule
    planned: datetime  # where the rules put it, in the plan's zone
    because: tuple[Because, ...]  # each after the one before: a window waited out, then the sleep hours

    @property
    def rule_id(self) -> str:
        """Its rule's id."""
        return self.rule.id


@frozen
class Stretch:
    """A part of the plan with no alarm of its own, from `start` to `end` (exclusive), in the plan's zone.

    What an as-needed step's or an expectation's days are ("as often as needed on days 1-2"); a restriction
    or routine with no end (`end` None: until the clinic tells the patient otherwise), whose reminders, if the
    clinic gave them a horizon, end at `reminded_until`; a step the clinic will time (`start` None).
    """

    rule: Rule
    start: datetime | None
    end: datetime | None = None
    earliest_end: datetime | None = None  # an end written as a range ("3 to 5 days"): its shorter bound
    reminded_until: datetime | None = None

    @property
    def rule_id(self) -> str:
        """Its rule's id."""
        return self.rule.id


@frozen
class ClockChange:
    """The plan's zone changing its clocks (daylight saving) within the plan."""

    at: datetime  # the instant, in the plan's zone: the clock's first reading after the change
    shift: timedelta  # +1 h: clocks go forward; -1 h: they go back


@frozen
class Replaced:
    """The earlier plan a corrected one replaces (`--replaces`), as read from its calendar file."""

    plan_id: str  # its overview event's UID, the plan's id in the JSON
    calendar_name: str  # what the patient's calendar app calls it, to be deleted
    made: datetime  # when it was made (its DTSTAMP), aware


@frozen
class Plan:
    """A patient's timeline: every item at an aware instant in `zone`, in time order, with the tips after it."""

    treatment: Treatment
    peel: Peel
    treated_at: datetime  # aware, in `zone`
    zone: str  # IANA name
    patient: Patient
    items: tuple[Item, ...]
    tips: tuple[Rule, ...] = field(default=())
    # Untimed like tips, each under its own heading everywhere: warning signs first, with the contact.
    warnings: tuple[Rule, ...] = field(default=())
    as_needed: tuple[Rule, ...] = field(default=())
    expected: tuple[Rule, ...] = field(default=())  # what the patient may notice ("What to expect")
    # The days of the as-needed steps and expectations that have them, the steps with no end and those the clinic
    # will time, in the rules' order: none rings.
    stretches: tuple[Stretch, ...] = field(default=())
    rules: tuple[Rule, ...] = field(default=())  # the rules that made it, as adjusted for this patient
    skipped: tuple[Skipped, ...] = field(default=())  # in time order
    # Changes of the zone's clocks from the treatment to the plan's last instant, in order: an end
    # "24 hours" on reads 21:00 rather than 20:00 after the clocks go back, and the plan says why.
    clock_changes: tuple[ClockChange, ...] = field(default=())
    replaces: Replaced | None = None  # the earlier plan this one corrects, set by the shell (`--replaces`)
    lang: str = ENGLISH  # the language it is said in (BCP 47, as asked: es-MX), its texts and the tool's words

    def stretch(self, rule_id: str) -> Stretch | None:
        """The stretch of this rule, if it has one."""
        return next((stretch for stretch in self.stretches if stretch.rule_id == rule_id), None)

    @property
    def ongoing(self) -> tuple[Stretch, ...]:
        """The restrictions and routines with no end, each from its start: until the clinic says otherwise."""
        return tuple(s for s in self.stretches if s.rule.kind in (Kind.DO, Kind.AVOID) and s.start and not s.end)

    @property
    def deferred(self) -> tuple[Stretch, ...]:
        """The steps the clinic will time: "you will be told when the dressing can come off"."""
        return tuple(s for s in self.stretches if s.start is None)
