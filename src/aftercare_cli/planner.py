"""Rules + treatment time + peel + patient -> Plan. Pure: no clock, no files.

Two kinds of time, on purpose:
- elapsed spans ("every 4 h", "for 12 h") are added in UTC, so they are real
  hours across a DST change;
- daily routines ("at 08:00", "at wake-up") are local clock times, resolved by
  `zones.at_local` (gap: moved forward by the gap; fold: the first one).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from aftercare_cli.errors import PlanError, UsageError
from aftercare_cli.model import (
    Anchor,
    Item,
    ItemKind,
    Kind,
    Patient,
    Peel,
    Plan,
    Rule,
    RuleSet,
    Timing,
    Tip,
    WhenAsleep,
)
from aftercare_cli.zones import at_local

# A plan is read at a desk and imported into a phone: beyond this it is a
# mistake in the rules (every 1m for 365d), refused before anything is expanded.
MAX_ITEMS = 1000
_DAY = timedelta(days=1)


def make_plan(ruleset: RuleSet, peel: Peel, treated_at: datetime, zone: ZoneInfo, patient: Patient) -> Plan:
    """The patient's timeline. `treated_at` must be aware; items come out in `zone`."""
    try:
        return _make_plan(ruleset, peel, treated_at, zone, patient)
    except OverflowError:
        raise _too_far(treated_at) from None


def _make_plan(ruleset: RuleSet, peel: Peel, treated_at: datetime, zone: ZoneInfo, patient: Patient) -> Plan:
    rules = [rule for rule in ruleset.rules if rule.applies_to(peel.id)]
    _refuse_oversized(rules)
    start_utc = treated_at.astimezone(timezone.utc)
    _refuse_overflow(rules, start_utc)
    items: list[Item] = []
    for rule in rules:
        if rule.kind is Kind.AVOID:
            items.extend(_window(rule, start_utc, zone, patient))
        elif rule.kind is Kind.DO:
            items.extend(_reminders(rule, start_utc, zone, patient))
    order = {rule.id: index for index, rule in enumerate(rules)}
    items.sort(key=lambda item: (item.start, order[item.rule_id], item.kind is ItemKind.ENDS))
    tips = tuple(
        Tip(rule.id, rule.title, rule.details, rule.products, bool(rule.adjusted))
        for rule in rules
        if rule.kind is Kind.TIP
    )
    return Plan(
        treatment=ruleset.treatment,
        peel=peel,
        treated_at=treated_at.astimezone(zone),
        zone=zone.key,
        patient=patient,
        items=tuple(items),
        tips=tips,
    )


def asleep(moment: datetime, patient: Patient) -> bool:
    """True strictly inside the sleep hours: bedtime and wake-up themselves are awake."""
    clock = moment.time()
    bed, wake = patient.bedtime, patient.wake
    if bed > wake:  # sleep crosses midnight: 22:00 -> 07:00
        return clock > bed or clock < wake
    return bed < clock < wake


def next_wake(moment: datetime, zone: ZoneInfo, patient: Patient) -> datetime:
    """The first wake-up at or after `moment`."""
    day = moment.astimezone(zone).date()
    candidate = at_local(day, patient.wake, zone)
    return candidate if candidate >= moment else at_local(day + _DAY, patient.wake, zone)


