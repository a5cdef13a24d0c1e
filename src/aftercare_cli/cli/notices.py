"""What the desk reads on standard error beside the plan: how the patient imports it, the QR steps, warnings.

Each function returns lines (wrapped to the terminal) or writes them to
stderr; none decides anything about the plan.
"""

from __future__ import annotations

import sys

from aftercare_cli.cli.terminal import wrapped
from aftercare_cli.visible import visible


def warn(message: str) -> None:
    """A warning, wrapped at word boundaries like every notice (a terminal would cut it mid-word)."""
    sys.stderr.write(wrapped(f"aftercare: warning: {message}") + "\n")


def say(lines: list[str], indent: str = "  ") -> None:
    """Notices to stderr, each wrapped at word boundaries; the first flush left, the rest indented by `indent`."""
    for index, line in enumerate(lines):
        sys.stderr.write(wrapped(line, indent="" if index == 0 else indent) + "\n")
    sys.stderr.flush()


def import_guidance(target: str, events: int) -> list[str]:
    """After `--ics FILE`: what was written and how each kind of phone imports it."""
    return [
        f"Wrote {visible(target)}: {events} calendar events. To get it onto the patient's phone:",
        "iPhone: email it and open the attachment in Mail (or Safari), then tap Add All.",
        "Android: the Google Calendar app cannot import a file. Open it with the free ICSx5 app, or import it "
        "on a computer at calendar.google.com (Settings, Import & export) into a calendar made for it and set "
        "that calendar's default notification: Google drops the file's own alarms.",
        "Outlook: open the file; it becomes a calendar of its own.",
    ]


def handout_written(target: str) -> list[str]:
    """After `--handout FILE`: what was written and what to do with it."""
    return [f"Wrote {visible(target)}: open it in a browser and print it for the patient."]


def pdf_written(target: str) -> list[str]:
    """After `--pdf FILE`: what was written."""
    return [f"Wrote {visible(target)}: the handout as a PDF, ready to print or to attach to an email."]


def qr_steps(url: str, address: str, wait: float) -> list[str]:
    """Under the QR code: its link and what the patient does, short enough for one 80x24 screen with the code."""
    return [
        url,
        "iPhone: scan it with the Camera, open the link in Safari, tap Add All.",
        "Android: open the downloaded file with the free ICSx5 app.",
        f"Waiting up to {wait:g} s on {visible(address)}; Ctrl-C stops.",
    ]
