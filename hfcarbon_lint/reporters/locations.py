"""Paths as CI services want them: relative to the repository root, with forward slashes.

GitHub annotations and SARIF results are matched to files of the checked-out repository
by a path relative to its root (``GITHUB_WORKSPACE`` on a runner). Cards are named the way
the user named them (``./models/a/README.md``, ``models\\a\\README.md``, an absolute path);
these helpers bring every spelling to ``models/a/README.md``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import quote


def repo_relative(path: str, root: str | None = None) -> str:
    """``path`` relative to ``root`` (default: ``GITHUB_WORKSPACE``, else the working folder), with ``/``.

    A path outside the root stays absolute; a URL-like path (``hf://...``) is returned unchanged.
    """
    if "://" in path:
        return path
    # os.path: abspath and relpath fold ".." by the text, where pathlib would keep it or refuse.
    workspace = root or os.environ.get("GITHUB_WORKSPACE")
    if not workspace and not os.path.isabs(path):
        return _clean(path.replace("\\", "/"))
    base = workspace or os.getcwd()
    absolute = os.path.abspath(path)
    for candidate, anchor in ((absolute, os.path.abspath(base)), (os.path.realpath(absolute), os.path.realpath(base))):
        relative = _inside(candidate, anchor)
        if relative is not None:
            return relative
    return absolute.replace("\\", "/") if os.path.isabs(path) else _clean(path.replace("\\", "/"))


def artifact_uri(path: str, root: str | None = None) -> str:
    """A SARIF ``artifactLocation.uri``: a percent-encoded relative reference, or a ``file://`` URI."""
    relative = repo_relative(path, root)
    if "://" in relative:
        return relative
    if os.path.isabs(relative):  # outside the repository: rare, and pathlib knows the URI rules
        return Path(relative).as_uri()
    return quote(relative, safe="/")


def _inside(path: str, root: str) -> str | None:
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative):
        return None
    return _clean(relative.replace("\\", "/"))


def _clean(posix: str) -> str:
    """The path as ``PurePosixPath`` spells it: no "." parts, no repeated or trailing "/"."""
    return str(PurePosixPath(posix))
