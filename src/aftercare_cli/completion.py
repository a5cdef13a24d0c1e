"""What the shell completes (`aftercare --install-completion`): peel, treatment and rule ids, zone names.

Each runs only when the shell asks for completions, never on a normal start,
and looks at the rules `plan` would use: `$AFTERCARE_RULES`, else the bundled.
A rules file that does not load completes nothing rather than failing.
"""

from __future__ import annotations

import os
from pathlib import Path

from aftercare_cli.errors import AftercareError
from aftercare_cli.model import RuleSet
from aftercare_cli.rulefiles import bundled_rules_dir
from aftercare_cli.rules import load_rulesets
from aftercare_cli.timings import KIND_KEYS, TIMING_KEYS
from aftercare_cli.zones import is_region_zone


def _rulesets() -> list[RuleSet]:
    configured = os.environ.get("AFTERCARE_RULES", "")
    try:
        return load_rulesets(Path(configured) if configured else bundled_rules_dir())
    except AftercareError:
        return []


def peel_ids(incomplete: str) -> list[str]:
    return sorted({p.id for r in _rulesets() for p in r.peels if p.id.startswith(incomplete)})


def treatment_ids(incomplete: str) -> list[str]:
    return sorted(r.treatment.id for r in _rulesets() if r.treatment.id.startswith(incomplete))


def settings(incomplete: str) -> list[str]:
    """`keep-cool.for=`, `recovery-cream.every=`: every field each rule can adjust."""
    found = []
    for ruleset in _rulesets():
        for rule in ruleset.rules:
            fields = [key for key in TIMING_KEYS if key in KIND_KEYS[rule.kind]]
            found += [f"{rule.id}.{field}=" for field in fields if f"{rule.id}.{field}=".startswith(incomplete)]
    return sorted(set(found))


def zone_names(incomplete: str) -> list[str]:
    from zoneinfo import available_timezones

    lower = incomplete.lower()
    return sorted(z for z in available_timezones() if z.lower().startswith(lower) and is_region_zone(z))
