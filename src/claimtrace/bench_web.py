"""Web benchmark: ``python -m claimtrace.bench_web --db URL [--clients 10] [--requests 100]``.

Starts ``claimtrace serve`` over the store at URL (a subprocess on a free
loopback port), or, with ``--build DIR...``, first ingests those folders into
a fresh SQLite store in a temporary folder (``--server URL`` measures a server
already running over that store instead). Then ``--clients`` threads, each
with its own HTTP client, request every page and API route ``--requests``
times between them, in a shuffled order, with ids drawn from the store:
articles and attributions uniformly, sources in proportion to their claims
(as a reader following the overview's links would), search words from the
most quoted sources' names. It prints, per route, the latency of the very
first request (caches cold) and then the median, the 95th percentile, the
maximum and the share of requests over 100 ms under load, and the requests
per second overall. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

SLOW_MS = 100.0
GENERIC_WORDS = ("president", "election", "campaign", "police", "health", "economy")


@dataclass(frozen=True)
class Sample:
    """Ids and words to put in the routes' paths, drawn from the store."""

    articles: list[int]
    attributions: list[int]
    sources: list[int]  # entity ids, once per claim (so popular ones come up more)
    words: list[str]


def _sample(url: str, rng: random.Random, size: int = 500) -> Sample:
    from sqlalchemy import func, select

    from claimtrace.store.db import open_store
    from claimtrace.store.schema import articles, attributions, entities

    store = open_store(url)
    try:
        with store.engine.connect() as c:
            article_ids = list(c.execute(select(articles.c.id)).scalars())
            attribution_ids = list(c.execute(select(attributions.c.id)).scalars())
            counts = c.execute(
                select(attributions.c.source_entity, func.count())
                .where(attributions.c.source_entity.is_not(None))
                .group_by(attributions.c.source_entity)
            ).all()
            top = c.execute(
                select(entities.c.name)
                .join(attributions, attributions.c.source_entity == entities.c.id)
                .group_by(entities.c.id, entities.c.name)
                .order_by(func.count().desc())
                .limit(40)
            ).scalars()
            names = [str(n) for n in top]
    finally:
        store.close()
    if not article_ids or not attribution_ids or not counts:
        sys.exit("claimtrace.bench_web: error: the store has no articles, attributions or sources")
    sources = rng.choices([e for e, _ in counts], weights=[n for _, n in counts], k=size)
    words = [w for n in names if (w := n.split()[-1].strip(".,'’")).isalpha()]
    return Sample(
        articles=rng.choices(article_ids, k=size),
        attributions=rng.choices(attribution_ids, k=size),
        sources=sources,
        words=words + list(GENERIC_WORDS),
    )


