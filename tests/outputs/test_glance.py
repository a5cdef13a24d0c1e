"""The desk's one-screen view: fits 80x24, never wider than the terminal, golden file, true numbers.

Regenerate the golden file after an intended change with:
    UPDATE_GOLDEN=1 python -m pytest tests/outputs/test_glance.py
"""

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from rich.console import Console, RenderableType

from aftercare_cli.model import ItemKind, Patient, Plan, Replaced
from aftercare_cli.outputs.calendar import calendar_name
from aftercare_cli.outputs.clinic_texts import products, title
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.identity import plan_reference
from aftercare_cli.outputs.timeline import timeline_view
from aftercare_cli.ruleset.adjustments import apply_adjustments, apply_desk_choices
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import check_golden, plan_for, ruleset_from

TREATED = date(2026, 11, 26)


def rendered(plan: Plan, width: int, today: date | None = TREATED) -> str:
    """The desk's view as `plan` prints it: with the plan's reference beside its title."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, force_terminal=False, highlight=False).print(
        glance_view(plan, today, reference=plan_reference(plan))
    )
    return out.getvalue()


def jessner(bundled):
    return plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name="Ana Smith"))


def test_glance_matches_the_golden_file(bundled) -> None:
    check_golden("glance-jessner-auckland-80.txt", rendered(jessner(bundled), 80))


def test_the_bundled_jessner_plan_fits_an_80x24_terminal(bundled) -> None:
    # 23 lines leave the prompt on screen: header, table and footer all visible at once.
    assert len(rendered(jessner(bundled), 80).splitlines()) <= 23


NAME_40 = "Maria Fernanda Gonzalez-Oyarzun de Silva"  # 40 characters
# Up to two desk adjustments; a night-shift patient's daily times are in their waking hours.
SETTINGS = [
    (),
    ("no-picking.for=14d",),
    ("keep-cool.for=72h", "sunscreen.every=3h"),
    ("drink-water.until=5d", "recovery-cream.start=2h"),
    ("jessner-no-water.for=24h", "skincare-routine.at=08:00,12:00,bedtime"),
]
NIGHT_SHIFT = Patient(wake=time(15), bedtime=time(7), name=NAME_40)


# What the desk may skip and mute on top (the spritz tip skipped, the water and a window's end muted), and
# whether the plan replaces an earlier one.
DESK = [((), (), False), (("moisturising-spritz",), ("drink-water", "keep-cool"), False), ((), (), True)]


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Europe/London", "America/New_York"])
@pytest.mark.parametrize("patient", [Patient(name=NAME_40), NIGHT_SHIFT], ids=["day", "night-shift"])
@pytest.mark.parametrize("desk", DESK, ids=["plain", "skip-mute", "replaces"])
def test_the_desk_view_fits_80x24_on_any_date_with_two_adjustments(bundled, zone: str, patient: Patient, desk) -> None:
    # The treatment today, tomorrow, in a week, or re-printed three days on: every time reads differently.
    for clock in ("00:00", "09:05", "11:19", "14:30", "17:10", "21:50"):
        for settings in SETTINGS:
            if patient is NIGHT_SHIFT:
                settings = tuple(setting.replace("08:00,12:00", "16:00,20:00") for setting in settings)
            ruleset = apply_adjustments(bundled, settings, bundled.peel("jessner")) if settings else bundled
            if desk[0] or desk[1]:
                ruleset = apply_desk_choices(ruleset, desk[0], desk[1], bundled.peel("jessner"))
            plan = plan_for(ruleset, f"2026-11-26T{clock}", zone, "jessner", patient)
            for today in (
                TREATED,
                TREATED - timedelta(days=1),
                TREATED - timedelta(days=7),
                TREATED + timedelta(days=3),
            ):
                if desk[2]:  # corrected the day it is shown, the earlier plan made that morning
                    made = datetime.combine(today, time(9, 5), plan.treated_at.tzinfo)
                    plan = replace(plan, replaces=Replaced("old-id", calendar_name(plan, made), made))
                lines = rendered(plan, 80, today).splitlines()
                assert len(lines) <= 23, (clock, settings, today, "\n".join(lines))
                assert max(len(line) for line in lines) <= 80
                # The reference is on every screen, however full, once and whole.
                assert "\n".join(lines).count(f"Reference: {plan_reference(plan)}") == 1


@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_line_is_wider_than_the_terminal_and_no_word_is_cut(bundled, width: int) -> None:
    text = rendered(jessner(bundled), width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    assert all(line == line.rstrip() for line in text.splitlines())
    # Wrapped, never cut: every word of every title and product is there whole.
    plan = jessner(bundled)
    words = {word.strip(",") for word in text.split()}
    for item in plan.items:
        if item.kind is not ItemKind.ENDS:  # end notes belong to the timeline
            said = [*title(item.rule).split(), *" ".join(products(item.rule)).split()]
            assert {word.strip(",") for word in said} <= words


def test_one_row_per_instruction_windows_first_with_their_ends(bundled) -> None:
    lines = rendered(jessner(bundled), 320).splitlines()
    table = lines[3 : lines.index("", 3)]
    rows = [line for line in table if not line.startswith(" ")]
    assert [row.split("  ")[0] for row in rows] == [
        "Keep your skin cool and calm: no hot showers, sauna, steam rooms or exercise",
        "Do not wet your skin",
        "Don't pick or peel your skin",
        "Apply Balense Recovery Cream liberally",
        "Gentle skincare routine with the products your dermal technician recommended — use Balense "
        "Microdermal Gentle Cleanser, ReBalense Moisturiser, a serum",
        "Drink plenty of water",
        "Apply SPF 50+ sunscreen, especially when outside — use Balense UV Defiance SPF 50+",
    ]
    assert rows[0].endswith("until 14:30 tomorrow")
    assert rows[1].endswith("until 02:30 tomorrow")
    assert rows[2].endswith("until Thu 3 Dec 14:30")
    # 18:30, then 22:30 falls asleep and moves to 07:00; the series goes on from there: 11:00 is the last.
    cream = table.index(rows[3])
    assert rows[3].endswith("18:30 today to 11:00 tomorrow")
    assert table[cream + 1].strip() == "every 4 h while awake, 3 times"
    assert rows[4].endswith("07:00 tomorrow to Thu 3 Dec 07:00")
    assert table[cream + 3].strip() == "daily at 07:00 and 22:00, 13 times"


def test_without_today_every_time_has_its_date(bundled) -> None:
    text = rendered(jessner(bundled), 200, today=None)
    assert "today" not in text
    assert "tomorrow" not in text
    assert "Thu 26 Nov 18:30 to Fri 27 Nov 11:00" in text


def test_a_series_within_one_day_names_the_day_once() -> None:
    rules = ruleset_from("- {id: a, kind: do, title: Cool compress, every: 2h, for: 5h}")
    plan = plan_for(rules, "2026-11-26T10:00", "UTC")
    assert "10:00 to 14:00 today" in rendered(plan, 80)
    assert "Thu 26 Nov 10:00 to 14:00" in rendered(plan, 80, today=None)


def test_what_the_plan_leaves_out_is_said_below_the_steps(bundled) -> None:
    lines = rendered(jessner(bundled), 120).splitlines()
    said = (
        "Skipped: Skincare at 22:00 today, until \u201cDo not wet your skin\u201d is over and then in your sleep hours"
    )
    assert lines.index(said) > max(i for i, line in enumerate(lines) if "every 4 h while awake, 28 times" in line)
    assert lines.index(said) < lines.index("Also: Carry a moisturising spritz in your handbag")
    early = plan_for(bundled, "2026-11-26T09:05", "Pacific/Auckland", "jessner")  # the 22:00 routine is kept
    assert "Skipped" not in rendered(early, 100)


def test_a_long_note_hangs_under_its_label(bundled) -> None:
    lines = rendered(jessner(bundled), 80).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Skipped:"))
    assert lines[first + 1].startswith("  ")
    assert not lines[first + 1].startswith("   ")


def test_an_adjustment_is_said_once_below_the_steps(bundled) -> None:
    ruleset = apply_adjustments(bundled, ["keep-cool.for=72h", "sunscreen.every=3h"], bundled.peel("jessner"))
    text = " ".join(rendered(jessner(ruleset), 80).split())
    assert (
        "Adjusted for this patient: Keep cool 72 hours instead of 24 hours; SPF 50+ every 3 hours instead of "
        "every 4 hours" in text
    )
    assert text.count("adjusted for this patient") == 0  # said once, not under each row
    assert "until Sun 29 Nov 14:30" in text  # and the row says the new end


def test_header_tips_and_footer(bundled) -> None:
    plan = jessner(bundled)
    lines = rendered(plan, 100).splitlines()
    title = "Microdermabrasion (Jessner peel) for Ana Smith"
    assert lines[0] == f"{title}{' ' * (100 - len(title) - 25)}Reference: {plan_reference(plan)}"  # at the right
    assert lines[1] == "Treated Thu 26 Nov 2026, 14:30 Pacific/Auckland (+13:00); asleep 22:00-07:00"
    assert "Also: Carry a moisturising spritz in your handbag" in lines
    assert lines[-1] == "Questions? Ask your clinic. Every step, day by day: --timeline"


def test_the_reference_goes_under_a_long_title_where_there_is_a_line_to_spare(bundled) -> None:
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner", Patient(name=NAME_40))
    lines = rendered(plan, 80).splitlines()
    assert lines[0] == f"Microdermabrasion (Jessner peel) for {NAME_40}"  # 77 columns: no room beside it
    assert lines[1] == f"Reference: {plan_reference(plan)}"
    assert lines[2].startswith("Treated Thu 26 Nov 2026, 14:30")
    narrow = rendered(plan, 40).splitlines()  # a narrow window: the title wraps, the reference under it
    assert narrow[:3] == ["Microdermabrasion (Jessner peel) for", NAME_40, f"Reference: {plan_reference(plan)}"]
    ana = plan_for(bundled, "2026-11-26T14:30", "UTC", "jessner", Patient(name="Ana"))
    title = "Microdermabrasion (Jessner peel) for Ana"  # 40 columns, the reference 25: beside it from 67 on
    assert rendered(ana, 67).splitlines()[0] == f"{title}  Reference: {plan_reference(ana)}"
    assert rendered(ana, 66).splitlines()[:2] == [title, f"Reference: {plan_reference(ana)}"]


def test_on_a_full_screen_the_reference_goes_beside_a_line_below_the_steps(bundled) -> None:
    # A long name, two adjustments and a replaced plan: every line is taken, the footer has given way.
    ruleset = apply_adjustments(bundled, SETTINGS[-1], bundled.peel("jessner"))
    plan = plan_for(ruleset, "2026-11-26T00:00", "Pacific/Auckland", "jessner", Patient(name=NAME_40))
    made = datetime.combine(TREATED, time(9, 5), plan.treated_at.tzinfo)
    plan = replace(plan, replaces=Replaced("old-id", calendar_name(plan, made), made))
    lines = rendered(plan, 80).splitlines()
    assert len(lines) == 23
    assert lines[1].startswith("Treated")  # not under the title: there is no line for it
    assert lines[-1].startswith("Also: Carry a moisturising spritz in your handbag")
    assert lines[-1].endswith(f"  Reference: {plan_reference(plan)}")


def test_the_clinics_contact_is_in_the_footer() -> None:
    text = """
