"""What to expect (`kind: expect`) and as-needed steps on their days (`as_needed` with `days`, `for`): shown on
those days on every face, under "What to expect" and "If needed", never an alarm.

The facts are derived by hand: a treatment on Thu 26 Nov 2026 at 14:30 in Auckland (+13:00); the patient sleeps
22:00-07:00, so day 1 ends at 22:00, day 3 begins Sat 28 Nov at 07:00 and day 5 ends Mon 30 Nov at 22:00. A
night-shift patient (asleep 07:00-15:00) has day 1 to Fri 07:00, day 2 from Fri 15:00 to Sat 07:00.
"""

from __future__ import annotations

import pytest

from aftercare_cli.core.size import estimated_items
from aftercare_cli.errors import RulesError
from aftercare_cli.model import Patient
from aftercare_cli.outputs.rules_list import describe_rule
from aftercare_cli.ruleset.adjustments import apply_desk_choices
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import HEADER, NIGHT_SHIFT, faces, one_line, plan_for, ruleset_from, utc

RULES = """
- {id: cream, kind: do, title: Apply the cream, at: [bedtime], for: 3d}
- {id: tight, kind: expect, title: Skin may feel tight, days: 1-2}
- {id: peel, kind: expect, title: Peeling begins, days: 3-5}
- {id: bruise, kind: expect, title: Mild bruising is normal}
- {id: swell, kind: expect, title: Swelling may last up to <for>, for: 2w}
- {id: moist, kind: as_needed, title: Moisturiser as often as needed, days: 1-2}
- {id: blister, kind: as_needed, title: "If blistering: apply the ointment twice a day for <for>", for: 7d}
- {id: compress, kind: as_needed, title: A cold compress if it feels hot}
"""
TIGHT = "Skin may feel tight (on days 1 to 2, until Fri 27 Nov 22:00)"
PEEL = "Peeling begins (on days 3 to 5, from Sat 28 Nov 07:00, until Mon 30 Nov 22:00)"
SWELL = "Swelling may last up to 2 weeks (until Thu 10 Dec 14:30)"
MOIST = "Moisturiser as often as needed (on days 1 to 2, until Fri 27 Nov 22:00)"
BLISTER = "If blistering: apply the ointment twice a day for 7 days (until Thu 3 Dec 14:30)"


def _plan(patient: Patient | None = None):
    return plan_for(ruleset_from(RULES), "2026-11-26T14:30", "Pacific/Auckland", patient=patient)


def _span(plan, rule_id: str) -> tuple[str, str]:
    stretch = plan.stretch(rule_id)
    assert stretch is not None
    assert stretch.end is not None
    return f"{stretch.start:%a %d %b %H:%M}", f"{stretch.end:%a %d %b %H:%M}"


def test_each_has_its_days_and_no_item() -> None:
    plan = _plan()
    assert [rule.id for rule in plan.expected] == ["tight", "peel", "bruise", "swell"]
    assert [rule.id for rule in plan.as_needed] == ["moist", "blister", "compress"]
    assert {item.rule_id for item in plan.items} == {"cream"}
    assert _span(plan, "tight") == ("Thu 26 Nov 14:30", "Fri 27 Nov 22:00")
    assert _span(plan, "peel") == ("Sat 28 Nov 07:00", "Mon 30 Nov 22:00")
    assert _span(plan, "swell") == ("Thu 26 Nov 14:30", "Thu 10 Dec 14:30")
    assert _span(plan, "blister") == ("Thu 26 Nov 14:30", "Thu 03 Dec 14:30")
    assert plan.stretch("bruise") is None
    assert plan.stretch("compress") is None
    for rule in ruleset_from(RULES).rules[1:]:
        assert estimated_items(rule) == 0


def test_a_night_shift_patients_days_cross_midnight() -> None:
    plan = _plan(NIGHT_SHIFT)
    assert _span(plan, "tight") == ("Thu 26 Nov 14:30", "Sat 28 Nov 07:00")
    assert _span(plan, "peel") == ("Sat 28 Nov 15:00", "Tue 01 Dec 07:00")
    assert "Skin may feel tight on days 1 to 2, until Sat 28 Nov 07:00" in one_line(faces(plan).timeline)


def test_the_desk_view_says_them_on_their_days() -> None:
    # One screen: the days in words where the rule has days (the dates are on every other face).
    glance = one_line(faces(_plan()).glance)
    assert f"If needed: Moisturiser as often as needed (on days 1 to 2); {BLISTER}; A cold compress" in glance
    assert (
        "What to expect: Skin may feel tight (on days 1 to 2); Peeling begins (on days 3 to 5); Mild bruising is "
        f"normal; {SWELL}"
    ) in glance


