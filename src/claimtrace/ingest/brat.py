"""Read texts that come with brat annotations of their attributions.

Two layouts: ``X.txt`` beside ``X.ann`` in one folder, or PolNeAR's
``text/X.txt`` with ``attributions/X_NNNN.ann`` (``NNNN`` names the
annotator; where a text has several, the first in sorted order is read, as
``claimtrace.evaluate.polnear.read_corpus`` does). Offsets in ``.ann`` files
count characters of the text exactly as stored, so texts are decoded as
UTF-8 without dropping anything.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimtrace.errors import EvaluationError
from claimtrace.evaluate.polnear import read_ann
from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.ingest.files import Failure
from claimtrace.model import Document

METADATA = "metadata.jsonl"  # written by ``claimtrace export --format brat``


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """An article with its annotated (gold) attributions as character offsets."""

    document: Document
    attributions: tuple[SpanTriple, ...]


def is_brat_folder(folder: Path) -> bool:
    """Whether ``folder`` holds brat annotations: text/ + attributions/, or X.txt beside X.ann."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        return True
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError:
        return False
    return any(name.endswith(".ann") and f"{name[:-4]}.txt" in names for name in names)


def read_brat(folder: Path) -> Iterator[AnnotatedDocument | Failure]:
    """Every text of a brat folder with its attributions, sorted by file name."""
    polnear = (folder / "text").is_dir() and (folder / "attributions").is_dir()
    try:
        pairs = _polnear_pairs(folder) if polnear else _flat_pairs(folder)
    except OSError as exc:
        yield Failure(str(folder), f"cannot be listed: {exc.strerror or exc}")
        return
    metadata, problem = _metadata(folder / METADATA)
    if problem is not None:
        yield problem
    for text_path, ann_path in pairs:
        if ann_path is None:
            stem = text_path.stem
            expected = f"attributions/{stem}_NNNN.ann" if polnear else f"{stem}.ann"
            yield Failure(
                str(text_path),
                f"has no brat annotation (expected {expected}): add one, or move the text "
                "out of the annotated folder",
            )
            continue
        yield _read_pair(text_path, ann_path, metadata.get(text_path.stem, {}))


def _flat_pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    texts = sorted(p for p in folder.iterdir() if p.suffix == ".txt" and p.is_file())
    return [(t, ann if (ann := t.with_suffix(".ann")).is_file() else None) for t in texts]


def _polnear_pairs(folder: Path) -> list[tuple[Path, Path | None]]:
    annotations: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann"), key=lambda p: p.name):
        stem, underscore, _ = ann.stem.rpartition("_")
        if underscore:
            annotations.setdefault(stem, ann)
    texts = sorted((folder / "text").glob("*.txt"), key=lambda p: p.name)
    return [(t, annotations.get(t.stem)) for t in texts]


def _metadata(path: Path) -> tuple[dict[str, dict[str, str]], Failure | None]:
    """``metadata.jsonl`` (written by ``claimtrace export --format brat``) by file name.

    Optional; a line that is not a JSON object with a "file" is skipped, and
    reported once, so the annotations are still read.
    """
    found: dict[str, dict[str, str]] = {}
    if not path.is_file():
        return found, None
    bad: list[int] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return found, Failure(
            str(path), f"cannot be read ({exc}): titles, outlets and dates are left out"
        )
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict) or not isinstance(record.get("file"), str):
            bad.append(number)
            continue
        found[record["file"]] = {
            k: v for k, v in record.items() if k in _FIELDS and isinstance(v, str) and v
        }
    if bad:
        return found, Failure(
            f"{path}:{bad[0]}",
            f'{len(bad)} line(s) are not metadata records (a JSON object with a "file"); '
            "those articles are read without title, outlet or date",
        )
    return found, None


_FIELDS = frozenset({"id", "title", "outlet", "date", "url"})


def _read_pair(
    text_path: Path, ann_path: Path, meta: dict[str, str] | None = None
) -> AnnotatedDocument | Failure:
    try:
        text = text_path.read_bytes().decode("utf-8")
    except OSError as exc:
        return Failure(str(text_path), f"cannot be read: {exc.strerror or exc}")
    except UnicodeDecodeError as exc:
        return Failure(
            str(text_path), f"is not valid UTF-8 (at byte {exc.start}): convert it to UTF-8"
        )
    try:
        attributions = read_ann(ann_path)
    except EvaluationError as exc:
        # Its messages start with the path, which the Failure names already.
        reason = str(exc).removeprefix(f"{ann_path}, ").removeprefix(f"{ann_path} ")
        return Failure(str(ann_path), reason)
    for triple in attributions:
        for start, end in (*(triple.source or ()), *triple.cue, *(triple.content or ())):
            if end > len(text):
                return Failure(
                    str(ann_path),
                    f"has a span {start}-{end} beyond the end of {text_path.name} "
                    f"({len(text)} characters): the .ann file does not belong to that text",
                )
    meta = meta or {}
    document = Document(
        text=text,
        id=meta.get("id", text_path.stem),
        path=str(text_path),
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        date=meta.get("date"),
        url=meta.get("url"),
    )
    return AnnotatedDocument(document, attributions)
