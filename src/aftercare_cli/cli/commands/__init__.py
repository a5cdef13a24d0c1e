"""One module per command: each reads its options into values, makes the plan (`making`), and delivers it."""
