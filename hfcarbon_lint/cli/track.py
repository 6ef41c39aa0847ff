"""``hfcarbon-lint track`` and ``hfcarbon-lint fill``: measure a run (or read a measurement) into the card.

``track --card README.md --country FRA -- python train.py`` runs the command under
CodeCarbon's offline tracker and writes ``co2_eq_emissions`` into the card; ``fill
--from-codecarbon emissions.csv --card README.md`` does the same from a CSV that
CodeCarbon wrote earlier. Only the ``co2_eq_emissions`` block changes (see
editing/carbon_block.py), written atomically; the result is checked at once.

``track`` prints nothing on stdout, which belongs to the command: its notes, the
``--dry-run`` diff and errors go to stderr. Its exit code is the command's (128 + N
when signal N killed it; 127 not found, 126 not executable), whatever happened to the
measurement; 2 when it could not start at all (bad flags, no CodeCarbon, broken card).
CodeCarbon is imported only here, when ``track`` runs; ``fill`` does not need it.
"""

from __future__ import annotations

import csv
import difflib
import io
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from hfcarbon_lint.lint.diagnostics import Severity
from hfcarbon_lint.tracking.measurement import TRAINING_TYPES, Measurement

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PREFIX = "hfcarbon-lint:"


def _say(message: str) -> None:
    click.echo(f"{PREFIX} {message}", err=True)


def _detail(message: str) -> None:
    click.echo(f"{PREFIX}   {message}", err=True)


_card_option = click.option(
    "--card",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The model card to write (README.md). Created, with front matter, if it does not exist.",
)
_training_option = click.option(
    "--training-type",
    type=click.Choice(TRAINING_TYPES),
    help="Written as training_type (never guessed: a measurement cannot tell).",
)
_overwrite_option = click.option(
    "--overwrite", is_flag=True, help="Replace co2_eq_emissions keys the card already has (default: keep them)."
)


