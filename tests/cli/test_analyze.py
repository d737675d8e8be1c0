"""``claimtrace analyze``: formats, inputs, workers, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrace.cli import main
from tests.conftest import EXAMPLES


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess (workers fork, stdin is a real pipe)."""
    return subprocess.run(
        [sys.executable, "-m", "claimtrace.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_text_report_of_examples() -> None:
    result = run("analyze", str(EXAMPLES), "--workers", "1")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "01-tass-dateline-expert.txt  ·  TASS" in out
    assert (
        "Alexander Petrov [person; a military expert at the Institute of Strategic Studies]"
        " — told → TASS" in out
    )
    assert "chain: this article ← Le Monde (reported) ← a Ukrainian officer (citing)" in out
    assert out.count("examples/articles/") == 12


def test_jsonl_ids_paths_and_order(tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.txt"))[:4]
    result = run("analyze", *map(str, reversed(files)), "--format", "jsonl", "--workers", "2")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in rows] == [str(f) for f in reversed(files)]
    assert [r["id"] for r in rows] == [f.stem for f in reversed(files)]


def test_workers_give_the_same_output() -> None:
    one = run("analyze", str(EXAMPLES), "--format", "jsonl", "--workers", "1")
    two = run("analyze", str(EXAMPLES), "--format", "jsonl", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_stdin() -> None:
    result = run("analyze", "-", "--format", "jsonl", stdin='"Yes," Petrov said.')
    assert result.returncode == 0, result.stderr
    row = json.loads(result.stdout)
    assert (row["id"], row["path"]) == ("stdin", "-")
    assert row["attributions"][0]["source"]["text"] == "Petrov"


def test_failures_are_one_line_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Petrov said the bridge was closed.", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Café said no.".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run("analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3, result.stderr
    assert all(line.startswith("claimtrace: error: ") for line in errors)
    assert any("binary.txt" in e and "binary" in e for e in errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["empty", "good"]


def test_unknown_spacy_model_is_a_usage_error() -> None:
    result = run("analyze", str(EXAMPLES), "--spacy-model", "no_such_pipeline_xyz")
    assert result.returncode == 2
    assert "cannot load the spaCy pipeline 'no_such_pipeline_xyz'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args", [["analyze"], ["analyze", "x", "--format", "xml"], ["analyze", "x", "--workers", "0"]]
)
def test_bad_arguments(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "analyze" in result.output
