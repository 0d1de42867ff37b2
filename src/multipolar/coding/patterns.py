"""Event patterns: loading, checking and indexing the YAML files under ``data/patterns/``.

A pattern maps a trigger (a verb or noun lemma, optionally with a particle: ``shoot down``, and a
preposition: ``pull out of``) to a
PLOVER type, mode and context, and lists the dependency roles where its source and target actors
are found. The format is documented in docs/coding.md. Files are read once; patterns are indexed
by trigger lemma so the coder looks each token up in one dictionary access.

Every name a pattern uses is checked when the file loads: a role must be registered
(:mod:`.roles`) or be a preposition, a reading (the ``readings:`` list of a file, rewrites of a
type by a registered condition, :mod:`.readings`) must be registered; an unknown one is an error
naming the file and line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from multipolar.coding.ontology import Ontology, load_ontology
from multipolar.coding.readings import READINGS, STAGES
from multipolar.coding.roles import role_problem
from multipolar.errors import MultipolarError

VERB_SOURCES = ("subject",)
VERB_TARGETS = ("object",)
NOUN_SOURCES = ("poss", "mod", "by", "host")
NOUN_TARGETS = ("of",)
ANY_ACTOR = "$any_actor"  # the object must be an actor mention
# the object may be an armed group or PMC named as such: forces sent ("deployed the X Brigade to Y"),
# like troops or mercenaries (PLOVER AID: "military ... assistance including arms and personnel")
ARMED_ACTOR = "$armed_actor"
ARMED_TYPES = frozenset(("armed_group", "pmc"))
PATTERN_KEYS = {
    "id", "type", "mode", "context", "verbs", "nouns", "adjectives", "objects", "modifiers", "modals",
    "predicates", "source", "target", "symmetric", "absorbs", "reverse", "comment", "requires",
}  # fmt: skip
READING_KEYS = {"reading", "type", "becomes", "abroad", "comment"}
BECOMES_KEYS = {"type", "mode", "context", "symmetric"}


class PatternError(MultipolarError, ValueError):
    """A pattern file is unreadable or a pattern is malformed (the message names file and pattern)."""


@dataclass(frozen=True)
class Pattern:
    id: str
    type: str
    kind: str  # "verb", "noun" or "adj"
    lemma: str  # the trigger's head lemma
    particle: str | None = None  # "down" in "shoot down"
    preposition: str | None = None  # "of" in "pull out of": a required preposition on the trigger
    mode: str | None = None
    context: str | None = None
    objects: frozenset[str] = frozenset()  # allowed object lemmas (empty: any or none)
    objects_actor: bool = False  # an object that is an actor mention also satisfies `objects`
    objects_armed: bool = False  # so does an object that is an armed group or PMC (ARMED_ACTOR)
    modifiers: frozenset[str] = frozenset()  # required amod/compound lemma on the trigger
    modals: frozenset[str] = frozenset()  # required modal in the reported content ("X said Y must")
    predicates: frozenset[str] = frozenset()  # what a naming verb must call its object ("an aggression")
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    symmetric: bool = False  # both directions between sources and targets
    coordinated: bool = False  # coordinated sources with no target act on each other
    joint: bool = False  # only between two parties: one actor alone is no event ("held exercises")
    absorbs: bool = False  # an event in this trigger's xcomp is folded into this one
    reverse: bool = False  # the grammatical object is the source ("X hosted Y": Y visits X)
    requires: tuple[str, ...] = ()  # roles that must be filled ("fight" + side: "on X's side")

    @property
    def specificity(self) -> int:
        return (
            2
            * bool(
                self.objects
                or self.objects_actor
                or self.objects_armed
                or self.modals
                or self.requires
                or self.predicates
            )
            + bool(self.modifiers)
            + bool(self.particle)
        )


@dataclass(frozen=True)
class Rewrite:
    """A reading declared in a pattern file: acts of type *when* for which the registered condition
    *reading* holds are coded as *becomes* says (type, mode, context)."""

    reading: str
    when: str
    becomes: tuple[tuple[str, Any], ...]
    stage: str
    abroad: bool = False  # the recoded act is aimed at others, never at the doer's own country

    def apply(self, p: Pattern) -> Pattern:
        return replace(p, id=f"{p.id}+{self.reading}", **dict(self.becomes))


@dataclass
class PatternSet:
    """All patterns, indexed by (kind, lemma), most specific first, and the readings declared."""

    patterns: list[Pattern] = field(default_factory=list)
    index: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    lexicon: dict[str, frozenset[str]] = field(default_factory=dict)
    rewrites: list[Rewrite] = field(default_factory=list)

    def rewrites_at(self, stage: str) -> list[Rewrite]:
        """The rewrites judged at *stage* of coding, in file order."""
        return [r for r in self.rewrites if r.stage == stage]

    def lookup(self, kind: str, lemma: str) -> list[Pattern]:
        return self.index.get((kind, lemma), [])

    def by_id(self, pattern_id: str) -> Pattern | None:
        return next((p for p in self.patterns if p.id == pattern_id), None)

    def __len__(self) -> int:
        return len({p.id for p in self.patterns})


def default_dir() -> Path:
    return Path(str(resources.files("multipolar") / "data" / "patterns"))


def pattern_files(path: Path | None) -> list[Path]:
    """Event-pattern files: a file, or the YAML files in a folder that hold a ``patterns`` list."""
    path = path or default_dir()
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise PatternError(f"pattern path {path} does not exist")
    return sorted(p for p in path.glob("*.y*ml") if p.stem not in ("modality", "dates"))


def load_patterns(path: Path | None = None, ontology: Ontology | None = None) -> PatternSet:
    ontology = ontology or load_ontology()
    raws: list[tuple[Path, dict]] = []
    for f in pattern_files(path):
        try:
            raw = yaml.load(f.read_text(encoding="utf-8"), Loader=LineLoader) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise PatternError(f"cannot read pattern file {f}: {exc}") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("patterns", []), list):
            raise PatternError(f"{f}: expected a mapping with a 'patterns' list")
        raws.append((f, raw))
    lexicon: dict[str, frozenset[str]] = {}
    for _f, raw in raws:
        for name, words in (raw.get("lexicon") or {}).items():
            lexicon[name] = frozenset(str(w).lower() for w in words)
    out = PatternSet(lexicon=lexicon)
    seen: set[str] = set()
    prepositions = lexicon.get("prepositions", frozenset())
    for f, raw in raws:
        for spec in raw.get("readings") or []:
            out.rewrites.append(parse_reading(spec, ontology, str(f)))
        for spec in raw.get("patterns", []):
            for p in parse_pattern(spec, lexicon, ontology, str(f), prepositions):
                if p.id in seen and not out.by_id(p.id):
                    raise PatternError(f"{f}: duplicate pattern id {p.id!r}")
                seen.add(p.id)
                out.patterns.append(p)
    out.patterns = [with_type_names(p, out.patterns, ontology) for p in out.patterns]
    index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
    for p in out.patterns:
        index[(p.kind, p.lemma)].append(p)
    # Stable sort: more specific patterns first, file order among equals.
    out.index = {k: sorted(v, key=lambda p: -p.specificity) for k, v in index.items()}
    if not out.patterns:
        raise PatternError(f"no event patterns found under {path or default_dir()}")
    return out


def with_type_names(p: Pattern, patterns: list[Pattern], ontology: Ontology) -> Pattern:
    """*p* with each ``@TYPE`` among its predicates replaced by the noun triggers of that PLOVER
    type ("called it an @ASSAULT": an attack, a bombing, a massacre ...)."""
    types = {w[1:].upper() for w in p.predicates if w.startswith("@")}
    if not types:
        return p
    unknown = types - set(ontology.types)
    if unknown:
        raise PatternError(f"pattern {p.id!r}: unknown PLOVER type in predicates: {sorted(unknown)}")
    nouns = {q.lemma for q in patterns if q.kind == "noun" and q.type in types}
    return replace(p, predicates=frozenset(w for w in p.predicates if not w.startswith("@")) | nouns)


def _words(values, lexicon: dict[str, frozenset[str]], where: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words a list names (``$name``: a lexicon list), and the actor markers it holds."""
    words: set[str] = set()
    actor: set[str] = set()
    for v in values or ():
        v = str(v).lower()
        if v in (ANY_ACTOR, ARMED_ACTOR):
            actor.add(v)
        elif v.startswith("$"):
            if v[1:] not in lexicon:
                raise PatternError(f"{where}: unknown word list {v!r}")
            words |= lexicon[v[1:]]
        else:
            words.add(v)
    return frozenset(words), frozenset(actor)


