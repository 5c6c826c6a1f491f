"""``python -m collate``: the same as the ``collate`` command."""

from .cli import main

main()
