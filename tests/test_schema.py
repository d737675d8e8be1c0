"""The JSON output matches the versioned schema kept in the package."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import claimtrace
from claimtrace.model import SCHEMA_VERSION, Article
from tests.helpers import assert_offsets_valid


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(
        (resources.files("claimtrace") / "schema" / "article.schema.json").read_text("utf-8")
    )
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_schema_version_matches_model(validator: jsonschema.Draft202012Validator) -> None:
    assert validator.schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_examples_validate(
    validator: jsonschema.Draft202012Validator, example_articles: list[Article]
) -> None:
    assert example_articles
    for article in example_articles:
        data = json.loads(json.dumps(article.to_dict()))
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{article.id}: {errors[0].message} at {list(errors[0].path)}"
        assert_offsets_valid(article)
        ids = {a.id for a in article.attributions}
        entities = {e.id for e in article.entities}
        for attribution in article.attributions:
            assert attribution.via is None or attribution.via in ids
            for mention in (attribution.source, attribution.addressee):
                assert mention is None or mention.entity is None or mention.entity in entities


@pytest.mark.parametrize(
    "text",
    [
        "",
        "date 2025-01-02",
        "x",
        '"',
        "«»",
        "date 2024-02-29\nHeadline\n\nKYIV (Reuters) — He said: “Yes.”",
    ],
)
def test_odd_inputs_validate(validator: jsonschema.Draft202012Validator, text: str) -> None:
    article = claimtrace.analyze(text)
    errors = list(validator.iter_errors(article.to_dict()))
    assert not errors, errors[0].message
    assert_offsets_valid(article)
