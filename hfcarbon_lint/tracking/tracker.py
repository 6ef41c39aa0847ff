"""CodeCarbon's offline tracker, configured so that nothing ambient can change what it does.

CodeCarbon resolves each setting from the constructor, then ``CODECARBON_*`` variables,
then ``./.codecarbon.config`` and ``~/.codecarbon.config``. Every argument that could
open a network connection, write elsewhere, take a lock or change the figure is
therefore passed explicitly (see ``OfflineEmissionsTracker.__init__`` and
``BaseEmissionsTracker.__init__`` in CodeCarbon 3.3):

* ``OfflineEmissionsTracker`` only: the online tracker looks the machine up on the
  internet and records Canada when it cannot;
* ``output_methods=[CSV]`` into a private temporary folder, ``output_handlers=[]``,
  ``logging_logger=None``, ``emissions_endpoint=False`` (``None`` would let a config
  value through), ``electricitymaps_api_token=""`` (which also blocks the deprecated
  ``co2_signal_api_token`` key), ``metadata=None``;
* ``allow_multiple_runs=True``: no lock file, no replaced SIGINT/SIGTERM handlers;
* the location (all five arguments, ``country_2letter_iso_code=None``), ``tracking_mode``,
  ``pue=1``, ``wue=0``, ``force_carbon_intensity_g_co2e_kwh=None``, ``force_cpu_power``
  and ``force_ram_power`` (``None`` unless given), ``force_mode_cpu_load=False``,
  ``rapl_*=False``, ``gpu_ids=None`` (CUDA_VISIBLE_DEVICES still applies),
  ``experiment_id``/``experiment_name``/``project_name``, ``on_csv_write="append"``,
  ``measure_power_secs``, ``log_level`` and ``logger_preamble``.

Left to configuration, because nothing reads them with these outputs: ``api_endpoint``,
``api_key``, ``api_call_interval`` (the API output is off) and ``prometheus_url``.

CodeCarbon swallows its own exceptions (``start``, ``stop``, the offline ``__init__``)
and returns ``None``; a ``None`` or a missing ``final_emissions_data`` is a failure,
explained with the log lines CodeCarbon wrote, which are captured instead of printed
between the command's output lines.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfcarbon_lint.grid.track_flags import TrackerLocation
from hfcarbon_lint.measurements.measurement import Measurement

INSTALL_HINT = "pip install 'hfcarbon-lint[track]'"
PROJECT_NAME = "hfcarbon-lint"
EXPERIMENT_ID = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"  # CodeCarbon's default, passed so config cannot change it
_LOGGER = "codecarbon"


class CodeCarbonMissing(Exception):
    """CodeCarbon is not installed (or does not import)."""


def import_codecarbon() -> Any:
    """The codecarbon module, or :class:`CodeCarbonMissing` saying how to install it."""
    try:
        import codecarbon
    except ImportError as exc:
        raise CodeCarbonMissing(f"CodeCarbon is not installed ({exc}); install it with: {INSTALL_HINT}") from None
    return codecarbon


@dataclass(frozen=True)
class TrackerSettings:
    location: TrackerLocation
    tracking_mode: str = "machine"
    measure_power_secs: float = 15.0
    cpu_power_w: float | None = None
    ram_power_w: float | None = None
    project_name: str = PROJECT_NAME


@dataclass(frozen=True)
class ComponentNote:
    """How one part of the machine was accounted for: measured by a counter, or estimated."""

    component: str  # CPU, RAM, GPU
    measured: bool
    how: str
    energy_kwh: float | None = None


@dataclass
class TrackerOutcome:
    measurement: Measurement | None
    failure: str | None = None
    components: list[ComponentNote] = field(default_factory=list)
    csv_path: Path | None = None
    log: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.measurement is not None and self.failure is None


class _Capture(logging.Filter):
    """Keeps CodeCarbon's warnings and errors as text and stops every record from being printed.

    A filter on the ``codecarbon`` logger (CodeCarbon logs through that one logger
    only) runs before any handler, so the stderr handler that CodeCarbon's constructor
    adds (``set_logger_format``) never writes, even for records logged by another
    thread while the constructor runs.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a broken log call must not break tracking
                message = str(record.msg)
            if record.exc_info and record.exc_info[1] is not None:
                message += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
            self.lines.append(f"{record.levelname.lower()}: {message}")
        return False


