"""CLI: ``multipolar actors`` - list stored actors; add, show, search and resolve registry actors."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from multipolar.cli.common import (
    DbOption,
    Format,
    FormatOption,
    UserError,
    emit,
    friendly,
    parse_day,
)
from multipolar.cli.stores import StoreOption, open_for, store_location
from multipolar.resolve import TYPES, Actor, Registry, RegistryError, Resolver, explain
from multipolar.resolve.registry import ENV_VAR, USER_COLUMNS, USER_FILE, env_files, format_row, user_file

RegistryFiles = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Extra actor registry file(s) merged over the bundled one."),
]

actors_app = typer.Typer(
    help="Actors: list those stored (default), or add, show, search and resolve registry actors.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _registry(files: list[Path] | None) -> Registry:
    for path in files or ():
        if not path.is_file():
            raise UserError(f"{path}: no such registry file")
    return Registry.load(extra=tuple(files or ()))


def _row(actor: Actor, registry: Registry) -> dict:
    office = [
        f"{o.title or '/'.join(o.roles)} ({o.actor}) {o.start or '?'}..{o.end or ''}"
        for o in registry.offices_of(actor.id)
    ]
    return {
        "id": actor.id,
        "name": actor.name,
        "type": actor.type,
        "country": actor.country,
        "parent": actor.parent,
        "aliases": list(actor.aliases),
        "capitals": list(actor.capitals),
        "seats": list(actor.seats),
        "demonyms": list(actor.demonyms),
        "surnames": list(actor.surnames),
        "valid_from": actor.valid_from.isoformat() if actor.valid_from else None,
        "valid_to": actor.valid_to.isoformat() if actor.valid_to else None,
        "offices": office,
        "defined_at": registry.sources.get(actor.id),
    }


@actors_app.callback()
@friendly
def list_actors(
    ctx: typer.Context, db: DbOption = None, store: StoreOption = None, fmt: FormatOption = Format.table
) -> None:
    """List the actors stored in the database, most mentioned first, and say which user registries
    every command reads here."""
    if ctx.invoked_subcommand is not None:
        return
    from multipolar.store import StoreError

    typer.echo(registries_in_force(), err=True)
    path, _ = store_location(db, store)
    if not path.exists():
        raise UserError(f"{path}: no such database (run `multipolar ingest` first, or pass --db)")
    try:
        with open_for(db, store) as source:
            rows = source.actors()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    table = [
        {**r, "aliases": r["aliases"][:4], "provisional": "yes" if r["provisional"] else ""} for r in rows
    ]
    emit(rows, fmt, rows=table, title="actors")


def registries_in_force() -> str:
    """One line naming the user registry files that commands here read without being asked."""
    files = env_files()
    if not files:
        how = f"${ENV_VAR} names none that exists" if os.environ.get(ENV_VAR) else f"no ./{USER_FILE} here"
        return f"user registries: none ({how}); the bundled registry only"
    where = f"from ${ENV_VAR}" if os.environ.get(ENV_VAR) else "found in this folder"
    return (
        "user registries ("
        + where
        + "): "
        + ", ".join(f"{p} ({_count(p)} actor{'s' * (_count(p) != 1)})" for p in files)
    )


def _count(path: Path) -> int:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return max(0, sum(1 for ln in lines if ln.strip() and not ln.lstrip().startswith("#")) - 1)


@actors_app.command("unknown")
@friendly
def unknown(
    db: DbOption = None,
    store: StoreOption = None,
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the provisional actors stored: groups the texts name and the registry does not know,
    with their mentions, example sentences, documents and a `multipolar actors add` line for each."""
    from multipolar.store import StoreError

    path, _ = store_location(db, store)
    if not path.exists():
        raise UserError(f"{path}: no such database (run `multipolar ingest` first, or pass --db)")
    try:
        with open_for(db, store) as source:
            rows = source.provisional_actors()
    except StoreError as exc:
        raise UserError(str(exc)) from None
    registry = _registry(registry_files)
    rows = [unknown_row(r, registry) for r in rows]
    table = [
        {
            "id": r["id"],
            "name": r["name"],
            "type": r["type"] or "",
            "country": r["country"] or "",
            "mentions": r["mentions"],
            "documents": len(r["documents"]),
            "example": r["examples"][0] if r["examples"] else "",
            "add": r["registered"] and f"registered now as {r['registered']}" or r["add"],
        }
        for r in rows
    ]
    emit(rows, fmt, rows=table, title="provisional actors (not in the registry)")


def unknown_row(row: dict, registry: Registry) -> dict:
    """A stored provisional actor with the registry actor that now has its name (if any) and the
    ``actors add`` line that would register it."""
    from multipolar.resolve.unknown import add_command

    actor = Actor(
        id=row["id"],
        name=row["name"],
        type=row["type"] or "",
        country=row["country"],
        parent=None,
        aliases=tuple(row["aliases"]),
        provisional=True,
    )
    known = {n.casefold(): a.id for a in registry for n in (a.name, *a.aliases)}
    registered = next(
        (known[f.casefold()] for f in (actor.name, *row["forms"]) if f.casefold() in known), None
    )
    return {**row, "registered": registered, "add": add_command(actor, registry, row["forms"])}


