"""Modality of a coded event: asserted, hedged, negated, future, or reported (with its speaker).

Read from the dependency parse around the trigger's predicate (rules in docs/coding.md, cue words
in ``data/patterns/modality.yaml``):

* negated: a ``neg`` dependent ("not", "never"), the determiner "no" on a noun trigger, or a
  negating governor ("refused to", "failed to", "denied that").
* hedged: a modal auxiliary (may, might, could, would, should), a hedging adverb ("likely"),
  a hedging governor ("seeks to", "would like to", "is considering", "attempted to") or adjective
  ("is likely to").
* future: "will"/"shall", a governor of intention ("plans to", "intends to") or "is to".
* reported: the predicate sits in the complement of a reporting verb (say, claim, announce ...),
  in a quotation followed by "X said", under "according to X", or carries "reportedly".

Precedence: negated > hedged > future > reported > asserted. The speaker is kept whenever the event
is reported speech, whatever the final modality. In reported speech "would" is the future seen from
the past ("X said it would send troops"), so it counts as future, not as a hedge.

Two readings say what PLOVER does with an act beyond its certainty:

* intent: the doer's own wish or plan ("X wants to meet Y", "X hopes to sign", "X plans to send
  troops"); with "will" and the intention governors it is the doer's stated intention, which
  PLOVER codes by polarity (:mod:`.intent`).
* comment: the act is only what someone hopes, expects, fears or asks others to do ("X hopes
  that Y will help", "X urged Y to withdraw", "X is considering sending aid", "X is pessimistic
  that ...", "renewed its call for the withdrawal of Y's forces"), or how something is seen ("the
  war is seen as a proxy battle between X and Y"). PLOVER codes neither comments nor appeals
  ("The CAMEO 01 and 02 categories dealing with comments have been eliminated"), so such acts are
  not events.
* not asserted at all (also a comment, no event): an act in a condition ("if X attacks Y, ...",
  "unless X withdraws"), in an open question ("Will X attack Y?", "asked whether X would send
  troops"), or one that is only allowed or not ("will not allow X to take the port").

The content of an accusation or claim ("accusations that it sent drones to X") is reported, its
speaker the claim's owner, and negated when the claim is denied ("Y denied accusations that ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
DEFINITE = ("the", "this", "that", "these", "those")
NOMINAL_SLOTS = ("dobj", "nsubj", "nsubjpass", "attr", "pobj", "appos", "conj", "oprd")


@dataclass(frozen=True)
class ModalityCues:
    neg_determiners: frozenset[str]
    neg_adverbs: frozenset[str]
    neg_governors: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_governors: frozenset[str]
    hedge_adjectives: frozenset[str]
    future_modals: frozenset[str]
    future_governors: frozenset[str]
    be_to: bool
    reporting_verbs: frozenset[str]
    reported_adverbs: frozenset[str]
    focus_adverbs: frozenset[str] = frozenset()
    happening: frozenset[str] = frozenset()
    hedge_nouns: frozenset[str] = frozenset()
    future_nouns: frozenset[str] = frozenset()
    small_clause: frozenset[str] = frozenset()
    intent_governors: frozenset[str] = frozenset()
    intent_nouns: frozenset[str] = frozenset()
    comment_governors: frozenset[str] = frozenset()
    comment_adjectives: frozenset[str] = frozenset()
    appeals: frozenset[str] = frozenset()
    seeking: frozenset[str] = frozenset()
    appeal_nouns: frozenset[str] = frozenset()
    characterizing: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    permission: frozenset[str] = frozenset()
    question_auxiliaries: frozenset[str] = frozenset()
    claims: frozenset[str] = frozenset()  # what an accusation says ("accusations that ..."): the lexicon's

    @classmethod
    def load(cls, path: Path | None = None) -> ModalityCues:
        path = path or Path(str(resources.files("multipolar") / "data" / "patterns" / "modality.yaml"))
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))

        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in raw.get(section, {}).get(key, ()) or ())

        return cls(
            neg_determiners=words("negation", "determiners"),
            neg_adverbs=words("negation", "adverbs"),
            neg_governors=words("negation", "governors"),
            hedge_modals=words("hedge", "modals"),
            hedge_adverbs=words("hedge", "adverbs"),
            hedge_governors=words("hedge", "governors"),
            hedge_adjectives=words("hedge", "adjectives"),
            future_modals=words("future", "modals"),
            future_governors=words("future", "governors"),
            be_to=bool(raw.get("future", {}).get("be_to", True)),
            reporting_verbs=words("reported", "verbs"),
            reported_adverbs=words("reported", "adverbs"),
            focus_adverbs=words("negation", "focus"),
            happening=words("presupposed", "happening"),
            hedge_nouns=words("hedge", "nouns"),
            future_nouns=words("future", "nouns"),
            small_clause=words("small_clause", "governors"),
            intent_governors=words("intent", "governors"),
            intent_nouns=words("intent", "nouns"),
            comment_governors=words("comment", "governors"),
            comment_adjectives=words("comment", "adjectives"),
            appeals=words("comment", "appeals"),
            seeking=words("comment", "seeking"),
            appeal_nouns=words("comment", "appeal_nouns"),
            characterizing=words("comment", "characterizing"),
            conditions=words("hypothetical", "conditions"),
            permission=words("hypothetical", "permission"),
            question_auxiliaries=words("hypothetical", "question_auxiliaries"),
        )

    def words(self) -> list[frozenset[str]]:
        """Every cue word list (the verbs among them help repair lemmas)."""
        return [v for v in vars(self).values() if isinstance(v, frozenset)]


@dataclass
class Modality:
    modality: str = "asserted"
    speaker: Token | None = None  # head of the speaker's noun phrase
    comment: bool = False  # only hoped, expected, feared or asked for: not an event in PLOVER
    intent: bool = False  # the doer's own stated wish or plan (future modality)

    @property
    def reported(self) -> bool:
        return self.modality == "reported" or self.speaker is not None


def predicate_of(trigger: Token) -> Token:
    """The verb whose clause a trigger belongs to: the trigger itself for verbs; for a noun, the
    verb it is an argument of (through prepositions), or the noun when it heads its own sentence."""
    tok = trigger
    while (
        tok.pos_ not in ("VERB", "AUX")
        and tok.dep_ in NOMINAL_SLOTS + ("prep", "pcomp")
        and tok.head.i != tok.i
    ):
        tok = tok.head
    return tok if tok.pos_ in ("VERB", "AUX") else trigger


def detect(trigger: Token, cues: ModalityCues) -> Modality:
    """Modality of the event triggered by *trigger* (see the module docstring)."""
    negated = hedged = future = reported = comment = intent = False
    speaker: Token | None = None
    would = False
    if trigger.pos_ in ("NOUN", "PROPN"):
        negated = any(c.dep_ == "det" and c.lower_ in cues.neg_determiners for c in trigger.children)
    pred = predicate_of(trigger)
    adjunct = _in_time_adjunct(trigger, pred)
    small = False  # climbed through a participle small clause ("wants to see X withdrawn")
    if pred.i != trigger.i and (
        _hit(pred, cues.appeals) or (_hit(pred, cues.seeking) and trigger.dep_ == "dobj")
    ):
        comment = True  # "called for talks", "urged a ceasefire", "sought aid": an appeal for the act
    cur: Token | None = pred
    via = ""  # the dependency by which we climbed to `cur`
    # "X's deployment was not just ...", "his talks with Y should come as no surprise": what the
    # predicate says of a nominal event in its subject does not make the event itself uncertain.
    presupposed = _subject_event(trigger, pred, cues)
    comment = comment or _hypothetical_subject(trigger, pred, cues) or _not_asserted(trigger, pred, cues)
    while cur is not None:
        for c in cur.children if not (presupposed and cur.i == pred.i) else ():
            lemma, low = c.lemma_.lower(), c.lower_
            if c.dep_ == "neg" and _focus(c, cues):
                continue  # "not just", "not only": focus, not negation
            if c.dep_ == "neg" or (c.dep_ == "advmod" and low in cues.neg_adverbs):
                # A coordinated verb does not inherit its neighbour's negation.
                negated = negated or via != "conj"
            elif c.dep_ in ("aux", "auxpass"):
                if lemma in cues.future_modals or low in cues.future_modals:
                    future = True
                elif low in cues.hedge_modals or lemma in cues.hedge_modals:
                    hedged = True
                    would = would or low in ("would", "'d")
            elif c.dep_ == "advmod" and lemma in cues.hedge_adverbs:
                hedged = True
            elif c.dep_ in ("ccomp", "oprd", "acomp") and c.pos_ == "ADJ" and lemma in cues.hedge_adjectives:
                hedged = True  # "making a deal likely", "renders talks possible"
                # ... a forecast about a nominal act, not a report of it
                comment = comment or (trigger.pos_ in ("NOUN", "PROPN") and cur.i == pred.i)
            elif c.dep_ == "advmod" and lemma in cues.reported_adverbs:
                reported = True
        head = cur.head
        if head.i == cur.i:
            break
        hl = head.lemma_.lower()
        via = cur.dep_
        if head.pos_ == "ADJ" and _hit(head, cues.comment_adjectives):
            comment = True  # "X is pessimistic that ...", "X is skeptical about ..."
            break
        if cur.dep_ == "pcomp" and head.dep_ == "prep":
            cur = head
        elif cur.dep_ == "xcomp":
            if _hit(head, cues.appeals | cues.permission) or (
                _hit(head, cues.comment_governors) and not _hit(head, cues.intent_governors)
            ):
                comment = True  # "urged X to withdraw", "is considering sending aid"
                break
            if hl == "expect" and not any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
                comment = True  # "X expects Y to ..." (but "X is expected to ...": scheduled)
                break
            if _hit(head, cues.neg_governors):
                negated = True
            elif _hit(head, cues.intent_governors) and small:
                comment = True  # "wants to see recognition withdrawn": a wish about others' act
                break
            elif _hit(head, cues.intent_governors):
                future = intent = True  # "wants to meet", "hopes to sign", "plans to send"
            elif _hit(head, cues.hedge_governors) or _hit(head, cues.hedge_adjectives):
                hedged = True
            elif _hit(head, cues.future_governors) or (cues.be_to and hl == "be"):
                future = True
            elif _hit(head, cues.reporting_verbs) and any(c.dep_ == "nsubjpass" for c in head.children):
                reported = True  # "X was reported fighting", "X is said to have ...": hearsay
                agent = next((o for c in head.children if c.dep_ == "agent" for o in c.children), None)
                speaker = speaker or agent
            cur = head
        elif (
            cur.dep_ == "prep"
            and head.pos_ == "VERB"
            and _hit(head, cues.reporting_verbs)
            and cur.i != pred.i
        ):
            reported = True  # "accused X of backing Y": the accuser's claim
            speaker = speaker or _subject(head)
            break
        elif cur.dep_ == "prep" and cur.lower_ == "by" and head.pos_ == "VERB" and cur.i != pred.i:
            cur = head  # "accused X of violating ... by supplying arms": the means shares its act's modality
        elif (
            cur.dep_ == "prep" and cur.lower_ == "from" and cur.i != pred.i and _hit(head, cues.neg_governors)
        ):
            negated = True  # "refrained from attacking", "abstained from condemning": not done
            break
        elif cur.dep_ == "prep" and cur.i != pred.i:
            break
        elif cur.dep_ in ("advcl", "ccomp") and _conditional(cur, cues):
            comment = True  # "if X attacks", "asked whether X would": not asserted
            break
        elif cur.dep_ == "ccomp" and _hit(head, cues.permission):
            comment = True  # "will not allow X to take our ports": permitted (or not), not done
            break
        elif cur.dep_ in ("acl", "relcl", "ccomp") and _claim_content(cur, head, cues):
            # "accusations (that) it sent drones": what the accuser says; denied, not done
            reported = True
            speaker = speaker or _claim_owner(head, cues)
            negated = negated or _denied(head, cues)
            break
        elif cur.dep_ in ("ccomp", "advcl") and (
            _hit(head, cues.appeals | cues.comment_governors)
            or any(c.dep_ == "acomp" and c.lemma_.lower() in cues.comment_adjectives for c in head.children)
        ):
            comment = True  # "X hopes that Y will help", "called for Y to withdraw", "is skeptical that"
            break
        elif cur.dep_ in ("ccomp", "parataxis") and _hit(head, cues.reporting_verbs):
            reported = True
            speaker = speaker or _subject(head)
            if _hit(head, cues.neg_governors):
                negated = True
            break
        elif cur.dep_ == "acl" and head.pos_ == "NOUN" and _hit(head, cues.appeals):
            comment = True  # "a fresh plea to the Taliban to talk", "a call for X to withdraw"
            break
        elif cur.dep_ == "acl" and head.pos_ == "NOUN" and _hit(head, cues.hedge_nouns | cues.future_nouns):
            # "efforts to withdraw X's recognition": an attempt; "plans to send": an intention
            hedged = hedged or _hit(head, cues.hedge_nouns)
            future = future or _hit(head, cues.future_nouns)
            intent = intent or _hit(head, cues.intent_nouns)  # "X's plans to send troops": X's plan
            cur = head
        elif cur.dep_ == "ccomp" and (_hit(head, cues.small_clause) or _hit(head, cues.hedge_governors)):
            # "wants to see X withdrawn", "wants X expelled": the participle's clause belongs to
            # its governor, whose modality it shares
            hedged = hedged or _hit(head, cues.hedge_governors)
            small = True
            cur = head
        elif cur.dep_ in ("conj", "acomp", "advcl") and head.pos_ in ("VERB", "AUX", "ADJ"):
            if head.pos_ == "ADJ" and _hit(head, cues.hedge_adjectives):
                hedged = True
            cur = head
        else:
            break
    if speaker is None:
        speaker = _quote_speaker(pred, cues) or _according_to(trigger)
        reported = reported or speaker is not None
    if would and reported:
        # "said it would (not)": the future seen from the past, and the doer's plan (or refusal)
        # when it says so itself
        hedged, future = False, not negated
        intent = intent or _subject_slot(trigger, pred) is None
    # "X will send aid": the doer's own plan; a scheduled nominal act ("talks will take place") is not
    intent = intent or (_subject_slot(trigger, pred) is None and _will(pred, cues))
    if adjunct:  # "after a meeting with Y, X pledged ...": the meeting took place
        negated = hedged = future = comment = intent = False
    if negated:
        return Modality("negated", speaker, comment, intent)
    if hedged:
        return Modality("hedged", speaker, comment, intent)
    if future:
        return Modality("future", speaker, comment, intent)
    if reported:
        return Modality("reported", speaker, comment)
    return Modality("asserted", None, comment)


def _not_asserted(trigger: Token, pred: Token, cues: ModalityCues) -> bool:
    """An act the sentence does not assert: asked for by an appeal noun ("its call for the
    withdrawal of X"), named as what something is seen as ("is seen as a proxy battle between X
    and Y"), in a condition or an open question (the predicate's own clause)."""
    tok = trigger
    while tok.i != pred.i and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "for" and _hit(head.head, cues.appeal_nouns | cues.appeals):
            return head.head.pos_ in ("NOUN", "PROPN")  # "a call for", "calls for" (the verb: below)
        if tok.dep_ == "pobj" and head.lower_ == "as" and _characterizes(head.head, cues):
            return True
        tok = head
    return _conditional(pred, cues) or _question(pred, cues)


def _characterizes(verb: Token, cues: ModalityCues) -> bool:
    """ "is seen as", "was described as": a passive verb of opinion (its agent unnamed)."""
    return (
        verb.pos_ in ("VERB", "AUX")
        and _hit(verb, cues.characterizing)
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    )


def _conditional(clause: Token, cues: ModalityCues) -> bool:
    """A clause introduced by "if", "unless", "whether": a condition or an open question; or a
    condition by inversion, its auxiliary before its subject ("Had X invaded Y, ...", "Should X
    attack, ...", "Were X to strike, ...")."""
    if clause.dep_ in ("advcl", "ccomp") and any(
        c.dep_ == "mark" and c.lower_ in cues.conditions for c in clause.children
    ):
        return True
    first = clause.left_edge
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return (
        (clause.dep_ == "advcl" or first.i == clause.sent.start)  # (the parser may make it the root)
        and first.lower_ in INVERTED
        and first.dep_ in ("aux", "auxpass")
        and first.i < clause.i
        and any(first.i < s.i < clause.i for s in subjects)
    )


INVERTED = ("had", "should", "were")  # auxiliaries that open a condition before its subject


def _question(pred: Token, cues: ModalityCues) -> bool:
    """An act in an open question: the sentence ends with "?" and its main clause opens with an
    auxiliary before the subject ("Will X send troops?", "Did X attack Y?"). A question with a
    question word ("Why did X attack Y?") takes the act as given."""
    sent = pred.sent
    last = next((sent[i] for i in range(len(sent) - 1, -1, -1) if not sent[i].is_space), None)
    if last is None or last.text != "?":
        return False
    root = sent.root
    first = next((t for t in sent if not (t.is_punct or t.is_space)), None)
    if first is None or first.lower_ not in cues.question_auxiliaries:
        return False
    cur = pred
    while cur.i != root.i and cur.dep_ in ("xcomp", "conj", "ccomp") and cur.head.i != cur.i:
        cur = cur.head
    return cur.i == root.i


def _claim_content(clause: Token, noun: Token, cues: ModalityCues) -> bool:
    """A clause that says what a claim claims ("accusations (that) it was sending drones"), not
    one that describes the claim ("accusations that blamed X": the accusation itself)."""
    if noun.pos_ != "NOUN" or not _hit(noun, cues.claims):
        return False
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which", "who") for c in clause.children
    )


