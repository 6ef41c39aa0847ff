"""Configuration files: ``[tool.hfcarbon-lint]`` in pyproject.toml, or ``.hfcarbon-lint.toml``.

Discovery walks up from the working directory and the nearest file that configures
hfcarbon-lint wins (a pyproject.toml without the table is skipped, as ruff does).
Command-line flags override the file; ``--isolated`` ignores all files.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from typing import Any

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
    # os.path, not pathlib: pathlib costs ~4 ms of start-up and the check path avoids it.
    folder = os.path.realpath(start)
    while True:
        for name in DEDICATED_FILES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                return load(candidate)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject) and _may_configure_us(pyproject):
            config = load(pyproject)
            if config.path is not None:
                return config
        parent = os.path.dirname(folder)
        if parent == folder:
            return FileConfig()
        folder = parent


def _may_configure_us(pyproject: str) -> bool:
    """Whether the file names hfcarbon-lint at all: most projects' pyproject.toml does not.

    Such a file is passed over unparsed, as if its tool table were missing, so neither
    tomllib nor the typing module it imports is loaded (about 4 ms) and a pyproject.toml
    that is not valid TOML but says nothing to us does not stop the check.
    """
    try:
        with open(pyproject, "rb") as handle:
            return b"hfcarbon-lint" in handle.read()
    except OSError:
        return True  # let load() report why it cannot be read


def load(path: str | os.PathLike[str]) -> FileConfig:
    path = os.fspath(path)
    if sys.version_info >= (3, 11):  # imported here: most runs find no config file
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML in {path}: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
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
    return FileConfig(path, dict(table))
