"""The PDF's paper where the desk does not say: POSIX's locale variables, else the system's own setting.

Windows (which leaves LANG unset) and macOS (whose terminal may too) are pretended: the platform says win32 or
darwin, a fake kernel32 answers LOCALE_IPAPERSIZE, a fake home holds the Mac's global preferences. Each test
fails if its platform's branch is removed.
"""

from __future__ import annotations

import ctypes
import plistlib
import sys
from pathlib import Path
from typing import Any

import pytest

from aftercare_cli.cli.deliver import paper
from aftercare_cli.cli.deliver.paper import desk_paper, paper_for


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No LC_ALL, LC_PAPER or LANG (as on Windows); the home is tmp_path."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


class _Kernel32:
    """GetLocaleInfoEx as Windows answers LOCALE_IPAPERSIZE | LOCALE_RETURN_NUMBER for the user's locale."""

    def __init__(self, size: int | None) -> None:
        self.size = size
        self.asked: list[tuple[Any, int, int]] = []

    def GetLocaleInfoEx(self, name: Any, kind: int, out: Any, room: int) -> int:
        self.asked.append((name, kind, room))
        if self.size is None:
            return 0
        out.contents.value = self.size
        return 2


def _windows(monkeypatch: pytest.MonkeyPatch, size: int | None) -> _Kernel32:
    kernel32 = _Kernel32(size)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": kernel32}), raising=False)
    return kernel32


@pytest.mark.parametrize(("size", "expected"), [(1, "letter"), (5, "letter"), (9, "a4"), (8, "a4"), (None, "a4")])
def test_windows_uses_the_paper_of_the_users_locale(
    no_locale: Path, monkeypatch: pytest.MonkeyPatch, size: int | None, expected: str
) -> None:
    kernel32 = _windows(monkeypatch, size)
    assert desk_paper() == expected
    assert kernel32.asked == [(None, 0x100A | 0x20000000, 2)]  # the user's locale (NULL), as a number


def test_windows_asks_the_system_only_when_the_variables_name_no_country(
    no_locale: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kernel32 = _windows(monkeypatch, 1)
    monkeypatch.setenv("LANG", "en_NZ.UTF-8")  # Git Bash and MSYS set LANG: then it is the desk's locale
    assert desk_paper() == "a4"
    assert kernel32.asked == []
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert desk_paper() == "letter"


def _mac(monkeypatch: pytest.MonkeyPatch, home: Path, preferences: dict[str, object] | None) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    if preferences is not None:
        path = home / paper.MAC_PREFERENCES
        path.parent.mkdir(parents=True)
        path.write_bytes(plistlib.dumps(preferences, fmt=plistlib.FMT_BINARY))


@pytest.mark.parametrize(
    ("apple_locale", "expected"),
    [
        ("en_US", "letter"),
        ("en_NZ", "a4"),
        ("en_US@rg=nzzzzz", "a4"),  # English (US) words, New Zealand as the region: the region's paper
        ("en_GB@rg=uszzzz", "letter"),
        ("fr_CA", "letter"),
    ],
)
def test_a_mac_uses_the_region_of_its_settings(
    no_locale: Path, monkeypatch: pytest.MonkeyPatch, apple_locale: str, expected: str
) -> None:
    _mac(monkeypatch, no_locale, {"AppleLocale": apple_locale, "AppleLanguages": ["en-US"]})
    assert desk_paper() == expected


@pytest.mark.parametrize("preferences", [None, {}, {"AppleLocale": 7}])
def test_a_mac_without_a_readable_region_prints_on_a4(
    no_locale: Path, monkeypatch: pytest.MonkeyPatch, preferences: dict[str, object] | None
) -> None:
    _mac(monkeypatch, no_locale, preferences)
    assert desk_paper() == "a4"


def test_a_mac_with_broken_preferences_prints_on_a4(no_locale: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _mac(monkeypatch, no_locale, None)
    path = no_locale / paper.MAC_PREFERENCES
    path.parent.mkdir(parents=True)
    path.write_bytes(b"bplist00\xff\xff")
    assert desk_paper() == "a4"


def test_linux_without_a_locale_prints_on_a4(no_locale: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    _windows_answer = _Kernel32(1)  # were Windows asked, it would say letter
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": _windows_answer}), raising=False)
    assert desk_paper() == "a4"
    monkeypatch.setenv("LC_PAPER", "en_US.UTF-8")
    assert desk_paper() == "letter"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_US.UTF-8@something", "letter"), ("de_DE@euro", "a4"), ("en_US", "letter"), ("POSIX", "a4")],
)
def test_the_country_is_read_past_a_modifier(locale: str, expected: str) -> None:
    assert paper_for(locale) == expected
