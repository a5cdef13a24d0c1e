"""Plan -> the teach-back questions: three the technician asks the patient, each with its answer from this plan.

Teach-back (the patient says the instructions back in their own words) is
how the desk knows they were understood. The questions are made from this
patient's plan as it stands when it is handed over (`now`): the first
restriction still to end, the next step, and the warning signs where the
rules have them. A plan without one of these has one question fewer. Said
in the current voice (`speech`): the desk's language by default, the
patient's on request. For the desk's screen only, never the patient's paper.
"""

from __future__ import annotations

from datetime import date, datetime

from aftercare_cli.frozen import frozen
from aftercare_cli.model import Item, ItemKind, Plan, instant
from aftercare_cli.outputs.clinic_texts import title
from aftercare_cli.outputs.moments import Moment, plan_moments
from aftercare_cli.outputs.window_words import window_end
from aftercare_cli.outputs.wording import warning_contact, when
from aftercare_cli.speech import _


@frozen
class Question:
    """What the technician asks, and the answer this plan gives."""

    ask: str
    answer: str


def first_to_end(plan: Plan, now: datetime) -> Item | None:
    """The restriction (an avoid window) that ends first after `now`; the earliest in the plan on a tie."""
    ahead = [item for item in plan.items if item.kind is ItemKind.AVOID and item.end is not None]
    ahead = [item for item in ahead if item.end is not None and instant(item.end) > instant(now)]
    return min(ahead, key=lambda item: instant(item.end or item.start), default=None)


def next_step(plan: Plan, now: datetime) -> Moment | None:
    """The reminders due next from the minute of `now` on (a step due this very minute is next), all at one instant."""
    minute = instant(now).replace(second=0, microsecond=0)
    return next(
        (moment for moment in plan_moments(plan) if moment.kind is ItemKind.DO and instant(moment.start) >= minute),
        None,
    )


def teach_back(plan: Plan, now: datetime) -> tuple[Question, ...]:
    """The questions for this plan at `now` (aware), in the current voice; times read "today" on the plan's day."""
    today = now.astimezone(plan.treated_at.tzinfo).date()
    questions = []
    window = first_to_end(plan, now)
    if window is not None:
        questions.append(_restriction(window, today))
    moment = next_step(plan, now)
    if moment is not None:
        questions.append(_next(moment, today))
    if plan.warnings:
        signs = "; ".join(title(rule) for rule in plan.warnings)
        # Translators: a question the technician asks the patient; the answer is the warning signs.
        ask = _("What would make you call us?")
        questions.append(Question(ask, f"{signs} \u2014 {warning_contact(plan.treatment.contact)}"))
    return tuple(questions)


def _restriction(item: Item, today: date) -> Question:
    # Translators: a question the technician asks the patient; "restriction" is the rule's title, in quotes.
    ask = _("When does \u201c%(restriction)s\u201d end?") % {"restriction": title(item.rule)}
    return Question(ask, window_end(item, lambda moment: when(moment, today)))


def _next(moment: Moment, today: date) -> Question:
    # Translators: a question the technician asks the patient; "when" is a time such as "18:30 today".
    ask = _("What do you do at %(when)s?") % {"when": when(moment.start, today)}
    return Question(ask, "; ".join(dict.fromkeys(title(item.rule) for item in moment.items)))


def heading() -> str:
    """The teach-back's heading on the desk's screen."""
    # Translators: a heading over the questions the technician asks the patient to check they understood.
    return _("Ask the patient (teach-back)")


def answer_label() -> str:
    """ "Answer", before each question's answer (with the language's colon, `wording.headed`)."""
    # Translators: before the answer to a teach-back question, for the technician.
    return _("Answer")


def nothing_to_ask() -> str:
    """Where the plan has nothing ahead to ask about (a re-print after its last step)."""
    return _("No teach-back questions: every step of this plan is past, and it names no warning signs.")
