"""The values everything else passes around: frozen, stdlib only (and `language_tags` and `frozen`, leaves).

`ruleset.loader` builds a `RuleSet` from YAML; `core.planner` turns it into a
`Plan`; every face in `outputs` reads the `Plan` and says it in its voice. No
value here holds a sentence of the tool's: the clinic's texts are `Written`
in every language they were written in, and what happened to a step (moved,
skipped, adjusted) is a value the faces put into words.
"""

from __future__ import annotations

import enum
from dataclasses import field
from datetime import datetime, time, timedelta, timezone

from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import ENGLISH, best_language

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
    EXPECT = "expect"  # what the patient may notice, bound to days like a step: "skin may feel tight on days 1-2"


# The kinds that never ring: on the plan beside the timeline (an as-needed step or an expectation on its days).
UNTIMED = (Kind.TIP, Kind.AS_NEEDED, Kind.WARNING, Kind.EXPECT)


class WhenAsleep(enum.StrEnum):
    """What happens to a reminder that falls inside the patient's sleep hours."""

    SKIP = "skip"  # drop it
    WAKE = "wake"  # move it to the next wake-up
    KEEP = "keep"  # leave it where it is (a real night-time instruction)


class Anchor(enum.StrEnum):
    """Where an `every` series counts from."""

    TREATMENT = "treatment"  # one series in elapsed time from the first reminder
    WAKE = "wake"  # a fresh series each morning at wake-up, until bedtime


@frozen
class DailyTime:
    """A daily clock time: a fixed `HH:MM`, or the patient's wake-up or bedtime."""

    clock: time | None = None  # set for a fixed clock time
    named: str = ""  # "wake" or "bedtime" when `clock` is None

    def resolve(self, wake: time, bedtime: time) -> time:
        """The clock time for this patient."""
        if self.clock is not None:
            return self.clock
        return wake if self.named == "wake" else bedtime


@frozen
class Written:
    """A text the clinic wrote for the patient, in every language its rules are written in (the default first).

    A text written once (`title: Apply the cream`) is the same in every language: one text with no
    language. The plan carries its texts like this and says none of them: each face picks the one of
    its voice's language (`in_language`), so one plan is said to the desk and to the patient alike.
    """

    texts: tuple[tuple[str, str], ...] = ()  # (language tag, text); ("", text) for a text the same in all

    @classmethod
    def once(cls, text: str) -> Written:
        """A text the same in every language ("" for none)."""
        return cls((("", text),)) if text else cls()

    def in_language(self, lang: str) -> str:
        """The text in `lang`: the same tag, else its language (es-MX: es), else the default."""
        if len(self.texts) <= 1:
            return self.texts[0][1] if self.texts else ""
        found = best_language(lang, tuple(language for language, _ in self.texts))
        return next((text for language, text in self.texts if language == found), self.texts[0][1])

    @property
    def default(self) -> str:
        """The text in the rules' default language (for messages to the clinic's staff)."""
        return self.texts[0][1] if self.texts else ""

    def languages(self) -> tuple[tuple[str, str], ...]:
        """Every (language, text) written: what a check of every language's text walks."""
        return self.texts

    def __bool__(self) -> bool:
        return any(text for _, text in self.texts)


