"""The treatment and the peel asked for by id (`--treatment`, `--peel`), with a helpful error for a typo."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from aftercare_cli import option_names as opt
from aftercare_cli.errors import UsageError
from aftercare_cli.escapes import escaped, lookalikes
from aftercare_cli.model import NO_PEEL, Peel, RuleSet


def unknown_choice(what: str, given: str, valid: Sequence[str], option: str) -> UsageError:
    """`unknown peel 'jesner' (valid: custom, jessner); did you mean --peel jessner?`"""
    close = difflib.get_close_matches(given.lower(), [v.lower() for v in valid], n=1, cutoff=0.5)
    hint = f"did you mean {option} {close[0]}?" if close else f"choose one with {option}"
    odd = lookalikes(given)
    if odd:
        hint = f"{odd}; type the id again"
    return UsageError(f"unknown {what} {escaped(given)!r} (valid: {', '.join(valid)})", hint)


def pick_treatment(rulesets: Sequence[RuleSet], treatment_id: str | None, peel_id: str | None = None) -> RuleSet:
    """The treatment asked for; else the only one; else the only one that has the peel asked for."""
    ids = [r.treatment.id for r in rulesets]
    if treatment_id is None:
        if len(rulesets) == 1:
            return rulesets[0]
        having = [r for r in rulesets if peel_id is not None and r.peel(peel_id) is not None]
        if len(having) == 1:
            return having[0]
        if having:
            names = ", ".join(r.treatment.id for r in having)
            raise UsageError(
                f"the peel {peel_id!r} belongs to several treatments ({names})", f"choose one with {opt.TREATMENT}"
            )
        if peel_id is not None:
            peels = sorted({p.id for r in rulesets for p in r.peels})
            raise unknown_choice("peel", peel_id, peels, opt.PEEL)
        raise UsageError(f"these rules hold several treatments ({', '.join(ids)})", f"choose one with {opt.TREATMENT}")
    for ruleset in rulesets:
        if ruleset.treatment.id == treatment_id:
            return ruleset
    raise unknown_choice("treatment", treatment_id, ids, opt.TREATMENT)


def pick_peel(ruleset: RuleSet, peel_id: str | None) -> Peel:
    """The peel asked for, else the treatment's default; NO_PEEL for a treatment without variants."""
    if not ruleset.peels:
        if peel_id is not None:
            raise UsageError(f"{ruleset.treatment.id} has no peel types", f"leave out {opt.PEEL}")
        return NO_PEEL
    chosen = ruleset.peel(peel_id or ruleset.default_peel)
    if chosen is None:
        raise unknown_choice("peel", peel_id or "", [p.id for p in ruleset.peels], opt.PEEL)
    return chosen
