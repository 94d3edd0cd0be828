"""Shared test set-up."""

import pytest


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Commands run by the tests cache into a folder of their own, never the user's cache."""
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path_factory.mktemp("framing-cache")))
