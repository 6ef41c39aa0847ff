"""The least a Python + libyaml card linter can do over a folder: a floor for bench_check.py.

Reads every card below FOLDER, finds the front matter with the Hub's regex and composes
it with libyaml. No rules, no positions, no output. With --jsonschema it also imports
jsonschema, which hfcarbon-lint loads (issue #2: "validate with it") as soon as one card
holds an invalid value, as the real-card corpus does.

    python3 benchmarks/corpus_floor.py FOLDER [--jsonschema]
"""

from __future__ import annotations

import os
import re
import sys

import yaml

BLOCK = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")


def main() -> int:
    if "--jsonschema" in sys.argv:
        import jsonschema  # noqa: F401 - the import is what is measured

    cards = 0
    for root, _dirs, files in os.walk(sys.argv[1]):
        for name in files:
            with open(os.path.join(root, name), "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
            match = BLOCK.search(text)
            if match:
                try:
                    yaml.compose(match.group(2), Loader=yaml.CSafeLoader)
                except yaml.YAMLError:
                    pass
            cards += 1
    print(cards)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
