"""Kestra flows API (to be filled in)."""


def setup(app):
    """Register routes and hooks."""
