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
from claimtrace.learn.neural import Schedule
from claimtrace.model import SourceType

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


def db_option(f: F) -> F:
    """The shared ``--db`` option."""
    return click.option(
        "--db",
        "db",
        default="sqlite:///claimtrace.db",
        show_default=True,
        metavar="URL",
        help="The corpus database: sqlite:///file.db or postgresql://user@host/db.",
    )(f)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _store(db: str, *, write: bool = False) -> Any:
    from claimtrace.store.db import open_store

    try:
        return open_store(db, write=write)
    except ClaimtraceError as exc:
        _error(str(exc))
        sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimtrace")
def main() -> None:
    """Who claims what, on whose authority, through which chain of sources."""
    from claimtrace._allocator import keep_freed_memory

    keep_freed_memory()


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
    "--epochs",
    type=click.IntRange(min=1),
    default=Schedule().epochs,
    show_default=True,
    help="Passes of the span tagger over the training data.",
)
@click.option(
    "--check", is_flag=True, help="Train into a scratch folder and compare with the shipped models."
)
def train(data: Path, out: Path | None, epochs: int, check: bool) -> None:
    """Rebuild the shipped models from PolNeAR's train split (deterministic)."""
    import tempfile

    from claimtrace.extract.learned import models_directory
    from claimtrace.learn.train import FILES, TrainOptions, sha256_file, train_all

    try:
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch) if check else (out or models_directory())
            digests = train_all(
                TrainOptions(data, target, epochs), say=lambda m: click.echo(m, err=True)
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


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@workers_option
def ingest(paths: tuple[str, ...], db: str, workers: int) -> None:
    """Analyse and store articles: .txt, .html, .jsonl/.json, feeds, WARC, brat folders, -."""
    from claimtrace.corpus import IngestReport
    from claimtrace.corpus import ingest as run_ingest

    progress, finish = _progress(paths)
    try:
        report: IngestReport = run_ingest(paths, db, workers=workers, progress=progress)
    except ClaimtraceError as exc:
        finish()
        _error(str(exc))
        sys.exit(2)
    finish()
    for failure in report.failures[:20]:
        _error(str(failure))
    if len(report.failures) > 20:
        _error(f"... and {len(report.failures) - 20} more; see `claimtrace stats --db {db}`")
    click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


def _progress(paths: tuple[str, ...]) -> tuple[Any, Callable[[], None]]:
    """A live bar (count, rate, ETA) on a terminal, plain lines otherwise; and how to end it."""
    from claimtrace.corpus import count_inputs, plain_progress

    total = count_inputs(paths)
    if not sys.stderr.isatty():
        return plain_progress(total=total), lambda: None
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task("ingest", total=total, rate="")
    bar.start()

    def update(report: Any) -> None:
        rate = report.seen / report.seconds if report.seconds else 0.0
        bar.update(task, completed=report.seen, rate=f"{rate:.1f} articles/s")

    return update, bar.stop


@main.command()
@db_option
@format_option("text", "json", default="text")
def stats(db: str, fmt: str) -> None:
    """How many articles, attributions, entities and errors a store holds."""
    from claimtrace.store.queries import recent_errors
    from claimtrace.store.queries import stats as count

    with _store(db) as store:
        figures = count(store)
        if fmt == "json":
            click.echo(json.dumps(figures.to_dict()))
            return
        for name, value in figures.to_dict().items():
            click.echo(f"{name:13} {value}")
        for path, reason in recent_errors(store, 5):
            click.echo(f"  error: {path}: {reason}")


@main.command()
@db_option
@format_option("text", "jsonl", default="text")
@click.option(
    "--type", "kind", type=click.Choice([t.value for t in SourceType]), help="Only this type."
)
@click.option("--top", type=click.IntRange(min=1), help="Only the N most quoted.")
@click.option("--query", help="Only names or aliases containing this.")
def entities(db: str, fmt: str, kind: str | None, top: int | None, query: str | None) -> None:
    """The corpus's sources, most quoted first, with aliases, descriptions and counts."""
    from claimtrace.store.queries import list_entities

    with _store(db) as store:
        for entity in list_entities(store, type=kind, top=top, query=query):
            if fmt == "jsonl":
                click.echo(json.dumps(entity.to_dict(), ensure_ascii=False))
                continue
            outlets = ", ".join(entity.outlets[:4]) or "-"
            claims = _count(entity.attributions, "claim")
            seen = _count(entity.articles, "article")
            name = f"{entity.id:6} {entity.name} [{entity.type}]"
            click.echo(f"{name} {claims} in {seen}; quoted by {outlets}")
            for description in entity.descriptions[:3]:
                click.echo(f"         {description}")


@main.command()
@click.argument("query")
@db_option
@format_option("text", "jsonl", default="text")
@click.option("--outlet", help="Only articles of this outlet.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles from this day on.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Only articles up to this day.")
@click.option(
    "--source-type",
    type=click.Choice([t.value for t in SourceType]),
    help="Only sources of this type.",
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search(
    query: str,
    db: str,
    fmt: str,
    outlet: str | None,
    since: Any,
    until: Any,
    source_type: str | None,
    limit: int,
) -> None:
    """Full-text search over contents, speakers and titles."""
    from claimtrace.store.queries import SearchFilters
    from claimtrace.store.queries import search as run_search

    filters = SearchFilters(
        outlet=outlet,
        since=since.date().isoformat() if since else None,
        until=until.date().isoformat() if until else None,
        source_type=source_type,
    )
    with _store(db) as store:
        hits = run_search(store, query, filters, limit=limit)
        for hit in hits:
            if fmt == "jsonl":
                click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
                continue
            speaker = hit.source_name or hit.source or "(no source)"
            where = f"{hit.outlet or '-'} {hit.date or ''}"
            click.echo(f"[{hit.id}] {where} {speaker} — {hit.cue}: {hit.content[:160]}")
        if not hits and fmt == "text":
            click.echo("(no match)")


@main.command()
@click.argument("attribution_id", type=int)
@db_option
@format_option("text", "json", default="text")
def trace(attribution_id: int, db: str, fmt: str) -> None:
    """The chain of an attribution back to its first source."""
    from claimtrace.store.queries import trace as run_trace

    with _store(db) as store:
        chain = run_trace(store, attribution_id)
        if not chain:
            _error(f"there is no attribution {attribution_id} in {db}: see `claimtrace search`")
            sys.exit(1)
        if fmt == "json":
            click.echo(json.dumps([c.to_dict() for c in chain], ensure_ascii=False, indent=2))
            return
        origin = chain[-1]
        where = f"{origin.outlet or 'unknown outlet'}, {origin.date or 'no date'}"
        click.echo(f"article {origin.article_key} ({where})")
        for depth, link in enumerate(reversed(chain)):
            speaker = link.source_name or link.source or "(no source)"
            click.echo(f"{'  ' * (depth + 1)}← [{link.id}] {speaker} ({link.cue})")
        click.echo(f"content: {chain[0].content}")


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "graphml", "brat"]), required=True
)
@click.option(
    "--out", type=click.Path(path_type=Path), required=True, help="File (or folder for brat)."
)
def export(db: str, fmt: str, out: Path) -> None:
    """Export a store: jsonl, csv (one row per attribution), graphml, brat."""
    from claimtrace.store import export as exporting

    with _store(db) as store:
        try:
            if fmt == "brat":
                count = exporting.export_brat(store, out)
            elif fmt == "graphml":
                count = exporting.export_graphml(store, out)
            else:
                with open(out, "w", encoding="utf-8", newline="") as stream:
                    count = (exporting.export_jsonl if fmt == "jsonl" else exporting.export_csv)(
                        store, stream
                    )
        except OSError as exc:
            _error(f"cannot write {out}: {exc.strerror or exc}")
            sys.exit(2)
        unit = {"graphml": "edges", "csv": "attributions"}.get(fmt, "articles")
        click.echo(f"{count} {unit} written to {out}", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--token",
    envvar="CLAIMTRACE_TOKEN",
    help="Enable POST /api/v1/articles for clients sending this bearer token "
    "(or set CLAIMTRACE_TOKEN). Without it the server is read-only.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Server processes: 2 or more serve requests on several cores at once.",
)
def serve(db: str, host: str, port: int, token: str | None, workers: int) -> None:
    """Browse a store in a web browser, and query it through the REST API."""
    import os

    import uvicorn

    from claimtrace.web.app import create_app

    try:
        app = create_app(db, token=token or None)  # checks the store before serving
    except ClaimtraceError as exc:
        _error(str(exc))
        sys.exit(2)
    click.echo(f"claimtrace: serving {db} on http://{host}:{port}/ (API docs at /docs)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each process builds its own app from the environment.
    os.environ["CLAIMTRACE_DB"] = db
    if token:
        os.environ["CLAIMTRACE_TOKEN"] = token
    uvicorn.run(
        "claimtrace.web.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )


if __name__ == "__main__":
    main()
