"""The calendar file is written whole or not at all."""

from pathlib import Path

import pytest

from aftercare_cli.outputs import atomic
from aftercare_cli.outputs.atomic import write_atomically
from aftercare_cli.errors import OutputError, UsageError


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_the_bytes_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_atomically(target, b"BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert target.stat().st_mode & 0o644 == 0o644
    assert leftovers(tmp_path) == ["plan.ics"]


def test_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    with pytest.raises(UsageError, match="already exists"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    write_atomically(target, b"new", force=True)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.ics"
    target.write_bytes(b"previous plan")

    def fail(fd: int) -> None:
        raise interruption

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises((KeyboardInterrupt, OutputError)):
        write_atomically(target, b"x" * 100_000, force=True)
    assert target.read_bytes() == b"previous plan"
    assert leftovers(tmp_path) == ["plan.ics"]


def test_bad_targets(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a folder"):
        write_atomically(tmp_path, b"x")
    with pytest.raises(UsageError, match="empty"):
        write_atomically(Path(""), b"x")
    with pytest.raises(OutputError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "plan.ics", b"x")
    assert leftovers(tmp_path) == []


def test_no_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: the tests may run as root, who may write anywhere.
    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="cannot write .*plan.ics: Permission denied"):
        write_atomically(tmp_path / "plan.ics", b"x")
    assert leftovers(tmp_path) == []
