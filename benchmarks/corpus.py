"""The texts the speed benchmarks run on: the ACLED dev notes from ../shared when present (read
here at run time, never stored), else the bundled example articles repeated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "acled-dev.jsonl"


def load_articles(limit: int = 0) -> tuple[str, list]:
    """(a description of the corpus, its articles), the first ``limit`` if given."""
    from eventcoder.evaluate import read_gold
    from eventcoder.models import Article
    from eventcoder.readers import read_inputs

    if DEV.exists():
        articles = [r.article() for r in read_gold(DEV)]
        source = f"{len(articles)} ACLED dev notes"
    else:
        examples = [a for a in read_inputs([str(ROOT / "examples")]) if isinstance(a, Article)]
        articles = [Article(id=f"{a.id}#{i}", text=a.text, published=a.published or dt.date.today())
                    for i in range(60) for a in examples]
        source = f"{len(articles)} copies of the example articles (../shared absent)"
    articles = articles[:limit] if limit else articles
    return f"{source}, {len(articles)} used" if limit else source, articles
