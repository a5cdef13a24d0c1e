"""The teach-back questions: each answer is the plan's own, at every treatment time, in English and other languages.

The expected answers are found here from the plan's items directly (the
window that ends first after the moment of asking, the reminders due next,
the warning signs), then compared with what the technician is shown.
"""

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from aftercare_cli.cli.making import Request, build_plan
from aftercare_cli.model import Item, ItemKind, Patient, Plan
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.jsondoc import plan_json
from aftercare_cli.outputs.teach_back import teach_back
from aftercare_cli.outputs.window_words import window_end
from aftercare_cli.outputs.wording import when
from aftercare_cli.ruleset.files import bundled_rules_dir
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.speech import clock, speaking
from aftercare_cli.voices import plan_voice

ROOT = Path(__file__).parent.parent.parent
EVERY = ROOT / "examples" / "every-feature.yaml"  # warning signs, windows before and after, en/de/ar
SPANISH = ROOT / "examples" / "microdermabrasion-es.yaml"
# (rules, peel, language): English bundled, German and Arabic every-feature, Spanish microdermabrasion.
PLANS = [
    pytest.param(bundled_rules_dir(), "jessner", None, id="bundled-en"),
    pytest.param(EVERY, "strong", "de", id="every-feature-de"),
    pytest.param(EVERY, "light", "ar", id="every-feature-ar"),
    pytest.param(SPANISH, "jessner", "es", id="microdermabrasion-es"),
]
# Treatment times through a day, and across Auckland's clocks going back (5 Apr 2026, 03:00) and forward.
TIMES = ["2026-11-26 00:00", "2026-11-26 09:05", "2026-11-26 14:30", "2026-11-26 21:50", "2026-04-04 20:00"]
TIMES += ["2026-09-26 20:00"]
# When the questions are asked: at the treatment, an hour on, the next day, three days on.
LATER = [timedelta(0), timedelta(hours=1, seconds=30), timedelta(hours=25), timedelta(days=3)]
ZONE = ZoneInfo("Pacific/Auckland")


def _plan(rules: Path, peel: str, lang: str | None, at: str) -> Plan:
    made = datetime.fromisoformat(at).replace(tzinfo=ZONE)
    request = Request(at, ZONE, Patient(name="Ana"), peel=peel, lang=lang)
    return build_plan(load_rulesets(rules), request, made)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _first_window(plan: Plan, now: datetime) -> Item | None:
    windows = [item for item in plan.items if item.kind is ItemKind.AVOID and item.end is not None]
    ahead = [item for item in windows if item.end is not None and _utc(item.end) > _utc(now)]
    if not ahead:
        return None
    first_end = min(_utc(item.end) for item in ahead if item.end is not None)
    return next(item for item in ahead if item.end is not None and _utc(item.end) == first_end)


def _next_steps(plan: Plan, now: datetime) -> list[Item]:
    minute = _utc(now).replace(second=0, microsecond=0)
    steps = [item for item in plan.items if item.kind is ItemKind.DO and _utc(item.start) >= minute]
    if not steps:
        return []
    first = min(_utc(item.start) for item in steps)
    return [item for item in steps if _utc(item.start) == first]


@pytest.mark.parametrize(("rules", "peel", "lang"), PLANS)
@pytest.mark.parametrize("at", TIMES)
def test_every_answer_is_the_plans_own(rules: Path, peel: str, lang: str | None, at: str) -> None:
    plan = _plan(rules, peel, lang, at)
    for later in LATER:
        now = plan.treated_at + later
        today = now.astimezone(ZONE).date()
        with speaking(plan_voice(plan)):
            questions = list(teach_back(plan, now))
            window, steps = _first_window(plan, now), _next_steps(plan, now)
            if window is not None:
                asked = questions.pop(0)
                assert title(window.rule) in asked.ask
                assert window.end is not None
                assert asked.answer == window_end(window, lambda moment: when(moment, today))  # noqa: B023
                assert clock(window.end.time()) in asked.answer  # the very minute the window ends
            if steps:
                asked = questions.pop(0)
                assert when(steps[0].start, today) in asked.ask
                assert clock(steps[0].start.time()) in asked.ask
                assert asked.answer == "; ".join(dict.fromkeys(title(item.rule) for item in steps))
            if plan.warnings:
                asked = questions.pop(0)
                assert asked.answer.startswith("; ".join(title(rule) for rule in plan.warnings))
                assert plan.treatment.contact.phone in asked.answer
            assert questions == []  # nothing else is asked


def test_the_questions_are_in_the_language_of_the_voice() -> None:
    plan = _plan(EVERY, "strong", "de", "2026-11-26 14:30")
    with speaking(plan_voice(plan)):
        first, second, third = teach_back(plan, plan.treated_at)
    assert first.ask.startswith("Wann endet \u201e")
    assert second.ask.startswith("Was tun Sie um ")
    assert third.ask == "Wann würden Sie uns anrufen?"
    assert "Rufen Sie 000 000 0000 (example) an" in third.answer


def test_a_window_is_asked_about_while_it_still_has_to_end() -> None:
    plan = _plan(bundled_rules_dir(), "jessner", None, "2026-11-26 14:30")
    with speaking(plan_voice(plan)):
        at_once = teach_back(plan, plan.treated_at)
        after_the_water = teach_back(plan, plan.treated_at + timedelta(hours=12, minutes=1))
    assert at_once[0].ask == "When does \u201cDo not wet your skin\u201d end?"
    assert at_once[0].answer == "02:30 tomorrow"  # 12 hours after 14:30
    assert at_once[1].ask == "What do you do at 15:00 today?"
    assert at_once[1].answer == "Apply SPF 50+ sunscreen, especially when outside"
    assert after_the_water[0].ask.startswith("When does \u201cKeep your skin cool and calm")
    assert after_the_water[0].answer == "14:30 today"  # asked the next day: 24 hours after the treatment


def test_a_plan_with_everything_past_has_nothing_to_ask() -> None:
    plan = _plan(bundled_rules_dir(), "jessner", None, "2026-11-26 14:30")
    assert teach_back(plan, plan.treated_at + timedelta(days=30)) == ()


def test_the_questions_are_never_on_the_patients_paper() -> None:
    plan = _plan(EVERY, "strong", "de", "2026-11-26 14:30")
    made = plan.treated_at
    with speaking(plan_voice(plan)):
        asked = teach_back(plan, made)
        faces = [plan_handout(plan, made), plan_calendar(plan, made).decode("utf-8"), plan_json(plan)]
    for face in faces:
        for question in asked:
            assert question.ask not in face
    assert "Teach-back" not in faces[0]
