"""Put the label image in a card, once: ``label ... --svg FILE --write README.md``.

The image goes between two HTML comments, so a second run replaces the block it wrote instead
of adding another (the card changes only when the label does). A card without the block gets
it under its ``Environmental Impact`` heading when it has one (where the Hub's template puts
the carbon figures), else at its end. Every other byte of the card is kept (the editor behind
``--fix``); the write is atomic and refuses a card changed on disk meanwhile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hfcarbon_lint.base.diagnostics import Edit
from hfcarbon_lint.base.escaping import for_markdown
from hfcarbon_lint.base.files import MAX_CARD_SIZE, read_card
from hfcarbon_lint.editing.textedit import apply_edits, atomic_write, encode
from hfcarbon_lint.parsing.source import SourceText, UnreadableCard
from hfcarbon_lint.pictures.badge import markdown_target

START = "<!-- hfcarbon-lint:label -->"
END = "<!-- /hfcarbon-lint:label -->"
_BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+Environmental[ \t]+Impact[ \t#]*$", re.IGNORECASE | re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", re.DOTALL)


class CardImageError(Exception):
    """The card cannot take the image (unreadable, too big, not UTF-8); the message is one line."""


@dataclass(frozen=True)
class Placement:
    changed: bool  # False: the card already held this very block
    where: str  # "replaced", "under Environmental Impact", "at the end"


def image_block(image: str, alt: str) -> str:
    return f"{START}\n![{for_markdown(alt)}]({markdown_target(image)})\n{END}"


def place_in_text(text: str, block: str) -> tuple[Edit | None, str]:
    """The one edit (normalised text offsets) that puts ``block`` in the card, and where it goes."""
    found = _BLOCK.search(text)
    if found is not None:
        if found.group() == block:
            return None, "replaced"
        return Edit(found.start(), found.end(), block), "replaced"
    front = _FRONT_MATTER.match(text)
    body_start = front.end() if front is not None else 0
    heading = _HEADING.search(text, body_start)
    if heading is not None:
        end = heading.end()
        return Edit(end, end, "\n\n" + block), "under Environmental Impact"
    end = len(text)
    lead = "" if text.endswith("\n\n") or not text else ("\n" if text.endswith("\n") else "\n\n")
    return Edit(end, end, lead + block + "\n"), "at the end"


def place_image(card: Path, image: str, alt: str) -> Placement:
    """Write the image block into ``card`` (``image`` is the link target, relative to the card)."""
    try:
        raw = read_card(card)
    except OSError as exc:
        raise CardImageError(f"{card}: {exc.strerror or exc}") from None
    if len(raw) > MAX_CARD_SIZE:
        raise CardImageError(f"{card}: larger than {MAX_CARD_SIZE:,} bytes; not a model card")
    try:
        source = SourceText.from_bytes(str(card), raw)
    except UnreadableCard as exc:
        raise CardImageError(f"{card}: {exc}") from None
    edit, where = place_in_text(source.text, image_block(image, alt))
    if edit is None:
        return Placement(False, where)
    data = encode(source, apply_edits(source, [edit]))
    try:
        atomic_write(card, data, expected=raw)
    except OSError as exc:
        raise CardImageError(f"{card}: {exc.strerror or exc}") from None
    return Placement(True, where)
