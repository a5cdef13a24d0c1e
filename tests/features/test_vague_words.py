"""A start or an end the clinic gave in words ("until your skin has healed", "as soon as you get home"): every face
says the clinic's words first and the plan's value as what it is, "usually", never as if the clinic had said it.

The facts are derived by hand. The treatment is on Sat 28 Mar 2026 at 16:00 in Auckland (+13:00); the clocks go
back an hour on Sun 5 Apr, so 14 calendar days later is Sat 11 Apr 16:00 at +12:00 (04:00 UTC).
"""

from __future__ import annotations

from datetime import date

from aftercare_cli.model import Kind
from aftercare_cli.outputs.rules_list import describe_rule
from conftest import NIGHT_SHIFT, faces, one_line, plan_for, ruleset_from, utc

RULES = """
- {id: actives, kind: avoid, title: No actives, for: 14d, for_words: until your skin has healed,
   end_note: You may use actives again}
- {id: home, kind: do, title: Wash your face <start>, label: Wash, start: 1h, start_words: as soon as you get home}
- {id: moist, kind: do, title: Moisturise <for>, label: Moisturise, at: ["09:00"], for: 3d,
   for_words: for the next few days}
- {id: numb, kind: avoid, title: No hot drinks <for>, for: 3h, for_words: until the numbness wears off}
"""
TREATED = "2026-03-28T16:00"
HEALED = "until your skin has healed (usually about 14 days, around Sat 11 Apr)"
END_NOTE = "Usually around now (until your skin has healed): You may use actives again"


def _plan(patient=None):
    return plan_for(ruleset_from(RULES), TREATED, "Pacific/Auckland", patient=patient)


def test_the_desk_view_says_the_words_then_the_usual_end() -> None:
    seen = faces(_plan(), today=date(2026, 3, 28))
    assert HEALED in seen.glance_when
    # A title that says the clinic's words itself (<for>) is not said twice: the usual end beside it.
    assert "usually ends around 19:00 today" in seen.glance_when
    assert "about 17:00 today" in seen.glance_when  # the wash: at the usual time, said as one
    assert "09:00 tomorrow, usually to Tue 31 Mar 09:00 daily at 09:00, 3 times" in seen.glance_when
    assert "11 Apr 16:00" not in seen.glance


def test_the_timeline_says_the_usual_end_and_the_end_note_as_usual() -> None:
    timeline = one_line(faces(_plan()).timeline)
    assert f"No actives {HEALED}" in timeline
    assert "No hot drinks until the numbness wears off (usually about 3 hours) usually ends around 19:00" in timeline
    assert f"Sat 11 Apr 16:00 +14d 1h {END_NOTE}" in timeline  # 14 calendar days are 14 days and an hour here
    assert "17:00 +1h Wash your face as soon as you get home (about 1 hour after treatment)" in timeline
    assert "(as soon as you get home (usually about this time))" in timeline


def test_the_json_marks_the_usual_values_with_the_clinics_words() -> None:
    items = faces(_plan()).json["items"]
    window = next(i for i in items if i["rule"] == "actives" and i["kind"] == "avoid")
    assert window["end"] == "2026-04-11T16:00:00+12:00"
    assert window["end_words"] == "until your skin has healed"
    note = next(i for i in items if i["rule"] == "actives" and i["kind"] == "ends")
    assert note["title"] == END_NOTE
    wash = next(i for i in items if i["rule"] == "home")
    assert wash["start"] == "2026-03-28T17:00:00+13:00"
    assert wash["start_words"] == "as soon as you get home"
    assert next(i for i in items if i["rule"] == "moist")["start_words"] is None


def test_the_calendar_window_and_its_end_say_usually_for_both_readers() -> None:
    seen = faces(_plan())
    window = seen.event("No actives")
    assert (window.start, window.end) == (utc(2026, 3, 28, 3), utc(2026, 4, 11, 4))
    assert window.summary == "No actives, until your skin has healed (usually about 14 days)"
    assert f"No actives, {HEALED}." in window.description
    assert window.alarms == ()
    end = seen.event("Usually around now")
    assert (end.start, end.summary, end.alarms) == (utc(2026, 4, 11, 4), END_NOTE, (END_NOTE,))
    numb = seen.event("No hot drinks")
    assert numb.end == utc(2026, 3, 28, 6)  # 19:00 +13:00
    assert "Usually ends around Sat 28 Mar 19:00 (Pacific/Auckland)." in numb.description
    wash = seen.event("Wash your face")
    assert wash.start == utc(2026, 3, 28, 4)
    assert "As soon as you get home (usually about this time)." in wash.description
    for event in seen.events:
        assert "11 Apr 16:00" not in event.description + event.summary


def test_the_handout_says_the_words_then_the_usual_end() -> None:
    handout = faces(_plan()).handout
    assert f"No actives, {HEALED}" in handout
    assert "as soon as you get home (usually about 17:00)" in handout
    assert "11 Apr 16:00" not in handout


def test_a_night_shift_patient_reads_the_same_words() -> None:
    seen = faces(_plan(NIGHT_SHIFT))  # asleep 07:00-15:00: 16:00 is awake, the end note still rings
    assert f"No actives {HEALED}" in one_line(seen.timeline)
    assert seen.event("Usually around now").alarms == (END_NOTE,)


def test_rules_list_says_the_words_then_the_usual_length() -> None:
    ruleset = ruleset_from(RULES)
    actives = next(rule for rule in ruleset.rules if rule.kind is Kind.AVOID)
    assert describe_rule(actives, ruleset).startswith("until your skin has healed (usually about 14 days)")


def test_the_discreet_lock_screen_title_says_usually_too() -> None:
    from aftercare_cli.outputs.calendar import plan_calendar

    plan = _plan()
    data = plan_calendar(plan, plan.treated_at, discreet=True).decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Aftercare: avoid\\, usually until around Sat 11 Apr" in data
