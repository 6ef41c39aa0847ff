"""Configuration files: ``[tool.hfcarbon-lint]`` in pyproject.toml, or ``.hfcarbon-lint.toml``.

Discovery walks up from the working directory and the nearest file that configures
hfcarbon-lint wins (a pyproject.toml without the table is skipped, as ruff does).
Command-line flags override the file; ``--isolated`` ignores all files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

DEDICATED_FILES = (".hfcarbon-lint.toml", "hfcarbon-lint.toml")
KNOWN_KEYS = frozenset(
    {"select", "ignore", "min-class", "severity", "format", "ladder", "exclude", "output-format", "max-card-size"}
)


class ConfigError(Exception):
    """A config file that cannot be used; the CLI reports it and exits 2."""


class FileConfig(NamedTuple):
    """A config file's hfcarbon-lint table; no path and no values when none was found."""

    path: str | None = None
    values: Mapping[str, Any] = {}  # read only

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def discover(start: str | os.PathLike[str]) -> FileConfig:
    folder = Path(start).resolve()
    for directory in (folder, *folder.parents):
        for name in DEDICATED_FILES:
            candidate = directory / name
            if candidate.is_file():
                return load(candidate)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _may_configure_us(pyproject):
            config = load(pyproject)
            if config.path is not None:
                return config
    return FileConfig()


# Where a pyproject.toml can hold our table: a key path "tool" . "hfcarbon-lint" ([tool.hfcarbon-lint],
# [tool.hfcarbon-lint.severity], tool.hfcarbon-lint.select = ..., quoted or spaced), or a bare [tool]
# table or "tool = {" inline table, whose keys the name alone could be (parsed to be sure). The
# project's own name, a dependency or a script called hfcarbon-lint is none of these.
# Compiled on first use (re's cache): most checks find no pyproject.toml that names us.
_OUR_TABLE = (
    rb"""tool["']?[ \t]*\.[ \t]*["']?hfcarbon-lint|^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]|tool["']?[ \t]*=[ \t]*\{"""
)


def _may_configure_us(pyproject: Path) -> bool:
    """Whether the file can hold a ``[tool.hfcarbon-lint]`` table: most projects' pyproject.toml cannot.

    Such a file is passed over unparsed, as if its tool table were missing, so a
    pyproject.toml that is not valid TOML but says nothing to us does not stop the check,
    and a check needs no TOML parser (5 ms at startup) in most projects.
    """
    try:
        data = pyproject.read_bytes()
    except OSError:
        return True  # let load() report why it cannot be read
    return b"hfcarbon-lint" in data and re.search(_OUR_TABLE, data, re.MULTILINE) is not None


def load(path: str | os.PathLike[str]) -> FileConfig:
    # tomllib is imported here, where a file is parsed: most checks read no config (5 ms at startup).
    import tomllib

    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {path}: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("hfcarbon-lint")
        if table is None:
            return FileConfig()
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.hfcarbon-lint] must be a table")
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown option(s) {', '.join(unknown)} (known: {', '.join(sorted(KNOWN_KEYS))})")
    for key in ("select", "ignore", "exclude"):
        value = table.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ConfigError(f"{path}: {key} must be a list of strings")
    severity = table.get("severity")
    if severity is not None and not (isinstance(severity, dict) and all(isinstance(v, str) for v in severity.values())):
        raise ConfigError(f"{path}: severity must map rule codes to 'error', 'warning' or 'info'")
    size = table.get("max-card-size")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise ConfigError(f"{path}: max-card-size must be a positive number of bytes")
    return FileConfig(str(path), dict(table))
