"""Rules that compare the metadata with the card body and with the reporting policy."""

from __future__ import annotations

from collections.abc import Iterator

from hfcarbon_lint.base.diagnostics import Applicability, Fix, Severity, Span
from hfcarbon_lint.parsing.card import CARBON_KEY, ParsedCard, emissions_grams
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


@rule("HFC041", "emissions-only-in-body", Severity.WARNING, fix=Applicability.UNSAFE)
def emissions_only_in_body(ctx: LintContext) -> Iterator[Finding]:
    """The body reports emissions (``Carbon Emitted: 12 kg``) but the front matter has no ``co2_eq_emissions``.

    The Hub's emissions filter, its carbon widget and every study of ``cardData`` read the
    metadata only: for them this model does not report.

    Fix (unsafe): write ``co2_eq_emissions`` into the front matter from the body's reading:
    ``emissions`` in grams (exactly converted), and ``hardware_used``,
    ``geographical_location``, ``training_type`` and ``source`` where the body states them
    (``source`` is the body's own words for the method, never invented). Each key's line
    carries a comment naming the body line it came from. With no front matter one is
    created at the top; an empty one is filled; an existing one gains the block after its
    last key; every other byte stays. No fix is offered when the reading is not sure, and
    the message says why: a range, a figure without a unit, a figure per model or per run,
    figures that disagree, an emissions statement left unfilled beside the figure (a
    fine-tune quoting its base model), a figure only in a sentence of prose, or front
    matter that cannot be edited safely. A bound (``< 10 g``) is no figure at all: HFC010
    says so. A wrong figure in the metadata is worse than none.

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
    if card.carbon is not None or body is None:
        return
    if ctx.facts.emissions_origin != "body":
        return  # a bound ("< 10 g") is no figure: HFC010 says the card reports none, and why
    span = Span.at(body.line, body.value_column, body.line, body.end_column)
    parsed = body.emission()
    grams = grams_text(parsed.quantity) if parsed is not None else f"{ctx.facts.emissions_g:.15g}"
    message = (
        f"{body.where} reports {body.raw_value!r} ({grams} g) but the front matter has no {CARBON_KEY}; "
        f"add 'emissions: {grams}' to it"
    )
    fix, why = body_fix(card)
    yield Finding(span, message if fix is not None else f"{message} (no fix: {why})", fix)


def body_fix(card: ParsedCard) -> tuple[Fix | None, str]:
    """HFC041's fix (the body's reading written into the front matter), or None and why not."""
    # Imported here: only a card whose figure is in its body alone needs the editor.
    from hfcarbon_lint.editing.carbon_block import CardEditError, plan_carbon_fields
    from hfcarbon_lint.editing.from_body import read_body_metadata

    reading = read_body_metadata(card)
    if reading.refusal:
        return None, reading.refusal
    fields = reading.fields()
    try:
        # Planned twice: the comments name the body's lines as they will be numbered once the block is in.
        shift = sum(edit.replacement.count("\n") for edit in plan_carbon_fields(card.source, fields, card=card).edits)
        notes = {value.key: value.note(shift) for value in reading.values}
        plan = plan_carbon_fields(card.source, fields, notes=notes, card=card)
    except CardEditError as problem:
        return None, problem.message
    except ValueError as problem:  # a value no YAML scalar can hold (a figure past the float range)
        return None, f"the figure cannot be written as a number ({problem})"
    keys = ", ".join(value.key for value in reading.values)
    return Fix(Applicability.UNSAFE, f"write co2_eq_emissions from the body ({keys})", plan.edits), ""


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