def _claim_owner(noun: Token, cues: ModalityCues) -> Token | None:
    """Who makes a claim: its possessor ("Sudan's accusations"), its agent ("accusations by X"),
    else the subject of the verb that makes it ("X levelled accusations that ...")."""
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ == "amod" and c.pos_ == "PROPN"):
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" and not _hit(noun.head, cues.neg_governors):
        return _subject(noun.head)  # "X levelled accusations that ..." (but "X denied accusations")
    return None


def _denied(noun: Token, cues: ModalityCues) -> bool:
    """A claim someone denies or rejects ("denied accusations that ...")."""
    verb = noun.head
    return noun.dep_ in ("dobj", "nsubjpass") and verb.pos_ == "VERB" and _hit(verb, cues.neg_governors)


def _will(pred: Token, cues: ModalityCues) -> bool:
    """ "X will send troops": the future auxiliary on the doer's own clause states its plan."""
    return any(
        c.dep_ == "aux" and (c.lower_ in cues.future_modals or c.lemma_.lower() in cues.future_modals)
        for c in pred.children
    )


TIME_ADJUNCTS = ("after", "following", "during", "amid", "since")


def _in_time_adjunct(trigger: Token, pred: Token) -> bool:
    """A nominal act in a time adjunct ("after a meeting with Y", "during talks with Y") is told
    as having taken place, whatever the clause around it says."""
    tok = trigger
    while tok.i != pred.i and tok.head.i != tok.i:
        if tok.dep_ == "pobj" and tok.head.lower_ in TIME_ADJUNCTS:
            return trigger.pos_ in ("NOUN", "PROPN")
        tok = tok.head
    return False


