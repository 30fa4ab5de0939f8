"""Accuracy on the shared gold, split the way rules are written: seeds+corpus (the rules' origin),
dev-work (read while writing rules) and dev-aside (never read: a third of dev, four articles from
each region). Trust dev-aside over the rest.

usage: .venv/bin/python scripts/accuracy.py [--shared ../shared] [--verbose SPLIT]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg import api
from kg.evaluate import CATEGORIES

ASIDE = {f"{region}{n:02d}" for region in "abc" for n in range(9, 13)}


def split_of(gold_file: Path) -> str:
    if gold_file.parent.name != "dev":
        return "seeds+corpus"
    return "dev-aside" if gold_file.stem in ASIDE else "dev-work"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--verbose", metavar="SPLIT", help="print the errors of this split")
    args = parser.parse_args()
    gold = args.shared / "gold"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        api.build([args.shared / "seeds", args.shared / "corpus", args.shared / "dev"], out, html=False)
        splits: dict[str, Path] = {}
        for path in sorted(gold.rglob("*.json")):
            folder = splits.setdefault(split_of(path), Path(tmp) / split_of(path))
            folder.mkdir(exist_ok=True)
            (folder / path.name).symlink_to(path.resolve())
        splits["all"] = gold
        print(f"{'split':14}" + "".join(f"{c[:12]:>13}" for c in CATEGORIES) + f"{'macro':>8}")
        for name, folder in splits.items():
            report = api.evaluate(folder, out)
            row = "".join(f"{report.scores[c].f1:13.3f}" for c in CATEGORIES)
            print(f"{name:14}{row}{report.macro_f1:8.3f}")
            if args.verbose == name:
                for doc, category, missing, extra in report.errors:
                    print(f"  {doc} {category}: missing {missing} extra {extra}")


if __name__ == "__main__":
    main()
