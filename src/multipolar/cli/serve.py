"""CLI: ``multipolar serve``, the report's views as a web app over a store that keeps growing."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer

from multipolar.cli.common import DbOption, UserError, friendly, say
from multipolar.cli.selection import StoreOption, store_location


@friendly
def serve(
    db: DbOption = None,
    store: StoreOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="MULTIPOLAR_TOKEN",
            show_envvar=True,
            help="Secret every request must carry (at least 16 characters).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title shown at the top of the app.")] = None,
    refresh: Annotated[
        float, typer.Option("--refresh", min=0.2, help="Seconds between checks for new documents.")
    ] = 1.0,
) -> None:
    """Serve the network, blocs, timeline, alignment, rivalries and evidence of a store as a web
    app, with JSON endpoints (OpenAPI at /openapi.json); it shows new documents as they are ingested.

    Read-only, and on this machine only unless --host and a token say otherwise. See docs/serve.md.
    """
    from multipolar.serve import UnsafeBind, check_bind, loopback
    from multipolar.serve import serve as run

    path, parquet = store_location(db, store)
    try:
        check_bind(host, token)
    except UnsafeBind as exc:
        raise UserError(str(exc)) from None
    if not path.exists():
        raise UserError(
            f"{path}: no such {'store' if parquet else 'database'} (run 'multipolar ingest' first)"
        )
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    say(f"multipolar serve: {path} ({'Parquet store' if parquet else 'DuckDB file'}), read-only")
    if loopback(host):
        say(
            f"open http://{shown}:{port}/ (this machine only"
            + ("; requests need the token)" if token else ")")
        )
    else:
        say(f"listening on {shown}:{port}, reachable from other machines: every request needs the token")
        say(f"open http://{shown}:{port}/?token=TOKEN once, or send 'Authorization: Bearer TOKEN'")
    say("Ctrl-C stops it")
    run(path, parquet=parquet, host=host, port=port, token=token, title=title, refresh=refresh)


def _check_port(host: str, port: int) -> None:
    """A one-line error now, rather than uvicorn's log, when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        if os.name != "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host.strip("[]"), port))
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    finally:
        probe.close()


def register(app: typer.Typer) -> None:
    """Add this module's commands to *app*."""
    app.command("serve")(serve)
