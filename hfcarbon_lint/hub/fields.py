"""Facts about a model read from the Hub's API objects: size, training datasets, reported metrics.

All functions take the raw JSON of ``/api/models`` or ``/api/models/{id}`` (dicts, not
huggingface_hub objects) and never raise on odd shapes: an unusable value is ``None``.
"""

from __future__ import annotations

import math
import re
from typing import Any

# Bytes per parameter of each safetensors dtype (F4 packs two parameters per byte, F6 four in three).
DTYPE_BYTES: dict[str, float] = {
    "F64": 8,
    "I64": 8,
    "U64": 8,
    "C64": 8,
    "F32": 4,
    "I32": 4,
    "U32": 4,
    "F16": 2,
    "BF16": 2,
    "I16": 2,
    "U16": 2,
    "F8_E4M3": 1,
    "F8_E5M2": 1,
    "F8_E8M0": 1,
    "I8": 1,
    "U8": 1,
    "BOOL": 1,
    "F6_E2M3": 0.75,
    "F6_E3M2": 0.75,
    "F4": 0.5,
}
METRIC_COLUMNS = ("accuracy", "f1", "rouge1", "rougeL")
_METRIC_KEYS = {"accuracy": "accuracy", "f1": "f1", "rouge1": "rouge1", "rougel": "rougeL"}


def _number(value: Any) -> float | None:
    """A finite number from a JSON value; strings like ``"85.3%"`` or ``"0,91"`` are read too."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().rstrip("%").strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def model_size_bytes(info: dict[str, Any]) -> int | None:
    """Weights in bytes: the safetensors parameter counts times each dtype's width, else the repo's ``usedStorage``."""
    safetensors = info.get("safetensors")
    if isinstance(safetensors, dict) and isinstance(safetensors.get("parameters"), dict):
        total = 0.0
        known = True
        for dtype, count in safetensors["parameters"].items():
            width = DTYPE_BYTES.get(str(dtype).upper())
            if width is None or not isinstance(count, int) or isinstance(count, bool):
                known = False
                break
            total += width * count
        if known and total > 0:
            return round(total)
    used = info.get("usedStorage")
    if isinstance(used, int) and not isinstance(used, bool) and used > 0:
        return used
    return None


def card_datasets(card_data: dict[str, Any] | None, tags: Any = ()) -> list[str]:
    """The training datasets a card names (``datasets:``), else the Hub's ``dataset:<id>`` tags; de-duplicated."""
    found: list[str] = []
    declared = (card_data or {}).get("datasets")
    if isinstance(declared, str):
        declared = [declared]
    if isinstance(declared, list):
        found.extend(str(d).strip() for d in declared if isinstance(d, (str, int, float)) and str(d).strip())
    if not found and isinstance(tags, list):
        found.extend(t[len("dataset:") :] for t in tags if isinstance(t, str) and t.startswith("dataset:"))
    return list(dict.fromkeys(found))


def card_metrics(card_data: dict[str, Any] | None) -> dict[str, float | None]:
    """accuracy, f1, rouge1, rougeL from the card's ``model-index``: the first value of each, as reported.

    Metric types are matched case-insensitively, ignoring ``-``, ``_`` and spaces (``ROUGE-L`` is
    rougeL). Values are not rescaled: ``85.3`` stays 85.3 (the study normalises); ``"85.3%"`` is 85.3.
    """
    metrics: dict[str, float | None] = dict.fromkeys(METRIC_COLUMNS)
    model_index = (card_data or {}).get("model-index")
    if not isinstance(model_index, list):
        return metrics
    for entry in model_index:
        results = entry.get("results") if isinstance(entry, dict) else None
        for result in results if isinstance(results, list) else []:
            listed = result.get("metrics") if isinstance(result, dict) else None
            for metric in listed if isinstance(listed, list) else []:
                if not isinstance(metric, dict):
                    continue
                key = re.sub(r"[\s_\-]+", "", str(metric.get("type", ""))).lower()
                column = _METRIC_KEYS.get(key)
                if column is not None and metrics[column] is None:
                    metrics[column] = _number(metric.get("value"))
    return metrics
