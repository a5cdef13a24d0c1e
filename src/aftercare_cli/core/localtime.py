"""Local clock times to instants, and the one policy for times a DST change skips or repeats.

The policy follows RFC 5545 (3.3.5), as calendar apps do:
- a time in a spring-forward gap moves forward by the gap (02:30 -> 03:30);
- a time in an autumn fold means its first occurrence (the earlier instant).
The planner uses it for generated daily times. A treatment time typed at the
desk is never guessed: `local_time_problem` lets the shell refuse it instead.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo


def at_local(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The instant `clock` on `day` in `zone`, gap and fold resolved as documented above."""
    # fold=0 reads a gap time with the offset from before the change, so the
    # round trip through UTC lands just after the gap, shifted by its length.
    wall = datetime.combine(day, clock, tzinfo=zone)
    return wall.astimezone(timezone.utc).astimezone(zone)


def local_time_problem(wall: datetime) -> str:
    """'' if the aware wall time happens exactly once; else 'gap' or 'fold'."""
    first = wall.replace(fold=0)
    round_trip = first.astimezone(timezone.utc).astimezone(wall.tzinfo)
    if round_trip.replace(tzinfo=None) != first.replace(tzinfo=None):
        return "gap"
    if first.utcoffset() != wall.replace(fold=1).utcoffset():
        return "fold"
    return ""
