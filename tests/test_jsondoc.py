import json
from datetime import datetime

from aftercare_cli.outputs.jsondoc import plan_json
from conftest import plan_for


def test_json_document_shape(bundled) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(bundled, "2026-11-26T14:30", "Pacific/Auckland", "jessner")
    doc = json.loads(plan_json(plan))
    assert doc["schema"] == "aftercare-plan/2"
    assert (doc["treatment"], doc["peel"], doc["timezone"]) == ("microdermabrasion", "jessner", "Pacific/Auckland")
    assert doc["treated_at"] == "2026-11-26T14:30:00+13:00"
    assert len(doc["items"]) == len(plan.items)
    for item, source in zip(doc["items"], plan.items, strict=True):
        assert set(item) >= {"rule", "kind", "title", "details", "products", "start", "end"}
        assert datetime.fromisoformat(item["start"]) == source.start
        assert datetime.fromisoformat(item["start"]).utcoffset() is not None
        assert (item["end"] is None) == (source.end is None)
    assert {tip["rule"] for tip in doc["tips"]} == {"moisturising-spritz"}
    assert {item["kind"] for item in doc["items"]} == {"do", "avoid", "ends"}