class Warmer:
    """CodeCarbon's hardware probe, run early in a background thread.

    ``start()`` spends most of its time (about 1.5 s on a small VM) in the CPU probe: a
    ``cpuinfo`` subprocess for the model name, then the TDP table lookup. CodeCarbon
    caches both for the process (``detect_cpu_model`` is ``lru_cache``d,
    ``get_cached_tdp`` keeps its result), so running them first, in a thread that
    :meth:`TrackerSession.start` joins before it starts measuring, gives the same
    result while overlapping them with our start-up and the tracker's constructor.
    A failure here is ignored: ``start()`` then probes as usual. The ``codecarbon``
    logger is captured from here on, so the probe's warnings are kept, not printed.
    """

    def __init__(self, cpu_power_w: float | None = None) -> None:
        self.capture = _Capture()
        _quiet(self.capture)
        self.thread = threading.Thread(target=self._warm, args=(cpu_power_w,), name="hfcarbon-lint-warm", daemon=True)
        self.thread.start()

    @staticmethod
    def _warm(cpu_power_w: float | None) -> None:
        try:
            from codecarbon.core import cpu
            from codecarbon.core.hardware_cache import get_cached_tdp
            from codecarbon.core.util import detect_cpu_model

            detect_cpu_model()
            if cpu_power_w is None and not cpu.is_rapl_available():
                get_cached_tdp(cpu)  # type: ignore[no-untyped-call,unused-ignore]
        except Exception:  # noqa: BLE001 - warming is an optimisation only
            pass

    def join(self, timeout: float = 120.0) -> None:
        self.thread.join(timeout)


def _quiet(capture: _Capture) -> None:
    """Keep CodeCarbon's log off the terminal (the command owns it) and in ``capture``.

    Done before construction: "offline tracker init" is logged before ``log_level``
    applies. The level is set again after construction, which applies ``log_level``.
    """
    logger = logging.getLogger(_LOGGER)
    logger.setLevel(logging.WARNING)
    if capture not in logger.filters:
        logger.addFilter(capture)
    logger.propagate = False


