"""Stream an audit export (CSV or JSONL), or the authors' dataset, into column arrays, one pass, no pandas.

Only what the study uses is kept: numbers in ``array('d')`` buffers (NaN = missing),
small codes for month, domain and training type, a bit set of row flags, and the
repo ids of the models that report emissions. A million-row export stays well under
the memory of its text.

Missing values: an absent column, an empty cell, JSON null, or one of ``NA_STRINGS``. A row whose
``reporting_class`` is ``not read`` is a card the audit could not read: it is skipped and counted
in ``Population.not_read``, not taken for a model that reports nothing.
Anything else that is not what the column holds is an ``ExportError`` naming the
file, line and column.

Two dialects: our export (``hub/export.py``'s columns) and the authors' replication dataset
(``datasets/HFCO2.csv`` of GAISSA-UPC/ML-EnergyLabel: ``modelId``, ``co2_eq_emissions``,
``size``, ``datasets_size``, ``environment``, ``performance_metrics``, ``auto``...), recognised
by its header and read as it is: ``PAPER_ALIASES`` maps its names to ours, ``performance_metrics``
(a Python dict literal) gives the four metrics, ``auto`` the AutoTrain flag, and its missing
value "Not Specified" is missing. A ``performance_score`` column (either dialect) is the label's
performance attribute as given: the authors normalised it over their whole mined population,
which a study of their 1,419 reporting models cannot recompute.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import json
import math
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.hub.domains import domain_of, normalise_domain
from hfcarbon_lint.hub.export import COLUMNS as EXPORT_COLUMNS
from hfcarbon_lint.hub.export import NOT_READ

# The audit export's columns (one list, hub/export.py); the label column is an output, not an input.
COLUMNS = tuple(column for column in EXPORT_COLUMNS if column != "label")
# Read when present, never missed: the audit does not write it, the authors' dataset has it.
OPTIONAL_COLUMNS = ("performance_score",)
KNOWN_COLUMNS = (*COLUMNS, *OPTIONAL_COLUMNS)
# The authors' dataset (HFCO2.csv): their column -> ours. Their other columns keep our names
# (downloads, likes, created_at, domain, source, training_type, geographical_location).
PAPER_ALIASES = {
    "modelId": "repo_id",
    "co2_eq_emissions": "emissions_g",
    "size": "model_size_bytes",
    "datasets_size": "datasets_size_bytes",
    "environment": "hardware_used",
}
PAPER_ONLY = ("performance_metrics", "auto")  # parsed into the metric columns and the AutoTrain flag
PAPER_DIALECT, EXPORT_DIALECT = "ML-EnergyLabel dataset", "audit export"
QUANTITIES = ("emissions_g", "downloads", "model_size_bytes", "datasets_size_bytes")  # non-negative numbers
METRIC_COLUMNS = ("accuracy", "f1", "rouge1", "rougeL")  # the paper's cleaning: %, decimal comma
NA_STRINGS = frozenset(
    {"", "nan", "NaN", "NAN", "NA", "N/A", "n/a", "null", "NULL", "None", "<NA>", "Not Specified"}
)  # "Not Specified": the authors' dataset's missing value

# Row flags.
HARDWARE, OPTIMISED, ECOCARD, AUTOTRAIN = 1, 2, 4, 8
OPTIMISATION_TAGS = frozenset({"optimized", "pruned", "distilled"})
AUTOTRAIN_TAGS = frozenset({"autotrain", "autonlp"})
_TAG_HINTS = re.compile("optimized|pruned|distilled|ecocard|autotrain|autonlp", re.IGNORECASE)

# Training type codes.
TRAINING_NAMES = ("", "pretraining", "fine-tuning", "other")
_TRAINING = {
    "pretraining": 1,
    "pre-training": 1,
    "pre training": 1,
    "pretrain": 1,
    "pretrained": 1,
    "fine-tuning": 2,
    "finetuning": 2,
    "fine tuning": 2,
    "fine-tune": 2,
    "finetune": 2,
    "fine-tuned": 2,
}
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_NAN_TOKEN = re.compile(r"\bnan\b")
_TRUE, _FALSE = frozenset({"true", "1", "1.0", "yes"}), frozenset({"false", "0", "0.0", "no"})
_HARDWARE_CLASSES = frozenset(
    {ReportingClass.CONTEXT, ReportingClass.AWARENESS, ReportingClass.OPTIMIZATION, ReportingClass.CERTIFIED}
)


class ExportError(ValueError):
    """The export cannot be read; the message is one line, with file, line and column."""


class BadCell(ValueError):
    """A cell that is not what its column holds; the reader adds file, line and column."""


@dataclass
class Population:
    path: str
    format: str  # "csv" | "jsonl"
    columns: tuple[str, ...]  # known columns present (CSV header; JSONL: seen in any row)
    emissions: array[float] = field(default_factory=lambda: array("d"))
    downloads: array[float] = field(default_factory=lambda: array("d"))
    model_size: array[float] = field(default_factory=lambda: array("d"))
    datasets_size: array[float] = field(default_factory=lambda: array("d"))
    metrics: dict[str, array[float]] = field(default_factory=lambda: {m: array("d") for m in METRIC_COLUMNS})
    month: array[int] = field(default_factory=lambda: array("i"))  # year*12 + month-1, -1 missing
    domain: array[int] = field(default_factory=lambda: array("b"))  # index into domain_names, -1 missing
    training: array[int] = field(default_factory=lambda: array("b"))  # index into TRAINING_NAMES
    flags: array[int] = field(default_factory=lambda: array("B"))
    performance: array[float] = field(default_factory=lambda: array("d"))  # performance_score as given
    domain_names: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # repo_id of the rows with an emissions figure (0 included), in order
    hardware_from_class: bool = False  # H read from reporting_class/level (no hardware_used column)
    # Rows of cards the audit could not read (unreadable bytes): reporting_class "not read" (hub/export.py).
    # They are skipped: a card that was not read is not a model that does not report.
    not_read: int = 0
    dialect: str = EXPORT_DIALECT

    @property
    def has_performance_score(self) -> bool:
        return "performance_score" in self.columns

    @property
    def rows(self) -> int:
        return len(self.emissions)


@dataclass
class _Codes:
    """Small caches turning repeated strings into codes, parsing each distinct string once."""

    population: Population
    where: Any  # callable(column) -> "file:line: column X"
    months: dict[str, int] = field(default_factory=dict)
    domains: dict[str, int] = field(default_factory=dict)
    pipelines: dict[str, int] = field(default_factory=dict)
    trainings: dict[str, int] = field(default_factory=dict)
    classes: dict[str, bool] = field(default_factory=dict)

    def month(self, text: str) -> int:
        key = text[:10]
        code = self.months.get(key)
        if code is None:
            match = _DATE.match(key)
            if match is None or not 1 <= int(match.group(2)) <= 12:
                raise ExportError(f"{self.where('created_at')}: {text!r} is not an ISO date (YYYY-MM-DD...)")
            code = int(match.group(1)) * 12 + int(match.group(2)) - 1
            self.months[key] = code
        return code

    def _domain_code(self, name: str) -> int:
        names = self.population.domain_names
        if name not in names:
            if len(names) >= 120:
                raise ExportError(f"{self.where('domain')}: more than 120 distinct domains; is this the domain column?")
            names.append(name)
        return names.index(name)

    def domain(self, text: str) -> int:
        code = self.domains.get(text)
        if code is None:
            code = self._domain_code(normalise_domain(text))
            self.domains[text] = code
        return code

    def pipeline(self, text: str) -> int:
        code = self.pipelines.get(text)
        if code is None:
            name = domain_of(text.strip() or None)
            code = -1 if name is None else self._domain_code(name)
            self.pipelines[text] = code
        return code

    def from_tags(self, tags: Iterable[str]) -> int:
        """No domain and no pipeline tag: the first tag that names a Hub task, if any."""
        name = domain_of(None, tags)
        return -1 if name is None else self._domain_code(name)

    def training(self, text: str) -> int:
        code = self.trainings.get(text)
        if code is None:
            code = _TRAINING.get(text.strip().lower(), 3)
            self.trainings[text] = code
        return code

    def hardware_from_class(self, text: str, column: str) -> bool:
        value = self.classes.get(text)
        if value is None:
            try:
                value = ReportingClass.parse(text) in _HARDWARE_CLASSES
            except ValueError:
                raise ExportError(f"{self.where(column)}: {text!r} is not a reporting class") from None
            self.classes[text] = value
        return value


def tag_flags(tags: Iterable[str]) -> int:
    lowered = {str(t).strip().lower() for t in tags}
    flags = 0
    if lowered & OPTIMISATION_TAGS:
        flags |= OPTIMISED
    if "ecocard" in lowered:
        flags |= ECOCARD
    if lowered & AUTOTRAIN_TAGS:
        flags |= AUTOTRAIN
    return flags


def _tag_text_flags(text: str) -> int:
    if _TAG_HINTS.search(text) is None:
        return 0
    return tag_flags(text.split(";"))


def flag(text: str) -> bool:
    """The authors' ``auto`` cell: True/False (also 1/0)."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise BadCell(f"{text!r} is not True or False")


