"""The quality gate on synthetic scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrace.evaluate.gate import check, read_baseline, update
from claimtrace.evaluate.polnear import EvaluationError
from claimtrace.evaluate.scoring import PRF, ROLES, RoleScores, Scores

HASH = "a" * 64
BASE = {
    "source exact": 55.0,
    "source overlap": 80.0,
    "cue exact": 70.0,
    "cue overlap": 85.0,
    "content exact": 61.2,
    "content overlap": 78.0,
    "linked": 50.0,
}


def prf(f1: float) -> PRF:
    return PRF(precision=f1, recall=f1, f1=f1, tp_pred=1, tp_gold=1, n_pred=2, n_gold=2)


def make_scores(**changes: float) -> Scores:
    """Scores with the F1 figures of ``BASE``, some replaced (``content_exact=60.4``)."""
    figures = {**BASE, **{name.replace("_", " "): value for name, value in changes.items()}}
    roles = {
        role: RoleScores(prf(figures[f"{role} exact"]), prf(figures[f"{role} overlap"]))
        for role in ROLES
    }
    return Scores(**roles, linked=prf(figures["linked"]), documents=84)


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    path = tmp_path / "eval" / "baseline.json"
    assert update(make_scores(), HASH, path) == [f"new baseline {path}"]
    return path


def test_baseline_file(baseline: Path) -> None:
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["split"] == "dev"
    assert data["data_hash"] == HASH
    assert data["tolerance"] == 0.5
    assert data["f1"]["content"] == {"exact": 61.2, "overlap": 78.0}
    assert data["f1"]["linked"] == 50.0
    assert {"written", "claimtrace_version"} <= data.keys()
    assert read_baseline(baseline).figures == BASE


def test_same_scores_pass(baseline: Path) -> None:
    result = check(make_scores(), HASH, baseline)
    assert result.ok
    assert result.messages == []


def test_drop_beyond_tolerance_fails(baseline: Path) -> None:
    result = check(make_scores(content_exact=60.4, linked=49.0), HASH, baseline)
    assert not result.ok
    assert result.messages == [
        "content exact F1 fell from 61.20 to 60.40 (more than 0.5 points)",
        "linked F1 fell from 50.00 to 49.00 (more than 0.5 points)",
    ]


@pytest.mark.parametrize("value", [60.7, 61.0, 75.0])
def test_drop_within_tolerance_or_a_rise_passes(baseline: Path, value: float) -> None:
    assert check(make_scores(content_exact=value), HASH, baseline).ok


def test_other_data_fails(baseline: Path) -> None:
    result = check(make_scores(), "b" * 64, baseline)
    assert not result.ok
    [message] = result.messages
    assert "measured on other data" in message
    assert "re-pin" in message


def test_missing_baseline_says_how_to_write_one(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no baseline"):
        check(make_scores(), HASH, tmp_path / "baseline.json")


def test_update_refuses_to_lower_without_the_flag(baseline: Path) -> None:
    before = baseline.read_text(encoding="utf-8")
    with pytest.raises(EvaluationError) as raised:
        update(make_scores(cue_overlap=84.9), HASH, baseline)
    assert "cue overlap F1 85.00 → 84.90" in str(raised.value)
    assert "--allow-lower" in str(raised.value)
    assert baseline.read_text(encoding="utf-8") == before


def test_update_lowers_with_the_flag(baseline: Path) -> None:
    changes = update(make_scores(cue_overlap=80.0), HASH, baseline, allow_lower=True)
    assert changes == ["cue overlap F1 85.00 → 80.00"]
    assert read_baseline(baseline).figures["cue overlap"] == 80.0


def test_update_raises_the_floor_freely(baseline: Path) -> None:
    changes = update(make_scores(linked=55.5), "c" * 64, baseline)
    assert changes == ["data hash aaaaaaaaaaaa… → cccccccccccc…", "linked F1 50.00 → 55.50"]
    assert read_baseline(baseline).data_hash == "c" * 64
    assert check(make_scores(linked=55.0), "c" * 64, baseline).ok
    assert not check(make_scores(linked=54.9), "c" * 64, baseline).ok


def test_update_keeps_the_tolerance(baseline: Path) -> None:
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["tolerance"] = 2.0
    baseline.write_text(json.dumps(data), encoding="utf-8")
    update(make_scores(), HASH, baseline)
    assert read_baseline(baseline).tolerance == 2.0
    assert check(make_scores(content_exact=59.5), HASH, baseline).ok


def test_garbled_baseline_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text('{"split": "dev"}', encoding="utf-8")
    with pytest.raises(EvaluationError, match="restore it"):
        check(make_scores(), HASH, path)