def _window(rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> Iterator[Item]:
    timing = _timing(rule)
    assert timing.end is not None  # the loader requires an end for windows
    begins = (start_utc + timing.start).astimezone(zone)
    ends = (start_utc + timing.end).astimezone(zone)
    adjusted = bool(rule.adjusted)
    yield Item(rule.id, ItemKind.AVOID, rule.title, begins, ends, rule.details, rule.products, False, None, adjusted)
    if rule.end_note:
        # Good news needs no alarm at 03:00: it stays at its instant, silent if asleep.
        yield Item(rule.id, ItemKind.ENDS, rule.end_note, ends, None, "", (), not asleep(ends, patient), None, adjusted)


def _reminders(rule: Rule, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> Iterator[Item]:
    timing = _timing(rule)
    seen: set[datetime] = set()
    for moment in _occurrences(timing, start_utc, zone, patient):
        moved_from = None
        if asleep(moment.astimezone(zone), patient):
            if timing.when_asleep is WhenAsleep.SKIP:
                continue
            if timing.when_asleep is WhenAsleep.WAKE:
                moved_from, moment = moment, next_wake(moment, zone, patient)
        # Several night-time reminders moved to the same wake-up become one.
        if moment in seen:
            continue
        seen.add(moment)
        local = moment.astimezone(zone)
        yield Item(
            rule.id,
            ItemKind.DO,
            rule.title,
            local,
            None,
            rule.details,
            rule.products,
            True,
            moved_from.astimezone(zone) if moved_from else None,
            bool(rule.adjusted),
        )


def _occurrences(timing: Timing, start_utc: datetime, zone: ZoneInfo, patient: Patient) -> Iterator[datetime]:
    """Every instant the rule fires, in UTC, in order, before the sleep policy."""
    first = start_utc + timing.start
    if timing.end is None:
        yield first
        return
    last = start_utc + timing.end  # exclusive
    if timing.at:
        clocks = sorted({daily.resolve(patient.wake, patient.bedtime) for daily in timing.at})
        yield from _daily(clocks, first, last, zone)
    elif timing.every is not None and timing.anchor is Anchor.WAKE:
        for day in _days(first - _DAY, last, zone):
            moment = at_local(day, patient.wake, zone).astimezone(timezone.utc)
            bedtime = _bedtime_after(moment, zone, patient)
            while moment <= bedtime and moment < last:
                if moment >= first:
                    yield moment
                moment += timing.every
    elif timing.every is not None:
        moment = first
        while moment < last:
            yield moment
            moment += timing.every
    else:
        yield first


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


def _bedtime_after(wake_moment: datetime, zone: ZoneInfo, patient: Patient) -> datetime:
    day = wake_moment.astimezone(zone).date()
    if patient.bedtime <= patient.wake:  # bedtime after midnight
        day += _DAY
    return at_local(day, patient.bedtime, zone).astimezone(timezone.utc)


def _timing(rule: Rule) -> Timing:
    assert rule.timing is not None  # the loader gives every do/avoid rule a timing
    return rule.timing


def estimated_items(rule: Rule) -> int:
    """An upper bound on the items a rule makes, computed without expanding it."""
    timing = rule.timing
    if timing is None or timing.end is None or rule.kind is not Kind.DO:
        return 2
    days = math.ceil((timing.end - timing.start) / _DAY) + 2
    if timing.at:
        return days * len(timing.at)
    if timing.every is not None and timing.anchor is Anchor.WAKE:
        return days * (math.ceil(_DAY / timing.every) + 1)
    if timing.every is not None:
        return math.ceil((timing.end - timing.start) / timing.every) + 1
    return 1


def _refuse_oversized(rules: list[Rule]) -> None:
    counts = {rule.id: estimated_items(rule) for rule in rules}
    if sum(counts.values()) > MAX_ITEMS:
        worst = max(counts, key=lambda rule_id: counts[rule_id])
        raise PlanError(
            f"these rules would make about {sum(counts.values())} items (rule {worst!r}: "
            f"{counts[worst]}); a plan holds at most {MAX_ITEMS}",
            f"make rule {worst!r} less frequent or shorter",
        )


def _refuse_overflow(rules: list[Rule], start_utc: datetime) -> None:
    ends = [rule.timing.end or rule.timing.start for rule in rules if rule.timing]
    horizon = max(ends, default=timedelta(0)) + 3 * _DAY  # room for moves to wake-up
    if start_utc > datetime.max.replace(tzinfo=timezone.utc) - horizon:
        raise _too_far(start_utc)


def _too_far(treated_at: datetime) -> UsageError:
    return UsageError(
        f"a treatment on {treated_at:%Y-%m-%d} makes a plan outside the years a calendar can hold",
        "give a real treatment time with --at",
    )
