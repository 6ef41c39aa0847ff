"""Rules that ask whether the card's values can be true: a real place, real hardware, a possible figure.

They read ``hfcarbon_lint.plausibility`` and ``hfcarbon_lint.grid``, which import only the
standard library: the data of pycountry and CodeCarbon (both optional) are read as files
on first use, never imported. Without them the location rule is skipped and the estimate uses the
world-average grid.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml.nodes import ScalarNode

from hfcarbon_lint.base.diagnostics import Applicability, Severity, Span
from hfcarbon_lint.grid.location import Resolution, resolve_location
from hfcarbon_lint.hardware.devices import read_hardware
from hfcarbon_lint.plausibility.estimate import KG_SLIP, assess, times_thousand
from hfcarbon_lint.plausibility.evidence import TextField, text_field
from hfcarbon_lint.rules.base import Finding, LintContext, replace_fix, rule


@rule("HFC060", "unresolvable-location", Severity.INFO)
def unresolvable_location(ctx: LintContext) -> Iterator[Finding]:
    """``geographical_location`` names no country, cloud region or continent that can be resolved.

    The location sets the grid's carbon intensity, the factor that turns energy into
    emissions. It is resolved with ISO 3166 countries (their official and common names
    and codes, shipped with hfcarbon-lint), subdivisions such as ``Quebec`` or
    ``California`` (pycountry), CodeCarbon's country table and its GCP regions when
    installed, and the AWS and Azure region ids (``us-east-1``, ``eastus``). The country is read
    from the last comma-separated part first, so ``Fredericia, Denmark`` and
    ``Eemshaven, Netherlands, Europe`` resolve. Cloud regions (``us-central1``,
    ``US-East``, ``westeurope``) and continents (``Europe``) are accepted, and so is the
    ambiguous ``NA`` (North America, or not available) and a trailing code that is both
    a state and a country (``San Francisco, CA``). Placeholders (``unknown``) are
    HFC017's business. Without pycountry (``hfcarbon-lint[plausibility]``) only a text
    that is no country is skipped: without ISO 3166-2 a city cannot be told from nonsense.

    Fail::

        co2_eq_emissions:
          emissions: 1200
          geographical_location: my laptop

    Pass::

        co2_eq_emissions:
          emissions: 1200
          geographical_location: Quebec, Canada
    """
    if not _mentions(ctx, "geographical_location"):
        return
    field = text_field(ctx.card, "geographical_location")
    if field is None:
        return
    location = resolve_location(field.text)
    if location.resolution is not Resolution.UNRESOLVED:
        return
    where = "geographical_location" if field.origin == "metadata" else "the body's Compute Region"
    yield Finding(
        field.span,
        f"{where} {_quote(field.text)} names no country, cloud region or continent; "
        "write 'City, Country' (e.g. 'Quebec, Canada') or a cloud region (e.g. 'us-central1')",
    )


@rule("HFC061", "unrecognised-hardware", Severity.INFO)
def unrecognised_hardware(ctx: LintContext) -> Iterator[Finding]:
    """``hardware_used`` names no known CPU, GPU or TPU model (``NVIDIA GPU``, ``Google Colab``, ``a server``).

    A model name says how much power the run drew; a vendor or a platform does not.
    Recognised: NVIDIA data-centre and GeForce GPUs (A100, H100, V100, T4, RTX 3090…),
    AMD Instinct, Google TPU v2-v6e (``TPUv3-8``, ``TPU v4-16``), Apple M-series, and
    Intel Core/Xeon, AMD EPYC/Ryzen and Arm server CPUs, with a count written as
    ``8xA100``, ``8 x A100``, ``1 v100 GPU`` or ``A100 x 8``. The list and the power
    figures are in ``hfcarbon_lint/hardware/data/hardware.json`` (with their
    sources): a model missing there is reported here too, so tell us about it.

    Fail::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: NVIDIA GPU

    Pass::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: 1 x NVIDIA A100-SXM4-40GB
    """
    if not _mentions(ctx, "hardware_used"):
        return
    field = text_field(ctx.card, "hardware_used")
    if field is None or _from_prose(ctx, field):
        return
    if read_hardware(field.text).recognised:
        return
    where = "hardware_used" if field.origin == "metadata" else "the body's Hardware Type"
    yield Finding(
        field.span,
        f"{where} {_quote(field.text)} names no known CPU, GPU or TPU model; "
        "write the model and the count, e.g. '8 x NVIDIA A100-SXM4-40GB' or 'TPU v3-8'",
    )


@rule("HFC062", "implausible-emissions", Severity.WARNING, fix=Applicability.UNSAFE)
def implausible_emissions(ctx: LintContext) -> Iterator[Finding]:
    """The emissions figure is orders of magnitude off for the stated hardware, hours or energy: kilograms written as grams?

    The expected emissions are estimated from the card itself, strongest evidence first:
    the energy it states (CodeCarbon's ``energy_consumed``, or a body line such as
    ``Total energy consumption: 15.5 kWh``), else the hours (``hours_used``, the
    ``Hours used`` line, "for about 180 hours" in ``hardware_used``, a ``Training time``
    line) times the published power of the stated hardware (vendor TDP, Google's
    measured TPU power), times the grid intensity of the location (CodeCarbon's figure:
    a US state's, a Canadian or Chinese province's, a Nordic zone's or a cloud region's
    where it has one, else the country's, the same figure ``estimate`` and ``track`` use;
    the world average, 475 g/kWh, when the location does not resolve). The figure is reported when it is more than 300 times (2.5 orders of
    magnitude) below the estimate, or above it when the device count or the energy is
    written. With no hours and no energy, it is reported only when it is less than 5
    seconds of one stated GPU/TPU at full power, at a resolved location: no training
    run is that short. A kilogram figure written as grams is exactly 1000 times too
    small; the message gives the x1000 value when that one is plausible.

    A figure read from the body (a card without ``co2_eq_emissions``: a ``Carbon
    Emitted`` line, a table's total row, a sentence) is checked the same way, at the
    line it was read from. A body figure without a unit, read in the unit its section
    states (HFC042: the template's "in grams of CO2eq"), is reported when it is
    implausible in that unit and plausible in kilograms.

    Fix (unsafe, changes the figure): when the x1000 value is plausible and the figure
    is a plain number in the metadata, write it x1000 (the value read as kilograms, in grams).

    Fail (a kg revision of a real card: 5.6 kg written as 5.6)::

        co2_eq_emissions:
          emissions: 5.6
          geographical_location: Germany
          hardware_used: NVIDIA A100-SXM4-40GB
        ---
        - **Training time**: ~ 36 hours

    Pass (the corrected revision)::

        co2_eq_emissions:
          emissions: 5600
          geographical_location: Germany
          hardware_used: NVIDIA A100-SXM4-40GB
    """
    card, facts = ctx.card, ctx.facts
    carbon = card.carbon
    if facts.emissions_g is None:
        return
    node = carbon.emissions_node if carbon is not None and facts.emissions_origin == "metadata" else None
    body = card.body.get("emissions") if facts.emissions_origin == "body" else None
    if node is not None:
        span, what = card.span(node), "emissions"
    elif body is not None:
        span = Span.at(body.line, body.value_column, body.line, body.end_column)
        unit = f" (no unit: read {body.unit_statement!r}, line {body.unit_line})" if body.unit_line else ""
        what = f"{body.where}: {_quote(body.raw_value)}{unit} ="
    else:
        return
    verdict = assess(card, facts.emissions_g)
    if verdict is None or not verdict.implausible:
        return
    value = facts.emissions_g
    fix = None
    if verdict.too_small:
        if verdict.basis == "floor":
            message = f"{what} {value:,.6g} g is {verdict.explanation}"
        else:
            times = f"about {1 / verdict.ratio:,.0f} times" if verdict.ratio > 1e-300 else "vanishingly"
            message = f"{what} {value:,.6g} g is {times} less than {verdict.explanation}"
        if verdict.kg_hint:
            scaled = times_thousand(node.value) if isinstance(node, ScalarNode) else None
            shown = scaled or f"{value * KG_SLIP:g}"
            if body is not None and body.unit_line:
                message += f"; read in kilograms, {value:,.6g} kg is {shown} g, which fits: write the unit"
            else:
                message += f"; kilograms written as grams? {value:,.6g} kg is {shown} g"
            if (
                scaled is not None
                and node is not None
                and carbon is not None
                and card.doc is not None
                and isinstance(carbon.emissions_value, (int, float))
                and not isinstance(carbon.emissions_value, bool)
            ):
                start, end = card.doc.offsets(node)
                fix = replace_fix(
                    Applicability.UNSAFE, f"write {scaled} (the figure read as kilograms)", start, end, scaled
                )
    else:
        message = f"{what} {value:,.6g} g is about {verdict.ratio:,.0f} times more than {verdict.explanation}"
        if verdict.mg_hint:
            message += (
                f"; milligrams written as grams, or kilograms converted twice? {value / KG_SLIP:,.6g} g would fit"
            )
    yield Finding(span, message, fix)


@rule("HFC063", "unknown-device-count", Severity.INFO)
def unknown_device_count(ctx: LintContext) -> Iterator[Finding]:
    """``hardware_used`` names devices in the plural without saying how many (``Nvidia 3090 GPUs``, ``A100s``).

    The count multiplies the power, so the emissions cannot be checked against it. A
    singular name (``NVIDIA A100-SXM4-40GB``) is read as one device and is not reported.

    Fail::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: A100 GPUs

    Pass::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: 8 x A100 GPUs
    """
    if not _mentions(ctx, "hardware_used"):
        return
    field = text_field(ctx.card, "hardware_used")
    if field is None or _from_prose(ctx, field):
        return
    unknown = read_hardware(field.text).count_unknown
    if not unknown:
        return
    names = ", ".join(d.label for d in unknown)
    where = "hardware_used" if field.origin == "metadata" else "the body's Hardware Type"
    yield Finding(
        field.span, f"{where} {_quote(field.text)} does not say how many {names}; write e.g. '8 x {unknown[0].label}'"
    )


def _from_prose(ctx: LintContext, field: TextField) -> bool:
    """Whether the hardware was read from prose or a table (not a field a user fills in): not linted as a field."""
    body = ctx.card.body.get("hardware_used")
    return field.origin == "body" and body is not None and body.kind == "sentence"


def _mentions(ctx: LintContext, key: str) -> bool:
    """Whether the metadata or the body has the field at all: a cheap test before importing the checks."""
    carbon = ctx.card.carbon
    return (carbon is not None and key in carbon.entries) or key in ctx.card.body


def _quote(text: str, limit: int = 80) -> str:
    """The value as it is quoted in a message, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
