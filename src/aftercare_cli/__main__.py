"""`python -m aftercare_cli` runs the same program as the `aftercare` script."""

from aftercare_cli.cli.run import main

main()
