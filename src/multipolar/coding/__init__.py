"""coding stage: PLOVER events from the parse, the actor mentions and data-file patterns.

``Coder`` is the one interface (rule-based now, a classifier later); ``load_ontology`` gives the
PLOVER types, quad classes, modes, contexts and modality weights.
"""

from typing import TYPE_CHECKING

from multipolar.coding.dates import DateResolver, resolve_date
from multipolar.coding.modality import ModalityCues
from multipolar.coding.ontology import EventType, Ontology, OntologyError, load_ontology
from multipolar.coding.patterns import Pattern, PatternError, PatternSet, load_patterns

if TYPE_CHECKING:
    from multipolar.coding.coder import Coder


def __getattr__(name: str) -> object:
    # The coder needs spaCy; the ontology and patterns do not. Importing the coder lazily lets
    # the analysis read the ontology's weights without loading spaCy.
    if name == "Coder":
        from multipolar.coding.coder import Coder

        return Coder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Coder",
    "DateResolver",
    "EventType",
    "ModalityCues",
    "Ontology",
    "OntologyError",
    "Pattern",
    "PatternError",
    "PatternSet",
    "load_ontology",
    "load_patterns",
    "resolve_date",
]