class TrackerSession:
    """Start before the command, stop after it; never raises, records what went wrong instead."""

    def __init__(self, settings: TrackerSettings, warmer: Warmer | None = None) -> None:
        self.settings = settings
        self.output_dir = Path(tempfile.mkdtemp(prefix="hfcarbon-lint-track-"))
        self.output_file = "emissions.csv"
        self.tracker: Any = None
        self.failure: str | None = None
        self._warmer = warmer
        self._capture = warmer.capture if warmer is not None else _Capture()

    def _silence(self) -> None:
        _quiet(self._capture)

    # ---- lifecycle

    def start(self) -> None:
        try:
            import_codecarbon()
            from codecarbon import OfflineEmissionsTracker
            from codecarbon.output_methods.base_output import OutputMethod
        except (CodeCarbonMissing, ImportError) as exc:
            self.failure = f"CodeCarbon could not be imported: {exc}"
            return
        self._silence()
        settings = self.settings
        try:
            self.tracker = OfflineEmissionsTracker(
                **settings.location.tracker_arguments(),
                project_name=settings.project_name,
                experiment_id=EXPERIMENT_ID,
                experiment_name="hfcarbon-lint-track",
                measure_power_secs=settings.measure_power_secs,
                output_dir=str(self.output_dir),
                output_file=self.output_file,
                output_methods=[OutputMethod.CSV],
                output_handlers=[],
                logging_logger=None,
                emissions_endpoint=False,
                electricitymaps_api_token="",
                allow_multiple_runs=True,
                tracking_mode=settings.tracking_mode,
                log_level="warning",
                logger_preamble="",
                on_csv_write="append",
                gpu_ids=None,
                force_cpu_power=settings.cpu_power_w,
                force_ram_power=settings.ram_power_w,
                force_carbon_intensity_g_co2e_kwh=None,
                force_mode_cpu_load=False,
                pue=1.0,
                wue=0.0,
                rapl_include_dram=False,
                rapl_prefer_psys=False,
                metadata=None,
            )
        except Exception as exc:  # noqa: BLE001 - CodeCarbon failing must not stop the command
            self.failure = f"CodeCarbon's tracker could not be created: {type(exc).__name__}: {exc}"
            return
        finally:
            self._silence()
        built = vars(self.tracker)
        if built.get("_scheduler") is None or "_start_time" not in built or "_output_handlers" not in built:
            self.failure = "CodeCarbon's tracker could not be created (it logged the reason)"
            return
        if self._warmer is not None:
            self._warmer.join(timeout=60)
        try:
            self.tracker.start()
        except Exception as exc:  # noqa: BLE001
            self.failure = f"CodeCarbon could not start: {type(exc).__name__}: {exc}"
            return
        if getattr(self.tracker, "_start_time", None) is None:
            self.failure = "CodeCarbon did not start measuring (it logged the reason)"

    def stop(self) -> TrackerOutcome:
        outcome = TrackerOutcome(measurement=None, failure=self.failure, log=self._capture.lines)
        if self.tracker is None or self.failure is not None:
            outcome.failure = outcome.failure or "CodeCarbon's tracker was not started"
            return outcome
        try:
            kilograms = self.tracker.stop()
        except Exception as exc:  # noqa: BLE001
            outcome.failure = f"CodeCarbon failed when stopping: {type(exc).__name__}: {exc}"
            return outcome
        finally:
            self._silence()
        data = getattr(self.tracker, "final_emissions_data", None)
        if kilograms is None or data is None:
            outcome.failure = "CodeCarbon returned no measurement (stop() gave None)"
            return outcome
        outcome.measurement = measurement_from_emissions_data(data)
        outcome.components = self._components(data)
        csv_path = self.output_dir / self.output_file
        outcome.csv_path = csv_path if csv_path.is_file() else None
        return outcome

    def cleanup(self) -> None:
        shutil.rmtree(self.output_dir, ignore_errors=True)

    # ---- what was measured, what was estimated

    def _components(self, data: Any) -> list[ComponentNote]:
        """Read from CodeCarbon's hardware objects: EmissionsData does not say whether RAPL was used."""
        notes: list[ComponentNote] = []
        hardware = getattr(self.tracker, "_hardware", None) or []
        settings = self.settings
        kinds = {type(item).__name__ for item in hardware}
        for item in hardware:
            kind = type(item).__name__
            if kind == "CPU":
                notes.append(self._cpu_note(item, data))
            elif kind == "RAM":
                if settings.ram_power_w is not None:
                    how = f"estimated: constant {settings.ram_power_w:g} W (--ram-power)"
                else:
                    how = f"estimated: CodeCarbon's RAM model, {_mean(data, 'ram_power')} (about 5 W per memory module)"
                notes.append(ComponentNote("RAM", False, how, _number(data, "ram_energy")))
            elif kind == "GPU":
                notes.append(
                    ComponentNote(
                        "GPU",
                        True,
                        "measured: NVML / AMD SMI energy counters (whole devices)",
                        _number(data, "gpu_energy"),
                    )
                )
            elif kind in ("AppleSiliconChip", "Raspberry"):
                part = getattr(item, "chip_part", "chip")
                energy = _number(data, "gpu_energy" if part == "GPU" else "cpu_energy")
                notes.append(ComponentNote(str(part), True, f"measured: {kind} power readings", energy))
        if "GPU" not in kinds and not any(note.component == "GPU" for note in notes):
            notes.append(ComponentNote("GPU", False, "none found", None))
        return notes

    def _cpu_note(self, cpu: Any, data: Any) -> ComponentNote:
        mode = str(getattr(cpu, "_mode", "") or "")
        energy = _number(data, "cpu_energy")
        if mode in ("intel_rapl", "windows_emi", "intel_power_gadget"):
            label = {"intel_rapl": "RAPL", "windows_emi": "Windows Energy Meter (RAPL)"}.get(mode, "Intel Power Gadget")
            return ComponentNote("CPU", True, f"measured: {label} energy counters (whole package)", energy)
        tdp = getattr(cpu, "_tdp", None)
        model = getattr(cpu, "_model", None) or "this CPU"
        if self.settings.cpu_power_w is not None:
            source = f"{self.settings.cpu_power_w:g} W from --cpu-power"
        elif getattr(cpu, "_is_generic_tdp", False) or any("don't know it" in line for line in self._capture.lines):
            threads = (
                self.tracker._conf.get("cpu_count") if isinstance(getattr(self.tracker, "_conf", None), dict) else None
            )
            per_thread = f" (4 W × {threads} threads)" if threads else ""
            source = (
                f"{tdp} W, CodeCarbon's default{per_thread}: it does not know {model!r}; "
                "pass --cpu-power W with the real TDP"
            )
        else:
            source = f"{tdp} W, CodeCarbon's TDP for {model!r}"
        if mode == "cpu_load":
            scope = "machine-wide load" if self.settings.tracking_mode == "machine" else "the command's CPU share"
            how = f"estimated: {scope} × {source} (no readable RAPL counters)"
        elif mode == "constant":
            how = f"estimated: a constant share of {source} (no readable RAPL counters)"
        else:
            how = f"estimated ({mode or 'unknown method'})"
        return ComponentNote("CPU", False, how, energy)


