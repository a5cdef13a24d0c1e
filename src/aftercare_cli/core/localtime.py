"""Local clock times to instants, and the one policy for times a DST change skips or repeats.

The policy follows RFC 5545 (3.3.5), as calendar apps do:
- a time in a spring-forward gap moves forward by the gap (02:30 -> 03:30);
- a time in an autumn fold means its first occurrence (the earlier instant).
The planner uses it for generated daily times. A treatment time typed at the
desk is never guessed: `local_time_problem` lets the shell refuse it instead.
`clock_changes` finds where a plan crosses a change, so the plan can say so.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from aftercare_cli.model import ClockChange, Span, nominal_days

# How far apart the offset is sampled. No zone changes its offset twice within six hours
# (changes are months apart, at most weeks), and each change found is then pinned to the second.
_SAMPLE = timedelta(hours=6)
_SECOND = timedelta(seconds=1)


def at_local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant `clock` on `day` in `zone`, gap and fold resolved as documented above."""
    # fold=0 reads a gap time with the offset from before the change, so the round trip through UTC lands
    # just after the gap, shifted by its length; and a fold time means its first occurrence. A clock taken
    # from the second occurrence of a repeated hour carries fold=1, which must not travel to another day.
    wall = datetime.combine(day, clock.replace(fold=0), tzinfo=zone)
    return wall.astimezone(timezone.utc).astimezone(zone)


def later(moment: datetime, span: Span, zone: ZoneInfo) -> datetime:
    """`moment` (aware) plus a span as the rules mean it: calendar months and days, then exact hours. In UTC.

    Months and whole days written in days or weeks are added on the local calendar, keeping the
    local clock time (RFC 5545's nominal durations: `14d` from 16:00 ends at 16:00, across a DST
    change too); the exact rest is added in UTC. A day past a month's end is its last day
    (31 Jan + 1 month is 28 or 29 Feb). A range's bound is picked on the calendar, from `moment`:
    29 days from 1 Feb end after a month does.
    """
    if span.range is not None and span.pick:
        ends = [_later(moment, bound, zone) for bound in span.range]
        return min(ends) if span.pick == "shorter" else max(ends)
    return _later(moment, span, zone)


def _later(moment: datetime, span: Span, zone: ZoneInfo) -> datetime:
    days = nominal_days(span)
    moment = moment.astimezone(timezone.utc)
    if not days and not span.months:
        return moment + span.value
    local = moment.astimezone(zone)
    day = _add_months(local.date(), span.months) + timedelta(days=days)
    return at_local(day, local.time(), zone).astimezone(timezone.utc) + (span.value - timedelta(days=days))


def _add_months(day: date, months: int) -> date:
    if not months:
        return day
    year, month = divmod(day.month - 1 + months, 12)
    first_of_next = date(day.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return date(day.year + year, month + 1, min(day.day, (first_of_next - timedelta(days=1)).day))


def local_time_problem(wall: datetime) -> str:
    """'' if the aware wall time happens exactly once; else 'gap' or 'fold'."""
    first = wall.replace(fold=0)
    round_trip = first.astimezone(timezone.utc).astimezone(wall.tzinfo)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        return "gap"
    if first.utcoffset() != wall.replace(fold=1).utcoffset():
        return "fold"
    return ""


def clock_changes(zone: ZoneInfo, begins: datetime, ends: datetime) -> tuple[ClockChange, ...]:
    """Every change of `zone`'s UTC offset after `begins` and at or before `ends` (aware), in order.

    ZoneInfo has no public list of its transitions: the offset is sampled
    every few hours and each change pinned by bisection to its exact second,
    a few dozen look-ups for a week's plan.
    """
    begins, ends = begins.astimezone(timezone.utc), ends.astimezone(timezone.utc)
    found: list[ClockChange] = []
    moment, offset = begins, _offset(begins, zone)
    while moment < ends:
        sample = min(moment + _SAMPLE, ends)
        if _offset(sample, zone) == offset:
            moment = sample
            continue
        before, after = moment, sample  # the offset is still `offset` at `before`, no longer at `after`
        while after - before > _SECOND:
            middle = before + (after - before) // 2 // _SECOND * _SECOND
            before, after = (middle, after) if _offset(middle, zone) == offset else (before, middle)
        new = _offset(after, zone)
        found.append(ClockChange(after.astimezone(zone), new - offset))
        moment, offset = after, new
    return tuple(found)


def _offset(moment: datetime, zone: ZoneInfo) -> timedelta:
    return moment.astimezone(zone).utcoffset() or timedelta(0)