def _hit(tok: Token, words: frozenset[str]) -> bool:
    """Whether *tok* is one of *words*, by lemma or by its form with a plain inflection removed:
    the small model's lemmatizer misreads some verbs ("hopes" -> "hop")."""
    low = tok.lower_
    return (
        tok.lemma_.lower() in words
        or low in words
        or (low.endswith("s") and low[:-1] in words)
        or (low.endswith("es") and low[:-2] in words)
        or (low.endswith("ed") and (low[:-1] in words or low[:-2] in words))
        or (low.endswith("ing") and (low[:-3] in words or low[:-3] + "e" in words))
    )


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of a verb, or of the clause a subjectless participle hangs on ("X confirmed
    it, stating that ...": X states)."""
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subj is None and depth < 3 and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1)
    return subj


def _subject_slot(trigger: Token, pred: Token) -> Token | None:
    """The subject of *pred* that a nominal trigger is, or sits inside ("Kremlin's support toward
    Haftar's blitzkrieg may ...": both "support" and "blitzkrieg" are in the subject)."""
    slot = trigger
    while slot.head.i != slot.i and slot.head.i != pred.i:
        slot = slot.head
    while slot.dep_ == "conj" and slot.head.i != slot.i and slot.head.i != pred.i:
        slot = slot.head
    return slot if slot.dep_ == "nsubj" and slot.head.i == pred.i else None


