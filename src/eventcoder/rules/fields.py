"""Reading the parts of a rule file: each list or table, checked as it is read, so that a rule
file edited by hand fails with its name and key rather than with a traceback later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import LexiconError


def words(data: Mapping[str, Any], key: str, file: str, *, lower: bool = True) -> frozenset[str]:
    """The list ``key`` of a rule file, as a set of strings (lower-cased unless ``lower`` is False)."""
    return frozenset(word_list(data, key, file, lower=lower))


def word_list(data: Mapping[str, Any], key: str, file: str, *, lower: bool = True) -> tuple[str, ...]:
    """The list ``key`` of a rule file, in its order."""
    value = section(data, key, file, list)
    if not all(isinstance(item, str) for item in value):
        raise LexiconError(f"rules/{file}: '{key}' must be a list of words")
    return tuple(item.lower() if lower else item for item in value)


def table(data: Mapping[str, Any], key: str, file: str) -> Mapping[str, Any]:
    """The mapping ``key`` of a rule file."""
    value: Mapping[str, Any] = section(data, key, file, dict)
    return value


def section(data: Mapping[str, Any], key: str, file: str, kind: type) -> Any:
    if not isinstance(data, Mapping):
        raise LexiconError(f"rules/{file}: the file must be a mapping of names to lists")
    if key not in data:
        raise LexiconError(f"rules/{file}: '{key}' is missing")
    value = data[key]
    if not isinstance(value, kind):
        raise LexiconError(f"rules/{file}: '{key}' must be a {'list' if kind is list else 'mapping'}, "
                           f"not {type(value).__name__}")
    return value
