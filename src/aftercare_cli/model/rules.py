"""What the clinic wrote: a treatment, its peels, its rules, as read from its rules file (and adjusted at the desk)."""

from __future__ import annotations

import enum

from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import ENGLISH
from aftercare_cli.model.texts import Written
from aftercare_cli.model.timing import Timing


class Clock(enum.StrEnum):
    """How a clinic's plans write clock times (`clock:` in the rules): its choice, never the locale's.

    CLDR gives the hour cycle by territory (en-NZ is 12-hour), while a New Zealand clinic's plans may read 14:30.
    """

    H24 = "24h"
    H12 = "12h"


class Kind(enum.StrEnum):
    """What a rule asks of the patient."""

    DO = "do"  # a timed reminder: apply, drink, cleanse
    AVOID = "avoid"  # a window: no heat for 24 h, no water for 12 h
    TIP = "tip"  # advice without a time
    AS_NEEDED = "as_needed"  # a step with no time, done when it is needed: "a cold compress if it feels hot"
    WARNING = "warning"  # a sign to act on at once, shown first with the clinic's contact: "pus, fever: call us"
    FOLLOW_UP = "follow_up"  # a session to book: a daytime reminder weeks later ("return in 4-6 weeks"), repeatable
    EXPECT = "expect"  # what the patient may notice, bound to days like a step: "skin may feel tight on days 1-2"


# The kinds that never ring: on the plan beside the timeline (an as-needed step or an expectation on its days).
UNTIMED = (Kind.TIP, Kind.AS_NEEDED, Kind.WARNING, Kind.EXPECT)


@frozen
class Adjusted:
    """What the desk changed of a rule's timing for this patient (`--set`): the fields, in the order set,
    and the timing the clinic wrote, to say "72 hours instead of 24 hours"."""

    fields: tuple[str, ...]
    clinic: Timing


@frozen
class Rule:
    """One instruction of the clinic's, as read from the rules file (and adjusted at the desk, if so)."""

    id: str
    kind: Kind
    title: Written  # may name its own timing with placeholders such as <for>, filled by the faces
    details: Written = Written()
    products: tuple[Written, ...] = ()
    only_for_peels: tuple[str, ...] = ()  # empty: every peel
    timing: Timing | None = None  # None only for the untimed kinds
    end_note: Written = Written()  # avoid windows: announced when the window ends
    label: Written = Written()  # a short name for a notification or a handout cell
    not_during: tuple[str, ...] = ()  # avoid windows (rule ids) this step waits out
    skipped: bool = False  # the desk left it out of this patient's plan (`--skip`): no items, said in one line
    muted: bool = False  # the desk kept it without an alarm (`--mute`): its items do not remind
    continues: str = ""  # the do rule (id) this one is the next phase of: "every 2 h today, then every 3 h"
    adjusted: Adjusted | None = None  # what the desk changed for this patient (`--set`)
    # A warning sign: whether the clinic's contact goes with it (`contact: none`: its words name someone else,
    # "see your GP").
    contact_clinic: bool = True

    def applies_to(self, peel_id: str) -> bool:
        """True if the rule is part of the plan for this peel."""
        return not self.only_for_peels or peel_id in self.only_for_peels


@frozen
class Peel:
    """A variant of the treatment the desk chooses (`--peel`)."""

    id: str
    label: Written


NO_PEEL = Peel("", Written())  # a treatment without variants (a laser, say) has no peel to choose


@frozen
class Contact:
    """How a patient reaches the clinic; both optional."""

    phone: str = ""
    web: str = ""


@frozen
class Treatment:
    """What the rules are for and whose they are."""

    id: str
    name: Written
    clinic: Written
    source: Written  # provenance: where the rules come from
    contact: Contact = Contact()
    variant: Written = Written()  # what its variants (`peels:`) are, when not peels: "Area" makes "Area: body"
    languages: tuple[str, ...] = (ENGLISH,)  # the languages its texts are written in, the default first
    clock: Clock = Clock.H24  # how its plans write clock times, the clinic's choice: 14:30, or 2:30pm
    # Which version of the clinic's instructions: the SHA-256 of the rules file's bytes (`sha256sum` shows it).
    fingerprint: str = ""


@frozen
class RuleSet:
    """One treatment's rules, as loaded from one file."""

    treatment: Treatment
    peels: tuple[Peel, ...]
    default_peel: str
    rules: tuple[Rule, ...]
    path: str = ""  # the file it came from, for messages

    def peel(self, peel_id: str) -> Peel | None:
        """The peel with this id, or None."""
        return next((p for p in self.peels if p.id == peel_id), None)
