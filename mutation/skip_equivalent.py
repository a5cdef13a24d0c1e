"""Marks a session's equivalent mutants as skipped before it runs, so no time goes into running them.

    python mutation/skip_equivalent.py mutation/sessions/planner.sqlite

The same mutants `score.py` leaves out of the score (inside a type annotation, `is` -> `==`, and those
listed in mutation/equivalent.toml): each would run the whole test command only to survive, and the
annotations alone are a quarter of a module's mutants. `score.py` counts them as equivalent still.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cosmic_ray.work_db import use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult

sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import IDENTITY, ROOT, annotation_lines, is_listed, listed  # the same rules as the score


def skip_equivalent(session: Path) -> int:
    known = listed()
    skipped = 0
    with use_db(str(session)) as db:
        for item in list(db.pending_work_items):
            mutation = item.mutations[0]
            module, line = Path(mutation.module_path), mutation.start_pos[0]
            operator = mutation.operator_name.split("/")[-1]
            annotated = line in annotation_lines(ROOT / module)
            if (
                annotated
                or operator in IDENTITY
                or is_listed(known, module, list(mutation.start_pos), list(mutation.end_pos), operator)
            ):
                db.set_result(item.job_id, WorkResult(output="equivalent", worker_outcome=WorkerOutcome.SKIPPED))
                skipped += 1
    return skipped


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {skip_equivalent(Path(name))} equivalent mutants skipped")
