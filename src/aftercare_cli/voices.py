"""A language other than English: its catalogue of the tool's words (gettext) and its dates (CLDR, through Babel).

Babel is imported, and a catalogue read, only when a plan is said in another
language (`--lang`, or rules whose first language is another): the English
default never loads either (a test checks its modules). The catalogues are compiled
`.mo` files under `locale/` (CONTRIBUTING says how to add one); dates, weekday
and month names come from CLDR; the clock stays the clinic's (`speech.Clock`).
"""

from __future__ import annotations

import functools
import gettext
from datetime import datetime, time
from typing import TYPE_CHECKING

from aftercare_cli.language_tags import DOMAIN, ENGLISH, LOCALE_DIR, primary
from aftercare_cli.model import Clock
from aftercare_cli.speech import Voice

if TYPE_CHECKING:
    from aftercare_cli.model import Plan


class TranslatedVoice(Voice):
    """The tool's words from a gettext catalogue; days from CLDR in the language's own order and names."""

    def __init__(self, lang: str, clock: Clock) -> None:
        super().__init__(clock)
        from babel import Locale, UnknownLocaleError

        self.lang = lang
        try:
            self.locale = Locale.parse(lang, sep="-")
        except (ValueError, UnknownLocaleError):  # a region CLDR does not know (de-XX): the language's own
            self.locale = Locale.parse(primary(lang))
        self.direction = self.locale.text_direction
        tags = list(dict.fromkeys([str(self.locale), primary(lang)]))  # es_MX, then es
        self.translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=tags, fallback=True)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def day(self, moment: datetime) -> str:
        return self._skeleton("MMMEd", moment)

    def day_month(self, moment: datetime) -> str:
        return self._skeleton("MMMd", moment)

    def day_with_year(self, moment: datetime) -> str:
        return self._skeleton("yMMMEd", moment)

    def clock_time(self, clock: time) -> str:
        # Hm and hm name the hour cycle outright: CLDR's preferred one is the territory's, not the clinic's.
        return self._skeleton("hm" if self.clock == "12h" else "Hm", datetime.combine(datetime.min.date(), clock))

    def _skeleton(self, skeleton: str, moment: datetime) -> str:
        from babel.dates import format_skeleton

        return str(format_skeleton(skeleton, moment, locale=self.locale))


@functools.cache
def voice_of(lang: str, clock: Clock = Clock.H24) -> Voice:
    """The voice for a language tag on a clinic's clock (English: the default, with no catalogue and no Babel).

    One per language and clock in a process: a batch of a day's patients reads each catalogue once.
    """
    if primary(lang) == ENGLISH:
        voice = Voice(clock)
        voice.lang = lang  # en-GB stays en-GB in the files' LANGUAGE and lang
        return voice
    return TranslatedVoice(lang, clock)


def plan_voice(plan: Plan) -> Voice:
    """The voice a plan is said in: its language, on its clinic's clock."""
    return voice_of(plan.lang, plan.treatment.clock)


def language_name(lang: str, said_in: str = ENGLISH) -> str:
    """A language's name in `said_in`, and in its own where that differs: "German — Deutsch"; the tag itself
    where CLDR has no name for it. For the desk's choice of the patient's language (`aftercare desk`)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang, sep="-")
        name = locale.get_display_name(Locale.parse(primary(said_in))) or lang
        own = locale.get_display_name(locale) or name
    except (ValueError, UnknownLocaleError):
        return lang
    return name if own == name else f"{name} \u2014 {own}"
