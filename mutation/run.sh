#!/usr/bin/env bash
# Mutation testing of the core: does the suite notice when the code changes?
#
#   bash mutation/run.sh            # every module (most of an hour on two cores)
#   bash mutation/run.sh planner    # one module
#
# For each module, cosmic-ray mutates the source (in this checkout: commit or
# stash first, and it restores each file after each mutant) and runs the tests
# that cover it; a mutant the tests do not notice "survives". The score is the
# share killed of the mutants that can change behaviour (mutation/score.py says
# which are equivalent and why). Not part of CI: it takes most of an hour.
# Needs: pip install "cosmic-ray==8.7.*" into the venv.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=("${@:-planner waking empty_rules size localtime timing_text timing_fit timing_fields zone_names treatment_time calendar adjustments atomic}")
read -r -a modules <<<"${modules[*]}"
export PATH="$PWD/.venv/bin:$PATH"  # the tests run with the venv's python
mkdir -p mutation/sessions
for module in "${modules[@]}"; do
  config="mutation/$module.toml"
  session="mutation/sessions/$module.sqlite"
  .venv/bin/cosmic-ray init "$config" "$session" --force
  .venv/bin/python mutation/skip_equivalent.py "$session"  # no time into mutants known to change nothing
  .venv/bin/cosmic-ray exec "$config" "$session"
  .venv/bin/python mutation/score.py "$session"  # killed of the mutants that can change behaviour
done
