"""transformers' ``Trainer``: the card it writes carries ``co2_eq_emissions`` measured over training.

One call before ``trainer.train()``::

    from hfcarbon_lint.integrations.transformers import track_carbon

    track_carbon(trainer, country="FRA", training_type="fine-tuning")
    trainer.train()
    trainer.push_to_hub()  # its README.md carries the measured figure

Why the card writer is wrapped, not only a callback: ``Trainer.create_model_card()``
rewrites ``output_dir/README.md`` from scratch (it keeps only the old card's tags and
``library_name``), and ``push_to_hub()`` calls it right before ``upload_folder`` with
no callback event in between; a callback never receives the trainer. So
:func:`track_carbon` adds a :class:`CarbonCallback` (which measures) and wraps this
trainer's own ``create_model_card`` (the instance attribute, so a subclass's writer,
TRL's among them, is the one wrapped): after it writes the card, the measured
``co2_eq_emissions`` block is added through the same byte-preserving editor and check
as ``hfcarbon-lint track``; every byte the Trainer wrote is kept.

What is measured, and when:

* each ``train()`` call is one measurement (CodeCarbon's offline tracker, started on
  ``on_train_begin`` and stopped on ``on_train_end``); the card's figure is the sum of
  the calls that finished in this process, since they all trained the same weights;
* a ``train()`` that raises is not counted (``track``'s policy): its measurement is
  kept in a CSV for ``hfcarbon-lint fill``, and the exception propagates;
* ``train(resume_from_checkpoint=...)`` measures from the checkpoint on: the
  process that wrote the checkpoint is not in the figure, and a note says so;
* only the world's main process (``trainer.is_world_process_zero()``) measures and
  writes, in machine mode (the whole machine): on one node that is every GPU once; on
  several nodes only the main node's machine is counted;
* with CodeCarbon's own ``CodeCarbonCallback`` active (``report_to`` includes
  ``codecarbon``), the run would be measured twice, and that callback uses CodeCarbon's
  *online* tracker, which records Canada for a machine it cannot locate: it is removed,
  and this tracker's CSV is saved as ``output_dir/emissions.csv`` in its place.

:class:`CarbonCallback` alone (``Trainer(callbacks=[CarbonCallback(country=...)])``)
measures the same way and writes the figure into ``output_dir/README.md`` at the end
of each ``train()``; ``create_model_card()`` would then rewrite that file without it, so
call :func:`track_carbon` on the trainer too (it adopts the callback) when the Trainer
writes the card.

transformers is imported only by this module; ``hfcarbon_lint`` never imports it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

from hfcarbon_lint.measurements.csvfile import combine
from hfcarbon_lint.measurements.measurement import Measurement
from hfcarbon_lint.tracking.api import TrackingRefused, stderr_notes, tracking_settings
from hfcarbon_lint.tracking.cardwrite import Notes, WriteResult, card_problem
from hfcarbon_lint.tracking.session import keep_failed_run, report_outcome, save_csv, write_measurement
from hfcarbon_lint.tracking.tracker import TrackerSession, Warmer

__all__ = ["CarbonCallback", "TrackingRefused", "track_carbon"]

CARD_NAME = "README.md"
_WRAPPED = "__hfcarbon_lint_wrapped__"


class CarbonCallback(TrainerCallback):  # type: ignore[misc,unused-ignore]  # Any where transformers is absent
    """Measure each ``train()`` with CodeCarbon's offline tracker; the figure goes into the card.

    The keyword arguments are :func:`hfcarbon_lint.track_card`'s, checked here (a wrong
    location raises :class:`TrackingRefused` before anything trains). ``card`` is where
    the figure is written at the end of each ``train()``: ``output_dir/README.md`` by
    default, ``False`` to write nothing then. ``save_csv`` appends each run's CodeCarbon
    row to that CSV.
    """

    def __init__(
        self,
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
        card: str | os.PathLike[str] | bool | None = None,
        save_csv: str | os.PathLike[str] | None = None,
        quiet: bool = False,
    ) -> None:
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
        self.card: Path | bool | None = Path(card) if isinstance(card, (str, os.PathLike)) else card
        self.save_csv = Path(save_csv) if save_csv is not None else None
        self.messages: list[str] = []
        self.notes: Notes = stderr_notes(self.messages, quiet)
        self.measurements: list[Measurement] = []  # one per finished train(), summed in the card
        self.replaced_codecarbon = False
        self._session: TrackerSession | None = None
        # CodeCarbon's hardware probe (seconds), started now so that it overlaps the set-up, not the training
        self._warmer: Warmer | None = Warmer(self.settings.cpu_power)
        self._written: set[Path] = set()  # cards that carry a figure of ours: a later total replaces it

    # ---- what was measured

    @property
    def measurement(self) -> Measurement | None:
        """The training so far: the sum of every finished ``train()`` (None before the first)."""
        return combine(self.measurements) if self.measurements else None

    @property
    def measuring(self) -> bool:
        return self._session is not None

    # ---- the Trainer's events

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if not state.is_world_process_zero:
            return  # one tracker, on the main process: machine mode measures the whole machine
        if self._session is not None:  # the previous train() raised and nobody told us
            self.abandon("the previous train() did not finish", _card_in(args))
        if "codecarbon" in (args.report_to or []) and not self.replaced_codecarbon:
            self.notes.say(
                "report_to includes codecarbon: its CodeCarbonCallback measures this run, so this one does not "
                "(one tracker per run); call track_carbon(trainer) to measure with the offline tracker instead"
            )
            return
        if state.global_step > 0:
            self.notes.say(
                f"training resumes at step {state.global_step}: the figure covers the steps run in this process "
                "only, not those before the checkpoint"
            )
        warmer, self._warmer = self._warmer, None  # CodeCarbon caches the probe for the process
        self._session = TrackerSession(self.settings.tracker_settings(), warmer)
        self._session.start()  # a failure is reported at on_train_end; training goes on

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        session, self._session = self._session, None
        if session is None or not state.is_world_process_zero:
            return
        try:
            outcome = session.stop()
            card = self._train_end_card(args)
            measurement = report_outcome(self.notes, card or _card_in(args), outcome, self.settings.location)
            if measurement is None:
                return
            if measurement.emissions_kg <= 0:
                self.notes.say(f"CodeCarbon measured {measurement.emissions_kg} kg: not a measurement; not counted")
                return
            self.measurements.append(measurement)
            csv_target = self.save_csv or (_csv_in(args) if self.replaced_codecarbon else None)
            if csv_target is not None and outcome.csv_path is not None:
                save_csv(self.notes, outcome.csv_path, csv_target)
            if card is not None:
                self.write_card(card)
        finally:
            session.cleanup()

    # ---- the card

    def write_card(self, card: str | os.PathLike[str]) -> WriteResult | None:
        """Write the training's figure so far into ``card``; None when nothing was measured yet."""
        measurement = self.measurement
        path = Path(card)
        if measurement is None:
            return None
        problem = card_problem(path)
        if problem is not None:
            self.notes.say(f"{problem}; the measurement was not written")
            return WriteResult(written=False, clean=False)
        settings = self.settings
        overwrite = settings.overwrite or path.resolve() in self._written
        if len(self.measurements) > 1:
            self.notes.say(f"the figure is the sum of {len(self.measurements)} train() calls")
        written = write_measurement(
            self.notes, path, measurement, settings.location, settings.training_type, overwrite, dry_run=False
        )
        if written.written:
            self._written.add(path.resolve())
        return written

    def abandon(self, what_failed: str, card: Path) -> None:
        """The running measurement belongs to a ``train()`` that failed: not counted, kept for ``fill``."""
        session, self._session = self._session, None
        if session is None:
            return
        keep = False
        try:
            outcome = session.stop()
            measurement = report_outcome(self.notes, card, outcome, self.settings.location)
            if measurement is not None:
                keep = keep_failed_run(self.notes, card, what_failed, "this run is not counted", outcome.csv_path)
        finally:
            if not keep:
                session.cleanup()

    def _train_end_card(self, args: Any) -> Path | None:
        if self.card is False:
            return None
        if self.card is None or self.card is True:
            return _card_in(args)
        return Path(self.card)


