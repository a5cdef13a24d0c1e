"""Per-patient adjustments at the desk: `--set RULE.FIELD=VALUE`."""

from datetime import timedelta

import pytest

from aftercare_cli.errors import UsageError
from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.model import ItemKind
from aftercare_cli.overrides import apply_overrides
from conftest import plan_for


def test_a_longer_window_for_this_patient(bundled) -> None:  # type: ignore[no-untyped-def]
    adjusted = apply_overrides(bundled, ["keep-cool.for=72h"])
    plan = plan_for(adjusted, "2026-11-26T14:30", "Pacific/Auckland")
    window = next(i for i in plan.items if i.rule_id == "keep-cool" and i.kind is ItemKind.AVOID)
    assert window.end is not None and window.end - window.start == timedelta(hours=72)
    assert window.adjusted and all(i.adjusted for i in plan.items if i.rule_id == "keep-cool")
    assert not any(i.adjusted for i in plan.items if i.rule_id != "keep-cool")
    assert plan_document(plan)["items"][0]["adjusted"] is True
    assert bundled.rules[0].timing.end == timedelta(hours=24)  # the loaded rules are untouched


def test_each_timing_field_can_be_set(bundled) -> None:  # type: ignore[no-untyped-def]
    adjusted = apply_overrides(
        bundled,
        [
            "recovery-cream.every=6h",
            "recovery-cream.start=2h",
            "recovery-cream.when_asleep=wake",
            "skincare-routine.at=08:00,bedtime",
            "sunscreen.until=3d",
            "drink-water.anchor=treatment",
        ],
    )
    rules = {rule.id: rule for rule in adjusted.rules}
    cream = rules["recovery-cream"].timing
    assert cream is not None and cream.every == timedelta(hours=6) and cream.start == timedelta(hours=2)
    assert cream.end == timedelta(hours=24)  # 'until' stays put when 'start' moves
    assert rules["recovery-cream"].adjusted == ("every", "start", "when_asleep")
    routine = rules["skincare-routine"].timing
    assert routine is not None and [t.clock and t.clock.hour for t in routine.at] == [8, None]
    # 'for' moves with 'start'
    moved = apply_overrides(bundled, ["keep-cool.start=1h"]).rules[0].timing
    assert moved is not None and (moved.start, moved.end) == (timedelta(hours=1), timedelta(hours=25))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("keep-col.for=72h", "no rule 'keep-col' in microdermabrasion; did you mean keep-cool?"),
        ("keep-cool.colour=red", "'colour' cannot be set; avoid rules can set start, for, until"),
        ("keep-cool.every=4h", "'every' cannot be set"),
        ("moisturising-spritz.for=1h", "a tip has no timing"),
        ("keep-cool.for=banana", "'banana' is not a duration"),
        ("keep-cool.for=72", "has no unit"),
        ("keep-cool.until=0m", "ends before it starts"),
        ("recovery-cream.every=1m", "an interval under 15m is too small"),
        ("recovery-cream.when_asleep=snooze", "'snooze' is not one of skip, wake, keep"),
        ("skincare-routine.at=8am", "is not a clock time"),
        ("keep-cool", "is not a setting; write RULE.FIELD=VALUE"),
        ("keep-cool.for", "is not a setting"),
    ],
)
def test_bad_settings_are_clear_usage_errors(bundled, setting: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError) as caught:
        apply_overrides(bundled, [setting])
    assert message in caught.value.line()
    assert caught.value.exit_code == 2
