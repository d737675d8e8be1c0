"""Table-driven extraction cases: one short text per pattern and what must come out of it.

Data only; ``test_cases.py`` runs the rows through ``claimtrace.analyze``. A row's
name says which pattern it exercises, so a failing row names the pattern. Rows are
grouped by a prefix: ``quote-``, ``mixed-``, ``verb-``, ``according-``, ``chain-``,
``apposition-``, ``coref-``, ``anonymous-``, ``addressee-``, ``headline-``,
``negative-``.

Every text is made up for this project (people, places, events, figures); real
outlet names appear only as names.

How the engine reports things, and so how rows are written:

- ``source`` is ``Mention.text`` exactly, as the article spells it: the name only
  (titles, ranks and appositions go to the description; Mr./Mrs./Ms. are dropped),
  pronouns and nominals as written, so a sentence-initial one is capitalised
  ("He", "The magazine"); anonymous sources are the whole noun phrase.
- ``cue`` is the reporting verb group (auxiliaries, negation and adverbs inside),
  written as it appears in the text ("According to" at the start of a sentence).
- ``content`` of indirect speech starts at its complementizer ("that ...", "how ...");
  the pieces of a discontinuous content are joined by `` … ``.
- ``entity`` is ``Entity.name``: the fullest form the article uses, without a
  leading lower-case "the" ("World Health Organization").
- ``addressee`` follows the source's name-only rule: "in an interview with the
  British newspaper The Times" → "The Times"; an unnamed one keeps its
  determiner ("the British newspaper").
- ``kind``: "according to" and "in the words of" are according_to even when the
  content holds a quoted fragment; "X's view is that ..." is indirect.
- ``description`` is looked for in the mention's own description and in every
  description of its entity; None means the mention has no description.
"""

# The texts deliberately hold typographic quotation marks and apostrophes.

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final


class _Any:
    """The type of ``ANY``: a field that is not checked."""

    def __repr__(self) -> str:
        return "ANY"


ANY: Final[Any] = _Any()

KINDS: Final = frozenset({"direct", "indirect", "mixed", "according_to"})
SOURCE_TYPES: Final = frozenset(
    {"person", "organization", "media", "government", "anonymous", "document", "unknown"}
)


@dataclass(frozen=True)
class Expect:
    """One attribution the engine must find, and the fields of it that are checked."""

    cue: str  # the cue's text, compared after stripping punctuation+whitespace at both ends
    # (a cue of punctuation only, a headline's ":", is compared as it is)
    source: str | None = ANY  # Mention.text exactly (None = the attribution has no source)
    content: str | None = ANY  # normalised; discontinuous pieces joined by " … "
    kind: str | None = ANY  # "direct" | "indirect" | "mixed" | "according_to"
    source_type: str | None = ANY  # a SourceType value
    entity: str | None = ANY  # Entity.name the source resolves to; None = unresolved
    description: str | None = ANY  # substring of one of the entity's descriptions
    addressee: str | None = ANY  # Mention.text of the addressee; None = must have none
    via: str | None = ANY  # the cue of the attribution this one comes through; None = none


@dataclass(frozen=True)
class Case:
    """A short text, what must be found in it, and whether that must be all."""

    name: str
    text: str
    expect: tuple[Expect, ...]
    only: bool = False  # nothing but the expected attributions (method "conduit" excepted)
    outlet: str | None = None  # passed to analyze()