def paper_metrics(value: Any) -> dict[str, float]:
    """The authors' ``performance_metrics`` cell, ``{'accuracy': nan, 'f1': 0.9, ...}``: the metrics present."""
    if isinstance(value, str):
        if value in NA_STRINGS:
            return {}
        try:
            value = ast.literal_eval(_NAN_TOKEN.sub("None", value))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            raise BadCell(f"{value[:60]!r} is not a dict of metrics") from None
    if not isinstance(value, dict):
        raise BadCell("not a dict of metrics")
    found: dict[str, float] = {}
    for name in METRIC_COLUMNS:
        raw = value.get(name)
        if raw is None or isinstance(raw, bool):
            continue
        try:
            number = metric(raw) if isinstance(raw, str) else float(raw) if isinstance(raw, (int, float)) else None
        except BadCell:
            number = None
        if number is None or math.isinf(number):
            raise BadCell(f"{name} {raw!r} is not a number")
        if not math.isnan(number):
            found[name] = number
    return found


def quantity(text: str) -> float:
    """A non-negative finite number, or NaN for a missing cell."""
    if text in NA_STRINGS:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise BadCell(f"{text!r} is not a number") from None
    if value != value:  # NaN, without a call
        return value
    if not 0 <= value < math.inf:
        raise BadCell(f"{text!r} is not a non-negative finite number")
    return value


def metric(text: str) -> float:
    """A metric cell with the paper's cleaning: ``%`` stripped, decimal comma read as a point."""
    if text in NA_STRINGS:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        try:
            value = float(text.replace("%", "").replace(",", ".").strip())
        except ValueError:
            raise BadCell(f"{text!r} is not a number") from None
    if value in (math.inf, -math.inf):
        raise BadCell(f"{text!r} is not a finite number")
    return value


def open_text(path: Path) -> IO[str]:
    raw: Any = gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


def detect_format(path: Path) -> str:
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    with open_text(path) as handle:
        head = handle.read(4096).lstrip()
    return "jsonl" if head.startswith("{") else "csv"


def read_export(path: str | Path) -> Population:
    """Read a CSV or JSONL export; ``ExportError`` (one line) for anything unreadable."""
    path = Path(path)
    if not path.is_file():
        raise ExportError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        kind = detect_format(path)
        with open_text(path) as handle:
            population = _read_csv(path, handle) if kind == "csv" else _read_jsonl(path, handle)
    except UnicodeDecodeError as exc:
        raise ExportError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ExportError(f"{path}: cannot read: {exc}") from None
    if population.rows == 0:
        raise ExportError(f"{path}: no rows")
    return population


def is_paper_header(names: Iterable[str]) -> bool:
    """The authors' dataset: their id and emissions columns, not ours."""
    present = set(names)
    return {"modelId", "co2_eq_emissions"} <= present and not present & {"repo_id", "emissions_g"}


