"""The records extraction passes between its stages: cues, actor mentions, and the doc with
everything found in it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..rules.actors import GroupEntry
from ..rules.lexicon import Lexicon
from .dates import DateMention


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
    """Everything found in one doc, with the clause bookkeeping that dates need, and indexes
    (built once by ``index()``) so that looking up a token's actor or a sentence's dates costs
    the same however long the article is."""

    doc: Doc
    lexicon: Lexicon  # the words every rule reads
    sentences: list[Span]
    content: list[bool]  # sentence index -> is it article text (not boilerplate)?
    cues: list[Cue]
    actors: list[ActorMention]
    dates: list[DateMention]
    date_clause: dict[int, int] = field(default_factory=dict)  # index in dates -> clause head token
    quoted: set[int] = field(default_factory=set)
    lowers: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    text: str = ""  # doc.text, which spaCy rebuilds from the tokens at every call
    _spanning: dict[int, list[int]] = field(default_factory=dict)  # token -> actors whose span holds it
    _headed: dict[int, list[int]] = field(default_factory=dict)  # token -> actors it is the head of
    _actors_by_sent: dict[int, list[int]] = field(default_factory=dict)
    _dates_by_sent: dict[int, list[int]] = field(default_factory=dict)
    _cue_heads: dict[frozenset[str], frozenset[int]] = field(default_factory=dict)

    def index(self) -> None:
        """Build the lookups of actors and dates; call again whenever they change."""
        self._spanning, self._headed, self._actors_by_sent, self._cue_heads = {}, {}, {}, {}
        for number, actor in enumerate(self.actors):
            for i in range(actor.start, actor.end):
                self._spanning.setdefault(i, []).append(number)
            self._headed.setdefault(actor.head, []).append(number)
            self._actors_by_sent.setdefault(actor.sent, []).append(number)
        starts = [sent.start_char for sent in self.sentences]
        self._dates_by_sent = {}
        for number, date in enumerate(self.dates):
            if starts and date.start >= starts[0]:
                self._dates_by_sent.setdefault(bisect.bisect_right(starts, date.start) - 1, []).append(number)

    def actors_spanning(self, i: int) -> list[ActorMention]:
        """The actors whose words include token ``i``, in the order of ``actors``."""
        return [self.actors[n] for n in self._spanning.get(i, ())]

    def actor_of(self, i: int) -> ActorMention | None:
        """The first actor (in the order of ``actors``) whose words include token ``i`` or
        whose head it is."""
        numbers = [*self._spanning.get(i, ()), *self._headed.get(i, ())]
        return self.actors[min(numbers)] if numbers else None

    def actors_in(self, sents: Iterable[int]) -> list[ActorMention]:
        """The actors mentioned in these sentences, in the order of ``actors``."""
        numbers = sorted(n for s in set(sents) for n in self._actors_by_sent.get(s, ()))
        return [self.actors[n] for n in numbers]

    def cue_heads(self, kinds: frozenset[str]) -> frozenset[int]:
        """The head tokens of the cues of these kinds."""
        if kinds not in self._cue_heads:
            self._cue_heads[kinds] = frozenset(c.head for c in self.cues if c.kind in kinds)
        return self._cue_heads[kinds]

    def dates_in(self, sent: int) -> list[int]:
        """Indices into ``dates`` of the dates that start in sentence ``sent``."""
        return self._dates_by_sent.get(sent, [])


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
