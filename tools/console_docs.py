"""The console sessions of the README and docs/*.md, run on a fresh demo database and compared
with what they show; ``python tools/refresh_docs.py`` writes what they print now back into them.

A **session** is a fenced block whose info string is ``console`` and which holds commands:

* a line that starts with ``$ `` is a command, run by bash (``multipolar`` is this checkout's
  ``python -m multipolar``); a ``# comment`` after it is for the reader, as bash ignores it;
* the lines after a command, up to the next command or the end of the block, are what it prints
  (its output and its messages, as a terminal shows them). A command with no lines after it is
  only run, and must succeed;
* an output line that starts with ``...`` stands for any number of lines (what follows the dots
  is a note for the reader), and ``...`` inside a line for any text on that line;
* a block right after a line ``<!-- console: not run: REASON -->`` is left alone (it needs what
  only the reader has: a news dump, a cluster).

Each document runs in a scratch folder of its own, in which ``src``, ``eval``, ``docs`` and
``tests`` are the repository's (so paths written from the repository's root work) and
``multipolar-demo/`` holds a fresh ``multipolar demo`` (a document whose first command is
``multipolar demo`` starts without it). Commands run in order, so a session may build on an
earlier one of its document. Terminal width: :data:`WIDTH` columns.

What legitimately differs between two runs is normalised on both sides before comparing: the
scratch folder's path reads ``/home/you``, and trailing spaces and blank lines at the end are
dropped. Anything else that changes from run to run (a timing, a file's size) is written as
``...`` in the docs.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "docs/*.md")
LINKED = ("src", "eval", "docs", "tests", "benchmarks")
WIDTH = 100
HOME = "/home/you"
DEMO = "multipolar-demo"
NOT_RUN = re.compile(r"<!--\s*console:\s*not run\b")
FENCE = re.compile(r"^```console[ \t]*$")
PROMPT = "$ "
ELLIPSIS = "..."
HOLE = "\x00"  # an ellipsis while a line is refreshed
SECONDS = 300  # the longest a command may take


@dataclass
class Command:
    """A command of a session, and what the document says it prints."""

    line: str
    shown: list[str]
    number: int  # the document's line of the command (1-based)
    gap: int = 0  # blank lines after its output in the document (kept when refreshed)


@dataclass
class Session:
    """A console block: where it is (its first and last line inside the fence) and its commands."""

    path: Path
    start: int  # index of the first line inside the fence
    end: int  # index of the closing fence
    commands: list[Command] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # lines before the first command


@dataclass
class Run:
    """A command run: what it printed (normalised) and its exit status."""

    command: Command
    printed: list[str]
    status: int

    @property
    def agrees(self) -> bool:
        if not self.command.shown:
            return self.status == 0
        return matches(self.command.shown, self.printed)


def documents(root: Path = REPO) -> list[Path]:
    """The documents whose sessions are checked."""
    found: list[Path] = []
    for pattern in DOCUMENTS:
        found += sorted(root.glob(pattern))
    return found


def sessions(path: Path) -> list[Session]:
    """The sessions of *path* that are run (see the module documentation)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    i = 0
    while i < len(lines):
        if not FENCE.match(lines[i]):
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        skipped = i > 0 and NOT_RUN.search(lines[i - 1])
        session = Session(path, i + 1, end)
        for number in range(i + 1, end):
            text = lines[number]
            if text.startswith(PROMPT):
                session.commands.append(Command(text[len(PROMPT) :], [], number + 1))
            elif session.commands:
                session.commands[-1].shown.append(text)
            else:
                session.lead.append(text)
        if session.commands and not skipped:
            for command in session.commands:
                kept = normalised(command.shown)
                command.gap = len(command.shown) - len(kept)
                command.shown = kept
            found.append(session)
        i = end + 1
    return found


def normalised(lines: list[str], scratch: Path | None = None) -> list[str]:
    """*lines* as they are compared: the scratch folder read as ``/home/you``, no trailing spaces,
    no blank lines at the end."""
    out = []
    for line in lines:
        if scratch is not None:
            line = line.replace(os.fspath(scratch), HOME)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return out


