"""YAML in, frozen RuleSet out: finding and reading files, safe composition, the document reader, timings, schema."""
