"""The tool's own words in other languages: complete catalogues, CLDR's dates, the clinic's clock, plural forms."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from datetime import datetime, time
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from aftercare_cli import speech
from aftercare_cli.language_tags import DOMAIN, LOCALE_DIR, catalogue_languages, has_catalogue
from aftercare_cli.model import Clock, Span
from aftercare_cli.speech import Voice, speaking
from aftercare_cli.timing_words import span_words
from aftercare_cli.voices import voice_of

ROOT = Path(__file__).parent.parent.parent
# Every catalogue in the tree, so that a language added later is held to the same checks.
SHIPPED = tuple(sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))
THURSDAY = datetime(2026, 11, 26, 14, 30)


def _catalogue(lang: str) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _extracted(tmp_path: Path) -> set[object]:
    """The msgids the code and the template hold today, extracted as CONTRIBUTING says."""
    pot = tmp_path / "fresh.pot"
    command = [
        *(sys.executable, "-m", "babel.messages.frontend", "extract"),
        *("-F", "babel.cfg", "-k", "_", "-k", "ngettext:1,2", "--no-location", "-o", str(pot), "."),
    ]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_the_shipped_languages_are_the_catalogues() -> None:
    assert {"ar", "de", "es", "fr"} <= set(SHIPPED)  # the ones docs/languages.md promises
    assert catalogue_languages() == sorted(["en", *SHIPPED])
    assert has_catalogue("es-MX")  # a region falls back to its language
    assert has_catalogue("de")
    assert not has_catalogue("xx")


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalogue_is_complete_and_checked(lang: str) -> None:
    catalogue = _catalogue(lang)
    header = next(message for message in catalogue if not message.id)
    assert not header.fuzzy
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        assert not message.fuzzy, message.id
        assert all(strings), f"{lang}: untranslated {message.id!r}"
        assert not list(message.check(catalogue)), message.id  # python-format placeholders as the msgid's
        if isinstance(message.id, (list, tuple)):
            assert len(strings) == catalogue.num_plurals


def test_the_catalogues_hold_exactly_the_words_the_code_says(tmp_path: Path) -> None:
    # A sentence added to the code without a translation (or one left behind) fails here: run pybabel update.
    extracted = _extracted(tmp_path)
    for lang in SHIPPED:
        assert {message.id for message in _catalogue(lang) if message.id} == extracted, lang


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_compiled_catalogue_is_its_po(lang: str) -> None:
    # The .mo files ship in the wheel; a .po changed without `pybabel compile` would not be what patients read.
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    fresh = io.BytesIO()
    write_mo(fresh, _catalogue(lang))
    fresh.seek(0)
    assert shipped._catalog == gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "day", "full"),
    [
        ("de", "Do., 26. Nov.", "Do., 26. Nov. 2026"),
        ("es", "jue, 26 nov", "jue, 26 nov 2026"),
        ("fr", "jeu. 26 nov.", "jeu. 26 nov. 2026"),
        ("ar", "الخميس، 26 نوفمبر", "الخميس، 26 نوفمبر 2026"),
        ("en", "Thu 26 Nov", "Thu 26 Nov 2026"),
    ],
)
def test_days_are_said_as_cldr_says_them(lang: str, day: str, full: str) -> None:
    voice = voice_of(lang)
    assert voice.day(THURSDAY) == day
    assert voice.day_with_year(THURSDAY) == full


@pytest.mark.parametrize(
    ("lang", "clock", "said"),
    [
        ("de", "24h", "14:30"),
        ("de", "12h", "2:30\u202fPM"),
        ("es", "12h", "2:30\u202fp.\u202fm."),
        ("en", "12h", "2:30pm"),
        ("en", "24h", "14:30"),
        ("en-NZ", "24h", "14:30"),  # CLDR's New Zealand is 12-hour; the clinic's choice wins
        ("ar", "24h", "14:30"),
    ],
)
def test_the_clock_is_the_clinics_not_the_locales(lang: str, clock: str, said: str) -> None:
    assert voice_of(lang, Clock(clock)).clock_time(time(14, 30)) == said


def test_a_region_cldr_does_not_know_falls_back_to_its_language() -> None:
    assert voice_of("de-XX").day(THURSDAY) == "Do., 26. Nov."


@pytest.mark.parametrize(
    ("lang", "spans"),
    [
        ("de", {1: "1 Tag", 3: "3 Tage"}),
        ("es", {1: "1 día", 3: "3 días"}),
        ("fr", {1: "1 jour", 3: "3 jours"}),
    ],
)
def test_durations_follow_the_language_and_the_clinics_unit(lang: str, spans: dict[int, str]) -> None:
    from datetime import timedelta

    with speaking(voice_of(lang)):
        for days, words in spans.items():
            assert span_words(Span(timedelta(days=days), "d")) == words
        hours_48, days_2 = Span(timedelta(hours=48), "h"), Span(timedelta(days=2), "d")
        assert span_words(hours_48) != span_words(days_2)  # "48 Stunden", "2 Tage"


def test_arabic_has_its_six_plural_forms() -> None:
    from datetime import timedelta

    with speaking(voice_of("ar")):
        said = {count: span_words(Span(timedelta(days=count), "d")) for count in (1, 2, 3, 11, 100)}
    assert len(set(said.values())) == 5  # each a different form (0 is never a span's count)
    assert said[2] == "يومين"  # the dual says its number itself: no digit before it
    assert all(str(count) in words for count, words in said.items() if count != 2)


def test_english_is_the_default_and_needs_no_catalogue() -> None:
    assert isinstance(speech.current(), Voice)
    assert speech.current().lang == "en"
    assert speech._("today") == "today"
    assert type(voice_of("en-GB")) is Voice


def test_a_voice_is_only_current_inside_speaking() -> None:
    with speaking(voice_of("de")):
        assert speech._("today") == "heute"
    assert speech._("today") == "today"


def test_no_sentence_is_left_in_english_in_a_translation() -> None:
    # Untranslated-but-filled would pass the completeness check: few messages may stay English (names, ":").
    for lang in SHIPPED:
        same = [str(m.id) for m in _catalogue(lang) if isinstance(m.id, str) and m.id and m.string == m.id]
        words = [message for message in same if re.search(r"[a-z]{4,}", re.sub(r"%\(\w+\)s", "", message))]
        assert words == [], lang
