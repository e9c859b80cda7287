"""A clone stands alone: no file of the project reads, or sends its reader to, a folder beside it
(the source material the data was curated from is not part of the project; data/sources/*.csv names
each source and data/source_fingerprints.txt stands in for its text)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The ways of writing it are in test_the_check_sees_the_ways_of_writing_it; this file is not searched.
BESIDE = re.compile(
    r"\.\.[/\\]shared\b"
    r"|\.parents?(\[\d+\])?\s*/\s*[\"']shared\b"
    r"|[\"']\.\.[\"']\s*,\s*[\"']shared\b"
    r"|/work/shared\b"
)
SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules"}


def project_files() -> list[str]:
    """Files of the project: tracked ones and new ones not ignored (a plain walk without git)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True, text=True,
        ).stdout  # fmt: skip
        return sorted(name for name in listed.split("\0") if name)
    except (OSError, subprocess.CalledProcessError):
        return sorted(
            str(path.relative_to(ROOT))
            for path in ROOT.rglob("*")
            if path.is_file() and not SKIP_DIRS & set(path.relative_to(ROOT).parts)
        )


def text_of(path: Path) -> str | None:
    """The file's text, or None for a binary file (or one deleted but still tracked)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def references_beside(name: str) -> list[str]:
    text = text_of(ROOT / name)
    if text is None:
        return []
    return [
        f"{name}:{number}: {line.strip()[:120]}"
        for number, line in enumerate(text.splitlines(), start=1)
        if BESIDE.search(line)
    ]


def test_no_file_refers_to_a_folder_beside_the_project():
    this = str(Path(__file__).resolve().relative_to(ROOT))
    found = [hit for name in project_files() if name != this for hit in references_beside(name)]
    assert found == [], "files that refer to a shared/ folder beside the project:\n" + "\n".join(found)


def test_the_check_sees_the_ways_of_writing_it():
    up = ".."  # the examples are assembled, so that this file does not itself name the folder
    for line in (
        f"the five reports in `{up}/shared/sources`",
        'sources = Path(schema.DATA_DIR.parent.parent / "shared" / "sources")',
        'shared = ROOT.parent / "shared"  # beside the project',
        f"see {up}\\shared\\DESIGN.md",
        'os.path.join(here, "..", "shared", "sources")',
        "python scripts/build_source_fingerprints.py /work/shared/sources",
    ):
        assert BESIDE.search(line), line
    for line in ("the shared sidebar", "a shared link", "st.cache_resource (one shared copy)", "shared/x"):
        assert not BESIDE.search(line), line
    assert len(project_files()) > 20 and "app.py" in project_files()
