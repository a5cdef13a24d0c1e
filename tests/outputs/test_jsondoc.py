import json
from datetime import datetime

import pytest

from aftercare_cli.outputs.jsondoc import plan_json
from conftest import CLOCK_CHANGES, HOURLY_THROUGH_THE_NIGHT, plan_for, ruleset_from


def test_json_document_shape(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    doc = json.loads(plan_json(plan))
    assert doc["schema"] == "aftercare-plan/3"
    assert (doc["treatment"], doc["peel"], doc["timezone"]) == ("microdermabrasion", "jessner", "Pacific/Auckland")
    assert doc["treated_at"] == "2026-11-26T14:30:00+13:00"
    assert len(doc["items"]) == len(plan.items)
    for item, source in zip(doc["items"], plan.items, strict=True):
        assert set(item) >= {"rule", "kind", "title", "details", "products", "start", "end"}
        assert datetime.fromisoformat(item["start"]) == source.start
        assert datetime.fromisoformat(item["start"]).utcoffset() is not None
        assert (item["end"] is None) == (source.end is None)
    assert {tip["rule"] for tip in doc["tips"]} == {"moisturising-spritz"}
    assert {item["kind"] for item in doc["items"]} == {"do", "avoid", "ends"}


@pytest.mark.parametrize(("zone", "treated"), CLOCK_CHANGES)
def test_reminders_an_hour_apart_have_their_own_calendar_events_across_a_clock_change(zone: str, treated: str) -> None:
    doc = json.loads(plan_json(plan_for(ruleset_from(HOURLY_THROUGH_THE_NIGHT), treated, zone)))
    uids = [item["calendar_uid"] for item in doc["items"]]
    assert len(uids) == 10
    assert len(set(uids)) == 10


def test_the_clock_changes_a_plan_crosses_are_in_the_json(bundled) -> None:
    doc = json.loads(plan_json(plan_for(bundled, "2026-09-26T14:30", "Pacific/Auckland", "jessner")))
    assert doc["clock_changes"] == [{"at": "2026-09-27T03:00:00+13:00", "shift_minutes": 60}]
    assert json.loads(plan_json(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland")))["clock_changes"] == []
