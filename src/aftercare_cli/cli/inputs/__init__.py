"""The desk's inputs, read and refused here: the treatment time, the zone, the patient, the treatment and peel,
the language, an earlier plan (`--replaces`), a day's appointments, and the clock."""
