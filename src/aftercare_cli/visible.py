"""Text from a file or the command line, made safe to show in a terminal.

An escape sequence in a rule id or a file name would clear the screen of
whoever reads the message, and a bidi override (U+202E) would reverse it.
Every such character is shown as its escape (`\\x1b`, `\\u202e`) instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and the line and paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def lookalikes(text: str) -> str:
    """'' for plain ASCII; else which characters are not what they look like, for a "no such id" message.

    `jеssner` with a Cyrillic е looks exactly like `jessner`: an error that shows
    both names must say why they differ.
    """
    import unicodedata

    odd = [char for char in dict.fromkeys(text) if not char.isascii()]
    named = [f"'{char}' is {unicodedata.name(char, f'U+{ord(char):04X}')} (U+{ord(char):04X})" for char in odd]
    return f"{visible(text)!r} has characters that only look like letters: {'; '.join(named)}" if named else ""
