"""One question at the desk, one line at a time, through rich's prompt: `aftercare desk` and the check before the phone.

Line by line only: a question on standard error, the answer read as a line
from standard input (with the line editing Python's `input` gives a
terminal). No full-screen interface and no hidden cursor, so it works in
Windows' consoles, over SSH, with a screen reader and from a pipe. A bad
answer is asked again, under the one line `plan` would give for the same
value (the same parsing functions raise it). Ctrl-C ends the run (130); the
end of standard input before an answer is one line and exit 2. An answer
read from a pipe is shown after its question, so a transcript reads as a
dialogue. Imported only on the paths that ask.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.prompt import InvalidResponse, PromptBase
from rich.text import Text

from aftercare_cli.cli.terminal import colour_off
from aftercare_cli.errors import AftercareError, UsageError
from aftercare_cli.escapes import escaped

T = TypeVar("T")


def desk_console() -> Console:
    """Where questions go: standard error, so standard output keeps only the plan; colour only where it may be.
    A line as long as it is (the terminal wraps it): a question is one line, as a screen reader reads it."""
    plain = colour_off()
    return Console(
        stderr=True,
        highlight=False,
        emoji=False,
        color_system=None if plain else "auto",
        no_color=plain,
        soft_wrap=True,
    )


class _Question(PromptBase[T]):
    """rich's prompt with the desk's parsing: an empty answer is the default, a refused one is asked again."""

    prompt_suffix = ""

    def __init__(self, prompt: Text, console: Console, parse: Callable[[str], T], default: str) -> None:
        super().__init__(prompt, console=console, show_default=False, show_choices=False)
        self.parse = parse
        self.default = default

    def process_response(self, value: str) -> T:
        try:
            return self.parse(value.strip() or self.default)
        except AftercareError as error:  # the same line `plan` gives, in red where colour is on
            raise InvalidResponse(Text(escaped(error.line()), style="red")) from None

    def on_validate_error(self, value: str, error: InvalidResponse) -> None:
        self.console.print(error)  # one line, as `plan` gives it

    @classmethod
    def get_input(cls, console: Console, prompt: Text | str, password: bool, stream: object = None) -> str:
        answer = console.input(prompt)
        if not _terminal_input():  # a pipe: no echo came with the line
            console.print(Text(escaped(answer)), highlight=False)
        return answer


def ask(
    question: str, parse: Callable[[str], T], default: str = "", console: Console | None = None, end: str = ": "
) -> T:
    """`question [default]: ` until `parse` takes the answer (an empty one is `default`)."""
    console = console or desk_console()
    prompt = Text(question, style="bold")
    if default:
        prompt.append(" [").append(default, style="cyan").append("]")
    prompt.append(end)
    try:
        return _Question(prompt, console, parse, default)()
    except EOFError:
        console.print()
        raise UsageError(
            f"standard input ended before an answer to {question!r}",
            "answer every question (a pipe: one answer a line), or give the plan's options to 'aftercare plan'",
        ) from None
    except KeyboardInterrupt:
        console.print()  # the cursor was after the question: the run's last line gets a line of its own
        raise


def choose(
    question: str,
    choices: Sequence[tuple[str, str]],
    pick: Callable[[str], T],
    default: int | None = None,
    console: Console | None = None,
) -> T:
    """A numbered list of (id, label), then `question`: a number or an id, read by `pick` (which refuses an id
    as `plan` does). `default` is the number Enter chooses (1-based); None: there is none."""
    console = console or desk_console()
    width = len(str(len(choices)))
    for number, (choice_id, label) in enumerate(choices, start=1):
        line = Text(f"  {number:>{width}}  ").append(label)
        if choice_id and choice_id != label:
            line.append(f" ({choice_id})", style="dim")
        console.print(line, highlight=False)

    def numbered(answer: str) -> T:
        if answer.isdigit():
            if not 1 <= int(answer) <= len(choices):
                raise UsageError(f"there is no choice {answer}", f"type a number from 1 to {len(choices)}")
            return pick(choices[int(answer) - 1][0])
        if not answer:
            raise UsageError("no answer", f"type a number from 1 to {len(choices)}")
        return pick(answer)

    return ask(question, numbered, str(default) if default else "", console)


def _terminal_input() -> bool:
    stream = sys.stdin
    return stream is not None and not stream.closed and stream.isatty()