def track_carbon(trainer: Any, **settings: Any) -> CarbonCallback:
    """Measure ``trainer``'s training and put the figure into the cards it writes; the callback that measures.

    Call it once, before ``trainer.train()``. ``settings`` are :class:`CarbonCallback`'s
    (``country=`` or ``cloud_provider=``/``cloud_region=``, ``training_type=``, ...).
    A trainer built with a :class:`CarbonCallback` already is adopted as it is (then
    pass no settings). Raises :class:`TrackingRefused` for a location it cannot use.
    """
    callbacks = list(trainer.callback_handler.callbacks)
    ours = [cb for cb in callbacks if isinstance(cb, CarbonCallback)]
    if ours and settings:
        raise TrackingRefused(
            "this trainer already has a CarbonCallback: its settings apply; call track_carbon(trainer) with none"
        )
    callback = ours[0] if ours else CarbonCallback(**settings)
    if getattr(trainer.create_model_card, _WRAPPED, None) is not None:
        return callback  # already tracked: one measurement, one card write
    for other in callbacks:
        if type(other).__name__ == "CodeCarbonCallback":
            trainer.remove_callback(other)
            callback.replaced_codecarbon = True
            callback.notes.say(
                "report_to includes codecarbon: its CodeCarbonCallback (CodeCarbon's online tracker) is removed so "
                "the run is measured once, offline at the location given; its emissions.csv is written by this one"
            )
    if not ours:
        trainer.add_callback(callback)
    trainer.create_model_card = _after(trainer.create_model_card, lambda: _write_trainer_card(trainer, callback))
    trainer.train = _on_failure(trainer.train, trainer, callback)
    return callback


def _write_trainer_card(trainer: Any, callback: CarbonCallback) -> None:
    if trainer.is_world_process_zero():
        callback.write_card(_card_in(trainer.args))


def _after(method: Callable[..., Any], then: Callable[[], None]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = method(*args, **kwargs)
        then()
        return result

    setattr(wrapper, _WRAPPED, method)
    return wrapper


def _on_failure(train: Callable[..., Any], trainer: Any, callback: CarbonCallback) -> Callable[..., Any]:
    @functools.wraps(train)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return train(*args, **kwargs)
        except BaseException as exc:
            if callback.measuring:
                detail = f": {exc}" if str(exc) else ""
                callback.abandon(f"train() raised {type(exc).__name__}{detail}", _card_in(trainer.args))
            raise

    setattr(wrapper, _WRAPPED, train)
    return wrapper


def _card_in(args: Any) -> Path:
    return Path(args.output_dir) / CARD_NAME


def _csv_in(args: Any) -> Path:
    return Path(args.output_dir) / "emissions.csv"
