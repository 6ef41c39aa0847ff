"""``track`` and ``fill`` as library calls: measure a run (or read a measurement) into the card.

:func:`run_track` runs a command under CodeCarbon's offline tracker and writes
``co2_eq_emissions`` into the card; :func:`run_fill` does the same from a CSV that
CodeCarbon wrote earlier. Both take a plain options object and a :class:`Notes` for
their messages, and return the exit code the CLI exits with:

* ``track``: the command's (128 + N when signal N killed it; 127 not found, 126 not
  executable), whatever happened to the measurement; 2 when it could not start at all
  (bad location, no CodeCarbon, broken card);
* ``fill``: 0 written and clean, 1 written but the check finds errors, 2 not written.

CodeCarbon is imported only when :func:`run_track` runs (``tracking.tracker`` imports
it inside its functions); ``fill`` does not need it.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from hfcarbon_lint.grid.track_flags import LocationError, TrackerLocation, tracker_location
from hfcarbon_lint.measurements.csvfile import CsvProblem, read_codecarbon_csv
from hfcarbon_lint.measurements.measurement import Measurement
from hfcarbon_lint.tracking.cardwrite import Notes, WriteResult, card_problem, write_fields
from hfcarbon_lint.tracking.child import CommandFailedToStart, check_command, run_child
from hfcarbon_lint.tracking.tracker import (
    CodeCarbonMissing,
    ComponentNote,
    TrackerOutcome,
    TrackerSession,
    TrackerSettings,
    Warmer,
    import_codecarbon,
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True, slots=True)
class TrackOptions:
    card: Path
    command: tuple[str, ...]
    country: str | None = None
    region: str | None = None
    cloud_provider: str | None = None
    cloud_region: str | None = None
    training_type: str | None = None
    overwrite: bool = False
    dry_run: bool = False
    write_on_failure: bool = False
    tracking_mode: str = "machine"
    cpu_power: float | None = None
    ram_power: float | None = None
    measure_power_secs: float = 15.0
    save_csv: Path | None = None


@dataclass(frozen=True, slots=True)
class FillOptions:
    csv_path: Path
    card: Path
    run_id: str | None = None
    training_type: str | None = None
    overwrite: bool = False
    dry_run: bool = False


def run_track(options: TrackOptions, notes: Notes) -> int:
    """Run the command under CodeCarbon's offline tracker, then write the card; the exit code (see the module)."""
    card, argv = options.card, list(options.command)
    warmer = Warmer(options.cpu_power)  # CodeCarbon's slow hardware probe, overlapped with everything up to start()
    try:
        import_codecarbon()
    except CodeCarbonMissing as exc:
        notes.say(str(exc))
        return EXIT_ERROR
    try:
        location = tracker_location(options.country, options.region, options.cloud_provider, options.cloud_region)
    except LocationError as exc:
        notes.say(str(exc))
        return EXIT_ERROR
    problem = card_problem(card)
    if problem is not None:
        notes.say(problem)
        return EXIT_ERROR
    try:
        check_command(argv)
    except CommandFailedToStart as exc:
        notes.say(str(exc))
        return exc.exit_code
    if options.tracking_mode == "process":
        notes.say(
            "process mode counts the command's CPU time sampled once a second: short-lived child processes are "
            "missed, and GPU and RAPL readings are whole-device anyway; machine mode on a dedicated machine is better"
        )
    if location.region and not location.regional_data:
        notes.say(
            f"CodeCarbon has no regional grid data for {location.country_name}: the national average is used "
            f"and {location.region!r} only goes into the card's location"
        )
    settings = TrackerSettings(
        location, options.tracking_mode, options.measure_power_secs, options.cpu_power, options.ram_power
    )
    session = TrackerSession(settings, warmer)
    keep_csv = False
    try:
        session.start()
        try:
            child = run_child(argv)
        except CommandFailedToStart as exc:
            session.stop()
            notes.say(str(exc))
            return exc.exit_code
        outcome = session.stop()
        measurement = report_outcome(notes, card, outcome, location, child.cpu_seconds, child.wall_seconds)
        if measurement is None:
            return child.exit_code
        if not child.succeeded and not options.write_on_failure:
            keep_csv = keep_failed_run(
                notes, card, f"the command {child.describe()}", "--write-on-failure writes it anyway", outcome.csv_path
            )
            return child.exit_code
        if measurement.emissions_kg <= 0:
            notes.say(f"CodeCarbon measured {measurement.emissions_kg} kg: not a measurement; {card} was not written")
            return child.exit_code
        if options.save_csv is not None and outcome.csv_path is not None:
            if options.dry_run:
                notes.say(f"dry run: {options.save_csv} not written")
            else:  # before the card, so its check cross-checks the new row (HFC045)
                save_csv(notes, outcome.csv_path, options.save_csv)
        written = write_measurement(
            notes, card, measurement, location, options.training_type, options.overwrite, options.dry_run
        )
        if not written.written:
            keep_csv = keep_unwritten(notes, card, outcome.csv_path)
            # The command succeeded but its measurement is not in the card: that is no success.
            return child.exit_code or EXIT_ERROR
        return child.exit_code
    finally:
        if not keep_csv:
            session.cleanup()


