"""Reading brat standoff files and PolNeAR-layout folders (synthetic files, then dev)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.evaluate.polnear import (
    EvaluationError,
    data_hash,
    read_ann,
    read_corpus,
)
from claimtrace.evaluate.scoring import ROLES, SpanTriple, score

POLNEAR = Path(__file__).parents[2].parent / "shared" / "polnear"

# Made-up text; the .ann lines below point into it.
TEXT = "Ana Ruiz said the dam holds. Officials: “It was\n\nfine,” the report added.\n"

ANN = "\n".join(
    [
        "T1\tSource 0 8\tAna Ruiz",
        "T2\tCue 9 13\tsaid",
        "T3\tContent 14 27\tthe dam holds",
        "T4\tAttribution 9 13\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        # A content crossing a paragraph break: its text column goes on for two lines.
        "T5\tContent 40 55\t“It was",
        "",
        "fine,”",
        "T6\tCue 56 72",
        "T7\tAttribution-no-source 56 72\tthe report added",
        "E2\tAttribution-no-source:T7 Cue:T6 Content:T5 Content2:T8",
        "T8\tContent 29 38;38 39\tOfficials :",
        "T9\tDiscuss 0 27\tAna Ruiz said the dam holds",
        "T10\tDiscard 29 39\tOfficials:",
        "E3\tAttribution:T4 Content:T3 Source:T1",
        "#1\tAnnotatorNotes T9\tan annotator's note",
        "",
    ]
)


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_read_ann_line_shapes(tmp_path: Path) -> None:
    triples = read_ann(write(tmp_path / "a_0001.ann", ANN))
    assert triples == (
        SpanTriple(source=((0, 8),), cue=((9, 13),), content=((14, 27),)),
        SpanTriple(source=None, cue=((56, 72),), content=((29, 39), (40, 55))),
    )
    assert [TEXT[s:e] for s, e in triples[1].content or ()] == ["Officials:", "“It was\n\nfine,”"]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("T3\tCue 4 x\tsaid", "bad span"),
        ("T3\tCue 9 4\tsaid", "ends before it starts"),
        ("T3\tCue\tsaid", "bad span"),
        ("E2\tCue:T9 Content:T1", "T9 is not a T line"),
        ("E2\tCue T1", "bad argument"),
        ("just some words", "not a brat annotation line"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, line: str, why: str) -> None:
    path = write(tmp_path / "broken_0002.ann", f"T1\tCue 0 4\tsaid\n\n{line}\n")
    with pytest.raises(EvaluationError) as raised:
        read_ann(path)
    message = str(raised.value)
    assert f"{path}, line 3" in message
    assert why in message


def make_corpus(root: Path) -> Path:
    write(root / "text" / "b_story.txt", TEXT)
    write(root / "text" / "a_story.txt", TEXT)
    write(root / "text" / "unannotated.txt", TEXT)
    write(root / "attributions" / "b_story_0002.ann", ANN)
    write(root / "attributions" / "b_story_0001.ann", "T1\tCue 9 13\tsaid\nE1\tCue:T1\n")
    write(root / "attributions" / "a_story_0003.ann", ANN)
    return root


def test_read_corpus_one_annotator_per_article(tmp_path: Path) -> None:
    documents = list(read_corpus(make_corpus(tmp_path)))
    assert [(d.id, d.annotator) for d in documents] == [("a_story", "0003"), ("b_story", "0001")]
    assert documents[0].text == TEXT
    assert documents[1].attributions == (SpanTriple(None, ((9, 13),), None),)


@pytest.mark.parametrize(
    ("layout", "hint"),
    [("missing", "is not a directory"), ("no_text", "no text/ folder")],
)
def test_read_corpus_says_what_is_wrong(tmp_path: Path, layout: str, hint: str) -> None:
    if layout == "no_text":
        write(tmp_path / "attributions" / "a_0001.ann", "")
    with pytest.raises(EvaluationError, match=hint):
        list(read_corpus(tmp_path / "missing" if layout == "missing" else tmp_path))


def test_span_beyond_text_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "text" / "short.txt", "He said.")
    write(tmp_path / "attributions" / "short_0001.ann", "T1\tCue 3 70\tsaid\nE1\tCue:T1\n")
    with pytest.raises(EvaluationError, match="beyond the end of its text"):
        list(read_corpus(tmp_path))


def test_data_hash_follows_the_corpus_files(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    first = data_hash(root)
    write(root / "metadata.tsv", "not hashed\n")
    assert data_hash(root) == first
    write(root / "text" / "a_story.txt", TEXT + " ")
    assert data_hash(root) != first


@pytest.mark.polnear
@pytest.mark.skipif(not POLNEAR.is_dir(), reason=f"PolNeAR is not at {POLNEAR}")
def test_dev_split_reads_and_scores_100_against_itself() -> None:
    documents = list(read_corpus(POLNEAR / "dev"))
    assert len(documents) == 84
    assert [d.id for d in documents] == sorted(d.id for d in documents)
    for document in documents:
        for triple in document.attributions:
            for offsets in (triple.source, triple.cue, triple.content):
                for start, end in offsets or ():
                    assert 0 <= start < end <= len(document.text), document.id
    scores = score((d.text, d.attributions, d.attributions) for d in documents)
    for role in ROLES:
        assert scores.role(role).exact.f1 == 100
        assert scores.role(role).overlap.f1 == 100
    assert scores.linked.f1 == 100