@click.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@_card_option
@click.option("--country", metavar="ISO3", help="Where the machine is: ISO 3166 alpha-3 code (FRA, USA, DEU...).")
@click.option(
    "--region",
    metavar="NAME",
    help="With --country: a US state, Canadian or Chinese province, or Nordic zone (SE3) for regional grid data.",
)
@click.option("--cloud-provider", metavar="NAME", help="Instead of --country: the cloud (CodeCarbon has data for gcp).")
@click.option("--cloud-region", metavar="NAME", help="With --cloud-provider: the region (europe-west1...).")
@_training_option
@_overwrite_option
@click.option("--dry-run", is_flag=True, help="Measure, then print the card diff (stderr) instead of writing it.")
@click.option("--write-on-failure", is_flag=True, help="Write the card even when the command fails (exit code not 0).")
@click.option(
    "--tracking-mode",
    type=click.Choice(["machine", "process"]),
    default="machine",
    show_default=True,
    help="machine: everything on the machine (use a dedicated one); process: the command's CPU share, "
    "which misses short-lived child processes.",
)
@click.option(
    "--cpu-power",
    type=click.FloatRange(min=0, min_open=True),
    metavar="W",
    help="CPU power at full load, in watts, when CodeCarbon cannot read RAPL counters (its TDP guess otherwise).",
)
@click.option(
    "--ram-power",
    type=click.FloatRange(min=0, min_open=True),
    metavar="W",
    help="RAM power in watts, instead of CodeCarbon's model (which overestimates big nodes).",
)
@click.option(
    "--measure-power-secs",
    type=click.FloatRange(min=0.5),
    default=15.0,
    show_default=True,
    metavar="S",
    help="CodeCarbon's energy integration interval.",
)
@click.option(
    "--save-csv",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also append CodeCarbon's row to FILE (e.g. emissions.csv beside the card; `check` cross-checks it).",
)
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED, metavar="-- COMMAND [ARGS]...")
def track(
    card: Path,
    country: str | None,
    region: str | None,
    cloud_provider: str | None,
    cloud_region: str | None,
    training_type: str | None,
    overwrite: bool,
    dry_run: bool,
    write_on_failure: bool,
    tracking_mode: str,
    cpu_power: float | None,
    ram_power: float | None,
    measure_power_secs: float,
    save_csv: Path | None,
    command: tuple[str, ...],
) -> int:
    """Run COMMAND under CodeCarbon's offline tracker and write its emissions into the card.

    \b
    hfcarbon-lint track --card README.md --country FRA --training-type fine-tuning -- python train.py
    hfcarbon-lint track --card README.md --cloud-provider gcp --cloud-region europe-west1 -- ./train.sh

    The command runs exactly as it would bare (same stdin/stdout/stderr, signals
    forwarded to its process group) and our exit code is its exit code. The card is
    written only if it succeeds (unless --write-on-failure): emissions in grams, source,
    training_type, geographical_location, hardware_used.
    """
    from hfcarbon_lint.grid.location import LocationError, tracker_location
    from hfcarbon_lint.tracking.child import CommandFailedToStart, check_command, run_child
    from hfcarbon_lint.tracking.tracker import (
        CodeCarbonMissing,
        TrackerSession,
        TrackerSettings,
        Warmer,
        import_codecarbon,
    )

    argv = list(command)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        raise click.UsageError(
            "no command to run: hfcarbon-lint track --card README.md --country FRA -- python train.py"
        )
    warmer = Warmer(cpu_power)  # CodeCarbon's slow hardware probe, overlapped with everything up to start()
    try:
        import_codecarbon()
    except CodeCarbonMissing as exc:
        _say(str(exc))
        return EXIT_ERROR
    try:
        location = tracker_location(country, region, cloud_provider, cloud_region)
    except LocationError as exc:
        _say(str(exc))
        return EXIT_ERROR
    problem = _card_problem(card)
    if problem is not None:
        _say(problem)
        return EXIT_ERROR
    try:
        check_command(argv)
    except CommandFailedToStart as exc:
        _say(str(exc))
        return exc.exit_code
    if tracking_mode == "process":
        _say(
            "process mode counts the command's CPU time sampled once a second: short-lived child processes are "
            "missed, and GPU and RAPL readings are whole-device anyway; machine mode on a dedicated machine is better"
        )
    if location.region and not location.regional_data:
        _say(
            f"CodeCarbon has no regional grid data for {location.country_name}: the national average is used "
            f"and {location.region!r} only goes into the card's location"
        )
    settings = TrackerSettings(location, tracking_mode, measure_power_secs, cpu_power, ram_power)
    session = TrackerSession(settings, warmer)
    keep_csv = False
    try:
        session.start()
        try:
            child = run_child(argv)
        except CommandFailedToStart as exc:
            session.stop()
            _say(str(exc))
            return exc.exit_code
        outcome = session.stop()
        if not outcome.ok or outcome.measurement is None:
            _say(f"no measurement written to {card}: {outcome.failure}")
            for line in _explanation(outcome.log):
                _detail(f"CodeCarbon {line}")
            return child.exit_code
        measurement = outcome.measurement
        _report_measurement(measurement, outcome.components, location, child.cpu_seconds, child.wall_seconds)
        if not child.succeeded and not write_on_failure:
            keep_csv = outcome.csv_path is not None
            _say(f"the command {child.describe()}: {card} was not written (--write-on-failure writes it anyway)")
            if keep_csv:
                _detail(f"the measurement is kept in {outcome.csv_path}; `hfcarbon-lint fill` can write it later")
            return child.exit_code
        if measurement.country_name and location.country_name and measurement.country_name != location.country_name:
            _say(f"CodeCarbon recorded {measurement.country_name!r} for --country {location.country_iso_code}")
        fields = measurement.card_fields(training_type, location.card_text)
        if measurement.emissions_kg <= 0:
            _say(f"CodeCarbon measured {measurement.emissions_kg} kg: not a measurement; {card} was not written")
            return child.exit_code
        if save_csv is not None and outcome.csv_path is not None:
            if dry_run:
                _say(f"dry run: {save_csv} not written")
            else:  # before the card, so its check cross-checks the new row (HFC045)
                _save_csv(outcome.csv_path, save_csv)
        written = _write_card(card, fields, overwrite, dry_run, diff_to_stderr=True)
        if written is None:
            keep_csv = outcome.csv_path is not None
            if keep_csv:
                _detail(
                    f"the measurement is kept in {outcome.csv_path}: "
                    f"hfcarbon-lint fill --from-codecarbon {outcome.csv_path} --card {card}"
                )
        return child.exit_code
    finally:
        if not keep_csv:
            session.cleanup()


