"""The calendar handed to the patient's phone (`--qr`): served once on the clinic's network, shown as a QR code."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from aftercare_cli import option_names as opt
from aftercare_cli.cli.notices import qr_steps, say
from aftercare_cli.cli.terminal import colour_on
from aftercare_cli.errors import Declined, HandoffError, UsageError
from aftercare_cli.escapes import escaped

if TYPE_CHECKING:
    from aftercare_cli.handoff.server import OneTimeServer
    from aftercare_cli.model import Plan


def qr_address(bind: str | None) -> str:
    """Where `--qr` serves, decided (or refused) before anything is written."""
    from aftercare_cli.handoff.server import bind_address, local_address

    return bind_address(bind) if bind is not None else local_address()


def can_ask() -> None:
    """`--qr` without `--yes` asks the desk first: refused now, before anything is written, where no one can answer."""
    stream = sys.stdin
    if stream is None or stream.closed or not stream.isatty():
        raise UsageError(
            f"{opt.QR} asks the desk before handing the plan to a phone, and standard input is not a terminal",
            f"add {opt.YES} to hand it over without asking (in a script)",
        )


def check_before(plan: Plan, events: int) -> None:
    """One line naming what is about to go to the phone; anything but yes hands nothing over (`Declined`)."""
    from aftercare_cli.cli.inputs.asking import ask
    from aftercare_cli.cli.notices import hand_over_question, yes_words

    question, yes = hand_over_question(plan, events), yes_words()
    sys.stderr.write("\n")  # apart from the plan above it: the one question before anything goes
    if not ask(f"{question} [y/N]", lambda answer: answer.strip().lower() in yes, end=" "):
        raise Declined(
            "not handed over (the answer was not yes): nothing was written and nothing served",
            "correct what was wrong and run it again",
        )


def phone_server(data: bytes, address: str) -> contextlib.AbstractContextManager[OneTimeServer | None]:
    """The one-time server on `address`, listening already; nothing (None) without `--qr`."""
    if not address:
        return contextlib.nullcontext()
    from aftercare_cli.handoff.server import OneTimeServer

    return OneTimeServer(data, address)


def hand_off(server: OneTimeServer, address: str, wait: float, calendar: str) -> None:
    """Serve the calendar once, shown as a QR code; return when the phone has it, else raise."""
    from aftercare_cli.handoff.qr import qr_lines

    # The code, its link and what to do fit one 80x24 screen together: the plan above may scroll away.
    sys.stderr.write("\n".join(qr_lines(server.url, colour_on(sys.stderr))) + "\n")
    say(qr_steps(server.url, address, wait, calendar), indent="")
    delivered = server.serve(wait)
    if delivered is None:
        raise HandoffError(
            f"the phone did not fetch the plan within {wait:g} s",
            "the phone must be on the clinic's network, and guest Wi-Fi often keeps devices apart; "
            f"send the file another way ({opt.ICS} plan.ics by email) or print {opt.HANDOUT}",
        )
    sys.stderr.write(f"Delivered to {escaped(delivered.address)}; the link no longer works.\n")
