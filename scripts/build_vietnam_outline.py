"""Build assets/vietnam_outline.json: Vietnam's outline from Natural Earth, via the npm package world-atlas.

Usage (the tarball is not committed; fetch it with npm, which needs the network once):

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2
    .venv/bin/python scripts/build_vietnam_outline.py /that/dir/world-atlas-2.0.2.tgz

The argument may also be the extracted package folder, or one countries-*.json file (then everything comes
from that file). From the package, "Vietnam" is taken from the 1:50m file (--vietnam-scale, default 50m:
at the dashboard's scale the 1:10m coast draws the Mekong's islands as thin slivers that look like lines)
and "Spratly Is." from the 1:10m file (the only one that has it). The TopoJSON is decoded here in plain
Python (quantized, delta-encoded arcs and the topology's transform), and the rings are lightly simplified:
coordinates rounded to 3 decimals, a point dropped when it is closer than --min-step degrees to the last
one kept, and rings that shrink to a speck dropped (except the islands of Trường Sa, kept however small).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tarfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "vietnam_outline.json"
VIETNAM = "Vietnam"
SPRATLY = "Spratly Is."

Ring = list[list[float]]


def read_topology(path: Path, file_name: str) -> tuple[dict[str, Any], str] | None:
    """The TopoJSON object `file_name` from a package tarball or folder (None when it is not there), or the
    object in `path` itself when path is a .json file."""
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8")), path.name
    if path.is_dir():
        found = [p for p in (path / file_name, path / "package" / file_name) if p.is_file()]
        return (json.loads(found[0].read_text(encoding="utf-8")), file_name) if found else None
    with tarfile.open(path, "r:*") as tar:
        for member in tar.getmembers():
            if member.isfile() and Path(member.name).name == file_name:
                handle = tar.extractfile(member)
                if handle is not None:
                    return json.loads(handle.read().decode("utf-8")), file_name
    return None


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Every arc as absolute [lon, lat] points (undoing the delta encoding and the quantization)."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        if transform is None:
            points = [(float(p[0]), float(p[1])) for p in arc]
        else:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for p in arc:
                x += int(p[0])
                y += int(p[1])
                points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from its arc indices: a negative index ~i means arc i reversed; shared end points once."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def feature_rings(
    geometry: dict[str, Any], arcs: list[list[tuple[float, float]]]
) -> list[list[tuple[float, float]]]:
    """All rings (outer rings and holes alike) of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise SystemExit(f"unexpected geometry type {geometry['type']!r}")
    return [ring_points(ring, arcs) for polygon in polygons for ring in polygon]


def simplify(points: list[tuple[float, float]], min_step: float, *, keep_specks: bool) -> Ring | None:
    """Round to 3 decimals and drop points closer than min_step to the previous kept point.

    Returns None for a ring that collapses to fewer than 4 points (unless keep_specks, which keeps the
    rounded ring however small: the Trường Sa islands are a few hundred metres across)."""
    rounded = [[round(x, 3), round(y, 3)] for x, y in points]
    kept: Ring = [rounded[0]]
    for point in rounded[1:-1]:
        last = kept[-1]
        if math.hypot(point[0] - last[0], point[1] - last[1]) >= min_step:
            kept.append(point)
    kept.append(rounded[-1])  # close the ring on its first point
    if len(kept) >= 4:
        return kept
    if not keep_specks:
        return None
    unique = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return unique if len(unique) >= 3 else None


def extract(topology: dict[str, Any], name: str) -> list[list[tuple[float, float]]] | None:
    """The rings of the feature called `name` in the topology's "countries" object (None if absent)."""
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("properties", {}).get("name") == name:
            return feature_rings(geometry, decode_arcs(topology))
    return None


def build(path: Path, min_step: float, vietnam_scale: str = "50m") -> dict[str, Any]:
    vietnam_file = f"countries-{vietnam_scale}.json"
    main = read_topology(path, vietnam_file)
    if main is None:
        raise SystemExit(f"{path}: no {vietnam_file}")
    spratly_source = main if path.suffix == ".json" else read_topology(path, "countries-10m.json")
    vietnam = extract(main[0], VIETNAM)
    if vietnam is None:
        raise SystemExit(f"no feature named {VIETNAM!r} in {main[1]}")
    spratly = extract(spratly_source[0], SPRATLY) if spratly_source else None
    described = f"{VIETNAM!r} from {main[1]}"
    if spratly is not None and spratly_source is not None:
        described += f", {SPRATLY!r} from {spratly_source[1]}"
    return {
        "source": (
            "Natural Earth Admin 0 countries (v4.1.0) as TopoJSON, npm package world-atlas@2.0.2: "
            f"{described}. Rounded to 3 decimals; points closer than {min_step} degrees dropped "
            "(scripts/build_vietnam_outline.py)."
        ),
        "licence": (
            "Natural Earth data is in the public domain "
            "(https://www.naturalearthdata.com/about/terms-of-use/); "
            "world-atlas is ISC-licensed, Copyright 2013-2019 Michael Bostock."
        ),
        "coordinates": "[longitude, latitude] in decimal degrees (WGS 84)",
        "vietnam": [r for r in (simplify(r, min_step, keep_specks=False) for r in vietnam) if r is not None],
        "spratly": [
            r for r in (simplify(r, min_step, keep_specks=True) for r in spratly or []) if r is not None
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("source", type=Path, help="world-atlas-2.0.2.tgz, its folder, or a countries-*.json")
    parser.add_argument("--vietnam-scale", choices=("50m", "10m", "110m"), default="50m")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-step", type=float, default=0.02, help="degrees (default 0.02)")
    args = parser.parse_args(argv)
    outline = build(args.source, args.min_step, args.vietnam_scale)
    text = json.dumps(outline, ensure_ascii=False, separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    n_points = sum(len(r) for key in ("vietnam", "spratly") for r in outline[key])
    print(
        f"{args.out}: {len(outline['vietnam'])} Vietnam rings, {len(outline['spratly'])} Spratly rings, "
        f"{n_points} points, {len(text) + 1} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
