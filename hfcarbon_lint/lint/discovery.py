"""Which files a path names: a file as given, a folder's model cards, or a Hub repo id."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from hfcarbon_lint.base.files import irregular

CARD_NAME = re.compile(r"^(readme|model_card|modelcard|model-card)\.md$", re.IGNORECASE)
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})
# A Hub model id as the Hub accepts it (huggingface_hub's validate_repo_id): an optional namespace and a
# name of letters, digits, "-", "_" and "."; the canonical single-name ids (gpt2, distilgpt2) included.
REPO_ID = re.compile(r"^(?:hf://)?(?:models/)?(?P<repo>(?:[A-Za-z0-9][\w.\-]*/)?[\w.\-]+)$")
REPO_ID_MAX = 96


def repo_id(argument: str) -> str | None:
    """The repo id ``argument`` names (``org/model``, ``gpt2``, ``hf://...``), or None if the Hub would refuse it."""
    match = REPO_ID.match(argument)
    if match is None:
        return None
    repo = match.group("repo")
    name = repo.rpartition("/")[2]
    if len(repo) > REPO_ID_MAX or "--" in repo or ".." in repo or name[0] in "-." or name[-1] in "-.":
        return None
    return repo


class LocalTarget(NamedTuple):
    path: str
    display: str


class RemoteTarget(NamedTuple):
    repo_id: str
    display: str


class MissingTarget(NamedTuple):
    display: str
    reason: str


class SkippedTarget(NamedTuple):
    """A file a folder walk found but does not read (a FIFO, a device, a socket): a note, not a failure."""

    display: str
    reason: str


class EmptyFolder(NamedTuple):
    """A folder named on the command line with no model card below it: a warning, not a failure."""

    display: str
    reason: str


Target = LocalTarget | RemoteTarget | MissingTarget | SkippedTarget | EmptyFolder


def resolve(arguments: Sequence[str], force_remote: bool = False, exclude: Sequence[str] = ()) -> Iterator[Target]:
    """Expand arguments in order. A path that exists locally wins over a repo id."""
    for argument in arguments:
        if argument == "-":  # the card on standard input
            yield LocalTarget("-", "-")
            continue
        if argument.startswith("hf://") or force_remote:
            remote = repo_id(argument)
            if remote is None:
                yield MissingTarget(argument, "not a Hub repo id (expected org/model, model or hf://org/model)")
            else:
                yield RemoteTarget(remote, argument)
            continue
        # os.path, not Path: isdir/exists answer False for a name that cannot be a file (a NUL byte,
        # too long), where Path raises, and Path("") would be the working directory.
        if os.path.isdir(argument):
            folder = tidy_path(argument)
            found = False
            for card in _folder_cards(folder, exclude):
                found = True
                yield card
            if not found:
                names = "README.md, model_card.md, modelcard.md or model-card.md"
                yield EmptyFolder(folder, f"no model cards found in {folder} (looked for {names})")
        elif os.path.exists(argument):
            kind = irregular(argument)
            if kind is None:
                yield LocalTarget(argument, argument)
            else:  # named on purpose, so an error: reading a FIFO would block, a device never end
                yield MissingTarget(argument, f"{kind}, not a regular file: not read")
        elif "/" in argument and (remote := repo_id(argument)) and not argument.lower().endswith(".md"):
            yield RemoteTarget(remote, argument)
        elif "/" not in argument and repo_id(argument) and not argument.lower().endswith(".md"):
            # A bare word is a file first; the Hub's single-name ids (gpt2) are asked for explicitly.
            hint = (
                f"no such file or directory; for the Hub model '{argument}' use --remote {argument} or hf://{argument}"
            )
            yield MissingTarget(argument, hint)
        else:
            yield MissingTarget(argument, "no such file or directory")


def tidy_path(path: str) -> str:
    """The spelling cards found in a folder are shown under: "./models/" is "models"."""
    return str(Path(path))


def _folder_cards(folder: str, exclude: Sequence[str]) -> Iterator[LocalTarget | SkippedTarget]:
    # os.walk's strings, joined as it spells them: cards under "." are shown as "./a/README.md".
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not _excluded(os.path.join(root, d), exclude))
        for name in sorted(files):
            full = os.path.join(root, name)
            if CARD_NAME.match(name) and not _excluded(full, exclude):
                kind = irregular(full)
                if not os.path.exists(full):  # a dangling or looping symlink: nothing to read, the walk goes on
                    yield SkippedTarget(full, f"{_broken_link(full)}: skipped")
                elif kind is None:
                    yield LocalTarget(full, full)
                else:
                    yield SkippedTarget(full, f"{kind}, not a regular file: skipped")


def _broken_link(path: str) -> str:
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
    return "a dangling symbolic link"


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    normalised = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(normalised, p) or fnmatch.fnmatch(os.path.basename(normalised), p) for p in patterns)
