"""The analysis of the seed article (read from ../shared, never copied): who is with whom, and who brokers.

A reader of the article puts Russia, the UAE, Egypt, France and Haftar's forces on one side and Turkey
and the GNA on the other, with Russia as a power broker. Nothing in the analysis names these actors:
the blocs and the ranking come from the general rules in docs/analysis.md.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from multipolar.analyse import analyse, fold_units, unit_parents
from multipolar.read import read_document
from multipolar.resolve import Registry

pytestmark = pytest.mark.seed

HAFTAR_SIDE = {"RUS", "ARE", "EGY", "FRA", "LBY-LAAF"}
GNA_SIDE = {"TUR", "LBY-GNA"}


@pytest.fixture(scope="module")
def analysis(seed_path: Path, pipeline):
    document = pipeline.process(read_document(seed_path))
    # as the commands do by default (--merge-units): the Turkish Armed Forces act for Turkey
    parents = unit_parents(asdict(actor) for actor in Registry.load())
    return analyse(fold_units(document.events, parents))


def test_seed_blocs_split_haftar_backers_from_turkey_and_the_gna(analysis) -> None:
    blocs = analysis.blocs
    missing = sorted(a for a in HAFTAR_SIDE | GNA_SIDE if blocs.bloc_of(a) is None)
    assert not missing, f"no signed tie for {missing}"
    haftar = {blocs.bloc_of(a) for a in HAFTAR_SIDE}
    gna = {blocs.bloc_of(a) for a in GNA_SIDE}
    assert len(haftar) == 1 and len(gna) == 1 and haftar != gna, blocs.blocs


def test_seed_the_tie_against_the_blocs_is_russias_deal_with_turkey(analysis) -> None:
    # Russia backs Haftar yet deals with Turkey: that cooperation across the divide is what a
    # broker's tie looks like, so it is the one balance cannot satisfy.
    frustrated = {frozenset((u, v)) for u, v, _ in analysis.blocs.frustrated}
    assert frozenset(("RUS", "TUR")) in frustrated, analysis.blocs.frustrated


def test_seed_russia_is_a_top_broker(analysis) -> None:
    top = [b.actor for b in analysis.brokers[:3]]
    assert "RUS" in top, [(b.actor, round(b.score, 3)) for b in analysis.brokers[:6]]
    # a broker works with both sides: Russia has a cooperative tie into each bloc of its component
    assert next(b for b in analysis.brokers if b.actor == "RUS").reach == 1.0


def test_seed_blocs_are_fairly_clean(analysis) -> None:
    assert analysis.blocs.normalised < 0.25, analysis.blocs.to_dict()
