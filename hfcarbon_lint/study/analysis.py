"""The paper's study (paper-method.md §3) over an audit export, as a JSON-able dict.

Statistics come from libraries: OLS trend slopes from statsmodels, Mann-Whitney U and
Pearson/Spearman from scipy, the Holm step-down from statsmodels ``multipletests``.
numpy, scipy and statsmodels are imported by this module only (the ``study`` extra).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from hfcarbon_lint.base.classification import ReportingClass
from hfcarbon_lint.base.version import __version__
from hfcarbon_lint.hub.domains import CV, NLP
from hfcarbon_lint.label.reference import ATTRIBUTE_ORDER, LETTERS, Reference, load_reference
from hfcarbon_lint.study.labels import MISSING, PopulationLabels, label_population, performance_scores
from hfcarbon_lint.study.reader import (
    AUTOTRAIN,
    COLUMNS,
    ECOCARD,
    HARDWARE,
    METRIC_COLUMNS,
    OPTIMISED,
    TRAINING_NAMES,
    Population,
)

STUDY_FORMAT = 1
PAPER_DROPPED_FIRST_MONTHS = 34  # the notebook drops the first 34 monthly groups by position
LOG_EPSILON = 1e-6  # ln(x + 1e-6), as the paper
MIN_CORRELATION = 3
MIN_GROUP = 2

DIFFERENCES = (
    (
        "emissions sub-rating",
        "√index compared with the √-space cut-points",
        "raw index compared with the √-space cut-points (the square-root quirk; with the 2023 reference, "
        "149,200 g, almost every model rates A on emissions)",
    ),
    (
        "reporting classes",
        "ladder variant: Energy Awareness promoted by optimized/pruned/distilled tags (and ecocard)",
        "the authors' four classes only; Energy Optimization and Certified Energy Efficiency never assigned",
    ),
    (
        "zero emissions",
        "0 g is not a measurement: the model counts as not reporting",
        "models with 0 g are removed from every statistic and denominator",
    ),
    (
        "monthly window",
        "every creation month present (or --since/--until)",
        "the first 34 monthly groups and the last (partial) one dropped, by position (or --since/--until)",
    ),
    (
        "trend time axis",
        "calendar months since the window's first month (gaps count)",
        "position 0..n-1 of the months present",
    ),
    (
        "ROUGE values above 1",
        "divided by 100, like accuracy and F1",
        "kept as written (only accuracy and F1 are divided by 100)",
    ),
)


@dataclass(frozen=True, slots=True)
class LabelTable:
    """The label of every labelled model, in export order: what ``--labels`` writes."""

    ids: list[str]
    labelled: PopulationLabels


@dataclass(frozen=True, slots=True)
class StudyResult:
    """A study: ``report`` is JSON-able (the renderers and the plots read it), ``labels`` the per-model table."""

    report: dict[str, Any]
    labels: LabelTable


@dataclass(frozen=True)
class StudyOptions:
    paper_compat: bool = False
    since: int | None = None  # month code year*12 + month-1, inclusive
    until: int | None = None
    alpha: float = 0.05
    reference: Reference | None = None


def month_label(code: int) -> str:
    return f"{code // 12:04d}-{code % 12 + 1:02d}"


def _f(value: Any) -> float | None:
    """A JSON-safe float: None for NaN, the float otherwise (infinities do not occur here)."""
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else number


@dataclass
class Tests:
    """Every test run, in order; the family ones get Holm-adjusted p-values at the end."""

    items: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, test_id: str, name: str, method: str, family: bool, run: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": test_id,
            "name": name,
            "method": method,
            "in_family": family,
            "n": None,
            "statistic_name": None,
            "statistic": None,
            "p": None,
            "p_holm": None,
            "significant_holm": None,
            "skipped": None,
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                outcome = run()
            except _Skip as skip:
                outcome = {"skipped": str(skip)}
        entry.update(outcome)
        if entry["skipped"] is None and entry["p"] is None:
            entry["skipped"] = "the test returned no p-value (constant input?)"
        self.items.append(entry)
        return entry

    def holm(self, alpha: float) -> dict[str, Any]:
        from statsmodels.stats.multitest import multipletests

        family = [t for t in self.items if t["in_family"] and t["skipped"] is None]
        if family:
            reject, adjusted, _, _ = multipletests([t["p"] for t in family], alpha=alpha, method="holm")
            for test, significant, p_holm in zip(family, reject, adjusted, strict=True):
                test["p_holm"] = float(p_holm)
                test["significant_holm"] = bool(significant)
        planned = [t["id"] for t in self.items if t["in_family"]]
        return {
            "method": "holm (statsmodels multipletests)",
            "alpha": alpha,
            "planned": len(planned),
            "size": len(family),
            "tests": [t["id"] for t in family],
            "not_computed": [t["id"] for t in self.items if t["in_family"] and t["skipped"] is not None],
        }


class _Skip(Exception):
    pass


def _ols_trend(t: Any, y: Any) -> dict[str, Any]:
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    if len(y) < MIN_CORRELATION:
        raise _Skip(f"{len(y)} month(s): at least {MIN_CORRELATION} needed")
    if np.all(y == y[0]):
        return {"n": len(y), "statistic_name": "slope", "statistic": 0.0, "p": 1.0, "intercept": float(y[0])}
    fit = OLS(np.asarray(y, dtype=float), add_constant(np.asarray(t, dtype=float), has_constant="add")).fit()
    return {
        "n": len(y),
        "statistic_name": "slope per month",
        "statistic": _f(fit.params[1]),
        "intercept": _f(fit.params[0]),
        "p": _f(fit.pvalues[1]),
        "r_squared": _f(fit.rsquared),
    }


def _mann_whitney(x: Any, y: Any, labels: tuple[str, str]) -> dict[str, Any]:
    from scipy.stats import mannwhitneyu

    if len(x) < MIN_GROUP or len(y) < MIN_GROUP:
        raise _Skip(f"{labels[0]} n={len(x)}, {labels[1]} n={len(y)}: at least {MIN_GROUP} each needed")
    result = mannwhitneyu(x, y, alternative="two-sided")
    return {
        "n": len(x) + len(y),
        "groups": {
            labels[0]: {"n": len(x), "median": _f(np.median(x))},
            labels[1]: {"n": len(y), "median": _f(np.median(y))},
        },
        "statistic_name": "U",
        "statistic": _f(result.statistic),
        "p": _f(result.pvalue),
    }


def _correlation(kind: str, x: Any, y: Any) -> dict[str, Any]:
    from scipy.stats import pearsonr, spearmanr

    if len(x) < MIN_CORRELATION:
        raise _Skip(f"{len(x)} pair(s): at least {MIN_CORRELATION} needed")
    if np.all(x == x[0]) or np.all(y == y[0]):
        raise _Skip("constant input: correlation undefined")
    if kind == "pearson":
        result = pearsonr(x, y)
        return {"n": len(x), "statistic_name": "r", "statistic": _f(result.statistic), "p": _f(result.pvalue)}
    result = spearmanr(x, y)
    return {"n": len(x), "statistic_name": "rho", "statistic": _f(result.statistic), "p": _f(result.pvalue)}


def run_study(population: Population, options: StudyOptions) -> StudyResult:
    """Every statistic of the study (a dict ready for JSON and the Markdown renderer) and the label table."""
    reference = options.reference or load_reference()
    paper = options.paper_compat
    emissions_all = np.frombuffer(population.emissions, dtype=np.float64)
    zero = emissions_all == 0
    keep = ~zero if paper else np.ones(population.rows, dtype=bool)

    def column(buffer: Any, dtype: Any) -> Any:
        return np.frombuffer(buffer, dtype=dtype)[keep]

    emissions = emissions_all[keep]
    model_size = column(population.model_size, np.float64)
    datasets_size = column(population.datasets_size, np.float64)
    month = column(population.month, np.int32)
    domain = column(population.domain, np.int8)
    training = column(population.training, np.int8)
    flags = column(population.flags, np.uint8)
    metrics = {
        name: _scaled_metric(column(population.metrics[name], np.float64), name, reference, paper)
        for name in METRIC_COLUMNS
    }
    reporting = emissions > 0
    hardware = (flags & HARDWARE) != 0
    models = int(keep.sum())
    tests = Tests()

    result: dict[str, Any] = {
        "tool": {"name": "hfcarbon-lint", "version": __version__},
        "study_format": STUDY_FORMAT,
        "mode": "paper-compat" if paper else "corrected",
        "export": {
            "path": population.path,
            "format": population.format,
            "dialect": population.dialect,
            "performance_score_given": population.has_performance_score,
            "rows": population.rows,
            "not_read": population.not_read,
            "columns_present": list(population.columns),
            "columns_absent": [c for c in COLUMNS if c not in population.columns],
            "hardware_from_reporting_class": population.hardware_from_class,
        },
        "differences": [
            {"what": what, "this_mode": (old if paper else new), "other_mode": (new if paper else old)}
            for what, new, old in DIFFERENCES
        ],
        "population": {
            "models": models,
            "reporting_emissions": int(reporting.sum()),
            "zero_emissions": int(zero.sum()),
            "zero_emissions_treatment": "removed" if paper else "counted as not reporting",
            "with_creation_month": int((month >= 0).sum()),
            "overall_share_percent": _f(100.0 * reporting.sum() / models) if models else None,
            # RQ1: how much of the reporting AutoTrain does (tag autotrain/autonlp)
            "autotrain_models": int(((flags & AUTOTRAIN) != 0).sum()),
            "reporting_autotrain": int((reporting & ((flags & AUTOTRAIN) != 0)).sum()),
        },
    }

    # 1. Reporting classes (§1).
    levels = np.where(reporting, np.where(hardware, 3, 2), np.where(hardware, 1, 0)).astype(np.int8)
    if not paper:
        awareness = levels == ReportingClass.AWARENESS.level
        optimised = awareness & ((flags & OPTIMISED) != 0)
        levels[optimised] = ReportingClass.OPTIMIZATION.level
        levels[optimised & ((flags & ECOCARD) != 0)] = ReportingClass.CERTIFIED.level
    counts = np.bincount(levels, minlength=6)
    result["reporting_classes"] = [
        {
            "level": member.level,
            "class": member.label,
            "models": int(counts[member.level]),
            "percent": _f(100.0 * counts[member.level] / models) if models else None,
        }
        for member in ReportingClass
    ]

    # 2-3. Monthly share and monthly median emissions, with OLS trends.
    window, window_note = _window(month, options)
    first_code, last_code = window.pop("first_code"), window.pop("last_code")
    result["window"] = window
    in_window = (month >= 0) & (month >= first_code) & (month <= last_code)
    result["reporting_share"] = _monthly_share(month[in_window], reporting[in_window], paper, tests)
    result["reporting_share"]["window_note"] = window_note
    result["median_emissions"] = _monthly_median(
        month[in_window & reporting], emissions[in_window & reporting], paper, tests
    )

    # 4. Emissions by domain, Mann-Whitney CV vs NLP (family) and supplementary runs.
    result["domains"] = _domains(population.domain_names, domain, reporting, emissions, model_size, tests)

    # Training type (family).
    pre, fine = TRAINING_NAMES.index("pretraining"), TRAINING_NAMES.index("fine-tuning")
    tests.add(
        "mw_training_type",
        "Emissions: pretraining vs fine-tuning",
        "Mann-Whitney U, two-sided (scipy)",
        True,
        lambda: _mann_whitney(
            emissions[reporting & (training == pre)],
            emissions[reporting & (training == fine)],
            ("pretraining", "fine-tuning"),
        ),
    )

    # 5. Log-log correlations with size.
    result["size_correlations"] = []
    for size_name, size in (("model size", model_size), ("dataset size", datasets_size)):
        pairs = reporting & ~np.isnan(size)
        x, y = np.log(size[pairs] + LOG_EPSILON), np.log(emissions[pairs] + LOG_EPSILON)
        key = size_name.split()[0]
        for kind, family in (("pearson", True), ("spearman", False)):
            entry = tests.add(
                f"{kind}_log_emissions_{key}_size",
                f"ln emissions vs ln {size_name}",
                f"{kind.title()} correlation (scipy){'' if family else ', supplementary'}",
                family,
                partial(_correlation, kind, x, y),
            )
            result["size_correlations"].append(entry["id"])

    # Performance (Spearman of raw emissions and each metric), AutoTrain vs other models.
    autotrain = (flags & AUTOTRAIN) != 0
    result["performance_correlations"] = []
    for subset_name, subset in (("AutoTrain", autotrain), ("other", ~autotrain)):
        for name in METRIC_COLUMNS:
            values = metrics[name]
            rows = reporting & subset & ~np.isnan(values)
            entry = tests.add(
                f"spearman_emissions_{name}_{subset_name.lower()}",
                f"emissions vs {name}, {subset_name} models",
                "Spearman correlation (scipy)",
                True,
                partial(_correlation, "spearman", emissions[rows], values[rows]),
            )
            result["performance_correlations"].append(entry["id"])

    result["family"] = tests.holm(options.alpha)
    result["tests"] = tests.items

    # 6. The label of every reporting model, cut-points from this population.
    table = _label_table(population, keep, {name: metrics[name] for name in METRIC_COLUMNS}, reference, paper)
    result["label"] = _label_section(table.labelled, reference, paper, len(table.ids))
    result["label"]["zero_emissions_labelled"] = int(zero.sum()) if paper else 0
    result["label"]["performance_source"] = (
        "the performance_score column, as given" if population.has_performance_score else "the metric columns"
    )
    return StudyResult(result, table)


def _label_table(
    population: Population, keep: Any, metrics: dict[str, Any], reference: Reference, paper: bool
) -> LabelTable:
    """The models labelled: those reporting emissions (> 0 g); with ``paper``, 0 g too, as the authors' label code.

    The authors removed zero-emission models from the statistics (§1.6) but their label table,
    ``HFCO2.csv``, kept its one: 0 g gives an index of +inf, rated A on emissions (§2.4).
    """
    emissions_all = np.frombuffer(population.emissions, dtype=np.float64)
    present = ~np.isnan(emissions_all)  # population.ids has one id per such row
    rows = present if paper else emissions_all > 0
    ids = [population.ids[i] for i in np.flatnonzero(rows[present])]
    if population.has_performance_score:
        performance = np.frombuffer(population.performance, dtype=np.float64)
    else:  # min-max over the models analysed (the authors: over their whole mined population)
        performance = np.full(population.rows, np.nan)
        performance[keep] = performance_scores(metrics)
    emissions = emissions_all[rows]
    with np.errstate(divide="ignore", invalid="ignore"):
        values = {
            "emissions": emissions,
            "size_efficiency": np.frombuffer(population.model_size, dtype=np.float64)[rows] / emissions,
            "datasets_size_efficiency": np.frombuffer(population.datasets_size, dtype=np.float64)[rows] / emissions,
            "downloads": np.frombuffer(population.downloads, dtype=np.float64)[rows],
            "performance": performance[rows],
        }
    return LabelTable(ids, label_population(values, ids, reference, paper))


def _scaled_metric(values: Any, name: str, reference: Reference, paper: bool) -> Any:
    if paper and name not in reference.performance.percent_scaled:
        return values
    with np.errstate(invalid="ignore"):
        return np.where(values > 1, values / 100, values)


def _window(month: Any, options: StudyOptions) -> tuple[dict[str, Any], str]:
    present = np.unique(month[month >= 0])
    note = "all creation months present"
    if options.paper_compat and options.since is None and options.until is None:
        present = (
            present[PAPER_DROPPED_FIRST_MONTHS:-1] if len(present) > PAPER_DROPPED_FIRST_MONTHS + 1 else present[:0]
        )
        note = f"paper window: the first {PAPER_DROPPED_FIRST_MONTHS} monthly groups and the last one dropped"
    if options.since is not None:
        present = present[present >= options.since]
    if options.until is not None:
        present = present[present <= options.until]
    if options.since is not None or options.until is not None:
        note = "months chosen with --since/--until"
    if not len(present):
        return {"first": None, "last": None, "months": 0, "first_code": 0, "last_code": -1}, note
    first, last = int(present[0]), int(present[-1])
    return {
        "first": month_label(first),
        "last": month_label(last),
        "months": len(present),
        "first_code": first,
        "last_code": last,
    }, note


def _time_axis(codes: Any, paper: bool) -> Any:
    """The OLS trend's t (each monthly entry carries it, so a plot draws the very fit that was tested)."""
    return np.arange(len(codes), dtype=float) if paper else (codes - codes[0]).astype(float)


def _monthly_share(month: Any, reporting: Any, paper: bool, tests: Tests) -> dict[str, Any]:
    codes, inverse = np.unique(month, return_inverse=True)
    totals = np.bincount(inverse, minlength=len(codes))
    reports = np.bincount(inverse, weights=reporting.astype(float), minlength=len(codes))
    share = 100.0 * reports / np.maximum(totals, 1)
    t = _time_axis(codes, paper) if len(codes) else codes
    monthly = [
        {"month": month_label(int(c)), "t": _f(x), "models": int(n), "reporting": int(r), "share_percent": _f(s)}
        for c, x, n, r, s in zip(codes, t, totals, reports, share, strict=True)
    ]
    summary: dict[str, Any] = {"months": len(codes)}
    if len(codes):
        top = int(np.argmax(share))
        summary.update(
            max_percent=_f(share[top]),
            max_month=month_label(int(codes[top])),
            pooled_percent=_f(100.0 * reports.sum() / totals.sum()),
            last_percent=_f(share[-1]),
            last_month=month_label(int(codes[-1])),
            median_percent=_f(np.median(share)),
        )
    trend = tests.add(
        "ols_share_trend",
        "Monthly share reporting emissions: OLS slope",
        "OLS y = b0 + b1·t (statsmodels)",
        True,
        lambda: _ols_trend(t, share),
    )
    return {"monthly": monthly, "summary": summary, "trend": trend["id"]}


def _monthly_median(month: Any, emissions: Any, paper: bool, tests: Tests) -> dict[str, Any]:
    order = np.lexsort((emissions, month))
    month, emissions = month[order], emissions[order]
    codes, starts, counts = np.unique(month, return_index=True, return_counts=True)
    medians = np.array([np.median(emissions[s : s + c]) for s, c in zip(starts, counts, strict=True)], dtype=float)
    t = _time_axis(codes, paper) if len(codes) else codes
    monthly = [
        {"month": month_label(int(c)), "t": _f(x), "reporting": int(n), "median_g": _f(m)}
        for c, x, n, m in zip(codes, t, counts, medians, strict=True)
    ]
    summary: dict[str, Any] = {"months": len(codes)}
    if len(codes):
        top = int(np.argmax(medians))
        summary.update(
            max_g=_f(medians[top]),
            max_month=month_label(int(codes[top])),
            mean_of_medians_g=_f(np.mean(medians)),
            last_g=_f(medians[-1]),
            last_month=month_label(int(codes[-1])),
            median_of_medians_g=_f(np.median(medians)),
        )
    trend = tests.add(
        "ols_median_emissions_trend",
        "Monthly median emissions: OLS slope",
        "OLS y = b0 + b1·t (statsmodels)",
        True,
        lambda: _ols_trend(t, medians),
    )
    return {"monthly": monthly, "summary": summary, "trend": trend["id"]}