def _definite(tok: Token) -> bool:
    """A specific act: a definite or possessive determiner, or a bare noun whose participants are
    named ("backroom diplomacy between Turkey and Russia"), not "a/any/no" act."""
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in tok.children):
        return True
    bare = not any(c.dep_ == "det" for c in tok.children)
    return bare and any(
        c.dep_ == "prep" and c.lower_ in ("between", "with", "by", "of") for c in tok.children
    )


def _subject_event(trigger: Token, pred: Token, cues: ModalityCues) -> bool:
    """A nominal event in the definite active subject of a predicate that does not say it happens
    ("the deployment was ...", "Kremlin's support toward Haftar's offensive may ...", not "talks
    will take place"): what the predicate says does not make the event uncertain."""
    if trigger.pos_ not in ("NOUN", "PROPN") or pred.i == trigger.i:
        return False
    slot = _subject_slot(trigger, pred)
    return (
        slot is not None
        and _definite(slot)  # "a rapprochement may follow" stays hypothetical
        and pred.lemma_.lower() not in cues.happening
    )


def _hypothetical_subject(trigger: Token, pred: Token, cues: ModalityCues) -> bool:
    """An indefinite nominal event that is the subject of a modal predicate ("a rapprochement may
    induce a lull"): a hypothesis about an act, not a report of one."""
    if trigger.pos_ not in ("NOUN", "PROPN") or pred.i == trigger.i:
        return False
    slot = _subject_slot(trigger, pred)
    if slot is None or _definite(slot):
        return False
    return any(c.dep_ == "aux" and c.lower_ in cues.hedge_modals for c in pred.children)


