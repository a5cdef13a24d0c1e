"""Plans in the patient's language: rule texts per language, --lang and --desk-lang, every face said in it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from rich.console import Console

from aftercare_cli.cli.making import DeskChoices, Request, build_plan
from aftercare_cli.errors import RulesError
from aftercare_cli.model import Patient, Plan
from aftercare_cli.outputs.calendar import plan_calendar
from aftercare_cli.outputs.clinic_texts import item_title
from aftercare_cli.outputs.glance import glance_view
from aftercare_cli.outputs.handout import plan_handout
from aftercare_cli.outputs.wording import adjustment_words, moved_note
from aftercare_cli.ruleset.loader import load_ruleset_text, load_rulesets
from aftercare_cli.speech import speaking
from aftercare_cli.voices import plan_voice
from conftest import check_golden
from printing import pages, printed, text

ROOT = Path(__file__).parent.parent.parent
EVERY = ROOT / "examples" / "every-feature.yaml"
SPANISH = ROOT / "examples" / "microdermabrasion-es.yaml"
MADE = datetime(2026, 11, 26, 1, 40, tzinfo=timezone.utc)
TWO_LANGUAGES = """\
format: 1
treatment:
  id: t
  languages: [en, de]
  name: {en: Peel, de: Peeling}
  clinic: Clinic
  source: tests
rules:
  - id: dry
    kind: avoid
    for: 24h
    title:
      en: Do not wet your skin for <for>
      de: Die Haut <for> lang nicht nass machen
