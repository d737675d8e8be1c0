"""The engine: text in, ``Article`` out (segment → extract → resolve → records).

``Engine`` holds what analysis needs (the spaCy pipeline, our tagger, the
lexicons, the learned taggers) and is built once; ``analyze_many`` works in
batches so that the numpy stages (tagging, the span tagger) run over
many articles at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from spacy.language import Language

from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.extract import Frame, find_cues, find_frames
from claimtrace.extract.combine import annotated_frame, combine
from claimtrace.extract.dateline import Header, read_header
from claimtrace.extract.features import lexicon_table, tagger_inputs, token_codes
from claimtrace.extract.headlines import headline_frame
from claimtrace.extract.learned import Models, default_models
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.lexicons import load as load_lexicon
from claimtrace.extract.linking import link
from claimtrace.extract.quotes import continue_quotes
from claimtrace.extract.roles import interrupted_frames, settle_roles
from claimtrace.extract.spans import pieces
from claimtrace.model import Article, Document, sha256
from claimtrace.nlp.analysis import Analysis, Batch, analyse_batch
from claimtrace.nlp.clusters import Clusters, default_clusters
from claimtrace.nlp.features import I64
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.nlp.tagger import Tagger, WordColumns, default_tagger
from claimtrace.records import build_records, usable_tokens
from claimtrace.resolve.coref import NameReadings

BATCH = 32


@dataclass
class RulePass:
    """What the rules make of one analysed text.

    ``frames`` are what the span tagger reads among its inputs (and was trained
    with); ``late`` (subjects set off by commas, ``roles.interrupted_frames``)
    and ``headline`` ("Graham: …", ``extract.headlines``) join them after the
    tagger, as frames that stay where the tagger marked nothing.
    """

    header: Header
    usable: list[bool]
    frames: list[Frame]
    headline: Frame | None = None
    late: list[Frame] = field(default_factory=list)

    def all_frames(self) -> list[Frame]:
        """The frames, then the late ones and the headline's (after them, so that
        frames' ``parent`` indices hold)."""
        return [*self.frames, *self.late, *([self.headline] if self.headline else [])]


def rule_pass(a: Analysis, lexicon: Lexicon) -> RulePass:
    """Run the rule extractors over one analysed text."""
    header = read_header(a.text)
    usable = usable_tokens(a, header)
    cues = find_cues(a, lexicon, usable)
    frames = find_frames(a, cues, usable)
    late = interrupted_frames(a, cues, usable, frames)
    return RulePass(header, usable, frames, headline_frame(a, header, lexicon), late)


class Engine:
    """Analyses documents into articles. Build once, reuse: loading takes a moment.

    ``models=None`` loads the shipped span tagger; ``use_models=False`` runs
    the rules alone.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        tagger: Tagger | None = None,
        lexicon: Lexicon | None = None,
        models: Models | None = None,
        clusters: Clusters | None = None,
        *,
        use_models: bool = True,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.tagger = tagger if tagger is not None else default_tagger()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.table = lexicon_table(self.lexicon)
        self.clusters = clusters if clusters is not None else default_clusters()
        self.models = (models or default_models()) if use_models else None
        self.readings = NameReadings()
        self.word_columns = WordColumns(self.nlp.vocab)

    def analyze(self, document: Document) -> Article:
        """Analyse one document."""
        return next(self.analyze_many([document]))

    def analyze_many(self, documents: Iterable[Document], batch: int = BATCH) -> Iterator[Article]:
        """Analyse documents in batches, yielding articles in input order."""
        stream = iter(documents)
        while chunk := list(islice(stream, batch)):
            analysed = analyse_batch(
                [d.text for d in chunk], self.nlp, self.tagger, self.word_columns
            )
            passes = [rule_pass(a, self.lexicon) for a in analysed.analyses]
            frames = self.frames(analysed, passes)
            for k, document in enumerate(chunk):
                yield self._article(document, analysed.analyses[k], passes[k], frames[k])

    def analyze_annotated(self, document: Document, annotated: Sequence[SpanTriple]) -> Article:
        """An article whose attributions are given (brat or PolNeAR annotations).

        The annotator's source, cue and content spans are kept as they are
        (method "gold"); the engine adds what annotations lack: entities and
        their coreference, descriptions, source types, addressees, the
        header's outlet and date.
        """
        analysed = analyse_batch([document.text], self.nlp, self.tagger, self.word_columns)
        a = analysed.analyses[0]
        rules = rule_pass(a, self.lexicon)
        frames = [f for f in (annotated_frame(a, t) for t in annotated) if f is not None]
        return self._article(document, a, rules, frames)

    def inputs(self, analysed: Batch, passes: Sequence[RulePass]) -> I64:
        """The span tagger's input ids for every token of a batch (``features``)."""
        codes = token_codes(analysed, self.table, self.clusters, [p.frames for p in passes])
        return tagger_inputs(codes)

    def frames(self, analysed: Batch, passes: list[RulePass]) -> list[list[Frame]]:
        """The final frames of each text: the span tagger's attributions in the rules'
        frames where both found the cue (``combine``), or the rules' alone."""
        if self.models is None:
            out = [p.all_frames() for p in passes]
        else:
            lengths = [e - s for a in analysed.analyses for s, e in pieces(a)]
            labels = self.models.spans.predict(self.inputs(analysed, passes), lengths)
            out = []
            for k, (a, p) in enumerate(zip(analysed.analyses, passes, strict=True)):
                mine = labels[int(analysed.offsets[k]) : int(analysed.offsets[k + 1])]
                out.append(combine(a, link(a, mine), p.all_frames(), self.models.spans.cue_words))
        for a, frames in zip(analysed.analyses, out, strict=True):
            continue_quotes(a, frames)
            settle_roles(a, frames)
        return out

    def _article(
        self, document: Document, a: Analysis, rules: RulePass, frames: list[Frame]
    ) -> Article:
        header = rules.header
        outlet = document.outlet or header.outlet
        attributions, entities = build_records(
            a, frames, self.lexicon, rules.usable, outlet, self.readings
        )
        digest = sha256(document.text)
        return Article(
            id=document.id or digest[:16],
            text=document.text,
            path=document.path,
            title=document.title or header.title,
            outlet=outlet,
            date=document.date or header.date,
            url=document.url,
            attributions=tuple(attributions),
            entities=tuple(entities),
            text_sha256=digest,
        )
