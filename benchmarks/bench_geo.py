"""Benchmark of the geo stage: gazetteer build and load time, geoparsing speed, and accuracy on
ACLED's dev notes for eventcoder and a simple peer, measured in the same run; and the geo stage's
time on the bundled example articles (examples/), whole news stories rather than one-line notes.

    .venv/bin/python benchmarks/bench_geo.py                 # everything (cold build takes ~20 s)
    .venv/bin/python benchmarks/bench_geo.py --skip-build    # no cold build
    .venv/bin/python benchmarks/bench_geo.py --json

The peer is what a geoparser without context does: spaCy's GPE/LOC entities, each resolved to the
most populous place of that name. Both are given the same event sentence: the first sentence that
names a place. Accuracy uses the scorer next to the dev file (score.py), so figures match it; the
accuracy part is skipped when the dev file is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

from spacy.language import Language
from spacy.tokens import Doc, Token

from eventcoder.geo import ArticleContext, Gazetteer, Geocoder
from eventcoder.models import Article, Place
from eventcoder.nlp import load_pipeline
from eventcoder.settings import Settings

DEFAULT_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "acled-dev.jsonl"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLACE_FIELDS = ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision")
SCORED = ("country", "admin1", "loc_25km", "loc_100km")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="ACLED-style gold JSONL (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N notes")
    parser.add_argument("--skip-build", action="store_true", help="do not time a cold gazetteer build")
    parser.add_argument("--write-events", type=Path, help="write our events as JSONL (for score.py --pred)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    settings = Settings.from_env()
    results: dict[str, object] = {}
    if not args.skip_build:
        results["gazetteer_build_s"] = round(_time_cold_build(), 1)
    Gazetteer.from_settings(settings)  # make sure the cache exists before timing loads
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        gazetteer = Gazetteer.from_settings(settings)
        loads.append(time.perf_counter() - started)
    results["gazetteer_load_s"] = round(statistics.median(loads), 2)
    results["gazetteer_entries"] = len(gazetteer)
    geocoder = Geocoder(gazetteer)
    nlp = load_pipeline(settings.model)
    results.update(_time_articles(nlp, geocoder))

    if not args.dev.exists():
        print(f"{args.dev} not found: skipping geoparsing speed and accuracy", file=sys.stderr)
        _report(results, args.json)
        return
    scorer = _load_scorer(args.dev.parent / "score.py")
    gold = [json.loads(line) for line in args.dev.open(encoding="utf-8") if line.strip()]
    gold = [rec for rec in gold if rec.get("gold", {}).get("event_type")]
    if args.limit:
        gold = gold[: args.limit]
    articles = [scorer.article_for(rec) for rec in gold]
    started = time.perf_counter()
    docs = list(nlp.pipe([a["text"] for a in articles], batch_size=settings.batch_size))
    parse_s = time.perf_counter() - started
    results["notes"] = len(docs)
    results["spacy_notes_per_s"] = round(len(docs) / parse_s, 1)

    started = time.perf_counter()
    ours = []
    for doc in docs:
        places = geocoder.places(doc)
        ours.append(geocoder.locate(doc, _event_sentence_root(doc, places.context), places=places))
    geo_s = time.perf_counter() - started
    results["geo_notes_per_s"] = round(len(docs) / geo_s, 1)
    results["geo_ms_per_note"] = round(1000 * geo_s / len(docs), 2)
    peer = [_peer_place(doc, gazetteer, geocoder) for doc in docs]

    if args.write_events:
        with args.write_events.open("w", encoding="utf-8") as handle:
            for article, place in zip(articles, ours, strict=True):
                handle.write(json.dumps(_event_record(article["id"], place)) + "\n")
    for name, places in (("eventcoder", ours), ("peer", peer)):
        by_article = {a["id"]: [_event_record(a["id"], p)] for a, p in zip(articles, places, strict=True)}
        scores = scorer.score(gold, by_article)["scores"]
        results[name] = {field: round(scores[field], 3) for field in SCORED}
    _report(results, args.json)


def _time_cold_build() -> float:
    """Compile the gazetteer into an empty cache directory, as on a first run."""
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        Gazetteer.load(Path(scratch))
        elapsed = time.perf_counter() - started
    return elapsed


def _time_articles(nlp: Language, geocoder: Geocoder, rounds: int = 5) -> dict[str, object]:
    """The geo stage on whole news articles (examples/: headlines, datelines, quotations,
    background paragraphs), each sentence root taken as an event's trigger, against spaCy's
    parse of the same articles."""
    from eventcoder.readers import read_inputs

    paths = sorted(str(p) for p in EXAMPLES.iterdir() if p.suffix in (".txt", ".html"))
    texts = [a.text for a in read_inputs(paths) if isinstance(a, Article)]
    if not texts:
        return {}
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse_s = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            places = geocoder.places(doc)  # the article's places, computed again each round
            for sentence in doc.sents:
                geocoder.locate(doc, sentence.root, places=places)
    geo_s = (time.perf_counter() - started) / rounds
    return {
        "articles": len(docs),
        "spacy_ms_per_article": round(1000 * parse_s / len(docs), 1),
        "geo_ms_per_article": round(1000 * geo_s / len(docs), 2),
    }


def _event_sentence_root(doc: Doc, context: ArticleContext) -> Token:
    """The event's trigger as a simple extractor would pick it: the root of the first sentence
    that names a place (a spaCy place entity, or a name the geocoder found)."""
    named = {m.sentence for k, m in enumerate(context.mentions) if not context.is_container[k]}
    sentences = list(doc.sents)
    for number, sentence in enumerate(sentences):
        if number in named or any(e.label_ in ("GPE", "LOC", "FAC") for e in sentence.ents):
            return sentence.root
    return sentences[0].root


def _peer_place(doc: Doc, gazetteer: Gazetteer, geocoder: Geocoder) -> Place:
    """spaCy GPE/LOC entities, the event sentence's first, each resolved to the most populous
    place (or division) of that name; the first that resolves wins."""
    sentence = _event_sentence_root(doc, geocoder.context(doc)).sent
    entities = [e for e in sentence.ents if e.label_ in ("GPE", "LOC")]
    entities += [e for e in doc.ents if e.label_ in ("GPE", "LOC") and e not in entities]
    country = None
    for ent in entities:
        found = [e for e in gazetteer.lookup(ent.text) if e.kind != "country" and e.latitude is not None]
        if not found:
            if country is None:
                country = next((e for e in gazetteer.lookup(ent.text) if e.kind == "country"), None)
            continue
        top = max(found, key=lambda e: e.population)
        return Place(
            country=geocoder.countries.country(top.iso3).name,
            iso3=top.iso3,
            admin1=top.admin1,
            admin2=top.admin2,
            location=top.name,
            latitude=top.latitude,
            longitude=top.longitude,
            geo_precision=1,
        )
    if country is not None:
        return Place(country=geocoder.countries.country(country.iso3).name, iso3=country.iso3)
    return Place()


def _event_record(article_id: str, place: Place) -> dict[str, object]:
    record: dict[str, object] = {"article_id": article_id, "confidence": 1.0}
    record.update({field: getattr(place, field) for field in PLACE_FIELDS})
    return record


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("acled_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _report(results: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(results, indent=1))
        return
    for key in (
        "gazetteer_build_s",
        "gazetteer_load_s",
        "gazetteer_entries",
        "articles",
        "spacy_ms_per_article",
        "geo_ms_per_article",
        "notes",
        "spacy_notes_per_s",
        "geo_notes_per_s",
        "geo_ms_per_note",
    ):
        if key in results:
            print(f"{key:22s} {results[key]}")
    if "eventcoder" in results:
        print()
        print(f"{'':12s}" + "".join(f"{field:>11s}" for field in SCORED))
        for name in ("eventcoder", "peer"):
            row = results[name]
            assert isinstance(row, dict)
            print(f"{name:12s}" + "".join(f"{row[field]:11.3f}" for field in SCORED))


if __name__ == "__main__":
    main()
