"""Build data/source_fingerprints.txt: hashes of the source text, so that every clone can check that the
notes we write are ours without holding the sources.

Load inputs: the folder of source material (not part of the project): the five reports (`*.txt`, whole
text) and `supplementary-facts.tsv` (of each fact, the page's `title` and the quoted excerpt `quote`; the
other columns are the collector's descriptions and the page address, not text of the source).
Process: normalise the text (Unicode NFC, lower case; a word is a run of letters or digits, Vietnamese
letters with their diacritics included), take every run of 8 consecutive words, hash it.
Save: the first 12 hex digits of the SHA-256 of each run, sorted, one a line, after a short header.

Run: python scripts/build_source_fingerprints.py SOURCES_DIR

tests/test_dataset.py imports `words`, `runs`, `fingerprint` and `read_fingerprints` from here, so the
check and the build normalise the same way.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "source_fingerprints.txt"
RUN = 8  # words in a run
DIGITS = 12  # hex digits of SHA-256 kept
TSV = "supplementary-facts.tsv"
TSV_COLUMNS = ("title", "quote")

_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: "đồng", "29", "khuyến"


def words(text: str) -> list[str]:
    """The words of a text, normalised: NFC, lower case, runs of letters or digits ("2,6" is two words)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def runs(text: str, size: int = RUN) -> list[str]:
    """Every run of `size` consecutive words of the text, each joined by single spaces."""
    found = words(text)
    return [" ".join(found[i : i + size]) for i in range(len(found) - size + 1)]


def fingerprint(run: str) -> str:
    """The fingerprint of one run of words."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:DIGITS]


def read_fingerprints(path: Path = OUT) -> set[str]:
    """The fingerprints of a file this script wrote (header lines start with #)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def copied_runs(text: str, fingerprints: set[str]) -> list[str]:
    """The runs of 8 words of `text` whose fingerprint is in `fingerprints`."""
    return [run for run in runs(text) if fingerprint(run) in fingerprints]


def source_texts(folder: Path) -> Iterable[tuple[str, str]]:
    """(file name, text) for every piece of source text: each report whole, each cell kept of the TSV."""
    reports = sorted(folder.glob("*.txt"))
    if not reports or not (folder / TSV).is_file():
        raise SystemExit(f"{folder} does not hold the source reports (*.txt) and {TSV}")
    for path in reports:
        yield path.name, path.read_text(encoding="utf-8")
    with (folder / TSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            for column in TSV_COLUMNS:
                yield TSV, row[column] or ""


def build(folder: Path) -> tuple[list[str], list[str]]:
    """(sorted fingerprints, names of the files read with the SHA-256 of each)."""
    prints = {fingerprint(run) for _, text in source_texts(folder) for run in runs(text)}
    files = sorted({name for name, _ in source_texts(folder)})
    read = [f"{name} sha256:{hashlib.sha256((folder / name).read_bytes()).hexdigest()}" for name in files]
    return sorted(prints), read


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python scripts/build_source_fingerprints.py SOURCES_DIR")
    prints, read = build(Path(argv[0]))
    header = [
        f"# Fingerprints of the source text: the first {DIGITS} hex digits of the SHA-256 of every run of",
        f"# {RUN} consecutive words (NFC, lower case, words = runs of letters or digits) of the five source",
        f"# reports and of the page titles and quoted excerpts of {TSV}. tests/test_dataset.py checks",
        "# that no note of ours contains such a run. The sources themselves are not part of the project.",
        "# Made by: python scripts/build_source_fingerprints.py SOURCES_DIR, from:",
        *(f"#   {line}" for line in read),
    ]
    OUT.write_text("\n".join([*header, *prints]) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(prints)} fingerprints from {len(read)} files")


if __name__ == "__main__":
    main(sys.argv[1:])
