"""Text from a file or the command line, made safe to show in a terminal.

An escape sequence in a rule id or a file name would clear the screen of
whoever reads the message, a bidi mark (U+202E, U+200F) would reorder it, and
a line separator (U+2028) would split one line into two. This module is the
one definition of such characters: the rules loader refuses them in the texts
a patient reads, the desk refuses them in `--patient`, and every message shows
them as their escape (`\\x1b`, `\\u202e`) instead.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Arabic letter mark and the left-to-right/right-to-left marks,
# the line and paragraph separators, bidi embeddings/overrides (U+202A-U+202E) and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_LAYOUT = re.compile("[\n\t]")  # the two controls a multi-line text (a rule's details) may hold


def escaped(text: str) -> str:
    """`text` with every unsafe character shown as its escape: safe to print anywhere."""
    return _UNSAFE.sub(_escape, text)


def has_unsafe(text: str, multiline: bool = False) -> bool:
    """True if `text` holds a character `escaped` would escape; `multiline` allows newlines and tabs."""
    return _UNSAFE.search(_LAYOUT.sub("", text) if multiline else text) is not None


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def lookalikes(text: str) -> str:
    """'' for plain ASCII; else which characters are not what they look like, for a "no such id" message.

    `j\u0435ssner` with a Cyrillic \u0435 looks exactly like `jessner`: an error that shows
    both names must say why they differ.
    """
    import unicodedata

    odd = [char for char in dict.fromkeys(text) if not char.isascii()]
    named = [f"'{char}' is {unicodedata.name(char, f'U+{ord(char):04X}')} (U+{ord(char):04X})" for char in odd]
    return f"{escaped(text)!r} has characters that only look like letters: {'; '.join(named)}" if named else ""
