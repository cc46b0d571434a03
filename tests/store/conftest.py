"""Fixtures of the store tests: the real pipeline, loaded once per session (about 2 s)."""

from __future__ import annotations

import pytest

from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Settings.from_env())
