"""The package's top-level names are the API functions, whatever was imported before."""

import importlib

import pytest

import framing


@pytest.mark.parametrize("name", framing.__all__)
def test_top_level_names_are_functions_even_after_their_modules_are_imported(name):
    importlib.import_module(framing._EXPORTS[name])  # importing a submodule binds it on the package
    exported = getattr(framing, name)
    assert callable(exported) and not isinstance(exported, type(framing)), f"framing.{name} is {exported!r}"


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        framing.nope  # noqa: B018
