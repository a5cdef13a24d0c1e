"""SHA-256 and SHA-1 from CPython's own hash modules where it has them, else from hashlib.

`import hashlib` loads OpenSSL first, about 4 ms at every start on a desk's
computer, and the one-screen table now needs a digest (the plan's reference)
as every rules file does (its fingerprint). CPython ships the same
algorithms as small modules of its own (`_sha2` from 3.12, `_sha256` before
it; `_sha1`), which hashlib itself falls back to; a Python built without
them (a FIPS build) gets hashlib's. The digests are the same either way.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

# Where each algorithm lives, the newest Python's name first.
_PLACES = {"sha256": ("_sha2", "_sha256"), "sha1": ("_sha1",)}


@functools.cache
def _constructor(name: str) -> Callable[[bytes], Any]:
    for module in _PLACES[name]:
        try:
            found: Callable[[bytes], Any] = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        return found
    import hashlib

    made: Callable[[bytes], Any] = getattr(hashlib, name)
    return made


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex, as `sha256sum` writes it."""
    return str(_constructor("sha256")(data).hexdigest())


def sha1_digest(data: bytes) -> bytes:
    """The SHA-1 of `data` (for uuid5, RFC 4122: not for security)."""
    return bytes(_constructor("sha1")(data).digest())
