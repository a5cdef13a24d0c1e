"""What the shell completes (`aftercare --install-completion`): peel, treatment and rule ids, languages, zones.

Each runs only when the shell asks for completions, never on a normal start,
and looks at the rules `plan` would use (the path the shell's `app` resolves:
`--rules` on the line so far, else `$AFTERCARE_RULES`, else the bundled).
A rules file that does not load completes nothing rather than failing.
"""

from __future__ import annotations

from pathlib import Path

from aftercare_cli.cli.inputs.zone_names import is_region_zone
from aftercare_cli.errors import AftercareError
from aftercare_cli.model import RuleSet
from aftercare_cli.ruleset.loader import load_rulesets
from aftercare_cli.ruleset.timing.fit import settable_keys


def _rulesets(rules: Path) -> list[RuleSet]:
    try:
        return load_rulesets(rules)
    except AftercareError:
        return []


def peel_ids(rules: Path, incomplete: str) -> list[tuple[str, str]]:
    """Peel ids in `rules` starting with `incomplete`, each with what it is: ("body", "Area: body").

    zsh and fish show the second part beside the id; bash shows the ids alone.
    """
    found = {
        peel.id: f"{ruleset.treatment.variant.default or 'Peel'}: {peel.label.default}"
        for ruleset in _rulesets(rules)
        for peel in ruleset.peels
        if peel.id.startswith(incomplete)
    }
    return sorted(found.items())


def treatment_ids(rules: Path, incomplete: str) -> list[str]:
    """Treatment ids in `rules` starting with `incomplete`."""
    return sorted(r.treatment.id for r in _rulesets(rules) if r.treatment.id.startswith(incomplete))


def rule_ids(rules: Path, incomplete: str) -> list[str]:
    """Rule ids in `rules` starting with `incomplete`, for `--skip` and `--mute`."""
    return sorted({rule.id for r in _rulesets(rules) for rule in r.rules if rule.id.startswith(incomplete)})


def settings(rules: Path, incomplete: str) -> list[str]:
    """`keep-cool.for=`, `recovery-cream.every=`: every field each rule can adjust."""
    found = []
    for ruleset in _rulesets(rules):
        for rule in ruleset.rules:
            fields = settable_keys(rule.kind)
            found += [f"{rule.id}.{field}=" for field in fields if f"{rule.id}.{field}=".startswith(incomplete)]
    return sorted(set(found))


def languages(rules: Path, incomplete: str) -> list[str]:
    """The languages the rules are written in (`languages:`), for `--lang` and `--desk-lang`."""
    found = {language for r in _rulesets(rules) for language in r.treatment.languages}
    return sorted(language for language in found if language.lower().startswith(incomplete.lower()))


def zone_names(incomplete: str) -> list[str]:
    """Region zone names starting with `incomplete`, case-insensitively."""
    from zoneinfo import available_timezones

    lower = incomplete.lower()
    return sorted(z for z in available_timezones() if z.lower().startswith(lower) and is_region_zone(z))
