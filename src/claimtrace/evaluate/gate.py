"""A quality gate: F1 figures pinned in a baseline file that CI checks against.

The baseline (a JSON file, ``eval/baseline.json`` in the repository) holds the
data hash and split it was measured on, every F1 figure, the tolerance and
when and by which claimtrace version it was written::

    {"split": "dev", "data_hash": "…", "tolerance": 0.5, "documents": 84,
     "written": "2025-01-31", "claimtrace_version": "0.1.0",
     "f1": {"source": {"exact": 50.0, "overlap": 70.0}, "cue": {…},
            "content": {…}, "linked": 40.0}}

``check`` fails when a figure falls by more than the tolerance or the data
changed; ``update`` raises the floor freely but lowers it only when asked to.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from claimtrace.errors import EvaluationError
from claimtrace.evaluate.scoring import ROLES, Scores

DEFAULT_TOLERANCE = 0.5
ALLOW_LOWER_FLAG = "--allow-lower"
_KEYS = ("split", "data_hash", "tolerance", "f1")


@dataclass(frozen=True, slots=True)
class GateResult:
    """The verdict of ``check``: ``ok``, or one message per failure."""

    ok: bool
    messages: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Baseline:
    """The content of a baseline file; ``figures`` maps "content exact" etc. to F1."""

    split: str
    data_hash: str
    tolerance: float
    figures: dict[str, float]
    written: str = ""
    claimtrace_version: str = ""


def _figures(f1: Any) -> dict[str, float]:
    """Flatten ``{"cue": {"exact": x, ...}, "linked": y}`` into ``{"cue exact": x, ...}``."""
    figures = {}
    for role in ROLES:
        for kind in ("exact", "overlap"):
            figures[f"{role} {kind}"] = float(f1[role][kind])
    figures["linked"] = float(f1["linked"])
    return figures


def _nested(scores: Scores) -> dict[str, Any]:
    data = scores.to_dict()
    f1: dict[str, Any] = {
        role: {kind: data[role][kind]["f1"] for kind in ("exact", "overlap")} for role in ROLES
    }
    f1["linked"] = data["linked"]["f1"]
    return f1


def read_baseline(path: Path) -> Baseline:
    """The baseline stored in ``path``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise EvaluationError(
            f"no baseline at {path}; write one with the baseline update (gate.update)"
        ) from error
    except (OSError, ValueError) as error:
        raise EvaluationError(
            f"cannot read the baseline {path} ({error}); restore it from version control"
        ) from error
    try:
        missing = [key for key in _KEYS if key not in data]
        if missing:
            raise KeyError(", ".join(missing))
        return Baseline(
            split=str(data["split"]),
            data_hash=str(data["data_hash"]),
            tolerance=float(data["tolerance"]),
            figures=_figures(data["f1"]),
            written=str(data.get("written", "")),
            claimtrace_version=str(data.get("claimtrace_version", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise EvaluationError(
            f"the baseline {path} lacks or garbles {error}; restore it from version control"
        ) from error


def check(scores: Scores, data_hash: str, baseline_path: Path) -> GateResult:
    """Compare ``scores`` with the baseline: fail on a drop beyond tolerance or other data."""
    baseline = read_baseline(baseline_path)
    messages: list[str] = []
    if data_hash != baseline.data_hash:
        messages.append(
            f"the baseline {baseline_path} was measured on other data (hash "
            f"{baseline.data_hash[:12]}…, this data {data_hash[:12]}…); score the "
            f"{baseline.split} split it was measured on, or, if the data changed on purpose, "
            f"re-pin the baseline with the baseline update ({ALLOW_LOWER_FLAG} if a figure "
            "goes down)"
        )
    current = scores.f1_figures()
    for name, old in baseline.figures.items():
        new = current[name]
        if round(old - new, 2) > baseline.tolerance:
            messages.append(
                f"{name} F1 fell from {old:.2f} to {new:.2f} "
                f"(more than {baseline.tolerance:g} points)"
            )
    return GateResult(ok=not messages, messages=messages)


def _version() -> str:
    try:
        return metadata.version("claimtrace")
    except metadata.PackageNotFoundError:
        return "unknown"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    """Write atomically, so an interrupted update never leaves half a baseline."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, sort_keys=True)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def update(
    scores: Scores,
    data_hash: str,
    baseline_path: Path,
    *,
    allow_lower: bool = False,
    split: str = "dev",
) -> list[str]:
    """Pin ``scores`` as the new baseline; lowering any F1 needs ``allow_lower``.

    Returns one line per figure that changed (or one saying the file is new).
    """
    current = scores.f1_figures()
    tolerance = DEFAULT_TOLERANCE
    changes: list[str] = []
    if baseline_path.exists():
        old = read_baseline(baseline_path)
        tolerance = old.tolerance
        lower = [
            f"{name} F1 {value:.2f} → {current[name]:.2f}"
            for name, value in old.figures.items()
            if current[name] < value
        ]
        if lower and not allow_lower:
            raise EvaluationError(
                f"refusing to lower the baseline {baseline_path}: {'; '.join(lower)}; "
                f"if that is intended, pass {ALLOW_LOWER_FLAG}"
            )
        changes = [
            f"{name} F1 {value:.2f} → {current[name]:.2f}"
            for name, value in old.figures.items()
            if current[name] != value
        ]
        if data_hash != old.data_hash:
            changes.insert(0, f"data hash {old.data_hash[:12]}… → {data_hash[:12]}…")
    else:
        changes = [f"new baseline {baseline_path}"]
    _write_json(
        baseline_path,
        {
            "split": split,
            "data_hash": data_hash,
            "tolerance": tolerance,
            "documents": scores.documents,
            "written": datetime.date.today().isoformat(),
            "claimtrace_version": _version(),
            "f1": _nested(scores),
        },
    )
    return changes
