"""Writing the label images: one for ``label --svg``, optionally placed in a card; one per model for an audit."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from hfcarbon_lint.hub.results import ModelOutcome
from hfcarbon_lint.label.compute import LabelResult
from hfcarbon_lint.lint.engine import CardReport
from hfcarbon_lint.pictures.cardimage import CardImageError, Placement, place_image
from hfcarbon_lint.pictures.label_svg import alt_text, label_svg

DEFAULT_IMAGE = "carbon-label.svg"


class ImageError(Exception):
    """An image or the card cannot be written; the message is one line (the command exits 2)."""


def model_name(report: CardReport) -> str:
    """What the label calls the model: the Hub repo id, else the folder of a README.md, else the file's stem."""
    if report.remote and report.remote.get("repo_id"):
        return str(report.remote["repo_id"])
    if report.target == "-":
        return "model"
    path = Path(report.target).resolve()
    if path.name.lower() in ("readme.md", "model_card.md") and path.parent.name:
        return path.parent.name
    return path.stem


def image_beside(card: Path, svg: Path | None) -> Path:
    """Where ``--write CARD`` puts the image: beside the card, named as ``--svg`` says (or the default)."""
    if svg is None:
        return card.parent / DEFAULT_IMAGE
    if svg.parent != Path(".") and svg.parent.resolve() != card.parent.resolve():
        raise ImageError(f"--svg {svg}: with --write, the image is written beside the card; give a file name only")
    return card.parent / svg.name


def write_svg(path: Path, content: str) -> None:
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise ImageError(f"{path}: {exc.strerror or exc}") from None


def write_label_image(
    result: LabelResult, model: str, svg: Path | None, card: Path | None = None
) -> tuple[Path, Placement | None]:
    """Write the label image (to ``svg``, or beside ``card``) and, with ``card``, place it in the card."""
    path = image_beside(card, svg) if card is not None else svg
    if path is None:
        raise ImageError("no image file named: give --svg FILE or --write CARD")
    write_svg(path, label_svg(result, model))
    if card is None:
        return path, None
    try:
        return path, place_image(card, path.name, alt_text(result, model))
    except CardImageError as exc:
        raise ImageError(str(exc)) from None


def image_name(repo_id: str) -> str:
    """A model's image file name, ``org--model.svg``: any character but a letter, digit, ``-``, ``_`` or ``.``
    becomes ``_``, and a leading dot too, so the name stays in the folder and is never hidden."""
    name = re.sub(r"[^A-Za-z0-9_.\-]", "_", repo_id.replace("/", "--"))
    return ("_" + name[1:] if name.startswith(".") else name)[:200] + ".svg"


def write_audit_labels(outcomes: Iterable[ModelOutcome], folder: Path) -> int:
    """One label image per checked model that has a label result, in ``folder``; how many were written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImageError(f"{folder}: {exc.strerror or exc}") from None
    written = 0
    for outcome in outcomes:
        report = outcome.report
        if report is None or not isinstance(report.label, LabelResult):
            continue
        write_svg(folder / image_name(outcome.repo_id), label_svg(report.label, outcome.repo_id))
        written += 1
    return written
