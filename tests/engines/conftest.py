"""Fixtures of the Ray engine tests: one local Ray instance with two CPUs for the session
(started once: about 10 s), the test corpus, and what the single-process engine makes of it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventcoder.models import Article, Failure, Outcome
from eventcoder.pipeline import Pipeline
from eventcoder.readers import read_inputs


@pytest.fixture(scope="session")
def ray_instance() -> Iterator[object]:
    """Ray on this machine with two CPUs; the engines under test find it running and use it.
    The helpers module goes to the workers by value (the test folder is not on their path)."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'eventcoder[ray]')")
    import engine_helpers

    ray.cloudpickle.register_pickle_by_value(engine_helpers)
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.ERROR)
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from engine_helpers import write_corpus

    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def corpus_items(corpus: Path) -> list[Article | Failure]:
    return list(read_inputs([str(corpus)]))


@pytest.fixture(scope="session")
def local_outcomes(pipeline: Pipeline, corpus_items: list[Article | Failure]) -> list[Outcome]:
    """The single-process run: what every engine must give, outcome for outcome."""
    return list(pipeline.run(corpus_items, workers=1))
