"""Reproducible evaluation toolkit for development-cooperation programmes."""

__version__ = "0.1.0"
