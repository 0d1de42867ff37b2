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
    strings, so it can be cached and needs no new entries in the parser's vocabulary.

    Case is kept, with two exceptions a reader makes too: a run of words in capitals matches a name
    whatever its case ("RUSSIA", "UNITED NATIONS": headlines, datelines), and an acronym spoken as
    a word is often written as one ("Nato", "Ecowas", "Asean"): a capitalised word of four letters or
    more matches the acronym inside a sentence, and at its start when the parser reads it as a name
    or a modifier ("Asean ministers"), not as a common noun or verb ("Fact checkers said")."""

    def __init__(self, phrases: dict[tuple[str, ...], tuple[str, ...]]) -> None:
        self.phrases = phrases
        self.lengths = sorted({len(p) for p in phrases}, reverse=True)
        self.firsts = {p[0] for p in phrases if p}
        self.folded: dict[tuple[str, ...], tuple[str, ...]] = {}
        for words, keys in phrases.items():
            lower = _lower(words)
            self.folded[lower] = (*self.folded.get(lower, ()), *keys)
        self.folded_firsts = {p[:1] for p in self.folded if p}
        # in capitals, "Jr." may be split in two ("JR", "."): a window one word longer
        self.folded_lengths = sorted({n + extra for n in self.lengths for extra in (0, 1)}, reverse=True)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        words = [t.text for t in doc]
        out = []
        for i, word in enumerate(words):
            exact = word in self.firsts
            shouted = (word.isupper() or not _cased(word)) and _lower((word,))[:1] in self.folded_firsts
            spoken = (
                len(word) >= ACRONYM_WORD
                and word.istitle()
                and (word.lower(),) in self.folded_firsts
                and (not doc[i].is_sent_start or doc[i].pos_ in ("PROPN", "ADJ"))
            )
            if not (exact or shouted or spoken):
                continue
            for n in self.folded_lengths if shouted else self.lengths:
                if i + n > len(words):
                    continue
                window = tuple(words[i : i + n])
                keys = self.phrases.get(window, ()) if exact else ()
                if not keys and shouted and _capitals(window):
                    keys = self.folded.get(_lower(window), ())
                elif not keys and spoken and n == 1:
                    keys = tuple(k for k in self.folded.get((word.lower(),), ()) if k.isupper())
                out.extend((key, i, i + n) for key in keys)
        return out


ACRONYM_WORD = 4  # "Nato", "Opec": shorter acronyms are spelt out, so never written as words


def _cased(word: str) -> bool:
    return word.lower() != word.upper()


def _capitals(words: tuple[str, ...]) -> bool:
    """Words in capitals ("UNITED NATIONS", "JAISH-E-MOHAMMED", "444 BRIGADE"), not a single capital
    letter."""
    return all(w.isupper() or not _cased(w) for w in words) and any(
        sum(c.isupper() for c in w) > 1 for w in words
    )


def _lower(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words as matched whatever their case: lower case, without diacritics or full stops
    ("Jr." and "JR", "." alike)."""
    return tuple(f for w in words if (f := fold(w).lower().rstrip(".")))


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
