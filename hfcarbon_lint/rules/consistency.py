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
    value = carbon.emissions_value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == parsed.quantity.value:
        # The same digits, another unit ("emissions: 12.5" and "12.5 Kg"): both readings are defensible;
        # say which one was taken and why.
        yield Finding(
            card.span(carbon.emissions_node),
            f"metadata says {value:g}, read as {metadata_g:g} g (a metadata number is grams, as the Hub spec "
            f"says), but {body.where} says {body.raw_value!r}: the same number in {parsed.quantity.unit}, "
            f"{body_g:g} g; if the figure is in {parsed.quantity.unit}, write 'emissions: {grams_text(parsed.quantity)}'",
        )
        return
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


@rule("HFC042", "figure-without-unit", Severity.WARNING)
def figure_without_unit(ctx: LintContext) -> Iterator[Finding]:
    """The body's figure has no unit (``Carbon Emitted: 13``); it is read in the unit its section states.

    The model-card template says above its Environmental Impact lines: "Total emissions
    (in grams of CO2eq) ... go here". A careful reader reads ``Carbon Emitted: 13`` there as
    13 g, and so does hfcarbon-lint, but a reader who skips the comment (or the section's
    sentence) may read kilograms: write the unit with the figure. Without such a statement
    a figure without a unit is not read at all (a wrong figure is worse than none).

    Fail::

        license: mit
        ---
        ## Environmental Impact

        <!-- Total emissions (in grams of CO2eq) and additional considerations go here -->

        - **Carbon Emitted:** 13

    Pass::

        license: mit
        ---
        ## Environmental Impact

        <!-- Total emissions (in grams of CO2eq) and additional considerations go here -->

        - **Carbon Emitted:** 13 g
    """
    body = ctx.card.body.get("emissions")
    if body is None or not body.unit_line:
        return
    parsed = body.emission()
    if parsed is None or parsed.quantity.unit is None:
        return
    unit = parsed.quantity.unit
    yield Finding(
        Span.at(body.line, body.value_column, body.line, body.end_column),
        f"{body.where} gives {body.raw_value!r} without a unit; read as {grams_text(parsed.quantity)} g, "
        f"in the unit its section states on line {body.unit_line} ({body.unit_statement!r}): "
        f"write '{body.raw_value} {unit}'",
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