@frozen
class Span:
    """A length of time as the clinic wrote it: its value, and the units it was written in.

    `3d` and `72h` are the same value and say different things ("3 days",
    "72 hours"); the units are kept so every face says what the clinic wrote.
    They also say how the span is added (`core.localtime.later`): whole days
    (and weeks, and months) are nominal, as in RFC 5545 (`3d` from 16:00 ends
    at 16:00 on the local clock, across a DST change too), hours and minutes
    are exact (`72h` is 72 real hours). A span before the treatment
    (`start: -10d`) is negative.
    """

    value: timedelta = timedelta(
        0
    )  # the span without its months; its whole days are calendar days if written in d or w
    units: str = ""  # the unit letters written, of "Mwdhm" (M a month): "d" for 3d, "dh" for 1d12h; "" for none
    months: int = 0  # calendar months (`2mo`), added on the local calendar before `value`
    # Written as a range (`3d-5d`): its shorter and longer bounds as written, for the words ("3 to 5 days");
    # the span's own value and months are the one the plan uses: the bound `pick` names, or one chosen within.
    range: tuple[Span, Span] | None = None
    # Of a range: which bound the plan uses, "shorter" or "longer", compared on the calendar from where the
    # span is counted (29d or 1mo from 1 Feb: the month is shorter); "" for a length chosen within it.
    pick: str = ""
    # A time the clinic will give the patient later (`start: told`, `until: told`): no time of the plan's, and
    # never a guess. Its value, if written, is only the horizon of a routine's reminders (`remind_for`).
    told: bool = False

    @property
    def before(self) -> bool:
        """Before the treatment: `start: -10d`."""
        return self.value < timedelta(0) or self.months < 0

    @property
    def written(self) -> bool:
        """Written by the clinic (a timing's default start was not)."""
        return bool(self.units)

    def about(self, month: timedelta = MONTH_FOR_THE_LIMIT) -> timedelta:
        """Its length with each month counted as `month` long: for limits and a first ordering, never a plan."""
        return self.value + self.months * month

    def plus(self, other: Span) -> Span:
        """The two added, said in the units of both (a `for` from a `start`: its `until`); told if either is."""
        told = self.told or other.told
        return Span(self.value + other.value, _units(self.units + other.units), self.months + other.months, told=told)

    def minus(self, other: Span) -> Span:
        """`self` less `other`, said in the units of both (an `until` less a `start`: its `for`); told if either is."""
        told = self.told or other.told
        return Span(self.value - other.value, _units(self.units + other.units), self.months - other.months, told=told)

    def bounds(self) -> tuple[Span, Span]:
        """Its range's bounds, or itself twice."""
        return self.range if self.range is not None else (self, self)


def _units(letters: str) -> str:
    """Unit letters, each once, largest first."""
    return "".join(letter for letter in "Mwdhm" if letter in letters)


def nominal_days(span: Span) -> int:
    """The whole days of a span that are calendar days: those of a span written in days or weeks, else none.

    `1d12h` is one calendar day and 12 exact hours; `36h` is 36 exact hours; a span nobody wrote ("")
    is exact. A span written `1d36h` counts its whole days, 2, as calendar days (the same but across a DST change).
    """
    if "d" not in span.units and "w" not in span.units:
        return 0
    value = span.value
    return value.days if value >= timedelta(0) else -((-value).days)  # -1d12h: back one calendar day, then 12 h


@frozen
class End:
    """Where a timing ends, as the clinic wrote it: `for` a length counted from its start (it moves with the
    start), or `until` a time counted from the treatment."""

    span: Span
    key: str = "for"  # "for" or "until", as written

    @property
    def from_start(self) -> bool:
        """A `for`: counted from the timing's start, not from the treatment."""
        return self.key == "for"

    @property
    def open(self) -> bool:
        """No end of the clinic's giving (`until: told`): until the clinic tells the patient otherwise."""
        return self.span.told


@frozen
class Days:
    """The patient's waking days (or nights) a timing is bound to, counted from 1, instead of a start and end.

    Day 1 runs from the treatment to the first bedtime after it; day N from the wake-up after bedtime N-1
    to bedtime N; night N from bedtime N to the wake-up after it. A night-shift patient's days cross midnight.
    """

    first: int
    last: int
    nights: bool = False
    # `days` and `nights` written together, as one stretch across a day and its night ("the rest of the day and
    # the night": days 1, nights 1): the nights, (first, last), beside the days above. None: one or the other.
    and_nights: tuple[int, int] | None = None

    def parts(self) -> tuple[int, int]:
        """Its first and last half-day in the patient's order, day 1 = 1, night 1 = 2, day 2 = 3, night N = 2N."""
        own = (2 * self.first, 2 * self.last) if self.nights else (2 * self.first - 1, 2 * self.last - 1)
        if self.and_nights is None:
            return own
        return min(own[0], 2 * self.and_nights[0]), max(own[1], 2 * self.and_nights[1])


