"""A text the clinic wrote for the patient, kept in every language it was written in."""

from __future__ import annotations

from aftercare_cli.frozen import frozen
from aftercare_cli.language_tags import best_language


@frozen
class Written:
    """A text the clinic wrote for the patient, in every language its rules are written in (the default first).

    A text written once (`title: Apply the cream`) is the same in every language: one text with no
    language. The plan carries its texts like this and says none of them: each face picks the one of
    its voice's language (`in_language`), so one plan is said to the desk and to the patient alike.
    """

    texts: tuple[tuple[str, str], ...] = ()  # (language tag, text); ("", text) for a text the same in all

    @classmethod
    def once(cls, text: str) -> Written:
        """A text the same in every language ("" for none)."""
        return cls((("", text),)) if text else cls()

    def in_language(self, lang: str) -> str:
        """The text in `lang`: the same tag, else its language (es-MX: es), else the default."""
        if len(self.texts) <= 1:
            return self.texts[0][1] if self.texts else ""
        found = best_language(lang, tuple(language for language, _ in self.texts))
        return next((text for language, text in self.texts if language == found), self.texts[0][1])

    @property
    def default(self) -> str:
        """The text in the rules' default language (for messages to the clinic's staff)."""
        return self.texts[0][1] if self.texts else ""

    def languages(self) -> tuple[tuple[str, str], ...]:
        """Every (language, text) written: what a check of every language's text walks."""
        return self.texts

    def __bool__(self) -> bool:
        return any(text for _, text in self.texts)
