"""Large article text for size tests: the seed articles' clauses recombined into new sentences.

Each sentence joins clauses of random seed sentences, so the text is full of names, titles, places,
dates and meetings, and its lines are not repeats (the normalizer drops repeated lines).

    .venv/bin/python tests/bigtext.py 20000000 /tmp/big.txt             # 20 MB, one paragraph a line
    .venv/bin/python tests/bigtext.py 20000000 /tmp/long.txt --one-line  # 20 MB without a line break
"""

from __future__ import annotations

import random
import re
import sys
from functools import cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_SENTENCE = re.compile(r"[^。！？\n]{6,}[。！？]")
_CLAUSE = re.compile(r"[^，,]+[，,]?")


@cache
def _clauses() -> list[list[str]]:
    sentences = [
        s for path in sorted(SEEDS.glob("*.txt")) for s in _SENTENCE.findall(path.read_text("utf-8"))
    ]
    return [_CLAUSE.findall(s) for s in sentences]


def big_text(size: int, *, one_line: bool = False, seed: int = 7) -> str:
    """About `size` bytes of UTF-8 article text, paragraphs on lines (or all on one line)."""
    rng = random.Random(seed)
    sentences = _clauses()
    paragraphs, total = [], 0
    while total < size:
        paragraph = "".join(_sentence(rng, sentences) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 1
    return ("" if one_line else "\n").join(paragraphs)


def _sentence(rng: random.Random, sentences: list[list[str]]) -> str:
    """The first clauses of one seed sentence and the last clauses of another."""
    head, tail = rng.choice(sentences), rng.choice(sentences)
    cut = rng.randint(1, len(head))
    rest = tail[rng.randint(1, len(tail)) - 1 :]
    return "".join(head[:cut]).rstrip("，,。！？") + "，" + "".join(rest)


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(
        big_text(int(sys.argv[1]), one_line="--one-line" in sys.argv[3:]), encoding="utf-8"
    )
