"""Rules that compare the metadata with the card body and with the reporting policy."""

from __future__ import annotations

from collections.abc import Iterator

from hfcarbon_lint.base.diagnostics import Severity, Span
from hfcarbon_lint.parsing.card import CARBON_KEY, emissions_grams
from hfcarbon_lint.rules.base import Finding, LintContext, rule
from hfcarbon_lint.rules.emissions import card_start, grams_text

RELATIVE_TOLERANCE = 0.01


@rule("HFC040", "body-metadata-mismatch", Severity.WARNING)
def body_metadata_mismatch(ctx: LintContext) -> Iterator[Finding]:
    """The metadata's emissions disagree with the body's ``Carbon Emitted:`` line.

    Units are converted before comparing (``0.007 kg`` in the body matches ``6.72`` g
    in the metadata within the body's rounding). A ratio near 1000 points at kilograms
    written where grams are meant. Only a labelled line with a unit is compared (``Carbon
    Emitted:``, ``CO2 Emissions (in grams):``, ``Emissions:``): a table or a sentence may
    state another figure (a family's total, one of several runs).

    Fail (kilograms in the body, the same number as grams in the metadata)::

        co2_eq_emissions:
          emissions: 12
        ---
        - **Carbon Emitted:** 12 kg

    Pass::

        co2_eq_emissions:
          emissions: 12000
        ---
        - **Carbon Emitted:** 12 kg
    """
    card = ctx.card
    carbon, body = card.carbon, card.body.get("emissions")
    if carbon is None or body is None or body.kind != "line" or body.is_placeholder or carbon.emissions_node is None:
        return  # a table or a sentence may state another figure (a family's total, one run): not compared
    metadata_g = emissions_grams(carbon.emissions_value)
    parsed = body.emission()
    if metadata_g is None or metadata_g <= 0 or parsed is None or parsed.quantity.grams <= 0:
        return
    body_g = parsed.quantity.grams
    slack = parsed.precision_g + RELATIVE_TOLERANCE * max(metadata_g, body_g)
    if abs(metadata_g - body_g) <= slack:
        return
    ratio = max(metadata_g, body_g) / min(metadata_g, body_g)
    hint = ""
    if 500 <= ratio <= 2000:
        hint = "; a factor of about 1000: kilograms written as grams?"
    yield Finding(
        card.span(carbon.emissions_node),
        f"metadata says {metadata_g:g} g but {body.where} says {body.raw_value!r} = {body_g:g} g{hint}",
    )


@rule("HFC041", "emissions-only-in-body", Severity.WARNING)
def emissions_only_in_body(ctx: LintContext) -> Iterator[Finding]:
    """The body reports emissions (``Carbon Emitted: 12 kg``) but the front matter has no ``co2_eq_emissions``.

    The Hub, its filters and every tool read only the metadata. Copy the figure, in
    grams, into ``co2_eq_emissions``.

    Fail::

        license: mit
        ---
        - **Carbon Emitted:** 12 kg

    Pass::

        license: mit
        co2_eq_emissions:
          emissions: 12000
        ---
        - **Carbon Emitted:** 12 kg
    """
    card = ctx.card
    body = card.body.get("emissions")
    if card.carbon is not None or body is None or ctx.facts.emissions_origin != "body":
        return
    parsed = body.emission()
    grams = grams_text(parsed.quantity) if parsed is not None else f"{ctx.facts.emissions_g:.15g}"
    yield Finding(
        Span.at(body.line, body.value_column, body.line, body.end_column),
        f"{body.where} reports {body.raw_value!r} ({grams} g) but the front matter has no {CARBON_KEY}; "
        f"add 'emissions: {grams}' to it",
    )


@rule("HFC050", "below-minimum-class", Severity.ERROR)
def below_minimum_class(ctx: LintContext) -> Iterator[Finding]:
    """The card's reporting class is below the bar set with ``--min-class`` (or ``min-class`` in the config).

    Off unless a minimum is configured. Levels: 0 Unknown Energy Efficiency,
    1 Context Reporting, 2 Basic Energy Reporting, 3 Energy Awareness,
    4 Energy Optimization, 5 Certified Energy Efficiency.
    """
    minimum = ctx.options.get("min_class")
    current = ctx.options.get("reporting_class")
    if minimum is None or current is None or current.level >= minimum.level:
        return
    yield Finding(
        card_start(ctx),
        f"reporting class {current.level} '{current.label}' is below the required {minimum.level} '{minimum.label}'",
    )