def paper_names(names: list[str]) -> list[str]:
    """The authors' column names in ours (``PAPER_ALIASES``); a name whose target is already present stays."""
    present = set(names)
    return [PAPER_ALIASES[n] if n in PAPER_ALIASES and PAPER_ALIASES[n] not in present else n for n in names]


def _read_csv(path: Path, handle: IO[str]) -> Population:
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        raise ExportError(f"{path}: empty file") from None
    except csv.Error as exc:
        raise ExportError(f"{path}:1: {exc}") from None
    original = [h.strip() for h in header]
    dialect = PAPER_DIALECT if is_paper_header(original) else EXPORT_DIALECT
    header = paper_names(original) if dialect == PAPER_DIALECT else original
    duplicated = sorted({h for h in header if h in (*KNOWN_COLUMNS, *PAPER_ONLY) and header.count(h) > 1})
    if duplicated:
        raise ExportError(f"{path}:1: column {duplicated[0]!r} appears twice in the header")
    # The authors' dict of metrics stands for the four metric columns (which win when present).
    from_dict = METRIC_COLUMNS if "performance_metrics" in header else ()
    known = tuple(c for c in KNOWN_COLUMNS if c in header or c in from_dict)
    if not known:
        raise ExportError(f"{path}:1: no known column in the header (expected some of: {', '.join(COLUMNS)})")
    population = Population(str(path), "csv", known, dialect=dialect)
    at = {name: header.index(name) for name in (*known, *(c for c in PAPER_ONLY if c in header)) if name in header}
    spelled = dict(zip(header, original, strict=True))  # our name -> the file's, for messages
    width = len(header)
    line = 1

    def where(column: str) -> str:
        return f"{path}:{line}: column {spelled.get(column, column)}"

    codes = _Codes(population, where)
    # Column positions, or None when absent.
    i_repo, i_created, i_tags = at.get("repo_id"), at.get("created_at"), at.get("tags")
    i_domain, i_pipe, i_train = at.get("domain"), at.get("pipeline_tag"), at.get("training_type")
    i_hw = at.get("hardware_used")
    i_score, i_dict, i_auto = at.get("performance_score"), at.get("performance_metrics"), at.get("auto")
    if i_dict is not None and any(name in at for name in METRIC_COLUMNS):
        i_dict = None  # separate metric columns win over the authors' dict
    append_score = population.performance.append
    i_class = at.get("reporting_class") if "reporting_class" in at else at.get("reporting_level")
    class_column = "reporting_class" if "reporting_class" in at else "reporting_level"
    i_not_read = at.get("reporting_class")
    population.hardware_from_class = i_hw is None and i_class is not None
    numbers = [(at.get(name), name) for name in QUANTITIES]
    metric_positions = [(at.get(name), name) for name in METRIC_COLUMNS]
    outputs = (population.emissions, population.downloads, population.model_size, population.datasets_size)
    metric_outputs = [population.metrics[name] for name in METRIC_COLUMNS]
    nan = math.nan
    append_month, append_domain = population.month.append, population.domain.append
    append_training, append_flags = population.training.append, population.flags.append
    column = ""
    try:
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                if not row or row == [""]:
                    continue
                raise ExportError(f"{path}:{line}: {len(row)} fields, the header has {width}")
            if i_not_read is not None and row[i_not_read].strip().lower() == NOT_READ:
                population.not_read += 1  # the audit could not read this card: no class, not a model reporting nothing
                continue
            emissions = nan
            for (position, column), out in zip(numbers, outputs, strict=True):
                if position is None:
                    out.append(nan)
                    continue
                cell = row[position]
                value = quantity(cell) if cell else nan
                out.append(value)
                if column == "emissions_g":
                    emissions = value
            if i_dict is not None:
                column = "performance_metrics"
                found = paper_metrics(row[i_dict]) if row[i_dict] else {}
                for name, out in zip(METRIC_COLUMNS, metric_outputs, strict=True):
                    out.append(found.get(name, nan))
            else:
                for (position, column), out in zip(metric_positions, metric_outputs, strict=True):  # noqa: B007 - named in errors
                    cell = row[position] if position is not None else ""
                    out.append(metric(cell) if cell else nan)
            column = "performance_score"
            cell = row[i_score] if i_score is not None else ""
            append_score(quantity(cell) if cell else nan)
            cell = row[i_created] if i_created is not None else ""
            append_month(codes.month(cell) if cell and cell not in NA_STRINGS else -1)
            cell = row[i_domain] if i_domain is not None else ""
            if cell and cell not in NA_STRINGS:
                append_domain(codes.domain(cell))
            else:
                cell = row[i_pipe] if i_pipe is not None else ""
                if cell and cell not in NA_STRINGS:
                    append_domain(codes.pipeline(cell))
                elif i_tags is not None and row[i_tags]:
                    append_domain(codes.from_tags(row[i_tags].split(";")))
                else:
                    append_domain(-1)
            cell = row[i_train] if i_train is not None else ""
            append_training(codes.training(cell) if cell and cell not in NA_STRINGS else 0)
            flags = _tag_text_flags(row[i_tags]) if i_tags is not None and row[i_tags] else 0
            if i_auto is not None and row[i_auto] not in NA_STRINGS:
                column = "auto"
                if flag(row[i_auto]):
                    flags |= AUTOTRAIN
            if i_hw is not None:
                cell = row[i_hw]
                if cell and cell.strip() and cell not in NA_STRINGS:
                    flags |= HARDWARE
            elif i_class is not None:
                cell = row[i_class]
                if cell and cell not in NA_STRINGS and codes.hardware_from_class(cell, class_column):
                    flags |= HARDWARE
            append_flags(flags)
            if emissions >= 0:
                population.ids.append(row[i_repo] if i_repo is not None else f"row {line}")
    except BadCell as exc:
        raise ExportError(f"{where(column)}: {exc}") from None
    except csv.Error as exc:
        raise ExportError(f"{path}:{reader.line_num}: {exc}") from None
    return population


def _text(value: Any, column: str, where: Callable[[str], str]) -> str:
    """A JSON value that should be text, as the CSV cell it stands for (null and NA spellings: empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "" if value in NA_STRINGS else value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ExportError(f"{where(column)}: a JSON {type(value).__name__} is not text")


def _read_jsonl(path: Path, handle: IO[str]) -> Population:
    population = Population(str(path), "jsonl", ())
    seen: set[str] = set()
    line = 0

    def where(column: str) -> str:
        return f"{path}:{line}: column {column}"

    codes = _Codes(population, where)
    nan = math.nan
    outputs = (
        ("emissions_g", population.emissions),
        ("downloads", population.downloads),
        ("model_size_bytes", population.model_size),
        ("datasets_size_bytes", population.datasets_size),
    )
    metric_outputs = [(name, population.metrics[name]) for name in METRIC_COLUMNS]
    any_hardware_column = False
    class_rows: list[int] = []  # rows whose H may come from the reporting class
    loads = json.loads
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = loads(text)
        except json.JSONDecodeError as exc:
            raise ExportError(f"{path}:{line}: not JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(record, dict):
            raise ExportError(f"{path}:{line}: a JSON {type(record).__name__}, not an object")
        if is_paper_header(record):
            population.dialect = PAPER_DIALECT
            record = dict(zip(paper_names(list(record)), record.values(), strict=True))
        seen.update(record)
        get = record.get
        unread = get("reporting_class")
        if isinstance(unread, str) and unread.strip().lower() == NOT_READ:
            population.not_read += 1  # the audit could not read this card: no class, not a model that reports nothing
            continue
        emissions = nan
        for name, out in outputs:
            raw = get(name)
            if raw is None:
                out.append(nan)
                continue
            if type(raw) is float or type(raw) is int:  # the common case: a plain JSON number
                value = float(raw)
                if not 0 <= value < math.inf:
                    raise ExportError(f"{where(name)}: {raw!r} is not a non-negative finite number")
            else:
                value = _json_number(raw, name, where, quantity)
            out.append(value)
            if name == "emissions_g":
                emissions = value
        found: dict[str, float] | None = None
        if get("performance_metrics") is not None and not any(name in record for name in METRIC_COLUMNS):
            try:
                found = paper_metrics(record["performance_metrics"])
            except BadCell as exc:
                raise ExportError(f"{where('performance_metrics')}: {exc}") from None
        for name, out in metric_outputs:
            raw = get(name)
            if found is not None:
                out.append(found.get(name, nan))
            elif raw is None:
                out.append(nan)
            elif type(raw) is float or type(raw) is int:
                out.append(float(raw))
            else:
                out.append(_json_number(raw, name, where, metric))
        raw = get("performance_score")
        population.performance.append(nan if raw is None else _json_number(raw, "performance_score", where, quantity))
        created = _text(get("created_at"), "created_at", where)
        population.month.append(codes.month(created) if created else -1)
        tags = get("tags")
        if tags is not None and not isinstance(tags, (list, str)):
            raise ExportError(f"{where('tags')}: a JSON {type(tags).__name__}, not a list of tags")
        tag_list = (
            [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else (tags.split(";") if tags else [])
        )
        domain = _text(get("domain"), "domain", where)
        if domain:
            population.domain.append(codes.domain(domain))
        else:
            pipeline = _text(get("pipeline_tag"), "pipeline_tag", where)
            if pipeline:
                population.domain.append(codes.pipeline(pipeline))
            else:
                population.domain.append(codes.from_tags(tag_list) if tag_list else -1)
        training = _text(get("training_type"), "training_type", where)
        population.training.append(codes.training(training) if training else 0)
        flags = _tag_text_flags(";".join(tag_list)) if tag_list else 0
        auto = get("auto")
        if auto is True or (isinstance(auto, str) and auto not in NA_STRINGS and _json_flag(auto, where)):
            flags |= AUTOTRAIN
        if "hardware_used" in record:
            any_hardware_column = True
            hardware = record["hardware_used"]
            if hardware is not None and str(hardware).strip() and str(hardware) not in NA_STRINGS:
                flags |= HARDWARE
        else:
            column = "reporting_class" if "reporting_class" in record else "reporting_level"
            cell = _text(get(column), column, where)
            if cell and codes.hardware_from_class(cell, column):
                class_rows.append(population.rows - 1)
        population.flags.append(flags)
        if emissions >= 0:
            repo = get("repo_id")
            population.ids.append(str(repo) if repo is not None else f"line {line}")
    # As for CSV: the class stands in for hardware_used only when no row has that column.
    if not any_hardware_column and class_rows:
        population.hardware_from_class = True
        for row in class_rows:
            population.flags[row] |= HARDWARE
    if "performance_metrics" in seen:
        seen.update(METRIC_COLUMNS)
    population.columns = tuple(c for c in KNOWN_COLUMNS if c in seen)
    return population


def _json_flag(text: str, where: Callable[[str], str]) -> bool:
    try:
        return flag(text)
    except BadCell as exc:
        raise ExportError(f"{where('auto')}: {exc}") from None


def _json_number(value: Any, column: str, where: Callable[[str], str], parse: Callable[[str], float]) -> float:
    if isinstance(value, bool):
        raise ExportError(f"{where(column)}: {value!r} is not a number")
    try:
        if isinstance(value, (int, float)):
            return parse(repr(float(value)))
        if isinstance(value, str):
            return parse(value)
    except (BadCell, OverflowError) as exc:
        raise ExportError(f"{where(column)}: {exc}") from None
    raise ExportError(f"{where(column)}: a JSON {type(value).__name__} is not a number")
