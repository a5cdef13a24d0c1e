"""Properties that hold for any valid rules, treatment time, zone and patient."""

from datetime import datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings

from aftercare_cli.core.planner import make_plan
from aftercare_cli.core.size import estimated_items
from aftercare_cli.core.waking import asleep, next_wake
from aftercare_cli.model import (
    Anchor,
    ItemKind,
    Kind,
    Patient,
    RuleSet,
    WhenAsleep,
    instant,
)
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.timing_words import repeat_words, timing_span_words
from conftest import NIGHT_SHIFT
from strategies import PEEL, scenarios

ROOT = Path(__file__).parent.parent.parent


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_plan_invariants(scenario: tuple[RuleSet, datetime, ZoneInfo, Patient]) -> None:
    ruleset, treated_at, zone, patient = scenario
    plan = make_plan(ruleset, PEEL, treated_at, zone, patient)
    by_id = {rule.id: rule for rule in ruleset.rules}
    start_utc = treated_at.astimezone(timezone.utc)

    # Items are in time order (by instant: in one zone, aware datetimes compare by wall clock, fold ignored),
    # and every instant is in the plan's zone.
    assert [instant(i.start) for i in plan.items] == sorted(instant(i.start) for i in plan.items)
    assert all(i.start.tzinfo is zone for i in plan.items)

    for item in plan.items:
        timing = by_id[item.rule_id].timing
        assert timing is not None
        offset = item.start.astimezone(timezone.utc) - start_utc
        # Inside the rule's horizon (a reminder moved to wake-up may land up to a day later). The strategy's
        # spans are exact (no units written): an offset is a timedelta.
        assert offset >= timing.start.value
        end = timing.until.value if timing.until is not None else timing.start.value
        if timing.horizon is not None:  # no end: reminded as far as the clinic's horizon
            end = timing.start.value + timing.horizon.value
        horizon = end + (timedelta(days=1) if item.moved_from else timedelta(0))
        assert offset <= horizon
        # No reminder in the sleep hours unless its rule says keep.
        if item.remind and item.kind is ItemKind.DO and timing.when_asleep is not WhenAsleep.KEEP:
            assert not asleep(item.start, patient)
        if item.kind is ItemKind.ENDS:
            assert item.remind == (not asleep(item.start, patient))

    # Elapsed intervals are exact in UTC (where no reminder was skipped or moved).
    for rule in ruleset.rules:
        timing = rule.timing
        if rule.kind is Kind.DO and timing and timing.every and timing.anchor is Anchor.TREATMENT:
            starts = [i.start.astimezone(timezone.utc) for i in plan.items if i.rule_id == rule.id]
            every = timing.every.value
            # Never closer than the interval, even after a reminder moved to wake-up.
            assert all(later - earlier >= every for earlier, later in pairwise(starts))
            for moment in starts:
                if timing.when_asleep is WhenAsleep.WAKE:
                    continue
                assert (moment - start_utc - timing.start.value) % every == timedelta(0)
            if timing.when_asleep is WhenAsleep.KEEP:
                length = timing.length or timing.horizon  # no end: its reminders to the clinic's horizon, or none
                expected = -(-length.value // every) if length is not None else 0
                assert len(starts) == expected

    # The untimed rules and what has no end make no item; each is a stretch where it has a time, in order.
    for rule in ruleset.rules:
        timing = rule.timing
        stretch = plan.stretch(rule.id)
        if rule.kind in (Kind.EXPECT, Kind.AS_NEEDED):
            assert not [item for item in plan.items if item.rule_id == rule.id]
            assert (stretch is None) == (timing is None)
        if timing is not None and timing.open:
            assert stretch is not None
            assert stretch.end is None
            if timing.horizon is None:
                assert not [item for item in plan.items if item.rule_id == rule.id]
        if stretch is not None and stretch.start is not None and stretch.end is not None:
            assert instant(plan.treated_at) <= instant(stretch.start) < instant(stretch.end)

    # Same inputs, same plan.
    assert make_plan(ruleset, PEEL, treated_at, zone, patient) == plan


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_the_size_estimate_is_an_upper_bound(scenario: tuple[RuleSet, datetime, ZoneInfo, Patient]) -> None:
    # The cap is checked before expanding: the estimate must never be below what a rule really makes.
    ruleset, treated_at, zone, patient = scenario
    plan = make_plan(ruleset, PEEL, treated_at, zone, patient)
    for rule in ruleset.rules:
        assert sum(1 for item in plan.items if item.rule_id == rule.id) <= estimated_items(rule)


def _sleeps_between(earlier: datetime, later: datetime, zone: ZoneInfo, patient: Patient) -> bool:
    """Whether the patient is asleep at some time strictly between two instants (looked at every 5 minutes)."""
    step = timedelta(minutes=5)
    moment = earlier + step
    while moment < later:
        if asleep(moment.astimezone(zone), patient):
            return True
        moment += step
    return False


# A day of treatment times, every 7 minutes, on a weekend whose night the clocks change.
SWEEP_DAYS = [
    pytest.param("Pacific/Auckland", datetime(2026, 4, 4), id="auckland-back"),
    pytest.param("Europe/London", datetime(2026, 3, 28), id="london-forward"),
]


@pytest.mark.parametrize("rules_file", ["rules/microdermabrasion.yaml", "examples/every-feature.yaml"])
@pytest.mark.parametrize(("zone_name", "day"), SWEEP_DAYS)
def test_a_series_is_never_closer_than_its_interval_and_its_words_stay_true(
    rules_file: str, zone_name: str, day: datetime
) -> None:
    (ruleset,) = load_rulesets(ROOT / rules_file)
    zone, patient = ZoneInfo(zone_name), Patient()
    series = [r for r in ruleset.rules if r.kind is Kind.DO and r.timing is not None and r.timing.every is not None]
    for minute in range(0, 24 * 60, 7):
        treated_at = (day + timedelta(minutes=minute)).replace(tzinfo=zone)
        for peel in ruleset.peels:
            plan = make_plan(ruleset, peel, treated_at, zone, patient)
            for rule in series:
                assert rule.timing is not None
                assert rule.timing.every is not None
                every = rule.timing.every.value
                words = repeat_words(
                    rule.timing, patient, short=True
                )  # what the desk view says: "every 4 h while awake"
                assert words.startswith(f"every {timing_span_words(rule.timing, 'every', short=True)}")
                starts = [instant(i.start) for i in plan.items if i.rule_id == rule.id and i.kind is ItemKind.DO]
                for earlier, later in pairwise(starts):
                    where = f"{rule.id} treated {treated_at:%H:%M}: {earlier:%H:%M}Z then {later:%H:%M}Z"
                    assert later - earlier >= every, where
                    # "every 4 h": exactly that, unless a night lies between and the words say "while awake".
                    if later - earlier != every:
                        assert words.endswith(" while awake"), where
                        assert _sleeps_between(earlier, later, zone, patient), where


@pytest.mark.parametrize("patient", [Patient(), NIGHT_SHIFT], ids=["day", "night-shift"])
@pytest.mark.parametrize(("zone_name", "day"), SWEEP_DAYS)
def test_stretches_keep_to_their_days_and_what_has_no_end_rings_only_to_its_horizon(
    zone_name: str, day: datetime, patient: Patient
) -> None:
    (ruleset,) = load_rulesets(ROOT / "examples" / "every-feature-more.yaml")
    zone = ZoneInfo(zone_name)
    wakes_and_bedtimes = {patient.wake, patient.bedtime}
    for minute in range(0, 24 * 60, 7):
        treated_at = (day + timedelta(minutes=minute)).replace(tzinfo=zone)
        plan = make_plan(ruleset, PEEL, treated_at, zone, patient)
        where = f"treated {treated_at:%H:%M}"
        for stretch in plan.stretches:
            timing = stretch.rule.timing
            assert timing is not None
            items = [item for item in plan.items if item.rule_id == stretch.rule_id and item.kind is ItemKind.DO]
            if stretch.start is None:  # the clinic will say when: nothing of it is planned
                assert not items, where
                continue
            assert instant(stretch.start) >= instant(plan.treated_at), where
            if stretch.end is None:  # no end: reminders only as far as the clinic's horizon
                horizon = stretch.reminded_until
                if horizon is None:
                    assert not items, where
                    continue
                assert all(instant(stretch.start) <= instant(i.start) < instant(horizon) for i in items), where
                continue
            assert instant(stretch.start) < instant(stretch.end), where
            if timing.days is not None:  # the patient's days: they end at a bedtime or a wake-up
                assert stretch.end.timetz().replace(tzinfo=None) in wakes_and_bedtimes, where
        windows = {item.rule_id: item for item in plan.items if item.kind is ItemKind.AVOID}
        both = windows["example-day-and-night"]  # the rest of the day and the night: to a wake-up
        assert both.end is not None
        assert both.end.time() == patient.wake or both.end == next_wake(both.start, zone, patient), where
