"""What must hold of every analysis, checked on every table case and sample article."""

from __future__ import annotations

import pytest

import claimtrace
from tests.conftest import ROOT
from tests.extract.cases import CASES

TEXTS = [(case.name, case.text) for case in CASES] + [
    (path.stem, path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt"))
] + [
    ("according-to-outlet-clause", "According to the FT, the strike will end on Friday."),
    ("according-to-ministry-clause", "According to the ministry, the talks will resume in May."),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[name for name, _ in TEXTS])
def test_no_description_lies_inside_reported_content(name: str, text: str) -> None:
    """A speaker's description is how the outlet describes them, never what they said."""
    article = claimtrace.analyze(text)
    reported = {
        i for a in article.attributions for start, end in a.content.spans for i in range(start, end)
    }
    for entity in article.entities:
        for description in entity.descriptions:
            inside = [
                i for start, end in description.spans for i in range(start, end) if i in reported
            ]
            assert not inside, (entity.name, description.text)
