"""Steps with no end (`until: told`) and steps the clinic will time (`start: told`): every face says "until your
clinic tells you otherwise" or "when your clinic tells you" (or the clinic's own words), never a date of the plan's
making; the calendar says them in its overview note, not as events without an end. A routine with no end rings
only as far as the clinic's horizon (`remind_for`), said as such.

The facts are derived by hand: a treatment on Thu 26 Nov 2026 at 14:30 in Auckland (+13:00, 01:30 UTC).
"""

from __future__ import annotations

import pytest

from aftercare_cli.core.empty_rules import empty_rules
from aftercare_cli.core.size import estimated_items
from aftercare_cli.errors import RulesError, UsageError
from aftercare_cli.model import Patient
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.ruleset.adjustments import apply_desk_choices
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import HEADER, NIGHT_SHIFT, faces, one_line, plan_for, ruleset_from, utc

RULES = """
- {id: course, kind: avoid, title: No other hair removal during your course, until: told}
- {id: massage, kind: avoid, title: Do not massage the area, until: told, for_words: unless instructed}
- {id: walk, kind: do, title: Walk every day, at: ["10:00"], until: told}
- {id: clean, kind: do, title: Clean twice a day, label: Clean, at: [wake, bedtime], until: told, remind_for: 1w}
- {id: swim, kind: avoid, title: No swimming, start: 2d, until: told}
- {id: dressing, kind: do, title: Take the dressing off, start: told, start_words: when you are told it can come off}
- {id: cleanse, kind: do, title: Cleanse as instructed, start: told, at: [wake, bedtime], for: 2w}
"""
TOLD = "until your clinic tells you otherwise"


def _plan(patient: Patient | None = None):
    return plan_for(ruleset_from(RULES), "2026-11-26T14:30", "Pacific/Auckland", patient=patient)


def _clean_times(patient: Patient | None = None) -> list[str]:
    return [f"{i.start:%a %d %b %H:%M}" for i in _plan(patient).items if i.rule_id == "clean"]


def test_only_the_clinics_horizon_makes_reminders() -> None:
    plan = _plan()
    assert {item.rule_id for item in plan.items} == {"clean"}
    times = _clean_times()
    assert len(times) == 14  # Thu 22:00, then 07:00 and 22:00 for six days, and Thu 3 Dec 07:00
    assert times[0] == "Thu 26 Nov 22:00"
    assert times[-1] == "Thu 03 Dec 07:00"
    assert [s.rule_id for s in plan.ongoing] == ["course", "massage", "walk", "clean", "swim"]
    assert [s.rule_id for s in plan.deferred] == ["dressing", "cleanse"]
    swim = plan.stretch("swim")
    assert swim is not None
    assert f"{swim.start:%a %d %b %H:%M}" == "Sat 28 Nov 14:30"
    assert swim.end is None
    clean = plan.stretch("clean")
    assert clean is not None
    assert f"{clean.reminded_until:%a %d %b %H:%M}" == "Thu 03 Dec 14:30"


def test_nothing_without_a_reminder_is_refused_as_empty() -> None:
    assert empty_rules(_plan()) == []


def test_the_desk_view_says_no_date_for_them() -> None:
    seen = faces(_plan())
    when = seen.glance_when
    assert f"{TOLD} unless instructed from Sat 28 Nov 14:30, {TOLD}" in when  # the windows, in the rules' order
    assert f"daily at 10:00, {TOLD}" in when
    assert f"Thu 26 Nov 22:00 to Thu 3 Dec 07:00 daily at 07:00 and 22:00, 14 times then {TOLD}" in when
    assert "when you are told it can come off" in when
    assert "daily at 07:00 and 22:00, when your clinic tells you, for 2 weeks" in when


def test_the_timeline_says_them_where_they_begin_and_what_the_clinic_will_time() -> None:
    timeline = one_line(faces(_plan()).timeline)
    assert f"14:30 +0m No other hair removal during your course {TOLD}" in timeline
    assert "14:30 +0m Do not massage the area unless instructed" in timeline
    assert f"14:30 +0m Walk every day daily at 10:00, {TOLD}" in timeline
    assert f"Clean twice a day daily at 07:00 and 22:00, {TOLD}; reminders to Thu 3 Dec, as your clinic chose" in (
        timeline
    )
    assert f"14:30 +2d No swimming {TOLD}" in timeline  # where it begins: Sat 28 Nov
    assert (
        "When your clinic tells you - Take the dressing off when you are told it can come off - Cleanse as "
        "instructed daily at 07:00 and 22:00, when your clinic tells you, for 2 weeks"
    ) in timeline


