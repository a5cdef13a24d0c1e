"""The one error handler: run the command line, turn every error into one line on stderr and an exit code.

Nothing else in the program calls `sys.exit` or prints an error. Click's own
errors are recognised by their classes, from the Click that Typer 0.28 vendors
as `typer._click` (pinned in pyproject, so the private path holds).

Ctrl-C, SIGTERM and SIGHUP (the terminal window closed) all unwind the same
way, as exceptions, from the first line of `run` on (the imports included), so
a file being written is cleaned up (see `outputs.atomic`) and a served port is
closed. Windows has no SIGHUP: there Ctrl+Break (SIGBREAK) unwinds the same way,
and so does closing the console window (CTRL_CLOSE_EVENT, also logoff and
shutdown), which the C runtime would make a SIGBREAK the process never lives to
handle: a console handler of our own holds Windows back until the clean-up is
done (at most its 5 s). Each line shown passes through `escaped`: Click repeats
a bad option's value in its message, and that value may hold an escape sequence.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aftercare_cli.cli.terminal import colour_on, guard_streams
from aftercare_cli.errors import (
    EXIT_CONTENT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SIGNALLED,
    AftercareError,
    RulesError,
)
from aftercare_cli.escapes import escaped

if TYPE_CHECKING:
    from typer._click.exceptions import ClickException


# Windows' console events after which the system ends the process whatever its handlers return.
_CLOSING_EVENTS = {2: "CTRL_CLOSE_EVENT", 5: "CTRL_LOGOFF_EVENT", 6: "CTRL_SHUTDOWN_EVENT"}
CLOSE_GRACE_SECONDS = 5.0  # Windows waits this long for a handler after a close, then ends the process anyway


class _Stopped(BaseException):
    """SIGTERM, SIGHUP or SIGBREAK, raised where the program is, as Ctrl-C's KeyboardInterrupt is."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code; every error ends here as one message."""
    undo = _stop_on_signals()
    try:
        guard_streams()
        return _run(argv)
    except KeyboardInterrupt:  # Ctrl-C before the command began (while modules load) or while reporting
        _report("interrupted")
        return EXIT_INTERRUPTED
    except _Stopped as stop:
        import signal

        _report(f"stopped by {signal.Signals(stop.number).name}")
        return EXIT_SIGNALLED + stop.number
    finally:
        undo()


def _run(argv: list[str] | None) -> int:
    import typer.main
    from typer import Abort
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    from aftercare_cli.cli.app import app_for
    from aftercare_cli.cli.repeats import refuse_repeats

    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(app_for(args))
    try:
        refuse_repeats(command, args)
        result = command.main(args=argv, prog_name="aftercare", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the handler, not at exit
    except RulesError as error:  # every problem in the rules, one line each
        _report(*error.problems)
        return error.exit_code
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
        if not args:
            _hint_desk()
        return EXIT_OK
    except ClickException as error:  # Click's usage errors: a bad option, a missing value
        _report(_usage_line(error))
        return error.exit_code
    except SystemExit as exit_:
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":  # Click's own answer to a closed pipe: the same
            _silence_stdout()
            return EXIT_OK
        raise exit_
    except OSError as error:  # standard output could not be written: a full disk, a device error, closed
        _silence_stdout()
        _report(f"cannot write the output: {error.strerror or error}")
        return EXIT_CONTENT
    except UnicodeEncodeError as error:  # a view the terminal's encoding cannot carry, not caught where it is made
        _report(f"the terminal's encoding ({error.encoding}) cannot show this output; set PYTHONIOENCODING=utf-8")
        return EXIT_CONTENT
    if result == EXIT_INTERRUPTED:  # Click turns Ctrl-C into this code
        _report("interrupted")
    return result if isinstance(result, int) else EXIT_OK


def _hint_desk() -> None:
    """Bare `aftercare` at a terminal: under the help, the way in for someone who has not learned the options."""
    if sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty():
        sys.stdout.write("New at the desk? 'aftercare desk' asks for each value, one question at a time.\n")


def _stop_on_signals() -> Callable[[], None]:
    """SIGTERM and SIGHUP (Windows: SIGBREAK and the console closing) raise `_Stopped` from here on; the undoing."""
    import signal  # already loaded by the time this runs (Click needs it): no cost at start-up

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):  # SIGHUP: not on Windows; SIGBREAK (Ctrl+Break): Windows only
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            if signal.getsignal(number) is signal.SIG_IGN:  # `nohup aftercare ...` asked to outlive the terminal
                continue
            previous[number] = signal.signal(number, _stop)
        except ValueError:  # not the main thread (an embedding program): its own handlers stand
            break
    console = _ConsoleClose.start(getattr(signal, "SIGBREAK", None), previous) if sys.platform == "win32" else None

    def undo() -> None:
        if console is not None:
            console.release()
        for number, handler in previous.items():
            signal.signal(number, handler)

    return undo


