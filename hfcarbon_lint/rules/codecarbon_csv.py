"""HFC045: the card's emissions against the CodeCarbon ``emissions.csv`` beside it."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from pathlib import Path

from yaml.nodes import ScalarNode

from hfcarbon_lint.base.diagnostics import Severity, Span
from hfcarbon_lint.parsing.card import CARBON_KEY, emissions_grams
from hfcarbon_lint.parsing.quantities import ParsedEmission
from hfcarbon_lint.rules.base import Finding, LintContext, rule

CSV_NAME = "emissions.csv"
RELATIVE_TOLERANCE = 0.01
MAX_CSV_BYTES = 5_000_000  # a lint rule reads a small file or nothing


@rule("HFC045", "codecarbon-csv-mismatch", Severity.WARNING)
def codecarbon_csv_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """The card's emissions disagree with the CodeCarbon ``emissions.csv`` in the same folder.

    CodeCarbon writes **kilograms**; cards want **grams**. The card's figure is
    compared with the CSV's last row and with the sum of its runs (each run's last
    row: CodeCarbon rows hold running totals), times 1000, allowing 1% and the
    rounding of the card's number. A card value equal to the CSV's kilogram figure,
    or about 1000 times off, is named as the kg/g confusion it almost always is.
    ``hfcarbon-lint fill --from-codecarbon emissions.csv --card README.md`` writes the
    right value. Only local cards are checked; a card without a carbon block is
    checked on the figure its body states. The CSV is read with the standard library
    (CodeCarbon is not needed), and skipped when it is not a CodeCarbon CSV or is over 5 MB.
    """
    card = ctx.card
    carbon = card.carbon
    body = card.body.get("emissions")
    if carbon is not None and card.doc is not None and carbon.emissions_node is not None:
        card_g = emissions_grams(carbon.emissions_value)
        span = card.span(carbon.emissions_node)
        precision_of: object = carbon.emissions_node
        said = f"{CARBON_KEY} says"
    elif carbon is None and body is not None and ctx.facts.emissions_origin == "body":
        card_g = ctx.facts.emissions_g
        span = Span.at(body.line, body.value_column, body.line, body.end_column)
        precision_of = body.emission()
        said = f"{body.where} says"
    else:
        return
    if card_g is None or card_g <= 0:
        return
    if isinstance(precision_of, ParsedEmission):
        slack = precision_of.precision_g + 1e-12
    else:
        slack = _precision(precision_of) + 1e-12
    path = card.source.path
    if not path or path == "-":
        return
    csv_path = Path(path).parent / CSV_NAME
    try:
        if not csv_path.is_file() or not Path(path).is_file() or csv_path.stat().st_size > MAX_CSV_BYTES:
            return
    except (OSError, ValueError):  # a path that cannot be a file (a NUL byte) has no CSV beside it
        return
    # Only when a CSV is beside the card: most cards have none, and the reader is the tracking package's.
    from hfcarbon_lint.measurements.csvfile import CsvProblem, read_codecarbon_csv
    from hfcarbon_lint.measurements.measurement import kg_to_g

    try:
        data = read_codecarbon_csv(csv_path, MAX_CSV_BYTES)
    except (CsvProblem, OSError):
        return
    last_kg = data.rows[-1].measurement.emissions_kg
    runs = data.runs()
    total_kg = math.fsum(row.measurement.emissions_kg for row in runs)
    candidates = {"the last row": last_kg, f"the sum of its {len(runs)} runs": total_kg}
    for kilograms in candidates.values():
        grams = kg_to_g(kilograms)
        if abs(card_g - grams) <= slack + RELATIVE_TOLERANCE * max(card_g, grams):
            return
    kg_matches = [item for item in candidates.items() if _close(card_g, item[1], slack)]
    if kg_matches:
        which, kilograms = kg_matches[0]
    else:  # the candidate nearest to the card's figure, by ratio
        which, kilograms = min(
            candidates.items(), key=lambda item: abs(math.log(max(kg_to_g(item[1]), 1e-30) / card_g))
        )
    grams = kg_to_g(kilograms)
    shown = f"{_short(grams)} g ({_short(kilograms)} kg"
    shown += f", {which})" if len(runs) > 1 else ")"
    hint = ""
    if kg_matches:
        hint = f"; {_short(card_g)} is the CSV's kilogram figure: CodeCarbon writes kg, the card wants grams ({_short(grams)})"
    elif grams > 0 and 500 <= card_g / grams <= 2000:
        hint = "; about 1000 times larger: converted from kg to g twice?"
    elif grams > 0 and 500 <= grams / card_g <= 2000:
        hint = "; about 1000 times smaller: kilograms written as grams?"
    # normpath, not Path: it folds "a/../b" as the message has always shown it.
    yield Finding(
        span,
        f"{said} {_short(card_g)} g but {os.path.normpath(csv_path).replace(os.sep, '/')} beside the card says {shown}{hint}",
    )


def _close(card_g: float, kilograms: float, slack: float) -> bool:
    return abs(card_g - kilograms) <= slack + RELATIVE_TOLERANCE * max(card_g, kilograms)


def _precision(node: object) -> float:
    """Half a unit of the last digit the card wrote (``0.68`` -> 0.005); 0 when unknown."""
    if not isinstance(node, ScalarNode):
        return 0.0
    match = re.fullmatch(r"\s*[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*", str(node.value))
    if match is None:
        return 0.0
    decimals = len(match.group(2) or "")
    exponent = int(match.group(3) or 0)
    return 0.5 * 10.0 ** (exponent - decimals)


def _short(value: float) -> str:
    return f"{value:.4g}"
