"""The values everything else passes around: frozen, stdlib only.

`ruleset.loader` builds a `RuleSet` from YAML; `core.planner` turns it into a
`Plan`; every face in `outputs` reads the `Plan`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone

from aftercare_cli.language_tags import ENGLISH

# The one "year": no aftercare rule lasts longer, and a treatment further away than this is a typo.
A_YEAR = timedelta(days=366)
# Calendar months differ in length: against the year's limit a month counts 30 days, in an upper bound 31.
MONTH_AT_LEAST, MONTH_AT_MOST = timedelta(days=28), timedelta(days=31)
MONTH_FOR_THE_LIMIT = timedelta(days=30)


class Clock(enum.StrEnum):
    """How a clinic's plans write clock times (`clock:` in the rules): its choice, never the locale's.

    CLDR gives the hour cycle by territory (en-NZ is 12-hour), while a New Zealand clinic's plans may read 14:30.
    """

    H24 = "24h"
    H12 = "12h"


def clock_24h(clock: time) -> str:
    """`07:05`: 24-hour, zero-padded, as files and messages write a time (and English plans, by default)."""
    return f"{clock.hour:02d}:{clock.minute:02d}"


def utc_offset(moment: datetime) -> str:
    """`+13:00`, as people write it."""
    text = f"{moment:%z}"
    return f"{text[:3]}:{text[3:]}"


def instant(moment: datetime) -> datetime:
    """The instant an aware time stands for, as the key of every "same moment" test.

    Aware datetimes that share a tzinfo compare and hash by their wall-clock
    reading, fold ignored: on a fall-back night 02:00+13:00 and 02:00+12:00,
    an hour apart, are "equal" and land in one set slot. In UTC there is no
    fold, so sorting, grouping and de-duplicating by this key is by instant.
    """
    return moment.astimezone(timezone.utc)


class Kind(enum.StrEnum):
    """What a rule asks of the patient."""

    DO = "do"  # a timed reminder: apply, drink, cleanse
    AVOID = "avoid"  # a window: no heat for 24 h, no water for 12 h
    TIP = "tip"  # advice without a time
    AS_NEEDED = "as_needed"  # a step with no time, done when it is needed: "a cold compress if it feels hot"
    WARNING = "warning"  # a sign to act on at once, shown first with the clinic's contact: "pus, fever: call us"
    FOLLOW_UP = "follow_up"  # a session to book: a daytime reminder weeks later ("return in 4-6 weeks"), repeatable


# The kinds without a time: on the plan beside the timeline, never an alarm.
UNTIMED = (Kind.TIP, Kind.AS_NEEDED, Kind.WARNING)


class WhenAsleep(enum.StrEnum):
    """What happens to a reminder that falls inside the patient's sleep hours."""

    SKIP = "skip"  # drop it
    WAKE = "wake"  # move it to the next wake-up
    KEEP = "keep"  # leave it where it is (a real night-time instruction)


class Anchor(enum.StrEnum):
    """Where an `every` series counts from."""

    TREATMENT = "treatment"  # one series in elapsed time from the first reminder
    WAKE = "wake"  # a fresh series each morning at wake-up, until bedtime


@dataclass(frozen=True)
class DailyTime:
    """A daily clock time: a fixed `HH:MM`, or the patient's wake-up or bedtime."""

    clock: time | None = None  # set for a fixed clock time
    named: str = ""  # "wake" or "bedtime" when `clock` is None

    def resolve(self, wake: time, bedtime: time) -> time:
        """The clock time for this patient."""
        if self.clock is not None:
            return self.clock
        return wake if self.named == "wake" else bedtime


@dataclass(frozen=True)
class Span:
    """A length of time as the clinic wrote it: its value, and the units it was written in.

    `3d` and `72h` are the same value and say different things ("3 days",
    "72 hours"); the units are kept so every face says what the clinic wrote.
    They also say how the span is added: whole days (and weeks, and months)
    are nominal, as in RFC 5545 (`3d` from 16:00 ends at 16:00 on the local
    clock, across a DST change too), hours and minutes are exact (`72h` is 72
    real hours). See `nominal_days`.
    """

    value: timedelta  # the span without its months; its whole days are calendar days if written in d or w
    units: str = ""  # the unit letters written, of "Mwdhm" (M a month): "d" for 3d, "dh" for 1d12h; "" for none
    months: int = 0  # calendar months (`2mo`), added on the local calendar before `value`
    # Written as a range (`3d-5d`): its shorter and longer bounds, for the words ("3 to 5 days"); the
    # span's own value and months are the one the plan uses (the longer bound, or the one the rule chose).
    range: tuple[Span, Span] | None = None


