"""Properties that hold for any text: no crash, every offset valid, chains well formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrace.engine import Engine
from claimtrace.model import Document
from tests.helpers import assert_offsets_valid

_ENGINE = Engine()  # built once: hypothesis calls the test many times

# Fragments that steer random text into the rules' paths: quotes of every
# style, cues, names, appositions, datelines, line breaks.
FRAGMENTS = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "“",
    " ",
    ", ",
    ". ",
    ": ",
    "\n",
    "\n\n",
    "said",
    "told",
    "according to",
    "citing",
    "with reference to",
    "'s view is",
    "went on to say",
    "Alexander Petrov",
    "Petrov",
    "he",
    "she",
    "it",
    "they",
    "the expert",
    "the ministry",
    "a source close to",
    "TASS",
    "Le Monde",
    "(WHO)",
    "the World Health Organization",
    "a military expert at the Institute",
    "who heads",
    "Colonel",
    "Mr.",
    "that",
    "as",
    "MOSCOW, April 10. /TASS/.",
    "date 2025-04-10 ",
    "in an interview with",
    "—",
    "(",
    ")",
    "Some",
    "estimate",
    "reported",
    "and",
    "12",
    "$3.5 million",
    "killed",
    "U.S.",
    "Sen.",
]


def _check(text: str) -> None:
    article = _ENGINE.analyze(Document(text))
    assert article.text == text
    assert_offsets_valid(article)
    ids = {a.id for a in article.attributions}
    entities = {e.id for e in article.entities}
    for attribution in article.attributions:
        assert attribution.via is None or attribution.via in ids
        assert len(article.chain(attribution)) <= len(ids)
        for mention in (attribution.source, attribution.addressee):
            assert mention is None or mention.entity is None or mention.entity in entities
        assert 0.0 <= attribution.confidence <= 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60).map("".join))
def test_news_like_text(text: str) -> None:
    _check(text)
