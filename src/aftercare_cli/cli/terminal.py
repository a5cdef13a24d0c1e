"""What the desk's terminal can take: the one colour decision, notices wrapped to its width, and its streams.

The streams may be odd: closed by the shell (`>&-`, `2>&-`), or in an encoding
that cannot carry an em dash or an "ë" (`PYTHONIOENCODING=ascii`, a Latin-1
terminal). Output is then written in what the stream can carry, and a stream
that is not there is one clear error, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TextIO, cast

NOTICE_WIDTH = 100  # past this a notice is hard to read, however wide the window
# Plain stand-ins for the typography the views use, where an encoding lacks the real characters.
_PLAIN = {"\u2014": "-", "\u2013": "-", "\u00b7": "-", "\u2022": "*", "\u2026": "...", "\u2192": "->",
          "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "}  # fmt: skip


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


class ClosedOutput:
    """Standard output when the shell closed it (`>&-`): `closed`, and every write an OSError the handler reports.

    Python leaves `sys.stdout` as None then, and a write to None is a
    traceback; output silently thrown away would be worse than an error.
    """

    closed = True
    encoding = "utf-8"

    def write(self, _data: object) -> int:
        """Refused: the shell closed standard output."""
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        """Nothing to flush."""
        pass  # nothing was ever written

    def isatty(self) -> bool:
        """Not a terminal."""
        return False

    @property
    def buffer(self) -> ClosedOutput:
        """Itself: `--ics -` writes bytes and meets the same refusal."""
        return self


def guard_streams() -> None:
    """Streams the shell closed, made safe: output becomes an error, errors go nowhere (the exit code tells)."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115  # open as long as the process
    if sys.stdout is None:
        sys.stdout = cast(TextIO, ClosedOutput())


def write_out(text: str) -> None:
    """`text` to standard output; where its encoding lacks a character, a plain one ("—" as "-", "ë" as "e")."""
    try:
        sys.stdout.write(text)  # encoded whole before any byte is written: a failure writes nothing
    except UnicodeEncodeError:
        sys.stdout.write(plain(text, sys.stdout.encoding))


def write_json(document: str) -> None:
    """A JSON document to standard output, with JSON's own \\u escapes where its encoding lacks a character."""
    try:
        sys.stdout.write(document)
    except UnicodeEncodeError:
        sys.stdout.write(ascii_json(document))


def ascii_json(document: str) -> str:
    """The same document in ASCII: outside its strings JSON is ASCII, so every other character is in one."""
    return re.sub(r"[^\x00-\x7f]", _json_escape, document)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the first plane: a UTF-16 surrogate pair, as JSON spells it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def plain(text: str, encoding: str) -> str:
    """`text` with each character `encoding` lacks replaced: a plain stand-in, the letter without its accent, or "?"."""
    import unicodedata

    def carried(char: str) -> str:
        for candidate in (char, _PLAIN.get(char, ""), _unaccented(unicodedata.normalize("NFKD", char))):
            if candidate and _encodes(candidate, encoding):
                return candidate
        return "?"

    return "".join(carried(char) for char in text)


def _unaccented(decomposed: str) -> str:
    import unicodedata

    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
