"""The ``framing`` command: a thin layer over the Python API."""

from framing.cli.app import app

__all__ = ["app"]