def _domains(
    names: list[str], domain: Any, reporting: Any, emissions: Any, model_size: Any, tests: Tests
) -> dict[str, Any]:
    table = []
    for code, name in sorted(enumerate(names), key=lambda item: item[1]):
        rows = domain == code
        values = emissions[rows & reporting]
        entry: dict[str, Any] = {"domain": name, "models": int(rows.sum()), "reporting": len(values)}
        entry["share_percent"] = _f(100.0 * len(values) / rows.sum()) if rows.sum() else None
        if len(values):
            q1, median, q3 = np.percentile(values, [25, 50, 75])
            entry.update(median_g=_f(median), q1_g=_f(q1), q3_g=_f(q3), mean_g=_f(np.mean(values)))
        table.append(entry)
    unknown = domain == MISSING
    if unknown.any():
        reported = int((unknown & reporting).sum())
        table.append(
            {
                "domain": None,
                "models": int(unknown.sum()),
                "reporting": reported,
                "share_percent": _f(100.0 * reported / unknown.sum()),
            }
        )

    def group(name: str) -> Any:
        return (domain == names.index(name)) & reporting if name in names else np.zeros_like(reporting)

    cv, nlp = group(CV), group(NLP)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_byte = emissions / model_size
    ids = []
    for test_id, title, values, family in (
        ("mw_domain_cv_nlp", "Emissions: Computer Vision vs NLP", emissions, True),
        ("mw_domain_cv_nlp_per_byte", "Emissions per model byte: Computer Vision vs NLP", per_byte, False),
        ("mw_domain_cv_nlp_model_size", "Model size: Computer Vision vs NLP", model_size, False),
    ):
        x, y = values[cv], values[nlp]
        x, y = x[~np.isnan(x)], y[~np.isnan(y)]
        entry = tests.add(
            test_id,
            title,
            "Mann-Whitney U, two-sided (scipy)" + ("" if family else ", supplementary"),
            family,
            partial(_mann_whitney, x, y, (CV, NLP)),
        )
        ids.append(entry["id"])
    return {"table": table, "tests": ids}


