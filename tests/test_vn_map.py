"""The offline province map (ui/vn_map.py), its outline asset and the script that builds it."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui import vn_map

ROOT = Path(__file__).resolve().parent.parent
GEOGRAPHY = ROOT / "data" / "geography.csv"
OUTLINE = ROOT / "assets" / "vietnam_outline.json"


@pytest.fixture(scope="module")
def geography() -> pd.DataFrame:
    return pd.read_csv(GEOGRAPHY, dtype={"map": str, "geo_code": str}, keep_default_na=False, na_values=[""])


def provinces(geography: pd.DataFrame, map_id: str) -> pd.DataFrame:
    return geography[geography["map"] == map_id]


def make_map(
    values: pd.DataFrame, geography: pd.DataFrame, map_id: str = "63", lang: str = "vi", **kwargs: Any
) -> go.Figure:
    return vn_map.province_map(
        values,
        geography,
        map_id,
        lang,
        value_label=kwargs.pop("value_label", "Kinh phí"),
        unit_label=kwargs.pop("unit_label", "triệu đồng"),
        format_value=kwargs.pop("format_value", lambda v: f"{v:.1f} tr"),
        **kwargs,
    )


def trace(fig: go.Figure, meta: str) -> Any:
    found = [t for t in fig.data if t.meta == meta]
    assert len(found) == 1, meta
    return found[0]


def codes(fig: go.Figure, meta: str) -> list[str]:
    return list(trace(fig, meta).customdata)


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


# the outline asset


def test_outline_rings_lie_in_vietnam() -> None:
    outline = vn_map.load_outline()
    assert len(outline.vietnam) >= 1
    points = [p for ring in outline.vietnam for p in ring]
    assert len(points) > 300  # recognisably Vietnam, not a box
    assert all(102 <= lon <= 110 and 8 <= lat <= 23.5 for lon, lat in points)
    # it spans the country: Lũng Cú in the north, Cà Mau in the south, Mũi Đôi in the east
    assert max(lat for _, lat in points) > 23.2 and min(lat for _, lat in points) < 8.8
    assert max(lon for lon, _ in points) > 109.3
    assert all(ring[0] == ring[-1] and len(ring) >= 4 for ring in outline.vietnam)


def test_outline_spratly_specks_lie_in_truong_sa() -> None:
    outline = vn_map.load_outline()
    assert outline.spratly, "the 1:10m 'Spratly Is.' feature is in the asset"
    assert all(111 <= lon <= 117 and 7 <= lat <= 12 for ring in outline.spratly for lon, lat in ring)


def test_outline_asset_is_small_and_says_where_it_comes_from() -> None:
    assert OUTLINE.stat().st_size < 60_000
    raw = json.loads(OUTLINE.read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["source"] and "world-atlas@2.0.2" in raw["source"]
    assert "public domain" in raw["licence"]


def test_outline_is_read_once() -> None:
    assert vn_map.load_outline() is vn_map.load_outline()


# the figure


@pytest.mark.parametrize("map_id, count", [("63", 63), ("34", 34)])
def test_every_province_is_drawn_exactly_once(geography: pd.DataFrame, map_id: str, count: int) -> None:
    shown = provinces(geography, map_id)
    assert len(shown) == count
    half = shown["geo_code"].iloc[::2]
    values = pd.DataFrame({"geo_code": half, "value": range(len(half))})
    fig = make_map(values, geography, map_id)
    with_value, without = codes(fig, "value"), codes(fig, "no_data")
    assert sorted(with_value + without) == sorted(shown["geo_code"])
    assert sorted(with_value) == sorted(half)
    assert not set(with_value) & set(without)
    # one name label per province with a value, none for the grey ones
    labelled = [
        a.name.removeprefix("province:") for a in fig.layout.annotations if a.name.startswith("province:")
    ]
    assert sorted(labelled) == sorted(half)


def test_provinces_of_the_other_map_are_ignored(geography: pd.DataFrame) -> None:
    old, new = provinces(geography, "63"), provinces(geography, "34")
    values = pd.DataFrame(
        {"geo_code": [old["geo_code"].iloc[0], new["geo_code"].iloc[0]], "value": [5.0, 7.0]}
    )
    fig = make_map(values, geography, "34")
    assert codes(fig, "value") == [new["geo_code"].iloc[0]]
    assert len(codes(fig, "no_data")) == 33


def test_zero_is_a_value_not_missing(geography: pd.DataFrame) -> None:
    shown = provinces(geography, "63")
    zero, other, missing = shown["geo_code"].iloc[:3]
    values = pd.DataFrame({"geo_code": [zero, other], "value": [0.0, 120.0]})
    fig = make_map(values, geography, format_value=lambda v: f"<{v:g}>")
    colored = trace(fig, "value")
    assert zero in colored.customdata and zero not in codes(fig, "no_data")
    at = list(colored.customdata).index(zero)
    assert colored.marker.color[at] == 0.0
    assert "&lt;0&gt;" in colored.hovertext[at]  # formatted by the caller, then escaped
    assert missing in codes(fig, "no_data") and missing not in colored.customdata


def test_missing_and_nan_are_grey_and_say_no_data(geography: pd.DataFrame) -> None:
    shown = provinces(geography, "34")
    values = pd.DataFrame({"geo_code": shown["geo_code"].iloc[:2], "value": [3.0, float("nan")]})
    for lang, words in (("vi", "Không có số liệu"), ("en", "No data")):
        fig = make_map(values, geography, "34", lang)
        grey = trace(fig, "no_data")
        assert shown["geo_code"].iloc[1] in grey.customdata  # NaN is no data, not zero
        assert len(grey.customdata) == 33
        assert grey.name == words and grey.showlegend
        assert all(words in text for text in grey.hovertext)
        assert grey.marker.color == vn_map.NO_DATA_GREY
        assert grey.marker.color not in [c for _, c in vn_map.COLORSCALE]


def test_colour_scale_and_colour_bar(geography: pd.DataFrame) -> None:
    shown = provinces(geography, "63")
    values = pd.DataFrame({"geo_code": shown["geo_code"].iloc[:3], "value": [10.0, 2500.0, 40.0]})
    fig = make_map(values, geography, value_label="Kinh phí KCĐP", unit_label="triệu đồng")
    marker = trace(fig, "value").marker
    assert (marker.cmin, marker.cmax) == (10.0, 2500.0)
    assert marker.showscale
    assert "triệu đồng" in marker.colorbar.title.text and "Kinh phí KCĐP" in marker.colorbar.title.text


def test_one_value_still_gets_a_colour_range(geography: pd.DataFrame) -> None:
    values = pd.DataFrame({"geo_code": [provinces(geography, "63")["geo_code"].iloc[0]], "value": [0.0]})
    marker = trace(make_map(values, geography), "value").marker
    assert marker.cmin < marker.cmax and marker.cmin <= 0.0 <= marker.cmax


def test_no_values_at_all_draws_every_province_grey(geography: pd.DataFrame) -> None:
    fig = make_map(pd.DataFrame({"geo_code": [], "value": []}), geography, "34")
    assert len(codes(fig, "no_data")) == 34 and codes(fig, "value") == []
    assert not trace(fig, "value").marker.showscale


def test_hover_has_name_value_and_extra_lines(geography: pd.DataFrame) -> None:
    shown = provinces(geography, "63")
    code, grey_code = shown["geo_code"].iloc[0], shown["geo_code"].iloc[1]
    name = shown["name"].iloc[0]
    values = pd.DataFrame({"geo_code": [code], "value": [1234.5]})
    extra = {code: "Nguồn: <i>S1</i>", grey_code: "Nguồn: <i>S2</i>"}
    fig = make_map(values, geography, format_value=lambda v: f"{v:,.1f} triệu", hover_extra=extra)
    hover = trace(fig, "value").hovertext[0]
    assert hover.startswith(f"<b>{name}</b>")
    assert "1,234.5 triệu" in hover and hover.endswith("Nguồn: <i>S1</i>")
    assert trace(fig, "no_data").hovertext[0].endswith("Nguồn: <i>S2</i>")


def test_archipelagos_are_labelled_in_both_languages(geography: pd.DataFrame) -> None:
    values = pd.DataFrame({"geo_code": [], "value": []})
    expected = {
        "vi": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"),
        "en": ("Hoang Sa archipelago (Da Nang)", "Truong Sa archipelago (Khanh Hoa)"),
    }
    for lang, (hoang_sa, truong_sa) in expected.items():
        fig = make_map(values, geography, lang=lang)
        texts = annotation_texts(fig)
        assert hoang_sa in texts and truong_sa in texts
        assert trace(fig, "hoang_sa_islands").hovertext[0] == hoang_sa
        assert trace(fig, "truong_sa_islands").hovertext[0] == truong_sa


def test_islands_are_inside_the_axes_and_where_they_belong(geography: pd.DataFrame) -> None:
    fig = make_map(pd.DataFrame({"geo_code": [], "value": []}), geography)
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    hoang_sa, truong_sa = trace(fig, "hoang_sa_islands"), trace(fig, "truong_sa_islands")
    for island in (hoang_sa, truong_sa):
        assert all(x0 < x < x1 for x in island.x) and all(y0 < y < y1 for y in island.y)
    assert all(111 <= x <= 113 and 15.5 <= y <= 17.2 for x, y in zip(hoang_sa.x, hoang_sa.y, strict=True))
    assert all(111.5 <= x <= 116 and 7.5 <= y <= 11.5 for x, y in zip(truong_sa.x, truong_sa.y, strict=True))
    for a in fig.layout.annotations:  # the labels too
        assert x0 < a.x < x1 and y0 < a.y < y1


def test_only_plain_scatter_traces(geography: pd.DataFrame) -> None:
    values = pd.DataFrame({"geo_code": provinces(geography, "34")["geo_code"].iloc[:5], "value": 1.0})
    fig = make_map(values, geography, "34")
    assert {t.type for t in fig.data} == {"scatter"}  # no geo/map trace: they fetch basemaps online
    layout = fig.layout.to_plotly_json()
    assert not {"geo", "map", "mapbox"} & set(layout)
    outline = trace(fig, "outline")
    assert outline.fill == "toself" and outline.hoverinfo == "skip"


def test_layout_aspect_separators_and_hidden_axes(geography: pd.DataFrame) -> None:
    values = pd.DataFrame({"geo_code": [], "value": []})
    vi, en = make_map(values, geography, lang="vi"), make_map(values, geography, lang="en")
    assert vi.layout.separators == ",." and en.layout.separators == ".,"
    assert vi.layout.yaxis.scaleanchor == "x"
    assert vi.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(16)))
    assert vi.layout.xaxis.visible is False and vi.layout.yaxis.visible is False


def test_names_are_escaped(geography: pd.DataFrame) -> None:
    hostile = geography.copy()
    code = provinces(hostile, "34")["geo_code"].iloc[0]
    grey_code = provinces(hostile, "34")["geo_code"].iloc[1]
    for column in ("name", "name_en"):
        hostile.loc[hostile["geo_code"] == code, column] = "<b>Tỉnh</b> & <script>x</script>"
        hostile.loc[hostile["geo_code"] == grey_code, column] = "<img src=x>"
    values = pd.DataFrame({"geo_code": [code], "value": [1.0]})
    for lang in ("vi", "en"):
        fig = make_map(values, hostile, "34", lang, value_label="<i>KPI</i>", unit_label="<u>")
        label = next(a for a in fig.layout.annotations if a.name == f"province:{code}")
        assert label.text == "&lt;b&gt;Tỉnh&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
        everything = json.dumps(fig.to_plotly_json(), ensure_ascii=False)
        for raw in ("<b>Tỉnh", "<script>", "<img", "<i>KPI", "<u>"):
            assert raw not in everything
        assert "&lt;img src=x&gt;" in trace(fig, "no_data").hovertext[0]


def test_bad_arguments_are_refused(geography: pd.DataFrame) -> None:
    code = provinces(geography, "63")["geo_code"].iloc[0]
    with pytest.raises(ValueError, match="map_id"):
        make_map(pd.DataFrame({"geo_code": [], "value": []}), geography, "64")
    with pytest.raises(ValueError, match=code):
        make_map(pd.DataFrame({"geo_code": [code, code], "value": [1.0, 2.0]}), geography)


def test_labels_of_a_full_map_do_not_collide(geography: pd.DataFrame) -> None:
    """With every one of the 63 provinces labelled (the densest case), no two names overlap by more than a
    sliver, in the module's own (generous) estimate of the text's size at the figure's scale."""
    shown = provinces(geography, "63")
    points = tuple(zip(shown["lon"].astype(float), shown["lat"].astype(float), strict=True))
    names = tuple(shown["name"])
    spots = vn_map.place_labels(points, names, points, 14, 10)
    font = 10
    boxes = [
        vn_map._box(*vn_map._to_px(p), s, len(n) * vn_map.CHAR_WIDTH * font + 4, font * 1.3 + 2)
        for p, n, s in zip(points, names, spots, strict=True)
    ]
    overlaps = [
        (names[i], names[j])
        for i in range(len(boxes))
        for j in range(i)
        if vn_map._overlap(boxes[i], boxes[j]) > 50  # px²: a 13 px high name shifted 4 px
    ]
    assert overlaps == []
    assert sum(s.arrow for s in spots) < len(spots) // 3  # most names sit right beside their marker


