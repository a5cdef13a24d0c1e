"""SHA-256 and SHA-1 without OpenSSL: the same digests as hashlib's, and hashlib's where a Python lacks its own."""

import hashlib
import importlib

import pytest

from aftercare_cli import digest


@pytest.mark.parametrize("data", [b"", b"abc", "Zoë \u0627\u0644\u0645\u0631\u062c\u0639".encode(), b"x" * 100_000])
def test_the_digests_are_hashlibs(data: bytes) -> None:
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert digest.sha1_digest(data) == hashlib.sha1(data).digest()


def test_without_cpythons_own_modules_hashlib_makes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> object:
        raise ImportError(name)  # a FIPS build: no _sha2, _sha256 or _sha1

    monkeypatch.setattr(importlib, "import_module", missing)
    digest._constructor.cache_clear()
    try:
        assert digest._constructor("sha256") is hashlib.sha256
        assert digest.sha256_hex(b"abc") == hashlib.sha256(b"abc").hexdigest()
    finally:
        digest._constructor.cache_clear()


def test_the_plan_path_does_not_load_openssl() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from aftercare_cli.cli.run import run; "
        "run(['plan', '--at', '2026-11-26 14:30', '--tz', 'UTC']); "
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m in ('hashlib', '_hashlib'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"  # the table's reference and the rules' fingerprint, made by CPython's own SHA-256