def parse_pattern(
    spec: dict,
    lexicon: dict[str, frozenset[str]],
    ontology: Ontology,
    source: str,
    prepositions: frozenset[str] | None = None,
) -> list[Pattern]:
    """One YAML entry -> one Pattern per trigger lemma. Roles are checked against the registered
    ones and *prepositions* (default: the lexicon's ``prepositions``)."""
    if not isinstance(spec, dict) or "id" not in spec:
        raise PatternError(f"{source}:{line_of(spec)}: every pattern needs an 'id' ({spec!r:.80})")
    where = f"{source}:{line_of(spec)}: pattern {spec['id']!r}"
    unknown = set(spec) - PATTERN_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
    etype = spec.get("type")
    if etype not in ontology:
        raise PatternError(f"{where}: unknown PLOVER type {etype!r}")
    context = spec.get("context")
    if context is not None and context not in ontology.contexts:
        raise PatternError(f"{where}: unknown context {context!r}")
    verbs, nouns, adjs = spec.get("verbs") or [], spec.get("nouns") or [], spec.get("adjectives") or []
    if sum(map(bool, (verbs, nouns, adjs))) != 1:
        raise PatternError(f"{where}: give one of 'verbs', 'nouns' or 'adjectives'")
    kind = "verb" if verbs else "noun" if nouns else "adj"
    objects, object_actors = _words(spec.get("objects"), lexicon, where)
    modifiers, _ = _words(spec.get("modifiers"), lexicon, where)
    modals, _ = _words(spec.get("modals"), lexicon, where)
    predicates, _ = _words(spec.get("predicates"), lexicon, where)
    default_src, default_tgt = (NOUN_SOURCES, NOUN_TARGETS) if nouns else (VERB_SOURCES, VERB_TARGETS)
    roles_src = tuple(spec.get("source") or default_src)
    roles_tgt = tuple(spec.get("target", default_tgt))
    if spec.get("symmetric") not in (None, True, False, "coordinated", "joint"):
        raise PatternError(f"{where}: symmetric must be true, false, 'coordinated' or 'joint'")
    if prepositions is None:
        prepositions = lexicon.get("prepositions", frozenset())
    for key in ("source", "target", "requires"):
        values = spec.get(key)
        if values is None:
            continue
        for i, role in enumerate(values if isinstance(values, list) else [values]):
            problem = role_problem(role, prepositions)
            if problem:
                raise PatternError(
                    f"{source}:{line_of(values, i, spec, key)}: pattern {spec['id']!r}: {problem}"
                )
    out = []
    for trigger in verbs or nouns or adjs:
        words = str(trigger).lower().split()
        if len(words) > 3:
            raise PatternError(f"{where}: trigger {trigger!r} has more than three words")
        out.append(
            Pattern(
                id=str(spec["id"]),
                type=etype,
                kind=kind,
                lemma=words[0],
                particle=words[1] if len(words) > 1 else None,
                preposition=words[2] if len(words) > 2 else None,
                mode=spec.get("mode"),
                context=context,
                objects=objects,
                objects_actor=ANY_ACTOR in object_actors,
                objects_armed=ARMED_ACTOR in object_actors,
                modifiers=modifiers,
                modals=modals,
                predicates=predicates,
                source=roles_src,
                target=roles_tgt,
                symmetric=spec.get("symmetric") is True,
                coordinated=spec.get("symmetric") in (True, "coordinated", "joint"),
                joint=spec.get("symmetric") == "joint",
                absorbs=bool(spec.get("absorbs", False)),
                reverse=bool(spec.get("reverse", False)),
                requires=tuple(spec.get("requires") or ()),
            )
        )
    return out


