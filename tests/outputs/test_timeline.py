"""The full timeline (`plan --timeline`): golden file, narrow terminals, hostile text, real elapsed time.

Regenerate the golden files after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest
"""

import io

import pytest
from rich.console import Console

from aftercare_cli.model import Patient, Plan
from aftercare_cli.outputs.timeline import timeline_view
from conftest import CLOCK_CHANGES, HOURLY_THROUGH_THE_NIGHT, check_golden, plan_for, ruleset_from


def rendered(plan: Plan, width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False, highlight=False).print(timeline_view(plan))
    return out.getvalue()


def test_table_matches_the_golden_file(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    check_golden("timeline-jessner-auckland-80.txt", rendered(plan, 80))


@pytest.mark.parametrize("width", [30, 60, 80, 100])  # 30: the time goes above its text
def test_no_line_is_wider_than_the_terminal(bundled, width: int) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))
    text = rendered(plan, width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "Balense Recovery Cream" in text
    assert "Also remember" in text


def test_no_ansi_codes_when_not_a_terminal(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland")
    out = io.StringIO()
    Console(file=out, width=80).print(timeline_view(plan))
    assert "\x1b" not in out.getvalue()


def test_a_very_narrow_terminal_puts_the_time_above_its_text(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    lines = rendered(plan, 30).splitlines()
    first = lines.index("Thu 26 Nov")
    assert lines[first + 1].rstrip() == "14:30  +0m"
    assert lines[first + 2].startswith("  Keep your skin cool")


def test_the_timeline_has_column_headings(bundled) -> None:
    text = rendered(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner"), 80)
    assert "Time   Since       Step" in text.splitlines()


def test_same_instant_reminders_share_one_row(bundled) -> None:
    lines = rendered(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner"), 200).splitlines()
    at_seven = [line for line in lines if line.startswith("07:00")]
    assert len(at_seven) == 7  # one row each morning, Fri to Thu
    first = lines.index(at_seven[0])
    following = [i for i, line in enumerate(lines) if i > first and not line.startswith(" ")]
    row = lines[first : following[0]]
    for title in ("Apply Balense Recovery Cream", "Gentle skincare routine", "Drink plenty", "Apply SPF 50+"):
        assert sum(title in line for line in row) == 1


def _since(zone: str, treated: str, title: str) -> str:
    """The "since treatment" figure of the row that holds `title`."""
    rules = ruleset_from("""
        - {id: dry, kind: avoid, title: Stay dry, for: 12h, end_note: The 12 hours are over}
        - {id: later, kind: do, title: Check, start: 36h, when_asleep: keep}
    """)
    for line in rendered(plan_for(rules, treated, zone), 120).splitlines():
        if title in line:
            return line[7:19].strip()  # the Since column
    raise AssertionError(f"{title!r} not found")


@pytest.mark.parametrize(
    ("zone", "treated"),
    [
        ("Europe/London", "2026-03-28T20:00"),  # clocks go forward at 01:00 on the 29th
        ("Europe/London", "2026-10-24T20:00"),  # clocks go back at 02:00 on the 25th
        ("Pacific/Auckland", "2026-04-04T20:00"),  # back at 03:00 on the 5th
        ("Pacific/Auckland", "2026-09-26T20:00"),  # forward at 02:00 on the 27th
    ],
)
def test_since_treatment_is_real_elapsed_time_across_dst(zone: str, treated: str) -> None:
    assert _since(zone, treated, "The 12 hours are over") == "+12h"
    assert _since(zone, treated, "Check") == "+1d 12h"


@pytest.mark.parametrize(("zone", "treated"), CLOCK_CHANGES)
def test_a_clock_change_night_gives_each_reminder_its_own_row(zone: str, treated: str) -> None:
    # Fall-back: two rows read 02:00 (Auckland) or 01:00 (London), at +6h and +7h (+4h and +5h).
    lines = rendered(plan_for(ruleset_from(HOURLY_THROUGH_THE_NIGHT), treated, zone), 80).splitlines()
    since = [line[7:19].strip() for line in lines if line.endswith("Hourly")]
    assert since == ["+0m", *(f"+{hours}h" for hours in range(1, 10))]


@pytest.mark.parametrize(
    ("zone", "treated", "line", "before", "after"),
    [
        ("Pacific/Auckland", "2026-04-04T20:00", "Clocks go back 1 hour on Sun 5 Apr at 03:00", "+6h", "+7h"),
        ("Europe/London", "2026-03-28T20:00", "Clocks go forward 1 hour on Sun 29 Mar at 01:00", "+4h", "+5h"),
    ],
)
def test_a_clock_change_is_one_line_where_it_happens(
    zone: str, treated: str, line: str, before: str, after: str
) -> None:
    lines = rendered(plan_for(ruleset_from(HOURLY_THROUGH_THE_NIGHT), treated, zone), 80).splitlines()
    (where,) = [index for index, text in enumerate(lines) if text.strip() == line]
    assert lines[where - 1][7:19].strip() == before
    assert lines[where + 1][7:19].strip() == after


def test_a_clock_change_on_a_day_without_steps_comes_under_its_own_day() -> None:
    # Treated Sat 20:00 (London) with one step the next evening: the change at Sun 01:00 is under "Sun 29 Mar".
    rules = ruleset_from("- {id: check, kind: do, title: Check, start: 22h}")
    lines = rendered(plan_for(rules, "2026-03-28T20:00", "Europe/London"), 80).splitlines()
    day = lines.index("Sun 29 Mar")
    assert lines[day + 1].strip() == "Clocks go forward 1 hour on Sun 29 Mar at 01:00"
    assert lines[day + 2].startswith("19:00  +22h")
    assert lines.count("Sun 29 Mar") == 1


def test_a_skipped_step_is_said_at_its_time_with_why(bundled) -> None:
    # Treated at 14:30: the 22:00 routine waits out the dry time (until 02:30), which is in the sleep hours.
    lines = rendered(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner"), 200).splitlines()
    thursday = lines[lines.index("Thu 26 Nov") : lines.index("Fri 27 Nov")]
    assert thursday[-4:-1] == [
        "22:00  +7h 30m     Drink plenty of water",
        "22:00  +7h 30m     Gentle skincare routine with the products your dermal technician recommended",
        "                   (skipped: until \u201cDo not wet your skin\u201d is over and then in your sleep hours)",
    ]


def test_a_one_off_in_the_sleep_hours_is_said_on_its_own_day() -> None:
    rules = ruleset_from("""
        - {id: check, kind: do, title: Check the dressing, start: 14h}
        - {id: drink, kind: do, title: Drink water, start: 1h}
    """)
    lines = rendered(plan_for(rules, "2026-11-26T14:00", "UTC"), 100).splitlines()
    friday = lines.index("Fri 27 Nov")
    assert lines[friday + 1 : friday + 3] == [
        "04:00  +14h        Check the dressing",
        "                   (skipped: in your sleep hours)",
    ]


def test_the_time_since_treatment_is_said_to_the_minute_in_the_languages_letters() -> None:
    from datetime import timedelta

    from aftercare_cli.outputs.timeline import _since
    from aftercare_cli.speech import speaking
    from aftercare_cli.voices import voice_of

    assert _since(timedelta(days=1, hours=4, minutes=30)) == "+1d 4h 30m"
    assert _since(timedelta(hours=4)) == "+4h"
    assert _since(timedelta(0)) == "+0m"
    assert _since(-timedelta(days=10)) == "-10d"
    with speaking(voice_of("de")):
        assert _since(timedelta(days=1, hours=4, minutes=30)) != "+1d 4h 30m"
