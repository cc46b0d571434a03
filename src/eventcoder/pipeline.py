"""The stages wired together: Article -> spaCy Doc -> drafts -> geolocated, named Events.

``Pipeline.process`` is the one function every engine runs (single process, the process pool
of ``run(workers=N)``, and the Ray actors of eventcoder.distributed): a batch of articles in,
one Outcome per article out, in order. An article that cannot be processed becomes an Outcome
with a Failure and a reason; the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc

from .extract import Draft, Extractor, name_actor
from .models import Article, Event, Failure, Outcome, Place, stable_id
from .nlp import load_pipeline
from .settings import Settings

if TYPE_CHECKING:
    from .geo import Geocoder

log = logging.getLogger(__name__)


class Pipeline:
    """Everything extraction needs, loaded once: the spaCy pipeline, the rules, the gazetteer."""

    def __init__(self, settings: Settings | None = None, *, nlp: Language | None = None,
                 geocoder: Geocoder | None = None, extractor: Extractor | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self.nlp = nlp or load_pipeline(self.settings.model)
        self.extractor = extractor or Extractor()
        if geocoder is None:
            from .geo import Geocoder
            geocoder = Geocoder.from_settings(self.settings)
        self.geocoder = geocoder

    # -- one article ----------------------------------------------------------------------
    def extract(self, text: str, *, published: dt.date | str | None = None, article_id: str = "text",
                title: str | None = None) -> list[Event]:
        """The events in one text, the one it is chiefly about first."""
        if isinstance(published, str):
            published = dt.date.fromisoformat(published[:10])
        article = Article(id=article_id, text=text, title=title, published=published)
        outcome = self.process([article])[0]
        if outcome.failure is not None:
            from .errors import InputError
            raise InputError(outcome.failure.source, outcome.failure.reason)
        return list(outcome.events)

    def events_for(self, doc: Doc, article: Article) -> tuple[Event, ...]:
        drafts = self.extractor.drafts(doc, article)
        events = [self._finish(doc, article, draft, rank) for rank, draft in enumerate(drafts)]
        return tuple(events)

    def _finish(self, doc: Doc, article: Article, draft: Draft, rank: int) -> Event:
        place = self.geocoder.locate(doc, doc[draft.trigger], country_hints=draft.country_hints)
        iso3 = place.iso3
        if iso3 is None and draft.country_hints:
            iso3 = draft.country_hints[0]
            place = Place(country=_country_name(iso3), iso3=iso3)
        actor1 = name_actor(draft.side1, iso3)
        actor2 = name_actor(draft.side2, iso3)
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
    def process(self, items: Sequence[Article | Failure]) -> list[Outcome]:
        """One Outcome per item, in order. Failures given in are passed through."""
        articles = [item for item in items if isinstance(item, Article)]
        texts = [self._text_for(article) for article in articles]
        too_long = {a.id for a, t in zip(articles, texts, strict=True) if len(t) > self.nlp.max_length}
        docs = iter(self.nlp.pipe(
            (t for a, t in zip(articles, texts, strict=True) if a.id not in too_long),
            batch_size=self.settings.batch_size))
        out: list[Outcome] = []
        for item in items:
            if isinstance(item, Failure):
                out.append(Outcome(Article(id=item.source, text=""), failure=item))
                continue
            if item.id in too_long:
                out.append(Outcome(item, failure=Failure(
                    item.id, f"article is {len(item.text):,} characters; the limit is {self.nlp.max_length:,}")))
                continue
            doc = next(docs)
            try:
                out.append(Outcome(item, self.events_for(doc, item)))
            except Exception as err:  # one article's failure must not stop the batch
                log.exception("extraction failed for %s", item.id)
                out.append(Outcome(item, failure=Failure(item.id, f"extractor error: {type(err).__name__}: {err}")))
        return out

    @staticmethod
    def _text_for(article: Article) -> str:
        return article.text

    def run(self, items: Iterable[Article | Failure], *, workers: int = 1, chunk_size: int = 64) -> Iterator[Outcome]:
        """Outcomes for a stream of articles, in input order; ``workers`` > 1 uses a process pool
        (each worker loads its own pipeline once)."""
        chunks = _chunks(items, chunk_size)
        if workers <= 1:
            for chunk in chunks:
                yield from self.process(chunk)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        if method == "fork":
            _worker["pipeline"] = self  # forked workers share the loaded pipeline, copy-on-write
        try:
            with multiprocessing.get_context(method).Pool(
                    workers, initializer=_init_worker, initargs=(self.settings,)) as pool:
                for outcomes in pool.imap(_process_in_worker, chunks):
                    yield from outcomes
        finally:
            _worker.pop("pipeline", None)


def _country_name(iso3: str) -> str | None:
    from .geo.countries import country_name
    try:
        return country_name(iso3)
    except KeyError:
        return None


def _chunks(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# The pipeline pool workers use (see Pipeline.run): the parent's, inherited by fork, or one the
# worker loads itself when processes are spawned.
_worker: dict[str, Pipeline] = {}


def _init_worker(settings: Settings) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if "pipeline" not in _worker:  # spawned, not forked: load our own
        _worker["pipeline"] = Pipeline(settings)


def _process_in_worker(chunk: list[Article | Failure]) -> list[Outcome]:
    return _worker["pipeline"].process(chunk)
