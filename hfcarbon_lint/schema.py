"""The published JSON Schema (``schemas/``) and validation with jsonschema.

The wheel carries ``schemas/`` inside the package (hatch force-include); a source
checkout reads the top-level folder. Either way there is one file, never a copy in code.
jsonschema is imported on first use only, so cards without carbon metadata never pay
its import cost.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA_FILENAME = "co2_eq_emissions.schema.json"


class SchemaUnavailable(RuntimeError):
    pass


def schema_path() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "schemas" / SCHEMA_FILENAME, here.parent / "schemas" / SCHEMA_FILENAME):
        if candidate.is_file():
            return candidate
    raise SchemaUnavailable(f"{SCHEMA_FILENAME} is missing from the installation (looked beside {here})")


@functools.lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


@dataclass(frozen=True)
class SchemaError:
    path: tuple[str | int, ...]  # JSON path inside the front matter, e.g. ("co2_eq_emissions", "emissions")
    message: str
    validator: str


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # lazy: ~0.2 s of imports

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def validate_carbon(value: Any) -> Iterator[SchemaError]:
    """Schema errors for ``{"co2_eq_emissions": value}``, most specific first."""
    validator = _validator()
    for error in validator.iter_errors({"co2_eq_emissions": value}):
        yield from _leaves(error)


def _leaves(error: Any) -> Iterator[SchemaError]:
    # oneOf failures hide the real cause in their context; report the branch that got furthest.
    if error.validator == "oneOf" and error.context:
        instance = error.instance
        if isinstance(instance, list):
            yield SchemaError(
                tuple(error.absolute_path),
                "is a list; write one mapping (emissions, source, training_type, geographical_location, hardware_used)",
                "oneOf",
            )
            return
        if not isinstance(instance, (dict, int, float)) or isinstance(instance, bool):
            yield SchemaError(
                tuple(error.absolute_path),
                f"{_show(instance)} is neither a number of grams nor a mapping with 'emissions'",
                "oneOf",
            )
            return
        best = _best_branch(error)
        if best:
            for sub in best:
                yield from _leaves(sub)
            return
    yield SchemaError(tuple(error.absolute_path), _message(error), str(error.validator))


def _best_branch(error: Any) -> list[Any]:
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    instance = error.instance
    # A mapping is meant as the mapping form; anything else as the legacy number.
    wanted = 0 if isinstance(instance, dict) else 1
    return branches.get(wanted, [])


def _message(error: Any) -> str:
    instance = error.instance
    if error.validator == "type":
        expected = error.validator_value
        return f"{_show(instance)} is not of type {expected!r}"
    if error.validator == "required":
        return str(error.message)
    return str(error.message)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else json.dumps(value, default=str)[:60]
    return text if len(text) <= 60 else text[:57] + "..."
