"""Reading CodeCarbon's ``emissions.csv`` (every layout since 1.x) without CodeCarbon.

Columns are read by name, so the three layouts work alike: 1.x (12 columns, no
``run_id``), 2.x (31) and 3.x (38). Each row holds the *running totals* of one run at
the time it was written: ``flush()`` with the default ``on_csv_write="append"`` adds a
row per flush, so a run's last row is its total and rows of one run are never added.
Different runs (different ``run_id``; every row in 1.x files) are separate
measurements, which :func:`combine` sums.

Emissions stay in kilograms here, as CodeCarbon wrote them; grams come from
:attr:`~hfcarbon_lint.measurements.measurement.Measurement.emissions_g`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hfcarbon_lint.base.files import NotRegularFile, read_card
from hfcarbon_lint.measurements.measurement import Measurement

MAX_CSV_BYTES = 50_000_000
LAYOUTS = {12: "1.x", 31: "2.x", 38: "3.x"}
_NUMBERS = {
    "duration": "duration_s",
    "energy_consumed": "energy_kwh",
    "cpu_energy": "cpu_energy_kwh",
    "gpu_energy": "gpu_energy_kwh",
    "ram_energy": "ram_energy_kwh",
    "cpu_power": "cpu_power_w",
    "gpu_power": "gpu_power_w",
    "ram_power": "ram_power_w",
    "longitude": "longitude",
    "latitude": "latitude",
    "pue": "pue",
}
_TEXTS = {
    "country_name": "country_name",
    "country_iso_code": "country_iso_code",
    "region": "region",
    "cloud_provider": "cloud_provider",
    "cloud_region": "cloud_region",
    "cpu_model": "cpu_model",
    "gpu_model": "gpu_model",
    "tracking_mode": "tracking_mode",
    "codecarbon_version": "codecarbon_version",
}
_SUMMED = ("energy_kwh", "duration_s", "cpu_energy_kwh", "gpu_energy_kwh", "ram_energy_kwh")
_LOCATION = ("country_name", "country_iso_code", "region", "on_cloud", "cloud_provider", "cloud_region")
_HARDWARE = ("cpu_model", "cpu_count", "gpu_model", "gpu_count")


class CsvProblem(Exception):
    """The file is not a CodeCarbon CSV we can read; the message says why (with the row)."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line of the row in the file (header is line 1)
    run_id: str | None
    measurement: Measurement


@dataclass(frozen=True)
class CodeCarbonCsv:
    path: str
    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]

    @property
    def layout(self) -> str:
        return LAYOUTS.get(len(self.columns), f"unrecognised ({len(self.columns)} columns)")

    def runs(self) -> list[CsvRow]:
        """The last row of every run, in the order the runs first appear (1.x: every row)."""
        last: dict[str, CsvRow] = {}
        order: list[str] = []
        for row in self.rows:
            key = row.run_id if row.run_id else f"row {row.line}"
            if key not in last:
                order.append(key)
            last[key] = row
        return [last[key] for key in order]

    def select(self, run_id: str | None = None) -> Measurement:
        """One run (``run_id``: exact or a unique prefix) or the sum of all runs."""
        runs = self.runs()
        if run_id is None:
            return combine([row.measurement for row in runs])
        wanted = run_id.strip().lower()
        exact = [row for row in runs if (row.run_id or "").lower() == wanted]
        matches = exact or [row for row in runs if row.run_id and row.run_id.lower().startswith(wanted)]
        if not matches:
            known = ", ".join(row.run_id for row in runs if row.run_id) or "none: the file has no run_id column"
            raise CsvProblem(f"no run {run_id!r} in {self.path} (runs: {known})")
        if len(matches) > 1:
            raise CsvProblem(f"{run_id!r} matches {len(matches)} runs in {self.path}; give more of the run id")
        return matches[0].measurement


