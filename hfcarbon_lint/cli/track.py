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
This module only parses and prints: the work is ``tracking.session`` (``run_track``,
``run_fill``), usable as a library.
"""

from __future__ import annotations

from pathlib import Path

import click

from hfcarbon_lint.cli.notes import card_notes
from hfcarbon_lint.measurements.measurement import TRAINING_TYPES
from hfcarbon_lint.tracking.session import FillOptions, TrackOptions, run_fill, run_track

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
@click.option(
    "--cloud-provider",
    metavar="NAME",
    help="Instead of --country: gcp (Google's figure for the region), aws or azure (the figure of the region's state or country).",
)
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
    argv = list(command)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        raise click.UsageError(
            "no command to run: hfcarbon-lint track --card README.md --country FRA -- python train.py"
        )
    options = TrackOptions(
        card=card,
        command=tuple(argv),
        country=country,
        region=region,
        cloud_provider=cloud_provider,
        cloud_region=cloud_region,
        training_type=training_type,
        overwrite=overwrite,
        dry_run=dry_run,
        write_on_failure=write_on_failure,
        tracking_mode=tracking_mode,
        cpu_power=cpu_power,
        ram_power=ram_power,
        measure_power_secs=measure_power_secs,
        save_csv=save_csv,
    )
    return run_track(options, card_notes(diff_to_stderr=True))


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
    options = FillOptions(csv_path, card, run_id, training_type, overwrite, dry_run)
    return run_fill(options, card_notes(diff_to_stderr=False))
