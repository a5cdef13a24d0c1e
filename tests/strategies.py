"""Hypothesis strategies shared by the property tests: random rules, rule sets, treatment times and patients."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from aftercare_cli.core.size import MAX_ITEMS, estimated_items
from aftercare_cli.model import (
    Anchor,
    DailyTime,
    Days,
    End,
    Kind,
    Patient,
    Peel,
    Rule,
    RuleSet,
    Span,
    Timing,
    Treatment,
    WhenAsleep,
    Written,
)

ZONES = ["Pacific/Auckland", "Australia/Sydney", "Europe/London", "America/New_York", "UTC", "Australia/Lord_Howe"]
PEEL = Peel("custom", Written.once("Custom"))
minutes = st.integers(min_value=0, max_value=3 * 24 * 60).map(lambda m: timedelta(minutes=m))
clocks = st.times().map(lambda t: time(t.hour, t.minute))


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    kind = draw(st.sampled_from([Kind.DO, Kind.AVOID, Kind.DO, Kind.AVOID, Kind.EXPECT, Kind.AS_NEEDED]))
    rule_id = draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True))
    if kind in (Kind.EXPECT, Kind.AS_NEEDED) and draw(st.booleans()):  # on the patient's days or nights
        first = draw(st.integers(min_value=1, max_value=5))
        days = Days(first, first + draw(st.integers(min_value=0, max_value=3)), nights=draw(st.booleans()))
        return Rule(rule_id, kind, Written.once("Title"), timing=Timing(days=days))
    start = draw(minutes)
    end: timedelta | None = start + draw(minutes.filter(lambda span: span > timedelta(0)))
    every: timedelta | None = None
    at = None
    anchor = Anchor.TREATMENT
    if kind is Kind.DO:
        shape = draw(st.sampled_from(["once", "every", "wake-every", "at"]))
        if shape == "once":
            end = None
        elif shape in ("every", "wake-every"):
            every = timedelta(minutes=draw(st.integers(min_value=15, max_value=24 * 60)))
            anchor = Anchor.WAKE if shape == "wake-every" else Anchor.TREATMENT
        else:
            at = tuple(
                draw(
                    st.lists(
                        st.one_of(
                            clocks.map(lambda c: DailyTime(clock=c)),
                            st.sampled_from([DailyTime(named="wake"), DailyTime(named="bedtime")]),
                        ),
                        min_size=1,
                        max_size=3,
                    )
                )
            )
    # Spans nobody wrote (no units): exact, as a timing made in code is. A routine or a window may have no end
    # (`until: told`), a routine's reminders then going as far as the clinic's horizon, if it gave one.
    closing = End(Span(end), "until") if end is not None else None
    if closing is not None and (kind is Kind.AVOID or every is not None or at) and draw(st.integers(0, 3)) == 0:
        horizon = draw(st.one_of(st.none(), minutes.filter(lambda span: span > timedelta(0))))
        told = Span(horizon, "m", told=True) if horizon is not None and kind is Kind.DO else Span(told=True)
        closing = End(told, "until")
    timing = Timing(
        Span(start),
        closing,
        Span(every) if every is not None else None,
        anchor,
        at or (),
        draw(st.sampled_from(list(WhenAsleep))),
    )
    end_note = Written.once(draw(st.sampled_from(["", "Over"]))) if kind is Kind.AVOID else Written()
    if kind in (Kind.EXPECT, Kind.AS_NEEDED):  # from a start to an end, or (no timing) throughout
        stretch = Timing(timing.start, timing.end) if timing.end is not None and draw(st.booleans()) else None
        return Rule(rule_id, kind, Written.once("Title"), timing=stretch)
    return Rule(rule_id, kind, Written.once("Title"), timing=timing, end_note=end_note)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[RuleSet, datetime, ZoneInfo, Patient]:
    # Within the size cap: over it, make_plan refuses (tested on its own in test_planner).
    drawn = draw(
        st.lists(rules(), min_size=1, max_size=4, unique_by=lambda r: r.id).filter(
            lambda drawn: sum(estimated_items(rule) for rule in drawn) <= MAX_ITEMS
        )
    )
    treatment = Treatment("t", Written.once("T"), Written.once("Clinic"), Written.once("tests"))
    ruleset = RuleSet(treatment, (PEEL,), "custom", tuple(drawn))
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    naive = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)))
    treated_at = naive.replace(second=0, microsecond=0, tzinfo=zone)
    wake, bedtime = draw(clocks), draw(clocks)
    if wake == bedtime:
        bedtime = time((wake.hour + 12) % 24, wake.minute)
    return ruleset, treated_at, zone, Patient(wake=wake, bedtime=bedtime)
