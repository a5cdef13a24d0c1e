"""The one error family: everything a user can cause raises one of these.

Each error carries a message (what is wrong), a hint (how to fix it) and the
exit code the shell should return. Nothing here prints; `cli.run` does.
"""

from __future__ import annotations

# Exit codes are interface (docs/desk.md says them), decided here and nowhere else.
EXIT_OK = 0
EXIT_CONTENT = 1  # the rules are wrong, an impossible plan, a file that cannot be read or written
EXIT_USAGE = 2  # a bad command line (Click's convention)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
EXIT_SIGNALLED = 128  # plus the signal's number, as shells report it: 129 SIGHUP, 143 SIGTERM


class AftercareError(Exception):
    """Base: a message, an optional hint and an exit code."""

    exit_code = EXIT_CONTENT

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def line(self) -> str:
        """The one line shown to the user."""
        return f"{self.message}; {self.hint}" if self.hint else self.message


class UsageError(AftercareError):
    """A bad command-line value: unknown peel, unparseable time, unknown zone."""

    exit_code = EXIT_USAGE


class RulesError(AftercareError):
    """A rules file that is missing, unreadable or invalid.

    `problems` holds every `file:line:col: key path: message` found, so that a
    clinic fixes a file in one pass instead of one error at a time.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        count = len(problems)
        summary = problems[0] if count == 1 else f"{count} problems in the rules"
        super().__init__(summary)

    def line(self) -> str:
        """One line per problem."""
        return "\n".join(self.problems)


class PlanError(AftercareError):
    """Rules and inputs that are each valid but make an impossible plan."""


class OutputError(AftercareError):
    """A file that cannot be written."""


class HandoffError(AftercareError):
    """The phone never fetched the served calendar."""


class Declined(AftercareError):
    """The desk did not say yes to handing the plan over (`--qr`'s check): nothing was written or served."""


class InputFileError(AftercareError):
    """A file given to read (the old plan of `--replaces`) that is missing, unreadable or not one of ours."""