def _focus(neg: Token, cues: ModalityCues) -> bool:
    """ "not just/only/merely": the negation narrows a focus instead of denying the clause."""
    nxt = neg.nbor(1) if neg.i + 1 < len(neg.doc) else None
    return nxt is not None and nxt.lower_ in cues.focus_adverbs


def _quote_speaker(pred: Token, cues: ModalityCues) -> Token | None:
    """'"...," X said' parsed with the quotation as root and "said" as a parataxis/ccomp child."""
    root = pred if pred.dep_ == "ROOT" else None
    if root is None:
        return None
    for c in root.children:
        if (
            c.dep_ in ("parataxis", "ccomp", "advcl")
            and c.lemma_.lower() in cues.reporting_verbs
            and c.i > pred.i
            and not any(m.dep_ == "mark" for m in c.children)  # "after X was declared": no quote
        ):
            return _subject(c)
    return None


def _according_to(trigger: Token) -> Token | None:
    """The speaker an "according to X" in the trigger's sentence names (looked up once per
    sentence: a long sentence with many triggers is read once, not once per trigger)."""
    cache = trigger.doc.user_data.setdefault("multipolar.according", {})
    sent = trigger.sent
    if sent.start not in cache:
        cache[sent.start] = _find_according(sent)
    return cache[sent.start]


def _find_according(sent) -> Token | None:
    for tok in sent:
        if tok.lower_ == "according":
            for to in tok.children:
                if to.lower_ == "to":
                    return next((p for p in to.children if p.dep_ == "pobj"), None)
            nxt = tok.nbor(1) if tok.i + 1 < tok.sent.end else None
            if nxt is not None and nxt.lower_ == "to":
                return next((p for p in nxt.children if p.dep_ == "pobj"), None)
    return None