def nominal_days(value: timedelta, units: str) -> int:
    """The whole days of a span that are calendar days: those of a span written in days or weeks, else none.

    `1d12h` is one calendar day and 12 exact hours; `36h` is 36 exact hours; a span nobody wrote ("")
    is exact. A span written `1d36h` counts its whole days, 2, as calendar days (the same but across a DST change).
    """
    if "d" not in units and "w" not in units:
        return 0
    return value.days if value >= timedelta(0) else -((-value).days)  # -1d12h: back one calendar day, then 12 h


@dataclass(frozen=True)
class Timing:
    """When a rule applies, as offsets from the treatment.

    `start`/`end` bound the rule (end None: a single reminder at `start`).
    `every` is elapsed time; `at` are local clock times, once a day.
    The `*_units` are the units each span was written in (see `Span`), for its
    words only: "" where nothing was written (a default `start`, a timing made in code).
    """

    start: timedelta = timedelta(0)
    end: timedelta | None = None
    every: timedelta | None = None
    anchor: Anchor = Anchor.TREATMENT
    at: tuple[DailyTime, ...] = ()
    when_asleep: WhenAsleep = WhenAsleep.SKIP
    length_from_start: bool = False  # the end was written as `for` (moves with `start`), not `until`
    start_units: str = ""
    end_units: str = ""  # of the `for` or the `until` written, whichever it was
    every_units: str = ""
    start_months: int = 0  # calendar months of the start, added on the local calendar before `start`
    end_months: int = 0  # calendar months of the end counted from the treatment (a `for`'s plus the start's)
    end_range: tuple[Span, Span] | None = None  # the `for` or `until` written as a range: its bounds, as written
    every_range: tuple[Span, Span] | None = None  # `every` written as a range; `every` is the interval used
    for_words: str = ""  # the clinic's words for a vague length ("until your skin has healed"); `for` its default
    start_words: str = ""  # the patient's moment in the clinic's words ("as soon as you get home"); `start` its default
    # Bound to the patient's waking days or nights instead of start/for/until: (first, last), counted from 1.
    # Day 1 runs from the treatment to the first bedtime after it; day N from the wake-up after bedtime N-1
    # to bedtime N; night N from bedtime N to the wake-up after it. (`start` is then 0 and `end` an upper bound.)
    days: tuple[int, int] | None = None
    nights: tuple[int, int] | None = None
    # A follow-up: `start` is how long after the treatment (and after each session) it is due, said from
    # `start_range` where the clinic gave one ("4 to 6 weeks"); `repeat` reminders, each `start` after the last
    # (0: not a follow-up).
    start_range: tuple[Span, Span] | None = None
    repeat: int = 0


@dataclass(frozen=True)
class Rule:
    """One instruction of the clinic's, as read from the rules file (and adjusted at the desk, if so)."""

    id: str
    kind: Kind
    title: str  # may name its own timing with placeholders such as <for>, filled by the planner
    details: str = ""
    products: tuple[str, ...] = ()
    only_for_peels: tuple[str, ...] = ()  # empty: every peel
    timing: Timing | None = None  # None only for tips
    end_note: str = ""  # avoid windows: announced when the window ends
    adjustment: str = ""  # what the desk changed for this patient, in words ("72 hours instead of 24 hours")
    label: str = ""  # a short name for a notification or a handout cell; see `short_label`
    not_during: tuple[str, ...] = ()  # avoid windows (rule ids) this step waits out
    skipped: bool = False  # the desk left it out of this patient's plan (`--skip`): no items, said in one line
    muted: bool = False  # the desk kept it without an alarm (`--mute`): its items do not remind
    continues: str = ""  # the do rule (id) this one is the next phase of: "every 2 h today, then every 3 h"

    @property
    def short_label(self) -> str:
        """The rule's own label, else its title up to the first comma, colon or semicolon."""
        return self.label or re.split(r"[,:;]", self.title, maxsplit=1)[0].strip()

    def applies_to(self, peel_id: str) -> bool:
        """True if the rule is part of the plan for this peel."""
        return not self.only_for_peels or peel_id in self.only_for_peels


@dataclass(frozen=True)
class Peel:
    """A variant of the treatment the desk chooses (`--peel`)."""

    id: str
    label: str


NO_PEEL = Peel("", "")  # a treatment without variants (a laser, say) has no peel to choose


