"""CLI: ``multipolar actors`` - list stored actors; add, show, search and resolve registry actors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from multipolar.api import actors
from multipolar.cli.common import DbOption, Format, FormatOption, emit, friendly, parse_day
from multipolar.cli.selection import StoreOption, corpus_for

RegistryFiles = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Extra actor registry file(s) merged over the bundled one."),
]

actors_app = typer.Typer(
    help="Actors: list those stored (default), or add, show, search and resolve registry actors.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@actors_app.callback()
@friendly
def list_actors(
    ctx: typer.Context, db: DbOption = None, store: StoreOption = None, fmt: FormatOption = Format.table
) -> None:
    """List the actors stored in the database, most mentioned first, and say which user registries
    every command reads here."""
    if ctx.invoked_subcommand is not None:
        return
    typer.echo(actors.registries_in_force(), err=True)
    with corpus_for(db, store) as corpus:
        rows = corpus.actor_rows()
    table = [
        {**r, "aliases": r["aliases"][:4], "provisional": "yes" if r["provisional"] else ""} for r in rows
    ]
    emit(rows, fmt, rows=table, title="actors")


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
    with corpus_for(db, store) as corpus:
        rows = actors.unknown_actors(corpus, registry_files or ())
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


@actors_app.command("resolve")
@friendly
def resolve(
    text: Annotated[str, typer.Argument(help="Text to resolve (quote it).")],
    on: Annotated[str | None, typer.Option("--date", help="Date of the text, YYYY-MM-DD.")] = None,
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show how each actor mention in TEXT resolves, and by which rule."""
    rows = actors.resolve_names(text, date=parse_day(on, "--date"), registry=registry_files or ())
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
    row = actors.find_actor(actor_id, registry_files or ())
    emit(row, fmt, rows=[{"field": k, "value": v} for k, v in row.items()])


@actors_app.command("search")
@friendly
def search(
    word: Annotated[str, typer.Argument(help="Part of an id, name or alias.")],
    registry_files: RegistryFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Find registry actors by id, name or alias."""
    rows = actors.search_actors(word, registry_files or ())
    columns = ("id", "name", "type", "country", "parent", "aliases")
    emit(rows, fmt, rows=[{c: r[c] for c in columns} for r in rows], title=f"actors matching {word!r}")


@actors_app.command("add")
@friendly
def add(
    actor_id: Annotated[str, typer.Argument(help="Stable id: ISO3 for a state, else e.g. SDN-RSF.")],
    name: Annotated[str | None, typer.Option("--name", help="Canonical name.")] = None,
    kind: Annotated[str | None, typer.Option("--type", help=f"One of: {', '.join(actors.TYPES)}.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO3 of the actor's state.")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="Parent or affiliated actor id.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="A name in text (repeatable).")] = None,
    valid_from: Annotated[str | None, typer.Option("--from", help="Valid from YYYY[-MM[-DD]].")] = None,
    valid_to: Annotated[str | None, typer.Option("--to", help="Valid until YYYY[-MM[-DD]].")] = None,
    registry_file: Annotated[
        Path | None,
        typer.Option(
            "--registry", help="User file (default: $MULTIPOLAR_REGISTRY, else " + actors.USER_FILE + ")."
        ),
    ] = None,
) -> None:
    """Add (or extend) an actor in a user registry file, after checking it loads cleanly."""
    added = actors.add_actor(
        actor_id,
        name=name or "",
        type=kind or "",
        country=country or "",
        parent=parent or "",
        aliases=alias or (),
        valid_from=valid_from or "",
        valid_to=valid_to or "",
        file=registry_file,
    )
    typer.echo(
        f"{added.actor.id} ({added.actor.type}, {added.actor.name}) written to {os.fspath(added.path)}"
    )
    typer.echo(added.read_by)


def register(app: typer.Typer) -> None:
    """Add the ``actors`` command group to *app*."""
    app.add_typer(actors_app, name="actors")
