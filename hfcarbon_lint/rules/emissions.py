"""Rules about the emissions figure: present, a positive number of grams, in the documented form."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator

from yaml.nodes import MappingNode, ScalarNode

from hfcarbon_lint.base.diagnostics import Applicability, Position, Severity, Span
from hfcarbon_lint.parsing.card import CARBON_KEY, finite_float
from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.quantities import Quantity, parse_emission_text, states_bound, unit_factor
from hfcarbon_lint.parsing.yaml_doc import is_empty_scalar
from hfcarbon_lint.rules.base import Finding, LintContext, replace_fix, rule
from hfcarbon_lint.rules.schema import validate_carbon


def card_start(ctx: LintContext) -> Span:
    block = ctx.card.block
    line = block.opening_line if block is not None else 1
    return Span(Position(line, 1), Position(line, 4 if block is not None else 1))


@rule("HFC010", "missing-emissions", Severity.INFO)
def missing_emissions(ctx: LintContext) -> Iterator[Finding]:
    """The card does not report training emissions at all.

    Under 1% of Hub models report ``co2_eq_emissions``. Add it to the front matter,
    in grams::

        co2_eq_emissions:
          emissions: 1200
          source: CodeCarbon
          training_type: fine-tuning
          geographical_location: Quebec, Canada
          hardware_used: 1 x NVIDIA A100

    ``hfcarbon-lint track`` can measure a training run and write this for you. This is
    an info finding: use ``--min-class`` to make missing reporting fail a check.

    Fail::

        license: apache-2.0
        tags:
        - text-classification
    """
    card = ctx.card
    if card.carbon is not None or card.fence_problem or card.yaml_problem:
        return
    body = card.body.get("emissions")
    if body is not None and ctx.facts.emissions_origin == "body":
        return  # HFC041 says it better
    why = "the card does not report training emissions"
    if body is not None and body.kind == "line" and states_bound(body.raw_value):
        # Said here, not by HFC041 (which would offer to copy it): a bound is no figure.
        why = f"{body.where} states only a bound ({body.raw_value!r}), which is no figure to copy into it"
    yield Finding(card_start(ctx), f"no {CARBON_KEY} in the front matter: {why}")


@rule("HFC011", "schema-violation", Severity.ERROR)
def schema_violation(ctx: LintContext) -> Iterator[Finding]:
    """``co2_eq_emissions`` does not match the published JSON Schema (``schemas/co2_eq_emissions.schema.json``).

    The schema accepts a number of grams (the legacy form) or a mapping whose required
    ``emissions`` is a number of grams and whose ``source``, ``training_type``,
    ``geographical_location`` and ``hardware_used`` are non-empty strings. More
    specific rules (HFC012-HFC016) replace this one where they apply.

    Fail (a list where the schema wants a string)::

        co2_eq_emissions:
          emissions: 1200
          hardware_used:
          - NVIDIA A100
          - NVIDIA A100

    Pass::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: 2 x NVIDIA A100
    """
    carbon = ctx.card.carbon
    if carbon is None or ctx.card.doc is None:
        return
    for error in validate_carbon(carbon.value):
        node = carbon.node
        for part in error.path[1:]:
            if isinstance(node, MappingNode) and isinstance(part, str):
                entry = carbon.entries.get(part) if node is carbon.node else None
                if entry is None:
                    break
                node = entry.node
        span = ctx.card.span(node) if node is not carbon.node else ctx.card.doc.key_span(carbon.key, carbon.node)
        if error.validator == "required" and node is carbon.node:
            span = ctx.card.span(carbon.key)
        where = ".".join(str(p) for p in error.path) or CARBON_KEY
        yield Finding(span, f"{where}: {error.message}")


@rule("HFC012", "emissions-not-positive", Severity.ERROR, supersedes=("HFC011",))
def emissions_not_positive(ctx: LintContext) -> Iterator[Finding]:
    """The emissions number is zero, negative, infinite or NaN.

    Zero is not a measurement: the paper removes zero-emission models from every
    statistic, and cards use ``0`` for "unknown" or "free Colab". Report the measured
    grams, or leave ``co2_eq_emissions`` out until you have them.

    Fail::

        co2_eq_emissions:
          emissions: 0

    Pass::

        co2_eq_emissions:
          emissions: 1200
    """
    carbon = ctx.card.carbon
    if carbon is None:
        return
    value, node = carbon.emissions_value, carbon.emissions_node
    if node is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    if value == 0 and rounded_codecarbon_zero(ctx) is not None:
        return  # HFC018: a measurement rounded to zero, not a zero
    if value == 0:
        message = (
            "emissions is 0: zero is not a measurement (the paper excludes such models); report the measured grams"
        )
    elif finite_float(value) is None:
        digits = int(abs(value).bit_length() * 0.30103) + 1 if isinstance(value, int) else 0
        shown = f"an integer of about {digits} digits" if digits else str(value)
        message = f"emissions is {shown}: not a finite number of grams (past the float range the Hub reads)"
    elif value < 0:
        message = f"emissions is {value:g}: emissions cannot be negative"
    else:
        return
    yield Finding(ctx.card.span(node), message)


# CodeCarbon's own keys, as sentence-transformers and GAISSA write them into the mapping.
_CODECARBON_KEYS = ("energy_consumed", "cpu_model", "gpu_model", "ram_total_size", "on_cloud")


def rounded_codecarbon_zero(ctx: LintContext) -> str | None:
    """Why an ``emissions: 0.0`` looks like a short CodeCarbon run rounded to zero, or None.

    The zero must be written as a decimal (``0.0``, ``0.00``: what rounding a float prints;
    a typed ``0`` is HFC012's), and the card must be CodeCarbon's: its ``source`` names
    CodeCarbon, the mapping holds CodeCarbon's own keys (``energy_consumed``...), or the
    body names CodeCarbon.
    """
    carbon = ctx.card.carbon
    node = carbon.emissions_node if carbon is not None else None
    if (
        carbon is None
        or not isinstance(node, ScalarNode)
        or not re.fullmatch(r"[+-]?0*\.0*(?:[eE][-+]?\d+)?", node.value)
    ):
        return None
    source = carbon.entries.get("source")
    if source is not None and isinstance(source.value, str):
        if "codecarbon" in re.sub(r"[\s_-]+", "", source.value.lower()):
            return f"source: {source.value.strip()!r}"
    keys = [key for key in _CODECARBON_KEYS if key in carbon.entries]
    if keys:
        return f"CodeCarbon's {keys[0]} beside it"
    text = ctx.card.source.text
    body = text[ctx.card.body_offset :].lower()
    if "codecarbon" in body or "code carbon" in body:
        return "the card names CodeCarbon"
    return None


@rule("HFC018", "emissions-rounded-to-zero", Severity.WARNING, supersedes=("HFC011",))
def emissions_rounded_to_zero(ctx: LintContext) -> Iterator[Finding]:
    """``emissions: 0.0`` on a CodeCarbon card: a short run's measurement rounded to zero.

    CodeCarbon measures every run, however short; a card that says ``0.0`` has lost the
    figure to rounding (a few seconds on a laptop emit micrograms), it does not report zero
    emissions. Write the unrounded figure, in grams: CodeCarbon's ``emissions.csv`` gives it
    in kilograms, so multiply by 1000. A card is CodeCarbon's when its ``source`` names
    CodeCarbon, its mapping holds CodeCarbon's own keys (``energy_consumed``, ``cpu_model``...)
    or its body names CodeCarbon; any other zero is HFC012's error.

    Fail::

        co2_eq_emissions:
          emissions: 0.0
          source: codecarbon
          training_type: fine-tuning

    Pass::

        co2_eq_emissions:
          emissions: 0.0042
          source: codecarbon
          training_type: fine-tuning
    """
    why = rounded_codecarbon_zero(ctx)
    carbon = ctx.card.carbon
    if why is None or carbon is None or carbon.emissions_node is None:
        return
    yield Finding(
        ctx.card.span(carbon.emissions_node),
        f"emissions is {carbon.emissions_node.value} on a CodeCarbon card ({why}): a short run's measurement "
        "rounded to zero, not zero emissions; write the unrounded grams (emissions.csv's kg x 1000)",
    )


# A string that is exactly a number and a metric mass unit ("17g", "1.2 kg", "0.5 t", "3 kg CO2eq"):
# converting it to grams is exact decimal arithmetic and keeps its meaning. Words around the number,
# approximations, decimal commas, pounds and "tons" (short or metric?) are left to --unsafe-fixes.
# Compiled on first use: only an emissions string with a unit needs it.
@functools.cache
def _explicit_mass() -> re.Pattern[str]:
    return re.compile(
        r"\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*"
        r"(?:mg|milligrams?|g|grams?|kg|kgs|kilograms?|t|tonnes?|metric\s+tonnes?)"
        r"(?:\s*(?:of\s+)?co2[\s\-]*(?:eq|e)?)?",
        re.IGNORECASE,
    )


@rule("HFC013", "emissions-unit-string", Severity.ERROR, fix=Applicability.SAFE, supersedes=("HFC011",))
def emissions_unit_string(ctx: LintContext) -> Iterator[Finding]:
    """Emissions written as a string with a unit (``"1.2 kg"``, ``0.319355 Kg``, ``"28.53 in grams of CO2"``).

    The spec wants a plain number of grams. Tools that read the string take its first
    number and ignore the unit, so ``0.5 kg`` becomes 0.5 g, 1000 times too small.
    The message gives the value converted to grams.

    Fix (safe): when the string is exactly a number and a metric mass unit (``"17g"``,
    ``"1.2 kg"``, ``"0.5 t"``, ``"3 kg CO2eq"``), replace it by the number of grams,
    converted exactly: the figure keeps its meaning. Fix (unsafe) for any other string
    with a unit (words around the number, ``~``, a decimal comma, pounds, "tons").

    Fail::

        co2_eq_emissions:
          emissions: "1.2 kg"

    Pass::

        co2_eq_emissions:
          emissions: 1200
    """
    carbon = ctx.card.carbon
    if carbon is None:
        return
    value, node = carbon.emissions_value, carbon.emissions_node
    if not isinstance(value, str) or node is None or is_placeholder(value):
        return
    parsed = parse_emission_text(value)
    if parsed is None or parsed.quantity.unit is None:
        return
    if not math.isfinite(parsed.quantity.grams):  # "1e308 kg": no number of grams the Hub can read
        yield Finding(
            ctx.card.span(node),
            f"emissions {value!r} is a string with a unit; in grams it is past the float range, "
            "so there is no number to write (no fix): check the figure",
        )
        return
    grams = grams_text(parsed.quantity)
    start, end = ctx.card.doc.offsets(node) if ctx.card.doc else (0, 0)
    explicit = _explicit_mass().fullmatch(value.strip()) is not None
    fix = replace_fix(
        Applicability.SAFE if explicit else Applicability.UNSAFE, f"write {grams} (grams)", start, end, grams
    )
    yield Finding(
        ctx.card.span(node),
        f"emissions {value!r} is a string with a unit; it means {grams} g: write the number {grams}",
        fix,
    )


@rule("HFC014", "emissions-numeric-string", Severity.ERROR, fix=Applicability.SAFE, supersedes=("HFC011",))
def emissions_numeric_string(ctx: LintContext) -> Iterator[Finding]:
    """Emissions written as a quoted number (``"12.5"``) instead of a YAML number.

    A quoted number is a string to every YAML parser: the published schema rejects it,
    and every tool that sums or compares the figure has to guess how to read it.

    Fix (safe): remove the quotes; the value in grams is unchanged.

    Fail::

        co2_eq_emissions:
          emissions: "12.5"

    Pass::

        co2_eq_emissions:
          emissions: 12.5
    """
    carbon = ctx.card.carbon
    if carbon is None:
        return
    value, node = carbon.emissions_value, carbon.emissions_node
    if not isinstance(value, str) or node is None:
        return
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        return
    if not math.isfinite(number) or (not text[:1].isdigit() and not text.startswith((".", "-", "+"))):
        return
    spelling = repr(number) if "e" in text.lower() else text
    start, end = ctx.card.doc.offsets(node) if ctx.card.doc else (0, 0)
    fix = replace_fix(Applicability.SAFE, f"write {spelling} as a number", start, end, spelling)
    yield Finding(ctx.card.span(node), f"emissions {value!r} is a string; write the number {spelling}", fix)


@rule("HFC015", "legacy-bare-number", Severity.WARNING, fix=Applicability.SAFE)
def legacy_bare_number(ctx: LintContext) -> Iterator[Finding]:
    """``co2_eq_emissions: 12.3``: the legacy bare-number form of early AutoNLP cards.

    Clients accept it, but the documented form is a mapping, which is also where the
    source, training type, location and hardware go.

    Fix (safe): ``co2_eq_emissions: 12.3`` becomes ``co2_eq_emissions:`` with
    ``emissions: 12.3`` indented below it; the number is unchanged.

    Fail::

        co2_eq_emissions: 12.3

    Pass::

        co2_eq_emissions:
          emissions: 12.3
    """
    card = ctx.card
    carbon = card.carbon
    if carbon is None or card.doc is None or carbon.form != "number" or not isinstance(carbon.node, ScalarNode):
        return
    fix = None
    key_column = card.span(carbon.key).start.column
    root = card.doc.root
    if (
        root is not None
        and root.flow_style is not True
        and card.span(carbon.key).start.line == card.span(carbon.node).start.line
    ):
        start, end = card.doc.offsets(carbon.node)
        key_end = card.doc.offsets(carbon.key)[1]
        separator_end = card.source.text.index(":", key_end) + 1
        indent = " " * (key_column - 1 + 2)
        fix = replace_fix(
            Applicability.SAFE,
            "rewrite as a mapping",
            separator_end,
            end,
            f"\n{indent}emissions: {card.source.text[start:end]}",
        )
    yield Finding(
        card.doc.key_span(carbon.key, carbon.node),
        f"legacy bare number: write '{CARBON_KEY}:' with 'emissions: {carbon.node.value}' below it, and add the context keys",
        fix,
    )


@rule("HFC016", "placeholder-emissions", Severity.ERROR, supersedes=("HFC011",))
def placeholder_emissions(ctx: LintContext) -> Iterator[Finding]:
    """Emissions left as a placeholder: empty, ``null``, ``TBD``, ``# TODO``, or the spec's own example text.

    ``emissions: number (in grams of CO2)`` copied from the documentation is read by
    huggingface_hub's filter as 2 g (the 2 of "CO2"). Fill in the measured grams or
    remove the key.

    Fail::

        co2_eq_emissions:
          emissions: TBD

    Pass::

        co2_eq_emissions:
          emissions: 1200
    """
    card = ctx.card
    carbon = card.carbon
    if carbon is None or card.doc is None:
        return
    value, node = carbon.emissions_value, carbon.emissions_node
    if node is None:
        return
    if value is None or (isinstance(value, str) and (is_placeholder(value) or parse_emission_text(value) is None)):
        shown = "empty" if value is None else repr(value)
        entry = carbon.entries.get("emissions")
        anchor = node if not is_empty_scalar(node) else (entry.key if entry is not None else carbon.key)
        yield Finding(card.span(anchor), f"emissions is {shown}: a placeholder, not a number of grams")


def grams_text(quantity: Quantity) -> str:
    """Exact decimal conversion, so 0.319355 kg is 319.355, not 319.35499999999996."""
    # decimal is imported here: only a fix's arithmetic needs it (3 ms of every check's startup).
    from decimal import Decimal, InvalidOperation

    factor = unit_factor(quantity.unit or "g")
    try:
        number = Decimal(quantity.number_text) * Decimal(repr(factor))
    except InvalidOperation:
        number = Decimal(repr(quantity.grams))
    text = format(number.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")
