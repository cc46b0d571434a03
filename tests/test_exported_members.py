"""The package's public names are exactly ``eventcoder.__all__`` (as httpx checks its own): a name
added to the package without a decision to export it, or exported and gone, fails here."""

from __future__ import annotations

import types

import eventcoder


def test_all_lists_every_public_name_and_only_those() -> None:
    public = sorted(name for name, value in vars(eventcoder).items()
                    if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations")
    assert sorted(eventcoder.__all__) == public


def test_every_exported_name_is_documented() -> None:
    for name in eventcoder.__all__:
        assert getattr(eventcoder, name).__doc__, f"eventcoder.{name} has no docstring"
