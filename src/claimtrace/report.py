"""The readable report of ``claimtrace analyze --format text``.

One block per article: a heading line, then each attribution as resolved
speaker (type; description), cue, addressee and content, with chains shown
as chains: ``Le Monde (reported) ← a Ukrainian officer (citing)``.
"""

from __future__ import annotations

import textwrap

from claimtrace.model import Article, Attribution, Mention

WIDTH = 100
_CONTENT_MAX = 300


def _speaker(article: Article, mention: Mention | None) -> str:
    if mention is None:
        return "(no source)"
    name = mention.text
    if mention.entity is not None:
        entity = article.entity(mention.entity)
        if entity.name != mention.text:
            name = f"{mention.text} = {entity.name}"
        descriptions = [d.text for d in entity.descriptions]
    else:
        descriptions = [mention.description.text] if mention.description else []
    detail = "; ".join([mention.type.value, *descriptions[:2]])
    return f"{name} [{detail}]"


def _short(text: str, limit: int = _CONTENT_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _chain(article: Article, attribution: Attribution) -> str | None:
    chain = article.chain(attribution)
    if len(chain) < 2:
        return None
    links = [f"{a.source.text if a.source else '?'} ({a.cue.text})" for a in reversed(chain)]
    origin = article.outlet or "this article"
    return " ← ".join([origin, *links])


def format_article(article: Article) -> str:
    """The report block of one article."""
    head = [article.path or article.id]
    head += [x for x in (article.outlet, article.date) if x]
    lines = ["  ·  ".join(head)]
    if article.title:
        lines.append(f"  {_short(article.title, WIDTH)}")
    if not article.attributions:
        lines.append("  (no attributions found)")
    for attribution in article.attributions:
        cue = attribution.cue.text
        if attribution.addressee is not None:
            cue += f" → {attribution.addressee.text}"
        lines.append(
            f"  [{attribution.id}] {_speaker(article, attribution.source)} — {cue}"
            f" ({attribution.kind.value})"
        )
        lines.extend(
            textwrap.wrap(
                _short(attribution.content.text),
                WIDTH,
                initial_indent="        ",
                subsequent_indent="        ",
            )
        )
        chain = _chain(article, attribution)
        if chain:
            lines.append(f"        chain: {chain}")
    return "\n".join(lines) + "\n"