"""


def _plan(path: Path, lang: str | None, at: str = "2026-11-26 14:30", zone: str = "Pacific/Auckland", **kw) -> Plan:
    request = Request(at, ZoneInfo(zone), Patient(**kw), lang=lang, peel="jessner" if path == SPANISH else None)
    return build_plan(load_rulesets(path), request, MADE)


def _desk_lines(plan: Plan, today_is_treatment_day: bool = True) -> list[str]:
    console = Console(width=80, record=True, color_system=None, force_terminal=False)
    with speaking(plan_voice(plan)), console.capture() as captured:
        console.print(glance_view(plan, plan.treated_at.date() if today_is_treatment_day else None))
    return captured.get().splitlines()


# --- the rules file ------------------------------------------------------------


def test_a_text_per_language_is_kept_in_every_language_and_said_in_the_one_asked_for() -> None:
    ruleset = load_ruleset_text(TWO_LANGUAGES, "t.yaml")
    title, name = ruleset.rules[0].title, ruleset.treatment.name
    assert title.in_language("en") == "Do not wet your skin for <for>"
    assert name.in_language("de") == "Peeling"
    assert title.in_language("de") == "Die Haut <for> lang nicht nass machen"
    assert ruleset.treatment.clinic.in_language("de") == "Clinic"  # a plain string is the same in every language
    assert name.in_language("de-AT") == "Peeling"  # a region: its language's text


def test_a_language_the_file_lacks_says_the_default() -> None:
    # The shell refuses it for the patient (exit 2); the desk's screen may speak it with the default's texts.
    assert load_ruleset_text(TWO_LANGUAGES, "t.yaml").treatment.name.in_language("fr") == "Peel"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("      de: Die Haut <for> lang nicht nass machen\n", ""), "title: no 'de' text; give every language"),
        (("      de: Die", "      fr: La"), "title.fr: not one of the file's languages (en, de)"),
        (("  languages: [en, de]\n", ""), "a text per language needs languages: under treatment"),
        (("languages: [en, de]", "languages: [en, de, xx]"), "'xx': the tool's own words have no catalogue"),
        (("languages: [en, de]", "languages: [en, en]"), "'en' is listed twice"),
        (("languages: [en, de]", "languages: [english]"), "'english' is not a language code"),
        (("      de: Die Haut <for> lang nicht nass machen", "      de: ''"), "title.de: is empty"),
        (("      de: Die Haut <for> lang", "      de: Die Haut <fuer> lang"), "unknown placeholder <fuer>"),
        (("  source: tests\n", "  source: tests\n  clock: 13h\n"), "treatment.clock"),
        (("      de: Die Haut <for> lang", "      ~: Die Haut <for> lang"), "a text with no language before it"),
    ],
)
def test_rules_check_refuses_a_half_translated_file_with_its_line(change: tuple[str, str], message: str) -> None:
    text = TWO_LANGUAGES.replace(*change)
    assert text != TWO_LANGUAGES
    with pytest.raises(RulesError) as raised:
        load_ruleset_text(text, "t.yaml")
    assert any(message in problem and re.match(r"t\.yaml:\d+:\d+: ", problem) for problem in raised.value.problems)


@pytest.mark.parametrize("languages", ["[en, DE]", "{en: 1}", "[en, en]", "[]"])
def test_a_broken_languages_list_is_said_once_not_once_per_text(languages: str) -> None:
    with pytest.raises(RulesError) as raised:
        load_ruleset_text(TWO_LANGUAGES.replace("[en, de]", languages), "t.yaml")
    assert len(raised.value.problems) == 1, raised.value.problems
    assert "treatment.languages" in raised.value.problems[0]


def test_a_placeholder_is_checked_in_every_language() -> None:
    # The English one is right; the German one names a timing the rule does not have.
    text = TWO_LANGUAGES.replace("de: Die Haut <for> lang", "de: Die Haut <every> lang")
    with pytest.raises(RulesError) as raised:
        load_ruleset_text(text, "t.yaml")
    assert any("<every> names a timing this rule does not have" in problem for problem in raised.value.problems)


def test_rules_check_says_each_missing_translation_on_a_line_of_its_own(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        TWO_LANGUAGES.replace("  name: {en: Peel, de: Peeling}", "  name: {en: Peel}").replace(
            "      de: Die Haut <for> lang nicht nass machen\n", ""
        )
    )
    code, _, err = run_cli("rules", "check", str(path))
    assert code == 1
    missing = [line for line in err.splitlines() if "no 'de' text" in line]
    assert [line.split(": ")[1] for line in missing] == ["treatment.name", "rules[dry].title"]


def test_the_example_files_declare_a_second_and_a_right_to_left_language() -> None:
    (every,) = load_rulesets(EVERY)
    assert every.treatment.languages == ("en", "de", "ar")
    (spanish,) = load_rulesets(SPANISH)
    assert spanish.treatment.languages == ("en", "es")


# --- the desk's choice ----------------------------------------------------------


def test_a_language_the_rules_do_not_have_is_a_usage_error_naming_theirs(run_cli) -> None:
    code, out, err = run_cli("plan", "--rules", str(EVERY), "--lang", "xx")
    assert (code, out) == (2, "")
    assert "not written in 'xx' (they have: en, de, ar)" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("given", ["de-\x1b[31m", "de-\u202ex", "de--x", "d", "de-" + "a" * 5000, "de/x"])
def test_a_lang_that_is_not_a_language_code_is_one_safe_line(run_cli, given: str) -> None:
    code, out, err = run_cli("plan", "--rules", str(EVERY), "--lang", given)
    assert (code, out) == (2, "")
    assert "is not a language code" in err
    assert "\x1b" not in err
    assert "\u202e" not in err
    assert err.count("\n") == 1
    assert len(err) < 200  # a pasted page is not echoed back whole


def test_a_lang_is_spelled_as_bcp_47_spells_it(run_cli) -> None:
    args = ("plan", "--rules", str(SPANISH), "--peel", "jessner", "--format", "json", "--at", "2026-11-26 14:30")
    for given in ("es_mx", "ES-mx", "es-MX"):
        assert json.loads(run_cli(*args, "--lang", given)[1])["lang"] == "es-MX"


def test_the_desks_language_needs_the_tools_words_not_the_rules_texts(run_cli) -> None:
    args = ("plan", "--rules", str(SPANISH), "--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "UTC")
    code, out, _ = run_cli(*args, "--lang", "es", "--desk-lang", "fr")
    assert code == 0
    assert "Microdermabrasion (Jessner peel)" in out  # the rules' own first language: they have no French
    assert "Séance" in out  # the tool's words in French ("Treated")
    code, _, err = run_cli(*args, "--desk-lang", "it")
    assert code == 2
    assert "--desk-lang 'it': the tool's words have no catalogue in it" in err


def test_the_bundled_rules_are_english_only(run_cli) -> None:
    code, _, err = run_cli("plan", "--lang", "de")
    assert code == 2
    assert "(they have: en)" in err


def test_an_empty_lang_is_refused(run_cli) -> None:
    code, _, err = run_cli("plan", "--desk-lang", "")
    assert code == 2
    assert "--desk-lang is empty" in err


def test_completion_offers_the_rules_languages() -> None:
    from aftercare_cli.cli.completion import languages

    assert languages(EVERY, "") == ["ar", "de", "en"]
    assert languages(EVERY, "a") == ["ar"]


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_screen_speaks_the_patients_language_unless_the_desk_asks(run_cli, lang: str) -> None:
    args = ("plan", "--rules", str(EVERY), "--at", "2026-11-26 14:30", "--tz", "Pacific/Auckland", "--lang", lang)
    _, translated, _ = run_cli(*args)
    _, desk, _ = run_cli(*args, "--desk-lang", "en")
    _, english, _ = run_cli(*args[:-2])
    # The same words; the reference is the patient's plan's, which another language makes another plan.
    reference = re.compile(r"Reference: [0-9A-F-]+")
    assert reference.sub("", desk) == reference.sub("", english)
    assert reference.search(desk)[0] != reference.search(english)[0]  # type: ignore[index]
    assert translated != english
    assert "Example window" in english
    assert "Example window" not in translated


def test_desk_lang_keeps_the_patients_files_in_their_language(run_cli, tmp_path: Path) -> None:
    page, ics = tmp_path / "plan.html", tmp_path / "plan.ics"
    args = ("plan", "--rules", str(SPANISH), "--peel", "jessner", "--at", "2026-11-26 14:30", "--tz", "UTC")
    code, out, err = run_cli(*args, "--lang", "es", "--desk-lang", "en", "--handout", str(page), "--ics", str(ics))
    assert code == 0
    assert "Keep your skin cool" in out  # the desk's screen, in English
    assert "calendar events" in err  # and the desk's notices,
    assert "the calendar \u201cCuidados posteriores\u201d" in " ".join(err.split())  # naming the patient's calendar
    assert 'lang="es"' in page.read_text()
    assert "Su plan de cuidados posteriores" in page.read_text()
    assert "SUMMARY;LANGUAGE=es:" in ics.read_text()


def test_the_json_says_its_language_and_its_texts_are_in_it(run_cli) -> None:
    args = ("plan", "--rules", str(SPANISH), "--peel", "jessner", "--at", "2026-11-26 14:30", "--format", "json")
    code, out, _ = run_cli(*args, "--lang", "es-MX", "--desk-lang", "en")  # the JSON is the patient's, not the desk's
    assert code == 0
    document = json.loads(out)
    assert document["lang"] == "es-MX"
    assert document["treatment_name"] == "Microdermoabrasión"
    _, out, _ = run_cli(*args)
    assert json.loads(out)["lang"] == "en"


# --- every face in the language --------------------------------------------------


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_golden_handout_and_calendar(lang: str) -> None:
    plan = _plan(EVERY, lang, name="Ana")
    with speaking(plan_voice(plan)):
        check_golden(f"handout-every-feature-{lang}.html", plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo)))
        check_golden(f"calendar-every-feature-{lang}.ics", plan_calendar(plan, stamp=MADE))


def test_placeholders_are_filled_with_the_languages_words() -> None:
    plan = _plan(EVERY, "de")
    with speaking(plan_voice(plan)):
        titles = {item.rule_id: item_title(item) for item in plan.items}
    assert "3 bis 5 Tage" in titles["example-range"]
    assert "<" not in "".join(titles.values())


def test_the_desks_changes_are_said_in_the_plans_language() -> None:
    request = Request("2026-11-26 14:30", ZoneInfo("UTC"), Patient(), lang="de")

    request = Request(
        "2026-11-26 14:30", ZoneInfo("UTC"), Patient(), lang="de", desk=DeskChoices(["example-window.for=3d"])
    )
    plan = build_plan(load_rulesets(EVERY), request, MADE)
    (changed,) = [rule for rule in plan.rules if rule.adjusted]
    with speaking(plan_voice(plan)):
        assert adjustment_words(changed) == "3 Tage statt 24 Stunden"


def test_the_calendar_carries_the_language_and_a_translated_plan_can_be_replaced(run_cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    args = ("plan", "--rules", str(EVERY), "--at", "2026-11-26 14:30", "--tz", "UTC", "--lang", "ar")
    assert run_cli(*args, "--ics", str(old))[0] == 0
    calendar = Calendar.from_ical(old.read_bytes())
    for event in calendar.walk("VEVENT"):
        assert event["SUMMARY"].params["LANGUAGE"] == "ar"
        assert event["DESCRIPTION"].params["LANGUAGE"] == "ar"
    name = " ".join(str(calendar["X-WR-CALNAME"]).replace("\\,", ",").split())
    code, out, _ = run_cli(*args, "--ics", str(new), "--replaces", str(old), "--timeline")
    assert code == 0
    assert name in " ".join(out.split())  # the old calendar, named for the patient to delete
    code, out, _ = run_cli(*args, "--ics", str(new), "--replaces", str(old), "--force")
    assert code == 0
    assert name.rpartition("\u060c ")[2] in " ".join(out.split())  # the desk view: its name's end, the minute


def test_an_english_calendar_has_no_language_parameter(bundled) -> None:
    from conftest import plan_for

    assert b"LANGUAGE=" not in plan_calendar(plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland"), stamp=MADE)


def test_a_right_to_left_handout_isolates_its_left_to_right_runs() -> None:
    plan = _plan(EVERY, "ar")
    with speaking(plan_voice(plan)):
        page = plan_handout(plan, MADE)
    assert '<html lang="ar" dir="rtl">' in page
    assert "<bdi>14:30</bdi>" in page
    assert "<bdi>Example product D</bdi>" in page
    assert "<bdi>000 000 0000 (example)</bdi>" in page
    assert "<bdi><bdi>" not in page
    german = _plan(EVERY, "de")
    with speaking(plan_voice(german)):
        page = plan_handout(german, MADE)
    assert '<html lang="de" dir="ltr">' in page
    assert "<bdi>" not in page  # left to right: nothing to isolate


def test_hostile_text_stays_text_in_a_right_to_left_page() -> None:
    from aftercare_cli.outputs.handout import isolated

    with speaking(plan_voice(_plan(EVERY, "ar"))):
        assert str(isolated("<script>x</script> 14:30")) == "&lt;<bdi>script&gt;x&lt;/script&gt; 14:30</bdi>"


def test_a_right_to_left_page_keeps_a_latin_name_with_accents_whole() -> None:
    # "Zoë Müller" was cut at each letter outside A-Z and printed as "llerë MüZo".
    from aftercare_cli.outputs.handout import isolated

    with speaking(plan_voice(_plan(EVERY, "ar"))):
        assert str(isolated("Zoë Müller")) == "<bdi>Zoë Müller</bdi>"
        assert str(isolated("الخميس، 26 نوفمبر 2026، 14:30 UTC (+00:00)")) == (
            "الخميس، <bdi>26</bdi> نوفمبر <bdi>2026</bdi>، <bdi>14:30 UTC (+00:00)</bdi>"
        )


@pytest.mark.parametrize(
    ("zone", "at"),
    [
        *[("Pacific/Auckland", f"2026-11-26 {clock}") for clock in ("07:00", "11:15", "14:30", "18:45", "21:50")],
        ("Pacific/Auckland", "2026-04-04 20:00"),  # the clocks go back in the plan
        ("Europe/Madrid", "2026-03-28 20:00"),  # and forward
        ("America/Mexico_City", "2026-06-10 09:30"),
    ],
)
def test_the_spanish_desk_view_fits_one_screen(at: str, zone: str) -> None:
    for today in (True, False):
        lines = _desk_lines(_plan(SPANISH, "es", at=at, zone=zone), today)
        assert len(lines) <= 23, "\n".join(lines)
        assert max(len(line) for line in lines) <= 80


def test_the_spanish_desk_view_for_a_night_shift_patient_fits_too() -> None:
    from datetime import time

    lines = _desk_lines(_plan(SPANISH, "es", at="2026-11-26 08:00", wake=time(15), bedtime=time(7)))
    assert len(lines) <= 23


def test_the_english_default_never_imports_babel(tmp_path: Path) -> None:
    files = ["--ics", str(tmp_path / "p.ics"), "--handout", str(tmp_path / "p.html")]
    code = (
        "import sys; from aftercare_cli.cli.run import run; "
        f"run(['plan', '--at', '2026-11-26 14:30', '--tz', 'UTC', *{files!r}]); "
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('babel'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.endswith("[]")
    spanish = f"'UTC', '--force', '--rules', {str(SPANISH)!r}, '--peel', 'jessner', '--lang', 'es',"
    code = code.replace("'UTC',", spanish)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'babel'" in done.stderr  # the check itself can fail


# --- printed by a real browser ---------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("at", ["2026-11-26 07:30", "2026-11-26 14:30", "2026-11-26 21:50"])
def test_the_spanish_handout_prints_its_week_on_the_first_page(tmp_path: Path, at: str) -> None:
    plan = _plan(SPANISH, "es", at=at, name="Ana")
    with speaking(plan_voice(plan)):
        pdf = printed(plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo), paper="a4"), tmp_path)
    assert pages(pdf) <= 2
    first = text(pdf, 1)
    assert "Su plan de cuidados posteriores, Ana" in first
    with speaking(plan_voice(plan)):
        from aftercare_cli.speech import day

        days = list(dict.fromkeys(day(item.start) for item in plan.items if item.kind.value == "do"))
    assert [found for found in days if found in first] == days  # every day of the week's grid, on page one


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "words"), [("de", "Ihr Nachsorgeplan"), ("ar", "خطتك")])
def test_german_and_arabic_handouts_print_their_words_and_times(tmp_path: Path, lang: str, words: str) -> None:
    plan = _plan(EVERY, lang)
    with speaking(plan_voice(plan)):
        pdf = printed(plan_handout(plan, MADE.astimezone(plan.treated_at.tzinfo), paper="a4"), tmp_path)
    printed_text = text(pdf)
    assert words in printed_text
    assert "14:30" in printed_text  # a time isolated in right-to-left text keeps its digits in order
    assert "000 000 0000" in printed_text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    if lang == "ar":  # Liberation has no Arabic: the glyphs come from a font that has them (.ci/run installs DejaVu)
        assert [line for line in fonts.splitlines()[2:] if "Liberation" not in line]


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize(
    ("zone", "at"), [("Pacific/Auckland", "2026-04-04 20:00"), ("Europe/Berlin", "2026-03-28 20:00")]
)
def test_a_translated_calendar_reads_the_same_in_three_independent_readers(lang: str, zone: str, at: str) -> None:
    # A DST weekend in each direction: every event at the plan's instant, its title in the plan's language.
    import recurring_ical_events
    import vobject

    plan = _plan(EVERY, lang, at=at, zone=zone)
    with speaking(plan_voice(plan)):
        data = plan_calendar(plan, stamp=MADE)
    ours = Calendar.from_ical(data)
    starts = sorted(event.decoded("DTSTART") for event in ours.walk("VEVENT"))
    parsed = vobject.readOne(data.decode("utf-8"), validate=True)
    assert sorted(event.dtstart.value for event in parsed.vevent_list) == starts
    shown = recurring_ical_events.of(ours).between((2026, 1, 1), (2027, 6, 1))
    assert sorted(event.decoded("DTSTART") for event in shown) == starts
    titles = {str(event["SUMMARY"]) for event in ours.walk("VEVENT")}
    assert not any("Example" in title for title in titles)  # no English title left


def test_a_reminder_moved_from_another_day_says_that_day_in_the_languages_own_sentence() -> None:
    plan = _plan(SPANISH, "es", "2026-12-26 20:10", "Europe/Madrid")
    with speaking(plan_voice(plan)):
        notes = [moved_note(item) for item in plan.items if item.moved_from is not None]
    # "desde las sáb" would read as a clock time: a day has its own sentence, "desde el sáb ... a las 22:00".
    assert "movido desde el sáb, 26 dic a las 22:00 hasta que termine \u201cNo se moje la piel\u201d" in notes
    assert "movido desde las 0:10 para quedar fuera de sus horas de sueño" in notes  # the same day: the clock alone
