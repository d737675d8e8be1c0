"""Invented news texts for the store tests, and helpers to lay them out as input files.

Every text here is made up for these tests. Each corpus is a dict of
``key -> Text``; ``analysed`` turns one into Articles with the session
engine, ``write_txt`` into ``KEY.txt`` files.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from claimtrace.engine import Engine
from claimtrace.model import Article, Document


@dataclass(frozen=True)
class Text:
    text: str
    outlet: str | None = None
    date: str | None = None
    title: str | None = None


# People of one surname, an outlet written two ways, a ministry written two ways.
ENTITIES: dict[str, Text] = {
    "alexander": Text(
        "Alexander Petrov, a military expert, said the army was short of shells. "
        "He added that the reserves had been spent in the autumn.",
        "Baltic Wire",
        "2024-03-01",
    ),
    "surname": Text(
        "Petrov, a retired military analyst, said the front would hold through the spring.",
        "Baltic Wire",
        "2024-03-05",
    ),
    "initial": Text(
        "A. Petrov, a military expert at the Riga Institute, said the new drones had "
        "changed the war.",
        "Nordic Times",
        "2024-03-09",
    ),
    "ivan": Text(
        "Ivan Petrov, a cardiologist in Omsk, said the hospital needed forty more beds.",
        "Omsk Courier",
        "2024-03-02",
    ),
    "cardiologist": Text(
        "Petrov, a cardiologist, warned that the waiting lists were growing.",
        "Omsk Courier",
        "2024-03-04",
    ),
    "chess": Text(
        "Petrov, a chess coach in Lisbon, said the tournament would go ahead.",
        "Lisbon Post",
        "2024-03-03",
    ),
    "ft-long": Text(
        "The Financial Times (FT) reported that the pipeline talks had stalled.",
        "Baltic Wire",
        "2024-03-06",
    ),
    "ft-short": Text(
        "The FT reported on Monday that the bank would cut jobs.", "Nordic Times", "2024-03-07"
    ),
    "ministry-adjective": Text(
        "The Russian Defense Ministry said its forces had repelled an attack near the border.",
        "Baltic Wire",
        "2024-03-08",
    ),
    "ministry-possessive": Text(
        "Russia's Defense Ministry said the drills were over.", "Nordic Times", "2024-03-10"
    ),
}

# Chains of citation: outlet -> Le Monde -> Colonel Durand, and Kommersant -> Izvestia -> Le Monde.
CHAINS: dict[str, Text] = {
    "izv-1": Text(
        "Le Monde reported, citing Colonel Pierre Durand, that the brigades were exhausted.",
        "Izvestia",
        "2024-04-02",
    ),
    "izv-2": Text(
        "Le Monde reported, citing Colonel Pierre Durand, that the reserves were thin. "
        "The ministry did not comment.",
        "Izvestia",
        "2024-04-05",
    ),
    "kom-1": Text(
        "Izvestia reported, citing Le Monde, that Colonel Pierre Durand had said the "
        "brigades were exhausted.",
        "Kommersant",
        "2024-04-07",
    ),
}

# Search: outlets, dates and source types to filter on.
SEARCH: dict[str, Text] = {
    "brandt": Text(
        "Mayor Ivo Brandt said the tram line would open in June.",
        "Harbour Times",
        "2024-01-10",
        "Tram line to open in June",
    ),
    "ministry": Text(
        "The transport ministry said the tram line was over budget.",
        "Valley Post",
        "2024-02-15",
        "Tram costs climb",
    ),
    "anonymous": Text(
        "A source close to the council said the tram line would be delayed.",
        "Harbour Times",
        "2024-03-20",
        "Council sources expect delay",
    ),
    "ferry": Text(
        "Captain Lena Vogt said the night ferry would stop running in winter.",
        "Valley Post",
        "2024-03-22",
        "Ferry cuts",
    ),
}


def documents(corpus: Mapping[str, Text]) -> list[Document]:
    return [
        Document(t.text, id=key, outlet=t.outlet, date=t.date, title=t.title)
        for key, t in corpus.items()
    ]


def analysed(engine: Engine, corpus: Mapping[str, Text]) -> dict[str, Article]:
    """The corpus analysed, by key."""
    return {a.id: a for a in engine.analyze_many(documents(corpus))}


def write_txt(folder: Path, texts: Mapping[str, str]) -> list[Path]:
    """``KEY.txt`` for each text; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for key, text in texts.items():
        path = folder / f"{key}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(path: Path, corpus: Mapping[str, Text], extra: Iterable[str] = ()) -> Path:
    """The corpus as JSON Lines records (with outlet, date and title), then ``extra`` lines."""
    lines = [
        json.dumps(
            {"id": key, "text": t.text, "outlet": t.outlet, "date": t.date, "title": t.title}
        )
        for key, t in corpus.items()
    ]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


_FIRST = ["Anna", "Boris", "Clara", "David", "Elena", "Farid", "Greta", "Hugo", "Irina", "Jonas"]
_LAST = ["Novak", "Okafor", "Lindqvist", "Moreau", "Haddad", "Sato", "Keller", "Rossi"]
_ROLES = [
    "an economist at the Baltic Institute",
    "a spokeswoman for the port authority",
    "a union leader",
    "a professor of hydrology",
    "the mayor of Tarnow",
    "a senior analyst at Norden Bank",
]
_TOPICS = [
    ("the harbour", "closed for repairs"),
    ("grain exports", "slowing down"),
    ("the new bridge", "delayed by a year"),
    ("fuel prices", "rising again"),
    ("the river", "above its spring level"),
    ("the rail strike", "spreading to the north"),
]


def generated(n: int) -> dict[str, str]:
    """``n`` distinct invented articles of a few paragraphs, each with several attributions."""
    out = {}
    for i in range(n):
        first, last = _FIRST[i % len(_FIRST)], _LAST[(i * 3) % len(_LAST)]
        role = _ROLES[i % len(_ROLES)]
        topic, state = _TOPICS[(i * 5) % len(_TOPICS)]
        other = _FIRST[(i + 4) % len(_FIRST)] + " " + _LAST[(i + 5) % len(_LAST)]
        paragraphs = [
            f"Report {i}: {topic} {state}",
            f"{first} {last}, {role}, said on Tuesday that {topic} was {state}. "
            f'"We have not seen anything like this in {10 + i} years," {last} told reporters.',
            f"{other}, who chairs the regional council, said the figures would be published "
            f"on {i % 28 + 1} May. According to the council, {i + 3} towns are affected.",
            f"Local traders said sales had fallen by {i + 5} percent since the start of the "
            f"month, and {last} warned that the next weeks would be harder still.",
            f"The ministry of transport declined to comment on the report, but an official "
            f"who asked not to be named said that a plan was being drafted for {topic}.",
        ]
        out[f"gen{i:03d}"] = "\n\n".join(paragraphs)
    return out
