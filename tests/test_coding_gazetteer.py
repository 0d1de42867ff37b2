"""Shared helpers for the coding tests: a parsed sentence with hand-made actor mentions.

The coder is tested apart from the resolver: mentions come from a small gazetteer here, so a
change in the actor registry cannot change what these tests check.
"""

from __future__ import annotations

from datetime import date

from multipolar.document import Document, Mention

GAZETTEER = {
    "France": "FRA",
    "French": "FRA",
    "Paris": "FRA",
    "Egypt": "EGY",
    "Egyptian": "EGY",
    "Cairo": "EGY",
    "Russia": "RUS",
    "Russian": "RUS",
    "Moscow": "RUS",
    "Turkey": "TUR",
    "Turkish": "TUR",
    "Ankara": "TUR",
    "Greece": "GRC",
    "Greek": "GRC",
    "Athens": "GRC",
    "Haftar": "LBY-LAAF",
    "Wagner": "RUS-WAGNER",
    "UAE": "ARE",
    "Emirati": "ARE",
    "Germany": "DEU",
    "Berlin": "DEU",
    "Sudan": "SDN",
    "Israel": "ISR",
    "Iran": "IRN",
    "Qatar": "QAT",
    "Mali": "MLI",
    "Malian": "MLI",
    "UN": "UN",
    "EU": "EU",
    "Italy": "ITA",
    "China": "CHN",
    "Chinese": "CHN",
    "Ukraine": "UKR",
    "Kyiv": "UKR",
    "Armenia": "ARM",
    "Azerbaijan": "AZE",
}
DOC_DATE = date(2019, 12, 15)


def mentions_for(doc) -> list[Mention]:
    sent_index = {s.start: k for k, s in enumerate(doc.sents)}
    out = []
    k = -1
    for tok in doc:
        if tok.i in sent_index:
            k = sent_index[tok.i]
        actor = GAZETTEER.get(tok.text)
        if actor:
            out.append(
                Mention(tok.idx, tok.idx + len(tok.text), tok.text, actor, "alias", k, tok.i, tok.i + 1)
            )
    return out


def code(nlp, coder, text: str, when: date | None = DOC_DATE):
    document = Document(text=text, date=when)
    doc = nlp(text)
    return coder(doc, mentions_for(doc), document)


def triples(events) -> set[tuple]:
    return {(e.source, e.target, e.type) for e in events}