def _line_matches(shown: str, printed: str) -> bool:
    """Whether a printed line is the shown one; ``...`` in it (and the spaces around it, which
    keep a table's columns aligned) stands for any text."""
    if ELLIPSIS not in shown:
        return shown == printed
    parts = shown.split(ELLIPSIS)
    pattern = r"\s*.*\s*".join(re.escape(part.strip(" ")) for part in parts)
    lead = re.escape(parts[0][: len(parts[0]) - len(parts[0].lstrip(" "))])
    return re.fullmatch(lead + pattern, printed, re.DOTALL) is not None


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether *printed* is what *shown* says: line by line, a line that starts with ``...``
    standing for any number of lines and ``...`` in a line for any text."""

    def walk(i: int, j: int) -> bool:
        if i == len(shown):
            return j == len(printed)
        if shown[i].startswith(ELLIPSIS):
            return any(walk(i + 1, k) for k in range(j, len(printed) + 1))
        return j < len(printed) and _line_matches(shown[i], printed[j]) and walk(i + 1, j + 1)

    return walk(0, 0)


def scratch_for(path: Path, demo: Path, folder: Path) -> Path:
    """A fresh working folder for the sessions of *path*: the repository's folders linked, the
    demo copied in unless the document makes it itself."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in LINKED:
        (folder / name).symlink_to(REPO / name, target_is_directory=True)
    found = sessions(path)
    first = found[0].commands[0].line if found else ""
    if not first.startswith("multipolar demo"):
        shutil.copytree(demo, folder / DEMO)
    return folder


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MULTIPOLAR_") or k == "MULTIPOLAR_CACHE"}
    env.update(
        PYTHONPATH=os.pathsep.join([os.fspath(REPO / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        COLUMNS=str(WIDTH),
        LINES="50",
        PYTHONHASHSEED="0",  # sets and dicts of strings in one order, run after run
        TERM="dumb",
        NO_COLOR="1",
    )
    env.pop("FORCE_COLOR", None)
    return env


def run(command: Command, folder: Path) -> Run:
    """Run *command* in *folder* as a reader would type it (stderr shown with stdout)."""
    script = f'multipolar() {{ "{sys.executable}" -m multipolar "$@"; }}\n{command.line}\n'
    try:
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=folder,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=SECONDS,
        )
    except subprocess.TimeoutExpired:  # a server or a watcher: mark its block not run
        return Run(command, [f"(still running after {SECONDS} s: stopped)"], -1)
    return Run(command, normalised(done.stdout.splitlines(), folder), done.returncode)


def make_demo(folder: Path) -> Path:
    """A fresh demo (``multipolar demo``) in *folder*/multipolar-demo."""
    folder.mkdir(parents=True, exist_ok=True)
    run(Command(f"multipolar demo --out {DEMO}", [], 0), folder)
    made = folder / DEMO
    if not (made / "demo.duckdb").is_file():
        raise RuntimeError(f"multipolar demo made no database in {made}")
    return made


def run_document(path: Path, demo: Path, folder: Path) -> list[Run]:
    """Every session command of *path*, run in order in a scratch *folder*."""
    scratch = scratch_for(path, demo, folder)
    return [run(command, scratch) for session in sessions(path) for command in session.commands]


def differences(runs: list[Run]) -> list[str]:
    """One message per command that does not print what its document shows."""
    found = []
    for done in runs:
        if done.agrees:
            continue
        where = f"{done.command.number}: $ {done.command.line}"
        if not done.command.shown:
            found.append(f"{where}\n  exit status {done.status}:\n" + _indent(done.printed))
        else:
            found.append(
                f"{where}\n  shows:\n{_indent(done.command.shown)}\n  prints:\n{_indent(done.printed)}"
            )
    return found


def _indent(lines: list[str]) -> str:
    return "\n".join(f"    {line}" for line in lines) or "    (nothing)"


def refreshed(shown: list[str], printed: list[str]) -> list[str]:
    """What the document should show now: *shown* where it still matches, else *printed*, keeping
    the document's ``...``: a ``...`` line keeps standing for lines (the shown lines around it are
    taken from what is printed now: as many from the start and the end, and a part in between
    from where its first line is printed), and a line with ``...`` in it that still matches stays."""
    if matches(shown, printed):
        return shown
    marks = [i for i, line in enumerate(shown) if line.startswith(ELLIPSIS)]
    if not marks:
        if len(shown) != len(printed):
            return printed
        return [refreshed_line(old, new) for old, new in zip(shown, printed, strict=True)]
    bounds = [-1, *marks, len(shown)]
    parts = [shown[a + 1 : b] for a, b in zip(bounds, bounds[1:], strict=False)]
    out, at = list(printed[: len(parts[0])]), len(parts[0])
    for mark, part in zip(marks, parts[1:], strict=True):
        out.append(shown[mark])
        if part is parts[-1]:
            start = max(at, len(printed) - len(part))
        else:
            start = next((k for k in range(at, len(printed)) if printed[k].strip() == part[0].strip()), None)
            if start is None:
                continue
        now = printed[start : start + len(part)]  # shorter than the part where the output ends
        out += [refreshed_line(old, new) for old, new in zip(part, now, strict=False)]
        at = start + len(part)
    return out


def refreshed_line(shown: str, printed: str) -> str:
    """What a document should show for one line now: *shown* where it still matches, else
    *printed* with the ``...`` of *shown* kept where they still stand for something (``wrote
    r.html (... KiB): 9 documents`` after ``(... KiB): 8 documents``), else *printed*."""
    if _line_matches(shown, printed):
        return shown
    if ELLIPSIS not in shown:
        return printed
    marked = shown.replace(ELLIPSIS, HOLE)  # one character each, so no dot of a figure pairs with it
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, marked, printed, autojunk=False).get_opcodes():
        if tag != "equal" and marked[i1:i2].strip() == HOLE:
            out.append(ELLIPSIS.ljust(j2 - j1))  # as wide as what it stands for: columns stay aligned
        else:
            out.append(printed[j1:j2])
    kept = "".join(out).rstrip()  # an ellipsis that ends the line needs no width
    return kept if _line_matches(kept, printed) else printed


def refresh(path: Path, runs: list[Run]) -> int:
    """Write what the commands of *path* print now into it; returns how many outputs changed."""
    lines = path.read_text(encoding="utf-8").split("\n")
    by_line = {done.command.number: done for done in runs}
    changed = 0
    for session in reversed(sessions(path)):
        body: list[str] = list(session.lead)
        for command in session.commands:
            done = by_line.get(command.number)
            new = (
                command.shown if done is None or not command.shown else refreshed(command.shown, done.printed)
            )
            changed += new != command.shown
            body += [PROMPT + command.line, *new, *[""] * command.gap]
        lines[session.start : session.end] = body
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed
