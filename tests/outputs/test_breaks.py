"""Where the handout's long words may break: soft hyphens from the language's patterns, only where needed."""

import subprocess
import sys

import pytest

from aftercare_cli.outputs.breaks import SOFT_HYPHEN, breakable


@pytest.mark.parametrize(
    ("lang", "text", "broken"),
    [
        ("de", "Sonnenschutzcreme", "Son-nen-schutz-creme"),
        ("de", "Gesichtsreinigung", "Ge-sichts-rei-ni-gung"),
        ("de-AT", "Feuchtigkeitspflege", "Feuch-tig-keits-pflege"),  # a region: its language's patterns
        ("nl", "Zonnebrandcrème", "Zon-ne-brand-crème"),
        ("es-MX", "Fotoprotección", "Fo-to-pro-tec-ción"),
        ("fr", "Photoprotection", "Pho-to-pro-tec-tion"),
        ("en", "Skincare", "Skin-care"),
        ("de", "Beispielroutine", "Bei-spiel-rou-tine"),  # never two letters alone on the next line
        ("de", "SPF 50+ Creme", "SPF 50+ Creme"),  # short words and digits: nothing to break
        ("ar", "واقي الشمس الطويل جدًا", "واقي الشمس الطويل جدًا"),  # no patterns: the cell's CSS breaks it
        ("fi", "Aurinkosuojavoiteen", "Aurinkosuojavoiteen"),
    ],
)
def test_a_long_word_gets_soft_hyphens_where_its_language_allows(lang: str, text: str, broken: str) -> None:
    said = breakable(text, lang)
    assert said.replace(SOFT_HYPHEN, "") == text  # the same letters: invisible until a line breaks there
    assert said.replace(SOFT_HYPHEN, "-") == broken


def test_a_page_of_short_words_loads_no_patterns() -> None:
    code = (
        "import sys; from aftercare_cli.outputs.breaks import breakable; "
        "breakable('Cream, Water, SPF 50+', 'de'); print('pyphen' in sys.modules, end=' '); "
        "breakable('Sonnenschutzcreme', 'de'); print('pyphen' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False True\n"  # and the check itself can fail
