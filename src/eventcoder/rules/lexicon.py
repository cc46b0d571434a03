"""The lexicon: every rule file of this folder, read into one typed object, ``Lexicon()``, that
the pipeline makes once and gives to the extractor and the geocoder (nothing is kept per
process). Each part is one file's words: ``lexicon.cues``, ``.events``, ``.actors``, ``.counts``,
``.page``, ``.language``, ``.places``.
"""

from __future__ import annotations

import importlib.resources
from typing import Any

import yaml

from ..errors import LexiconError
from .actors import ActorWords
from .counts import CountWords
from .cues import CueWords
from .events import EventWords
from .language import LanguageWords
from .page import PageWords
from .places import PlaceWords


def load_yaml(name: str) -> Any:
    """One rule file of this folder, parsed. Raises LexiconError naming it."""
    try:
        return yaml.safe_load(importlib.resources.files(__package__).joinpath(name).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"cannot read the rule file rules/{name}: {error}") from error


class Lexicon:
    """Every word list the rules read, in typed parts, one per rule file."""

    def __init__(self) -> None:
        self.cues = CueWords.from_data(load_yaml("cues.yaml"))
        self.events = EventWords.from_data(load_yaml("events.yaml"))
        self.actors = ActorWords.from_data(load_yaml("actors.yaml"))
        self.counts = CountWords.from_data(load_yaml("amounts.yaml"))
        self.page = PageWords.from_data(load_yaml("boilerplate.yaml"))
        self.language = LanguageWords.from_data(load_yaml("language.yaml"))
        self.places = PlaceWords.from_data(load_yaml("places.yaml"))
