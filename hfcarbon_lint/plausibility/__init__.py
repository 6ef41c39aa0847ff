"""Plausibility of carbon metadata: where (location), on what (hardware), and how much (an estimate).

Used by the rules HFC060-HFC063 (``hfcarbon_lint/rules/plausibility.py``). Locations are
resolved by ``hfcarbon_lint.grid`` (re-exported here), which reads pycountry's ISO 3166 data
and CodeCarbon's bundled tables as files on first use, once, without importing either
package; both are optional (``hfcarbon-lint[plausibility]`` installs pycountry,
``hfcarbon-lint[track]`` CodeCarbon).
"""

from __future__ import annotations

from hfcarbon_lint.grid.location import Location, Resolution, resolve_location
from hfcarbon_lint.hardware.devices import Device, HardwareReading, read_hardware
from hfcarbon_lint.plausibility.estimate import Assessment, assess

__all__ = [
    "Assessment",
    "Device",
    "HardwareReading",
    "Location",
    "Resolution",
    "assess",
    "read_hardware",
    "resolve_location",
]
