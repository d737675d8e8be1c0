"""Read plain-text articles from files, directories and standard input.

Every input becomes either a ``Document`` or a ``Failure`` that names the
input and says what was wrong with it; nothing here raises for one bad file,
so a batch always goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claimtrace.model import Document

STDIN = "-"
TEXT_SUFFIXES = (".txt",)
_SNIFF = 8192


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or analysed, and why (one line)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def decode(data: bytes, path: str) -> str | Failure:
    """The text of a file's bytes (UTF-8, a leading BOM dropped), or why it is not text."""
    head = data[:_SNIFF]
    if b"\x00" in head:
        return Failure(path, "looks like a binary file (it holds NUL bytes), not text: skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Failure(
            path,
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): "
            "convert it to UTF-8, e.g. with iconv",
        )


def read_text(path: str, *, id: str | None = None) -> Document | Failure:
    """Read one plain-text article; its id is the file's name without its extension."""
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as exc:
        return Failure(path, f"cannot be read: {exc.strerror or exc}")
    text = decode(data, path)
    if isinstance(text, Failure):
        return text
    name = "stdin" if path == STDIN else Path(path).stem
    return Document(text=text, id=id or name, path=path)


def expand(
    paths: Iterable[str],
    suffixes: tuple[str, ...] = TEXT_SUFFIXES,
    *,
    leaf: Callable[[Path], bool] | None = None,
) -> Iterator[str | Failure]:
    """The files behind ``paths``: files as given, directories recursively (by suffix), ``-``.

    A directory for which ``leaf`` is true is yielded itself, not walked into.
    """
    for path in paths:
        if path == STDIN:
            yield path
            continue
        p = Path(path)
        if p.is_dir():
            yield from _walk(p, suffixes, leaf)
        elif p.exists():
            yield path
        else:
            yield Failure(path, "no such file or directory")


def _walk(
    root: Path, suffixes: tuple[str, ...], leaf: Callable[[Path], bool] | None = None
) -> Iterator[str | Failure]:
    if leaf is not None and leaf(root):
        yield str(root)
        return
    failures: list[Failure] = []

    def on_error(exc: OSError) -> None:
        failures.append(Failure(str(exc.filename), f"cannot be listed: {exc.strerror}"))

    found: list[str] = []
    for directory, subdirs, files in os.walk(root, onerror=on_error):
        subdirs.sort()
        if leaf is not None:
            leaves = [name for name in subdirs if leaf(Path(directory, name))]
            found.extend(os.path.join(directory, name) for name in leaves)
            subdirs[:] = [name for name in subdirs if name not in leaves]
        found.extend(
            os.path.join(directory, name) for name in files if name.lower().endswith(suffixes)
        )
    yield from failures
    yield from sorted(found)


def read_paths(paths: Iterable[str]) -> Iterator[Document | Failure]:
    """Read every text file behind ``paths``, in order."""
    for item in expand(paths):
        yield item if isinstance(item, Failure) else read_text(item)
