"""Picking a treatment and a peel by id, with a helpful error for a typo."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from aftercare_cli.errors import UsageError
from aftercare_cli.model import Peel, RuleSet


def unknown_choice(what: str, given: str, valid: Sequence[str], option: str) -> UsageError:
    """`unknown peel 'jesner' (valid: custom, jessner); did you mean --peel jessner?`"""
    close = difflib.get_close_matches(given.lower(), [v.lower() for v in valid], n=1, cutoff=0.5)
    hint = f"did you mean {option} {close[0]}?" if close else f"choose one with {option}"
    return UsageError(f"unknown {what} {given!r} (valid: {', '.join(valid)})", hint)


def pick_treatment(rulesets: Sequence[RuleSet], treatment_id: str | None) -> RuleSet:
    ids = [r.treatment.id for r in rulesets]
    if treatment_id is None:
        if len(rulesets) == 1:
            return rulesets[0]
        raise UsageError(f"these rules hold several treatments ({', '.join(ids)})", "choose one with --treatment")
    for ruleset in rulesets:
        if ruleset.treatment.id == treatment_id:
            return ruleset
    raise unknown_choice("treatment", treatment_id, ids, "--treatment")


def pick_peel(ruleset: RuleSet, peel_id: str | None) -> Peel:
    chosen = ruleset.peel(peel_id or ruleset.default_peel)
    if chosen is None:
        raise unknown_choice("peel", peel_id or "", [p.id for p in ruleset.peels], "--peel")
    return chosen