def parse_reading(spec: dict, ontology: Ontology, source: str) -> Rewrite:
    """One entry of a file's ``readings:`` list -> a :class:`Rewrite` (see :mod:`.readings`)."""
    if not isinstance(spec, dict) or "reading" not in spec:
        raise PatternError(f"{source}:{line_of(spec)}: every reading needs a 'reading' name")
    name = spec["reading"]
    where = f"{source}:{line_of(spec, key='reading')}: reading {name!r}"
    unknown = set(spec) - READING_KEYS
    if unknown:
        raise PatternError(f"{where}: unknown keys {sorted(unknown)}")
    if name not in READINGS:
        raise PatternError(f"{where}: unknown reading (registered: {', '.join(READINGS.names())})")
    stage = READINGS.get(name).info.get("stage")
    if stage not in STAGES:
        raise PatternError(f"{where}: this reading is applied by the coder itself, not declared in a file")
    becomes = spec.get("becomes")
    if not isinstance(becomes, dict) or not becomes or set(becomes) - BECOMES_KEYS:
        raise PatternError(f"{where}: 'becomes' must map some of {sorted(BECOMES_KEYS)} to values")
    for key, known in (("type", ontology), ("context", ontology.contexts)):
        for value in (spec.get("type") if key == "type" else None, becomes.get(key)):
            if value is not None and value not in known:
                raise PatternError(f"{where}: unknown {'PLOVER type' if key == 'type' else key} {value!r}")
    if spec.get("type") is None:
        raise PatternError(f"{where}: give the 'type' the reading applies to")
    return Rewrite(
        reading=name,
        when=spec["type"],
        becomes=tuple(sorted(becomes.items())),
        stage=stage,
        abroad=bool(spec.get("abroad", False)),
    )