QUOTES: Final = (
    Case(
        "quote-straight-after-cue-colon",
        'Alexander Petrov said: "The reserves are exhausted."',
        (
            Expect(
                cue="said",
                source="Alexander Petrov",
                content="The reserves are exhausted",
                kind="direct",
                source_type="person",
                entity="Alexander Petrov",
                addressee=None,
                via=None,
            ),
        ),
        only=True,
    ),
    Case(
        "quote-straight-before-inverted-cue",
        'Defence analyst Alexander Petrov spent the winter at the front. "We will not hold '
        'the river without new shells," said Petrov.',
        (
            Expect(
                cue="said",
                source="Petrov",
                content="We will not hold the river without new shells",
                kind="direct",
                entity="Alexander Petrov",
                description="Defence analyst",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-straight-before-cue-pronoun",
        'Oleg Ivanov inspected the depot on Friday. "The shells arrived two weeks late," '
        "he explained.",
        (
            Expect(
                cue="explained",
                source="he",
                content="The shells arrived two weeks late",
                kind="direct",
                entity="Oleg Ivanov",
                addressee=None,
            ),
        ),
        only=True,
    ),
    Case(
        "quote-curly-double-after-cue",
        "Mayor Ana Varga told reporters: “The water supply will be restored by Sunday.”",
        (
            Expect(
                cue="told",
                source="Ana Varga",
                content="The water supply will be restored by Sunday",
                kind="direct",
                source_type="person",
                description="Mayor",
                addressee="reporters",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-curly-double-before-cue",
        "“We remain open to talks at any time,” Nordhaven Logistics said.",
        (
            Expect(
                cue="said",
                source="Nordhaven Logistics",
                content="We remain open to talks at any time",
                kind="direct",
                source_type="organization",
                entity="Nordhaven Logistics",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-curly-single-british",
        "‘We were given no warning at all,’ said Helen Marsh, a shopkeeper on Mill Street.",
        (
            Expect(
                cue="said",
                source="Helen Marsh",
                content="We were given no warning at all",
                kind="direct",
                source_type="person",
                description="a shopkeeper on Mill Street",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-curly-single-with-apostrophes",
        "‘It’s the worst flood I’ve seen in thirty years. The insurers haven’t even "
        "called,’ said Tom Whitlock.",
        (
            Expect(
                cue="said",
                source="Tom Whitlock",
                content="It’s the worst flood I’ve seen in thirty years. "
                "The insurers haven’t even called",
                kind="direct",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-curly-single-with-nested-double",
        "‘We were told there was “no budget this year”, so we waited,’ Maria Lopez said.",
        (
            Expect(
                cue="said",
                source="Maria Lopez",
                content="We were told there was “no budget this year”, so we waited",
                kind="direct",
            ),
        ),
    ),
    Case(
        "quote-guillemets-after-cue",
        "State Duma deputy Sergei Volkov told Izvestia: «The bill will be passed before the "
        "summer recess.»",
        (
            Expect(
                cue="told",
                source="Sergei Volkov",
                content="The bill will be passed before the summer recess",
                kind="direct",
                description="State Duma deputy",
                addressee="Izvestia",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-low-high-before-cue",
        "„We are short of everything except courage,“ Major Lukas Brandt said.",
        (
            Expect(
                cue="said",
                source="Lukas Brandt",
                content="We are short of everything except courage",
                kind="direct",
                description="Major",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-low-high-multi-sentence-after-cue",
        "Taras Hnatyuk told Der Spiegel: „We counted the days by the artillery. When it went "
        "quiet, we knew something was wrong.“",
        (
            Expect(
                cue="told",
                source="Taras Hnatyuk",
                content="We counted the days by the artillery. When it went quiet, "
                "we knew something was wrong",
                kind="direct",
                addressee="Der Spiegel",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-interrupted-by-cue",
        '"The first convoy has crossed," Natalia Orlova said, "and the second one leaves at dawn."',
        (
            Expect(
                cue="said",
                source="Natalia Orlova",
                content="The first convoy has crossed … and the second one leaves at dawn",
                kind="direct",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-interrupted-by-pronoun-cue-curly",
        "Maria Lopez inspected the levee on Tuesday. “The levees held,” she said, “but the "
        "pumps did not.”",
        (
            Expect(
                cue="said",
                source="she",
                content="The levees held … but the pumps did not",
                kind="direct",
                entity="Maria Lopez",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-interrupted-by-cue-with-addressee",
        '"The wind changed direction twice in one hour," fire chief Rosa Medina told '
        'reporters, "and twice we had to pull the crews back."',
        (
            Expect(
                cue="told",
                source="Rosa Medina",
                content="The wind changed direction twice in one hour … "
                "and twice we had to pull the crews back",
                kind="direct",
                description="fire chief",
                addressee="reporters",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-continued-across-paragraphs",
        'Alexander Petrov was on duty that night. "The first wave came at two in the '
        "morning. We lost power within minutes.\n\n"
        '"By dawn the wind had turned, and the fire reached the depot," he said.',
        (
            Expect(
                cue="said",
                source="he",
                content="The first wave came at two in the morning. We lost power within "
                'minutes. "By dawn the wind had turned, and the fire reached the depot',
                kind="direct",
                entity="Alexander Petrov",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-continued-across-paragraphs-cue-first",
        'Maria Lopez said: "The city has known about the weak spots for a decade.\n\n'
        '"Nobody wanted to pay for the repairs."',
        (
            Expect(
                cue="said",
                source="Maria Lopez",
                content="The city has known about the weak spots for a decade. "
                '"Nobody wanted to pay for the repairs',
                kind="direct",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-continued-after-the-rest-of-the-cue-sentence",
        '"The pumps failed twice this week," Elena Marek said in a statement on Tuesday. '
        '"We are asking the army for help."',
        (
            Expect(
                cue="said",
                source="Elena Marek",
                content="The pumps failed twice this week … We are asking the army for help",
                kind="direct",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-continued-after-addressee-and-place",
        "“The pumps failed twice this week,” Marek told reporters at the depot.\n\n"
        "“We are asking the army for help.”",
        (
            Expect(
                cue="told",
                source="Marek",
                content="The pumps failed twice this week … We are asking the army for help",
                kind="direct",
                addressee="reporters",
            ),
        ),
        only=True,
    ),
    Case(
        "quote-not-continued-past-another-sentence",
        '"The pumps failed," Marek said. The mayor stayed silent. "We are asking for help."',
        (Expect(cue="said", source="Marek", content="The pumps failed", kind="direct"),),
        only=True,
    ),
)

MIXED: Final = (
    Case(
        "mixed-slammed-as",
        'Opposition leader Irina Sokol slammed the comment as "an acknowledgement of defeat".',
        (
            Expect(
                cue="slammed",
                source="Irina Sokol",
                content='the comment as "an acknowledgement of defeat"',
                kind="mixed",
                source_type="person",
                description="Opposition leader",
            ),
        ),
        only=True,
    ),
    Case(
        "mixed-described-as-curly",
        "Economist Laura Chen described the plan as “reckless”.",
        (
            Expect(
                cue="described",
                source="Laura Chen",
                content="the plan as “reckless”",
                kind="mixed",
                description="Economist",
            ),
        ),
        only=True,
    ),
    Case(
        "mixed-described-as-single-british",
        "Councillor Ruth Adeyemi described the offer as ‘an insult to people who have lost "
        "everything’.",
        (
            Expect(
                cue="described",
                source="Ruth Adeyemi",
                content="the offer as ‘an insult to people who have lost everything’",
                kind="mixed",
                description="Councillor",
            ),
        ),
        only=True,
    ),
    Case(
        "mixed-said-with-quoted-fragment",
        'The ministry said the strike had been "a precise response to provocations".',
        (
            Expect(
                cue="said",
                source="The ministry",
                content='the strike had been "a precise response to provocations"',
                kind="mixed",
                source_type="government",
            ),
        ),
        only=True,
    ),
    Case(
        "mixed-dismissed-as",
        'Prime Minister Viktor Salnikov dismissed the criticism as "noise from people who '
        'never had to heat a school".',
        (
            Expect(
                cue="dismissed",
                source="Viktor Salnikov",
                content='the criticism as "noise from people who never had to heat a school"',
                kind="mixed",
                description="Prime Minister",
            ),
        ),
        only=True,
    ),
    Case(
        "mixed-called-guillemets",
        "Sergei Volkov called the new sanctions «an economic boomerang».",
        (
            Expect(
                cue="called",
                source="Sergei Volkov",
                content="the new sanctions «an economic boomerang»",
                kind="mixed",
            ),
        ),
        only=True,
    ),
)

VERBS: Final = (
    Case(
        "verb-participle-adding-shares-source",
        "The minister said the bridge was closed, adding that the ferry still ran twice a day.",
        (
            Expect(cue="said", source="The minister", content="the bridge was closed"),
            Expect(
                cue="adding",
                source="The minister",
                content="that the ferry still ran twice a day",
            ),
        ),
    ),
    Case(
        "verb-participle-calling-shares-source",
        "Senator Alvarez criticised the budget office on Tuesday, calling its forecast "
        '"a fairy tale".',
        (
            Expect(cue="criticised", source="Alvarez", entity="Alvarez"),
            Expect(cue="calling", source="Alvarez", entity="Alvarez"),
        ),
    ),
    Case(
        "verb-said-that",
        "Alexander Petrov said that the front is holding.",
        (
            Expect(
                cue="said",
                source="Alexander Petrov",
                content="that the front is holding",
                kind="indirect",
                source_type="person",
                entity="Alexander Petrov",
                addressee=None,
                via=None,
            ),
        ),
        only=True,
    ),
    Case(
        "verb-said-without-that",
        "Petrov said the reserves would arrive by May.",
        (
            Expect(
                cue="said",
                source="Petrov",
                content="the reserves would arrive by May",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-said-with-trailing-time",
        "President Elena Marek said on Tuesday that the border would remain closed.",
        (
            Expect(
                cue="said",
                source="Elena Marek",
                content="that the border would remain closed",
                kind="indirect",
                description="President",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-told-content-before-cue",
        "Ukrainian forces are running out of air defence missiles, military expert "
        "Dmitry Kolesnikov told Izvestia.",
        (
            Expect(
                cue="told",
                source="Dmitry Kolesnikov",
                content="Ukrainian forces are running out of air defence missiles",
                kind="indirect",
                description="military expert",
                addressee="Izvestia",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-explained-to",
        "Dmitry Kolesnikov explained to Izvestia that the new drones fly below radar altitude.",
        (
            Expect(
                cue="explained",
                source="Dmitry Kolesnikov",
                content="that the new drones fly below radar altitude",
                kind="indirect",
                addressee="Izvestia",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-suggested",
        "Economist Laura Chen suggested that the central bank could cut rates in July.",
        (
            Expect(
                cue="suggested",
                source="Laura Chen",
                content="that the central bank could cut rates in July",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-confirmed",
        "The Defence Ministry confirmed that two bridges had been destroyed.",
        (
            Expect(
                cue="confirmed",
                content="that two bridges had been destroyed",
                kind="indirect",
                source_type="government",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-believes",
        "Laura Chen believes inflation will fall below four percent by December.",
        (
            Expect(
                cue="believes",
                source="Laura Chen",
                content="inflation will fall below four percent by December",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-admitted",
        "Governor Pavlo Demchenko admitted that the evacuation had started too late.",
        (
            Expect(
                cue="admitted",
                source="Pavlo Demchenko",
                content="that the evacuation had started too late",
                kind="indirect",
                description="Governor",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-concluded-document-after-content",
        "Flood defences in the delta are decades out of date, a 2024 UN report concluded.",
        (
            Expect(
                cue="concluded",
                source="a 2024 UN report",
                content="Flood defences in the delta are decades out of date",
                kind="indirect",
                source_type="document",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-recounted-how",
        "Natalia Orlova recounted how the convoy had been stopped at three checkpoints.",
        (
            Expect(
                cue="recounted",
                source="Natalia Orlova",
                content="how the convoy had been stopped at three checkpoints",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-went-on-to-say",
        "Petrov went on to say that the shortage would last until summer.",
        (
            Expect(
                cue="went on to say",
                source="Petrov",
                content="that the shortage would last until summer",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-continued-content-before-cue",
        "Alexander Petrov said the shelling had eased overnight. The brigade will be rotated "
        "next month, he continued.",
        (
            Expect(
                cue="said", source="Alexander Petrov", content="the shelling had eased overnight"
            ),
            Expect(
                cue="continued",
                source="he",
                content="The brigade will be rotated next month",
                kind="indirect",
                entity="Alexander Petrov",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-dismissed-as",
        "The Kremlin dismissed the allegations as baseless.",
        (
            Expect(
                cue="dismissed",
                content="the allegations as baseless",
                kind="indirect",
                source_type="government",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-auxiliary-has-said",
        "Nordvik Energy has said it will appeal the ruling.",
        (
            Expect(
                cue="has said",
                source="Nordvik Energy",
                content="it will appeal the ruling",
                kind="indirect",
                source_type="organization",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-adverb-also-said",
        "Laura Chen also said that household bills could rise by 12 percent in October.",
        (
            Expect(
                cue="also said",
                source="Laura Chen",
                content="that household bills could rise by 12 percent in October",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-negated-did-not-rule-out",
        "Pavlo Demchenko did not rule out a second evacuation of the city.",
        (
            Expect(
                cue="did not rule out",
                source="Pavlo Demchenko",
                content="a second evacuation of the city",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-raised-subject-passive-said",
        "Colonel Ivan Durand is said to have ordered the retreat himself.",
        (
            Expect(
                cue="is said",
                source=None,
                content="Colonel Ivan Durand … to have ordered the retreat himself",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-raised-subject-does-not-seem",
        "Mayor Ana Varga does not seem to believe the reservoir figures.",
        (
            Expect(
                cue="does not seem",
                source=None,
                content="Mayor Ana Varga … to believe the reservoir figures",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-passive-quoted-as-saying-keeps-its-speaker",
        "Colonel Ivan Petrov was quoted as saying that the brigade had withdrawn.",
        (
            Expect(
                cue="was quoted as saying",
                source="Ivan Petrov",
                content="that the brigade had withdrawn",
                entity="Ivan Petrov",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-subject-set-off-by-a-prepositional-phrase",
        "The ministry, in a statement on Monday, said 12 people were killed.",
        (
            Expect(
                cue="said",
                source="The ministry",
                content="12 people were killed",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "verb-subject-set-off-by-an-adverb",
        "The harbour board, meanwhile, insists that the toll will stay.",
        (Expect(cue="insists", source="The harbour board", content="that the toll will stay"),),
        only=True,
    ),
    Case(
        "verb-active-expected-keeps-its-source",
        "Oleg Ivanov said he expected to sign the bill.",
        (
            Expect(cue="said", source="Oleg Ivanov", content="he expected to sign the bill"),
            Expect(cue="expected", source="he", content="to sign the bill", entity="Oleg Ivanov"),
        ),
        only=True,
    ),
)

ACCORDING: Final = (
    Case(
        "according-to-before-content",
        "According to Alexander Petrov, the depot held 40,000 shells.",
        (
            Expect(
                cue="According to",
                source="Alexander Petrov",
                content="the depot held 40,000 shells",
                kind="according_to",
                source_type="person",
                entity="Alexander Petrov",
            ),
        ),
        only=True,
    ),
    Case(
        "according-to-after-content",
        "At least 14 people were killed and 37 injured, according to Governor Pavlo Demchenko.",
        (
            Expect(
                cue="according to",
                source="Pavlo Demchenko",
                content="At least 14 people were killed and 37 injured",
                kind="according_to",
                description="Governor",
            ),
        ),
        only=True,
    ),
    Case(
        "according-to-organization",
        "According to the World Health Organization, 212 cases have been confirmed.",
        (
            Expect(
                cue="According to",
                content="212 cases have been confirmed",
                kind="according_to",
                source_type="organization",
                entity="World Health Organization",
            ),
        ),
        only=True,
    ),
    Case(
        "according-in-the-words-of",
        "In the words of Laura Chen, the economy is running on borrowed time.",
        (
            Expect(
                cue="In the words of",
                source="Laura Chen",
                content="the economy is running on borrowed time",
                kind="according_to",
            ),
        ),
        only=True,
    ),
    Case(
        "according-in-the-words-of-apposition-quoted-fragment",
        'In the words of the auditor-general, Vera Lind, the case shows "how easily a tender '
        'can be written for one bidder".',
        (
            Expect(
                cue="In the words of",
                source="Vera Lind",
                content='the case shows "how easily a tender can be written for one bidder"',
                kind="according_to",
                description="auditor-general",
            ),
        ),
        only=True,
    ),
    Case(
        "according-possessive-view-is",
        "Petrov's view is that the offensive has stalled.",
        (
            Expect(
                cue="'s view is",
                source="Petrov",
                content="that the offensive has stalled",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "according-possessive-view-is-curly-apostrophe",
        "Maria Lopez’s view is that the city should build a new wall further from the river.",
        (
            Expect(
                cue="’s view is",
                source="Maria Lopez",
                content="that the city should build a new wall further from the river",
                kind="indirect",
            ),
        ),
        only=True,
    ),
)

CHAINS: Final = (
    Case(
        "chain-reported-citing-anonymous",
        "Le Monde reported, citing a Ukrainian officer, that the brigade had withdrawn from "
        "the village.",
        (
            Expect(
                cue="reported",
                source="Le Monde",
                content="that the brigade had withdrawn from the village",
                source_type="media",
                via=None,
            ),
            Expect(
                cue="citing",
                source="a Ukrainian officer",
                content="that the brigade had withdrawn from the village",
                source_type="anonymous",
                entity=None,
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "chain-reported-citing-counted-anonymous",
        "The FT reported, citing two shipping executives, that insurers had raised premiums "
        "for the Baltic route.",
        (
            Expect(
                cue="reported",
                source="The FT",
                content="that insurers had raised premiums for the Baltic route",
                via=None,
            ),
            Expect(
                cue="citing",
                source="two shipping executives",
                content="that insurers had raised premiums for the Baltic route",
                source_type="anonymous",
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "chain-reported-citing-named",
        "Le Monde reported, citing Ukrainian officer Ivan Kovalenko, that the unit had "
        "received no new tanks since March.",
        (
            Expect(
                cue="reported",
                source="Le Monde",
                content="that the unit had received no new tanks since March",
                source_type="media",
                via=None,
            ),
            Expect(
                cue="citing",
                source="Ivan Kovalenko",
                content="that the unit had received no new tanks since March",
                source_type="person",
                entity="Ivan Kovalenko",
                description="Ukrainian officer",
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "chain-magazine-wrote-with-reference-to",
        "The German magazine Der Spiegel ran the story on Sunday. The magazine wrote with "
        "reference to deputy commander Taras Hnatyuk that the battalion had lost contact "
        "with headquarters for four days.",
        (
            Expect(
                cue="wrote",
                source="The magazine",
                content="that the battalion had lost contact with headquarters for four days",
                source_type="media",
                entity="Der Spiegel",
                via=None,
            ),
            Expect(
                cue="with reference to",
                source="Taras Hnatyuk",
                content="that the battalion had lost contact with headquarters for four days",
                source_type="person",
                description="deputy commander",
                via="wrote",
            ),
        ),
    ),
    Case(
        "chain-reported-citing-document",
        "Reuters reported, citing a confidential government memo, that the ministry planned "
        "to cut fuel subsidies in half.",
        (
            Expect(
                cue="reported",
                source="Reuters",
                content="that the ministry planned to cut fuel subsidies in half",
                source_type="media",
            ),
            Expect(
                cue="citing",
                source="a confidential government memo",
                content="that the ministry planned to cut fuel subsidies in half",
                source_type="document",
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "chain-newspaper-reported-citing-sources",
        "Izvestia obtained a copy of the draft. The newspaper reported, citing two sources "
        "in the government, that the agreement would run for ten years.",
        (
            Expect(
                cue="reported",
                source="The newspaper",
                content="that the agreement would run for ten years",
                source_type="media",
                entity="Izvestia",
            ),
            Expect(
                cue="citing",
                source="two sources in the government",
                content="that the agreement would run for ten years",
                source_type="anonymous",
                entity=None,
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "chain-interview-with-named-british-newspaper",
        "Ivan Kovalenko said in an interview with the British newspaper The Times that "
        "commanders no longer trust their maps.",
        (
            Expect(
                cue="said",
                source="Ivan Kovalenko",
                content="that commanders no longer trust their maps",
                kind="indirect",
                source_type="person",
                addressee="The Times",
            ),
        ),
    ),
    Case(
        "chain-told-agency-that-is-the-outlet",
        "Military expert Alexander Petrov told TASS that two more air defence batteries had "
        "arrived.",
        (
            Expect(
                cue="told",
                source="Alexander Petrov",
                content="that two more air defence batteries had arrived",
                kind="indirect",
                description="Military expert",
                addressee="TASS",
                via=None,
            ),
        ),
        only=True,
        outlet="TASS",
    ),
    Case(
        "chain-source-close-to-ministry-says",
        "The contract has already been signed, a source close to the ministry says.",
        (
            Expect(
                cue="says",
                source="a source close to the ministry",
                content="The contract has already been signed",
                kind="indirect",
                source_type="anonymous",
                entity=None,
            ),
        ),
        only=True,
    ),
)

APPOSITIONS: Final = (
    Case(
        "apposition-role-at-institute",
        "Alexander Petrov, a military expert at the Institute of Strategic Studies, said the "
        "shortage was temporary.",
        (
            Expect(
                cue="said",
                source="Alexander Petrov",
                content="the shortage was temporary",
                source_type="person",
                entity="Alexander Petrov",
                description="a military expert at the Institute of Strategic Studies",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-premodifier-content-before-cue",
        "The shortage is temporary, military expert Alexander Petrov said.",
        (
            Expect(
                cue="said",
                source="Alexander Petrov",
                content="The shortage is temporary",
                kind="indirect",
                description="military expert",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-rank-colonel",
        "Colonel Oleg Ivanov, associate professor at the Military Academy, said that such "
        "reports appear when a shortage can no longer be hidden.",
        (
            Expect(
                cue="said",
                source="Oleg Ivanov",
                content="that such reports appear when a shortage can no longer be hidden",
                entity="Oleg Ivanov",
                description="Colonel",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-after-rank-and-name",
        "Such reports appear when a shortage can no longer be hidden, Colonel Oleg Ivanov, "
        "associate professor at the Military Academy, said.",
        (
            Expect(
                cue="said",
                source="Oleg Ivanov",
                content="Such reports appear when a shortage can no longer be hidden",
                description="associate professor at the Military Academy",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-relative-clause-who-heads",
        "Maria Lopez, who heads the Center for Urban Resilience, said the barriers had been "
        "designed for a smaller flood.",
        (
            Expect(
                cue="said",
                source="Maria Lopez",
                content="the barriers had been designed for a smaller flood",
                entity="Maria Lopez",
                description="who heads the Center for Urban Resilience",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-title-dr",
        "Dr. Amina Yusuf, an epidemiologist at Lakeside University, said the outbreak had peaked.",
        (
            Expect(
                cue="said",
                source="Amina Yusuf",
                content="the outbreak had peaked",
                entity="Amina Yusuf",
                description="Dr",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-title-mr-dropped",
        "Mr. Kovalenko said the bridge was still intact.",
        (
            Expect(
                cue="said",
                source="Kovalenko",
                content="the bridge was still intact",
                entity="Kovalenko",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-role-before-name",
        "The firm's lawyer, Andrei Sokolov, said his client would appeal.",
        (
            Expect(
                cue="said",
                source="Andrei Sokolov",
                content="his client would appeal",
                description="firm's lawyer",
            ),
        ),
        only=True,
    ),
    Case(
        "apposition-organization",
        "Nordvik Energy, the region's largest gas supplier, said prices would rise by 12 "
        "percent in October.",
        (
            Expect(
                cue="said",
                source="Nordvik Energy",
                content="prices would rise by 12 percent in October",
                source_type="organization",
                entity="Nordvik Energy",
                description="the region's largest gas supplier",
            ),
        ),
        only=True,
    ),
)

COREFERENCE: Final = (
    Case(
        "coref-relative-who-speaks-for-its-noun-phrase",
        "Mayor Ilse Brandt, who previously argued that the bridge was safe, conceded on "
        "Monday that it would close.",
        (
            Expect(
                cue="previously argued",
                source="Ilse Brandt",
                content="that the bridge was safe",
                entity="Ilse Brandt",
            ),
            Expect(
                cue="conceded",
                source="Ilse Brandt",
                content="that it would close",
                entity="Ilse Brandt",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-he",
        "Alexander Petrov returned from the front in March. He said that the artillery duels "
        "had intensified.",
        (
            Expect(
                cue="said",
                source="He",
                content="that the artillery duels had intensified",
                source_type="person",
                entity="Alexander Petrov",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-she",
        "Economist Laura Chen has studied the gas market for two decades. She said the new "
        "contract favoured the supplier.",
        (
            Expect(
                cue="said",
                source="She",
                content="the new contract favoured the supplier",
                entity="Laura Chen",
                description="Economist",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-they-group",
        "Rescue workers pulled two survivors from the rubble on Friday. They said more "
        "people could still be trapped.",
        (
            Expect(
                cue="said",
                source="They",
                content="more people could still be trapped",
                kind="indirect",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-it-organization",
        "The World Health Organization (WHO) sent two mobile laboratories to the province. "
        "It said no new cases had been recorded for a week.",
        (
            Expect(
                cue="said",
                source="It",
                content="no new cases had been recorded for a week",
                source_type="organization",
                entity="World Health Organization",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-it-company-after-quote",
        "Nordhaven Logistics said the strike was illegal. “We remain open to talks at any "
        "time,” it said.",
        (
            Expect(
                cue="said",
                source="Nordhaven Logistics",
                content="the strike was illegal",
                kind="indirect",
            ),
            Expect(
                cue="said",
                source="it",
                content="We remain open to talks at any time",
                kind="direct",
                source_type="organization",
                entity="Nordhaven Logistics",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-the-global-organization",
        "The World Health Organization (WHO) declared an emergency in the province on Monday. "
        "The global organization said 14 people had died.",
        (
            Expect(
                cue="said",
                source="The global organization",
                content="14 people had died",
                source_type="organization",
                entity="World Health Organization",
            ),
        ),
    ),
    Case(
        "coref-acronym",
        "The World Health Organization (WHO) sent 40,000 vaccine doses. WHO warned that the "
        "rainy season could double infections.",
        (
            Expect(
                cue="warned",
                source="WHO",
                content="that the rainy season could double infections",
                source_type="organization",
                entity="World Health Organization",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-her-according-to",
        "Maria Lopez heads the Center for Urban Resilience. According to her, the repairs "
        "will cost at least $60 million.",
        (
            Expect(
                cue="According to",
                source="her",
                content="the repairs will cost at least $60 million",
                kind="according_to",
                entity="Maria Lopez",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-the-expert",
        "Military expert Yuri Belov visited the plant in May. The expert said each vehicle "
        "would cost about 35 million roubles.",
        (
            Expect(
                cue="said",
                source="The expert",
                content="each vehicle would cost about 35 million roubles",
                source_type="person",
                entity="Yuri Belov",
                description="Military expert",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-the-magazine",
        "The German magazine Der Spiegel interviewed a dozen soldiers. The magazine said most "
        "of them had not been on leave for a year.",
        (
            Expect(
                cue="said",
                source="The magazine",
                content="most of them had not been on leave for a year",
                source_type="media",
                entity="Der Spiegel",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-the-ministry",
        "Russia's Foreign Ministry summoned the French ambassador on Monday. The ministry said "
        "a protest note had been handed over.",
        (
            Expect(
                cue="said",
                source="The ministry",
                content="a protest note had been handed over",
                source_type="government",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-the-deputy-commander",
        "Der Spiegel spoke to deputy commander Taras Hnatyuk. The deputy commander said the "
        "radios had been jammed from the first hour.",
        (
            Expect(
                cue="said",
                source="The deputy commander",
                content="the radios had been jammed from the first hour",
                source_type="person",
                entity="Taras Hnatyuk",
            ),
        ),
    ),
    Case(
        "coref-the-newspaper",
        "Izvestia obtained a copy of the draft. The newspaper said the agreement would run "
        "for ten years.",
        (
            Expect(
                cue="said",
                source="The newspaper",
                content="the agreement would run for ten years",
                source_type="media",
                entity="Izvestia",
            ),
        ),
        only=True,
    ),
    Case(
        "coref-surname",
        "Alexander Petrov spent ten years in the artillery. Petrov said the new shells were "
        "unreliable.",
        (
            Expect(
                cue="said",
                source="Petrov",
                content="the new shells were unreliable",
                entity="Alexander Petrov",
            ),
        ),
        only=True,
    ),
)

ANONYMOUS: Final = (
    Case(
        "anonymous-intelligence-data",
        "The enemy has moved two brigades to the south, according to intelligence data.",
        (
            Expect(
                cue="according to",
                source="intelligence data",
                content="The enemy has moved two brigades to the south",
                kind="according_to",
                source_type="anonymous",
                entity=None,
            ),
        ),
        only=True,
    ),
    Case(
        "anonymous-some-estimate",
        "Some estimate that the repairs will cost $40 million.",
        (
            Expect(
                cue="estimate",
                source="Some",
                content="that the repairs will cost $40 million",
                kind="indirect",
                source_type="anonymous",
                entity=None,
            ),
        ),
        only=True,
    ),
    Case(
        "anonymous-latest-updates",
        "According to the latest updates, 23 people have been injured.",
        (
            Expect(
                cue="According to",
                source="the latest updates",
                content="23 people have been injured",
                kind="according_to",
                source_type="anonymous",
                entity=None,
            ),
        ),
        only=True,
    ),
    Case(
        "anonymous-officials-on-condition-of-anonymity",
        "The talks have collapsed, officials speaking on condition of anonymity told Reuters.",
        (
            Expect(
                cue="told",
                source="officials speaking on condition of anonymity",
                content="The talks have collapsed",
                kind="indirect",
                source_type="anonymous",
                entity=None,
                addressee="Reuters",
            ),
        ),
        only=True,
        outlet="Reuters",
    ),
    Case(
        "anonymous-sources-in-ministry",
        "Sources in the Defence Ministry said the order would be placed in June.",
        (
            Expect(
                cue="said",
                source="Sources in the Defence Ministry",
                content="the order would be placed in June",
                source_type="anonymous",
                entity=None,
            ),
        ),
        only=True,
    ),
)

ADDRESSEES: Final = (
    Case(
        "addressee-without-the-time-after-it",
        "Governor Pavlo Demchenko told reporters on Friday that nine people had been killed.",
        (
            Expect(
                cue="told",
                source="Pavlo Demchenko",
                content="that nine people had been killed",
                kind="indirect",
                addressee="reporters",
            ),
        ),
        only=True,
    ),
    Case(
        "addressee-name-with-on-kept-whole",
        "Marek Zielinski told the Council on Foreign Relations that the union would stay out.",
        (
            Expect(
                cue="told",
                source="Marek Zielinski",
                content="that the union would stay out",
                kind="indirect",
                addressee="Council on Foreign Relations",
            ),
        ),
        only=True,
    ),
    Case(
        "addressee-told-reporters",
        "Governor Pavlo Demchenko told reporters that nine people had been killed and 31 injured.",
        (
            Expect(
                cue="told",
                source="Pavlo Demchenko",
                content="that nine people had been killed and 31 injured",
                kind="indirect",
                addressee="reporters",
            ),
        ),
        only=True,
    ),
    Case(
        "addressee-told-outlet-without-that",
        "Marek Zielinski told Reuters the union would stay out until the company made a new offer.",
        (
            Expect(
                cue="told",
                source="Marek Zielinski",
                content="the union would stay out until the company made a new offer",
                addressee="Reuters",
            ),
        ),
        only=True,
        outlet="Reuters",
    ),
    Case(
        "addressee-interview-with-british-newspaper",
        "Ivan Kovalenko said in an interview with the British newspaper that the offensive "
        "had been postponed.",
        (
            Expect(
                cue="said",
                source="Ivan Kovalenko",
                content="that the offensive had been postponed",
                kind="indirect",
                addressee="the British newspaper",
            ),
        ),
    ),
    Case(
        "addressee-interview-with-before-cue",
        "In an interview with Le Monde, Laura Chen said that the state had locked in prices at "
        "the top of the market.",
        (
            Expect(
                cue="said",
                source="Laura Chen",
                content="that the state had locked in prices at the top of the market",
                addressee="Le Monde",
            ),
        ),
    ),
    Case(
        "addressee-explained-to-with-quote",
        "Kolesnikov explained to Izvestia: «The drones fly below the radar.»",
        (
            Expect(
                cue="explained",
                source="Kolesnikov",
                content="The drones fly below the radar",
                kind="direct",
                addressee="Izvestia",
            ),
        ),
        only=True,
    ),
    Case(
        "addressee-none",
        "Irina Sokol said her party would challenge the deal in court.",
        (
            Expect(
                cue="said",
                source="Irina Sokol",
                content="her party would challenge the deal in court",
                addressee=None,
                via=None,
            ),
        ),
        only=True,
    ),
)

# Headlines the rows of the group share, and what they attribute.
BRIDGE_HEADLINE = "Varnholt: Harbour bridge will reopen in spring\n\n"
BRIDGE = Expect(cue=":", source="Varnholt", content="Harbour bridge will reopen in spring")
FERRY_HEADLINE = "Harbour Gazette: Ferry operator misled regulators\n\n"
FERRY = Expect(cue=":", source="Harbour Gazette", content="Ferry operator misled regulators")

HEADLINES: Final = (
    Case(
        "headline-name",
        BRIDGE_HEADLINE + "Mayor Karl Varnholt spoke to reporters on Monday.",
        (BRIDGE,),
        only=True,
    ),
    Case(
        "headline-then-quote",
        BRIDGE_HEADLINE + "“We will rebuild it,” the mayor told the council.\n\n"
        "“It will take a year.”\n",
        (
            BRIDGE,
            Expect(
                cue="told",
                source="the mayor",
                content="“We will rebuild it,” … “It will take a year.”",
            ),
        ),
        only=True,
    ),
    Case(
        "headline-outlet",
        FERRY_HEADLINE + "The operator has not commented on the report.",
        (FERRY,),
    ),
    Case(
        "headline-and-chain",
        FERRY_HEADLINE + "The Nordbay Herald reported, citing a port official, that the "
        "operator hid two safety reports.",
        (
            FERRY,
            Expect(
                cue="reported",
                source="Nordbay Herald",
                content="that the operator hid two safety reports",
                via=None,
            ),
            Expect(
                cue="citing",
                source="a port official",
                content="that the operator hid two safety reports",
                via="reported",
            ),
        ),
        only=True,
    ),
    Case(
        "headline-acronym",
        "UNICEF: Two million children in the region lack clean water\n\n"
        "The agency published its report on Monday.",
        (
            Expect(
                cue=":",
                source="UNICEF",
                content="Two million children in the region lack clean water",
                source_type="organization",
            ),
        ),
    ),
    Case(
        "headline-long-in-title-case",
        "Varnholt: ‘We Are Going To Rebuild The Old Harbour Bridge Before The Storms Of The"
        " Winter Come.’\n\nThe mayor spoke on Monday.",
        (
            Expect(
                cue=":",
                source="Varnholt",
                content="‘We Are Going To Rebuild The Old Harbour Bridge Before The Storms Of"
                " The Winter Come.’",
            ),
        ),
        only=True,
    ),
    Case(
        "headline-hyphenated-poll",
        "Nordbay-Civis Poll: Voters back the new tram line\n\n"
        "The survey of 1,200 residents was taken last week.",
        (Expect(cue=":", source="Nordbay-Civis Poll", content="Voters back the new tram line"),),
    ),
)

NEGATIVES: Final = (
    Case("negative-plain-event", "The bridge was closed on Monday.", (), only=True),
    Case(
        "negative-said-as-adjective",
        "Under the said contract, deliveries were due in March.",
        (),
        only=True,
    ),
    Case("negative-weather", "Heavy rain fell across the north on Thursday.", (), only=True),
    Case(
        "negative-quoted-title",
        'The film "Northern Light" opened in 40 cinemas on Friday.',
        (),
        only=True,
    ),
    Case(
        "negative-cue-inside-word",
        "The tell-tale signs of rust were visible on the hull of the ferry.",
        (),
        only=True,
    ),
    Case(
        "negative-headline-label",
        "The Latest: Ferry service resumes after the storm\n\nFerries ran again on Tuesday.",
        (),
        only=True,
    ),
    Case(
        "negative-headline-caps-label",
        "EXCLUSIVE: Ferry service resumes after the storm\n\nFerries ran again on Tuesday.",
        (),
        only=True,
    ),
    Case(
        "negative-headline-long-noun-run",
        "Harbour Board Ferry Safety Review Panel Report: Ferries need new hulls\n\n"
        "The panel met on Tuesday.",
        (),
        only=True,
    ),
    Case(
        "negative-headline-label-after-noun",
        "Bridge Update: Repairs will take a year\n\nThe bridge closed in May.",
        (),
        only=True,
    ),
    Case(
        "negative-headline-phrase-with-verb",
        "Spring is back: Tulips bloom along the harbour\n\nThe park opened on Tuesday.",
        (),
        only=True,
    ),
    Case(
        "negative-figures-only",
        "Nine people were killed and 31 injured when a drone hit a residential block overnight.",
        (),
        only=True,
    ),
)

GROUPS: Final = {
    "quote": QUOTES,
    "mixed": MIXED,
    "verb": VERBS,
    "according": ACCORDING,
    "chain": CHAINS,
    "apposition": APPOSITIONS,
    "coref": COREFERENCE,
    "anonymous": ANONYMOUS,
    "addressee": ADDRESSEES,
    "headline": HEADLINES,
    "negative": NEGATIVES,
}

CASES: Final[tuple[Case, ...]] = tuple(case for group in GROUPS.values() for case in group)
