"""Fixtures shared by the whole suite: the real pipeline (spaCy model, rules, gazetteer), loaded
once per session, and the shared evaluation data when it is present."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.pipeline import Pipeline
from eventcoder.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
DEV_GOLD = SHARED / "eval" / "acled-dev.jsonl"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Settings.from_env())


@pytest.fixture(scope="session")
def dev_gold() -> Path:
    """ACLED's dev notes: read from ../shared when present, never copied into the project."""
    if not DEV_GOLD.exists() or not SCORER.exists():
        pytest.skip("../shared/eval (ACLED dev notes and scorer) is not present")
    return DEV_GOLD
