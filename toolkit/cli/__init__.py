"""The command line: ``python -m toolkit`` and the installed console script."""