def test_the_timeline_shows_them_where_their_days_begin() -> None:
    timeline = one_line(faces(_plan()).timeline)
    assert "14:30 +0m What to expect: Skin may feel tight on days 1 to 2, until Fri 27 Nov 22:00" in timeline
    assert "Sat 28 Nov 07:00 +1d 16h 30m What to expect: Peeling begins on days 3 to 5, until Mon 30 Nov 22:00" in (
        timeline
    )
    assert "14:30 +0m If needed: Moisturiser as often as needed on days 1 to 2, until Fri 27 Nov 22:00" in timeline
    assert (
        "What to expect - Skin may feel tight on days 1 to 2, until Fri 27 Nov 22:00 - Peeling begins on days 3 to "
        "5, from Sat 28 Nov 07:00, until Mon 30 Nov 22:00 - Mild bruising is normal"
    ) in timeline


def test_the_json_gives_their_days() -> None:
    document = faces(_plan()).json
    expected = {entry["rule"]: entry for entry in document["expected"]}
    assert expected["peel"]["start"] == "2026-11-28T07:00:00+13:00"
    assert expected["peel"]["end"] == "2026-11-30T22:00:00+13:00"
    assert expected["peel"]["days"] == "days 3 to 5"
    assert expected["bruise"]["start"] is None
    assert expected["bruise"]["kind"] == "expect"
    needed = {entry["rule"]: entry for entry in document["as_needed"]}
    assert needed["moist"]["end"] == "2026-11-27T22:00:00+13:00"
    assert needed["moist"]["when"] == "on days 1 to 2, until Fri 27 Nov 22:00"
    assert needed["compress"]["end"] is None
    assert {item["rule"] for item in document["items"]} == {"cream"}


def test_the_calendar_never_rings_for_them() -> None:
    seen = faces(_plan())
    # The overview note and the cream at bedtime on Thu, Fri and Sat: nothing else, for either reader.
    assert [e.start for e in seen.events] == [
        utc(2026, 11, 26, 1, 30),
        *(utc(2026, 11, day, 9) for day in (26, 27, 28)),
    ]
    assert [e.start for e in seen.strict_events] == [e.start for e in seen.events]
    assert [bool(e.alarms) for e in seen.events] == [False, True, True, True]
    overview = seen.overview
    assert f"If needed:\n- {MOIST}\n- {BLISTER}\n- A cold compress if it feels hot" in overview
    assert f"What to expect:\n- {TIGHT}\n- {PEEL}\n- Mild bruising is normal\n- {SWELL}" in overview


def test_the_handout_has_what_to_expect() -> None:
    handout = faces(_plan()).handout
    assert f"If needed {MOIST} {BLISTER} A cold compress if it feels hot" in handout
    assert f"What to expect {TIGHT} {PEEL} Mild bruising is normal {SWELL}" in handout


def test_rules_list_and_the_desk_choices() -> None:
    ruleset = ruleset_from(RULES)
    rules = {rule.id: rule for rule in ruleset.rules}
    assert describe_rule(rules["peel"], ruleset).startswith("on days 3 to 5 (to bedtime); what to expect")
    assert describe_rule(rules["blister"], ruleset).startswith("for the first 7 days; as needed: listed under")
    with pytest.raises(Exception, match="rings no alarm"):
        apply_desk_choices(ruleset, [], ["tight"], ruleset.peels[0])
    assert apply_desk_choices(ruleset, ["tight"], [], ruleset.peels[0]).rules[1].skipped


@pytest.mark.parametrize(
    ("rule_yaml", "message"),
    [
        ("{id: r, kind: expect, title: R, start: 1d}", "rules[r]: an expect rule with a timing needs 'days'"),
        ("{id: r, kind: as_needed, title: R, start: 2h}", "rules[r]: an as_needed rule with a timing needs 'days'"),
        ("{id: r, kind: expect, title: R, every: 4h}", "rules[r].every: not used by a 'expect' rule"),
        ("{id: r, kind: as_needed, title: R, at: [wake], days: 1}", "rules[r].at: not used by a 'as_needed' rule"),
        ("{id: r, kind: expect, title: R, days: 2, for: 1d}", "rules[r].days: 'days' says when the rule applies"),
        ("{id: r, kind: expect, title: R <every>, for: 1d}", "<every> names a timing this rule does not have"),
    ],
)
def test_their_mistakes_are_said_at_their_line(rule_yaml: str, message: str) -> None:
    with pytest.raises(RulesError) as raised:
        load_ruleset_text(HEADER + f"  - {rule_yaml}\n", "demo.yaml")
    assert message in str(raised.value)
