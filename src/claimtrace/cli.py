"""The ``claimtrace`` command: thin wrappers over the library.

Each command parses its options, calls one library function and prints.
Errors a user can cause end in a one-line message on stderr naming what was
wrong and what to do; the exit status is 1 when some input failed, 2 when
the command itself could not run.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import click

from claimtrace.errors import ClaimtraceError

F = TypeVar("F", bound=Callable[..., Any])


def _error(message: str) -> None:
    click.echo(f"claimtrace: error: {message}", err=True)


def format_option(*choices: str, default: str) -> Callable[[F], F]:
    """The shared ``--format`` option."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


def workers_option(f: F) -> F:
    """The shared ``--workers`` option."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=os.cpu_count() or 1,
        show_default="number of cores",
        help="Worker processes.",
    )(f)


def spacy_option(f: F) -> F:
    """The shared ``--spacy-model`` option."""
    return click.option(
        "--spacy-model",
        default=None,
        metavar="NAME_OR_PATH",
        help="Use this spaCy pipeline (installed name or path) instead of the built-in "
        "blank English one; its sentence boundaries are kept.",
    )(f)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimtrace")
def main() -> None:
    """Who claims what, on whose authority, through which chain of sources."""


def _engine_factory(spacy_model: str | None) -> Callable[[], Any]:
    from claimtrace.engine import Engine
    from claimtrace.nlp.pipeline import load_nlp

    if spacy_model is None:
        return Engine
    load_nlp(spacy_model)  # fail here, once, with a clear message
    return partial(_engine_with, spacy_model)


def _engine_with(spacy_model: str) -> Any:
    from claimtrace.engine import Engine
    from claimtrace.nlp.pipeline import load_nlp

    return Engine(nlp=load_nlp(spacy_model))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@format_option("text", "jsonl", default="text")
@workers_option
@spacy_option
def analyze(paths: tuple[str, ...], fmt: str, workers: int, spacy_model: str | None) -> None:
    """Analyse articles: .txt files, directories (recursively) or - for stdin."""
    from claimtrace.batch import analyze_stream
    from claimtrace.ingest.files import Failure, read_paths
    from claimtrace.report import format_article

    try:
        factory = _engine_factory(spacy_model)
    except ClaimtraceError as exc:
        _error(str(exc))
        sys.exit(2)
    failed = 0
    out = sys.stdout
    for result in analyze_stream(read_paths(paths), workers=workers, factory=factory):
        if isinstance(result, Failure):
            failed += 1
            _error(str(result))
            continue
        if fmt == "jsonl":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(format_article(result) + "\n")
        out.flush()
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
