"""``claimtrace eval`` on a small made-up corpus, the baseline flags, and the benchmark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

TEXT = 'Petrov said the bridge was closed. "It will reopen," Ivanov told reporters.\n'
# Offsets into TEXT: Petrov 0-6, said 7-11, content 12-33; quote 35-52, Ivanov 53-59, told 60-64.
ANN = (
    "T1\tSource 0 6\tPetrov\nT2\tCue 7 11\tsaid\nT3\tContent 12 33\tthe bridge was closed\n"
    "T4\tAttribution 7 11\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    'T5\tSource 53 59\tIvanov\nT6\tCue 60 64\ttold\nT7\tContent 35 52\t"It will reopen,"\n'
    "T8\tAttribution 60 64\ttold\nE2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n"
)


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    (root / "attributions" / "a1_0001.ann").write_text(ANN, encoding="utf-8")
    return root


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimtrace.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_eval_table_and_json(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    table = run("eval", str(root), "--workers", "1")
    assert table.returncode == 0, table.stderr
    assert "source" in table.stdout and "linked" in table.stdout
    data = json.loads(run("eval", str(root), "--format", "json", "--workers", "1").stdout)
    assert data["documents"] == 1
    assert data["cue"]["exact"]["f1"] == 100.0
    assert data["source"]["exact"]["n_gold"] == 2


def test_baseline_is_raised_freely_and_lowered_only_on_request(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert run("eval", str(root), "--update-baseline", "--baseline", str(baseline)).returncode == 0
    pinned = json.loads(baseline.read_text(encoding="utf-8"))
    assert pinned["f1"]["cue"]["exact"] == 100.0
    assert run("eval", str(root), "--check", "--baseline", str(baseline)).returncode == 0

    pinned["f1"]["cue"]["exact"] = 101.0  # pretend we once did better (by more than 0.5)
    baseline.write_text(json.dumps(pinned), encoding="utf-8")
    failed = run("eval", str(root), "--check", "--baseline", str(baseline))
    assert failed.returncode == 1
    assert "cue exact F1" in failed.stderr
    refused = run("eval", str(root), "--update-baseline", "--baseline", str(baseline))
    assert refused.returncode == 2 and "--allow-lower" in refused.stderr
    lowered = run(
        "eval", str(root), "--update-baseline", "--allow-lower", "--baseline", str(baseline)
    )
    assert lowered.returncode == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["f1"]["cue"]["exact"] == 100.0


def test_eval_of_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "claimtrace: error:" in result.stderr and "nowhere" in result.stderr


def test_benchmark_prints_its_figures() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimtrace.bench", str(EXAMPLES), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["articles"] == 12
    assert figures["attributions"] > 0
    for name in (
        "articles_per_s_process",
        "words_per_s_analysis",
        "peak_rss_mb",
        "ratio_to_spacy_blank",
    ):
        assert figures[name] > 0
