"""The desk's choices for one patient: `--skip RULE` (with `--force-skip` for avoid windows) and `--mute RULE`."""

import io
from datetime import datetime, timedelta, timezone

import icalendar
import pytest
from rich.console import Console, RenderableType

from aftercare_cli.cli.completion import rule_ids
from aftercare_cli.core.empty_rules import empty_rules
from aftercare_cli.errors import UsageError
from aftercare_cli.model import ItemKind, Kind, Peel, Plan, RuleSet, Written, instant
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.identity import plan_uids
from aftercare_cli.outputs.jsondoc import plan_document
from aftercare_cli.outputs.timeline import timeline_view
from aftercare_cli.outputs.wording import moved_because
from aftercare_cli.ruleset.adjustments import NEEDS_FORCE_SKIP, apply_desk_choices
from aftercare_cli.ruleset.files import bundled_rules_dir
from conftest import plan_for

JESSNER = Peel("jessner", Written.once("Jessner peel"))
STAMP = datetime(2026, 11, 26, 0, 0, tzinfo=timezone.utc)
MADE = datetime(2026, 11, 26, 1, 32, tzinfo=timezone.utc)  # 14:32 in Auckland


def chosen(ruleset: RuleSet, skips: tuple[str, ...] = (), mutes: tuple[str, ...] = (), force: bool = False) -> Plan:
    desk = apply_desk_choices(ruleset, list(skips), list(mutes), JESSNER, force)
    return plan_for(desk, "2026-11-26T14:30", "Pacific/Auckland", "jessner")


def shown(view: RenderableType) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False, highlight=False).print(view)
    return out.getvalue()


def events(plan: Plan) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(plan_calendar(plan, STAMP)).walk("VEVENT"))


# --skip


def test_a_skipped_rule_makes_nothing_and_stays_in_the_plans_rules(bundled) -> None:
    plan = chosen(bundled, skips=("drink-water",))
    assert not [item for item in plan.items if item.rule_id == "drink-water"]
    assert [rule.id for rule in plan.rules if rule.skipped] == ["drink-water"]
    assert empty_rules(plan) == []  # left out on purpose: not "a rule with no reminder"


def test_a_skipped_tip_leaves_the_tips(bundled) -> None:
    plan = chosen(bundled, skips=("moisturising-spritz",))
    assert plan.tips == ()


def test_skipping_an_avoid_window_needs_force_skip(bundled) -> None:
    with pytest.raises(UsageError) as refused:
        chosen(bundled, skips=("jessner-no-water",))
    assert "an avoid window" in refused.value.message
    assert "--force-skip" in refused.value.hint


def test_with_force_skip_the_window_goes_and_nothing_waits_for_it(bundled) -> None:
    plan = chosen(bundled, skips=("jessner-no-water",), force=True)
    assert not [item for item in plan.items if item.rule_id == "jessner-no-water"]
    assert not [item for item in plan.items if "Do not wet" in moved_because(item)]


def test_the_kinds_that_need_force_skip() -> None:
    assert set(NEEDS_FORCE_SKIP) == {Kind.AVOID, Kind.WARNING}


@pytest.mark.parametrize(
    ("skips", "mutes", "said"),
    [
        (("nope",), (), "no rule 'nope'"),
        (("drink-water",), ("drink-water",), "both left out and kept silent"),
        ((), ("moisturising-spritz",), "no alarm to silence"),
        ((), ("no-picking",), "no alarm to silence"),
    ],
)
def test_a_bad_desk_choice_is_refused(bundled, skips: tuple[str, ...], mutes: tuple[str, ...], said: str) -> None:
    with pytest.raises(UsageError) as refused:
        chosen(bundled, skips, mutes)
    assert said in refused.value.message


def test_a_rule_of_another_peel_is_refused(bundled) -> None:
    with pytest.raises(UsageError) as refused:
        apply_desk_choices(bundled, ["jessner-no-water"], [], Peel("custom", Written.once("Customised peel")), True)
    assert "applies only to the peel jessner" in refused.value.message


# --mute


def test_a_muted_step_stays_in_the_plan_without_reminding(bundled) -> None:
    plan = chosen(bundled, mutes=("drink-water",))
    water = [item for item in plan.items if item.rule_id == "drink-water"]
    assert water
    assert not any(item.remind for item in water)
    assert all(item.remind for item in plan.items if item.rule_id == "sunscreen")