@dataclass(frozen=True)
class Contact:
    """How a patient reaches the clinic; both optional."""

    phone: str = ""
    web: str = ""


@dataclass(frozen=True)
class Treatment:
    """What the rules are for and whose they are."""

    id: str
    name: str
    clinic: str
    source: str  # provenance: where the rules come from
    contact: Contact = Contact()
    variant: str = ""  # what its variants (`peels:`) are, when not peels: "Area" makes "Area: body"
    languages: tuple[str, ...] = (ENGLISH,)  # the languages its texts are written in, the default first
    clock: Clock = Clock.H24  # how its plans write clock times, the clinic's choice: 14:30, or 2:30pm


@dataclass(frozen=True)
class RuleSet:
    """One treatment's rules, as loaded from one file."""

    treatment: Treatment
    peels: tuple[Peel, ...]
    default_peel: str
    rules: tuple[Rule, ...]
    path: str = ""  # the file it came from, for messages
    language: str = ENGLISH  # the one of `treatment.languages` its texts were read in

    def peel(self, peel_id: str) -> Peel | None:
        """The peel with this id, or None."""
        return next((p for p in self.peels if p.id == peel_id), None)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Item:
    """One line of the timeline, at an aware instant in the plan's zone."""

    rule_id: str
    kind: ItemKind
    title: str
    start: datetime
    end: datetime | None = None  # avoid windows only
    details: str = ""
    products: tuple[str, ...] = ()
    remind: bool = True  # deserves a notification (not at 03:00, not for a window)
    moved_from: datetime | None = None  # set when moved out of the sleep hours or out of a window
    moved_because: str = ""  # why, in words: "out of your sleep hours", "until “Stay dry” is over"
    adjustment: str = ""  # its rule was changed for this patient: what changed, in words
    label: str = ""  # the rule's short label
    earliest_end: datetime | None = None  # a window whose end is a range ("3 to 5 days"): its shorter bound


@dataclass(frozen=True)
class Skipped:
    """A reminder the plan leaves out where nothing else says so: a one-off or daily step in the sleep hours.

    (An "every 4 h while awake" series skips its nights in its own words; those are not listed.)
    """

    rule_id: str
    title: str
    planned: datetime  # where the rules put it, in the plan's zone
    because: str  # in words: "in your sleep hours", "until “Stay dry” is over and then in your sleep hours"
    label: str = ""


@dataclass(frozen=True)
class Tip:
    """Advice without a time, shown after the timeline."""

    rule_id: str
    title: str
    details: str = ""
    products: tuple[str, ...] = ()
    adjustment: str = ""


@dataclass(frozen=True)
class ClockChange:
    """The plan's zone changing its clocks (daylight saving) within the plan."""

    at: datetime  # the instant, in the plan's zone: the clock's first reading after the change
    shift: timedelta  # +1 h: clocks go forward; -1 h: they go back


@dataclass(frozen=True)
class Replaced:
    """The earlier plan a corrected one replaces (`--replaces`), as read from its calendar file."""

    plan_id: str  # its overview event's UID, the plan's id in the JSON
    calendar_name: str  # what the patient's calendar app calls it, to be deleted
    made: datetime  # when it was made (its DTSTAMP), aware


@dataclass(frozen=True)
class Plan:
    """A patient's timeline: every item at an aware instant in `zone`, in time order, with the tips after it."""

    treatment: Treatment
    peel: Peel
    treated_at: datetime  # aware, in `zone`
    zone: str  # IANA name
    patient: Patient
    items: tuple[Item, ...]
    tips: tuple[Tip, ...] = field(default=())
    # Untimed like tips, each under its own heading everywhere: warning signs first, with the contact.
    warnings: tuple[Tip, ...] = field(default=())
    as_needed: tuple[Tip, ...] = field(default=())
    rules: tuple[Rule, ...] = field(default=())  # the rules that made it, as adjusted for this patient
    skipped: tuple[Skipped, ...] = field(default=())  # in time order
    # Changes of the zone's clocks from the treatment to the plan's last instant, in order: an end
    # "24 hours" on reads 21:00 rather than 20:00 after the clocks go back, and the plan says why.
    clock_changes: tuple[ClockChange, ...] = field(default=())
    replaces: Replaced | None = None  # the earlier plan this one corrects, set by the shell (`--replaces`)
    lang: str = ENGLISH  # the language it is said in (BCP 47, as asked: es-MX), its texts and the tool's words
