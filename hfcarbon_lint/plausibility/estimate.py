"""Is the emissions figure possible for the stated hardware, hours and place? An order-of-magnitude test.

The expected emissions come from the strongest evidence on the card:

1. **energy** stated on the card (CodeCarbon's ``energy_consumed`` key, or a body line
   such as ``Total energy consumption: 15.5 kWh``) x the grid intensity;
2. **hours** (``hours_used``, the ``Hours used`` line, "for about 180 hours" in
   ``hardware_used``, a ``Training time`` line) x the published power of the stated
   hardware x the grid intensity;
3. with neither, a **floor**: one GPU/TPU (count ignored) running for
   ``FLOOR_SECONDS`` at its published power. No training run is shorter, and even
   an idle GPU draws a tenth of its power, so this is a very low bound.

The grid intensity is the location's (CodeCarbon's country or GCP-region figure) or,
when the location cannot be resolved, the world average (475 g/kWh). The floor is used
only when the location resolves to a figure.

A figure is reported when it is more than ``FACTOR`` times (2.5 orders of magnitude)
below the estimate (for the floor: below the floor itself), or, with a written device
count or a stated energy, more than ``FACTOR`` times above it. A kilogram figure
written as grams is exactly 1000 times too small, so the message gives the x1000
value when that one would pass the same test.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from hfcarbon_lint.grid.location import Location, Resolution, resolve_location
from hfcarbon_lint.grid.tables import codecarbon_data_dir, world_average
from hfcarbon_lint.hardware.devices import HardwareReading, read_hardware
from hfcarbon_lint.parsing.card import ParsedCard
from hfcarbon_lint.plausibility.evidence import run_duration, run_energy, text_field

FACTOR = 300.0
FLOOR_SECONDS = 5.0
KG_SLIP = 1000.0


def energy_kwh(watts: float, hours: float, pue: float = 1.0) -> float:
    """Energy of a run: power (W) x time (h) / 1000 x the data centre's PUE, in kWh.

    The one formula of hfcarbon-lint's estimates (these checks and ``hfcarbon-lint
    estimate``): the ML CO2 Impact calculator's (Lacoste et al. 2019: power x hours,
    then x the grid's intensity) and Green Algorithms' (Lannelongue et al. 2021:
    E = t x (n_c x P_c x u_c + n_m x P_m) x PUE) with the usage factor u_c = 1 and no
    memory term. See docs/estimate.md.
    """
    return hours * watts / 1000 * pue


def emissions_g(watts: float, hours: float, g_per_kwh: float, pue: float = 1.0) -> float:
    """Emissions of a run in grams CO2eq: :func:`energy_kwh` x the grid's intensity (g/kWh)."""
    return energy_kwh(watts, hours, pue) * g_per_kwh


class Assessment(NamedTuple):
    reported_g: float
    basis: str  # "energy" | "hours" | "floor"
    expected_g: float  # the estimate (for "floor", the floor)
    explanation: str  # how the estimate was made, for the message
    too_small: bool
    too_large: bool
    kg_hint: bool  # the value x1000 would be plausible
    mg_hint: bool  # the value / 1000 would be plausible

    @property
    def implausible(self) -> bool:
        return self.too_small or self.too_large

    @property
    def ratio(self) -> float:
        return self.reported_g / self.expected_g if self.expected_g > 0 else math.inf


def intensity_for(location: Location | None) -> tuple[float, str, bool]:
    """(g/kWh, a phrase such as "Denmark's grid (152 g/kWh)", resolved) for a location, else the world average."""
    if location is not None and location.g_per_kwh is not None:
        return location.g_per_kwh, f"the grid of {location.describe()} ({location.g_per_kwh:.0f} g/kWh)", True
    world, _ = world_average()
    why = ""
    if location is not None:
        if codecarbon_data_dir() is None:
            # A missing extra is never blamed on the card: "Germany" is a country, its figure is not installed.
            why = "; grid figures need CodeCarbon: pip install 'hfcarbon-lint[track]'"
        elif location.resolution is Resolution.UNAVAILABLE:
            why = "; reading a state or city needs pycountry: pip install 'hfcarbon-lint[plausibility]'"
        elif location.alpha3 is None:
            why = f"; {location.text!r} gives no country"
        else:
            why = f"; no figure for {location.describe()}"
    return world, f"the world-average grid ({world:.0f} g/kWh{why})", False


def card_hardware(card: ParsedCard) -> HardwareReading | None:
    """The stated hardware: ``hardware_used``, else CodeCarbon's ``cpu_model`` key (CPU-only runs)."""
    field = text_field(card, "hardware_used")
    if field is not None:
        return read_hardware(field.text)
    carbon = card.carbon
    if carbon is not None and carbon.form == "mapping":
        entry = carbon.entries.get("cpu_model")
        if entry is not None and isinstance(entry.value, str) and entry.value.strip():
            return read_hardware(entry.value)
    return None


