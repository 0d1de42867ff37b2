"""Small hand-made events and signed graphs for the examples in the documentation, as networkx
ships its small graphs: the examples of :mod:`multipolar.analyse` start from one of these.

The sentences are made up for the examples; they describe no real week.
"""

from __future__ import annotations

import networkx as nx

from multipolar.document import Event

MATERIAL = {"AID", "ASSAULT"}
CONFLICT = {"ASSAULT", "ACCUSE"}

# doc, sentence, source, type, target, date
LIBYA = [
    ("d1", "Turkey sent drones to the GNA.", "TUR", "AID", "LBY-GNA", "2020-01-05"),
    ("d1", "Haftar's forces shelled Tripoli.", "LBY-LAAF", "ASSAULT", "LBY-GNA", "2020-01-06"),
    ("d2", "Russia backed Haftar.", "RUS", "SUPPORT", "LBY-LAAF", "2020-01-20"),
    ("d3", "Russia criticised Haftar.", "RUS", "ACCUSE", "LBY-LAAF", "2020-03-02"),
    ("d3", "Russia praised the GNA.", "RUS", "SUPPORT", "LBY-GNA", "2020-03-04"),
]
# doc, sentence, source, type, target, theatre, the words that placed it
PLACED = [
    ("d1", "Russia armed Haftar.", "RUS", "AID", "LBY-LAAF", "libya", "actor: Haftar"),
    ("d1", "Turkey armed the GNA.", "TUR", "AID", "LBY-GNA", "libya", "actor: GNA"),
    ("d1", "Haftar attacked the GNA.", "LBY-LAAF", "ASSAULT", "LBY-GNA", "libya", "actor: Haftar"),
    ("d2", "Russia and Turkey signed a gas deal.", "RUS", "AGREE", "TUR", None, "none: no place"),
]


def _event(doc: str, sentence: str, source: str, kind: str, target: str, **more: str | None) -> Event:
    quad = ("material_" if kind in MATERIAL else "verbal_") + (
        "conflict" if kind in CONFLICT else "cooperation"
    )
    polarity = -1 if kind in CONFLICT else 1
    return Event(doc, sentence, 0, len(sentence), source, target, kind, quad, polarity, **more)  # type: ignore[arg-type]


def libya_events() -> list[Event]:
    """Five dated events of a made-up quarter of the Libyan war: Turkey arms the GNA and Haftar's
    forces shell it (January 2020); Russia backs Haftar in January, criticises him and praises the
    GNA in March."""
    return [_event(*row[:5], date=row[5]) for row in LIBYA]


def placed_events() -> list[Event]:
    """Five events placed in theatres: in Libya, Russia arms Haftar, Turkey arms the GNA and Haftar
    attacks the GNA; bilaterally, Russia and Turkey sign a gas deal (one act, coded both ways)."""
    events = [_event(*row[:5], theatre=row[5], theatre_basis=row[6]) for row in PLACED]
    deal = events.pop()
    signed = {"theatre_basis": deal.theatre_basis, "trigger": "signed"}
    return [
        *events,
        *(
            _event(deal.doc, deal.sentence, a, "AGREE", b, **signed)
            for a, b in (("RUS", "TUR"), ("TUR", "RUS"))
        ),
    ]


def triangle() -> nx.Graph:
    """A signed triangle that cannot be balanced: Russia and Syria allied (+2), Turkey against
    Syria (-2), and Russia and Turkey cooperating (+1)."""
    signed = nx.Graph()
    signed.add_weighted_edges_from([("RUS", "SYR", 2.0), ("TUR", "SYR", -2.0), ("RUS", "TUR", 1.0)])
    return signed


def go_between() -> nx.Graph:
    """Two camps (Russia and Syria; the United States and Israel) that clash, and Turkey, which
    cooperates with Russia and with the United States."""
    signed = nx.Graph()
    signed.add_weighted_edges_from(
        [
            ("RUS", "SYR", 2.0),
            ("USA", "ISR", 2.0),
            ("SYR", "ISR", -2.0),
            ("RUS", "USA", -1.0),
            ("TUR", "RUS", 1.0),
            ("TUR", "USA", 1.0),
        ]
    )
    return signed
