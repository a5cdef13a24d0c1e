"""Rules + treatment time + peel + patient -> Plan. Pure: no clock, no files, no words.

The plan it makes holds values only: each item its rule and instant, and what
happened to it (moved, from when, because of what; skipped, because of what).
The faces say them, each in its voice.

Two kinds of time, on purpose:
- elapsed spans ("every 4 h", "for 12 h") are added in UTC, so they are real
  hours across a DST change;
- daily routines ("at 08:00", "at wake-up") are local clock times, resolved by
  `core.localtime.at_local` (gap: moved forward by the gap; fold: the first one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from aftercare_cli.core.localtime import at_local, clock_changes, later
from aftercare_cli.core.size import refuse_overflow, refuse_oversized, too_far
from aftercare_cli.core.waking import asleep, bedtime_after_wake, day_bounds, next_wake
from aftercare_cli.frozen import frozen
from aftercare_cli.model import (
    ASLEEP,
    Anchor,
    Because,
    Item,
    ItemKind,
    Kind,
    Patient,
    Peel,
    Plan,
    Rule,
    RuleSet,
    Skipped,
    Span,
    Stretch,
    Timing,
    WhenAsleep,
    instant,
)

_DAY = timedelta(days=1)


def make_plan(ruleset: RuleSet, peel: Peel, treated_at: datetime, zone: ZoneInfo, patient: Patient) -> Plan:
    """The patient's timeline. `treated_at` must be aware; items come out in `zone`."""
    try:
        return _make_plan(ruleset, peel, treated_at, zone, patient)
    except OverflowError:
        raise too_far(treated_at) from None


def _make_plan(ruleset: RuleSet, peel: Peel, treated_at: datetime, zone: ZoneInfo, patient: Patient) -> Plan:
    # A rule the desk skipped stays in `Plan.rules` (every face says it was skipped) and makes nothing.
    kept = [rule for rule in ruleset.rules if rule.applies_to(peel.id)]
    rules = [rule for rule in kept if not rule.skipped]
    refuse_oversized(rules, ruleset.path)
    start_utc = treated_at.astimezone(timezone.utc)
    refuse_overflow(rules, start_utc)
    dated = [rule for rule in rules if not _told(rule)]
    windows = {rule.id: _Window(rule, start_utc, zone, patient) for rule in dated if rule.kind is Kind.AVOID}
    items: list[Item] = []
    skipped: list[Skipped] = []
    stretches = [_stretch(rule, start_utc, zone, patient) for rule in rules if _stretched(rule)]
    for rule in rules:
        if rule.timing is not None and rule.timing.deferred:
            continue  # the clinic will say when: a stretch without a start, never a guess
        if rule.kind is Kind.AVOID and rule.id in windows:
            items.extend(_window_items(rule, windows[rule.id], zone, patient))
        elif rule.kind is Kind.FOLLOW_UP:
            items.extend(_follow_ups(rule, start_utc, zone, patient))
        elif rule.kind is Kind.DO and not (_told(rule) and _timing(rule).horizon is None):
            waits_out = [windows[name] for name in rule.not_during if name in windows]
            for made in _reminders(rule, start_utc, zone, patient, waits_out):
                if isinstance(made, Item):
                    items.append(made)
                else:
                    skipped.append(made)
    order = {rule.id: index for index, rule in enumerate(rules)}
    # By instant: the plan's own zone would sort 02:30+13:00 after 02:00+12:00 on a fall-back night.
    items.sort(key=lambda item: (instant(item.start), order[item.rule_id], item.kind is ItemKind.ENDS))
    skipped.sort(key=lambda skip: (instant(skip.planned), order[skip.rule_id]))

    def untimed(kind: Kind) -> tuple[Rule, ...]:
        return tuple(rule for rule in rules if rule.kind is kind)

    # What to expect and when a step applies are said with their times too: the clocks' changes there are news.
    moments = [m for s in stretches for m in (s.start, s.end) if m is not None]
    last = max([*(item.end or item.start for item in items), *moments], key=instant, default=treated_at)
    first = min([*(item.start for item in items), *moments], key=instant, default=treated_at)  # one before it
    return Plan(
        treatment=ruleset.treatment,
        peel=peel,
        treated_at=treated_at.astimezone(zone),
        zone=zone.key,
        patient=patient,
        items=tuple(items),
        tips=untimed(Kind.TIP),
        warnings=untimed(Kind.WARNING),
        as_needed=untimed(Kind.AS_NEEDED),
        expected=untimed(Kind.EXPECT),
        stretches=tuple(stretches),
        rules=tuple(kept),
        skipped=tuple(skipped),
        clock_changes=clock_changes(zone, min(treated_at, first), last),
    )


def _told(rule: Rule) -> bool:
    """A step or window whose start or end the clinic will give (`told`): not a dated window."""
    return rule.timing is not None and (rule.timing.deferred or rule.timing.open)


