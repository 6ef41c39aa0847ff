"""Print one of the two set-up commands at the top of README.md: `install` (first) or `test` (second).

.ci/run uses it so CI runs exactly what the README tells a new user to run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def commands(text: str) -> list[str]:
    head = text.split("\n---\n", 1)[0]  # only the set-up block at the very top counts
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", head, re.DOTALL)]


def main(argv: list[str]) -> int:
    found = commands(README.read_text(encoding="utf-8"))
    if len(found) != 2 or len(argv) != 1 or argv[0] not in ("install", "test"):
        print("readme_commands: expected two ```bash blocks at the top of README.md and one argument: install|test", file=sys.stderr)
        return 2
    print(found[0] if argv[0] == "install" else found[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
