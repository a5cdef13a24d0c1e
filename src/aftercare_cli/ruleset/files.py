"""Which rules to read, and reading them from disk defensively: no YAML here, only bytes to text.

`rules_path` is the one answer to "which rules does `plan` use". A rules path
may be a file or a folder of `.yaml` files. Whatever it is, the result is text
or a RulesError naming the file: never a hang on a FIFO, never a 10 MB read,
never a UnicodeDecodeError traceback. A path in a message is shown through
`escaped`: a file name with an escape sequence in it must not reach the terminal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from aftercare_cli.digest import sha256_hex
from aftercare_cli.errors import RulesError
from aftercare_cli.escapes import escaped

# Real rule files are a few kilobytes; anything this large is a mistake or an attack.
MAX_BYTES = 512 * 1024
RULE_SUFFIXES = (".yaml", ".yml")
RULES_VARIABLE = "AFTERCARE_RULES"
_BOM = "\ufeff"
# O_NONBLOCK: opening a FIFO must not wait for a writer that never comes. POSIX only; Windows has no FIFOs to open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def rules_path(given: Path | None, configured: str) -> Path:
    """The rules `plan` uses: `--rules` if given, else `configured` ($AFTERCARE_RULES) if set, else the bundled ones."""
    if given is not None:
        return given
    return Path(configured) if configured else bundled_rules_dir()


def bundled_rules_dir() -> Path:
    """The rules shipped with the tool.

    A wheel carries them inside the package as `aftercare_cli/bundled_rules/`
    (pyproject maps the top-level `rules/` there: a name no module has, so the
    data can never be mistaken for a module); a source checkout or
    an editable install keeps them at the repository's top.
    """
    package = Path(__file__).resolve().parents[1]  # aftercare_cli/
    packaged = package / "bundled_rules"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "rules"


def rule_files(path: Path) -> list[Path]:
    """The files a `--rules` path stands for: itself, or the `.yaml` files in a folder."""
    shown = escaped(str(path))
    try:
        if not path.is_dir():
            return [path]
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in RULE_SUFFIXES and not p.name.startswith("."))
    except OSError as error:
        raise RulesError([f"{shown}: cannot read this folder ({error.strerror})"]) from None
    if not files:
        raise RulesError([f"{shown}: this folder holds no .yaml rule files"])
    return files


def read_rules_text(
    path: Path, kind: str = "rules file", guide: str = "docs/rules-format.md for the rules format"
) -> str:
    """The file's text, UTF-8 (a BOM is accepted), or a RulesError saying why not (`kind` of file; see `guide`)."""
    return read_rules_file(path, kind, guide)[0]


def read_rules_file(
    path: Path, kind: str = "rules file", guide: str = "docs/rules-format.md for the rules format"
) -> tuple[str, str]:
    """The file's text, as `read_rules_text`, and its fingerprint: the SHA-256 of its bytes, as `sha256sum` says it.

    The bytes as they are on disk, so a clinic can tell which file a plan came from with the system's own tools.
    """
    shown = escaped(str(path))
    if str(path) == "":
        raise RulesError(["the rules path is empty: give a .yaml file or a folder"])
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise RulesError([f"{shown}: no such file"]) from None
    except OSError as error:
        raise RulesError([f"{shown}: cannot open ({error.strerror})"]) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RulesError(
                [
                    f"{shown}: not a regular file; give a .yaml file"
                    + (" or a folder of them" if kind == "rules file" else "")
                ]
            )
        if info.st_size > MAX_BYTES:
            raise RulesError([f"{shown}: {info.st_size} bytes is too large for a {kind} (at most {MAX_BYTES})"])
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise RulesError([f"{shown}: cannot read ({error.strerror})"]) from None
    if len(data) > MAX_BYTES:  # grew while we read it
        raise RulesError([f"{shown}: too large for a {kind} (at most {MAX_BYTES} bytes)"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RulesError(
            [
                f"{shown}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02X}); "
                "save the file as UTF-8 in your editor"
            ]
        ) from None
    text = text.removeprefix(_BOM)  # Windows editors write one
    if not text.strip():
        raise RulesError([f"{shown}: the file is empty; see {guide}"])
    return text, sha256_hex(data)
