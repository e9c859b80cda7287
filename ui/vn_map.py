"""A province map of Vietnam drawn on ordinary x/y axes, so it needs no basemap and no internet.

plotly's geo and map traces fetch their basemaps from a CDN and render blank on an offline network, so
this module draws everything as plain 'scatter' traces: the outline of Vietnam (Natural Earth, public
domain, via the npm package world-atlas; see assets/README.md and scripts/build_vietnam_outline.py), the
islands of Hoàng Sa and Trường Sa with their labels, and one marker per province at its centroid,
coloured by value on a sequential scale, or grey where there is no value (never drawn as zero).

No Streamlit here, so the figure is easy to test.
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

OUTLINE_PATH = Path(__file__).resolve().parent.parent / "assets" / "vietnam_outline.json"

SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly: decimal mark, then thousands mark
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "no_data": "Không có số liệu",
        "hoang_sa": "Quần đảo Hoàng Sa (Đà Nẵng)",
        "truong_sa": "Quần đảo Trường Sa (Khánh Hòa)",
        "east_sea": "BIỂN ĐÔNG",
    },
    "en": {
        "no_data": "No data",
        "hoang_sa": "Hoang Sa archipelago (Da Nang)",
        "truong_sa": "Truong Sa archipelago (Khanh Hoa)",
        "east_sea": "EAST SEA",
    },
}
MAP_IDS = ("63", "34")

# Approximate positions [lon, lat] of some islands, reefs and cays (public gazetteer coordinates), drawn as
# small markers: at this scale the islands are far smaller than a pixel. world-atlas has no Hoàng Sa
# feature at all, and its "Spratly Is." feature (kept in the outline) is only a few specks.
HOANG_SA: tuple[tuple[float, float], ...] = (
    (112.339, 16.834),  # Phú Lâm
    (112.265, 16.979),  # Cây
    (112.728, 16.668),  # Linh Côn
    (111.607, 16.535),  # Hoàng Sa
    (111.507, 16.447),  # Quang Ảnh
    (111.711, 16.449),  # Quang Hòa
    (111.202, 15.784),  # Tri Tôn
    (112.530, 16.040),  # Bông Bay
)
TRUONG_SA: tuple[tuple[float, float], ...] = (
    (111.917, 8.644),  # Trường Sa (Trường Sa Lớn)
    (114.331, 11.429),  # Song Tử Tây
    (114.284, 11.054),  # Thị Tứ
    (114.478, 10.377),  # Sơn Ca
    (114.365, 10.377),  # Ba Bình
    (114.361, 10.182),  # Nam Yết
    (114.329, 9.883),  # Sinh Tồn
    (113.683, 8.967),  # Phan Vinh
    (112.918, 7.891),  # An Bang
)
HOANG_SA_LABEL_AT = (111.95, 17.35)
TRUONG_SA_LABEL_AT = (113.7, 12.0)
EAST_SEA_LABEL_AT = (112.6, 14.0)

X_RANGE = (101.9, 116.2)
Y_RANGE = (7.4, 23.7)
ASPECT = 1 / math.cos(math.radians(16))  # y units per x unit on screen: 1° lon ≈ cos(16°) × 1° lat
HEIGHT = 900

SEA = "#EEF4F9"
LAND = "#FBF8EF"
BORDER = "#8A97A6"
LEADER = "#3E4C59"
ISLAND = "#52606D"
LABEL_TEXT = "#1F2933"
NO_DATA_GREY = "#B8BEC6"
HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff, 0 0 3px #fff"
COLORSCALE = [[0.0, "#C7E9B4"], [0.35, "#41B6C4"], [0.7, "#225EA8"], [1.0, "#081D58"]]

Point = tuple[float, float]
Ring = tuple[Point, ...]


@dataclass(frozen=True)
class Outline:
    vietnam: tuple[Ring, ...]
    spratly: tuple[Ring, ...]
    source: str
    licence: str


def _rings(raw: Iterable[Sequence[Sequence[float]]]) -> tuple[Ring, ...]:
    return tuple(tuple((float(p[0]), float(p[1])) for p in ring) for ring in raw)


@functools.cache
def load_outline(path: Path = OUTLINE_PATH) -> Outline:
    """The outline of Vietnam (rings of (lon, lat)), read once."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Outline(
        vietnam=_rings(raw["vietnam"]),
        spratly=_rings(raw.get("spratly", [])),
        source=str(raw.get("source", "")),
        licence=str(raw.get("licence", "")),
    )


