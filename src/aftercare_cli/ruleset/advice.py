"""What `rules check` warns about without refusing: rules that load and plan, but miss something a patient needs.

Warning signs tell the patient to call: a treatment that has them and gives no
contact leaves "Contact your clinic." beside them, and no number to call (a sign
whose words send the patient elsewhere, `contact: none`, is not counted).
"""

from __future__ import annotations

from aftercare_cli.model import Kind, RuleSet


def ruleset_warnings(ruleset: RuleSet) -> list[str]:
    """`file: treatment.contact: ...` for each thing worth a warning; [] for none."""
    where = f"{ruleset.path}: " if ruleset.path else ""
    # A sign whose words name someone else (`contact: none`, "see your GP") needs no contact of the clinic's.
    signs = [rule.id for rule in ruleset.rules if rule.kind is Kind.WARNING and rule.contact_clinic]
    contact = ruleset.treatment.contact
    if signs and not (contact.phone or contact.web):
        return [
            f"{where}treatment.contact: the warning signs ({', '.join(signs)}) tell the patient to get in touch, "
            "but the treatment gives no contact; add treatment.contact with a phone or web address"
        ]
    return []
