"""Ray is optional: eventcoder imports and runs without it, and asking for the Ray engine
without it says how to install it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.cli import main
from eventcoder.engines import EngineError
from eventcoder.engines.ray_engine import RayEngine


def test_importing_eventcoder_does_not_import_ray() -> None:
    code = ("import sys, eventcoder, eventcoder.engines.ray_engine, eventcoder.cli, eventcoder.cli.extract, "
            "eventcoder.cli.ingest; eventcoder.cli.build_parser(); print('ray' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.fixture
def without_ray(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as it would be without Ray installed: importing it fails."""
    for name in [name for name in sys.modules if name == "ray" or name.startswith("ray.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "ray", None)


@pytest.mark.usefixtures("without_ray")
def test_the_engine_without_ray_says_how_to_install_it() -> None:
    with pytest.raises(EngineError, match=r"pip install 'eventcoder\[ray\]'"):
        RayEngine()


@pytest.mark.usefixtures("without_ray")
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_the_cli_without_ray_exits_with_one_line(command: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Police fired tear gas at protesters in Nairobi on Monday.", encoding="utf-8")
    extra = ["--db", str(tmp_path / "events.db")] if command == "ingest" else []
    assert main([command, str(story), "--engine", "ray", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("eventcoder: the Ray engine needs Ray") and len(err.splitlines()) == 1


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_address_without_the_ray_engine_is_a_usage_error(command: str, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--db", str(tmp_path / "events.db")] if command == "ingest" else []
    assert main([command, str(tmp_path), "--address", "auto", *extra]) == 2
    assert "--address needs --engine ray" in capsys.readouterr().err
