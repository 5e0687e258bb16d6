"""Run the CLI as ``python -m myokg``."""

from myokg.cli import main

main()
