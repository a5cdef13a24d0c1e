"""The patient's language (`--lang`) and the desk's (`--desk-lang`): validated, spelled as BCP 47, matched to
the rules."""

from __future__ import annotations

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped
from aftercare_cli.language_tags import best_language, catalogue_languages, has_catalogue, language_tag
from aftercare_cli.model import Treatment

MAX_TAG = 35  # BCP 47's longest tag a desk would type ("zh-Hant-TW" is 10); beyond it, a paste gone wrong


def pick_language(treatment: Treatment, wanted: str | None, option: str = opt.LANG, desk: bool = False) -> str:
    """The language tag the plan is said in, spelled as BCP 47 spells it (es_mx: es-MX): `wanted` if the rules
    have it (es-MX is said with their es), else their default. A language they do not have is refused with the
    ones they have; for the desk's own screen (`desk`), a language the tool's words have is enough: the clinic's
    texts are then in the rules' default language."""
    if wanted is None:
        return treatment.languages[0]
    tag = language_tag(wanted) if len(wanted) <= MAX_TAG else None
    if tag is None:
        raise UsageError(
            f"{option} {escaped(wanted[:MAX_TAG])!r} is not a language code", "write one such as de, es-MX or ar"
        )
    if best_language(tag, treatment.languages) is not None or (desk and has_catalogue(tag)):
        return tag
    if desk:
        have = ", ".join(catalogue_languages())
        raise UsageError(f"{option} {tag!r}: the tool's words have no catalogue in it (it has {have})", "choose one")
    have = ", ".join(treatment.languages)
    raise UsageError(
        f"the rules of {treatment.id} are not written in {tag!r} (they have: {have})",
        f"choose one of them with {option}, or add {tag!r} under languages: in the rules",
    )
