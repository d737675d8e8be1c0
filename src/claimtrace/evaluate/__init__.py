"""Score attribution extraction against an annotated corpus (PolNeAR) and gate on it."""

from claimtrace.errors import EvaluationError
from claimtrace.evaluate.gate import GateResult, check, update
from claimtrace.evaluate.polnear import (
    GoldDocument,
    data_hash,
    read_ann,
    read_corpus,
)
from claimtrace.evaluate.scoring import PRF, ROLES, RoleScores, Scores, SpanTriple, score

__all__ = [
    "PRF",
    "ROLES",
    "EvaluationError",
    "GateResult",
    "GoldDocument",
    "RoleScores",
    "Scores",
    "SpanTriple",
    "check",
    "data_hash",
    "read_ann",
    "read_corpus",
    "score",
    "update",
]
