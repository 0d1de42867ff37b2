"""Every name in the registry is found whatever its case: as written, in capitals (headlines,
datelines: "RUSSIA", "UNITED NATIONS"), and an acronym spoken as a word also as a word ("Nato",
"Ecowas"). Sentences written for these tests."""

from __future__ import annotations

import re

import pytest

from multipolar.nlp import load_nlp
from multipolar.resolve import Registry, Resolver


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def resolver(nlp):
    return Resolver(Registry.load(), nlp)


def registered_names(registry: Registry) -> list[tuple[str, str]]:
    """(name, actor id) for every name and alias of every actor (a state's sectors are named by the
    state and a noun, not by a name of their own: tests/test_sectors.py)."""
    return [
        (n, a.id) for a in registry if not a.sector for n in dict.fromkeys((a.name, *a.aliases)) if n.strip()
    ]


def found(resolver, doc, actor: str, start: int, end: int) -> bool:
    """Whether the phrase table matches tokens start..end as a name of *actor*."""
    return any(
        (s, e) == (start, end) and any(n.actor == actor for n in resolver.names.get(key, ()))
        for key, s, e in resolver.phrases(doc)
    )


def test_every_alias_resolves_as_written_and_in_capitals(resolver, nlp):
    """(In capitals, a name that is written so for another actor is that one: "JEM" is Sudan's
    Justice and Equality Movement, "JeM" Pakistan's Jaish-e-Mohammed.)"""
    missed = []
    written = set(resolver.names)
    for name, actor in registered_names(resolver.registry):
        for form in (name, *([name.upper()] if name.upper() not in written else [])):
            doc = nlp.tokenizer(re.sub(r"^the\s+", "", form, flags=re.I))
            if not found(resolver, doc, actor, 0, len(doc)):
                missed.append((form, actor))
    assert missed == []


def test_every_acronym_spoken_as_a_word_resolves_written_as_one(resolver, nlp):
    """(Unless the word is a name of its own: "Sadat" is the Egyptian president, not Turkey's SADAT.)"""
    written = set(resolver.names)
    acronyms = [
        (n, a)
        for n, a in registered_names(resolver.registry)
        if re.fullmatch(r"[A-Z]{4,}", n) and n.title() not in written
    ]
    assert len(acronyms) > 100
    missed = []
    for name, actor in acronyms:
        doc = nlp(f"On Monday {name.title()} said it would send observers.")
        start = 2
        if not found(resolver, doc, actor, start, start + 1):
            missed.append(name)
    assert missed == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ecowas imposed sanctions on the junta.", "ECOWAS"),
        ("Nato leaders met in Vilnius.", "NATO"),
        ("Asean foreign ministers issued a statement.", "ASEAN"),
        ("Opec cut its output again.", "OPEC"),
        ("TURKEY SENDS TROOPS", "TUR"),
        ("THE UNITED NATIONS CONDEMNED THE ATTACK", "UN"),
    ],
)
def test_acronyms_as_words_and_names_in_capitals(resolver, nlp, text, expected):
    assert expected in {m.actor for m in resolver(nlp(text))}


@pytest.mark.parametrize("text", ["Fact checkers disputed the figures.", "Chad is a name he likes."])
def test_a_capitalised_common_word_is_no_acronym(resolver, nlp, text):
    assert "TCD-FACT" not in {m.actor for m in resolver(nlp(text))}