@actors_app.command("resolve")
@friendly
def resolve(
    text: Annotated[str, typer.Argument(help="Text to resolve (quote it).")],
    on: Annotated[str | None, typer.Option("--date", help="Date of the text, YYYY-MM-DD.")] = None,
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show how each actor mention in TEXT resolves, and by which rule."""
    day = _day(on)
    if not text.strip():
        raise UserError("nothing to resolve: the text is empty")
    from multipolar.nlp import load_nlp

    registry = _registry(registry_files)
    nlp = load_nlp()
    resolution = Resolver(registry, nlp).resolve(nlp(text), on=day)
    rows = explain(resolution.mentions)
    for row in rows:
        actor = (
            registry.get(row["actor"]) or resolution.provisional.get(row["actor"]) if row["actor"] else None
        )
        row["name"] = actor.name if actor else None
    columns = ("text", "actor", "name", "person", "rule", "candidates")
    emit(rows, fmt, rows=[{c: r[c] for c in columns} for r in rows], title="mentions")


@actors_app.command("show")
@friendly
def show(
    actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. TUR, LBY-GNA, TUR-ERDOGAN.")],
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.json,
) -> None:
    """Show one registry actor with its names and offices."""
    registry = _registry(registry_files)
    actor = registry.get(actor_id) or registry.get(actor_id.upper())
    if actor is None:
        near = ", ".join(a.id for a in registry.search(actor_id)[:8])
        hint = f" (did you mean: {near})" if near else ""
        raise UserError(f"no actor {actor_id!r} in the registry{hint}")
    row = _row(actor, registry)
    emit(row, fmt, rows=[{"field": k, "value": v} for k, v in row.items()])


@actors_app.command("search")
@friendly
def search(
    word: Annotated[str, typer.Argument(help="Part of an id, name or alias.")],
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Find registry actors by id, name or alias."""
    registry = _registry(registry_files)
    rows = [_row(a, registry) for a in registry.search(word)]
    columns = ("id", "name", "type", "country", "parent", "aliases")
    emit(rows, fmt, rows=[{c: r[c] for c in columns} for r in rows], title=f"actors matching {word!r}")


@actors_app.command("add")
@friendly
def add(
    actor_id: Annotated[str, typer.Argument(help="Stable id: ISO3 for a state, else e.g. SDN-RSF.")],
    name: Annotated[str | None, typer.Option("--name", help="Canonical name.")] = None,
    kind: Annotated[str | None, typer.Option("--type", help=f"One of: {', '.join(TYPES)}.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO3 of the actor's state.")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="Parent or affiliated actor id.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="A name in text (repeatable).")] = None,
    valid_from: Annotated[str | None, typer.Option("--from", help="Valid from YYYY[-MM[-DD]].")] = None,
    valid_to: Annotated[str | None, typer.Option("--to", help="Valid until YYYY[-MM[-DD]].")] = None,
    registry_file: Annotated[
        Path | None,
        typer.Option("--registry", help="User file (default: $MULTIPOLAR_REGISTRY, else " + USER_FILE + ")."),
    ] = None,
) -> None:
    """Add (or extend) an actor in a user registry file, after checking it loads cleanly."""
    target = registry_file or user_file()
    row = {
        "id": actor_id,
        "type": kind or "",
        "name": name or "",
        "country": country or "",
        "parent": parent or "",
        "aliases": "|".join(alias or ()),
        "valid_from": valid_from or "",
        "valid_to": valid_to or "",
    }
    for column, value in row.items():
        if "\t" in value or "\n" in value:
            raise UserError(f"--{column} must not contain tabs or newlines")
    existing = target.read_text(encoding="utf-8") if target.is_file() else ""
    header = "\t".join(USER_COLUMNS) + "\n"
    content = existing if existing.strip() else header
    content = content + ("" if content.endswith("\n") else "\n") + format_row(row) + "\n"
    # Validate the file as it would be, against the bundled registry, before touching the real one.
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / target.name
        trial.write_text(content, encoding="utf-8")
        try:
            registry = Registry.load(extra=(trial,))
        except RegistryError as exc:  # report the user's file, not the trial copy
            raise RegistryError(str(exc).replace(str(trial), str(target))) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    actor = registry.get(actor_id)
    assert actor is not None
    typer.echo(f"{actor.id} ({actor.type}, {actor.name}) written to {os.fspath(target)}")
    typer.echo(_who_reads(target, registry_file is not None))


def _who_reads(target: Path, explicit: bool) -> str:
    """Which later commands will read the user file just written."""
    named = [Path(p).resolve() for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    if target.resolve() in named:
        return f"every later multipolar command reads it while ${ENV_VAR} names it"
    if not named and target.resolve() == Path(USER_FILE).resolve():
        return f"every later multipolar command run in this folder ({Path.cwd()}) reads it"
    how = f"pass --registry {os.fspath(target)} (or name it in ${ENV_VAR})"
    return f"commands do not read it by themselves: {how}" if explicit or named else how


def _day(value: str | None):
    return parse_day(value, "--date")


def register(app: typer.Typer) -> None:
    """Add the ``actors`` command group to *app*."""
    app.add_typer(actors_app, name="actors")
