"""Plausibility of carbon metadata: where (location), on what (hardware), and how much (an estimate).

Used by the rules HFC060-HFC063 (``hfcarbon_lint/rules/plausibility.py``). Importing this
package loads only the standard library. Locations are resolved by ``hfcarbon_lint.grid``
(re-exported here), which reads pycountry's ISO 3166 data and CodeCarbon's bundled tables
as files on first use, once, without importing either package; both are optional
(``hfcarbon-lint[plausibility]`` installs pycountry, ``hfcarbon-lint[track]`` CodeCarbon).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

# The public names, imported on first access (PEP 562): a rule that needs only the location
# tables does not pay for the hardware and estimate modules.
_PUBLIC = {
    "Assessment": "hfcarbon_lint.plausibility.estimate",
    "assess": "hfcarbon_lint.plausibility.estimate",
    "Device": "hfcarbon_lint.plausibility.hardware",
    "HardwareReading": "hfcarbon_lint.plausibility.hardware",
    "read_hardware": "hfcarbon_lint.plausibility.hardware",
    "Location": "hfcarbon_lint.grid.location",
    "Resolution": "hfcarbon_lint.grid.location",
    "resolve_location": "hfcarbon_lint.grid.location",
}


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'hfcarbon_lint.plausibility' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


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
