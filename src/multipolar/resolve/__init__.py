"""resolve stage: who acts. A registry of actors (data files) and a resolver of mentions in text.

``Registry.load()`` reads the bundled registry (plus user files); ``Resolver(registry, nlp)(doc, on)``
returns the document's :class:`~multipolar.document.Mention` s, each with the rule that resolved it.
"""

from multipolar.resolve.entries import TYPES, Actor, Office, RegistryError, Sense
from multipolar.resolve.explain import RULES, explain
from multipolar.resolve.registry import Registry
from multipolar.resolve.resolver import Resolver

__all__ = ["TYPES", "Actor", "Office", "RULES", "Registry", "RegistryError", "Resolver", "Sense", "explain"]
