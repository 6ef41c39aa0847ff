"""``hfcarbon-lint estimate``: emissions from hardware, hours and place, for runs never measured.

The method of the ML CO2 Impact calculator (Lacoste et al. 2019) and of Green
Algorithms (Lannelongue et al. 2021), with the formula in one place
(``plausibility.estimate.energy_kwh``)::

    energy (kWh)       = device power (W) x count / 1000 x hours x PUE
    emissions (g CO2eq) = energy x grid intensity (g CO2eq/kWh)

* device power: the published figure in ``hardware/data/hardware.json`` (the table
  the plausibility rules use), or CodeCarbon's CPU TDP table for CPUs;
* grid intensity: CodeCarbon's figure for the country or GCP region
  (``hfcarbon_lint.grid``), or one the user gives (``--grid-intensity``).

Nothing is guessed: unknown hardware, a device without a power figure, a device
count that is not written, or a location without a grid figure is an
:class:`EstimateError` naming the nearest known names. :func:`write_estimate` writes
the card with the same editor and check as ``track`` and ``fill``.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfcarbon_lint.grid.location import MAX_TEXT as LOCATION_TEXT_READ
from hfcarbon_lint.grid.location import Resolution, resolve_location
from hfcarbon_lint.grid.names import countries, fold
from hfcarbon_lint.grid.tables import cloud_regions, codecarbon_data_dir, country_intensities
from hfcarbon_lint.grid.track_flags import LocationError, tracker_location
from hfcarbon_lint.hardware.devices import MAX_TEXT as HARDWARE_TEXT_READ
from hfcarbon_lint.hardware.devices import Device, hardware_table, read_hardware
from hfcarbon_lint.measurements.measurement import round_significant
from hfcarbon_lint.plausibility.estimate import emissions_g, energy_kwh
from hfcarbon_lint.tracking.cardwrite import Notes, card_problem, write_fields

SOURCE = "estimate: hfcarbon-lint (hardware TDP x hours x PUE x grid intensity)"
METHOD = "device power x count x hours x PUE x grid intensity"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
MAX_HOURS = 10_000_000.0  # about 1,100 years: a longer figure is a typo
MAX_HARDWARE_TEXT = HARDWARE_TEXT_READ  # what the hardware reader reads of hardware_used
MAX_LOCATION_TEXT = LOCATION_TEXT_READ  # what the location reader reads of geographical_location


class EstimateError(Exception):
    """The estimate cannot be made without guessing; the message says what to pass instead."""


@dataclass(frozen=True, slots=True)
class EstimateOptions:
    hardware: str
    hours: float
    location: str | None = None  # free text, as a card's geographical_location ("us-east-1", "Quebec, Canada")
    country: str | None = None  # ISO 3166 alpha-3 ("DEU"), as track's --country
    pue: float = 1.0
    grid_intensity: float | None = None  # g CO2eq/kWh, instead of CodeCarbon's figure
    training_type: str | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """One kind of device counted: ``count`` units at ``watts`` each."""

    label: str
    count: int
    watts: float
    power_source: str
    note: str = ""  # e.g. "variant not written: the family's lowest figure"

    @property
    def total_watts(self) -> float:
        return self.watts * self.count


@dataclass(frozen=True, slots=True)
class Estimate:
    hardware_text: str  # as the user wrote it: the card's hardware_used
    parts: tuple[Part, ...]
    ignored: tuple[str, ...]  # devices named but not counted (CPUs beside accelerators)
    hours: float
    pue: float
    g_per_kwh: float
    intensity_source: str
    location_text: str  # the card's geographical_location
    location_note: str  # how the location was resolved

    @property
    def watts(self) -> float:
        return sum(part.total_watts for part in self.parts)

    @property
    def energy_kwh(self) -> float:
        return energy_kwh(self.watts, self.hours, self.pue)

    @property
    def emissions_g(self) -> float:
        return emissions_g(self.watts, self.hours, self.g_per_kwh, self.pue)

    def card_fields(self, training_type: str | None = None) -> dict[str, Any]:
        """The ``co2_eq_emissions`` keys written, emissions in grams."""
        fields: dict[str, Any] = {"emissions": round_significant(self.emissions_g), "source": SOURCE}
        if training_type:
            fields["training_type"] = training_type
        fields["geographical_location"] = self.location_text
        fields["hardware_used"] = self.hardware_text
        return fields

    def as_dict(self, training_type: str | None = None) -> dict[str, Any]:
        return {
            "method": METHOD,
            "hardware": [
                {
                    "device": part.label,
                    "count": part.count,
                    "watts_each": part.watts,
                    "watts": part.total_watts,
                    "power_source": part.power_source,
                    **({"note": part.note} if part.note else {}),
                }
                for part in self.parts
            ],
            "not_counted": list(self.ignored),
            "watts": self.watts,
            "hours": self.hours,
            "pue": self.pue,
            "energy_kwh": self.energy_kwh,
            "grid": {
                "g_per_kwh": self.g_per_kwh,
                "source": self.intensity_source,
                "location": self.location_text,
                "resolved": self.location_note,
            },
            "emissions_g": self.emissions_g,
            "co2_eq_emissions": self.card_fields(training_type),
        }

    def lines(self) -> list[str]:
        """The estimate with its parts, for people."""
        rows = []
        for part in self.parts:
            note = f" ({part.note})" if part.note else ""
            rows.append(f"  device     {part.count} x {part.label} at {part.watts:g} W = {part.total_watts:g} W{note}")
            rows.append(f"             power figure: {part.power_source}")
        for name in self.ignored:
            rows.append(f"  not counted {name} (a CPU beside accelerators; the calculators count the accelerators)")
        energy = self.energy_kwh
        grams = self.emissions_g
        return [
            f"estimate: {METHOD}",
            *rows,
            f"  hours      {self.hours:g} h",
            f"  PUE        {self.pue:g}",
            f"  energy     {self.watts:g} W x {self.hours:g} h x {self.pue:g} / 1000 = {energy:.6g} kWh",
            f"  grid       {self.g_per_kwh:g} g CO2eq/kWh: {self.intensity_source}",
            f"  location   {self.location_note}",
            f"  emissions  {energy:.6g} kWh x {self.g_per_kwh:g} g/kWh = {grams:.6g} g CO2eq ({_kilograms(grams)})",
        ]


def make_estimate(options: EstimateOptions) -> Estimate:
    """The estimate, or :class:`EstimateError` when something would have to be guessed."""
    if not (math.isfinite(options.hours) and 0 < options.hours <= MAX_HOURS):
        raise EstimateError(
            f"--hours must be a positive number of hours (at most {MAX_HOURS:,.0f}), not {options.hours:g}"
        )
    if not (math.isfinite(options.pue) and 1.0 <= options.pue <= 5.0):
        raise EstimateError(f"--pue must be between 1.0 and 5.0 (typical data centres: 1.1-1.6), not {options.pue:g}")
    if options.grid_intensity is not None and not (
        math.isfinite(options.grid_intensity) and 0 < options.grid_intensity < 5000
    ):
        raise EstimateError(f"--grid-intensity is in g CO2eq/kWh, between 0 and 5000, not {options.grid_intensity:g}")
    parts, ignored = _hardware(options.hardware)
    g_per_kwh, origin, where, note = _grid(options)
    return Estimate(
        hardware_text=" ".join(options.hardware.split()),
        parts=parts,
        ignored=ignored,
        hours=options.hours,
        pue=options.pue,
        g_per_kwh=g_per_kwh,
        intensity_source=origin,
        location_text=where,
        location_note=note,
    )


def write_estimate(
    estimate: Estimate, card: Path, training_type: str | None, overwrite: bool, dry_run: bool, notes: Notes
) -> int:
    """Write ``co2_eq_emissions`` into the card and check it: 0 clean, 1 written with errors, 2 not written."""
    problem = card_problem(card)
    if problem is not None:
        notes.say(problem)
        return EXIT_ERROR
    written = write_fields(card, estimate.card_fields(training_type), overwrite, dry_run, notes)
    if not written.written:
        return EXIT_ERROR
    return EXIT_OK if written.clean else EXIT_FINDINGS


# --------------------------------------------------------------------------- hardware


def _hardware(text: str) -> tuple[tuple[Part, ...], tuple[str, ...]]:
    if not text.strip():
        raise EstimateError("--hardware is empty: name the devices, e.g. --hardware '8 x A100-SXM4-40GB'")
    if len(text) > MAX_HARDWARE_TEXT:
        raise EstimateError(f"--hardware is {len(text):,} characters long: name the devices, not a description")
    reading = read_hardware(text)
    if not reading.recognised:
        raise EstimateError(
            f"unknown hardware {text!r}: no device of hfcarbon-lint's power table "
            f"(hfcarbon_lint/hardware/data/hardware.json){_nearest_hardware(text)}"
        )
    counted = reading.accelerators or reading.devices
    ignored = tuple(d.label for d in reading.devices if d not in counted)
    return tuple(_part(device, text) for device in counted), ignored


def _part(device: Device, text: str) -> Part:
    if device.count is None or not device.count_written:
        raise EstimateError(
            f"{text!r} does not say how many {device.label} ran: write the count, e.g. '8 x {device.label}' "
            f"(or '1 x {device.label}' for one)"
        )
    if device.watts is None:
        where = (
            "CodeCarbon's CPU table has no figure for this model"
            if device.family.kind == "cpu" and codecarbon_data_dir() is not None
            else (
                "CPU figures come from CodeCarbon's table: pip install 'hfcarbon-lint[track]'"
                if device.family.kind == "cpu"
                else "its maker publishes none"
            )
        )
        raise EstimateError(f"no power figure for {device.label} ({where}); an estimate would be a guess")
    note = ""
    if device.label == device.family.label and device.family.variants:
        forms = ", ".join(f"{label} {watts:g} W" for _, label, watts, _ in device.family.variants)
        note = f"variant not written: the family's lowest figure ({forms})"
    if device.power_range:
        published = f"the maker publishes {device.power_range}: the top figure"
        note = f"{note}; {published}" if note else published
    source = device.power_source or device.family.source
    label = f"{device.label} ({device.chips_per_unit} chips)" if device.chips_per_unit > 1 else device.label
    return Part(label, device.count, device.watts, source, note)


def _nearest_hardware(text: str) -> str:
    labels: dict[str, str] = {}
    for family in hardware_table()["families"]:
        labels[fold(str(family["label"]))] = str(family["label"])
        for variant in family.get("variants", ()):
            labels[fold(str(variant["label"]))] = str(variant["label"])
    wanted = re.sub(r"^\s*\d+\s*[x×*]?\s*", "", fold(text))  # "8 x b200" -> "b200"
    candidates = list(labels)
    # Compare the model token too: "b200" is nearer "h200" than "nvidia h200" is to "b200".
    close = difflib.get_close_matches(wanted, candidates, n=3, cutoff=0.5)
    tokens = {key.split()[-1]: key for key in candidates}
    close += [tokens[t] for t in difflib.get_close_matches(wanted.split()[-1] if wanted else "", list(tokens), n=3)]
    names = list(dict.fromkeys(labels[key] for key in close))[:3]
    return f"; nearest known: {', '.join(names)}" if names else ""


# --------------------------------------------------------------------------- grid


def _grid(options: EstimateOptions) -> tuple[float, str, str, str]:
    """(g/kWh, where the figure comes from, the card's geographical_location, how the place was read)."""
    if (options.location is None) == (options.country is None):
        raise EstimateError(
            "where did this run? give --location (a place or cloud region, e.g. 'us-east-1', 'Quebec, Canada') "
            "or --country ISO3 (e.g. DEU), one of them"
        )
    given = options.grid_intensity
    if options.country is not None:
        try:
            validated = tracker_location(country=options.country)
        except LocationError as exc:
            if given is None:
                raise EstimateError(str(exc)) from None
            raise EstimateError(f"{exc} (--grid-intensity gives the figure, not the place)") from None
        iso = validated.country_iso_code or ""
        name = validated.country_name or iso
        if given is not None:
            return given, "given with --grid-intensity", name, f"--country {iso}"
        entry = country_intensities().get(iso)
        if entry is None:
            raise EstimateError(f"CodeCarbon has no grid intensity for {name} ({iso}): pass --grid-intensity G_PER_KWH")
        year = f" {entry.year}" if entry.year else ""
        return entry.g_per_kwh, f"CodeCarbon's{year} figure for {entry.name}", name, f"--country {iso}"
    text = " ".join((options.location or "").split())
    if not text:
        raise EstimateError("--location is empty")
    if len(text) > MAX_LOCATION_TEXT:
        raise EstimateError(f"--location is {len(text):,} characters long: name the place, e.g. 'Quebec, Canada'")
    if given is None and codecarbon_data_dir() is None:
        # Checked before the place is read: without CodeCarbon no place has a figure, whatever it is.
        raise EstimateError(
            "grid intensities come from CodeCarbon's tables: pip install 'hfcarbon-lint[track]', "
            "or pass --grid-intensity G_PER_KWH"
        )
    location = resolve_location(text)
    if location.resolution is Resolution.AMBIGUOUS:
        raise EstimateError(f"location {text!r} is ambiguous ({location.detail}): name the country")
    if location.resolution is Resolution.UNAVAILABLE:
        raise EstimateError(
            f"{text!r} is no country, and reading a state or city needs ISO 3166 subdivisions: "
            "pip install 'hfcarbon-lint[plausibility]' (or name the country)"
        )
    if not location.resolution.accepted:
        raise EstimateError(f"cannot resolve location {text!r}{_nearest_place(text)}")
    note = f"{text!r}: {location.describe()}"
    if location.grid_note:
        note += f"; {location.grid_note}"
    if given is not None:
        return given, "given with --grid-intensity", text, note
    if location.g_per_kwh is None or location.intensity_source is None:
        if location.alpha3 is None:
            raise EstimateError(
                f"location {text!r} names no country, so no grid intensity: pass a country or a cloud region, "
                "or --grid-intensity G_PER_KWH"
            )
        raise EstimateError(
            f"CodeCarbon has no grid intensity for {location.describe()}: pass --grid-intensity G_PER_KWH"
        )
    return location.g_per_kwh, location.intensity_source, text, note


def _nearest_place(text: str) -> str:
    names: dict[str, str] = {fold(entry.name): entry.name for entry in country_intensities().values()}
    for country in countries():
        names.setdefault(fold(country.display_name), country.display_name)
    for region in cloud_regions():
        names.setdefault(region, region)
    wanted = fold(text).split(",")[-1].strip()
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    if not close:
        return ": name a country ('Germany', 'Quebec, Canada') or a cloud region ('us-central1')"
    return f"; nearest known: {', '.join(names[c] for c in close)}"


def _kilograms(grams: float) -> str:
    if grams >= 1_000_000:
        return f"{grams / 1_000_000:.4g} t"
    return f"{grams / 1000:.4g} kg"
