"""The public API: what ``import claimtrace`` offers and how its records round-trip."""

from __future__ import annotations

import importlib.util
import os
import platform
import subprocess
import sys

import pytest
import spacy

import claimtrace
from claimtrace.engine import Engine
from claimtrace.model import Article, Document
from tests.helpers import assert_offsets_valid


def test_exported_members_exist() -> None:
    for name in claimtrace.__all__:
        assert hasattr(claimtrace, name), name
    public = {n for n in dir(claimtrace) if not n.startswith("_")}
    # every public module-level name that is not a submodule is exported
    modules = {name for name in public if type(getattr(claimtrace, name)).__name__ == "module"}
    assert modules <= {"annotations", "batch", "bench", "bench_ingest", "bench_web", "cli",
                       "corpus", "engine", "errors", "evaluate", "extract", "ingest", "learn",
                       "model", "nlp", "records", "report", "resolve", "store", "web"}  # fmt: skip
    extra = public - set(claimtrace.__all__) - {"annotations"}  # from __future__
    assert extra <= modules, extra - modules


def test_analyze_returns_article_with_metadata() -> None:
    article = claimtrace.analyze(
        '"We are ready," Petrov said.', id="x1", outlet="TASS", date="2025-04-10", title="T"
    )
    assert isinstance(article, Article)
    assert (article.id, article.outlet, article.date, article.title) == (
        "x1",
        "TASS",
        "2025-04-10",
        "T",
    )
    assert [(a.source.text, a.cue.text) for a in article.attributions if a.source] == [
        ("Petrov", "said")
    ]
    assert len(article.text_sha256) == 64


def test_metadata_given_wins_over_header() -> None:
    text = "MOSCOW, April 10. /TASS/. Petrov said the bridge was closed."
    assert claimtrace.analyze(text).outlet == "TASS"
    assert claimtrace.analyze(text).date == "--04-10"
    assert claimtrace.analyze(text, outlet="RIA Novosti").outlet == "RIA Novosti"


def test_to_dict_round_trips(example_articles: list[Article]) -> None:
    for article in example_articles:
        again = Article.from_dict(article.to_dict())
        assert again == article


def test_chain_follows_via() -> None:
    article = claimtrace.analyze(
        "Le Monde reported, citing a Ukrainian officer, that two brigades had not been rotated."
    )
    officer = next(a for a in article.attributions if a.cue.text == "citing")
    assert [a.cue.text for a in article.chain(officer)] == ["citing", "reported"]


def test_user_pipeline_sentences_are_kept(tmp_path) -> None:  # type: ignore[no-untyped-def]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "pipe")
    from claimtrace.nlp.pipeline import load_nlp

    engine = Engine(nlp=load_nlp(str(tmp_path / "pipe")))
    article = engine.analyze(Document('Petrov said the bridge was closed. "It is," he added.'))
    assert_offsets_valid(article)
    assert [a.cue.text for a in article.attributions] == ["said", "added"]


def test_empty_text() -> None:
    article = claimtrace.analyze("")
    assert article.attributions == () and article.entities == ()


def _printed(code: str, environment: dict[str, str] | None = None) -> str:
    """What ``code`` prints, run in a fresh interpreter (imports start from nothing)."""
    env = {**os.environ, **(environment or {})}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _imports_torch(environment: dict[str, str]) -> bool:
    return _printed("import sys, claimtrace; print('torch' in sys.modules)", environment) == "True"


def test_import_leaves_pytorch_out() -> None:
    # spaCy's thinc would import PyTorch (1.8 s, 250 MB) where it is installed.
    assert not _imports_torch({"CLAIMTRACE_SPACY_TORCH": ""})


def test_pytorch_for_spacy_on_request() -> None:
    if importlib.util.find_spec("torch") is None:
        pytest.skip("PyTorch is not installed (pip install 'claimtrace[train]')")
    assert _imports_torch({"CLAIMTRACE_SPACY_TORCH": "1"})


def test_import_leaves_spacys_command_line_out() -> None:
    # spaCy's __init__ imports its CLI (typer, weasel, requests) for spacy.info.
    code = (
        "import sys, claimtrace; "
        "print(sorted({'spacy.cli', 'typer', 'weasel', 'requests'} & set(sys.modules)))"
    )
    assert _printed(code) == "[]"


def test_spacys_command_line_still_works() -> None:
    code = (
        "import claimtrace, spacy, spacy.cli; from spacy.cli.info import info_model; "
        "print(sorted(spacy.info())[:2], callable(spacy.cli.download), callable(info_model))"
    )
    assert _printed(code) == "['location', 'pipelines'] True True"


_REFAULTS = """
import resource, numpy as np
from claimtrace._allocator import keep_freed_memory
kept = {keep} and keep_freed_memory()
def faults(): return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
a = np.ones(4 << 20, np.float32); del a
before = faults()
for _ in range(5):
    a = np.ones(4 << 20, np.float32); del a
print(kept, faults() - before)
"""


def _refaults(keep: bool) -> tuple[str, int]:
    """Page faults of five 16 MB arrays made and freed in turn, after a first one."""
    kept, faults = _printed(_REFAULTS.format(keep=keep)).split()
    return kept, int(faults)


def test_allocator_keeps_freed_memory() -> None:
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("keep_freed_memory sets glibc's allocator; this C library is another")
    kept, again = _refaults(True)
    assert kept == "True"
    _, fresh = _refaults(False)
    assert again < 50 < fresh  # each fresh array faults in its pages; a kept one does not
