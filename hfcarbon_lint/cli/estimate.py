"""``hfcarbon-lint estimate``: parse, call ``tracking.estimate``, print (the method is documented there)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.cli.notes import PREFIX, card_notes
from hfcarbon_lint.cli.options import format_option
from hfcarbon_lint.measurements.measurement import TRAINING_TYPES
from hfcarbon_lint.tracking.estimate import (
    EXIT_ERROR,
    EXIT_OK,
    EstimateError,
    EstimateOptions,
    make_estimate,
    write_estimate,
)


@click.command()
@click.option(
    "--hardware",
    required=True,
    metavar="TEXT",
    help="The devices and their count, as hardware_used says it: '8 x A100-SXM4-40GB', '4 x TPU v3-8'.",
)
@click.option(
    "--hours",
    required=True,
    type=float,
    metavar="H",
    help="Wall-clock hours the devices ran (all of them at once: 8 GPUs for 12 h is --hours 12).",
)
@click.option(
    "--location",
    metavar="TEXT",
    help="Where: a place or cloud region, as geographical_location says it ('us-east-1', 'Quebec, Canada').",
)
@click.option("--country", metavar="ISO3", help="Instead of --location: ISO 3166 alpha-3 code (FRA, USA, DEU...).")
@click.option(
    "--pue",
    type=float,
    default=1.0,
    show_default=True,
    help="The data centre's power usage effectiveness (1.0: the devices only; cloud providers publish 1.1-1.2).",
)
@click.option(
    "--grid-intensity",
    type=float,
    metavar="G_PER_KWH",
    help="The grid's g CO2eq/kWh, instead of CodeCarbon's figure for the location (a private data centre's own).",
)
@click.option(
    "--training-type",
    type=click.Choice(TRAINING_TYPES),
    help="Written as training_type with --write (never guessed).",
)
@click.option(
    "--write",
    "card",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="CARD",
    help="Write co2_eq_emissions into this card (README.md), then check it.",
)
@click.option("--overwrite", is_flag=True, help="With --write: replace co2_eq_emissions keys the card already has.")
@click.option("--dry-run", is_flag=True, help="With --write: print the card diff instead of writing it.")
@format_option(["text", "json"], help="How the estimate is printed on stdout.")
def estimate(
    hardware: str,
    hours: float,
    location: str | None,
    country: str | None,
    pue: float,
    grid_intensity: float | None,
    training_type: str | None,
    card: Path | None,
    overwrite: bool,
    dry_run: bool,
    output_format: str,
) -> int:
    """Estimate a run's emissions from its hardware, hours and place; with --write, put them in the card.

    \b
    hfcarbon-lint estimate --hardware "8 x A100-SXM4-40GB" --hours 12 --location us-east-1
    hfcarbon-lint estimate --hardware "4 x V100" --hours 30 --country DEU --pue 1.1 --write README.md

    device power (the published figure) x count x hours x PUE = energy;
    energy x the grid's intensity (CodeCarbon's figure for the place) = grams of CO2eq,
    as the ML CO2 Impact calculator and Green Algorithms compute it. Nothing is guessed:
    unknown hardware, an unwritten count or an unresolvable place is exit 2 with the
    nearest known names. Exit 0 printed (and written, checking clean), 1 written but the
    check finds errors, 2 not estimated or not written.
    """
    options = EstimateOptions(hardware, hours, location, country, pue, grid_intensity, training_type)
    try:
        result = make_estimate(options)
    except EstimateError as exc:
        click.echo(for_log(f"{PREFIX} {exc}"), err=True)
        return EXIT_ERROR
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(training_type), indent=2, ensure_ascii=True))
    else:
        for line in result.lines():
            click.echo(for_log(line))
    if card is None:
        return EXIT_OK
    return write_estimate(result, card, training_type, overwrite, dry_run, card_notes(diff_to_stderr=False))
