"""What the desk's terminal can take: the one colour decision, and notices wrapped to its width."""

from __future__ import annotations

import os
from typing import TextIO

NOTICE_WIDTH = 100  # past this a notice is hard to read, however wide the window


def colour_off() -> bool:
    """The user asked for no colour: NO_COLOR set to a non-empty value (no-color.org), as rich reads it."""
    return os.environ.get("NO_COLOR", "") != ""


def colour_on(stream: TextIO) -> bool:
    """Colour escapes for `stream`: only on a terminal, and never when NO_COLOR asks for none."""
    return not colour_off() and stream.isatty()


def wrapped(line: str, indent: str = "") -> str:
    """A notice wrapped at word boundaries to the terminal (at most 100 columns), its later lines hung by two spaces."""
    import shutil  # only when a notice is printed
    import textwrap

    width = max(40, min(shutil.get_terminal_size().columns, NOTICE_WIDTH))
    # Not at hyphens either: "wake-up" and a rule id such as "jessner-no-water" stay whole, to read and to copy.
    return textwrap.fill(
        line,
        width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
