"""Same-instant grouping, shared by the timeline, the calendar and the handout."""

from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest

from aftercare_cli.model import ItemKind
from aftercare_cli.outputs.moments import plan_moments
from conftest import CLOCK_CHANGES, HOURLY_THROUGH_THE_NIGHT, plan_for, ruleset_from


def test_reminders_at_one_instant_share_a_moment_even_with_an_end_note_between_them() -> None:
    # At 20:00: the cream (rule 1), the end of the dry window (rule 2), the wash (rule 3).
    rules = ruleset_from("""
        - {id: cream, kind: do, title: Cream, start: 10h}
        - {id: dry, kind: avoid, title: Stay dry, for: 10h, end_note: Dry time is over}
        - {id: wash, kind: do, title: Wash, start: 10h}
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    assert [(i.rule_id, i.kind) for i in plan.items if i.start.hour == 20] == [
        ("cream", ItemKind.DO), ("dry", ItemKind.ENDS), ("wash", ItemKind.DO)
    ]  # fmt: skip
    at_eight = [m for m in plan_moments(plan) if m.start == datetime.fromisoformat("2026-11-26T20:00+00:00")]
    assert [[i.rule_id for i in m.items] for m in at_eight] == [["cream", "wash"], ["dry"]]
    assert at_eight[0].label == "Cream · Wash"


def test_every_item_is_in_exactly_one_moment(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T09:10", "Europe/London", "jessner")
    moments = plan_moments(plan)
    assert sorted(id(i) for m in moments for i in m.items) == sorted(id(i) for i in plan.items)
    reminder_instants = [m.start for m in moments if m.kind is ItemKind.DO]
    assert len(reminder_instants) == len(set(reminder_instants))  # never two reminder moments at one instant


@pytest.mark.parametrize(("zone", "treated"), CLOCK_CHANGES)
def test_reminders_an_hour_apart_stay_two_moments_across_a_clock_change(zone: str, treated: str) -> None:
    # Back: 02:00+13:00 and 02:00+12:00 read alike and are an hour apart. The same moment is the same instant.
    plan = plan_for(ruleset_from(HOURLY_THROUGH_THE_NIGHT), treated, zone)
    starts = [m.start.astimezone(timezone.utc) for m in plan_moments(plan)]
    assert len(starts) == 10
    assert [b - a for a, b in pairwise(starts)] == [timedelta(hours=1)] * 9