def test_the_json_lists_them_with_no_end() -> None:
    document = faces(_plan()).json
    ongoing = {entry["rule"]: entry for entry in document["ongoing"]}
    assert list(ongoing) == ["course", "massage", "walk", "clean", "swim"]
    assert ongoing["swim"]["start"] == "2026-11-28T14:30:00+13:00"
    assert {entry["end"] for entry in ongoing.values()} == {None}
    assert ongoing["massage"]["when"] == "unless instructed"
    assert ongoing["walk"]["repeats"] == "daily at 10:00"
    assert ongoing["clean"]["reminded_until"] == "2026-12-03T14:30:00+13:00"
    deferred = {entry["rule"]: entry for entry in document["deferred"]}
    assert deferred["dressing"]["start"] is None
    assert deferred["cleanse"]["when"] == "when your clinic tells you, for 2 weeks"
    assert {item["rule"] for item in document["items"]} == {"clean"}


def test_the_calendar_has_no_event_without_an_end_and_says_them_in_its_overview() -> None:
    seen = faces(_plan())
    assert len(seen.events) == len(seen.strict_events) == 15  # the overview and the 14 reminders
    clean = [event for event in seen.events if event.summary == "Clean twice a day"]
    assert [event.start for event in clean][:3] == [utc(2026, 11, 26, 9), utc(2026, 11, 26, 18), utc(2026, 11, 27, 9)]
    assert clean[-1].start == utc(2026, 12, 2, 18)  # Thu 3 Dec 07:00 +13:00
    assert all(event.alarms == ("Clean twice a day",) for event in clean)
    assert f"Daily at 07:00 and 22:00, {TOLD}; reminders to Thu 3 Dec, as your clinic chose." in clean[0].description
    overview = seen.overview
    assert f"Until your clinic tells you otherwise:\n- No other hair removal during your course ({TOLD})" in overview
    assert "- Do not massage the area (unless instructed)" in overview
    assert f"- No swimming (from Sat 28 Nov 14:30, {TOLD})" in overview
    assert (
        "When your clinic tells you:\n- Take the dressing off (when you are told it can come off)\n"
        "- Cleanse as instructed (daily at 07:00 and 22:00, when your clinic tells you, for 2 weeks)"
    ) in overview


def test_the_handout_bands_them_and_lists_the_routines() -> None:
    seen = faces(_plan())
    handout = seen.handout
    assert f"No other hair removal during your course, {TOLD}" in handout
    assert "Do not massage the area, unless instructed" in handout
    assert f"No swimming, from Sat 28 Nov 14:30, {TOLD}" in handout
    assert f"Until your clinic tells you otherwise Walk every day (daily at 10:00, {TOLD})" in handout
    assert "When your clinic tells you Take the dressing off (when you are told it can come off)" in handout
    assert seen.handout_html.count('<span class="box"></span>') == 14  # a tick box per reminder, no other


def test_a_night_shift_patient_gets_the_routine_at_their_own_wake_up_and_bedtime() -> None:
    times = _clean_times(NIGHT_SHIFT)  # asleep 07:00-15:00
    assert len(times) == 14
    assert times[:3] == ["Thu 26 Nov 15:00", "Fri 27 Nov 07:00", "Fri 27 Nov 15:00"]
    assert times[-1] == "Thu 03 Dec 07:00"
    assert f"daily at 07:00 and 15:00, {TOLD}" in one_line(faces(_plan(NIGHT_SHIFT)).timeline)


def test_nothing_of_theirs_rings_to_mute_and_a_window_needs_force_to_skip() -> None:
    ruleset = ruleset_from(RULES)
    peel = ruleset.peels[0]
    for quiet in ("walk", "dressing", "course"):
        with pytest.raises(UsageError, match="rings no alarm"):
            apply_desk_choices(ruleset, [], [quiet], peel)
    with pytest.raises(UsageError, match="a typo must not drop it"):
        apply_desk_choices(ruleset, ["course"], [], peel)
    assert apply_desk_choices(ruleset, [], ["clean"], peel).rules[3].muted


def test_their_size_is_their_reminders_at_most() -> None:
    rules = {rule.id: rule for rule in ruleset_from(RULES).rules}
    assert estimated_items(rules["clean"]) >= 14
    assert estimated_items(rules["walk"]) <= 1
    assert estimated_items(rules["dressing"]) <= 1


