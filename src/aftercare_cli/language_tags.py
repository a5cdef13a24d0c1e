"""Language tags as BCP 47 spells them (`es-MX`, `zh-Hant`), which of a file's languages says which tag, and
which languages the tool's own words have a catalogue in.

Not the translation of anything (that is `speech` and `voices`): the rules'
`languages:`, `--lang` and `--desk-lang` are read and matched here.
"""

from __future__ import annotations

import re
from pathlib import Path

# The compiled catalogues of the tool's own words, one folder per language (CONTRIBUTING: Adding a language).
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "aftercare"
ENGLISH = "en"  # the language the tool's words are written in: the default, needing no catalogue
# A BCP 47 language tag as clinics write one: a language, then a region or script (en, de, es-MX, zh-Hant).
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,3}")


def language_tag(text: str) -> str | None:
    """`es_mx` -> "es-MX", `zh-hant` -> "zh-Hant": a tag in BCP 47's own spelling; None if it is not one."""
    if not LANGUAGE_TAG.fullmatch(text):
        return None
    first, *rest = re.split(r"[-_]", text)
    spelled = [part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower() for part in rest]
    return "-".join([first.lower(), *spelled])


def primary(lang: str) -> str:
    """`es-MX` -> "es": the language without its region or script."""
    return lang.split("-", 1)[0].lower()


def best_language(wanted: str, languages: tuple[str, ...]) -> str | None:
    """The one of `languages` to say `wanted` (a tag as `language_tag` spells it) in: the same tag, else its
    language (es-MX: es); else None."""
    lowered = {language.lower(): language for language in languages}
    return lowered.get(wanted.lower()) or lowered.get(primary(wanted))


def catalogue_languages() -> list[str]:
    """The languages the tool's own words can be said in: English and every compiled catalogue, sorted."""
    found = {path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return sorted({ENGLISH, *found})


def has_catalogue(lang: str) -> bool:
    """Whether the tool can say its own words in `lang` (a region falls back to its language: es-MX to es)."""
    known = catalogue_languages()
    return primary(lang) in known or lang in known
