"""``track_card``: measure a block of Python code (a notebook cell, a training function) into a card.

``hfcarbon-lint track -- python train.py`` wraps a command; in a notebook or inside a
script there is no command to wrap, so the same measurement runs in-process::

    with hfcarbon_lint.track_card("README.md", country="FRA", training_type="fine-tuning"):
        train()

    @hfcarbon_lint.track_card("README.md", cloud_provider="gcp", cloud_region="europe-west1")
    def train(): ...

It is ``track`` without the child process: the same offline tracker
(``tracking.tracker``), the same refusals before anything runs (no location, an unknown
one, a card the editor would refuse, no CodeCarbon: :class:`TrackingRefused`), and the
same policy afterwards (``tracking.session``): a block that raises writes nothing unless
``write_on_failure=True``, and its measurement is kept in a CSV for ``hfcarbon-lint
fill``; the exception itself always propagates. Nothing here needs a script file, a
terminal or an event loop of its own, so it runs in a Jupyter kernel as in a script.

Messages go to stderr (escaped, one ``hfcarbon-lint:`` prefix), unless ``quiet``, and
are kept in :attr:`TrackResult.messages` either way.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from hfcarbon_lint.base.escaping import for_log
from hfcarbon_lint.grid.track_flags import LocationError, TrackerLocation, tracker_location
from hfcarbon_lint.measurements.measurement import TRAINING_TYPES, Measurement
from hfcarbon_lint.tracking.cardwrite import Notes, card_problem
from hfcarbon_lint.tracking.session import (
    keep_failed_run,
    keep_unwritten,
    report_outcome,
    save_csv,
    write_measurement,
)
from hfcarbon_lint.tracking.tracker import (
    CodeCarbonMissing,
    TrackerSession,
    TrackerSettings,
    Warmer,
    import_codecarbon,
)

PREFIX = "hfcarbon-lint:"
# track's flags in its messages, with the example value that may follow ("--country FRA")
_FLAGS = re.compile(
    r"--(country|region|cloud-provider|cloud-region|cpu-power|ram-power)\b"
    r"(?: (?!(?:or|with|for|and|go|to|is|not|only|takes)\b)([\w.-]*\w))?"
)


class TrackingRefused(ValueError):
    """The block would not be measured: raised before it runs, so nothing is wasted and nothing is guessed."""


@dataclass
class TrackResult:
    """What one measured block gave: the measurement, whether the card was written, and the messages."""

    card: Path
    measurement: Measurement | None = None
    written: bool = False
    clean: bool = False  # the card's check found no error after the write
    csv_path: Path | None = None  # the kept measurement, when the card was not written
    messages: list[str] = field(default_factory=list)

    @property
    def emissions_g(self) -> float | None:
        return self.measurement.emissions_g if self.measurement is not None else None


@dataclass(frozen=True)
class TrackingSettings:
    """Everything about a measurement but the card: shared by :class:`track_card` and the Trainer integration."""

    location: TrackerLocation
    training_type: str | None = None
    overwrite: bool = False
    tracking_mode: str = "machine"
    cpu_power: float | None = None
    ram_power: float | None = None
    measure_power_secs: float = 15.0

    def tracker_settings(self) -> TrackerSettings:
        return TrackerSettings(
            self.location, self.tracking_mode, self.measure_power_secs, self.cpu_power, self.ram_power
        )


def tracking_settings(
    *,
    country: str | None = None,
    region: str | None = None,
    cloud_provider: str | None = None,
    cloud_region: str | None = None,
    training_type: str | None = None,
    overwrite: bool = False,
    tracking_mode: str = "machine",
    cpu_power: float | None = None,
    ram_power: float | None = None,
    measure_power_secs: float = 15.0,
) -> TrackingSettings:
    """Validate the keyword arguments as ``track`` validates its flags; :class:`TrackingRefused` otherwise."""
    try:
        import_codecarbon()
    except CodeCarbonMissing as exc:
        raise TrackingRefused(str(exc)) from None
    if training_type is not None and training_type not in TRAINING_TYPES:
        raise TrackingRefused(f"training_type is {training_type!r}; it takes one of {', '.join(TRAINING_TYPES)}")
    if tracking_mode not in ("machine", "process"):
        raise TrackingRefused(f"tracking_mode is {tracking_mode!r}; it takes 'machine' or 'process'")
    for name, watts in (("cpu_power", cpu_power), ("ram_power", ram_power)):
        if watts is not None and not watts > 0:
            raise TrackingRefused(f"{name} is {watts!r}; it takes watts above 0")
    if not measure_power_secs >= 0.5:
        raise TrackingRefused(f"measure_power_secs is {measure_power_secs!r}; it takes 0.5 or more")
    try:
        location = tracker_location(country, region, cloud_provider, cloud_region)
    except LocationError as exc:
        raise TrackingRefused(as_keywords(str(exc))) from None
    return TrackingSettings(location, training_type, overwrite, tracking_mode, cpu_power, ram_power, measure_power_secs)


def as_keywords(message: str) -> str:
    """A location message written for ``track``'s flags, in this API's keyword arguments."""

    def keyword(match: re.Match[str]) -> str:
        name, value = match.group(1).replace("-", "_"), match.group(2)
        if not value:
            return f"{name}="
        return f"{name}={value}" if name.endswith("power") else f"{name}={value!r}"  # watts are numbers

    return _FLAGS.sub(keyword, message)


def stderr_notes(messages: list[str], quiet: bool = False) -> Notes:
    """Notes kept in ``messages`` and, unless ``quiet``, printed to stderr escaped (a notebook shows stderr)."""

    def emit(text: str) -> None:
        text = as_keywords(text)
        messages.append(text)
        if not quiet:
            print(for_log(f"{PREFIX} {text}"), file=sys.stderr, flush=True)

    return Notes(say=emit, detail=lambda text: emit(f"  {text}"))


class track_card(contextlib.ContextDecorator):
    """Measure the ``with`` block (or each call of the decorated function) and write the card at its end.

    ``card`` is the model card (``README.md``; created with front matter if missing).
    The location is ``country`` (ISO 3166 alpha-3, with ``region`` for a US state, a
    Canadian or Chinese province or a Nordic zone) or ``cloud_provider`` with
    ``cloud_region``; it is never guessed. ``training_type`` ("pre-training" or
    "fine-tuning") is written only when given. The other arguments are ``track``'s
    flags. The location is checked here, at construction, so a decorator with a wrong
    one fails when the module loads, not after the training.

    ``with ... as result`` gives a :class:`TrackResult`, filled in at the block's end;
    :attr:`result` holds the last one (a decorated function's last call).
    """

    def __init__(
        self,
        card: str | os.PathLike[str],
        *,
        country: str | None = None,
        region: str | None = None,
        cloud_provider: str | None = None,
        cloud_region: str | None = None,
        training_type: str | None = None,
        overwrite: bool = False,
        write_on_failure: bool = False,
        tracking_mode: str = "machine",
        cpu_power: float | None = None,
        ram_power: float | None = None,
        measure_power_secs: float = 15.0,
        save_csv: str | os.PathLike[str] | None = None,
        quiet: bool = False,
    ) -> None:
        self.card = Path(card)
        self.settings = tracking_settings(
            country=country,
            region=region,
            cloud_provider=cloud_provider,
            cloud_region=cloud_region,
            training_type=training_type,
            overwrite=overwrite,
            tracking_mode=tracking_mode,
            cpu_power=cpu_power,
            ram_power=ram_power,
            measure_power_secs=measure_power_secs,
        )
        self.write_on_failure = write_on_failure
        self.save_csv = Path(save_csv) if save_csv is not None else None
        self.quiet = quiet
        self.result: TrackResult | None = None
        self._owner = self
        self._session: TrackerSession | None = None
        self._current: TrackResult | None = None
        self._notes = Notes()

    def _recreate_cm(self) -> track_card:
        """A fresh measurement for each call of a decorated function (ContextDecorator reuses ``self``)."""
        fresh = object.__new__(track_card)
        fresh.__dict__.update(self.__dict__)
        fresh._session, fresh._current, fresh._owner = None, None, self
        return fresh

    def __enter__(self) -> TrackResult:
        if self._session is not None:
            raise RuntimeError("track_card is already measuring a block; use one per block")
        result = TrackResult(self.card)
        notes = stderr_notes(result.messages, self.quiet)
        problem = card_problem(self.card)
        if problem is not None:
            raise TrackingRefused(problem)
        warmer = Warmer(self.settings.cpu_power)
        self._session = TrackerSession(self.settings.tracker_settings(), warmer)
        self._current = result
        self._notes = notes
        self._session.start()  # a failure is recorded, reported at the end: the block runs anyway
        return result

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, result = self._session, self._current
        if session is None or result is None:
            return
        self._session = None
        keep_csv = False
        try:
            keep_csv = self._finish(session, result, exc)
        finally:
            if not keep_csv:
                session.cleanup()
            self.result = self._owner.result = result

    def _finish(self, session: TrackerSession, result: TrackResult, exc: BaseException | None) -> bool:
        """Stop, report, write the card by ``track``'s policy; whether the tracker's CSV must be kept."""
        notes, card, settings = self._notes, self.card, self.settings
        outcome = session.stop()
        measurement = report_outcome(notes, card, outcome, settings.location)
        result.measurement = measurement
        if measurement is None:
            return False
        if exc is not None and not self.write_on_failure:
            what = f"the block raised {type(exc).__name__}" + (f": {exc}" if str(exc) else "")
            kept = keep_failed_run(notes, card, what, "write_on_failure=True writes it anyway", outcome.csv_path)
            result.csv_path = outcome.csv_path if kept else None
            return kept
        if measurement.emissions_kg <= 0:
            notes.say(f"CodeCarbon measured {measurement.emissions_kg} kg: not a measurement; {card} was not written")
            return False
        if self.save_csv is not None and outcome.csv_path is not None:
            save_csv(notes, outcome.csv_path, self.save_csv)  # before the card: its check reads the row (HFC045)
        written = write_measurement(
            notes, card, measurement, settings.location, settings.training_type, settings.overwrite, dry_run=False
        )
        result.written, result.clean = written.written, written.clean
        if not written.written:
            kept = keep_unwritten(notes, card, outcome.csv_path)
            result.csv_path = outcome.csv_path if kept else None
            return kept
        return False

    def __repr__(self) -> str:
        return f"track_card({str(self.card)!r}, location={self.settings.location.card_text!r})"
