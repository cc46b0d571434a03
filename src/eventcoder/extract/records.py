"""The records extraction passes between its stages: cues, actor mentions, and the doc with
everything found in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .dates import DateMention
from .lexicon import GroupEntry


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue word or phrase in the text: what kind of happening it signals, and where."""

    kind: str
    start: int  # token indices
    end: int
    head: int  # the token that carries the cue's syntax (the verb or noun)
    sent: int


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A noun phrase naming a possible actor: its kind (military, police, protesters...) or
    named group, and the country its words name ("Ukrainian forces" -> UKR)."""

    kind: str
    inter: int
    start: int
    end: int
    head: int
    sent: int
    group: GroupEntry | None = None
    iso3: str | None = None
    modifiers: tuple[str, ...] = ()
    leader: str | None = None  # a one-man side's leader, who names the group


@dataclass(slots=True)
class DocMentions:
    """Everything found in one doc, with the clause bookkeeping that dates need."""

    doc: Doc
    sentences: list[Span]
    content: list[bool]  # sentence index -> is it article text (not boilerplate)?
    cues: list[Cue]
    actors: list[ActorMention]
    dates: list[DateMention]
    date_clause: dict[int, int] = field(default_factory=dict)  # index in dates -> clause head token
    quoted: set[int] = field(default_factory=set)
    lowers: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)


def sent_index(m: DocMentions, token_i: int) -> int:
    lo, hi = 0, len(m.sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if m.sentences[mid].start <= token_i:
            lo = mid
        else:
            hi = mid - 1
    return lo


@dataclass(frozen=True, slots=True)
class Typing:
    """The decision, with the cue that carries it (for evidence and geolocation) and the sides."""

    event_type: str
    sub_event_type: str
    cue: Cue
    agents: tuple[ActorMention, ...] = ()
    targets: tuple[ActorMention, ...] = ()


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What typing looks at for one event."""

    cues: Sequence[Cue]
    actors: Sequence[ActorMention]
    fatalities: int
    injuries: int
    text: str  # the event's sentences, lower case
    serious_injuries: bool = False
