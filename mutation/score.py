"""Per-module mutation scores, counting only mutants that can change behaviour.

    python mutation/score.py mutation/sessions/planner.sqlite [...]

Equivalent mutants (a change no test could ever notice) are left out of the
score, each for a stated reason:
- inside a type annotation: every module has `from __future__ import annotations`,
  so annotations are never evaluated (`str | None` -> `str & None` changes nothing);
- `is` -> `==` and `is not` -> `!=`: the core compares enum members and None,
  for which equality is identity;
- those listed in mutation/equivalent.toml, by module, line and operator (and,
  where one line holds mutants of one operator that differ, the `token` mutated,
  as written in the source, `3` of `len(text) > 3`, and its `column`), each
  with its reason.
Everything else that survives is printed: a behaviour no test pins yet.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDENTITY = ("ReplaceComparisonOperator_Is_Eq", "ReplaceComparisonOperator_IsNot_NotEq")


def annotation_lines(path: Path) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        notes = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            notes = [a.annotation for a in (*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs)]
            notes += [node.returns, node.args.vararg and node.args.vararg.annotation]
            notes += [node.args.kwarg and node.args.kwarg.annotation]
        elif isinstance(node, ast.AnnAssign):
            notes = [node.annotation]
        for note in notes:
            if note is not None:
                lines.update(range(note.lineno, (note.end_lineno or note.lineno) + 1))
    return lines


Key = tuple[str, int, str]


def listed() -> dict[Key, list[dict[str, object]]]:
    """The ledger's entries by (module, line, operator); an entry may narrow itself by `token` and `column`."""
    table = tomllib.loads((ROOT / "mutation" / "equivalent.toml").read_text())
    entries: dict[Key, list[dict[str, object]]] = {}
    for entry in table.get("equivalent", []):
        entries.setdefault((entry["module"], entry["line"], entry["operator"]), []).append(entry)
    return entries


def is_listed(
    known: dict[Key, list[dict[str, object]]], module: Path, start: list[int], end: list[int], op: str
) -> bool:
    """Whether the ledger lists this mutant: by its line and operator, and where an entry says so, by the source
    text it mutates (`token`: the `3` of `len(text) > 3`) and the column that text starts at (`column`, from 0)."""
    line = start[0]
    source = (ROOT / module).read_text().splitlines()[line - 1]
    token = source[start[1] : end[1]] if end[0] == line else source[start[1] :]
    return any(
        entry.get("token", token) == token and entry.get("column", start[1]) == start[1]
        for entry in known.get((module.stem, line, op), [])
    )


def score(session: Path) -> str:
    dump = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "cosmic-ray"), "dump", str(session)], capture_output=True, text=True, check=True
    ).stdout
    rows = [json.loads(line) for line in dump.splitlines()]
    known = listed()
    total = killed = equivalent = 0
    open_ones = []
    for item, result in rows:
        if not result:
            continue
        if result.get("worker_outcome") == "skipped":  # skip_equivalent.py marked it: equivalent, never run
            total += 1
            equivalent += 1
            continue
        mutation = item["mutations"][0]
        module = Path(mutation["module_path"])
        line = mutation["start_pos"][0]
        operator = mutation["operator_name"].split("/")[-1]
        total += 1
        if result.get("test_outcome") != "survived":
            killed += 1
        elif (
            line in annotation_lines(ROOT / module)
            or operator in IDENTITY
            or is_listed(known, module, mutation["start_pos"], mutation["end_pos"], operator)
        ):
            equivalent += 1
        else:
            open_ones.append(f"    {module}:{line} {operator}")
    counted = total - equivalent
    rate = 100 * killed / counted if counted else 100.0
    head = f"{session.stem}: {killed} of {counted} killed ({rate:.1f}%); {equivalent} equivalent left out of {total}"
    return "\n".join([head, *open_ones])


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(score(Path(name)))
