"""The patient's waking hours: whether a moment is in their sleep, their next wake-up, their days and nights.

Pure, like the planner it serves: a patient's bedtime and wake-up are local clock times, resolved by
`core.localtime.at_local` (gap: moved forward by the gap; fold: the first one).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from aftercare_cli.core.localtime import at_local
from aftercare_cli.model import Patient, Timing, instant

_DAY = timedelta(days=1)


def asleep(moment: datetime, patient: Patient) -> bool:
    """True strictly inside the sleep hours: bedtime and wake-up themselves are awake."""
    clock = moment.time()
    bed, wake = patient.bedtime, patient.wake
    inside = (clock > bed or clock < wake) if bed > wake else bed < clock < wake  # bed > wake: 22:00 -> 07:00
    if inside and isinstance(moment.tzinfo, ZoneInfo):
        # A bedtime or wake-up the clocks skip (01:30 on a spring-forward night) happens at the gap's end
        # (localtime.at_local): that moment is still the bedtime, awake, not an hour into the night.
        day, zone = moment.date(), moment.tzinfo
        return instant(moment) not in {instant(at_local(day, bed, zone)), instant(at_local(day, wake, zone))}
    return inside


def next_wake(moment: datetime, zone: ZoneInfo, patient: Patient) -> datetime:
    """The first wake-up at or after `moment`."""
    day = moment.astimezone(zone).date()
    candidate = at_local(day, patient.wake, zone)
    return candidate if candidate >= moment else at_local(day + _DAY, patient.wake, zone)


def day_bounds(
    timing: Timing, start_utc: datetime, zone: ZoneInfo, patient: Patient, one_off: bool
) -> tuple[datetime, datetime | None]:
    """Days and nights are the patient's: bedtimes end days, wake-ups begin them, day 1 begins at the treatment.

    Day 1 runs from the treatment to the first bedtime after it, and night 1 from that bedtime to the wake-up
    after it; day N+1 from that wake-up to the next bedtime. A treatment in the sleep hours belongs to the
    waking day of its date: before the patient is up (06:30, wake-up at 07:00) day 1 is the coming day, to its
    bedtime; after bedtime (23:59, bedtime 22:00, the wake-up tomorrow) the day of treatment is over, the
    treatment is in night 1, day 1 is what is left of that night (to the wake-up) and day 2 is tomorrow. A
    night-shift patient (wake 15:00, bedtime 07:00) has days that cross midnight, and the same rule holds.
    """
    assert timing.days is not None
    treated = start_utc.astimezone(zone)

    def wake_after(moment: datetime) -> datetime:
        return next_wake(moment, zone, patient).astimezone(timezone.utc)

    def bedtime_after(moment: datetime) -> datetime:  # the first bedtime after `moment`
        local = moment.astimezone(zone)
        candidate = at_local(local.date(), patient.bedtime, zone)
        if candidate <= local:
            candidate = at_local(local.date() + _DAY, patient.bedtime, zone)
        return candidate.astimezone(timezone.utc)

    # After bedtime with the wake-up tomorrow, the day of treatment is over: the treatment is in night 1. The
    # bedtime itself ends its day (awake, its last moment): a treatment at 22:00 is in the night as at 22:01.
    at_bedtime = instant(treated) == instant(at_local(treated.date(), patient.bedtime, zone))
    woken = wake_after(start_utc).astimezone(zone).date()
    in_the_night = (asleep(treated, patient) or at_bedtime) and woken != treated.date()
    low, high = timing.days.parts()  # half-days: day N is 2N-1, night N is 2N ("days: 1, nights: 1" is 1 to 2)
    # Bedtime N, the one that ends day N (and begins night N), counted on from the treatment, one a day, to the
    # last the timing needs: the one that ends its last day, or begins its last night.
    bedtimes = [start_utc if in_the_night else bedtime_after(start_utc)]
    while len(bedtimes) < (high + 1) // 2:
        bedtimes.append(bedtime_after(wake_after(bedtimes[-1])))
    if low == 1:  # day 1 from the treatment
        begins = start_utc
    else:  # a night from its bedtime; a day from the wake-up after the bedtime before it
        before = bedtimes[low // 2 - 1]
        begins = before if low % 2 == 0 else wake_after(before)
    if one_off:
        return begins, None
    if high % 2 == 0:  # a night: to the wake-up after it
        return begins, wake_after(bedtimes[-1])
    if high == 1 and in_the_night:  # day 1 is what is left of the night the treatment is in
        return begins, wake_after(start_utc)
    return begins, bedtimes[-1]


def bedtime_after_wake(wake_moment: datetime, zone: ZoneInfo, patient: Patient) -> datetime:
    """The bedtime that ends the waking day begun at `wake_moment` (the next day's, for a bedtime after midnight)."""
    day = wake_moment.astimezone(zone).date()
    if patient.bedtime <= patient.wake:  # bedtime after midnight
        day += _DAY
    return at_local(day, patient.bedtime, zone).astimezone(timezone.utc)
