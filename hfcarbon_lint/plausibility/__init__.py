"""Plausibility of carbon metadata: where (location), on what (hardware), and how much (an estimate).

Used by the rules HFC060-HFC063 (``hfcarbon_lint/rules/plausibility.py``). Importing this
package loads only the standard library. The data of pycountry (ISO 3166) and CodeCarbon's
bundled tables are read as files on first use, once, without importing either package;
both are optional (``hfcarbon-lint[plausibility]`` installs pycountry,
``hfcarbon-lint[track]`` CodeCarbon).
"""

from __future__ import annotations

from hfcarbon_lint.plausibility.estimate import Assessment, assess
from hfcarbon_lint.plausibility.hardware import Device, HardwareReading, read_hardware
from hfcarbon_lint.plausibility.location import Location, Resolution, resolve_location

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