def measurement_from_emissions_data(data: Any) -> Measurement:
    """A :class:`Measurement` from CodeCarbon's ``EmissionsData`` (kg, kWh, s: CodeCarbon's units kept)."""

    def text(name: str) -> str | None:
        value = getattr(data, name, None)
        return str(value).strip() or None if value is not None else None

    def integer(name: str) -> int | None:
        value = getattr(data, name, None)
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    on_cloud = text("on_cloud")
    run_id = text("run_id")
    return Measurement(
        emissions_kg=float(data.emissions),
        energy_kwh=_number(data, "energy_consumed"),
        duration_s=_number(data, "duration"),
        cpu_energy_kwh=_number(data, "cpu_energy"),
        gpu_energy_kwh=_number(data, "gpu_energy"),
        ram_energy_kwh=_number(data, "ram_energy"),
        cpu_power_w=_number(data, "cpu_power"),
        gpu_power_w=_number(data, "gpu_power"),
        ram_power_w=_number(data, "ram_power"),
        country_name=text("country_name"),
        country_iso_code=text("country_iso_code"),
        region=text("region"),
        on_cloud=None if on_cloud is None else on_cloud.upper() == "Y",
        cloud_provider=text("cloud_provider"),
        cloud_region=text("cloud_region"),
        cpu_model=text("cpu_model"),
        cpu_count=integer("cpu_count"),
        gpu_model=text("gpu_model"),
        gpu_count=integer("gpu_count"),
        tracking_mode=text("tracking_mode"),
        codecarbon_version=text("codecarbon_version"),
        longitude=_number(data, "longitude"),
        latitude=_number(data, "latitude"),
        pue=_number(data, "pue"),
        run_ids=(run_id,) if run_id else (),
    )


def _number(data: Any, name: str) -> float | None:
    value = getattr(data, name, None)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _mean(data: Any, name: str) -> str:
    value = _number(data, name)
    return f"{value:.3g} W on average" if value is not None else "power unknown"