def test_a_muted_step_keeps_its_events_and_a_shared_moment_keeps_its_alarm(bundled) -> None:
    plain, muted = chosen(bundled), chosen(bundled, mutes=("drink-water",))
    assert len(events(plain)) == len(events(muted))
    water_only = {instant(i.start) for i in muted.items if i.rule_id == "drink-water"} - {
        instant(i.start) for i in muted.items if i.rule_id != "drink-water" and i.kind is ItemKind.DO
    }
    shared = {instant(i.start) for i in muted.items if i.rule_id == "drink-water"} - water_only
    assert water_only
    assert shared
    for event in events(muted):
        start = event.decoded("DTSTART")
        if start in water_only:
            assert not list(event.walk("VALARM")), start
        elif start in shared and "Water" in str(event["SUMMARY"]):
            assert len(list(event.walk("VALARM"))) == 1, start


def test_muting_a_window_silences_its_end_note(bundled) -> None:
    plan = chosen(bundled, mutes=("keep-cool",))
    (note,) = [item for item in plan.items if item.rule_id == "keep-cool" and item.kind is ItemKind.ENDS]
    assert not note.remind


# Every face says it, in the same words.


def test_every_face_says_what_was_skipped_and_muted(bundled) -> None:
    plan = chosen(bundled, skips=("moisturising-spritz",), mutes=("drink-water",))
    skipped, muted = "Skipped for this patient: Spritz.", "No alarm for this patient: Water."
    for text in (
        shown(glance_view(plan, MADE.date())),
        shown(timeline_view(plan)),
        plan_handout(plan, MADE),
        str(events(plan)[0]["DESCRIPTION"]),
    ):
        assert skipped in text
        assert muted in text


def test_the_desk_view_says_both_in_one_line(bundled) -> None:
    text = shown(glance_view(chosen(bundled, skips=("moisturising-spritz",), mutes=("drink-water",))))
    assert "Skipped for this patient: Spritz. No alarm for this patient: Water.\n" in text


def test_the_json_names_the_skipped_and_muted_rules(bundled) -> None:
    document = plan_document(chosen(bundled, skips=("moisturising-spritz",), mutes=("drink-water",)))
    assert document["skipped_rules"] == ["moisturising-spritz"]
    assert document["muted_rules"] == ["drink-water"]
    assert not any(item["remind"] for item in document["items"] if item["rule"] == "drink-water")
    assert not any(tip["rule"] == "moisturising-spritz" for tip in document["tips"])


def test_a_plain_plan_says_nothing_and_keeps_its_uids(bundled) -> None:
    plain, untouched = chosen(bundled), plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    assert plan_uids(plain) == plan_uids(untouched)
    assert "for this patient" not in shown(glance_view(plain))
    assert plan_document(plain)["skipped_rules"] == []


def test_a_muted_plan_is_a_different_plan(bundled) -> None:
    assert plan_uids(chosen(bundled)).overview != plan_uids(chosen(bundled, mutes=("drink-water",))).overview


def test_completion_offers_the_rule_ids() -> None:
    found = rule_ids(bundled_rules_dir(), "d")
    assert found == ["drink-water"]
    assert "jessner-no-water" in rule_ids(bundled_rules_dir(), "")


# The command line.


def test_the_command_line_skips_and_mutes(run_cli) -> None:
    code, out, _ = run_cli(
        "plan", "--peel", "jessner", "--tz", "Pacific/Auckland", "--skip", "moisturising-spritz", "--mute", "sunscreen"
    )
    assert code == 0
    assert "Skipped for this patient: Spritz. No alarm for this patient: SPF 50+." in out


def test_the_command_line_refuses_a_window_without_force_skip(run_cli) -> None:
    code, out, err = run_cli("plan", "--peel", "jessner", "--tz", "Pacific/Auckland", "--skip", "jessner-no-water")
    assert code == 2
    assert out == ""
    assert "--skip jessner-no-water: it is an avoid window" in err
    assert "add --force-skip" in err
    code, out, _ = run_cli(
        "plan", "--peel", "jessner", "--tz", "Pacific/Auckland", "--skip", "jessner-no-water", "--force-skip"
    )
    assert code == 0
    assert "Skipped for this patient: Keep dry." in out


def test_the_desk_view_with_skip_mute_and_replaces_matches_the_golden_file(bundled) -> None:
    from dataclasses import replace

    from aftercare_cli.model import Patient, Replaced
    from aftercare_cli.outputs.identity import plan_reference
    from conftest import check_golden

    desk = apply_desk_choices(bundled, ["moisturising-spritz"], ["drink-water"], JESSNER)
    plan = plan_for(desk, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    old = "Aftercare for Ana Smith: Microdermabrasion, Jessner peel (26 Nov), made 14:02"
    plan = replace(plan, replaces=Replaced("old-id", old, MADE - timedelta(minutes=30)))
    out = io.StringIO()
    Console(file=out, width=80, color_system=None, force_terminal=False, highlight=False).print(
        glance_view(plan, plan.treated_at.date(), reference=plan_reference(plan))
    )
    check_golden("glance-jessner-desk-choices-80.txt", out.getvalue())
    assert len(out.getvalue().splitlines()) <= 23