# ---------------------------------------------------------------------- YAML with line numbers
class Located(dict):
    """A YAML mapping that remembers the line of each of its values."""

    line = 0
    lines: dict


class LocatedList(list):
    """A YAML sequence that remembers the line of each of its items."""

    line = 0
    lines: list


class LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loading that keeps line numbers, for messages that name the line (LibYAML's
    parser where PyYAML has it: every process, each worker included, loads the patterns at start,
    and the pure-Python parser took most of that time)."""


def _mapping(loader: LineLoader, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    out = Located()
    out.line, out.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = value_node.start_mark.line + 1
    return out


def _sequence(loader: LineLoader, node: yaml.SequenceNode) -> LocatedList:
    out = LocatedList(loader.construct_object(n, deep=True) for n in node.value)
    out.line, out.lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
    return out


LineLoader.add_constructor("tag:yaml.org,2002:map", _mapping)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _sequence)


def line_of(
    value: object, index: int | None = None, parent: object = None, key: str | None = None
) -> int | str:
    """The line of *value* (of its item *index*, or of *parent*'s *key*), or "?" when unknown."""
    if index is not None and isinstance(value, LocatedList) and index < len(value.lines):
        return value.lines[index]
    if key is not None:
        holder = parent if parent is not None else value
        if isinstance(holder, Located) and key in holder.lines:
            return holder.lines[key]
    return getattr(value, "line", None) or "?"
