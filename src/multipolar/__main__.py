"""``multipolar`` and ``python -m multipolar``: the command line, behind one last-resort handler.

The handler is installed before the command modules (and spaCy, DuckDB ...) are imported, so
nothing a run can raise, Ctrl-C during start-up included, reaches the user as a traceback:
whatever escapes the commands' own handling becomes ``multipolar: error: ...`` and exit 1, and
Ctrl-C ``multipolar: interrupted`` and exit 130. ``--debug`` anywhere on the command line (or
``MULTIPOLAR_DEBUG=1``) shows the traceback as well.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from contextlib import suppress

DEBUG_FLAG = "--debug"
INTERRUPTED = 130


def _take_debug_flag(args: list[str]) -> list[str]:
    """*args* without ``--debug`` (before a ``--`` separator); the flag sets ``MULTIPOLAR_DEBUG``."""
    end = args.index("--") if "--" in args else len(args)
    if DEBUG_FLAG in args[:end]:
        os.environ["MULTIPOLAR_DEBUG"] = "1"
        args = [a for a in args[:end] if a != DEBUG_FLAG] + args[end:]
    return args


def last_resort(exc: BaseException) -> int:
    """Report *exc* in one line on stderr and return the exit status."""
    try:
        from multipolar.errors import debugging, describe, is_interrupt

        if isinstance(exc, KeyboardInterrupt) or is_interrupt(exc):
            sys.stderr.write("multipolar: interrupted\n")
            return INTERRUPTED
        if debugging():
            traceback.print_exception(exc)
        sys.stderr.write(f"multipolar: error: {describe(exc)}\n")
        sys.stderr.flush()
    except KeyboardInterrupt:
        return INTERRUPTED
    except BaseException:  # noqa: BLE001 - stderr itself is gone; the status still tells
        pass
    return 1


def _ignore_interrupts_from_now_on() -> None:
    """The command has finished and its writes are committed: Ctrl-C during the interpreter's
    teardown (freeing a loaded model can take a while) is ignored rather than killing the process.
    A Python handler would not do: Python puts back the default action, death by SIGINT, early in
    its teardown, and leaves only an ignored signal as it is."""
    with suppress(ValueError):  # not the main thread: the caller owns the signals
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main(argv: list[str] | None = None) -> None:
    """Run the command line on *argv* (default ``sys.argv[1:]``) and exit with its status."""
    try:
        args = _take_debug_flag(list(sys.argv[1:] if argv is None else argv))
        from multipolar.cli import app

        app(args=args, prog_name="multipolar")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the last-resort handler
        sys.exit(last_resort(exc))


def program() -> None:
    """The ``multipolar`` program: :func:`main`, then an exit that Ctrl-C cannot turn into death
    by signal (the in-process :func:`main` leaves the caller's signal handling alone)."""
    try:
        main()
    finally:
        _ignore_interrupts_from_now_on()


if __name__ == "__main__":
    program()