def card_location(card: ParsedCard) -> Location | None:
    field = text_field(card, "geographical_location")
    return resolve_location(field.text) if field is not None else None


def assess(card: ParsedCard, reported_g: float) -> Assessment | None:
    """The plausibility verdict for a positive figure in grams, or None when the card gives too little to judge."""
    if not (reported_g > 0 and math.isfinite(reported_g)):
        return None
    location = card_location(card)
    g_per_kwh, where, resolved = intensity_for(location)
    energy = run_energy(card)  # reads the body's lines only when they may state energy
    if energy is not None:
        kwh, origin = energy
        expected = kwh * g_per_kwh
        explanation = f"{kwh:g} kWh ({origin}) on {where}: about {_grams(expected)}"
        return _verdict(reported_g, "energy", expected, explanation, allow_large=True)
    hardware = card_hardware(card)
    if hardware is None or not hardware.recognised:
        return None
    duration = run_duration(card, hardware.text)
    if duration is not None:
        hours, origin = duration
        low_watts = hardware.power_watts(per_unit=True)
        if low_watts is None:
            return None
        # Only a written count bounds the power from above: "NVIDIA A100" may be one of sixteen.
        counted = all(d.count_written for d in hardware.devices)
        high_watts = hardware.power_watts(per_unit=hours.per_device) if counted else None
        watts = high_watts if high_watts is not None else low_watts
        expected = emissions_g(watts, hours.hours, g_per_kwh)
        explanation = (
            f"{hours.hours:g} h ({origin}) of {hardware.describe()} at {watts:g} W on {where}: about {_grams(expected)}"
        )
        low_expected = emissions_g(low_watts, hours.hours, g_per_kwh)
        verdict = _verdict(reported_g, "hours", expected, explanation, allow_large=high_watts is not None)
        # The too-small test uses the lowest reading (one unit of each device): a written
        # count may already be folded into the hours ("Hours used" in GPU-hours).
        too_small = reported_g * FACTOR < low_expected
        return _replace_small(verdict, too_small)
    if not resolved:
        return None
    floor_devices = [d for d in hardware.accelerators if d.family.kind in ("gpu", "tpu") and d.watts is not None]
    if not floor_devices:
        return None
    device = min(floor_devices, key=lambda d: d.watts or 0.0)
    watts = device.watts or 0.0
    floor = emissions_g(watts, FLOOR_SECONDS / 3600, g_per_kwh)
    explanation = (
        f"less than one {device.label} ({watts:g} W) emits in {FLOOR_SECONDS:g} seconds on {where}, "
        f"{_grams(floor)}; no training run is that short (the card states no duration or energy)"
    )
    too_small = reported_g < floor
    kg_hint = too_small and reported_g * KG_SLIP >= floor
    return Assessment(reported_g, "floor", floor, explanation, too_small, False, kg_hint, False)


def _verdict(reported_g: float, basis: str, expected: float, explanation: str, allow_large: bool) -> Assessment:
    # A zero or denormal estimate (or figure) must not divide by zero: the ratio is then 0 or inf.
    ratio = reported_g / expected if expected > 0 else math.inf
    too_small = ratio * FACTOR < 1
    too_large = allow_large and ratio > FACTOR
    kg_hint = too_small and _passes(ratio * KG_SLIP)
    mg_hint = too_large and _passes(ratio / KG_SLIP)
    return Assessment(reported_g, basis, expected, explanation, too_small, too_large, kg_hint, mg_hint)


def _replace_small(verdict: Assessment, too_small: bool) -> Assessment:
    ratio = verdict.ratio
    kg_hint = too_small and _passes(ratio * KG_SLIP)
    return Assessment(
        verdict.reported_g,
        verdict.basis,
        verdict.expected_g,
        verdict.explanation,
        too_small,
        verdict.too_large and not too_small,
        kg_hint,
        verdict.mg_hint and not too_small,
    )


def _passes(ratio: float) -> bool:
    """Whether a value at this ratio to the estimate would not be reported (the x1000 value is plausible)."""
    return 1 / FACTOR <= ratio <= FACTOR


def _grams(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:.3g} t"
    if value >= 1000:
        return f"{value / 1000:.3g} kg"
    return f"{value:.3g} g"


def times_thousand(text: str) -> str | None:
    """The decimal text of a number x1000, exactly ('0.0334' -> '33.4', '5.6' -> '5600'), or None."""
    # decimal is imported here: only a kg-for-g slip's suggestion needs it (3 ms of every check's startup).
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    scaled = value.scaleb(3).normalize()
    rendered = format(scaled, "f")
    return rendered