@frozen
class Timing:
    """When a rule applies: one value per thing the clinic wrote, each as it was written.

    `start` is counted from the treatment (default: at it); `end` None is a single reminder at the start.
    `every` is an interval (exact hours, or calendar days), `at` local clock times once a day; `days`
    replaces start and end with the patient's days or nights. A follow-up has `repeat` sessions, each
    `start` (its `after`) after the last. The words are the clinic's for a vague start or end ("as soon as
    you get home", "until your skin has healed"); the span beside them is the value the schedule uses.
    """

    start: Span = Span()
    end: End | None = None
    every: Span | None = None
    anchor: Anchor = Anchor.TREATMENT
    at: tuple[DailyTime, ...] = ()
    when_asleep: WhenAsleep = WhenAsleep.SKIP
    days: Days | None = None
    repeat: int = 0
    start_words: Written = Written()
    end_words: Written = Written()

    @property
    def length(self) -> Span | None:
        """How long it lasts from its start, as written (`for`) or implied (`until` less `start`); None without an
        end, or with one the clinic will give (`until: told`)."""
        if self.end is None or self.end.open:
            return None
        if self.end.from_start:
            return self.end.span
        return None if self.start.told else self.end.span.minus(self.start)

    @property
    def until(self) -> Span | None:
        """When it ends counted from the treatment, as written (`until`) or implied (`start` plus `for`); None where
        the clinic will give the end or the start (`told`)."""
        if self.end is None or self.end.open:
            return None
        if self.end.from_start:
            return None if self.start.told else self.start.plus(self.end.span)
        return self.end.span

    @property
    def horizon(self) -> Span | None:
        """A routine with no end (`until: told`): how long its reminders go on, as the clinic chose; None: none."""
        if self.end is None or not self.end.open or not self.end.span.written:
            return None
        return self.end.span

    @property
    def deferred(self) -> bool:
        """Its start is the clinic's to give later (`start: told`): no time in the plan."""
        return self.start.told

    @property
    def open(self) -> bool:
        """It has no end of the clinic's giving (`until: told`)."""
        return self.end is not None and self.end.open


@frozen
class Adjusted:
    """What the desk changed of a rule's timing for this patient (`--set`): the fields, in the order set,
    and the timing the clinic wrote, to say "72 hours instead of 24 hours"."""

    fields: tuple[str, ...]
    clinic: Timing


@frozen
class Rule:
    """One instruction of the clinic's, as read from the rules file (and adjusted at the desk, if so)."""

    id: str
    kind: Kind
    title: Written  # may name its own timing with placeholders such as <for>, filled by the faces
    details: Written = Written()
    products: tuple[Written, ...] = ()
    only_for_peels: tuple[str, ...] = ()  # empty: every peel
    timing: Timing | None = None  # None only for the untimed kinds
    end_note: Written = Written()  # avoid windows: announced when the window ends
    label: Written = Written()  # a short name for a notification or a handout cell
    not_during: tuple[str, ...] = ()  # avoid windows (rule ids) this step waits out
    skipped: bool = False  # the desk left it out of this patient's plan (`--skip`): no items, said in one line
    muted: bool = False  # the desk kept it without an alarm (`--mute`): its items do not remind
    continues: str = ""  # the do rule (id) this one is the next phase of: "every 2 h today, then every 3 h"
    adjusted: Adjusted | None = None  # what the desk changed for this patient (`--set`)
    # A warning sign: whether the clinic's contact goes with it (`contact: none`: its words name someone else,
    # "see your GP").
    contact_clinic: bool = True

    def applies_to(self, peel_id: str) -> bool:
        """True if the rule is part of the plan for this peel."""
        return not self.only_for_peels or peel_id in self.only_for_peels


@frozen
class Peel:
    """A variant of the treatment the desk chooses (`--peel`)."""

    id: str
    label: Written


NO_PEEL = Peel("", Written())  # a treatment without variants (a laser, say) has no peel to choose


@frozen
class Contact:
    """How a patient reaches the clinic; both optional."""

    phone: str = ""
    web: str = ""


@frozen
class Treatment:
    """What the rules are for and whose they are."""

    id: str
    name: Written
    clinic: Written
    source: Written  # provenance: where the rules come from
    contact: Contact = Contact()
    variant: Written = Written()  # what its variants (`peels:`) are, when not peels: "Area" makes "Area: body"
    languages: tuple[str, ...] = (ENGLISH,)  # the languages its texts are written in, the default first
    clock: Clock = Clock.H24  # how its plans write clock times, the clinic's choice: 14:30, or 2:30pm
    # Which version of the clinic's instructions: the SHA-256 of the rules file's bytes (`sha256sum` shows it).
    fingerprint: str = ""


@frozen
class RuleSet:
    """One treatment's rules, as loaded from one file."""

    treatment: Treatment
    peels: tuple[Peel, ...]
    default_peel: str
    rules: tuple[Rule, ...]
    path: str = ""  # the file it came from, for messages

    def peel(self, peel_id: str) -> Peel | None:
        """The peel with this id, or None."""
        return next((p for p in self.peels if p.id == peel_id), None)


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
