"""The errors of the Ray engine and the Parquet part writer (both EventcoderErrors, so the CLI
turns them into one-line messages)."""

from __future__ import annotations

from ..errors import EventcoderError


class EngineError(EventcoderError):
    """The Ray engine cannot run: Ray is not installed, the cluster cannot be reached, or a
    batch failed even after its retries."""


class PartsError(EventcoderError):
    """The folder for Parquet part files cannot be written, or already holds a run's parts."""