def _label_section(labelled: Any, reference: Reference, paper: bool, models: int) -> dict[str, Any]:
    counts = np.bincount(labelled.labels[labelled.labels >= 0], minlength=len(LETTERS))
    sub: dict[str, Any] = {}
    for name in ATTRIBUTE_ORDER:
        ratings = labelled.ratings[name]
        rated = np.bincount(ratings[ratings >= 0], minlength=len(LETTERS))
        sub[name] = {letter: int(rated[i]) for i, letter in enumerate(LETTERS)}
        sub[name]["missing"] = int((ratings < 0).sum())
    cuts = {}
    for spec in reference.attributes:
        ref = labelled.reference_values[spec.name]
        b = labelled.cuts[spec.name]
        cuts[spec.name] = {
            "cut_space": "√index" if spec.cut_space == "sqrt" else "index",
            "compared": "index (quirk)"
            if (paper and spec.cut_space == "sqrt")
            else ("√index" if spec.cut_space == "sqrt" else "index"),
            "percentiles": list(spec.percentiles),
            "b": [_f(v) for v in b],
            "raw_units": _raw_cuts(spec.better, spec.cut_space, paper, ref, b),
            "unit": spec.unit,
            "weight": spec.weight,
            "reference_value": ref,
            "reference_origin": labelled.reference_origin[spec.name],
        }
    return {
        "models": models,
        "reference_model": reference.reference_model,
        "distribution": {letter: int(counts[i]) for i, letter in enumerate(LETTERS)},
        "unlabelled": int((labelled.labels == MISSING).sum()),
        "sub_ratings": sub,
        "cuts": cuts,
        "notes": labelled.notes,
    }


def _raw_cuts(better: str, space: str, paper: bool, ref: float, cuts: list[float]) -> list[float | None]:
    """The cut-points back in the attribute's unit (a reading aid): what value meets each b."""
    out: list[float | None] = []
    for b in cuts:
        if math.isnan(b) or b <= 0:
            out.append(None)
            continue
        index_cut = b * b if (space == "sqrt" and not paper) else b
        out.append(_f(ref / index_cut if better == "lower" else index_cut * ref))
    return out
