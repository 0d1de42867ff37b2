"""Run the console sessions of the README and docs/*.md on a fresh demo, and write what they print
now back into the documents (``--check``: only say which differ). ``tests/test_docs.py`` runs the
same comparison in the test suite; the conventions are in ``tools/console_docs.py``.

    python tools/refresh_docs.py             # refresh every document
    python tools/refresh_docs.py README.md   # one document
    python tools/refresh_docs.py --check     # compare only; exit status 1 when one differs

Read the diff before committing: a changed output is either the code's progress (keep it) or a
regression the docs just caught (fix the code).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import console_docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "documents", nargs="*", type=Path, help="Documents (default: README.md and docs/*.md)."
    )
    parser.add_argument("--check", action="store_true", help="Only compare; change nothing.")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.documents] or console_docs.documents()
    differing = 0
    with tempfile.TemporaryDirectory(prefix="multipolar-docs-") as tmp:
        print("making a fresh demo ...", file=sys.stderr)
        demo = console_docs.make_demo(Path(tmp) / "demo")
        for number, path in enumerate(paths):
            if not console_docs.sessions(path):
                continue
            runs = console_docs.run_document(path, demo, Path(tmp) / f"doc{number}")
            found = console_docs.differences(runs)
            differing += bool(found)
            name = path.relative_to(console_docs.REPO) if path.is_relative_to(console_docs.REPO) else path
            if args.check:
                for message in found:
                    print(f"{name}:{message}\n")
            else:
                changed = console_docs.refresh(path, runs)
                print(f"{name}: {changed} output(s) rewritten, {len(runs)} command(s) run", file=sys.stderr)
    return 1 if args.check and differing else 0


if __name__ == "__main__":
    sys.exit(main())
