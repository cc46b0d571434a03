"""Text every encoder accepts. Python strings may hold lone UTF-16 surrogates (from a JSON
"\\ud800" escape, an XML "&#55296;" or a file name that is not UTF-8), which UTF-8 cannot
encode: printing, storing or parsing them fails. Text is made safe where it enters."""

from __future__ import annotations

import re

SURROGATE = re.compile("[\ud800-\udfff]")


def replaced_warning(field: str, replaced: int) -> str:
    """The warning for ``replaced`` characters of ``field`` made safe."""
    plural = "s" if replaced > 1 else ""
    return (f"'{field}': {replaced} character{plural} that UTF-8 cannot encode (lone UTF-16 surrogates) "
            f"replaced with U+FFFD")


def safe_text(value: str) -> tuple[str, int]:
    """``value`` with what UTF-8 cannot encode replaced by U+FFFD, one character for one, and
    how many were replaced. A valid surrogate pair (an astral character written as two
    escapes) is joined into that character first."""
    if not SURROGATE.search(value):
        return value, 0
    joined = value.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")
    return SURROGATE.subn("\ufffd", joined)
