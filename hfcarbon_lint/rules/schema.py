"""The published JSON Schema (``schemas/``) and validation with jsonschema.

The wheel carries ``schemas/`` inside the package (hatch force-include); a source
checkout reads the top-level folder. Either way there is one file, never a copy in code.

jsonschema is the authority for every error message, but importing it costs more than
the rest of a pre-commit run (~60 ms). Most cards are valid, so a tiny evaluator of the
few keywords the schema file uses answers "valid" first; only a value it cannot prove
valid goes to jsonschema. The evaluator reads the same schema file and gives up (None)
on any keyword it does not know; a test checks it agrees with jsonschema.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

SCHEMA_FILENAME = "co2_eq_emissions.schema.json"


class SchemaUnavailable(RuntimeError):
    pass


def schema_path() -> Path:
    package = Path(__file__).resolve().parent.parent
    # In a wheel the schema sits inside the package; in a checkout, at the repository's top.
    for folder in (package, package.parent):
        candidate = folder / "schemas" / SCHEMA_FILENAME
        if candidate.is_file():
            return candidate
    raise SchemaUnavailable(f"{SCHEMA_FILENAME} is missing from the installation (looked in {package})")


@functools.lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


class SchemaError(NamedTuple):
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
    value = bounded(value)
    if quick_valid({"co2_eq_emissions": value}) is True:
        return
    validator = _validator()
    for error in validator.iter_errors({"co2_eq_emissions": value}):
        yield from _leaves(error)


def bounded(value: Any, depth: int = 4, budget: list[int] | None = None) -> Any:
    """A copy small enough to validate and print: YAML aliases can expand exponentially
    (jsonschema formats ``repr(instance)`` into every message). The schema looks two
    levels deep, so deeper or longer content is elided without changing any verdict."""
    budget = budget if budget is not None else [2000]
    budget[0] -= 1
    if isinstance(value, dict):
        if depth <= 0 or budget[0] <= 0:
            return {"…": "…"}
        return {k: bounded(v, depth - 1, budget) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        if depth <= 0 or budget[0] <= 0:
            return ["…"]
        return [bounded(v, depth - 1, budget) for v in value[:50]]
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    return value


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
    return str(error.message)


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else json.dumps(value, default=str)[:60]
    return text if len(text) <= 60 else text[:57] + "..."


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "$comment", "examples", "default"})
Check = Callable[["Any"], "bool | None"]


def quick_valid(instance: Any) -> bool | None:
    """True/False for the keywords our schema uses; None (undecided) for anything else."""
    return _compiled()(instance)


@functools.lru_cache(maxsize=1)
def _compiled() -> Check:
    root = load_schema()
    return _compile(root, root, {})


def _compile(schema: Any, root: dict[str, Any], refs: dict[str, Check]) -> Check:
    """Turn the schema file into nested closures once, so each card costs a few calls."""
    if schema is True or schema is False:
        verdict = bool(schema)
        return lambda instance: verdict
    if not isinstance(schema, dict):
        return lambda instance: None
    checks = [_keyword(k, v, root, refs) for k, v in schema.items() if k not in _ANNOTATIONS]

    def check(instance: Any) -> bool | None:
        for keyword_check in checks:
            verdict = keyword_check(instance)
            if verdict is not True:
                return verdict
        return True

    return check


def _keyword(keyword: str, argument: Any, root: dict[str, Any], refs: dict[str, Check]) -> Check:
    is_number = _TYPES["number"]
    if keyword == "$ref":
        if not isinstance(argument, str) or not argument.startswith("#/"):
            return lambda instance: None
        if argument not in refs:
            target: Any = root
            for part in argument[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            refs[argument] = lambda instance: None  # placeholder against reference cycles
            refs[argument] = _compile(target, root, refs) if target is not None else refs[argument]
        return lambda instance: refs[argument](instance)
    if keyword == "type":
        names = argument if isinstance(argument, list) else [argument]
        if any(name not in _TYPES for name in names):
            return lambda instance: None
        tests = [_TYPES[name] for name in names]
        return lambda instance: any(test(instance) for test in tests)
    # Written as jsonschema compares, so NaN is judged the same way.
    if keyword == "minimum":
        return lambda instance: not is_number(instance) or not instance < argument
    if keyword == "exclusiveMinimum":
        return lambda instance: not is_number(instance) or not instance <= argument
    if keyword == "minLength":
        return lambda instance: not isinstance(instance, str) or len(instance) >= argument
    if keyword == "required":
        return lambda instance: not isinstance(instance, dict) or all(key in instance for key in argument)
    if keyword == "properties":
        properties = {key: _compile(sub, root, refs) for key, sub in argument.items()}

        def check_properties(instance: Any) -> bool | None:
            if not isinstance(instance, dict):
                return True
            for key, sub_check in properties.items():
                if key in instance:
                    verdict = sub_check(instance[key])
                    if verdict is not True:
                        return verdict
            return True

        return check_properties
    if keyword == "additionalProperties":
        return lambda instance: True if argument is True or not isinstance(instance, dict) else None
    if keyword in ("oneOf", "anyOf", "allOf"):
        branches = [_compile(sub, root, refs) for sub in argument]

        def check_combination(instance: Any) -> bool | None:
            verdicts = [branch(instance) for branch in branches]
            if any(v is None for v in verdicts):
                return None
            passed = sum(1 for v in verdicts if v)
            return {"oneOf": passed == 1, "anyOf": passed >= 1, "allOf": passed == len(verdicts)}[keyword]

        return check_combination
    return lambda instance: None
