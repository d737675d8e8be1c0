"""Read articles given as JSON records: JSON Lines, a JSON list, or one JSON object.

A record is an object with the article's ``text`` (a string) and optional
``id``, ``title``, ``outlet``, ``date`` and ``url`` strings (null counts as
absent; other fields are ignored). A bad record becomes a ``Failure`` named
``path:LINE`` (JSON Lines) or ``path[INDEX]`` (a list), and reading goes on
with the next one. Files are read as they are consumed, a record at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from claimtrace.ingest.files import Failure
from claimtrace.model import Document

_OPTIONAL = ("id", "title", "outlet", "date", "url")
_BOM = "\ufeff"
_CHUNK = 1 << 16
# A list item still not decodable after this many characters is broken, not unfinished.
_MAX_RECORD = 1 << 26
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()
_JSON_KINDS = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
_DATE_HINT = "use YYYY-MM-DD or an ISO 8601 timestamp such as 2024-03-18T09:30:00Z"


def iso_date(value: str) -> str | None:
    """The YYYY-MM-DD date of an ISO 8601 date or timestamp (as written, no time-zone shift)."""
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def record_document(value: object, where: str) -> Document | Failure:
    """The Document a decoded JSON record describes, or why it does not describe one."""
    if not isinstance(value, dict):
        return Failure(
            where, f'not a JSON object (got {_kind(value)}): a record is an object with a "text"'
        )
    text = value.get("text")
    if text is None:
        return Failure(where, 'no "text" field: give the article\'s text as a string')
    if not isinstance(text, str):
        return Failure(where, f'"text" must be a string (got {_kind(text)})')
    fields: dict[str, str] = {}
    for name in _OPTIONAL:
        field = value.get(name)
        if field is None:
            continue
        if not isinstance(field, str):
            return Failure(where, f'"{name}" must be a string (got {_kind(field)})')
        fields[name] = field
    date = fields.get("date")
    if date is not None and (date := iso_date(date)) is None:
        return Failure(where, f'"date" {fields["date"]!r} is not a date: {_DATE_HINT}')
    return Document(
        text=text,
        id=fields.get("id"),
        path=where,
        title=fields.get("title"),
        outlet=fields.get("outlet"),
        date=date,
        url=fields.get("url"),
    )


def read_jsonl(stream: Iterable[bytes | str], path: str) -> Iterator[Document | Failure]:
    """One Document (or Failure) per non-blank line of a JSON Lines stream."""
    for number, raw in enumerate(stream, 1):
        where = f"{path}:{number}"
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Failure(
                    where,
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}): "
                    "convert the file to UTF-8, e.g. with iconv",
                )
                continue
        else:
            line = raw
        if number == 1:
            line = line.removeprefix(_BOM)
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not JSON ({exc.msg} at column {exc.colno})")
            continue
        yield record_document(value, where)


def read_json(path: str) -> Iterator[Document | Failure]:
    """Read a ``.json`` file: one object, a list of objects, or JSON Lines."""
    try:
        with open(path, "rb") as handle:
            head = _text(handle.read(_CHUNK))
            first_line = ""
            if head.startswith("{"):
                handle.seek(0)
                first_line = next((_text(line) for line in handle if line.strip()), "")
    except OSError as exc:
        yield Failure(path, f"cannot be read: {exc.strerror or exc}")
        return
    if head.startswith("["):
        yield from _read_list(path)
    elif first_line.endswith("}"):
        # A whole object on the first line: one record per line.
        with open(path, "rb") as handle:
            yield from read_jsonl(handle, path)
    elif head.startswith("{"):
        yield _read_object(path)
    else:
        found = f"starts with {head[0]!r}" if head else "is empty"
        yield Failure(
            path, f"is not JSON records ({found}): give an object, a list of objects or JSON Lines"
        )


def _text(data: bytes) -> str:
    """Bytes decoded for sniffing only: stray bytes dropped, BOM and white space stripped."""
    return data.decode("utf-8", "ignore").lstrip(_BOM).strip()


def _read_object(path: str) -> Document | Failure:
    """A file holding one (pretty-printed) object: one article, so it is read whole."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            value = json.load(handle)
    except json.JSONDecodeError as exc:
        return Failure(path, f"not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
    except UnicodeDecodeError as exc:
        return Failure(path, f"is not valid UTF-8 ({exc.reason}): convert it to UTF-8")
    except OSError as exc:
        return Failure(path, f"cannot be read: {exc.strerror or exc}")
    return record_document(value, path)


def _read_list(path: str) -> Iterator[Document | Failure]:
    index = 0
    try:
        with open(path, encoding="utf-8-sig") as handle:
            items = _Items(handle)
            if items.take() != "[":
                return
            if items.peek() == "]":
                return
            while True:
                where = f"{path}[{index}]"
                try:
                    value = items.value()
                except json.JSONDecodeError as exc:
                    yield Failure(where, f"not JSON ({exc.msg}); the rest of the list is not read")
                    return
                yield record_document(value, where)
                index += 1
                separator = items.take()
                if separator == "]":
                    return
                if separator != ",":
                    found = repr(separator) if separator else "the end of the file"
                    yield Failure(
                        f"{path}[{index}]",
                        f"not JSON (expected ',' or ']' after item {index - 1}, found {found}); "
                        "the rest of the list is not read",
                    )
                    return
    except UnicodeDecodeError as exc:
        yield Failure(f"{path}[{index}]", f"is not valid UTF-8 ({exc.reason}): convert it to UTF-8")
    except OSError as exc:
        yield Failure(path, f"cannot be read: {exc.strerror or exc}")


class _Items:
    """A text file decoded one JSON value at a time, holding little more than one value."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._buffer = ""
        self._pos = 0
        self._eof = False

    def _fill(self) -> bool:
        """Read more (at least as much as is buffered, so retries stay linear); False at EOF."""
        chunk = self._handle.read(max(_CHUNK, len(self._buffer) - self._pos))
        if not chunk:
            self._eof = True
            return False
        self._buffer = self._buffer[self._pos :] + chunk
        self._pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            space = _SPACE.match(self._buffer, self._pos)
            self._pos = space.end() if space else self._pos
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._fill():
                return ""

    def take(self) -> str:
        """The next character that is not white space, consumed."""
        char = self.peek()
        self._pos += len(char)
        return char

    def value(self) -> Any:
        """The next JSON value (JSONDecodeError when there is none)."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError:
                # Maybe the value goes on past the buffer: read more, unless it cannot.
                if len(self._buffer) - self._pos > _MAX_RECORD or not self._fill():
                    raise
                continue
            # A number at the very end of the buffer may go on in the next chunk.
            if end == len(self._buffer) and not self._eof and self._fill():
                continue
            self._pos = end
            return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return _JSON_KINDS.get(type(value), type(value).__name__)
