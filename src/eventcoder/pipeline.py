"""The stages wired together: Article -> spaCy Doc -> drafts -> geolocated, named Events.

``Pipeline.process`` is the one function every engine runs (single process, the process pool
of ``run(workers=N)`` in engines/pool.py, and the Ray actors of engines/ray_engine.py): a batch
of articles in, one Outcome per article out, in order. Each article is processed inside its own
guard, parsing included, and within its time limit (``Settings.time_limit``): an article that
cannot be processed, for any reason, becomes an Outcome with a Failure and the reason, and the
rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from .budget import Budget
from .errors import InputError, TimeLimitExceeded
from .extract import EventDraft, Extractor, name_actor
from .models import Article, Event, Failure, Outcome, Place, stable_id
from .nlp import BATCH_CHARS, SEGMENT_CHARS, load_pipeline, parse_long, parse_many
from .rules.lexicon import Lexicon
from .settings import Settings

if TYPE_CHECKING:
    from .geo import Geocoder
    from .geo.article_places import ArticlePlaces

log = logging.getLogger(__name__)


class Pipeline:
    """Everything extraction needs, loaded once: the spaCy pipeline, the rules, the gazetteer."""

    def __init__(self, settings: Settings | None = None, *, nlp: Language | None = None,
                 geocoder: Geocoder | None = None, extractor: Extractor | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.nlp = nlp or load_pipeline(self.settings.model)
        lexicon = extractor.lexicon if extractor is not None else Lexicon()  # one lexicon for every stage
        self.extractor = extractor or Extractor(lexicon)
        if geocoder is None:
            from .geo import Geocoder
            geocoder = Geocoder.from_settings(self.settings, lexicon)
        self.geocoder = geocoder

    # -- one article ----------------------------------------------------------------------
    def extract(self, text: str, *, published: dt.date | str | None = None, article_id: str = "text",
                title: str | None = None) -> list[Event]:
        """The events in one text, the one it is chiefly about first. Raises InputError for an
        argument of the wrong kind and for a text that cannot be processed (with the reason)."""
        article = Article(id=article_id, text=text, title=title, published=published)  # type: ignore[arg-type]
        outcome = self.process([article])[0]
        if outcome.failure is not None:
            raise InputError(outcome.failure.source, outcome.failure.reason)
        return list(outcome.events)

    def events_for(self, doc: Doc, article: Article, budget: Budget | None = None) -> tuple[Event, ...]:
        budget = budget or Budget(self.settings.time_limit)
        drafts = self.extractor.drafts(doc, article, budget)
        places = self.geocoder.places(doc) if drafts else None
        events = []
        for draft in drafts:
            budget.check()
            events.append(self._finish(doc, article, draft, places))
        return tuple(events)

    def _finish(self, doc: Doc, article: Article, draft: EventDraft, places: ArticlePlaces | None) -> Event:
        place = self.geocoder.locate(doc, doc[draft.trigger], country_hints=draft.country_hints, places=places)
        iso3 = place.iso3
        if iso3 is None and draft.country_hints:
            iso3 = draft.country_hints[0]
            place = Place(country=_country_name(iso3), iso3=iso3)
        actor1 = name_actor(draft.side1, iso3, self.extractor.lexicon.actors)
        actor2 = name_actor(draft.side2, iso3, self.extractor.lexicon.actors)
        evidence = draft.evidence + ((place.evidence,) if place.evidence is not None else ())
        event = Event(
            event_id=stable_id(article.id, draft.event_type, draft.sub_event_type, draft.date, draft.trigger),
            article_id=article.id,
            event_date=draft.date,
            time_precision=draft.time_precision,
            event_type=draft.event_type,
            sub_event_type=draft.sub_event_type,
            actor1=actor1.name if actor1 else None,
            actor2=actor2.name if actor2 else None,
            inter1=actor1.inter if actor1 else 0,
            inter2=actor2.inter if actor2 else 0,
            fatalities=draft.fatalities,
            injuries=draft.injuries,
            arrests=draft.arrests,
            confidence=draft.confidence,
            evidence=tuple(sorted(evidence, key=lambda e: (e.start, e.field))),
        )
        return event.with_place(place)

    # -- batches --------------------------------------------------------------------------
    def process(self, items: Sequence[Article | Failure], *,
                on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """One Outcome per item, in order. Failures given in are passed through. Runs of short
        articles are parsed together (a few hundred thousand characters at a time), then each
        is extracted alone, within its time limit; a long article is parsed in pieces.
        ``on_outcome`` is called with each Outcome as soon as it is made."""
        out: list[Outcome] = []
        for run in _runs(items, self.settings.batch_size):
            docs: Sequence[Doc | Exception | None] = [None] * len(run)
            if len(run) > 1 or (isinstance(run[0], Article) and len(run[0].text) <= SEGMENT_CHARS):
                docs = parse_many(self.nlp, [item.text for item in run if isinstance(item, Article)],
                                  batch_size=self.settings.batch_size)
            for item, parsed in zip(run, docs, strict=True):
                outcome = self._outcome(item, parsed)
                out.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
        return out

    def _outcome(self, item: Article | Failure, parsed: Doc | Exception | None) -> Outcome:
        if isinstance(item, Failure):
            return Outcome(Article(id=item.source or "<input>", text=""), failure=item)
        if len(item.text) > self.nlp.max_length:
            return Outcome(item, failure=Failure(
                item.id, f"article is {len(item.text):,} characters; the limit is {self.nlp.max_length:,}"))
        return self._process_one(item, parsed)

    def _process_one(self, article: Article, parsed: Doc | Exception | None) -> Outcome:
        """The outcome of one article (``parsed``: its Doc if it was parsed in a batch, or the
        error parsing it raised). Never raises: whatever goes wrong is the article's failure."""
        budget = Budget(self.settings.time_limit)
        stage = "parser"
        try:
            if isinstance(parsed, Exception):
                raise parsed
            doc = parsed if parsed is not None else parse_long(self.nlp, article.text, budget)
            budget.check()
            stage = "extractor"
            return Outcome(article, self.events_for(doc, article, budget))
        except TimeLimitExceeded as error:
            log.info("%s: %s", article.id, error)
            return Outcome(article, failure=Failure(article.id, str(error)))
        except MemoryError:
            return Outcome(article, failure=Failure(article.id, "ran out of memory"))
        except Exception as error:  # one article's failure must not stop the batch
            log.exception("%s failed for %s", stage, article.id)
            return Outcome(article, failure=Failure(article.id, f"{stage} error: {type(error).__name__}: {error}"))

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1, chunk_size: int = 64) -> Iterator[Outcome]:
        """Outcomes for a stream of articles, in input order; ``workers`` > 1 uses a pool of
        processes (engines/pool.py), each with the pipeline loaded once."""
        if workers <= 1:
            for chunk in _chunks(items, chunk_size):
                yield from self.process(chunk)
            return
        from .engines.pool import ProcessPool

        with ProcessPool(self.settings, workers=workers, pipeline=self, chunk_size=chunk_size) as pool:
            yield from pool.run(items)


def _country_name(iso3: str) -> str | None:
    from .codebook.countries import country_name
    try:
        return country_name(iso3)
    except KeyError:
        return None


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _runs(items: Sequence[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    """``items`` in runs to parse together: consecutive short articles, at most ``size`` of them
    and BATCH_CHARS of text; a long article, a too long one or a failure alone."""
    run: list[Article | Failure] = []
    chars = 0
    for item in items:
        short = isinstance(item, Article) and len(item.text) <= SEGMENT_CHARS
        if run and (not short or len(run) >= size or chars + len(item.text) > BATCH_CHARS):  # type: ignore[union-attr]
            yield run
            run, chars = [], 0
        if short:
            run.append(item)
            chars += len(item.text)  # type: ignore[union-attr]
        else:
            yield [item]
    if run:
        yield run