@click.command()
@click.option(
    "--from-codecarbon",
    "csv_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CSV",
    help="CodeCarbon's emissions.csv (any version's layout).",
)
@_card_option
@click.option("--run-id", metavar="ID", help="Use this run (or a unique prefix of its id) instead of summing all runs.")
@_training_option
@_overwrite_option
@click.option("--dry-run", is_flag=True, help="Print the card diff instead of writing it.")
def fill(
    csv_path: Path,
    card: Path,
    run_id: str | None,
    training_type: str | None,
    overwrite: bool,
    dry_run: bool,
) -> int:
    """Write co2_eq_emissions from a CodeCarbon CSV (kg converted to grams).

    \b
    hfcarbon-lint fill --from-codecarbon emissions.csv --card README.md --training-type fine-tuning

    Each run's last row holds its totals; several runs are summed unless --run-id picks
    one. Exit 0 written and clean, 1 written but the check finds errors, 2 not written.
    """
    from hfcarbon_lint.tracking.csvfile import CsvProblem, read_codecarbon_csv

    try:
        data = read_codecarbon_csv(csv_path)
        measurement = data.select(run_id)
    except CsvProblem as exc:
        _say(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        _say(f"{csv_path}: {exc.strerror or exc}")
        return EXIT_ERROR
    runs = data.runs()
    what = (
        f"run {measurement.run_ids[0]}"
        if run_id and measurement.run_ids
        else (f"the sum of {len(runs)} runs" if len(runs) > 1 else "its one run")
    )
    _say(f"{csv_path}: CodeCarbon {data.layout} layout, {len(data.rows)} row(s); using {what}")
    if measurement.mixed:
        _say(
            f"the runs differ in {' and '.join(measurement.mixed)}: "
            f"{' and '.join('geographical_location' if m == 'location' else 'hardware_used' for m in measurement.mixed)} "
            "not written (pick one run with --run-id, or write it yourself)"
        )
    if measurement.probable_online_fallback:
        _say(
            "the CSV says Quebec, Canada at CodeCarbon's fallback coordinates (-71.2, 46.8): its online tracker "
            "could not locate the machine, so the location is unknown and the grid intensity probably wrong; "
            "geographical_location not written"
        )
    if measurement.emissions_kg <= 0:
        _say(f"the CSV reports {measurement.emissions_kg} kg: not a measurement; {card} was not written")
        return EXIT_ERROR
    _detail(_energy_line(measurement))
    fields = measurement.card_fields(training_type)
    problem = _card_problem(card)
    if problem is not None:
        _say(problem)
        return EXIT_ERROR
    written = _write_card(card, fields, overwrite, dry_run, diff_to_stderr=False)
    if written is None:
        return EXIT_ERROR
    return EXIT_OK if written else EXIT_FINDINGS


# --------------------------------------------------------------------------- shared


def _card_problem(card: Path) -> str | None:
    """Why the card could not be written at all, checked before anything runs."""
    from hfcarbon_lint.editing.carbon_block import CardEditError, plan_carbon_fields
    from hfcarbon_lint.parsing.source import SourceText, UnreadableCard

    if card.is_dir():
        return f"{card} is a folder; --card takes the card file (e.g. {card / 'README.md'})"
    if not card.exists():
        parent = card.parent if str(card.parent) else Path(".")
        return None if parent.is_dir() else f"cannot create {card}: no folder {parent}"
    try:
        source = SourceText.from_bytes(str(card), card.read_bytes())
        plan_carbon_fields(source, {"emissions": 1.0}, overwrite=False)
    except OSError as exc:
        return f"cannot read {card}: {exc.strerror or exc}"
    except UnreadableCard as exc:
        return f"{card}: {exc.message}"
    except CardEditError as exc:
        return f"{card}: {exc}"
    return None


def _write_card(
    card: Path, fields: Mapping[str, Any], overwrite: bool, dry_run: bool, diff_to_stderr: bool
) -> bool | None:
    """Edit, write atomically (or print the diff), check. None: not written; else whether the check is clean."""
    from hfcarbon_lint.editing.carbon_block import CardEditError, edit_card_bytes, yaml_scalar
    from hfcarbon_lint.editing.textedit import atomic_write
    from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
    from hfcarbon_lint.parsing.source import UnreadableCard

    try:
        raw = card.read_bytes() if card.exists() else b""
        new, plan = edit_card_bytes(str(card), raw, fields, overwrite)
    except OSError as exc:
        _say(f"cannot read {card}: {exc.strerror or exc}")
        return None
    except (CardEditError, UnreadableCard) as exc:
        _say(f"{card} was not written: {exc}")
        return None
    shown = ", ".join(f"{key}: {yaml_scalar(value)}" for key, value in fields.items())
    if dry_run:
        diff = _unified_diff(str(card), raw, new)
        click.echo(diff, nl=False, err=diff_to_stderr)
        _say(f"dry run: {card} not written" + ("" if plan.changed else " (nothing would change)"))
    elif plan.changed:
        try:
            atomic_write(card, new)
        except OSError as exc:
            _say(f"cannot write {card}: {exc.strerror or exc}")
            return None
        verb = "created" if not raw else "wrote"
        _say(f"{verb} co2_eq_emissions in {card} ({shown})")
    else:
        _say(f"{card} already has these co2_eq_emissions keys; nothing changed")
    if plan.replaced:
        _detail(f"replaced: {', '.join(plan.replaced)}")
    if plan.kept:
        _detail(f"kept the card's own {', '.join(plan.kept)} (--overwrite replaces them)")
    if plan.converted_legacy:
        _detail("the bare co2_eq_emissions number became the mapping form; its value is kept as emissions")
    report = lint_bytes(str(card), new, LintSettings())
    problems = [d for d in report.diagnostics if d.severity >= Severity.WARNING]
    errors = sum(1 for d in problems if d.severity is Severity.ERROR)
    warnings = len(problems) - errors
    label = report.reporting_class
    _say(
        f"check: {label.label} (class {label.level}), {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    for diagnostic in problems:
        _detail(
            f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
            f"[{diagnostic.severity.label}] {diagnostic.message}"
        )
    return errors == 0


def _explanation(log: list[str]) -> list[str]:
    """The part of CodeCarbon's log that explains a failure: from its last swallowed exception, else the tail."""
    lines = [" ".join(line.split()) for line in log]
    starts = [i for i, line in enumerate(lines) if "graceful shutdown" in line]
    if starts:
        picked = [line for line in lines[starts[-1] + 1 :] if not line.endswith(": stopping.")]
        return picked[:3] or lines[-3:]
    return lines[-3:]


def _unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    name = path.lstrip("/")
    lines = difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _report_measurement(
    measurement: Measurement,
    components: list[Any],
    location: Any,
    cpu_seconds: float | None,
    wall_seconds: float,
) -> None:
    mode = measurement.tracking_mode or "machine"
    scope = (
        "the whole machine, including anything else running on it"
        if mode == "machine"
        else "the command's processes (CPU share sampled once a second)"
    )
    version = measurement.codecarbon_version or "?"
    duration = f"{measurement.duration_s:.1f} s" if measurement.duration_s is not None else "the run"
    _say(f"CodeCarbon {version} (offline) measured {duration} in {mode} mode: {scope}")
    for note in components:
        energy = f"{note.energy_kwh:.3g} kWh" if note.energy_kwh is not None else "-"
        _detail(f"{note.component:<4} {energy:>13}  {note.how}")
    _detail(_energy_line(measurement, location))
    if cpu_seconds is not None:
        _detail(
            f"the command used {cpu_seconds:.2f} CPU-seconds in {wall_seconds:.2f} s (its own rusage, for comparison)"
        )


def _energy_line(measurement: Measurement, location: Any = None) -> str:
    intensity = measurement.intensity_g_per_kwh
    where = measurement.location_text() or "unknown location"
    if location is not None:
        data = "CodeCarbon's regional data" if location.regional_data else "national average"
        where = f"{location.card_text}, {data}"
    energy = f"{measurement.energy_kwh:.3g} kWh" if measurement.energy_kwh is not None else "energy unknown"
    rate = f" × {intensity:.0f} g CO2eq/kWh ({where})" if intensity is not None else f" ({where})"
    return f"{energy}{rate} = {measurement.emissions_g:.4g} g CO2eq ({measurement.emissions_kg:.4g} kg in CodeCarbon's units)"


def _save_csv(source: Path, target: Path) -> None:
    """Append the tracker's row to ``target`` (creating it), if its header is CodeCarbon's current one."""
    text = source.read_text(encoding="utf-8")
    header, _, rows = text.partition("\n")
    verb = "appended CodeCarbon's row to"
    try:
        if target.exists() and target.stat().st_size > 0:
            with target.open(encoding="utf-8-sig", newline="") as stream:
                existing = next(csv.reader(stream), [])
            if [c.strip() for c in existing] != next(csv.reader(io.StringIO(header))):
                _say(f"{target} has another CSV layout; the row was not appended (it is CodeCarbon's {source.name})")
                return
            with target.open("a", encoding="utf-8", newline="") as stream:
                stream.write(rows)
        else:
            shutil.copyfile(source, target)
            verb = "saved CodeCarbon's CSV as"
    except OSError as exc:
        _say(f"cannot save the CSV to {target}: {exc.strerror or exc}")
        return
    _say(f"{verb} {target}")
