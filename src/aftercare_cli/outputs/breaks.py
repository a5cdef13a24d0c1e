"""Where a long word on the printed page may break: soft hyphens where the language's hyphenation patterns allow.

A German label ("Sonnenschutzcreme") is wider than a column of the week's grid. The page says its
language, and asks for `hyphens: auto`, but a browser hyphenates only where it has that language's
dictionary, and headless Chromium on Linux (what `--pdf` prints with) has none: it would break the word
at any letter ("Sonnenschutzcr|eme"), with no hyphen to say the word goes on. A soft hyphen (U+00AD) is
invisible until a line breaks at it, and then prints as a hyphen, in every browser. Pyphen (LibreOffice's
hyphenation patterns, pure Python) says where they go; it is imported only for a page with a word long
enough to need it, in a language it has patterns for. Where it has none (Arabic, Finnish, Turkish), the
page's `overflow-wrap: anywhere` still keeps the word inside its cell.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from aftercare_cli.language_tags import primary

if TYPE_CHECKING:
    import pyphen

SOFT_HYPHEN = "\u00ad"
# A word of this many letters or fewer fits the narrowest column of the grid whole (18 mm of text at 12 pt on
# Letter paper: about 8 letters): no break offered, and no patterns loaded for a page of short words.
FITS_WHOLE = 7
_WORD = re.compile(r"[^\W\d_]+")  # letters only: digits, "SPF 50+" and punctuation are never split


def breakable(text: str, lang: str) -> str:
    """`text` with soft hyphens inside each word longer than `FITS_WHOLE` letters, where `lang`'s patterns allow
    a break; `text` itself where no word is that long or there are no patterns for the language."""
    if not any(len(word) > FITS_WHOLE for word in _WORD.findall(text)):
        return text
    patterns = _patterns(lang)
    if patterns is None:
        return text
    return _WORD.sub(
        lambda word: patterns.inserted(word[0], hyphen=SOFT_HYPHEN) if len(word[0]) > FITS_WHOLE else word[0], text
    )


@functools.cache
def _patterns(lang: str) -> pyphen.Pyphen | None:
    """The hyphenation patterns of `lang` (es-MX: Spanish), loaded once per process; None if Pyphen has none."""
    import pyphen

    # German's patterns take about half a second to read; a batch reads them once.
    found = pyphen.language_fallback(lang.replace("-", "_")) or pyphen.language_fallback(primary(lang))
    return pyphen.Pyphen(lang=found, left=2, right=3) if found else None
