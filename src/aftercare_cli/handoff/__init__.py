"""The desk-to-phone hand-off (`plan --qr`): a one-time server for the calendar file, and its QR code.

Something that runs, so a room of its own: the outputs make bytes, this serves
them once; the shell still does the printing, the waiting and the exiting.
"""