def _with_gaps(rings: Iterable[Ring]) -> tuple[list[float | None], list[float | None]]:
    """x and y of several rings in one trace, separated by None (fill='toself' fills each one)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(p[0] for p in ring)
        ys.extend(p[1] for p in ring)
    return xs, ys


def _labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["vi"])


def _names(provinces: pd.DataFrame, lang: str) -> list[str]:
    """Province names in the page's language, escaped for plotly's HTML-like text."""
    column = "name_en" if lang == "en" and "name_en" in provinces.columns else "name"
    names = provinces[column].where(provinces[column].notna() & (provinces[column] != ""), provinces["name"])
    return [html.escape(str(n)) for n in names]


def _hover(name: str, line: str, extra: str | None) -> str:
    text = f"<b>{name}</b><br>{line}"
    return f"{text}<br>{extra}" if extra else text


def _color_range(values: Sequence[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:  # one value (or all equal): a range that still includes it
        low, high = min(low, 0.0), max(high, 0.0)
        if low == high:
            high = low + 1.0
    return low, high


# The figure's height fixes its scale (when the page is wide enough for it), so labels can be laid out
# in pixels before plotly draws them.
PX_PER_LAT = (HEIGHT - 20) / (Y_RANGE[1] - Y_RANGE[0])
PX_PER_LON = PX_PER_LAT / ASPECT
CHAR_WIDTH = 0.56  # of the font size, roughly, for Vietnamese names in plotly's default font
CALLOUT_COST = 120.0  # px² of overlap a label may have before it is moved away on a leader line
DISTANCE_COST = 1.0  # per pixel of leader line
CALLOUT_DISTANCES = (10, 20, 30, 40, 50, 60, 70)  # pixels beyond the marker
REPAIR_OVERLAP = 0.0  # px² of overlap with another name that makes a name move again

Box = tuple[float, float, float, float]  # x0, x1, y0, y1 in pixels, y up
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class LabelSpot:
    """Where a province's name goes: dx, dy pixels (right, up) from its marker to the text's anchor."""

    dx: float
    dy: float
    xanchor: str
    yanchor: str
    arrow: bool


def _spots(marker: float) -> list[tuple[LabelSpot, float]]:
    """Candidate spots with their cost, cheapest first: beside the marker, then further away on a
    leader line (nearer is cheaper)."""
    near = marker / 2 + 3
    diagonal = near * 0.75
    spots = [
        (LabelSpot(near, 0, "left", "middle", False), 0.0),
        (LabelSpot(-near, 0, "right", "middle", False), 1.0),
        (LabelSpot(0, near, "center", "bottom", False), 2.0),
        (LabelSpot(0, -near, "center", "top", False), 3.0),
        (LabelSpot(diagonal, diagonal, "left", "bottom", False), 4.0),
        (LabelSpot(diagonal, -diagonal, "left", "top", False), 5.0),
        (LabelSpot(-diagonal, diagonal, "right", "bottom", False), 6.0),
        (LabelSpot(-diagonal, -diagonal, "right", "top", False), 7.0),
    ]
    for distance in (marker + d for d in CALLOUT_DISTANCES):
        for step in range(16):
            dx, dy = distance * math.cos(math.pi * step / 8), distance * math.sin(math.pi * step / 8)
            cost = CALLOUT_COST + DISTANCE_COST * distance
            spots.append((LabelSpot(dx, dy, "center", "middle", True), cost))
    return spots


def _box(x: float, y: float, spot: LabelSpot, width: float, height: float) -> Box:
    ax, ay = x + spot.dx, y + spot.dy
    x0 = {"left": ax, "right": ax - width}.get(spot.xanchor, ax - width / 2)
    y0 = {"bottom": ay, "top": ay - height}.get(spot.yanchor, ay - height / 2)
    return x0, x0 + width, y0, y0 + height


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[2], b[2]))


def _inside(point: Point, box: Box) -> bool:
    return box[0] <= point[0] <= box[1] and box[2] <= point[1] <= box[3]


def _crosses(a: Segment, b: Segment) -> bool:
    """Whether two segments cross (touching ends do not count)."""

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (q1, q2) = a, b
    return side(p1, p2, q1) * side(p1, p2, q2) < 0 and side(q1, q2, p1) * side(q1, q2, p2) < 0


def _samples(segment: Segment, start: float) -> list[Point]:
    """Points along a leader line, from `start` pixels after its first end."""
    (x1, y1), (x2, y2) = segment
    length = math.dist(segment[0], segment[1]) or 1.0
    return [
        (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t)
        for t in (start / length + k * (1 - start / length) / 8 for k in range(9))
    ]


def _to_px(point: Point) -> Point:
    return (point[0] - X_RANGE[0]) * PX_PER_LON, (point[1] - Y_RANGE[0]) * PX_PER_LAT


@functools.lru_cache(maxsize=64)  # a rerun of the page with the same data lays the labels out once
def place_labels(
    points: tuple[Point, ...],
    names: tuple[str, ...],
    obstacles: tuple[Point, ...],
    marker: float,
    font: float,
) -> tuple[LabelSpot, ...]:
    """A spot for each marker's name so that names overlap each other and the markers as little as
    possible: beside the marker when there is room, otherwise a little further away on a thin leader line
    that crosses as little as possible. Greedy (most crowded marker first), then a few passes that move
    each name again knowing where all the others went. `points` and `obstacles` (every marker drawn,
    including these) are (lon, lat); the layout is in pixels at the figure's fixed scale."""
    half = marker / 2
    obstacle_px = [_to_px(p) for p in obstacles]
    pixels = [_to_px(p) for p in points]
    crowd = [sum(math.dist(p, q) < 4 * marker for q in obstacle_px) for p in pixels]
    spots = _spots(marker)
    reach = max(math.hypot(spot.dx, spot.dy) for spot, _ in spots) + 20 * font  # beyond it nothing can meet
    sizes = [(len(html.unescape(name)) * CHAR_WIDTH * font + 4, font * 1.3 + 2) for name in names]
    boxes: dict[int, Box] = {}
    leaders: dict[int, Segment] = {}
    leader_points: dict[int, list[Point]] = {}
    chosen: dict[int, LabelSpot] = {}

    def best_spot(index: int) -> tuple[float, LabelSpot]:
        x, y = pixels[index]
        width, height = sizes[index]
        area: Box = (x - reach, x + reach, y - reach, y + reach)
        near_labels = [b for i, b in boxes.items() if i != index and _overlap(b, area) > 0]
        near_markers = [
            (mx - half, mx + half, my - half, my + half)
            for mx, my in obstacle_px
            if (mx, my) != (x, y) and abs(mx - x) < reach and abs(my - y) < reach
        ]
        near_leaders = [segment for i, segment in leaders.items() if i != index]
        near_points = [p for i, ps in leader_points.items() if i != index for p in ps if _inside(p, area)]
        best: tuple[float, LabelSpot] | None = None
        for spot, penalty in spots:
            box = _box(x, y, spot, width, height)
            cost = (
                penalty
                + 3 * sum(_overlap(box, other) for other in near_labels)
                + 2 * sum(_overlap(box, other) for other in near_markers)
                + 40 * sum(_inside(p, box) for p in near_points)
            )
            if spot.arrow and cost < (best[0] if best else math.inf):
                leader = ((x, y), (x + spot.dx, y + spot.dy))
                cost += 400 * sum(_crosses(leader, other) for other in near_leaders)
                along = _samples(leader, half + 1)
                cost += 40 * sum(_inside(p, other) for p in along for other in (*near_labels, *near_markers))
            if best is None or cost < best[0]:
                best = (cost, spot)
            if cost == penalty:  # nothing in the way: spots come cheapest first, so this one is the best
                break
        assert best is not None
        return best

    def put(index: int, spot: LabelSpot) -> None:
        x, y = pixels[index]
        chosen[index] = spot
        boxes[index] = _box(x, y, spot, *sizes[index])
        leaders.pop(index, None)
        leader_points.pop(index, None)
        if spot.arrow:
            leaders[index] = ((x, y), (x + spot.dx, y + spot.dy))
            leader_points[index] = _samples(leaders[index], half)

    order = sorted(range(len(points)), key=lambda i: -crowd[i])
    for index in order:
        put(index, best_spot(index)[1])
    for _ in range(3):
        moved = False
        for index in order:
            box = boxes[index]
            if not any(_overlap(box, other) > REPAIR_OVERLAP for i, other in boxes.items() if i != index):
                continue  # only names that still overlap another name are moved again
            spot = best_spot(index)[1]
            if spot != chosen[index]:
                put(index, spot)
                moved = True
        if not moved:
            break
    return tuple(chosen[i] for i in range(len(points)))


