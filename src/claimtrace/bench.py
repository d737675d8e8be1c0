"""Throughput benchmark: ``python -m claimtrace.bench DIR [--workers N] [--json]``.

Analyses every .txt file under DIR (PolNeAR's ``train/text`` for the
figures in the README) and prints articles/s and words/s for the whole
process (interpreter start, imports and model loading included) and for
the analysis alone, the peak resident memory, and, on the same texts, the
time of spaCy's bare ``spacy.blank("en")`` plus sentencizer, with the
ratio of the two. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import argparse  # noqa: E402 - timed from the first line
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def _process_age() -> float:
    """Seconds since this process started (Linux), or since this module loaded."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat", encoding="ascii") as stat:
            started = int(stat.read().rsplit(")", 1)[1].split()[19]) / ticks
        with open("/proc/uptime", encoding="ascii") as uptime:
            return float(uptime.read().split()[0]) - started
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _STARTED


def _texts(directory: Path) -> list[str]:
    files = sorted(directory.rglob("*.txt"))
    if not files:
        sys.exit(f"claimtrace.bench: error: no .txt files under {directory}")
    return [f.read_text(encoding="utf-8") for f in files]


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m claimtrace.bench", description=__doc__)
    parser.add_argument(
        "directory", type=Path, help="folder of .txt articles (searched recursively)"
    )
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rules-only", action="store_true", help="without the learned taggers")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from functools import partial

    from claimtrace._allocator import keep_freed_memory
    from claimtrace.batch import analyze_stream
    from claimtrace.engine import Engine
    from claimtrace.model import Document

    keep_freed_memory()  # as the command line does
    texts = _texts(args.directory)
    words = sum(len(t.split()) for t in texts)
    factory = partial(Engine, use_models=not args.rules_only)
    loading = time.perf_counter()
    engine = factory() if args.workers == 1 else None
    loaded = time.perf_counter()
    documents = (Document(t) for t in texts)
    # The path ``claimtrace analyze`` takes; with one worker, the engine built above.
    results = list(
        analyze_stream(
            documents,
            workers=args.workers,
            factory=factory if engine is None else (lambda: engine),
        )
    )
    analysed = time.perf_counter()
    total = _process_age()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    attributions = sum(len(getattr(r, "attributions", ())) for r in results)

    import spacy

    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    bare_started = time.perf_counter()
    for _ in bare.pipe(texts):
        pass
    bare_seconds = time.perf_counter() - bare_started

    analysis = analysed - loaded
    figures = {
        "articles": len(texts),
        "words": words,
        "workers": args.workers,
        "attributions": attributions,
        "model_loading_s": round(loaded - loading, 3),
        "analysis_s": round(analysis, 3),
        "process_s": round(total, 3),
        "articles_per_s_process": round(len(texts) / total, 1),
        "articles_per_s_analysis": round(len(texts) / analysis, 1),
        "words_per_s_analysis": round(words / analysis),
        "peak_rss_mb": round(peak_mb, 1),
        "spacy_blank_sentencizer_s": round(bare_seconds, 3),
        "ratio_to_spacy_blank": round(analysis / bare_seconds, 2),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, value in figures.items():
            print(f"{name:28} {value}")
    return figures


if __name__ == "__main__":
    main()
