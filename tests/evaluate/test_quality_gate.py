"""The quality gate: dev scores must not fall below the pinned baseline.

Fails when any F1 drops by more than the baseline's tolerance (0.5 point),
or when the dev data is not the data the baseline was measured on. Raise
the floor with ``claimtrace eval ../shared/polnear/dev --update-baseline``.
"""

from __future__ import annotations

import pytest
from tests.conftest import POLNEAR, ROOT

from claimtrace.evaluate import data_hash, gate
from claimtrace.evaluate.run import evaluate

DEV = POLNEAR / "dev"
BASELINE = ROOT / "eval" / "baseline.json"


@pytest.mark.polnear
@pytest.mark.skipif(not DEV.exists(), reason=f"PolNeAR dev split not found at {DEV}")
def test_dev_scores_hold_the_baseline() -> None:
    scores = evaluate(DEV, workers=2)
    result = gate.check(scores, data_hash(DEV), BASELINE)
    assert result.ok, "\n".join(result.messages) + "\n" + scores.format_table()
