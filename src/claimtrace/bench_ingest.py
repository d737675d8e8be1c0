"""Ingest benchmark: ``python -m claimtrace.bench_ingest DIR [--postgres URL] [--workers 1 2]``.

For each number of workers it first times bare analysis of every .txt file
under DIR (``analyze_stream``, nothing stored), then ``claimtrace ingest``
of the same files into a fresh SQLite file and into a fresh PostgreSQL
database, and prints articles/s for each and the ingest rate as a share of
the bare one (the target is at least 80 %). The resident memory of the
process is sampled as the corpus grows, to show it stays flat. It prints
figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _rss_mb() -> float:
    """The resident memory of this process now, in MB (Linux)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def _postgres(admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the server of ``admin_url``, dropped afterwards."""
    import psycopg

    name = f"claimtrace_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bare(files: list[str], workers: int) -> float:
    from claimtrace.batch import analyze_stream
    from claimtrace.ingest.files import read_paths

    started = time.perf_counter()
    for _ in analyze_stream(read_paths(files), workers=workers):
        pass
    return time.perf_counter() - started


def _ingest(files: list[str], url: str, workers: int) -> tuple[float, list[float], int]:
    from claimtrace.corpus import IngestReport, ingest

    samples: list[float] = []

    def sample(report: IngestReport) -> None:
        if report.seen % 128 < 32:
            samples.append(round(_rss_mb(), 1))

    started = time.perf_counter()
    report = ingest(files, url, workers=workers, progress=sample)
    return time.perf_counter() - started, samples, report.stored


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m claimtrace.bench_ingest", description=__doc__)
    parser.add_argument("directory", type=Path, help="folder of .txt articles")
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL URL whose server may create and drop a benchmark database "
        "('' to skip PostgreSQL)",
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    files = sorted(str(p) for p in args.directory.rglob("*.txt"))
    if not files:
        sys.exit(f"claimtrace.bench_ingest: error: no .txt files under {args.directory}")
    rows: list[dict[str, object]] = []
    for workers in args.workers:
        bare = _bare(files, workers)
        rows.append(
            {"store": "none (analyze)", "workers": workers,
             "articles_per_s": round(len(files) / bare, 1), "share_of_analyze": 1.0}
        )  # fmt: skip
        backends: list[tuple[str, object]] = [("sqlite", None)]
        if args.postgres:
            backends.append(("postgresql", args.postgres))
        for name, admin in backends:
            with tempfile.TemporaryDirectory() as folder:
                if admin is None:
                    seconds, rss, stored = _ingest(files, f"sqlite:///{folder}/bench.db", workers)
                else:
                    with _postgres(str(admin)) as url:
                        seconds, rss, stored = _ingest(files, url, workers)
            rows.append(
                {
                    "store": name,
                    "workers": workers,
                    "articles_per_s": round(len(files) / seconds, 1),
                    "share_of_analyze": round(bare / seconds, 2),
                    "stored": stored,
                    "rss_mb_as_it_grows": rss,
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            growth = row.get("rss_mb_as_it_grows")
            print(
                f"{row['store']:15} workers={row['workers']}  {row['articles_per_s']:7} articles/s"
                f"  {100 * float(str(row['share_of_analyze'])):5.1f}% of analyze"
                + (f"  RSS MB as it grows: {growth}" if growth else "")
            )
    return rows


if __name__ == "__main__":
    main()
