"""The smaller kinds: a start given as a range ("on the 3rd-4th day"), a warning sign that names someone other than
the clinic (`contact: none`), `rules check` offering `when_asleep: keep`, and a day with the night after it as one
window (`days: 1` with `nights: 1`, "until the morning after").

The facts are derived by hand: a treatment on Thu 26 Nov 2026 at 14:30 in Auckland (+13:00, 01:30 UTC), for a
patient asleep 22:00-07:00 unless said otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aftercare_cli.errors import UsageError
from aftercare_cli.model import Patient
from aftercare_cli.ruleset.adjustments import apply_adjustments
from aftercare_cli.ruleset.advice import ruleset_warnings
from aftercare_cli.ruleset.loader import load_ruleset_text
from conftest import HEADER, NIGHT_SHIFT, faces, one_line, plan_for, ruleset_from, utc

# --- a start given as a range ---------------------------------------------------------------------

RANGES = """
- {id: retinol, kind: do, title: Resume retinol <start> after treatment, label: Retinol, start: 2d-3d}
- {id: sun, kind: avoid, title: No sun from <start> after treatment, label: No sun, start: 2d-3d, for: 2d}
"""


def _ranges(at: str = "2026-11-26T14:30", patient: Patient | None = None):
    return plan_for(ruleset_from(RANGES), at, "Pacific/Auckland", patient=patient)


def test_a_start_range_is_planned_at_its_earlier_bound_and_said_with_both() -> None:
    seen = faces(_ranges())
    retinol = seen.event("Resume retinol")
    assert retinol.summary == "Resume retinol 2 to 3 days after treatment"
    assert retinol.start == utc(2026, 11, 28, 1, 30)  # Sat 28 Nov 14:30: two days on
    assert retinol.alarms == (retinol.summary,)
    sun = seen.event("No sun")
    assert (sun.start, sun.end) == (utc(2026, 11, 28, 1, 30), utc(2026, 11, 30, 1, 30))  # `for` from the start
    assert "Sat 28 Nov 14:30" in seen.glance_when
    assert "from Sat 28 Nov 14:30 until Mon 30 Nov 14:30" in seen.glance_when
    assert "14:30 +2d Resume retinol 2 to 3 days after treatment" in one_line(seen.timeline)
    assert "No sun from 2 to 3 days after treatment, from Sat 28 Nov 14:30 until Mon 30 Nov 14:30" in seen.handout
    items = {item["rule"]: item for item in seen.json["items"]}
    assert items["retinol"]["start"] == "2026-11-28T14:30:00+13:00"


def test_the_earlier_bound_is_decided_on_the_calendar() -> None:
    # From 1 Feb, a month (to 1 Mar) is shorter than 29 days (to 2 Mar): the month is the earlier bound.
    rules = ruleset_from("- {id: r, kind: do, title: R <start>, start: 29d-1mo}")
    (item,) = plan_for(rules, "2026-02-01T10:00", "Pacific/Auckland").items
    assert f"{item.start:%a %d %b %H:%M}" == "Sun 01 Mar 10:00"


def test_the_desk_may_set_a_start_range_too() -> None:
    ruleset = ruleset_from(RANGES)
    adjusted = apply_adjustments(ruleset, ["retinol.start=3d-4d"], ruleset.peels[0])
    item = next(i for i in plan_for(adjusted, "2026-11-26T14:30", "Pacific/Auckland").items if i.rule_id == "retinol")
    assert f"{item.start:%a %d %b %H:%M}" == "Sun 29 Nov 14:30"


def test_a_night_shift_patient_gets_a_ranged_start_moved_as_its_rule_says() -> None:
    rules = ruleset_from("- {id: r, kind: do, title: R <start>, start: 2d-3d, when_asleep: wake}")
    (item,) = plan_for(rules, "2026-11-26T09:00", "Pacific/Auckland", patient=NIGHT_SHIFT).items
    assert f"{item.start:%a %d %b %H:%M}" == "Sat 28 Nov 15:00"  # 09:00 is asleep for them: at their wake-up


# --- a warning sign that names someone else -------------------------------------------------------

SIGNS = """
- {id: gp, kind: warning, title: "If a blister becomes infected, see your GP", contact: none}
- {id: pus, kind: warning, title: "If you notice pus, call us"}
- {id: cream, kind: do, title: Apply the cream, start: 1h}
"""
PHONE = "Call 09 555 0100."


def _signs():
    text = HEADER.replace("source: tests}", 'source: tests, contact: {phone: "09 555 0100"}}')
    rules = load_ruleset_text(text + "".join(f"  {line}\n" for line in SIGNS.strip().splitlines()), "demo.yaml")
    return plan_for(rules, "2026-11-26T14:30", "Pacific/Auckland")


def test_only_the_clinics_own_signs_have_its_number() -> None:
    seen = faces(_signs())
    glance = one_line(seen.glance)
    assert f"Warning signs: If you notice pus, call us — {PHONE} If a blister becomes infected, see your GP" in glance
    timeline = one_line(seen.timeline)
    assert f"Warning signs - If a blister becomes infected, see your GP - If you notice pus, call us {PHONE}" in (
        timeline
    )
    assert seen.timeline.count("09 555 0100") == 2  # the pus sign's and the footer's
    cream = seen.event("Apply the cream")
    assert f"Warning signs: If you notice pus, call us. {PHONE} If a blister becomes infected, see your GP" in (
        cream.description
    )
    assert f"WARNING SIGNS\n- If a blister becomes infected, see your GP\n- If you notice pus, call us — {PHONE}" in (
        seen.overview
    )
    assert f"If a blister becomes infected, see your GP If you notice pus, call us — {PHONE} Tick" in seen.handout
    warnings = {entry["rule"]: entry["contact_clinic"] for entry in seen.json["warnings"]}
    assert warnings == {"gp": False, "pus": True}


def test_a_sign_that_names_someone_else_needs_no_clinic_contact() -> None:
    assert ruleset_warnings(ruleset_from("- {id: gp, kind: warning, title: See your GP, contact: none}")) == []
    assert ruleset_warnings(ruleset_from("- {id: us, kind: warning, title: Call us}"))  # no contact: warned


def test_a_contact_is_clinic_or_none() -> None:
    with pytest.raises(Exception, match="'doctor' is not one of clinic, none"):
        ruleset_from("- {id: gp, kind: warning, title: See your GP, contact: doctor}")
    with pytest.raises(Exception, match=r"rules\[t\]\.contact: not used by a 'tip' rule"):
        ruleset_from("- {id: t, kind: tip, title: T, contact: none}")


# --- rules check offers keep -----------------------------------------------------------------------


def test_rules_check_offers_wake_or_keep_and_keep_is_enough(run_cli, tmp_path: Path) -> None:
    short = tmp_path / "short.yaml"
    short.write_text(HEADER + "  - {id: night, kind: do, title: N, every: 2h, for: 6h}\n")
    code, _, err = run_cli("rules", "check", str(short))
    assert code == 1
    assert "when_asleep: wake (moved to the wake-up) or when_asleep: keep (kept in the night" in " ".join(err.split())
    short.write_text(HEADER + "  - {id: night, kind: do, title: N, every: 2h, for: 6h, when_asleep: keep}\n")
    assert run_cli("rules", "check", str(short))[0] == 0


# --- a day and the night after it ------------------------------------------------------------------

NIGHTS = """
- {id: rest, kind: avoid, title: Rest the area for <days>, label: Rest, days: 1, nights: 1}
- {id: cover, kind: avoid, title: Keep it covered for <days>, label: Covered, nights: 1, days: 2}
"""


def _nights(at: str = "2026-11-26T14:30", patient: Patient | None = None):
    return plan_for(ruleset_from(NIGHTS), at, "Pacific/Auckland", patient=patient)


def test_the_rest_of_the_day_and_the_night_is_one_window_to_the_morning() -> None:
    seen = faces(_nights())
    rest = seen.event("Rest the area")
    assert rest.summary == "Rest the area for the day of treatment and the night after treatment"
    assert (rest.start, rest.end) == (utc(2026, 11, 26, 1, 30), utc(2026, 11, 26, 18))  # to Fri 27 Nov 07:00
    cover = seen.event("Keep it covered")
    assert cover.summary == "Keep it covered for the night after treatment and day 2"
    assert (cover.start, cover.end) == (utc(2026, 11, 26, 9), utc(2026, 11, 27, 9))  # Thu 22:00 to Fri 22:00
    assert "until Fri 27 Nov 07:00" in seen.glance_when
    assert "from 22:00 today until 22:00 tomorrow" in faces(_nights(), today=_nights().treated_at.date()).glance_when
    assert "Rest the area for the day of treatment and the night after treatment, until Fri 27 Nov 07:00" in (
        seen.handout
    )
    items = {item["rule"]: item for item in seen.json["items"]}
    assert items["rest"]["end"] == "2026-11-27T07:00:00+13:00"


def test_a_night_shift_patients_day_and_night() -> None:
    plan = _nights(patient=NIGHT_SHIFT)  # day 1 to Fri 07:00, night 1 to Fri 15:00, day 2 to Sat 07:00
    ends = {item.rule_id: f"{item.start:%a %H:%M} to {item.end:%a %H:%M}" for item in plan.items}
    assert ends == {"rest": "Thu 14:30 to Fri 15:00", "cover": "Fri 07:00 to Sat 07:00"}


def test_a_treatment_after_bedtime_has_its_night_to_the_morning() -> None:
    (rest, cover) = _nights(at="2026-11-26T23:30").items
    assert f"{rest.start:%a %H:%M} to {rest.end:%a %H:%M}" == "Thu 23:30 to Fri 07:00"
    assert f"{cover.start:%a %H:%M} to {cover.end:%a %H:%M}" == "Thu 23:30 to Fri 22:00"


def test_a_set_of_days_replaces_both() -> None:
    ruleset = ruleset_from(NIGHTS)
    with pytest.raises(UsageError, match="<days>"):  # its words name days it would no longer have
        apply_adjustments(ruleset, ["rest.for=2d"], ruleset.peels[0])
