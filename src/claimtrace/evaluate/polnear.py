"""Read a corpus in PolNeAR layout: ``text/*.txt`` and brat ``attributions/*.ann``.

An annotation file is named after its text's stem plus ``_XXXX``, the
annotator's id. Where an article has several, only the first in sorted
file-name order is read, so no article is scored twice; a text with none is
skipped. Only ``E`` lines with a Cue make attributions; ``T`` lines labelled
Discuss, Discard or anything else are not read as spans of their own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimtrace.errors import EvaluationError
from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.model import Offsets, normalise_offsets

# An annotation line starts with its id: T3, E1, R2, A4, M5, N6, #1 or * (brat).
_ID = re.compile(r"(?:[TERAMN]\d+|#\d*|\*)\t")
_OFFSETS = re.compile(r"\d+ \d+(?:;\d+ \d+)*")
_ROLE = re.compile(r"([A-Za-z-]+?)(\d*)")
_ROLES = {"Source": "source", "Cue": "cue", "Content": "content"}


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """One annotated article: its text and its gold attributions."""

    id: str
    text: str
    attributions: tuple[SpanTriple, ...]
    annotator: str


@dataclass(frozen=True, slots=True)
class _Event:
    line: int
    roles: dict[str, list[str]]


def _malformed(path: Path, line: int, why: str) -> EvaluationError:
    return EvaluationError(
        f"{path}, line {line}: {why}; fix or remove that line "
        "(brat standoff: 'T1<TAB>Label START END[;START END]<TAB>text' or "
        "'E1<TAB>Attribution:T4 Cue:T2 Content:T3 Source:T1')"
    )


def _parse_t(path: Path, number: int, fields: list[str]) -> tuple[Offsets, int]:
    """The offsets of a T line and the length its text column should have."""
    label, _, offsets = fields[1].partition(" ")
    if not label or not _OFFSETS.fullmatch(offsets):
        raise _malformed(path, number, f"bad span {fields[1]!r}")
    pieces = [tuple(int(n) for n in piece.split()) for piece in offsets.split(";")]
    if any(start > end for start, end in pieces):
        raise _malformed(path, number, f"a span ends before it starts in {offsets!r}")
    # brat joins the pieces of a discontinuous span with one space in the text column.
    expected = sum(end - start for start, end in pieces) + len(pieces) - 1
    return tuple((start, end) for start, end in pieces), expected


def _parse_e(path: Path, number: int, fields: list[str]) -> _Event:
    roles: dict[str, list[str]] = {}
    for item in fields[1].split():
        key, colon, target = item.partition(":")
        match = _ROLE.fullmatch(key)
        if not colon or not target or match is None:
            raise _malformed(path, number, f"bad argument {item!r}")
        role = _ROLES.get(match.group(1))
        if role is not None:  # "Content2" adds pieces to the content
            roles.setdefault(role, []).append(target)
    return _Event(number, roles)


def read_ann(path: Path) -> tuple[SpanTriple, ...]:
    """The attributions of one brat ``.ann`` file, in the order of its E lines."""
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as error:
        raise EvaluationError(f"{path} is not UTF-8 ({error}); re-save it as UTF-8") from error
    except OSError as error:
        raise EvaluationError(f"cannot read {path}: {error}") from error
    spans: dict[str, Offsets] = {}
    events: list[_Event] = []
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index].rstrip("\r")
        index += 1
        if not line.strip():
            continue
        if not _ID.match(line):
            raise _malformed(path, number, "not a brat annotation line")
        fields = line.split("\t")
        if line.startswith("T"):
            offsets, expected = _parse_t(path, number, fields)
            text = "\t".join(fields[2:])
            # A span crossing a line break continues its text column on the next lines.
            while (
                len(fields) > 2
                and len(text) < expected
                and index < len(lines)
                and not _ID.match(lines[index])
            ):
                text += "\n" + lines[index].rstrip("\r")
                index += 1
            spans[fields[0]] = offsets
        elif line.startswith("E"):
            if len(fields) < 2:
                raise _malformed(path, number, "an E line without arguments")
            events.append(_parse_e(path, number, fields))
    return tuple(triple for event in events if (triple := _triple(path, event, spans)) is not None)


def _triple(path: Path, event: _Event, spans: dict[str, Offsets]) -> SpanTriple | None:
    pieces: dict[str, Offsets | None] = {}
    for role in _ROLES.values():
        targets = event.roles.get(role, [])
        missing = [target for target in targets if target not in spans]
        if missing:
            raise _malformed(path, event.line, f"{', '.join(missing)} is not a T line")
        offsets = normalise_offsets(piece for target in targets for piece in spans[target])
        pieces[role] = offsets or None
    cue = pieces["cue"]
    if cue is None:
        return None
    return SpanTriple(source=pieces["source"], cue=cue, content=pieces["content"])


def _require_folder(directory: Path, name: str) -> Path:
    folder = directory / name
    if not folder.is_dir():
        raise EvaluationError(
            f"{directory} has no {name}/ folder; point to a split folder in PolNeAR layout "
            "(text/*.txt and attributions/*.ann), e.g. ../shared/polnear/dev"
        )
    return folder


def _check_inside(path: Path, text: str, attributions: tuple[SpanTriple, ...]) -> None:
    for triple in attributions:
        for offsets in (triple.source, triple.cue, triple.content):
            for start, end in offsets or ():
                if end > len(text):
                    raise EvaluationError(
                        f"{path} has a span {start}-{end} beyond the end of its text "
                        f"({len(text)} characters); the .ann file does not belong to this text"
                    )


def read_corpus(directory: Path, *, every_annotator: bool = False) -> Iterator[GoldDocument]:
    """The annotated articles of a PolNeAR-layout folder, sorted by id.

    With ``every_annotator`` (for training, never for scoring), an article
    annotated twice is yielded once per annotation file.
    """
    if not directory.is_dir():
        raise EvaluationError(
            f"{directory} is not a directory; give the path of a PolNeAR split, "
            "e.g. ../shared/polnear/dev"
        )
    texts = _require_folder(directory, "text")
    annotations = _require_folder(directory, "attributions")
    chosen: dict[str, list[Path]] = {}
    for path in sorted(annotations.glob("*.ann"), key=lambda p: p.name):
        stem, underscore, _ = path.stem.rpartition("_")
        if underscore:
            chosen.setdefault(stem, []).append(path)
    for text_path in sorted(texts.glob("*.txt"), key=lambda p: p.stem):
        files = chosen.get(text_path.stem)
        if not files:
            continue
        try:
            text = text_path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise EvaluationError(
                f"{text_path} is not UTF-8 ({error}); re-save it as UTF-8"
            ) from error
        for ann in files if every_annotator else files[:1]:
            attributions = read_ann(ann)
            _check_inside(ann, text, attributions)
            yield GoldDocument(
                id=text_path.stem,
                text=text,
                attributions=attributions,
                annotator=ann.stem.rpartition("_")[2],
            )


def data_hash(directory: Path) -> str:
    """SHA-256 over the sorted relative paths and bytes of text/*.txt and attributions/*.ann."""
    files = sorted(
        [*directory.glob("text/*.txt"), *directory.glob("attributions/*.ann")],
        key=lambda p: p.relative_to(directory).as_posix(),
    )
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(directory).as_posix().encode("utf-8")
        content = path.read_bytes()
        # Lengths first, so no two different file sets hash the same stream.
        digest.update(f"{len(name)}:{len(content)}:".encode("ascii"))
        digest.update(name)
        digest.update(content)
    return digest.hexdigest()
