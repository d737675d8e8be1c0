"""Runs the rows of ``cases.py`` through ``claimtrace.analyze``, and checks the rows themselves.

``test_case`` needs the engine. ``test_case_is_consistent_with_its_text`` and
``test_case_names_follow_their_group`` check only the table (every expected string
really is in its row's text, every ``via`` names another row's cue, ...) and run
without it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pytest

from tests.extract.cases import ANY, CASES, GROUPS, KINDS, SOURCE_TYPES, Case, Expect
from tests.helpers import assert_offsets_valid

if TYPE_CHECKING:
    from claimtrace.model import Article, Attribution

# How cases.py joins the pieces of a discontinuous content; claimtrace.model.GAP.
GAP = " … "


def normalise(text: str) -> str:
    """``text`` with inner whitespace collapsed, and punctuation whitespace trimmed at the ends."""
    collapsed = " ".join(text.split())
    start, end = 0, len(collapsed)
    while start < end and _is_edge_junk(collapsed[start]):
        start += 1
    while end > start and _is_edge_junk(collapsed[end - 1]):
        end -= 1
    return collapsed[start:end]


def cue_key(text: str) -> str:
    """A cue as rows compare it: normalised, or, when that leaves nothing (a
    headline's ":"), with only its whitespace stripped."""
    return normalise(text) or text.strip()


def _is_edge_junk(char: str) -> bool:
    # Quote marks of every style are Unicode punctuation (Pi, Pf, Ps, Po).
    return char.isspace() or unicodedata.category(char).startswith("P")


def expected_pieces(content: str) -> list[str]:
    """The normalised pieces of an expected content."""
    return [normalise(piece) for piece in content.split(GAP)]


def actual_pieces(article: Article, attribution: Attribution) -> list[str]:
    """The normalised pieces of an attribution's content, read through its offsets."""
    return [normalise(article.text[start:end]) for start, end in attribution.content.spans]


# --- the engine ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case(case: Case) -> None:
    """The engine finds every expected attribution (and nothing else when ``only``)."""
    # Imported here so that the table's self-checks below run while the engine is missing.
    from claimtrace import analyze
    from claimtrace.model import GAP as MODEL_GAP

    assert GAP == MODEL_GAP, "cases.py and claimtrace.model disagree on the gap marker"
    article = analyze(case.text, outlet=case.outlet)
    assert_offsets_valid(article)

    problems: list[str] = []
    matched: set[str] = set()
    for expect in case.expect:
        attribution = find_match(article, expect, exclude=matched)
        if attribution is None:
            problems.append(f"no attribution matches {describe(expect)}")
            continue
        matched.add(attribution.id)
        problems.extend(
            f"{describe(expect)}: {p}" for p in mismatches(article, attribution, expect)
        )
    if case.only:
        extra = [a for a in article.attributions if a.id not in matched and a.method != "conduit"]
        if extra:
            problems.append("unexpected attributions:\n" + listing(extra))
    if problems:
        pytest.fail(
            f"case {case.name!r}:\n"
            + "\n".join(f"- {problem}" for problem in problems)
            + "\nattributions found (source / cue / content):\n"
            + listing(article.attributions),
            pytrace=False,
        )


def find_match(article: Article, expect: Expect, exclude: set[str]) -> Attribution | None:
    """The first attribution not in ``exclude`` whose cue, source and content fit ``expect``."""
    for attribution in article.attributions:
        if attribution.id in exclude or cue_key(attribution.cue.text) != cue_key(expect.cue):
            continue
        if expect.source is not ANY and source_text(attribution) != expect.source:
            continue
        if expect.content is not ANY and (
            expect.content is None
            or actual_pieces(article, attribution) != expected_pieces(expect.content)
        ):
            continue
        return attribution
    return None


def mismatches(article: Article, attribution: Attribution, expect: Expect) -> Iterator[str]:
    """How ``attribution`` differs from the fields ``expect`` gives, beyond cue/source/content."""
    source = attribution.source
    if expect.kind is not ANY and attribution.kind.value != expect.kind:
        yield f"kind is {attribution.kind.value!r}, expected {expect.kind!r}"
    if expect.source_type is not ANY:
        found = source.type.value if source is not None else None
        if found != expect.source_type:
            yield f"source type is {found!r}, expected {expect.source_type!r}"
    if expect.entity is not ANY:
        found = None
        if source is not None and source.entity is not None:
            found = article.entity(source.entity).name
        if found != expect.entity:
            yield f"source resolves to {found!r}, expected {expect.entity!r}"
    if expect.description is not ANY:
        descriptions = source_descriptions(article, attribution)
        if expect.description is None:
            if source is not None and source.description is not None:
                yield f"source has description {source.description.text!r}, expected none"
        elif not any(expect.description in d for d in descriptions):
            yield f"no description contains {expect.description!r}; found {descriptions!r}"
    if expect.addressee is not ANY:
        found = attribution.addressee.text if attribution.addressee is not None else None
        if found != expect.addressee:
            yield f"addressee is {found!r}, expected {expect.addressee!r}"
    if expect.via is not ANY:
        found = None
        if attribution.via is not None:
            found = cue_key(article.attribution(attribution.via).cue.text)
        if found != (None if expect.via is None else cue_key(expect.via)):
            yield f"via is {found!r}, expected {expect.via!r}"


def source_text(attribution: Attribution) -> str | None:
    return attribution.source.text if attribution.source is not None else None


def source_descriptions(article: Article, attribution: Attribution) -> list[str]:
    """The source's description where it is named, and every description of its entity."""
    source = attribution.source
    if source is None:
        return []
    descriptions = [source.description.text] if source.description is not None else []
    if source.entity is not None:
        descriptions.extend(d.text for d in article.entity(source.entity).descriptions)
    return descriptions


def describe(expect: Expect) -> str:
    """``expect`` with only the fields it checks."""
    given = ", ".join(
        f"{name}={value!r}" for name, value in vars(expect).items() if value is not ANY
    )
    return f"Expect({given})"


def listing(attributions: Iterable[Attribution]) -> str:
    lines = [
        f"  {source_text(a)!r} / {a.cue.text!r} / {a.content.text!r}"
        f"  [{a.kind.value}, id={a.id}, via={a.via}, method={a.method!r}]"
        for a in attributions
    ]
    return "\n".join(lines) or "  (none)"


# --- the table itself (no engine needed) -----------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case_is_consistent_with_its_text(case: Case) -> None:
    """Every string a row expects is in its text, and its fields hold known values."""
    problems = list(inconsistencies(case))
    assert not problems, f"case {case.name!r}:\n" + "\n".join(problems)


def test_case_names_follow_their_group() -> None:
    """Names are unique and start with their group's prefix, so a failure names the pattern."""
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    misplaced = [
        case.name
        for group, cases in GROUPS.items()
        for case in cases
        if not case.name.startswith(f"{group}-")
    ]
    assert not misplaced, f"names without their group's prefix: {misplaced}"


def inconsistencies(case: Case) -> Iterator[str]:
    """Ways in which ``case`` cannot be right whatever the engine does."""
    flat = " ".join(case.text.split())
    if GAP in case.text:
        yield "the text holds the gap marker, so contents could not be split on it"
    if not case.expect and not case.only:
        yield "a row with no expectations must be only=True, or it checks nothing"
    cues = {cue_key(expect.cue) for expect in case.expect}
    for index, expect in enumerate(case.expect):
        where = f"expect[{index}] ({expect.cue!r})"
        if not cue_key(expect.cue):
            yield f"{where}: the cue is empty"
        for field in ("cue", "source", "addressee", "description", "entity"):
            value = getattr(expect, field)
            if isinstance(value, str) and value not in case.text:
                yield f"{where}: {field} {value!r} does not occur in the text"
        if expect.content is None:
            yield f"{where}: content cannot be None (every attribution has content)"
        elif expect.content is not ANY:
            for piece in expected_pieces(expect.content):
                if not piece or piece not in flat:
                    yield f"{where}: content piece {piece!r} does not occur in the text"
        if expect.kind is not ANY and expect.kind not in KINDS:
            yield f"{where}: kind {expect.kind!r} is not one of {sorted(KINDS)}"
        if expect.source_type is not ANY and expect.source_type not in SOURCE_TYPES:
            known = sorted(SOURCE_TYPES)
            yield f"{where}: source_type {expect.source_type!r} is not one of {known}"
        if isinstance(expect.via, str) and (
            cue_key(expect.via) not in cues or cue_key(expect.via) == cue_key(expect.cue)
        ):
            yield f"{where}: via {expect.via!r} is not the cue of another expectation"
        for other in case.expect[index + 1 :]:
            if cue_key(other.cue) == cue_key(expect.cue) and not distinguishable(expect, other):
                yield f"{where}: shares its cue with another expectation but not told apart"


def distinguishable(first: Expect, second: Expect) -> bool:
    """Whether two expectations with the same cue differ in a given source or content."""
    return any(
        a is not ANY and b is not ANY and a != b
        for a, b in ((first.source, second.source), (first.content, second.content))
    )
