"""The clinic's words in a plan, said in the current voice (`speech`): each text in the voice's language, with
its placeholders filled from the rule's timing as this patient has it (after any `--set`).

The plan holds the clinic's texts in every language they were written in and says none of them; every face
takes them from here, so the desk's screen and the patient's paper say one plan, each in its own language.
"""

from __future__ import annotations

import re

from aftercare_cli.model import Item, ItemKind, Peel, Rule, Treatment, Written
from aftercare_cli.speech import _
from aftercare_cli.timing_words import clinic_words, fill


def text(written: Written) -> str:
    """A text the clinic wrote, in the current voice's language (or the rules' default)."""
    return clinic_words(written)


def title(rule: Rule) -> str:
    """The rule's instruction: "Do not wet your skin for 12 hours"."""
    return fill(text(rule.title), rule.timing)


def label(rule: Rule) -> str:
    """The rule's short name for a notification or a handout cell: its own label, else its title up to the first
    comma, colon or semicolon."""
    own = text(rule.label)
    return fill(own, rule.timing) if own else re.split(r"[,:;]", title(rule), maxsplit=1)[0].strip()


def details(rule: Rule) -> str:
    """What the clinic says more about the step ("" for nothing)."""
    return fill(text(rule.details), rule.timing)


def end_note(rule: Rule) -> str:
    """What a window's end announces: "The 12 hours are over"."""
    return fill(text(rule.end_note), rule.timing)


def products(rule: Rule) -> tuple[str, ...]:
    """The products the step uses, each named in the current language."""
    return tuple(text(product) for product in rule.products)


def item_title(item: Item) -> str:
    """What a timeline item says: its rule's instruction, or for a window's end its end note (at an end the clinic
    left vague, said as usual: "Usually around now (until your skin has healed): ...")."""
    if item.kind is not ItemKind.ENDS:
        return title(item.rule)
    timing = item.rule.timing
    if timing is None or not timing.end_words:
        return end_note(item.rule)
    parts = {"words": clinic_words(timing.end_words), "note": end_note(item.rule)}
    # Translators: a window's end note at the usual end of the clinic's vague words ("until your skin has healed").
    return _("Usually around now (%(words)s): %(note)s") % parts


def item_label(item: Item) -> str:
    """An item's short name: its rule's label, or for a window's end its end note."""
    return end_note(item.rule) if item.kind is ItemKind.ENDS else label(item.rule)


def treatment_name(treatment: Treatment) -> str:
    """ "Microdermabrasion"."""
    return text(treatment.name)


def clinic_name(treatment: Treatment) -> str:
    """ "Skin Clinic"."""
    return text(treatment.clinic)


def source(treatment: Treatment) -> str:
    """Where the rules come from."""
    return text(treatment.source)


def variant(treatment: Treatment) -> str:
    """What the treatment's variants are, when not peels: "Area"; "" for peels."""
    return text(treatment.variant)


def peel_label(peel: Peel) -> str:
    """ "Jessner peel"; "" for a treatment without variants."""
    return text(peel.label)
