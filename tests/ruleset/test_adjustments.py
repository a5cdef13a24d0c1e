"""Per-patient adjustments at the desk: `--set RULE.FIELD=VALUE`."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from aftercare_cli.errors import UsageError
from aftercare_cli.model import ItemKind, Peel, Plan, RuleSet, Span, Written
from aftercare_cli.outputs.clinic_texts import details, item_title
from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.outputs.wording import adjustment_words, moved_because
from aftercare_cli.ruleset.adjustments import apply_adjustments
from conftest import HEADER, plan_for

JESSNER = Peel("jessner", Written.once("Jessner peel"))
CUSTOM = Peel("custom", Written.once("Customised peel"))


def adjusted(ruleset: RuleSet, *settings: str, peel: Peel = JESSNER) -> RuleSet:
    return apply_adjustments(ruleset, list(settings), peel)


def jessner_plan(ruleset: RuleSet) -> Plan:
    return plan_for(ruleset, "2026-11-26T14:30", "Pacific/Auckland", "jessner")


def test_a_longer_window_for_this_patient(bundled) -> None:
    plan = plan_for(adjusted(bundled, "keep-cool.for=72h"), "2026-11-26T14:30", "Pacific/Auckland")
    window = next(i for i in plan.items if i.rule_id == "keep-cool" and i.kind is ItemKind.AVOID)
    assert window.end is not None
    assert window.end - window.start == timedelta(hours=72)
    said = "72 hours instead of 24 hours"
    assert all(adjustment_words(i.rule) == said for i in plan.items if i.rule_id == "keep-cool")
    assert not any(i.rule.adjusted for i in plan.items if i.rule_id != "keep-cool")
    document = plan_document(plan)["items"][0]
    assert (document["adjusted"], document["adjustment"]) == (True, said)
    assert bundled.rules[0].timing.until == Span(timedelta(hours=24), "h")  # the loaded rules are untouched


def test_the_words_follow_the_adjusted_timing(bundled) -> None:
    plan = jessner_plan(adjusted(bundled, "jessner-no-water.for=24h", "keep-cool.for=72h"))
    texts = {(i.rule_id, i.kind): i for i in plan.items}
    dry = texts["jessner-no-water", ItemKind.AVOID]
    assert details(dry.rule) == "After a Jessner peel, do not wet your skin for 24 hours after treatment."
    assert item_title(texts["jessner-no-water", ItemKind.ENDS]) == "The 24 hours are over; you can wet your skin again"
    cool = texts["keep-cool", ItemKind.AVOID]
    assert "The first 72 hours after your microdermabrasion" in details(cool.rule)
    assert "for the first 72 hours after treatment" in details(cool.rule)
    assert item_title(texts["keep-cool", ItemKind.ENDS]).startswith("The 72 hours are over")
    # The unadjusted plan says what the clinic's rules say.
    plain = {(i.rule_id, i.kind): i for i in jessner_plan(bundled).items}
    assert "for 12 hours after treatment" in details(plain["jessner-no-water", ItemKind.AVOID].rule)
    assert item_title(plain["keep-cool", ItemKind.ENDS]).startswith("The 24 hours are over")


@pytest.mark.parametrize(("setting", "said"), [("72h", "72 hours"), ("3d", "3 days")])
def test_a_setting_is_said_in_the_units_the_desk_typed(bundled, setting: str, said: str) -> None:
    plan = jessner_plan(adjusted(bundled, f"keep-cool.for={setting}"))
    cool = next(i for i in plan.items if i.rule_id == "keep-cool" and i.kind is ItemKind.AVOID)
    assert f"The first {said} after your microdermabrasion" in details(cool.rule)
    assert adjustment_words(cool.rule) == f"{said} instead of 24 hours"
    # What the desk left alone keeps the clinic's words.
    assert adjusted(bundled, f"keep-cool.for={setting}").rules[1].timing == bundled.rules[1].timing


def test_the_routine_waits_out_a_lengthened_dry_window(bundled) -> None:
    # Treated 08:00: the routine's bedtime (22:00) falls in a 24 h dry window and waits for its end, 08:00 next
    # day; the next wake-up routine (07:00) is inside it too and moves to the same instant.
    plan = plan_for(adjusted(bundled, "jessner-no-water.for=24h"), "2026-11-26T08:00", "Pacific/Auckland", "jessner")
    routine = [i for i in plan.items if i.rule_id == "skincare-routine"]
    dry_until = next(i.end for i in plan.items if i.rule_id == "jessner-no-water" and i.end)
    assert all(i.start >= dry_until for i in routine)
    first = routine[0]
    assert first.start == dry_until
    assert f"{first.moved_from:%d %H:%M}" == "26 22:00"
    assert moved_because(first) == "until \u201cDo not wet your skin\u201d is over"
    assert f"{routine[1].start:%d %H:%M}" == "27 22:00"
    # The customised peel has no dry window: the routine starts on the treatment day's evening.
    custom = plan_for(bundled, "2026-11-26T08:00", "Pacific/Auckland", "custom")
    first_custom = next(i for i in custom.items if i.rule_id == "skincare-routine")
    assert f"{first_custom.start:%d %H:%M}" == "26 22:00"
    assert first_custom.moved_from is None


def test_a_setting_for_a_rule_of_another_peel_is_a_usage_error(bundled) -> None:
    with pytest.raises(UsageError) as caught:
        adjusted(bundled, "jessner-no-water.for=24h", peel=CUSTOM)
    assert "rule 'jessner-no-water' applies only to the peel jessner, not custom" in caught.value.line()
    assert "add --peel jessner" in caught.value.line()


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("recovery-cream.every=6h", "every 6 hours instead of every 4 hours"),
        ("recovery-cream.start=2h", "from 2 hours after treatment instead of from 4 hours after treatment"),
        ("sunscreen.until=4d", "until 4 days after treatment instead of until 7 days after treatment"),
        ("drink-water.anchor=treatment", "counted from the treatment instead of counted from each wake-up"),
        ("skincare-routine.at=08:00", "at 08:00 instead of at wake-up and bedtime"),
        ("recovery-cream.when_asleep=keep", "kept even while asleep instead of moved to wake-up if asleep"),
        ("keep-cool.for=24h", "24 hours, as the clinic's rules say"),
    ],
)
def test_each_adjustment_is_said_in_words(bundled, setting: str, said: str) -> None:
    rule_id = setting.split(".")[0]
    assert adjustment_words(next(r for r in adjusted(bundled, setting).rules if r.id == rule_id)) == said


def test_each_timing_field_can_be_set(bundled) -> None:
    changed = adjusted(
        bundled,
        "recovery-cream.every=6h",
        "recovery-cream.start=2h",
        "recovery-cream.when_asleep=skip",
        "skincare-routine.at=08:00,bedtime",
        "sunscreen.until=3d",
        "drink-water.anchor=treatment",
    )
    rules = {rule.id: rule for rule in changed.rules}
    cream = rules["recovery-cream"].timing
    assert cream is not None
    assert cream.every == Span(timedelta(hours=6), "h")
    assert cream.start == Span(timedelta(hours=2), "h")
    assert cream.until == Span(timedelta(hours=24), "h")  # 'until' stays put when 'start' moves
    assert adjustment_words(rules["recovery-cream"]).count("instead of") == 3
    routine = rules["skincare-routine"].timing
    assert routine is not None
    assert [t.clock and t.clock.hour for t in routine.at] == [8, None]
    # 'for' moves with 'start'
    moved = adjusted(bundled, "keep-cool.start=1h").rules[0].timing
    assert moved is not None
    assert moved.start.value == timedelta(hours=1)
    assert moved.until is not None
    assert moved.until.value == timedelta(hours=25)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("keep-col.for=72h", "no rule 'keep-col' in microdermabrasion; did you mean keep-cool?"),
        ("keep-cool.colour=red", "'colour' cannot be set; avoid rules can set start, for, until"),
        ("keep-cool.every=4h", "'every' cannot be set"),
        ("moisturising-spritz.for=1h", "a tip rule has no timing to set"),
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
def test_bad_settings_are_clear_usage_errors(bundled, setting: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        adjusted(bundled, setting)
    assert message in caught.value.line()
    assert caught.value.exit_code == 2


def test_anchor_treatment_really_changes_the_series(bundled) -> None:
    def water(ruleset: RuleSet) -> list[str]:
        plan = plan_for(ruleset, "2026-11-26T14:30", "Pacific/Auckland")
        return [f"{i.start:%H:%M}" for i in plan.items if i.rule_id == "drink-water"][:4]

    assert water(bundled) == ["16:00", "19:00", "22:00", "07:00"]  # from each wake-up
    assert water(adjusted(bundled, "drink-water.anchor=treatment")) == ["14:30", "17:30", "20:30", "08:30"]


def test_moving_the_start_of_a_for_rule_keeps_its_length() -> None:
    from conftest import ruleset_from

    rules = ruleset_from("""
        - {id: later, kind: avoid, title: Later, start: 2h, for: 10h}
    """)
    moved = apply_adjustments(rules, ["later.start=5h"], rules.peels[0]).rules[0].timing
    assert moved is not None
    assert moved.start.value == timedelta(hours=5)
    assert moved.until is not None
    assert moved.until.value == timedelta(hours=15)


AT = ("--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland")


def test_an_adjustment_that_leaves_a_rule_with_no_reminder_is_refused(run_cli) -> None:
    # A hurried "1 month": m is minutes, and a wake-up series has no time in the first minute.
    code, out, err = run_cli("plan", *AT, "--set", "sunscreen.until=1m")
    assert (code, out) == (2, "")
    assert err == (
        "aftercare: error: --set 'sunscreen.until=1m' leaves rule 'sunscreen' with no reminder: none of its times "
        "(every 4 h while awake) falls in its 1 minute, between Thu 26 Nov 14:30 and 14:31; "
        "m is minutes; days are d, weeks w\n"
    )
    assert run_cli("plan", *AT, "--set", "sunscreen.until=1w")[0] == 0  # what was meant


def test_an_adjustment_that_skips_every_reminder_is_refused_with_why(run_cli) -> None:
    code, _, err = run_cli("plan", *AT, "--set", "skincare-routine.at=03:00", "--set", "keep-cool.for=72h")
    assert code == 2
    assert err == (
        "aftercare: error: --set 'skincare-routine.at=03:00' leaves rule 'skincare-routine' with no reminder: "
        "its 7 reminders are all skipped, in your sleep hours; check the value; 'aftercare rules list' shows the "
        "rule\n"
    )


def test_a_clinic_rule_with_no_reminder_in_this_plan_is_refused(run_cli, tmp_path) -> None:
    rules = tmp_path / "drops.yaml"
    rules.write_text(HEADER + '  - {id: drops, kind: do, title: Eye drops, at: ["08:00"], for: 12h}\n')
    code, out, err = run_cli("plan", "--rules", str(rules), "--at", "2026-11-26 09:00", "--tz", "UTC")
    assert (code, out) == (1, "")
    assert err == (
        f"aftercare: error: {rules}: rule 'drops' makes no reminder in this plan: none of its times (daily at 08:00) "
        "falls in its 12 hours, between Thu 26 Nov 09:00 and 21:00; check its timing with 'aftercare rules check'\n"
    )
    assert run_cli("plan", "--rules", str(rules), "--at", "2026-11-26 21:00", "--tz", "UTC")[0] == 0


def test_a_one_off_in_the_sleep_hours_is_said_not_refused(run_cli, tmp_path) -> None:
    rules = tmp_path / "check.yaml"
    rules.write_text(HEADER + "  - {id: check, kind: do, title: Check the dressing, label: Check, start: 10h}\n")
    code, out, _ = run_cli("plan", "--rules", str(rules), "--at", "2026-11-26 14:00", "--tz", "UTC")
    assert code == 0
    said = " ".join(out.split())  # "00:00 tomorrow" when run on the treatment day
    assert re.search(r"Skipped: Check at (Fri 27 Nov 00:00|00:00 tomorrow|00:00 today), in your sleep hours", said)


def test_a_setting_that_would_leave_a_placeholder_untrue_is_refused(run_cli) -> None:
    # "Example routine on <days>" with a `for` instead of its days would have no days to name: it crashed.
    every = Path(__file__).parent.parent.parent / "examples" / "every-feature.yaml"
    code, out, err = run_cli("plan", "--rules", str(every), "--set", "example-days.for=3d")
    assert (code, out) == (2, "")
    assert "says <days> in its text, which this leaves it without" in err
    assert err.count("\n") == 1
