"""The reference's table of rule keys is the code's: docs/rules-format.md shows what `key_tables()` makes.

After a change to the format's keys (or their meanings in `ruleset/key_table.py`), regenerate the page's tables with:
    UPDATE_GOLDEN=1 python -m pytest tests/ruleset/test_key_table.py
"""

import os
import re
from pathlib import Path

from aftercare_cli.model import Kind
from aftercare_cli.ruleset import key_table
from aftercare_cli.ruleset.key_table import key_tables
from aftercare_cli.ruleset.loader import CONTACT_KEYS, PEEL_KEYS, RULE_KEYS, TOP_KEYS, TREATMENT_KEYS
from aftercare_cli.ruleset.timing.fit import KIND_KEYS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules-format.md"
# The generated tables stand between these two comments (the first says how to regenerate them).
BLOCK = re.compile(r"(<!-- keys: [^\n]*-->\n)(.*?)(<!-- end of keys -->)", re.DOTALL)


def test_the_rules_format_page_shows_the_tables_the_code_makes() -> None:
    page = PAGE.read_text(encoding="utf-8")
    found = BLOCK.search(page)
    assert found, "docs/rules-format.md has lost the markers of its generated key tables"
    if os.environ.get("UPDATE_GOLDEN"):
        PAGE.write_text(page[: found.start(2)] + key_tables() + page[found.end(2) :], encoding="utf-8")
        return
    assert found[2] == key_tables(), "the key tables changed; regenerate them with UPDATE_GOLDEN=1 (see above)"


def test_every_key_the_reader_knows_has_one_meaning_and_no_other() -> None:
    # A key added to the reader without a meaning, or a meaning left for a key the reader dropped.
    for keys, meanings in (
        (TOP_KEYS, key_table.TOP_MEANINGS),
        (TREATMENT_KEYS, key_table.TREATMENT_MEANINGS),
        (CONTACT_KEYS, key_table.CONTACT_MEANINGS),
        (PEEL_KEYS, key_table.PEEL_MEANINGS),
        (RULE_KEYS, key_table.RULE_MEANINGS),
    ):
        assert sorted(meanings) == sorted(keys)


def test_each_rule_key_says_the_kinds_the_reader_accepts_it_on() -> None:
    rule_table = key_tables().split("**Each of `rules:`**", 1)[1]
    rows = {
        row.split(" | ")[0].strip("| `"): row.split(" | ")[1]
        for row in rule_table.splitlines()
        if row.startswith("| `")
    }
    for key in RULE_KEYS:
        kinds = [kind.value for kind in Kind if key in KIND_KEYS[kind]]
        assert rows[key] == (", ".join(kinds) or "all"), key
    assert rows["end_note"] == "avoid"
    assert rows["at"] == "do, follow_up"
    assert rows["title"] == "all"


def test_required_keys_say_so() -> None:
    lines = key_tables().splitlines()
    assert "| `rules` | required; " in "\n".join(lines)
    assert any(line.startswith("| `title` | all | required; ") for line in lines)
    assert any(line.startswith("| `label` | all | a short name") for line in lines)
