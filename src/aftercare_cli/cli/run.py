"""The one error handler: run the command line, turn every error into one line on stderr and an exit code.

Nothing else in the program calls `sys.exit` or prints an error. Click's own
errors are recognised by their classes, from the Click that Typer 0.28 vendors
as `typer._click` (pinned in pyproject, so the private path holds).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from aftercare_cli.cli.terminal import colour_on
from aftercare_cli.errors import EXIT_CONTENT, EXIT_INTERRUPTED, EXIT_OK, AftercareError

if TYPE_CHECKING:
    from typer._click.exceptions import ClickException


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; every error ends here as one message."""
    import typer.main
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from aftercare_cli.cli.app import app

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="aftercare", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the handler, not at exit
    except AftercareError as error:
        _report(error.line())
        return error.exit_code
    except (KeyboardInterrupt, Abort):
        _report("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`aftercare rules list | head -1`): it has what it wanted; stop quietly.
        _silence_stdout()
        return EXIT_OK
    except NoArgsIsHelpError:  # bare `aftercare` or `aftercare rules`: the help, shown
        return EXIT_OK
    except ClickException as error:  # Click's usage errors: a bad option, a missing value
        _report(_usage_line(error))
        return error.exit_code
    except SystemExit as exit_:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click's own answer to a closed pipe: the same
            _silence_stdout()
            return EXIT_OK
        raise exit_
    except OSError as error:  # standard output could not be written: a full disk, a device error
        _silence_stdout()
        _report(f"cannot write the output: {error.strerror or error}")
        return EXIT_CONTENT
    if result == EXIT_INTERRUPTED:  # Click turns Ctrl-C into this code
        _report("interrupted")
    return result if isinstance(result, int) else EXIT_OK


def _usage_line(error: ClickException) -> str:
    message = " ".join(error.format_message().split()).rstrip(".")
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "aftercare"
    return f"{message}; see '{command} --help'"


def _report(message: str) -> None:
    """One red line on stderr; several problems (a rules file) one line each, then a summary."""
    lines = message.splitlines() or [message]
    start, end = ("\x1b[31m", "\x1b[0m") if colour_on(sys.stderr) else ("", "")
    if len(lines) == 1:
        sys.stderr.write(f"{start}aftercare: error: {lines[0]}{end}\n")
        return
    for line in lines:
        sys.stderr.write(f"{line}\n")
    sys.stderr.write(f"{start}aftercare: error: {len(lines)} problems; fix them and run again{end}\n")


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Console-script entry point."""
    sys.exit(run())