# the build script


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_vietnam_outline", ROOT / "scripts" / "build_vietnam_outline.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_build_script_decodes_quantized_delta_arcs(tmp_path: Path) -> None:
    """A tiny TopoJSON in the world-atlas layout: two arcs (one used reversed) make a square of 1°."""
    script = load_script()
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [104.0, 10.0]},
        "arcs": [
            [[0, 0], [2, 0], [0, 4]],  # (104,10) -> (105,10) -> (105,11), delta-encoded
            [[0, 0], [0, 4], [2, 0]],  # (104,10) -> (104,11) -> (105,11); drawn reversed as ~1
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, ~1]], "properties": {"name": "Vietnam"}, "id": "704"},
                    {"type": "MultiPolygon", "arcs": [[[0, ~1]]], "properties": {"name": "Spratly Is."}},
                ],
            }
        },
    }
    source = tmp_path / "countries-50m.json"
    source.write_text(json.dumps(topology), encoding="utf-8")
    out = tmp_path / "outline.json"
    assert script.main([str(source), "--out", str(out), "--min-step", "0.02"]) == 0
    built = json.loads(out.read_text(encoding="utf-8"))
    square = [[104.0, 10.0], [105.0, 10.0], [105.0, 11.0], [104.0, 11.0], [104.0, 10.0]]
    assert built["vietnam"] == [square]
    assert built["spratly"] == [square]
    assert "public domain" in built["licence"]


def test_build_script_simplifies_lightly() -> None:
    script = load_script()
    ring = [(104.0, 10.0), (104.0001, 10.0), (104.005, 10.0), (105.0, 10.0), (105.0, 11.0), (104.0, 10.0)]
    assert script.simplify(ring, 0.02, keep_specks=False) == [
        [104.0, 10.0],
        [105.0, 10.0],
        [105.0, 11.0],
        [104.0, 10.0],
    ]
    speck = [(114.0, 10.0), (114.001, 10.0), (114.001, 10.001), (114.0, 10.0)]
    assert script.simplify(speck, 0.02, keep_specks=False) is None
    assert script.simplify(speck, 0.02, keep_specks=True) == [
        [114.0, 10.0],
        [114.001, 10.0],
        [114.001, 10.001],
        [114.0, 10.0],
    ]