def test_rules_list_says_them_in_words() -> None:
    ruleset = ruleset_from(RULES)
    said = {rule.id: describe_rule(rule, ruleset) for rule in ruleset.rules}
    assert said["course"] == TOLD
    assert said["clean"] == (
        f"daily at wake-up and bedtime {TOLD} (reminded for the first 1 week, the clinic's choice)"
    )
    assert said["dressing"] == "once, when you are told it can come off (no reminder: the clinic will say when)"
    assert said["walk"] == f"daily at 10:00 {TOLD} (no reminder)"


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("{id: r, kind: do, title: R, until: told}", "rules[r].until: a single reminder has no end"),
        ("{id: r, kind: do, title: R, at: [wake], for: told}", "'told' (the clinic will tell the patient) is for"),
        ("{id: r, kind: expect, title: R, until: told}", "rules[r].until: 'told' is for do and avoid rules"),
        ("{id: r, kind: do, title: R, at: [wake], for: 1w, remind_for: 1w}", "only applies to 'until: told'"),
        (
            "{id: r, kind: avoid, title: R, until: told, remind_for: 1w}",
            "rules[r].remind_for: not used by a 'avoid' rule",
        ),
        (
            "{id: r, kind: do, title: R, at: [wake], start: told, until: told, remind_for: 1w}",
            "rules[r].remind_for: the reminders need a start the plan knows",
        ),
        ("{id: r, kind: do, title: R, at: [wake], until: told, remind_for: 0m}", "remind_for: must be longer than 0m"),
        ("{id: r, kind: avoid, title: R, until: told, end_note: Over}", "rules[r].end_note: the window has no end"),
        ("{id: r, kind: avoid, title: R, start: told, for: 1d, end_note: Over}", "rules[r].end_note: the window has"),
        ("{id: r, kind: avoid, title: R, until: Told}", "rules[r].until: 'Told': write told in lowercase"),
    ],
)
def test_told_mistakes_are_said_at_their_line(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        load_ruleset_text(HEADER + f"  - {rule_yaml}\n", "demo.yaml")
    assert message in str(raised.value)


def test_a_step_cannot_wait_out_or_follow_what_has_no_end() -> None:
    waits = "- {id: w, kind: avoid, title: W, until: told}\n- {id: s, kind: do, title: S, not_during: w}\n"
    with pytest.raises(RulesError, match=r"rules\[s\]\.not_during: 'w' has no end or no start"):
        ruleset_from(waits)
    follows = (
        "- {id: a, kind: do, title: A, at: [wake], until: told}\n"
        "- {id: b, kind: do, title: B, at: [wake], start: 1w, for: 1w, continues: a}\n"
    )
    with pytest.raises(RulesError, match=r"rules\[b\]\.continues: 'a' has no end"):
        ruleset_from(follows)


def test_a_window_the_clinic_will_start_is_a_band_with_its_length() -> None:
    rules = ruleset_from("- {id: swim, kind: avoid, title: No swimming, start: told, for: 2w}")
    seen = faces(plan_for(rules, "2026-11-26T14:30", "Pacific/Auckland"))
    assert "No swimming, when your clinic tells you, for 2 weeks" in seen.handout
    assert "when your clinic tells you, for 2 weeks" in seen.glance_when
    assert [event.summary for event in seen.events] == ["Your aftercare plan: Demo"]  # the overview note alone
    assert "When your clinic tells you:\n- No swimming (when your clinic tells you, for 2 weeks)" in seen.overview


def test_the_horizon_is_said_as_the_day_of_the_last_reminder() -> None:
    # Treated at 07:00, the patient's wake-up: a week of reminders at wake-up ends before Thu 3 Dec 07:00 (the end
    # is not in it), so the last is Wed 2 Dec.
    rules = ruleset_from("- {id: walk, kind: do, title: Walk, at: [wake], until: told, remind_for: 1w}")
    plan = plan_for(rules, "2026-11-26T07:00", "Pacific/Auckland")
    assert [f"{i.start:%a %d}" for i in plan.items][-1] == "Wed 02"
    assert f"daily at 07:00, {TOLD}; reminders to Wed 2 Dec, as your clinic chose" in one_line(faces(plan).timeline)


def test_a_horizon_shorter_than_the_gap_between_its_times_is_caught_before_planning(run_cli, tmp_path) -> None:
    short = tmp_path / "short.yaml"
    short.write_text(HEADER + "  - {id: walk, kind: do, title: Walk, at: [wake], until: told, remind_for: 1h}\n")
    code, _, err = run_cli("rules", "check", str(short))
    assert code == 1
    assert "rules[walk]: it lasts 1 hour, less than the 24 hours between two of its reminders" in " ".join(err.split())
