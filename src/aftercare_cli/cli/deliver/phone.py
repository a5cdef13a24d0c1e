"""The calendar handed to the patient's phone (`--qr`): served once on the clinic's network, shown as a QR code."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING

from aftercare_cli import option_names as opt
from aftercare_cli.cli.notices import qr_steps, say
from aftercare_cli.cli.terminal import colour_on
from aftercare_cli.errors import HandoffError
from aftercare_cli.visible import visible

if TYPE_CHECKING:
    from aftercare_cli.handoff.server import OneTimeServer


def qr_address(bind: str | None) -> str:
    """Where `--qr` serves, decided (or refused) before anything is written."""
    from aftercare_cli.handoff.server import bind_address, local_address

    return bind_address(bind) if bind is not None else local_address()


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
    sys.stderr.write(f"Delivered to {visible(delivered.address)}; the link no longer works.\n")
