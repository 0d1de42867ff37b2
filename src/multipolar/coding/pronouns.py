"""Pronouns and quoted first person: the ``pronoun`` and ``speaker`` rules of the document layer.

* ``pronoun``: "he", "its", "they" stand for the nearest earlier actor of their kind (a person; a
  state or body, not a nationality that only qualifies an act; a set of actors, or a plural name)
  in this or the previous sentence. A possessive first binds to the subject of its clause ("Iraq
  urged its neighbour"), or to the object a "for"/"of" phrase is said of ("X faulted Y for its
  raids"); the subject of a reported clause, or its possessive, is the reporter ("Mali told the
  council it would ..."); the possessive of a reporter after its report is the report's subject
  ("X has started an operation, its defence ministry said": X's), and the subject of a reporting
  verb is the one who spoke in the sentence before ('"...," it said'). A plural pronoun after troops
  named in its sentence stands for the troops' side ("deployed 7,000 troops despite calls for their removal").
* ``speaker``: "we", "our", "us" (and "I") in a quotation, or in a sentence that goes on one,
  stand for the speaker's side ('"We will defend our land," the general said').

:class:`Pronouns` works for one document's :class:`~.references.References`, whose memory (the
mentions, the sets of actors named together) and walk depth it shares.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from multipolar.coding.arguments import NP_MODIFIERS, lemma
from multipolar.document import Mention

if TYPE_CHECKING:
    from multipolar.coding.references import References

PRONOUN_KINDS = {
    "he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
    "it": "body", "its": "body",
    "they": "group", "them": "group", "their": "group",
    "we": "speaker", "us": "speaker", "our": "speaker", "i": "speaker", "me": "speaker", "my": "speaker",
}  # fmt: skip
FIRST_PERSON = frozenset(w for w, kind in PRONOUN_KINDS.items() if kind == "speaker")
RAISING_ADJECTIVES = frozenset(
    ("likely", "unlikely", "certain", "sure", "bound", "possible", "clear", "true")
)
SUBJECT_DEPS = ("nsubj", "nsubjpass")
QUOTES = re.compile(r"[\"“”]")


class Pronouns:
    """The pronouns of one document (see the module docstring)."""

    def __init__(self, refs: References) -> None:
        self.refs = refs
        self.quotes: list[tuple[int, int]] | None = None

    def __call__(self, tok: Token) -> list[Mention] | None:
        """The actors pronoun *tok* refers back to, or ``None`` for no referring pronoun."""
        kind = PRONOUN_KINDS.get(tok.lower_)
        if kind == "speaker":
            return self.speaker_side(tok)
        if kind is not None and anaphoric(tok):
            return self.pronoun(tok, kind)
        return None

    def pronoun(self, pron: Token, kind: str) -> list[Mention]:
        judged = self.judged(pron) if kind == "group" else None
        if judged is not None:  # "condemned X's launches and said they violated ...": the launches
            found = [m for m in self.refs.actors(judged) if m.actor]
            return self.refs.refer(found, pron, "pronoun") if found else []
        for subject in self.binders(pron):
            found = [m for m in self.refs.actors(subject) if m.actor]
            if self.fits(found, kind, pron.doc):
                return self.refs.refer(found, pron, "pronoun")
        if kind == "group":
            troops = self.forces_before(pron)
            if troops:
                return self.refs.refer(troops, pron, "pronoun")
        found = self.nearest(pron, kind)
        return self.refs.refer(found, pron, "pronoun") if found else []

    def judged(self, pron: Token) -> Token | None:
        """What a plural subject of a judging predicate refers to when the reporters have just named
        it: "X and Y condemned Z's tests and said they violated ..." (or "..., saying they breached
        ..."): the tests, the object of the report verb or of the verb it follows; not the reporters,
        who judge and did not violate anything."""
        verb = pron.head
        if pron.dep_ != "nsubj" or lemma(verb) not in self.refs.words.evaluations or verb.dep_ != "ccomp":
            return None
        report = verb.head
        if lemma(report) not in self.refs.reporting:
            return None
        said_of = [report, report.head] if report.dep_ in ("conj", "advcl") else [report]
        objects = [
            c
            for v in said_of
            for c in v.children
            if c.dep_ == "dobj" and c.i < pron.i and c.tag_ in ("NNS", "NNPS")
        ]
        return objects[-1] if objects else None

    def binders(self, pron: Token) -> list[Token]:
        """Subjects a pronoun is bound to: the subject of the clause a possessive sits in ("Iraq
        urged its neighbour") unless it is said of an object ("X condemned Y for its ..."), and the
        subject of the verb whose reported clause the pronoun is the subject of ("X said it would",
        "X told the council it intends")."""
        verb = pron.head if pron.dep_ in SUBJECT_DEPS else None
        if pron.dep_ == "poss":
            verb, via = clause_of(pron)
            if verb is None:
                return []
            if via in ("for", "of", "over", "about"):
                objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < pron.i]
                if objects:
                    return objects
            passive = any(c.dep_ == "nsubjpass" for c in verb.children)  # the agent is no subject here
            found = (
                [c for c in verb.children if c.dep_ == "nsubjpass"]
                if passive
                else self.refs.finder.args.subjects_of(verb)
            )
            found = [s for s in found if not s.left_edge.i <= pron.i <= s.right_edge.i and s.i < pron.i]
            if found:
                return found
            if lemma(verb) in self.refs.reporting:
                # "X has started an operation, its defence ministry said": the reported clause's doer
                reported = [c for c in verb.children if c.dep_ == "ccomp" and c.i < pron.i]
                return [s for c in reported for s in self.refs.finder.args.subjects_of(c) if s.i < pron.i]
        if verb is not None and lemma(verb) in self.refs.reporting and pron.dep_ in SUBJECT_DEPS:
            # '"...," it said': the one who spoke before goes on speaking, not someone quoted
            before = self.previous_sentence(pron.sent)
            earlier = self.speaker_of(before, None) if before is not None else None
            if earlier is not None:
                return [earlier]
        if verb is not None and verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX"):
            # the reported clause's own subject, or its possessive, refers to the one who reports it
            return [s for s in self.refs.finder.args.subjects_of(verb.head) if s.i < pron.i]
        return []

    @staticmethod
    def fits(found: list[Mention], kind: str, doc: Doc) -> bool:
        if not found:
            return False
        if kind == "person":
            return len(found) == 1 and found[0].person is not None
        if kind == "body":
            return len({m.actor for m in found}) == 1 and found[0].person is None
        first = doc[found[0].token_start : found[0].token_end].root
        return len({m.actor for m in found}) > 1 or plural(first)

    def nearest(self, pron: Token, kind: str) -> list[Mention]:
        """The nearest earlier mention that fits, in this or the previous sentence: a person for
        his/her, a state or organisation named by a noun for it/its, a set of actors named together
        (else a plural name, else the parties of the previous sentence's joint act) for they/their."""
        doc = pron.doc
        sent = pron.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else 0
        before = [m for m in self.refs.index.mentions if lo <= m.token_start and m.token_end <= pron.i]
        if pron.dep_ in ("dobj", "pobj"):  # an object pronoun is not its own clause's subject
            verb, _ = clause_of(pron)  # ("mercenaries fighting alongside them": not the mercenaries)
            doers = self.refs.finder.args.subjects_of(verb) if verb is not None else []
            local = {t.i for s in doers for t in s.subtree}
            before = [m for m in before if m.token_start not in local]
        single = None
        for m in reversed(before):
            root = doc[m.token_start : m.token_end].root
            if kind == "person" and m.person is not None:
                return [m]
            if kind == "body" and m.person is None and not self.qualifies_act(m, root):
                return [m]
            if kind == "group":
                group = self.refs.finder.coordination(root, self.refs.index, self.refs.depth)
                if len({g.actor for g in group}) > 1:
                    return group
                head = root.head if root.dep_ in NP_MODIFIERS else root
                if single is None and (plural(root) or plural(head)):
                    single = [m]
        if kind == "group" and single is None:
            joint = [s for at, s in self.refs.sets if lo <= at < pron.i]
            return list(joint[-1]) if joint else []
        return single or []

    def qualifies_act(self, m: Mention, root: Token) -> bool:
        """A nationality that only qualifies an act ("a new Turkish offensive"): no antecedent for
        "it" ("the Chinese embassy ... its citizens" is)."""
        return m.rule == "demonym" and root.dep_ == "amod" and lemma(root.head) in self.refs.words.events

    def forces_before(self, pron: Token) -> list[Mention]:
        """ "deployed 7,000 troops to X despite X's calls for their removal": a plural pronoun
        after troops named in its sentence stands for the troops' side (their own modifiers, else
        who sent them)."""
        forces = self.refs.finder.args.syntax.organs
        for tok in reversed(pron.doc[pron.sent.start : pron.i]):
            if tok.tag_ == "NNS" and lemma(tok) in forces and tok.i not in self.refs.index:
                owners = self.refs.actors(tok)
                if not owners and tok.dep_ == "dobj":
                    owners = [m for s in subjects(tok.head) for m in self.refs.actors(s)]
                return [m for m in owners if m.actor]
        return []

    # ------------------------------------------------------------------ first person
    def speaker_side(self, pron: Token) -> list[Mention]:
        """ "we", "our" in a quotation (or a sentence that goes on one): the speaker's side."""
        speaker = self.speaker_of(pron.sent, pron)
        if speaker is None:  # a run of first-person sentences shares its speaker
            for other in (self.next_sentence(pron.sent), self.previous_sentence(pron.sent)):
                if other is not None and any(t.lower_ in FIRST_PERSON for t in other):
                    speaker = self.speaker_of(other, None)
                    if speaker is not None:
                        break
        if speaker is None:
            return []
        found = [m for m in self.refs.actors(speaker) if m.actor]
        return self.refs.refer(found[:1], pron, "speaker")

    def speaker_of(self, sent: Span, pron: Token | None) -> Token | None:
        """The subject of the reporting verb of *sent* that is outside the quoted words (and is
        not itself first person)."""
        quoted = self.quoted(pron) if pron is not None else None
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or lemma(tok) not in self.refs.reporting:
                continue
            if quoted is not None and quoted[0] <= tok.idx < quoted[1]:
                continue
            if (  # unquoted: the pronoun must be in what is reported, not beside the verb
                pron is not None
                and quoted is None
                and not any(c.left_edge.i <= pron.i <= c.right_edge.i for c in reported(tok))
            ):
                continue
            for s in subjects(tok):
                if s.lower_ not in PRONOUN_KINDS or PRONOUN_KINDS[s.lower_] != "speaker":
                    return s
        return None

    def quoted(self, tok: Token) -> tuple[int, int] | None:
        """The character span of the quotation *tok* is in, if any."""
        if self.quotes is None:
            marks = [m.start() for m in QUOTES.finditer(tok.doc.text)]
            self.quotes = list(zip(marks[::2], marks[1::2], strict=False))
        for start, end in self.quotes:
            if start < tok.idx < end:
                return start, end
        return None

    @staticmethod
    def next_sentence(sent: Span) -> Span | None:
        return sent.doc[sent.end].sent if sent.end < len(sent.doc) else None

    @staticmethod
    def previous_sentence(sent: Span) -> Span | None:
        return sent.doc[sent.start - 1].sent if sent.start > 0 else None


def clause_of(tok: Token) -> tuple[Token | None, str]:
    """The verb of the clause a noun phrase word sits in, and the preposition it hangs from there
    ("" when it is a direct argument)."""
    via = ""
    cur = tok
    for _ in range(12):
        if cur.head.i == cur.i:
            return (cur if cur.pos_ in ("VERB", "AUX") else None), via
        head = cur.head
        if head.pos_ in ("VERB", "AUX"):
            return head, via
        if cur.dep_ == "pobj" and head.dep_ == "prep":
            via = head.lower_
        cur = head
    return None, via


def subjects(verb: Token) -> list[Token]:
    """The subject of a verb, or of the clause a subjectless verb hangs on."""
    cur = verb
    for _ in range(4):
        found = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            return found
        if cur.dep_ in ("advcl", "xcomp", "conj") and cur.head.i != cur.i:
            cur = cur.head
        else:
            return []
    return []


def reported(verb: Token) -> list[Token]:
    """What a reporting verb reports: its clausal complements (and, in '"...," X said', the root
    it hangs from)."""
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i:
        clauses.append(verb.head)
    return clauses


def plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS")


def anaphoric(pron: Token) -> bool:
    """Possessive and object pronouns, and subject pronouns of a full verb ("X said it would ...")
    or of an adjective of will or stance ("it is willing to", "they are committed to"); not the
    expletive "it is likely that"."""
    if pron.dep_ in ("poss", "dobj", "pobj", "dative"):
        return True
    if pron.dep_ not in SUBJECT_DEPS or pron.lower_ not in PRONOUN_KINDS:
        return False
    if pron.head.lemma_ != "be":
        return True
    return any(
        c.dep_ == "acomp"
        and c.lemma_.lower() not in RAISING_ADJECTIVES
        and any(x.dep_ in ("xcomp", "prep") for x in c.children)
        and not any(x.dep_ == "ccomp" for x in c.children)
        for c in pron.head.children
    )
