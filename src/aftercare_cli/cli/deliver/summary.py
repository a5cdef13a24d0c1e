"""A batch's summary on standard output: one line per row as each is done, at most 79 columns, and the counts.

Every row is accounted for: planned (with its treatment time on the clinic's
clock, which is what the desk checks), already written, or not a treatment
(and why); the rows that are errors are named on standard error. The last line
counts them, and the counts add up to the rows in the file. The files are the
job, not the summary: when the summary's reader goes away (`| head -1`) the
rows are still all done, and standard error says so at the end.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass

from aftercare_cli.cli.terminal import write_out
from aftercare_cli.escapes import escaped
from aftercare_cli.frozen import frozen

WIDTH = 79  # one column short of the desk's 80: a full line would leave some terminals an empty one
_ROW, _PATIENT = 5, 17


@dataclass
class Tally:
    """How many rows went which way; `rows` is their sum, as the file has them (blank rows apart)."""

    planned: int = 0
    already: int = 0
    not_treatments: int = 0
    errors: int = 0
    blank: int = 0

    @property
    def rows(self) -> int:
        return self.planned + self.already + self.not_treatments + self.errors

    def line(self) -> str:
        """`12 rows: 9 planned, 1 already written, 1 not a treatment, 1 error`."""
        parts = [f"{self.planned} planned"]
        if self.already:
            parts.append(f"{self.already} already written")
        if self.not_treatments:
            parts.append(f"{self.not_treatments} not {'a treatment' if self.not_treatments == 1 else 'treatments'}")
        if self.errors:
            parts.append(f"{self.errors} {'error' if self.errors == 1 else 'errors'}")
        blank = f" (and {self.blank} blank)" if self.blank else ""
        return f"{self.rows} {'row' if self.rows == 1 else 'rows'}{blank}: " + ", ".join(parts)


@frozen
class Layout:
    """The summary's columns; `at` as wide as the clinic's clock writes a day and time (`Thu 26 Nov 12:30 PM`)."""

    at: int = 16

    def heading(self) -> str:
        return f"{'row':>{_ROW}}  {'patient':<{_PATIENT}}  {'treated at':<{self.at}}  treatment"

    def row(self, row: int, patient: str, at: str, outcome: str) -> str:
        """One row of the summary: fixed columns, so that rows can be printed as they are done."""
        line = f"{row:>{_ROW}}  {_cell(patient or '-', _PATIENT)}  {_cell(at, self.at)}  "
        return line + _cell(outcome, WIDTH - len(line)).rstrip()


def _cell(text: str, width: int) -> str:
    shown = escaped(text)
    return (shown if len(shown) <= width else shown[: width - 1] + "\u2026").ljust(width)


class Summary:
    """Standard output, line by line; where it cannot be written any more, the job goes on without it."""

    def __init__(self) -> None:
        self.lost = ""  # why the summary stopped: "" while it is written

    def say(self, line: str) -> None:
        if self.lost:
            return
        try:
            write_out(line + "\n")  # a terminal that lacks a letter gets a plain one
            sys.stdout.flush()  # a reader that went away shows here, at this row, not at the end
        except OSError as error:
            self.lost = "its reader went away" if _gone(error) else (error.strerror or str(error))
            _silence_stdout()

    def reader_gone(self) -> bool:
        return self.lost == "its reader went away"


def _gone(error: OSError) -> bool:
    return isinstance(error, BrokenPipeError) or error.errno in (errno.EPIPE, errno.EINVAL)


def _silence_stdout() -> None:
    """Standard output pointed at nothing: what is still buffered is dropped, and later writes cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (closed, or replaced in a test)
        pass
