#!/bin/sh
# The catalogues of the tool's words, made from the code (CONTRIBUTING.md, "Adding a language"):
#   sh src/aftercare_cli/locale/catalogues.sh       # after the code's sentences changed: every language updated
#   sh src/aftercare_cli/locale/catalogues.sh it    # a new language (it): its catalogue started, every one updated
# Then translate each empty msgstr in the .po files and run it again: it compiles the .mo files that ship.
set -eu
cd "$(dirname "$0")/../../.."
locale=src/aftercare_cli/locale
version=$(.venv/bin/python -c "import aftercare_cli; print(aftercare_cli.__version__)")
# The comments a translator needs come from "# Translators:" lines above a message in the code.
.venv/bin/pybabel -q extract -F babel.cfg -k _ -k ngettext:1,2 --add-comments=Translators: --no-location \
  --sort-output --project aftercare --version "$version" --copyright-holder "aftercare contributors" \
  --msgid-bugs-address "" -o "$locale/aftercare.pot" .
if [ $# -gt 0 ]; then
  .venv/bin/pybabel init -D aftercare -i "$locale/aftercare.pot" -d "$locale" -l "$1"
fi
.venv/bin/pybabel -q update -D aftercare -i "$locale/aftercare.pot" -d "$locale" --no-fuzzy-matching --ignore-obsolete
.venv/bin/pybabel compile -D aftercare -d "$locale" --statistics