treatment:
  id: demo
  name: Demo
  clinic: Test Clinic
  source: tests
  contact: {phone: 09 555 0100, web: https://example.org/care}
peels: [{id: p, label: P}]
rules: [{id: a, kind: do, title: Cream, start: 1h}]
"""
    plan = plan_for(load_ruleset_text(text, "demo.yaml"), "2026-11-26T10:00", "UTC")
    assert (
        rendered(plan, 100)
        .splitlines()[-1]
        .startswith("Questions? Call 09 555 0100 or visit https://example.org/care.")
    )


@pytest.mark.parametrize("view", [glance_view, timeline_view])
def test_rule_and_patient_text_is_never_markup(view: Callable[[Plan], RenderableType]) -> None:
    rules = ruleset_from("""
        - {id: a, kind: do, title: "Apply [bold]cream[/bold] [/] now", products: ["[link=http://x]P[/link]"]}
        - {id: b, kind: tip, title: "[red]tip[/]"}
    """)
    plan = plan_for(rules, "2026-11-26T10:00", "UTC", patient=Patient(name="Ana [/] Smith"))
    out = io.StringIO()
    Console(file=out, width=120, color_system=None, highlight=False).print(view(plan))
    text = out.getvalue()
    for literal in ("Apply [bold]cream[/bold] [/] now", "[link=http://x]P[/link]", "[red]tip[/]", "Ana [/] Smith"):
        assert literal in text


def test_a_reprint_says_the_treatment_is_past_without_a_line_more(bundled) -> None:
    today = rendered(jessner(bundled), 80).splitlines()
    reprint = rendered(jessner(bundled), 80, today=date(2026, 12, 1)).splitlines()
    assert reprint[1] == "Treated 5 days ago, 26 Nov, 14:30 Pacific/Auckland (+13:00); asleep 22:00-07:00"
    assert len(reprint) == len(today)
    yesterday = rendered(jessner(bundled), 80, today=date(2026, 11, 27)).splitlines()
    assert yesterday[1].startswith("Treated yesterday, 26 Nov, 14:30")


def test_the_desk_view_says_an_interval_in_the_unit_the_clinic_wrote() -> None:
    # 90m is "every 90 min" (the desk view abbreviates the unit), never "every 1 h 30 m".
    rules = ruleset_from("- {id: sip, kind: do, title: Sip water, every: 90m, for: 6h, when_asleep: keep}")
    text = rendered(plan_for(rules, "2026-11-26T10:00", "UTC"), 120)
    assert "every 90 min, 4 times" in text
