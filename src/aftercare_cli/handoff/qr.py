"""A URL as a QR code in the terminal: compact (two rows per line), scannable on any background.

segno (pure Python, no dependencies) makes the code; it is imported only here,
and only on `plan --qr`. The half-block characters are drawn with explicit
black and white colours, so the code has a light quiet zone and dark modules
whatever the terminal's own colours; without colour (NO_COLOR, or not a
terminal) segno's plain compact form is used, which reads on a dark background.
"""

from __future__ import annotations

import segno

BORDER = 2  # the quiet zone, in modules: enough for phone cameras, and a version-4 code stays 19 lines
_DARK, _LIGHT = 30, 97  # ANSI foreground black, bright white; background = foreground + 10


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules, True for dark, with the quiet zone around them."""
    code = segno.make_qr(url, error="m")
    size = len(code.matrix) + 2 * BORDER
    rows = [[False] * size for _ in range(BORDER)]
    for row in code.matrix:
        rows.append([False] * BORDER + [bool(module) for module in row] + [False] * BORDER)
    rows += [[False] * size for _ in range(BORDER)]
    return rows


def qr_lines(url: str, color: bool) -> list[str]:
    """The code as terminal lines: each character is two modules, top and bottom."""
    matrix = qr_matrix(url)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    lines = []
    for top, bottom in zip(matrix[0::2], matrix[1::2], strict=True):
        if color:
            cells = (f"\x1b[{_code(t)};{_code(b) + 10}m\u2580" for t, b in zip(top, bottom, strict=True))
            lines.append("".join(cells) + "\x1b[0m")
        else:  # light modules as ink: reads on the usual dark terminal
            lines.append("".join(_PLAIN[(not t, not b)] for t, b in zip(top, bottom, strict=True)))
    return lines


def _code(dark: bool) -> int:
    return _DARK if dark else _LIGHT


_PLAIN = {(True, True): "\u2588", (True, False): "\u2580", (False, True): "\u2584", (False, False): " "}
