"""Reading texts with brat annotations: flat X.txt + X.ann, and PolNeAR's text/ + attributions/."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.ingest.brat import AnnotatedDocument, is_brat_folder, read_brat
from claimtrace.ingest.files import Failure
from claimtrace.model import Document

# Made-up text; the annotations below point into it.
DAM = "Ana Ruiz said the dam holds.\n\nThe mayor called it “a relief”.\n"
DAM_ANN = "\n".join(
    [
        "T1\tSource 0 8\tAna Ruiz",
        "T2\tCue 9 13\tsaid",
        "T3\tContent 14 27\tthe dam holds",
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
        "T4\tSource 30 39\tThe mayor",
        "T5\tCue 40 46\tcalled",
        "T6\tContent 47 60\tit “a relief”",
        "E2\tAttribution:T5 Source:T4 Cue:T5 Content:T6",
        "",
    ]
)
DAM_TRIPLES = (
    SpanTriple(source=((0, 8),), cue=((9, 13),), content=((14, 27),)),
    SpanTriple(source=((30, 39),), cue=((40, 46),), content=((47, 60),)),
)

FERRY = "Ferries run again, the operator said on Tuesday.\n"
FERRY_ANN = (
    "T1\tCue 32 36\tsaid\nT2\tContent 0 17\tFerries run again\n"
    "E1\tAttribution:T1 Cue:T1 Content:T2\n"
)
FERRY_TRIPLES = (SpanTriple(source=None, cue=((32, 36),), content=((0, 17),)),)


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")


def _annotated(path: Path, text: str, triples: tuple[SpanTriple, ...]) -> AnnotatedDocument:
    return AnnotatedDocument(Document(text=text, id=path.stem, path=str(path)), triples)


def test_flat_folder(tmp_path: Path) -> None:
    _write(tmp_path, {"dam.txt": DAM, "dam.ann": DAM_ANN, "ferry.txt": FERRY,
                      "ferry.ann": FERRY_ANN, "notes.md": "ignored"})  # fmt: skip
    assert is_brat_folder(tmp_path)
    assert list(read_brat(tmp_path)) == [
        _annotated(tmp_path / "dam.txt", DAM, DAM_TRIPLES),
        _annotated(tmp_path / "ferry.txt", FERRY, FERRY_TRIPLES),
    ]


def test_polnear_layout_reads_the_first_annotator(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "text/dam.txt": DAM,
            "text/ferry.txt": FERRY,
            "attributions/dam_4e07.ann": DAM_ANN,
            "attributions/dam_ef2d.ann": "not a brat line\n",  # a second annotator: not read
            "attributions/ferry_6b86.ann": FERRY_ANN,
        },
    )
    assert is_brat_folder(tmp_path)
    assert list(read_brat(tmp_path)) == [
        _annotated(tmp_path / "text" / "dam.txt", DAM, DAM_TRIPLES),
        _annotated(tmp_path / "text" / "ferry.txt", FERRY, FERRY_TRIPLES),
    ]


@pytest.mark.parametrize(
    ("files", "path", "reason"),
    [
        ({"dam.txt": DAM, "dam.ann": "T1\tSource zero 8\tAna Ruiz\n"}, "dam.ann",
         "line 1: bad span 'Source zero 8'"),
        ({"dam.txt": DAM, "dam.ann": "E1\tAttribution:T1 Cue:T9\n"}, "dam.ann",
         "line 1: T9 is not a T line"),
        ({"dam.txt": "Short.", "dam.ann": DAM_ANN}, "dam.ann",
         "has a span 0-8 beyond the end of dam.txt (6 characters)"),
        ({"dam.txt": "caf\xe9", "dam.ann": ""}, "dam.txt", None),
        ({"dam.txt": DAM, "dam.ann": DAM_ANN, "lone.txt": FERRY}, "lone.txt",
         "has no brat annotation (expected lone.ann)"),
    ],
    ids=["bad-span", "missing-target", "ann-of-another-text", "not-utf8", "no-ann"],
)  # fmt: skip
def test_bad_pairs_are_failures_and_the_rest_goes_on(
    tmp_path: Path, files: dict[str, str], path: str, reason: str | None
) -> None:
    _write(tmp_path, {**files, "zz.txt": FERRY, "zz.ann": FERRY_ANN})
    if path == "dam.txt" and reason is None:  # Latin-1 bytes, not UTF-8
        (tmp_path / "dam.txt").write_bytes("café".encode("latin-1"))
        reason = "is not valid UTF-8 (at byte 3)"
    *failures, last = read_brat(tmp_path)
    assert last == _annotated(tmp_path / "zz.txt", FERRY, FERRY_TRIPLES)
    failure = next(f for f in failures if isinstance(f, Failure))
    assert failure.path == str(tmp_path / path)
    assert failure.reason.startswith(reason), failure.reason
    assert str(tmp_path) not in failure.reason  # the path is said once


def test_polnear_text_without_annotation(tmp_path: Path) -> None:
    _write(tmp_path, {"text/dam.txt": DAM, "attributions/other_4e07.ann": FERRY_ANN})
    (failure,) = read_brat(tmp_path)
    assert failure == Failure(
        str(tmp_path / "text" / "dam.txt"),
        "has no brat annotation (expected attributions/dam_NNNN.ann): add one, or move the "
        "text out of the annotated folder",
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"a.txt": "x", "a.ann": ""}, True),
        ({"text/a.txt": "x", "attributions/a_1.ann": ""}, True),
        ({"a.txt": "x", "b.ann": ""}, False),
        ({"a.txt": "x", "a.html": ""}, False),
        ({}, False),
    ],
)
def test_is_brat_folder(tmp_path: Path, files: dict[str, str], expected: bool) -> None:
    _write(tmp_path, files)
    assert is_brat_folder(tmp_path) is expected


def test_metadata_beside_the_annotations_fills_the_documents(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "dam.txt").write_text(DAM, encoding="utf-8")
    (tmp_path / "attributions" / "dam_ctrc.ann").write_text(DAM_ANN, encoding="utf-8")
    (tmp_path / "text" / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (tmp_path / "attributions" / "ferry_ctrc.ann").write_text(FERRY_ANN, encoding="utf-8")
    (tmp_path / "metadata.jsonl").write_text(
        '{"file": "dam", "id": "dam-1", "title": "Dam holds", "outlet": "AFP",'
        ' "date": "2025-03-01", "url": "https://example.org/dam"}\n'
        "not json\n",
        encoding="utf-8",
    )
    items = list(read_brat(tmp_path))
    failures = [i for i in items if isinstance(i, Failure)]
    documents = {i.document.path: i.document for i in items if isinstance(i, AnnotatedDocument)}
    assert len(failures) == 1 and failures[0].path.endswith("metadata.jsonl:2")
    dam = documents[str(tmp_path / "text" / "dam.txt")]
    assert (dam.id, dam.title, dam.outlet, dam.date, dam.url) == (
        "dam-1", "Dam holds", "AFP", "2025-03-01", "https://example.org/dam"
    )  # fmt: skip
    ferry = documents[str(tmp_path / "text" / "ferry.txt")]  # no record: the file's name
    assert (ferry.id, ferry.title, ferry.outlet) == ("ferry", None, None)