def read_codecarbon_csv(path: str | Path, max_bytes: int = MAX_CSV_BYTES) -> CodeCarbonCsv:
    """Parse a CodeCarbon CSV file; raise :class:`CsvProblem` (or OSError) if it cannot be read."""
    try:  # a regular file only, opened non-blocking and read no further than the limit: a FIFO or /dev/zero ends
        raw = read_card(path, max_bytes)
    except NotRegularFile as exc:
        raise CsvProblem(f"{path}: {exc.kind}, not a regular file: not read") from None
    if len(raw) > max_bytes:
        raise CsvProblem(f"{path} is over {max_bytes:,} bytes; a CodeCarbon CSV this large is not read")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvProblem(f"{path} is not UTF-8 text (byte {exc.start})") from None
    return parse_codecarbon_csv(text, str(path))


def parse_codecarbon_csv(text: str, path: str = "emissions.csv") -> CodeCarbonCsv:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvProblem(f"{path} is empty") from None
    except csv.Error as exc:
        raise CsvProblem(f"{path}: not a CSV file ({exc})") from None
    columns = tuple(name.strip() for name in header)
    if "emissions" not in columns:
        raise CsvProblem(f"{path} has no 'emissions' column: not a CodeCarbon CSV (columns: {', '.join(columns)})")
    index = {name: i for i, name in enumerate(columns)}
    rows: list[CsvRow] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(columns):
                raise CsvProblem(f"{path}, line {line}: {len(values)} values for {len(columns)} columns")
            rows.append(_row(dict(zip(columns, values, strict=True)), index, line, path))
    except csv.Error as exc:
        raise CsvProblem(f"{path}: not a CSV file ({exc})") from None
    if not rows:
        raise CsvProblem(f"{path} has a header but no measurement rows")
    return CodeCarbonCsv(path, columns, tuple(rows))


def combine(measurements: Sequence[Measurement]) -> Measurement:
    """Several runs as one: emissions, energy and duration summed; context kept when the runs agree."""
    if not measurements:
        raise CsvProblem("no runs to combine")
    if len(measurements) == 1:
        return measurements[0]
    first = measurements[0]
    values: dict[str, object] = {
        "emissions_kg": math.fsum(m.emissions_kg for m in measurements),
        "runs": len(measurements),
        "run_ids": tuple(run for m in measurements for run in m.run_ids),
    }
    for name in _SUMMED:
        parts = [getattr(m, name) for m in measurements]
        values[name] = math.fsum(parts) if all(part is not None for part in parts) else None
    mixed: list[str] = []
    for group, names in (("location", _LOCATION), ("hardware", _HARDWARE)):
        if any(tuple(getattr(m, n) for n in names) != tuple(getattr(first, n) for n in names) for m in measurements):
            mixed.append(group)
    for name in (
        *_LOCATION,
        *_HARDWARE,
        "tracking_mode",
        "codecarbon_version",
        "longitude",
        "latitude",
        "pue",
    ):
        same = all(getattr(m, name) == getattr(first, name) for m in measurements)
        values[name] = getattr(first, name) if same else None
    return Measurement(mixed=tuple(mixed), **values)  # type: ignore[arg-type]


def _row(record: dict[str, str], index: dict[str, int], line: int, path: str) -> CsvRow:
    emissions = _number(record.get("emissions"))
    if emissions is None:
        raise CsvProblem(f"{path}, line {line}: emissions is {record.get('emissions')!r}, not a number of kg")
    if emissions < 0:
        raise CsvProblem(f"{path}, line {line}: emissions is negative ({emissions})")
    values: dict[str, object] = {"emissions_kg": emissions}
    for column, attribute in _NUMBERS.items():
        if column in index:
            values[attribute] = _number(record[column])
    for column, attribute in _TEXTS.items():
        if column in index:
            text = record[column].strip()
            values[attribute] = text or None
    for column in ("cpu_count", "gpu_count"):
        if column in index:
            number = _number(record[column])
            values[column] = int(number) if number is not None else None
    if "on_cloud" in index:
        flag = record["on_cloud"].strip().upper()
        values["on_cloud"] = True if flag in ("Y", "TRUE", "1") else False if flag in ("N", "FALSE", "0") else None
    run_id = record.get("run_id", "").strip() or None
    values["run_ids"] = (run_id,) if run_id else ()
    return CsvRow(line, run_id, Measurement(**values))  # type: ignore[arg-type]


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.strip()
    if not text or text.lower() in ("nan", "none", "null"):
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
