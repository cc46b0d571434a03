"""What comes before an XML document's root element: an XML declaration, comments, processing
instructions and a DOCTYPE, whose internal subset may declare entities.

Read to tell a feed by its root tag however long the prolog (a licence in a comment, a
generator's processing instructions), and to refuse a feed whose entities would expand past
a limit: expat caps expansion at 100 times the input, which for a 40 MB feed is 4 GB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Where each kind of item ends, by how it starts; in a DOCTYPE these may hold "]" or ">".
ITEM_ENDS = ((b"<?", b"?>"), (b"<!--", b"-->"), (b'"', b'"'), (b"'", b"'"))
ROOT_NAME = re.compile(rb"<([^\s/>!?]+)")
DOCTYPE = re.compile(rb"<!DOCTYPE\b", re.IGNORECASE)
DOCTYPE_MARK = re.compile(rb"[\"'<\[\]>]")
ENTITY = re.compile(rb"""<!ENTITY\s+(%\s+)?([^\s%;"']+)\s+(?:"([^"]*)"|'([^']*)'|(\S))""")
PARAMETER_REFERENCE = re.compile(rb"%[^\s%;]+;")
REFERENCE = re.compile(rb"&([^\s&;#<>\"']+);")
MAX_SIZE = 1 << 62  # an entity's size is counted up to here: enough to refuse, cheap to add


class EntityError(ValueError):
    """A DOCTYPE whose entities are refused."""


@dataclass(frozen=True, slots=True)
class Prolog:
    """The prolog of an XML document, as far as it could be read."""

    root: str | None  # the root element's name; None if the prolog has no end in the bytes read
    end: int  # the offset of the root tag (or of where reading stopped)
    subset: bytes  # the DOCTYPE's internal subset, b"" if none


def read_prolog(data: bytes) -> Prolog:
    """The prolog at the start of ``data`` (after a UTF-8 BOM and whitespace). Linear in its
    length: each item is found by its end."""
    position = len(data) - len(data.removeprefix(b"\xef\xbb\xbf").lstrip())
    subset = b""
    while position < len(data):
        if DOCTYPE.match(data, position):
            found = _doctype(data, position)
            if found is None:
                break
            position, subset = found
        elif data.startswith((b"<?", b"<!--"), position):
            end = _item_end(data, position)
            if end < 0:
                break
            position = end
        elif match := ROOT_NAME.match(data, position):
            return Prolog(match[1].decode("utf-8", "replace"), position, subset)
        else:
            break  # text or a stray "<" before any element: not a prolog
        position = len(data) - len(data[position:].lstrip())
    return Prolog(None, position, subset)


def entity_expansion(data: bytes, prolog: Prolog, *, limit: int) -> int:
    """How many bytes the references in ``data`` to the entities its DOCTYPE declares come to
    once expanded (0 when it declares none), counted until past ``limit``. Raises EntityError
    for parameter entities or a cycle: a feed has no use for either, and both hide the size."""
    if b"<!ENTITY" not in prolog.subset:
        return 0
    if PARAMETER_REFERENCE.search(prolog.subset):
        raise EntityError("the DOCTYPE uses parameter entities, which are refused")
    values: dict[bytes, bytes] = {}
    for match in ENTITY.finditer(prolog.subset):
        if match[1]:
            raise EntityError("the DOCTYPE declares parameter entities, which are refused")
        value = match[3] if match[3] is not None else match[4]
        values.setdefault(match[2], value or b"")  # the first declaration wins; external ones add 0
    sizes = _expanded_sizes(values)
    total = 0
    for match in REFERENCE.finditer(data, prolog.end):
        total += sizes.get(match[1], 0)
        if total > limit:
            break
    return total


def _expanded_sizes(values: dict[bytes, bytes]) -> dict[bytes, int]:
    """The expanded size of each entity, its references to the others included. Depth first
    without recursion, since a hostile DOCTYPE may chain thousands."""
    inner = {name: [m[1] for m in REFERENCE.finditer(value) if m[1] in values] for name, value in values.items()}
    sizes: dict[bytes, int] = {}
    for first in values:
        path, on_path = [(first, 0)], {first}
        while path:
            name, index = path[-1]
            if index < len(inner[name]):
                path[-1] = (name, index + 1)
                ref = inner[name][index]
                if ref in on_path:
                    raise EntityError(f"the entity {ref.decode('utf-8', 'replace')!r} refers to itself")
                if ref not in sizes:
                    path.append((ref, 0))
                    on_path.add(ref)
                continue
            own = len(values[name]) - sum(len(ref) + 2 for ref in inner[name])
            sizes[name] = min(own + sum(sizes[ref] for ref in inner[name]), MAX_SIZE)
            path.pop()
            on_path.discard(name)
    return sizes


def _item_end(data: bytes, start: int) -> int:
    """The end of the comment, processing instruction or quoted string at ``start``; -1 if it
    has none. Each is found by its end, so a scan is linear however hostile the bytes."""
    for opening, closing in ITEM_ENDS:
        if data.startswith(opening, start):
            close = data.find(closing, start + len(opening))
            return close + len(closing) if close >= 0 else -1
    return start + 1


def _doctype(data: bytes, start: int) -> tuple[int, bytes] | None:
    """The end of the DOCTYPE at ``start`` and its internal subset; None if it has no end."""
    subset_start = subset_end = -1
    position = start + len(b"<!DOCTYPE")
    while mark := DOCTYPE_MARK.search(data, position):
        char, position = mark[0], mark.start()
        if char in b"\"'" or data.startswith((b"<?", b"<!--"), position):
            position = _item_end(data, position)
            if position < 0:
                return None
            continue
        position += 1
        if char == b"[" and subset_start < 0:
            subset_start = position
        elif char == b"]" and subset_start >= 0 and subset_end < 0:
            subset_end = position - 1
        elif char == b">" and (subset_start < 0 or subset_end >= 0):
            return position, data[subset_start:subset_end] if subset_start >= 0 else b""
    return None
