"""``python -m pipeline`` runs the ``boardpapers`` command."""

from pipeline.cli import main

main(prog_name="boardpapers")