def routes(sample: Sample, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Each route's name and a function giving one path for it."""

    def pick(values: list[Any]) -> Callable[[], Any]:
        return lambda: rng.choice(values)

    article, attribution, source, word = (
        pick(sample.articles), pick(sample.attributions), pick(sample.sources), pick(sample.words)
    )  # fmt: skip
    return {
        "/": lambda: "/",
        "/articles": lambda: "/articles",
        "/articles/{id}": lambda: f"/articles/{article()}",
        "/entities": lambda: "/entities",
        "/entities/{id}": lambda: f"/entities/{source()}",
        "/attributions/{id}": lambda: f"/attributions/{attribution()}",
        "/search?q=": lambda: f"/search?q={word()}",
        "/graph": lambda: "/graph",
        "/api/v1/articles": lambda: "/api/v1/articles",
        "/api/v1/articles/{id}": lambda: f"/api/v1/articles/{article()}",
        "/api/v1/attributions/{id}": lambda: f"/api/v1/attributions/{attribution()}",
        "/api/v1/entities": lambda: "/api/v1/entities",
        "/api/v1/entities/{id}": lambda: f"/api/v1/entities/{source()}",
        "/api/v1/search?q=": lambda: f"/api/v1/search?q={word()}",
        "/api/v1/graph": lambda: "/api/v1/graph",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    url: str, server_workers: int = 1, timeout: float = 120.0
) -> Iterator[tuple[str, int | None]]:
    """``claimtrace serve`` over ``url`` in a subprocess; yields its base URL and pid."""
    import httpx

    port = _free_port()
    command = [sys.executable, "-m", "claimtrace.cli", "serve", "--db", url,
               "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(server_workers)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "CLAIMTRACE_TOKEN"}  # read-only
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    sys.exit(f"claimtrace.bench_web: error: the server stopped:\n{_tail(log)}")
                try:
                    if httpx.get(base + "/api/v1/articles?limit=1", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    sys.exit(f"claimtrace.bench_web: error: no server after {timeout:.0f} s")
                time.sleep(0.1)
            yield base, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _tail(log: IO[bytes], size: int = 4000) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-size:]


def _get(client: Any, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(path)
    response.read()
    return (time.perf_counter() - started) * 1000, response.status_code


def load(
    base: str, paths: dict[str, Callable[[], str]], clients: int, requests: int, seed: int
) -> tuple[dict[str, float], dict[str, list[tuple[float, int]]], float]:
    """First (cold) latency per route, then ``requests`` per route from ``clients`` threads."""
    import httpx

    cold: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, path in paths.items():
            cold[name], _ = _get(client, path())
    jobs = [(name, path()) for name, path in paths.items() for _ in range(requests)]
    random.Random(seed).shuffle(jobs)
    todo: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    seen: dict[str, list[tuple[float, int]]] = {name: [] for name in paths}
    lock = threading.Lock()

    def work() -> None:
        mine: list[tuple[str, float, int]] = []
        with httpx.Client(base_url=base, timeout=120) as client:
            while True:
                try:
                    name, path = todo.get_nowait()
                except queue.Empty:
                    break
                ms, status = _get(client, path)
                mine.append((name, ms, status))
        with lock:
            for name, ms, status in mine:
                seen[name].append((ms, status))

    threads = [threading.Thread(target=work) for _ in range(clients)]
    started, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    # The clients share the machine with the server: say how much of it they took.
    print(f"the clients used {time.process_time() - cpu:.1f}s of CPU in {seconds:.1f}s "
          f"({os.cpu_count()} CPUs)", file=sys.stderr)  # fmt: skip
    return cold, seen, seconds


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarise(
    cold: dict[str, float], seen: dict[str, list[tuple[float, int]]]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, results in seen.items():
        ms = [m for m, _ in results]
        rows.append(
            {
                "route": name,
                "requests": len(ms),
                "errors": sum(1 for _, status in results if status != 200),
                "first_ms": round(cold[name], 1),
                "p50_ms": round(_percentile(ms, 0.50), 1),
                "p95_ms": round(_percentile(ms, 0.95), 1),
                "max_ms": round(max(ms), 1),
                "over_100ms": round(sum(1 for m in ms if m > SLOW_MS) / len(ms), 3),
            }
        )
    return rows


def _build(folders: list[str], url: str, workers: int) -> None:
    from claimtrace.corpus import ingest

    started = time.perf_counter()
    report = ingest(folders, url, workers=workers)
    print(
        f"built {url}: {report.summary()} in {time.perf_counter() - started:.1f}s",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> list[dict[str, object]]:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m claimtrace.bench_web", description=__doc__)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="the store to serve (a SQLite or PostgreSQL URL)")
    where.add_argument(
        "--build", nargs="+", metavar="DIR", help="ingest these into a fresh SQLite store first"
    )
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="analysis workers for --build")  # fmt: skip
    parser.add_argument("--server-workers", type=int, default=1,
                        help="server processes (claimtrace serve --workers)")  # fmt: skip
    parser.add_argument("--clients", type=int, default=10, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=100, help="requests per route")
    parser.add_argument(
        "--routes", nargs="+", metavar="ROUTE", help="only these routes (as printed), e.g. /graph"
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="measure this running server (over the same store) "
        "instead of starting one, e.g. to run it under a profiler",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        url = args.db
        if args.build:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            _build(args.build, url, args.workers)
        rng = random.Random(args.seed)
        paths = routes(_sample(url, rng), rng)
        if args.routes:
            unknown = set(args.routes) - set(paths)
            if unknown:
                parser.error(f"no such route: {', '.join(sorted(unknown))}; "
                             f"the routes are {', '.join(paths)}")  # fmt: skip
            paths = {name: path for name, path in paths.items() if name in args.routes}
        server = (
            nullcontext((args.server.rstrip("/"), None))
            if args.server
            else serving(url, args.server_workers)
        )
        with server as (base, pid):
            if pid is not None:
                print(f"serving {url} at {base} (pid {pid})", file=sys.stderr)
            cold, seen, seconds = load(base, paths, args.clients, args.requests, args.seed)
    rows = summarise(cold, seen)
    total = sum(int(str(r["requests"])) for r in rows)
    if args.json:
        print(json.dumps({"clients": args.clients, "requests_per_s": round(total / seconds, 1),
                          "routes": rows}, indent=2))  # fmt: skip
    else:
        print(f"{args.clients} clients, {total} requests in {seconds:.1f}s "
              f"({total / seconds:.1f}/s); latency in ms")  # fmt: skip
        print(f"{'route':28} {'first':>8} {'p50':>8} {'p95':>8} {'max':>8} {'>100ms':>7} errors")
        for r in rows:
            print(
                f"{r['route']!s:28} {r['first_ms']:8} {r['p50_ms']:8} {r['p95_ms']:8} "
                f"{r['max_ms']:8} {100 * float(str(r['over_100ms'])):6.1f}% {r['errors']}"
            )
    return rows


if __name__ == "__main__":
    main()
