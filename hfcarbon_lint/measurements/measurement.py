"""One CodeCarbon measurement, whichever way it arrived (a live tracker or a CSV), and its card fields.

CodeCarbon reports **kilograms** of CO2eq; model cards want **grams**. The conversion
happens in exactly one place, :func:`kg_to_g`, called only by
:attr:`Measurement.emissions_g`; every other figure keeps CodeCarbon's units
(kWh, seconds, watts).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from hfcarbon_lint.grid.names import cloud_location_text, display_region

SOURCE = "CodeCarbon"
SIGNIFICANT_DIGITS = 4
TRAINING_TYPES = ("pre-training", "fine-tuning")
# CodeCarbon's online tracker falls back to this place when it cannot locate the machine
# (external/geography.py); real Hub uploads show it as `Canada,CAN,quebec,...,-71.2,46.8`.
FALLBACK_COORDINATES = (-71.2, 46.8)


def kg_to_g(kilograms: float) -> float:
    """The one kg -> g conversion of hfcarbon-lint's CodeCarbon support."""
    return kilograms * 1000.0


def round_significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """``value`` rounded to ``digits`` significant digits (CodeCarbon's estimates carry no more)."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


@dataclass(frozen=True)
class Measurement:
    """Totals of one run (or the sum of several), in CodeCarbon's own units."""

    emissions_kg: float
    energy_kwh: float | None = None
    duration_s: float | None = None
    cpu_energy_kwh: float | None = None
    gpu_energy_kwh: float | None = None
    ram_energy_kwh: float | None = None
    cpu_power_w: float | None = None
    gpu_power_w: float | None = None
    ram_power_w: float | None = None
    country_name: str | None = None
    country_iso_code: str | None = None
    region: str | None = None
    on_cloud: bool | None = None
    cloud_provider: str | None = None
    cloud_region: str | None = None
    cpu_model: str | None = None
    cpu_count: int | None = None
    gpu_model: str | None = None
    gpu_count: int | None = None
    tracking_mode: str | None = None
    codecarbon_version: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    pue: float | None = None
    run_ids: tuple[str, ...] = ()
    runs: int = 1
    mixed: tuple[str, ...] = field(default=())  # fields that differ between summed runs

    @property
    def emissions_g(self) -> float:
        return kg_to_g(self.emissions_kg)

    @property
    def intensity_g_per_kwh(self) -> float | None:
        if not self.energy_kwh:
            return None
        return self.emissions_g / self.energy_kwh

    @property
    def probable_online_fallback(self) -> bool:
        """Canada/Quebec at CodeCarbon's hard-coded coordinates: the online tracker did not know where it ran."""
        if (self.country_iso_code or "").upper() != "CAN" or (self.region or "").lower() != "quebec":
            return False
        if self.longitude is None or self.latitude is None:
            return False
        return math.isclose(self.longitude, FALLBACK_COORDINATES[0], abs_tol=0.05) and math.isclose(
            self.latitude, FALLBACK_COORDINATES[1], abs_tol=0.05
        )

    def location_text(self) -> str | None:
        """``Region, Country``, the country alone, or the cloud region with its country; None when unknown."""
        if "location" in self.mixed:
            return None
        country = _clean(self.country_name)
        if self.on_cloud and _clean(self.cloud_region):
            return cloud_location_text(self.cloud_provider, self.cloud_region or "", country)
        if country is None:
            return None
        region = _clean(self.region)
        return f"{display_region(region)}, {country}" if region else country

    def hardware_text(self) -> str | None:
        """GPUs (``1 x NVIDIA A100``) then the CPU with its thread count, joined with ", "."""
        if "hardware" in self.mixed:
            return None
        parts: list[str] = []
        if self.gpu_count and _clean(self.gpu_model):
            parts.extend(split_gpu_models(self.gpu_model or "", self.gpu_count))
        cpu = _clean(self.cpu_model)
        threads = f"{self.cpu_count} thread{'s' if self.cpu_count != 1 else ''}" if self.cpu_count else ""
        if cpu and cpu.lower() in ("unknown", "unknown cpu"):
            cpu = f"CPU of unknown model ({threads})" if threads else None
        elif cpu and threads:
            cpu += f" ({threads})"
        if cpu:
            parts.append(cpu)
        return ", ".join(parts) if parts else None

    def card_fields(self, training_type: str | None = None, location: str | None = None) -> dict[str, Any]:
        """The ``co2_eq_emissions`` keys this measurement supports, emissions in grams."""
        fields: dict[str, Any] = {
            "emissions": round_significant(self.emissions_g),
            "source": SOURCE,
        }
        if training_type:
            fields["training_type"] = training_type
        where = location or (None if self.probable_online_fallback else self.location_text())
        if where:
            fields["geographical_location"] = where
        hardware = self.hardware_text()
        if hardware:
            fields["hardware_used"] = hardware
        return fields


def split_gpu_models(text: str, total: int | None) -> list[str]:
    """Split CodeCarbon's ``gpu_model`` (``"2 x A1001 x T4"``, no separator) into ``["2 x A100", "1 x T4"]``.

    A model name can end in digits, so the split whose counts add up to ``gpu_count``
    is preferred; without one the text is returned whole.
    """
    text = text.strip()
    marks = [m.start() for m in re.finditer(r" x ", text)]
    if len(marks) <= 1:
        return [text]
    first = re.match(r"\d+", text)
    if first is None or first.end() != marks[0]:
        return [text]
    # For every later " x ", the count is some suffix of the digits before it.
    options: list[list[int]] = []
    for mark in marks[1:]:
        digits = re.search(r"\d+$", text[:mark])
        if digits is None:
            return [text]
        options.append([mark - length for length in range(1, len(digits.group(0)) + 1)])

    def counts(starts: list[int]) -> int:
        bounds = [0, *starts]
        return sum(int(text[b:m]) for b, m in zip(bounds, marks, strict=True))

    def search(index: int, chosen: list[int]) -> list[int] | None:
        if index == len(options):
            return chosen if total is None or counts(chosen) == total else None
        for start in options[index]:
            if start > marks[index] + 3:  # the previous name must not be empty
                found = search(index + 1, [*chosen, start])
                if found is not None:
                    return found
        return None

    starts = search(0, [])
    if starts is None:
        return [text]
    bounds = [0, *starts, len(text)]
    return [text[bounds[i] : bounds[i + 1]].strip() for i in range(len(bounds) - 1)]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text if text and text.lower() not in ("nan", "none", "null") else None
