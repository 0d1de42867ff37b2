"""Names as the resolver matches them: spellings (diacritics, apostrophes, Arabic articles), the
phrase table that finds them in a parsed text, and the digest that keys its cache."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from spacy.tokens import Doc

from multipolar.resolve.registry import Registry

ARTICLE = re.compile(r"^(?:al|el|as|ad|ash|ar|an|at|az|adh|ath)-(?=[A-Z])", re.IGNORECASE)
ARTICLES = ("al-", "el-", "Al-", "El-")


def fold(text: str) -> str:
    """ASCII spelling of a name ("Çavuşoğlu" -> "Cavusoglu"), for texts written without diacritics."""
    text = text.replace("ı", "i").replace("İ", "I").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def variants(name: str) -> set[str]:
    """The spellings of *name* to match: as written, without diacritics, with either apostrophe, and
    capitalised when it starts a sentence ("al-Qaeda" -> "Al-Qaeda")."""
    name = re.sub(r"^(the|The)\s+", "", name.strip())
    out = {name, fold(name)}
    out |= {v[:1].upper() + v[1:] for v in out}
    out |= {v.replace("'", "’") for v in out}
    return {v for v in out if v}


def has_article(names: tuple[str, ...]) -> bool:
    return any(ARTICLE.match(word) for name in names for word in name.split())


def article_forms(name: str, *, arabic: bool = False) -> set[str]:
    """*name* with its last word's Arabic article in each written form, or without it ("Fayez
    al-Sarraj" -> "Fayez Sarraj", "Fayez el-Sarraj"). For a person whose names carry an article
    somewhere (*arabic*), a one-word form without one also gets it ("Dbeibah" -> "al-Dbeibah")."""
    head, _, last = name.rpartition(" ")
    bare = ARTICLE.sub("", last)
    if bare == last and not (arabic and not head and last[:1].isupper()):
        return {name}
    prefix = f"{head} " if head else ""
    return {name, prefix + bare, *(prefix + a + bare for a in ARTICLES)}


class PhraseTable:
    """Exact phrase matching on token texts: ``table(doc)`` gives (key, start, end) of every phrase
    that occurs, overlapping ones included (as spaCy's PhraseMatcher on ORTH does). Built from plain
    strings, so it can be cached and needs no new entries in the parser's vocabulary."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.phrases = phrases
        self.lengths = sorted({len(p) for p in phrases}, reverse=True)
        self.firsts = {p[0] for p in phrases if p}

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        words = [t.text for t in doc]
        out = []
        for i, word in enumerate(words):
            if word not in self.firsts:
                continue
            for n in self.lengths:
                if i + n <= len(words):
                    out.extend((key, i, i + n) for key in self.phrases.get(tuple(words[i : i + n]), ()))
        return out


def names_digest(registry: Registry) -> str:
    """A digest of everything the name table is built from, so that a registry changed in memory
    (a test removing an actor, an overlay) never reuses another registry's cached table."""
    digest = hashlib.sha256()
    for a in registry:
        parts = (
            a.id,
            a.type,
            a.name,
            *a.aliases,
            "|",
            *a.surnames,
            "|",
            *a.capitals,
            "|",
            *a.seats,
            "|",
            *a.demonyms,
        )
        digest.update("\t".join(parts).encode())
        digest.update(b"\n")
    for sense in registry.senses:
        digest.update(sense.alias.encode())
    return digest.hexdigest()