def _label_position(spot: LabelSpot, marker: float) -> dict[str, float | str | bool]:
    """plotly annotation settings that put a name at `spot` (y up there, y down for plotly's ay)."""
    if spot.arrow:
        return {
            "showarrow": True,
            "ax": spot.dx,
            "ay": -spot.dy,
            "arrowhead": 0,
            "arrowwidth": 0.8,
            "arrowcolor": LEADER,
            "standoff": marker / 2,
        }
    return {
        "showarrow": False,
        "xshift": spot.dx,
        "yshift": spot.dy,
        "xanchor": spot.xanchor,
        "yanchor": spot.yanchor,
    }


def province_map(
    values: pd.DataFrame,
    geography: pd.DataFrame,
    map_id: str,
    lang: str,
    *,
    value_label: str,
    unit_label: str,
    format_value: Callable[[float], str],
    hover_extra: dict[str, str] | None = None,
) -> go.Figure:
    """Province markers of the 63-province or 34-province map inside an outline of Vietnam.

    `values` has one row per province (geo_code, value); rows for provinces of the other map are ignored
    and a NaN value counts as no data. `geography` is data/geography.csv (geo_code, map, name, name_en,
    lat, lon). value_label and unit_label are plain text in the page's language; format_value turns a
    number into the text shown on hover; hover_extra maps geo_code to extra hover lines (already escaped).
    """
    if map_id not in MAP_IDS:
        raise ValueError(f"map_id must be one of {MAP_IDS}, not {map_id!r}")
    labels = _labels(lang)
    extra = hover_extra or {}

    provinces = geography[geography["map"].astype(str) == map_id]
    provinces = provinces[provinces["lat"].notna() & provinces["lon"].notna()]
    given = values[["geo_code", "value"]].copy()
    given["value"] = pd.to_numeric(given["value"], errors="coerce")
    given = given[given["value"].notna() & given["geo_code"].isin(provinces["geo_code"])]
    duplicated = given["geo_code"][given["geo_code"].duplicated()]
    if not duplicated.empty:
        raise ValueError(f"more than one value for {', '.join(sorted(set(duplicated)))}")
    merged = provinces.merge(given, on="geo_code", how="left")
    with_value = merged[merged["value"].notna()]
    without = merged[merged["value"].isna()]

    fig = go.Figure()
    notes: list[dict[str, Any]] = []  # annotations, set at once (add_annotation one by one is quadratic)
    outline = load_outline()
    xs, ys = _with_gaps((*outline.vietnam, *outline.spratly))
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=LAND,
        line={"color": BORDER, "width": 0.8},
        hoverinfo="skip",
        showlegend=False,
        meta="outline",
    )
    for key, islands, (label_x, label_y) in (
        ("hoang_sa", HOANG_SA, HOANG_SA_LABEL_AT),
        ("truong_sa", TRUONG_SA, TRUONG_SA_LABEL_AT),
    ):
        label = html.escape(labels[key])
        fig.add_scatter(
            x=[p[0] for p in islands],
            y=[p[1] for p in islands],
            mode="markers",
            marker={"size": 4, "color": ISLAND, "symbol": "circle"},
            hovertext=[label] * len(islands),
            hoverinfo="text",
            showlegend=False,
            meta=f"{key}_islands",
        )
        notes.append(
            {
                "x": label_x,
                "y": label_y,
                "text": label,
                "showarrow": False,
                "font": {"size": 11, "color": LABEL_TEXT, "shadow": HALO},
                "hovertext": label,
                "name": key,
            }
        )
    notes.append(
        {
            "x": EAST_SEA_LABEL_AT[0],
            "y": EAST_SEA_LABEL_AT[1],
            "text": f"<i>{html.escape(labels['east_sea'])}</i>",
            "showarrow": False,
            "font": {"size": 13, "color": "#7A97B0"},
            "name": "east_sea",
        }
    )

    big = map_id == "34"
    size = 19 if big else 14
    no_data = html.escape(labels["no_data"])
    no_data_codes = without["geo_code"].tolist()
    fig.add_scatter(
        x=without["lon"].tolist(),
        y=without["lat"].tolist(),
        mode="markers",
        marker={"size": size - 3, "color": NO_DATA_GREY, "line": {"width": 1, "color": "white"}},
        name=no_data,
        customdata=no_data_codes,
        hovertext=[
            _hover(name, no_data, extra.get(code))
            for name, code in zip(_names(without, lang), no_data_codes, strict=True)
        ],
        hoverinfo="text",
        meta="no_data",
        showlegend=bool(no_data_codes),
    )
    with_value = with_value.sort_values("value", ascending=False, kind="stable")  # big values labelled first
    numbers = [float(v) for v in with_value["value"]]
    codes = with_value["geo_code"].tolist()
    names = _names(with_value, lang)
    points = list(zip(with_value["lon"].astype(float), with_value["lat"].astype(float), strict=True))
    all_points = list(zip(merged["lon"].astype(float), merged["lat"].astype(float), strict=True))
    font = 11 if big else 10
    low, high = _color_range(numbers) if numbers else (0.0, 1.0)
    value_name = html.escape(value_label)
    hovers = [
        _hover(name, f"{value_name}: {html.escape(format_value(number))}", extra.get(code))
        for name, number, code in zip(names, numbers, codes, strict=True)
    ]
    fig.add_scatter(
        x=[p[0] for p in points],
        y=[p[1] for p in points],
        mode="markers",
        marker={
            "size": size,
            "color": numbers,
            "colorscale": COLORSCALE,
            "cmin": low,
            "cmax": high,
            "line": {"width": 1, "color": "white"},
            "showscale": bool(numbers),
            "colorbar": {
                "title": {"text": f"{value_name}<br>({html.escape(unit_label)})", "side": "top"},
                "tickformat": ",~f",
                "exponentformat": "none",
                "thickness": 14,
                "len": 0.3,
                "x": 0.99,
                "xanchor": "right",
                "y": 0.95,  # below the modebar
                "yanchor": "top",
                "bgcolor": "rgba(255,255,255,0.85)",
            },
        },
        name=value_name,
        customdata=codes,
        hovertext=hovers,
        hoverinfo="text",
        meta="value",
        showlegend=False,  # the colour bar explains the colours; the legend only says what grey means
    )
    spots = place_labels(tuple(points), tuple(names), tuple(all_points), size, font)
    for (x, y), name, code, hover, spot in zip(points, names, codes, hovers, spots, strict=True):
        notes.append(
            {
                "x": x,
                "y": y,
                "text": name,
                "name": f"province:{code}",
                "font": {"size": font, "color": LABEL_TEXT, "shadow": HALO},
                "borderpad": 0,
                "hovertext": hover,
                **_label_position(spot, size),
            }
        )
    fig.update_layout(
        annotations=notes,
        separators=SEPARATORS.get(lang, SEPARATORS["vi"]),
        xaxis={"visible": False, "range": list(X_RANGE), "showgrid": False, "zeroline": False},
        yaxis={
            "visible": False,
            "range": list(Y_RANGE),
            "scaleanchor": "x",
            "scaleratio": ASPECT,
            "showgrid": False,
            "zeroline": False,
        },
        plot_bgcolor=SEA,
        paper_bgcolor="white",
        height=HEIGHT,
        margin={"t": 10, "l": 10, "r": 10, "b": 10},
        legend={
            "orientation": "v",
            "x": 0.99,
            "xanchor": "right",
            "y": 0.01,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        showlegend=True,
        hoverlabel={"align": "left"},
    )
    return fig
