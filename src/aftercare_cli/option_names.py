"""The command line's option names, for the shell's declarations and for every message that names one.

A message deep in a wing may tell the desk what to type ("add --force to
replace it"); it takes the name from here, so renaming an option touches
this file and the README, nothing else.
"""

AT = "--at"
TZ = "--tz"
FIXED_OFFSET = "--fixed-offset"
PEEL = "--peel"
TREATMENT = "--treatment"
RULES = "--rules"
WAKE = "--wake"
SLEEP = "--sleep"
PATIENT = "--patient"
FORMAT = "--format"
TIMELINE = "--timeline"
ICS = "--ics"
DISCREET = "--discreet"
HANDOUT = "--handout"
PDF = "--pdf"
PAPER = "--paper"
FORCE = "--force"
QR = "--qr"
QR_BIND = "--qr-bind"
QR_WAIT = "--qr-wait"
SET = "--set"
OUT = "--out"
OUTPUTS = "--outputs"
MAP = "--map"
VALUE = "--value"
DATE_ORDER = "--date-order"
