"""The repository stands on its own: nothing points outside it, and the version matches the changelog."""

import re
import subprocess
from pathlib import Path

import aftercare_cli

ROOT = Path(__file__).resolve().parent.parent
# Hostile inputs that tests feed the tool on purpose, not references.
HOSTILE_INPUTS = {"tests/cli/test_zone_names.py", "tests/cli/test_batch.py"}
_UPWARD = re.compile(r"(?:\.\./)+[\w.-]+(?:/[\w.-]+)*")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = []
    for name in listed.splitlines():
        path = ROOT / name
        if name in HOSTILE_INPUTS or not path.is_file():
            continue
        try:
            path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        files.append(path)
    return files


def test_no_tracked_file_refers_to_a_path_outside_the_repository() -> None:
    files = tracked_text_files()
    assert len(files) > 20
    folders = [ROOT, *(p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith("."))]
    outside = []
    for path in files:
        for match in _UPWARD.finditer(path.read_text(encoding="utf-8")):
            # Inside if it names something in the repository from the file's own folder, or from a top-level
            # folder where a documented snippet lives (the schema line for a file in rules/).
            bases = [path.parent, *folders]
            if not any(_inside((base / match[0]).resolve()) for base in bases):
                outside.append(f"{path.relative_to(ROOT)}: {match[0]}")
    assert outside == []


def _inside(target: Path) -> bool:
    return target.is_relative_to(ROOT) and target.exists()


def test_the_package_version_is_the_newest_changelog_heading() -> None:
    headings = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", (ROOT / "CHANGELOG.md").read_text(), re.MULTILINE)
    assert headings
    assert headings[0] == aftercare_cli.__version__


def test_the_licence_matches_pyproject() -> None:
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_everything_the_readme_contributing_and_docs_mention_is_here() -> None:
    pages = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(ROOT)
        for name in re.findall(r"`((?:src|tests|bench|schema|examples|rules|docs|\.ci)/[\w./*-]*[\w*])/?`", text):
            assert (ROOT / name).exists() or list(ROOT.glob(name)), f"{where} mentions {name}"
        for name in ("LICENSE", "CHANGELOG.md", "CONTRIBUTING.md"):
            if name in text:
                assert (ROOT / name).exists()


def test_the_readme_shows_the_desk_view_as_it_really_prints() -> None:
    # The glance golden file is the real output; the README's example must be it, byte for byte.
    golden = (ROOT / "tests" / "golden" / "glance-jessner-auckland-80.txt").read_text()
    assert golden in (ROOT / "README.md").read_text()


def test_the_readme_shows_the_timeline_as_it_really_prints() -> None:
    # The README shows the timeline in excerpts, "..." between them: each is the golden file's lines, in order.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split('--patient "Ana Smith" --timeline\n', 1)[1].split("```", 1)[0].splitlines()
    golden = (ROOT / "tests" / "golden" / "timeline-jessner-auckland-80.txt").read_text(encoding="utf-8").splitlines()
    excerpts = "\n".join(shown).split("\n...")
    assert len(excerpts) >= 2
    at = 0
    for excerpt in filter(None, (part.strip("\n") for part in excerpts)):
        lines = excerpt.splitlines()
        starts = [i for i in range(at, len(golden)) if golden[i : i + len(lines)] == lines]
        assert starts, f"not in the golden timeline after its line {at}: {lines[0]!r}"
        at = starts[0] + len(lines)
    assert shown[0] == golden[0]


def test_the_architecture_layout_tree_matches_src() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = page.split("## The layout", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    listed: set[str] = set()
    folder = ""
    for line in block.splitlines()[1:]:
        words = line.split()
        if not words:
            continue
        if line.startswith("  ") and not line.startswith("   "):  # a folder line, or the package's own files
            folder = words[0] if words[0].endswith("/") else ""
        listed |= {folder + word for word in words if word.endswith((".py", ".j2"))}
    package = ROOT / "src" / "aftercare_cli"
    actual = {str(path.relative_to(package)) for path in package.rglob("*") if path.suffix in (".py", ".j2")}
    assert listed == actual


def test_every_package_of_the_source_ships_in_the_wheel() -> None:
    # A folder of modules left out of pyproject's list installs nothing: the command then fails on import.
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    source = ROOT / "src"
    found = {".".join(init.parent.relative_to(source).parts) for init in source.rglob("__init__.py")}
    assert found <= listed
