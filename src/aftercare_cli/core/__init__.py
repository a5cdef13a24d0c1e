"""Pure: (rules, treatment time, variant, patient) -> Plan, and the DST maths it needs. No clock, no files."""
