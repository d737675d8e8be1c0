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
from pathlib import Path
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


@main.command("eval")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@format_option("table", "json", default="table")
@workers_option
@click.option(
    "--rules-only", is_flag=True, help="Score the rules alone, without the learned taggers."
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("eval/baseline.json"),
    show_default=True,
    help="The pinned scores (quality gate).",
)
@click.option("--check", is_flag=True, help="Fail (exit 1) when an F1 fell below the baseline.")
@click.option("--update-baseline", is_flag=True, help="Pin these scores as the new baseline.")
@click.option(
    "--allow-lower", is_flag=True, help="With --update-baseline: allow lowering a figure."
)
def evaluate_command(
    directory: Path,
    fmt: str,
    workers: int,
    rules_only: bool,
    baseline: Path,
    check: bool,
    update_baseline: bool,
    allow_lower: bool,
) -> None:
    """Score claimtrace on an annotated folder in PolNeAR's layout (text/, attributions/)."""
    from claimtrace.engine import Engine
    from claimtrace.evaluate import data_hash, gate
    from claimtrace.evaluate.run import evaluate

    try:
        scores = evaluate(
            directory, workers=workers, factory=partial(Engine, use_models=not rules_only)
        )
        if fmt == "json":
            click.echo(json.dumps(scores.to_dict(), indent=2))
        else:
            click.echo(scores.format_table())
        digest = data_hash(directory)
        if update_baseline:
            for line in gate.update(
                scores, digest, baseline, allow_lower=allow_lower, split=directory.name
            ):
                click.echo(f"baseline: {line}", err=True)
        if check:
            result = gate.check(scores, digest, baseline)
            for message in result.messages:
                _error(message)
            if not result.ok:
                sys.exit(1)
    except ClaimtraceError as exc:
        _error(str(exc))
        sys.exit(2)


@main.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    required=True,
    help="The PolNeAR folder (holds train/ and corenlp/).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the models (default: the installed package's models folder).",
)
@click.option(
    "--iterations",
    type=click.IntRange(min=1),
    default=150,
    show_default=True,
    help="L-BFGS iterations of the cue and role taggers.",
)
@click.option(
    "--check", is_flag=True, help="Train into a scratch folder and compare with the shipped models."
)
def train(data: Path, out: Path | None, iterations: int, check: bool) -> None:
    """Rebuild the shipped models from PolNeAR's train split (deterministic)."""
    import tempfile

    from claimtrace.extract.learned import models_directory
    from claimtrace.learn.train import FILES, TrainOptions, sha256_file, train_all

    try:
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) if check else (out or models_directory())
            digests = train_all(
                TrainOptions(data, target, iterations), say=lambda m: click.echo(m, err=True)
            )
            for name in FILES:
                line = f"{name}  {digests[name]}"
                if check:
                    shipped = sha256_file(models_directory() / name)
                    line += (
                        "  same as shipped"
                        if shipped == digests[name]
                        else "  DIFFERS from shipped"
                    )
                click.echo(line)
            if check and any(sha256_file(models_directory() / n) != digests[n] for n in FILES):
                sys.exit(1)
    except ClaimtraceError as exc:
        _error(str(exc))
        sys.exit(2)


if __name__ == "__main__":
    main()
