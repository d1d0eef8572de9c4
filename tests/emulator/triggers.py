"""Kestra triggers API (to be filled in)."""


def setup(app):
    """Register routes and hooks."""