def _stop(number: int, _frame: object) -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):  # the clean-up runs to its end
        if (other := getattr(signal, name, None)) is not None:
            signal.signal(other, signal.SIG_IGN)
    raise _Stopped(number)


class _ConsoleClose:
    """Windows: the console window closing stops the program as SIGHUP does elsewhere, and waits for its clean-up.

    The C runtime turns CTRL_CLOSE_EVENT into SIGBREAK, but Python's C-level
    handler only notes the signal and returns, and Windows ends the process as
    soon as a handler returns: the Python handler would never run. This handler
    (called first: the last registered is) raises the SIGBREAK in the main
    thread itself and returns only once `release` says the clean-up is done,
    within the grace Windows gives. Ctrl+C and Ctrl+Break pass on to the C
    runtime's handler, which makes them SIGINT and SIGBREAK.
    """

    @classmethod
    def start(cls, number: int | None, handled: dict[int, Any]) -> _ConsoleClose | None:
        """The handler, added when SIGBREAK is ours to raise; None where Windows' console cannot be asked."""
        if number is None or number not in handled:  # not the main thread, or SIGBREAK ignored on purpose
            return None
        try:
            return cls(number)
        except (OSError, AttributeError):  # no kernel32 to ask (not a Windows console)
            return None

    def __init__(self, number: int) -> None:
        import ctypes
        import threading

        self.number = number
        self.done = threading.Event()
        self._kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        handler_type = ctypes.WINFUNCTYPE(ctypes.c_int, ctypes.c_uint)  # type: ignore[attr-defined,unused-ignore]
        self._handler = handler_type(self.event)  # kept here: Windows holds only its address
        self._added = bool(self._kernel32.SetConsoleCtrlHandler(self._handler, True))

    def event(self, kind: int) -> int:
        """Windows' call, on a thread of its own: 1 handled (after the clean-up), 0 for the next handler."""
        if kind not in _CLOSING_EVENTS:
            return 0
        import _thread
        import signal

        _thread.interrupt_main(signal.Signals(self.number))  # as if SIGBREAK came: `_stop` raises where we are
        self.done.wait(CLOSE_GRACE_SECONDS)
        return 1

    def release(self) -> None:
        """The clean-up is done: let a waiting close go on, and take the handler off."""
        self.done.set()
        if self._added:
            self._kernel32.SetConsoleCtrlHandler(self._handler, False)


def _usage_line(error: ClickException) -> str:
    message = " ".join(error.format_message().split()).rstrip(".")
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "aftercare"
    return f"{message}; see '{command} --help'"


def _report(*problems: str) -> None:
    """One red line on stderr; several problems (a rules file) one line each, then a summary.

    Each problem goes through `escaped` whatever made it (escaping twice
    changes nothing), so a newline from a file name cannot split one problem
    into two, nor an escape sequence reach the terminal. Standard error may be
    gone (the terminal closed on SIGHUP): then there is no one to tell, and the
    exit code still says it.
    """
    lines = [escaped(problem) for problem in problems]
    start, end = ("\x1b[31m", "\x1b[0m") if colour_on(sys.stderr) else ("", "")
    if len(lines) == 1:
        text = f"{start}aftercare: error: {lines[0]}{end}\n"
    else:
        summary = f"{start}aftercare: error: {len(lines)} problems; fix them and run again{end}\n"
        text = "".join(f"{line}\n" for line in lines) + summary
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):  # ValueError: a stream closed under us
        pass


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # standard output was closed from the start: nothing to silence
        pass


def main() -> None:
    """Console-script entry point."""
    code = run()
    # The program ends here. On the way out Python's collector would walk every object of every module
    # loaded, looking for cycles to free: about 10 ms of each desk command (bench/startup.py). Frozen, it
    # leaves them be; atexit handlers and finalizers still run, and every file was closed where it was written.
    gc.freeze()
    sys.exit(code)
