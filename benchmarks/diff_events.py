"""Compare two runs of the extractor event by event: what a change to the rules changed.

    eventcoder extract --format jsonl - < inputs.jsonl > before.jsonl     # on the old code
    eventcoder extract --format jsonl - < inputs.jsonl > after.jsonl      # on the new code
    python benchmarks/diff_events.py before.jsonl after.jsonl [--show 20]

Events are matched by article and event id (the id depends on the article, type, date and
cue); for each field, how many matched events changed it, and the first few changes in full.
The exit status is 0 when the two outputs are identical, byte for byte, and 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path
from typing import Any


def load(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    events: dict[tuple[str, str], dict[str, Any]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                events[(record["article_id"], record["event_id"])] = record
    return events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=10, help="changes to print in full (default %(default)s)")
    args = parser.parse_args(argv)
    if args.before.read_bytes() == args.after.read_bytes():
        print("identical, byte for byte")
        return 0
    before, after = load(args.before), load(args.after)
    gone = [key for key in before if key not in after]
    new = [key for key in after if key not in before]
    changed = collections.Counter()
    examples: list[str] = []
    for key in before.keys() & after.keys():
        old, now = before[key], after[key]
        fields = [name for name in old.keys() | now.keys() if old.get(name) != now.get(name)]
        changed.update(fields)
        if fields and len(examples) < args.show:
            examples.append(f"  {key[0]} {key[1]}: " + "; ".join(
                f"{name} {old.get(name)!r} -> {now.get(name)!r}" for name in sorted(fields) if name != "evidence"))
    print(f"{len(before)} events before, {len(after)} after: {len(gone)} gone, {len(new)} new, "
          f"{sum(1 for key in before.keys() & after.keys() if before[key] != after[key])} changed")
    for name, count in changed.most_common():
        print(f"  {name:16} {count}")
    for label, keys, events in (("gone", gone, before), ("new", new, after)):
        for key in keys[: args.show]:
            event = events[key]
            print(f"  {label}: {key[0]} {event['event_date']} {event['event_type']} / {event['sub_event_type']} "
                  f"{event['location']!r} conf {event['confidence']}")
    if examples:
        print("changed:")
        print("\n".join(examples))
    if not (gone or new or changed):
        print("the same events in a different order or spelling (compare the files themselves)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
