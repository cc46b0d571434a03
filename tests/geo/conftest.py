"""Shared fixtures: the real spaCy pipeline and the real gazetteer, loaded once per session.

The gazetteer comes from the user's cache directory (Settings.from_env(), as the application
uses it); the first run on a machine compiles it (about 20 s), later runs load it (about 1 s).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventcoder.geo import Gazetteer, Geocoder
from eventcoder.nlp import load_pipeline
from eventcoder.settings import Settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def gazetteer(settings: Settings) -> Gazetteer:
    return Gazetteer.from_settings(settings)


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    return load_pipeline(settings.model)