def run_fill(options: FillOptions, notes: Notes) -> int:
    """Write the card from a CodeCarbon CSV; 0 written and clean, 1 written with errors, 2 not written."""
    csv_path, card = options.csv_path, options.card
    try:
        data = read_codecarbon_csv(csv_path)
        measurement = data.select(options.run_id)
    except CsvProblem as exc:
        notes.say(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        notes.say(f"{csv_path}: {exc.strerror or exc}")
        return EXIT_ERROR
    runs = data.runs()
    what = (
        f"run {measurement.run_ids[0]}"
        if options.run_id and measurement.run_ids
        else (f"the sum of {len(runs)} runs" if len(runs) > 1 else "its one run")
    )
    notes.say(f"{csv_path}: CodeCarbon {data.layout} layout, {len(data.rows)} row(s); using {what}")
    if measurement.mixed:
        notes.say(
            f"the runs differ in {' and '.join(measurement.mixed)}: "
            f"{' and '.join('geographical_location' if m == 'location' else 'hardware_used' for m in measurement.mixed)} "
            "not written (pick one run with --run-id, or write it yourself)"
        )
    if measurement.probable_online_fallback:
        notes.say(
            "the CSV says Quebec, Canada at CodeCarbon's fallback coordinates (-71.2, 46.8): its online tracker "
            "could not locate the machine, so the location is unknown and the grid intensity probably wrong; "
            "geographical_location not written"
        )
    if measurement.emissions_kg <= 0:
        notes.say(f"the CSV reports {measurement.emissions_kg} kg: not a measurement; {card} was not written")
        return EXIT_ERROR
    notes.detail(_energy_line(measurement))
    fields = measurement.card_fields(options.training_type)
    problem = card_problem(card)
    if problem is not None:
        notes.say(problem)
        return EXIT_ERROR
    written = write_fields(card, fields, options.overwrite, options.dry_run, notes)
    if not written.written:
        return EXIT_ERROR
    return EXIT_OK if written.clean else EXIT_FINDINGS


def report_outcome(
    notes: Notes,
    card: Path,
    outcome: TrackerOutcome,
    location: TrackerLocation,
    cpu_seconds: float | None = None,
    wall_seconds: float | None = None,
) -> Measurement | None:
    """Say what the tracker measured (or why it measured nothing); the measurement, None on failure."""
    if not outcome.ok or outcome.measurement is None:
        notes.say(f"no measurement written to {card}: {outcome.failure}")
        for line in _explanation(outcome.log):
            notes.detail(f"CodeCarbon {line}")
        return None
    _report_measurement(notes, outcome.measurement, outcome.components, location, cpu_seconds, wall_seconds)
    return outcome.measurement


def keep_failed_run(notes: Notes, card: Path, what_failed: str, how_to_write: str, csv_path: Path | None) -> bool:
    """The failure policy of ``track`` and ``track_card``: the card is not written, the measurement is kept.

    Returns whether the CSV is kept (the caller then leaves the tracker's folder in place).
    """
    notes.say(f"{what_failed}: {card} was not written ({how_to_write})")
    if csv_path is not None:
        notes.detail(f"the measurement is kept in {csv_path}; `hfcarbon-lint fill` can write it later")
    return csv_path is not None


def keep_unwritten(notes: Notes, card: Path, csv_path: Path | None) -> bool:
    """A measurement the card write refused is kept for ``fill``; whether the CSV is kept."""
    if csv_path is not None:
        notes.detail(
            f"the measurement is kept in {csv_path}: hfcarbon-lint fill --from-codecarbon {csv_path} --card {card}"
        )
    return csv_path is not None


def write_measurement(
    notes: Notes,
    card: Path,
    measurement: Measurement,
    location: TrackerLocation,
    training_type: str | None,
    overwrite: bool,
    dry_run: bool,
) -> WriteResult:
    """Write a tracker's measurement into the card, through the editor and check that ``fill`` uses too."""
    if measurement.country_name and location.country_name and measurement.country_name != location.country_name:
        notes.say(f"CodeCarbon recorded {measurement.country_name!r} for --country {location.country_iso_code}")
    fields = measurement.card_fields(training_type, location.card_text)
    return write_fields(card, fields, overwrite, dry_run, notes)


def _explanation(log: list[str]) -> list[str]:
    """The part of CodeCarbon's log that explains a failure: from its last swallowed exception, else the tail."""
    lines = [" ".join(line.split()) for line in log]
    starts = [i for i, line in enumerate(lines) if "graceful shutdown" in line]
    if starts:
        picked = [line for line in lines[starts[-1] + 1 :] if not line.endswith(": stopping.")]
        return picked[:3] or lines[-3:]
    return lines[-3:]


def _report_measurement(
    notes: Notes,
    measurement: Measurement,
    components: list[ComponentNote],
    location: TrackerLocation,
    cpu_seconds: float | None,
    wall_seconds: float | None,
) -> None:
    mode = measurement.tracking_mode or "machine"
    scope = (
        "the whole machine, including anything else running on it"
        if mode == "machine"
        else "the command's processes (CPU share sampled once a second)"
    )
    version = measurement.codecarbon_version or "?"
    duration = f"{measurement.duration_s:.1f} s" if measurement.duration_s is not None else "the run"
    notes.say(f"CodeCarbon {version} (offline) measured {duration} in {mode} mode: {scope}")
    for note in components:
        energy = f"{note.energy_kwh:.3g} kWh" if note.energy_kwh is not None else "-"
        notes.detail(f"{note.component:<4} {energy:>13}  {note.how}")
    notes.detail(_energy_line(measurement, location))
    if cpu_seconds is not None and wall_seconds is not None:
        notes.detail(
            f"the command used {cpu_seconds:.2f} CPU-seconds in {wall_seconds:.2f} s (its own rusage, for comparison)"
        )


def _energy_line(measurement: Measurement, location: TrackerLocation | None = None) -> str:
    intensity = measurement.intensity_g_per_kwh
    where = measurement.location_text() or "unknown location"
    if location is not None:
        data = "CodeCarbon's regional data" if location.regional_data else "national average"
        where = f"{location.card_text}, {data}"
    energy = f"{measurement.energy_kwh:.3g} kWh" if measurement.energy_kwh is not None else "energy unknown"
    rate = f" × {intensity:.0f} g CO2eq/kWh ({where})" if intensity is not None else f" ({where})"
    return f"{energy}{rate} = {measurement.emissions_g:.4g} g CO2eq ({measurement.emissions_kg:.4g} kg in CodeCarbon's units)"


def save_csv(notes: Notes, source: Path, target: Path) -> None:
    """Append the tracker's row to ``target`` (creating it), if its header is CodeCarbon's current one."""
    text = source.read_text(encoding="utf-8")
    header, _, rows = text.partition("\n")
    verb = "appended CodeCarbon's row to"
    try:
        if target.exists() and target.stat().st_size > 0:
            with target.open(encoding="utf-8-sig", newline="") as stream:
                existing = next(csv.reader(stream), [])
            if [c.strip() for c in existing] != next(csv.reader(io.StringIO(header))):
                notes.say(
                    f"{target} has another CSV layout; the row was not appended (it is CodeCarbon's {source.name})"
                )
                return
            with target.open("a", encoding="utf-8", newline="") as stream:
                stream.write(rows)
        else:
            shutil.copyfile(source, target)
            verb = "saved CodeCarbon's CSV as"
    except OSError as exc:
        notes.say(f"cannot save the CSV to {target}: {exc.strerror or exc}")
        return
    notes.say(f"{verb} {target}")