def _stretched(rule: Rule) -> bool:
    """Whether the rule is a stretch of the plan: an as-needed step's or expectation's days, or a step or window
    the clinic will time or end."""
    if rule.kind in (Kind.AS_NEEDED, Kind.EXPECT):
        return rule.timing is not None
    return rule.kind in (Kind.DO, Kind.AVOID) and _told(rule)


def _stretch(rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> Stretch:
    """The rule's stretch, in UTC: from its start to its end (none: until the clinic says), its reminders' horizon."""
    timing = _timing(rule)

    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(zone) if moment is not None else None

    if timing.deferred:
        return Stretch(rule, None)
    if timing.open:
        begins, horizon = bounds(timing, start_utc, zone, patient)
        return Stretch(rule, local(begins), reminded_until=local(horizon) if rule.kind is Kind.DO else None)
    window = _Window(rule, start_utc, zone, patient)
    return Stretch(rule, local(window.begins), local(window.ends), local(window.earliest_end))


def bounds(
    timing: Timing, start_utc: datetime, zone: ZoneInfo, patient: Patient, window: bool = False
) -> tuple[datetime, datetime | None]:
    """A timing's first instant and its (exclusive) end, in UTC: calendar days and months on the local calendar.

    A `for` counts from the start (`start: 2h`, `for: 14d` from 16:00 ends at 18:00 local fourteen days
    later); an `until` counts from the treatment. Days and nights are the patient's (see `model.Days`);
    a `window` (an avoid rule) always has an end, a single reminder has none.
    """
    if timing.days is not None:
        return day_bounds(timing, start_utc, zone, patient, one_off=not window and not _repeats(timing))
    assert not timing.deferred  # the clinic will give its start: nothing of it is planned
    first = later(start_utc, timing.start, zone)
    if timing.end is None:
        return first, None
    if timing.end.open:  # no end: its reminders go on to the clinic's horizon, if it gave one
        return first, later(first, timing.horizon, zone) if timing.horizon is not None else None
    return first, later(first if timing.end.from_start else start_utc, timing.end.span, zone)


def _repeats(timing: Timing) -> bool:
    return timing.every is not None or bool(timing.at)


class _Window:
    """An avoid rule's span in UTC, [begins, ends)."""

    def __init__(self, rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> None:
        timing = _timing(rule)
        begins, ends = bounds(timing, start_utc, zone, patient, window=True)
        assert ends is not None  # the loader requires an end for windows
        self.rule, self.begins, self.ends = rule, begins, ends
        self.earliest_end: datetime | None = None  # an end written as a range: its shorter bound
        end = timing.end
        if end is not None and end.span.range is not None:
            counted_from = begins if end.from_start else start_utc
            earliest = later(counted_from, replace(end.span, pick="shorter"), zone)
            self.earliest_end = earliest if earliest < ends else None

    def holds(self, moment: datetime) -> bool:
        return self.begins <= moment < self.ends


def _window_items(rule: Rule, window: _Window, zone: ZoneInfo, patient: Patient) -> Iterator[Item]:
    ends = window.ends.astimezone(zone)
    yield Item(
        rule,
        ItemKind.AVOID,
        window.begins.astimezone(zone),
        ends,
        remind=False,
        earliest_end=window.earliest_end.astimezone(zone) if window.earliest_end else None,
    )
    if rule.end_note:
        # Good news needs no alarm at 03:00: it stays at its instant, silent if asleep.
        yield Item(rule, ItemKind.ENDS, ends, remind=not asleep(ends, patient) and not rule.muted)


def _follow_ups(rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> Iterator[Item]:
    """A session to book: on the day it is due (`after` the treatment, then `after` each session before it), at
    its daytime clock; in the patient's sleep hours (a night shift's morning), at their wake-up that day."""
    timing = _timing(rule)
    clock = timing.at[0].clock
    assert clock is not None  # the loader gives a follow-up one fixed time
    due = start_utc
    for _session in range(timing.repeat):
        due = later(due, timing.start, zone)
        planned = at_local(due.astimezone(zone).date(), clock, zone)
        moment = next_wake(planned, zone, patient) if asleep(planned, patient) else planned
        yield Item(
            rule,
            ItemKind.DO,
            moment,
            remind=not rule.muted,  # `--mute`: the session stays in the calendar, without an alarm
            moved_from=planned if moment != planned else None,
            moved_because=(ASLEEP,) if moment != planned else (),
        )


@frozen
class _Placed:
    """Where one occurrence lands for this patient: its instant (None: dropped in the sleep hours), and why it moved."""

    moment: datetime | None
    reasons: tuple[Because, ...] = ()


def _reminders(
    rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient, waits_out: list[_Window]
) -> Iterator[Item | Skipped]:
    """The rule's reminders, and the ones it leaves out that its own words would not explain."""
    timing = _timing(rule)

    def place(planned: datetime) -> _Placed:
        moment, reasons = planned, []
        # A step that would break a window (wetting the skin while it must stay dry) waits for its end, and one in
        # the sleep hours for the wake-up; until neither moves it, as a window can end inside another or in the
        # night, and a wake-up can be inside a window. Every move is later: each window moves it at most once.
        while True:
            before = moment
            for window in waits_out:
                if window.holds(moment):
                    moment = window.ends
                    reasons.append(Because(window.rule))
            if asleep(moment.astimezone(zone), patient):
                if timing.when_asleep is WhenAsleep.SKIP:
                    return _Placed(None, tuple(reasons))
                if timing.when_asleep is WhenAsleep.WAKE:
                    moment = next_wake(moment, zone, patient)
                    reasons.extend(() if ASLEEP in reasons else (ASLEEP,))
            if moment == before:
                return _Placed(moment, tuple(reasons))

    seen: set[datetime] = set()
    for planned, placed in _occurrences(timing, start_utc, zone, patient, place):
        if placed.moment is None:
            # "every 4 h while awake" says its nights itself; a one-off, a daily time or a moved step does not.
            if timing.every is None or placed.reasons:
                yield Skipped(rule, planned.astimezone(zone), (*placed.reasons, ASLEEP))
            continue
        # Daily times moved to one window's end become one. Keyed in UTC: a wake-up is in the plan's zone,
        # where two readings of one wall time would be "the same".
        if instant(placed.moment) in seen:
            continue
        seen.add(instant(placed.moment))
        moved = placed.moment != planned
        yield Item(
            rule,
            ItemKind.DO,
            placed.moment.astimezone(zone),
            moved_from=planned.astimezone(zone) if moved else None,
            moved_because=placed.reasons if moved else (),
            remind=not rule.muted,  # the desk's --mute: in the plan and the calendar, without an alarm
        )


def _occurrences(
    timing: Timing, start_utc: datetime, zone: ZoneInfo, patient: Patient, place: Callable[[datetime], _Placed]
) -> Iterator[tuple[datetime, _Placed]]:
    """Every instant the rule fires (UTC, in order), with where `place` puts it for this patient."""
    first, last = bounds(timing, start_utc, zone, patient)  # the end exclusive
    if last is None:
        yield first, place(first)
        return
    if timing.days is not None:
        last += timedelta(minutes=1)  # a day's bedtime (a night's wake-up) is in it: "day 7, morning and evening"
    if timing.at:
        # Clock times stay clock times: one moved out of a window does not shift the next day's.
        clocks = sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
        for planned in _daily(clocks, first, last, zone):
            yield planned, place(planned)
    elif timing.every is not None and timing.anchor is Anchor.WAKE:
        for day in _days(first - _DAY, last, zone):
            wake = at_local(day, patient.wake, zone).astimezone(timezone.utc)
            latest = bedtime_after_wake(wake, zone, patient)
            yield from _series(wake, timing.every, zone, first, last, place, latest)
    elif timing.every is not None:
        yield from _series(first, timing.every, zone, first, last, place)
    else:
        yield first, place(first)


def _series(
    begins: datetime,
    every: Span,
    zone: ZoneInfo,
    first: datetime,
    last: datetime,
    place: Callable[[datetime], _Placed],
    latest: datetime | None = None,
) -> Iterator[tuple[datetime, _Placed]]:
    """A series every `every` from `begins`, from `first` and before `last` (and at or before `latest`).

    Each occurrence is counted from the series' start (the n-th is n intervals on), so `every: 1d` stays
    at its clock time: a day whose time the clocks skip moves that one reminder only (RFC 5545 3.3.10),
    and `every: 4h` is real hours. After an occurrence moves (to wake-up, or to a window's end) the
    series continues from where it went, at its interval: the cream due at 23:53 is made at 07:00, and
    the next is at 11:00, not at 07:53. So two reminders of one series are never closer than its
    interval, and "every 4 h" stays true. A dropped one leaves the series where it was. The end stays
    the rule's.
    """
    base, count = begins, 0
    planned = begins
    while planned < last and (latest is None or planned <= latest):
        if planned >= first:
            placed = place(planned)
            yield planned, placed
            if placed.moment is not None and placed.moment > planned:
                base, count = instant(placed.moment), 0  # in UTC: a wake-up is in the plan's zone
        count += 1
        planned = later(base, Span(every.value * count, every.units), zone)


def _daily(clocks: list[time], first: datetime, last: datetime, zone: ZoneInfo) -> Iterator[datetime]:
    for day in _days(first, last, zone):
        for clock in clocks:
            moment = at_local(day, clock, zone).astimezone(timezone.utc)
            if first <= moment < last:
                yield moment


def _days(first: datetime, last: datetime, zone: ZoneInfo) -> Iterator[date]:
    day = first.astimezone(zone).date()
    final = last.astimezone(zone).date()
    while day <= final:
        yield day
        day += _DAY


def _timing(rule: Rule) -> Timing:
    assert rule.timing is not None  # the loader gives every timed rule a timing
    return rule.timing
