"""aftercare: personalised aftercare timelines from a clinic's rules."""

__version__ = "0.2.0"
