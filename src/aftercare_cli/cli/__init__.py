"""The shell: options -> values, the clock, the environment, consoles, the one error handler, waiting and exiting.

The only wing that reads the environment, prints or exits. No date maths, no
YAML. Empty on purpose: importing the package loads nothing; `cli.run.main`
is the entry point.
"""
