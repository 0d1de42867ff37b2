"""Acts a speaker announces in the passive: the speaker did them.

Statements tell of their own side's decisions and operations without an agent: '"The dialogue
with this group is suspended," the president declared', '"Positions of X's forces are being
destroyed," the defence ministry said'. A reader takes the speaker as the doer when all of these
hold: the clause is passive with no agent of its own, and in the speaker's own quoted words (a
reported clause may tell of what others did: "Kenya said the talks were suspended" is left
alone); what it is done to is someone else, an actor that is neither the speaker nor one of its
units ('"our positions were shelled," the ministry said' reports being the target, and "three
civilians were killed" names nobody); and the act is one such a speaker decides. Decisions on
relations (SANCTION, RETREAT, CONCEDE) any government announces; the use or show of force
(ASSAULT, COERCE, MOBILIZE) only a military speaker (a defence ministry, an army, the armed
forces) announces as its own. Events so coded carry the pattern suffix ``+announced``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from multipolar.coding.readings import READINGS
from multipolar.document import Mention

READINGS.declare(
    "announced",
    "An agentless passive act a speaker announces ('the talks are suspended, the president said') was "
    "done by the speaker, when it is done to someone else and is the speaker's to decide.",
    stage="roles",
    where="coding.announced",
)

DECIDED = frozenset(("SANCTION", "RETREAT", "CONCEDE"))
QUOTE_MARKS = frozenset(('"', "“", "”"))
FORCEFUL = frozenset(("ASSAULT", "COERCE", "MOBILIZE"))
MILITARY_WORDS = frozenset(
    (
        "defence",
        "defense",
        "military",
        "army",
        "armed",
        "forces",
        "force",
        "navy",
        "command",
        "troops",
        "militia",
    )
)


def agentless_passive(tok: Token) -> bool:
    """A passive verb with no "by" agent ("is suspended", "are being destroyed")."""
    return (
        tok.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
        and not any(c.dep_ == "agent" for c in tok.children)
    )


def announcer(
    tok: Token,
    etype: str,
    speaker: Token | None,
    targets: list[Mention],
    actors_of: Callable[[Token], list[Mention]],
    same_side: Callable[[str | None, str | None], bool],
) -> list[Mention]:
    """The speaker as the doer of the agentless passive act *tok* (see the module docstring), or []."""
    if speaker is None or not targets or not agentless_passive(tok) or not quoted(tok):
        return []
    if etype not in DECIDED and etype not in FORCEFUL:
        return []
    speakers = [m for m in actors_of(speaker) if m.actor]
    if not speakers:
        return []
    if any(same_side(s.actor, t.actor) for s in speakers for t in targets if t.actor):
        return []  # the speaker reports what was done to it
    if not any(t.actor for t in targets):
        return []
    if etype in FORCEFUL and not military(speaker, {s.actor for s in speakers}, actors_of):
        return []
    return speakers


def quoted(tok: Token) -> bool:
    """Whether *tok* is inside quotation marks in its sentence (the speaker's own words)."""
    marks = [t.i for t in tok.sent if t.text in QUOTE_MARKS or t.tag_ in ("``", "''")]
    return sum(1 for i in marks if i < tok.i) % 2 == 1


def military(speaker: Token, actors: set[str | None], actors_of: Callable[[Token], list[Mention]]) -> bool:
    """Whether the speaker's phrase names a military body ("its defence ministry", "the army"); a
    pronoun ("it said") by the phrase it refers back to in the sentence before, a subject naming
    the same actor."""
    if speaker.pos_ != "PRON":
        return bool({t.lemma_.lower() for t in speaker.subtree if t.i <= speaker.i} & MILITARY_WORDS)
    doc = speaker.doc
    start = doc[speaker.sent.start - 1].sent.start if speaker.sent.start > 0 else speaker.sent.start
    for t in doc[start : speaker.i]:
        subject = t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON"
        if subject and military(t, actors, actors_of) and {m.actor for m in actors_of(t)} & actors:
            return True
    return False
