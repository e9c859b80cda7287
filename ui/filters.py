"""The shared sidebar: language and filters, kept across pages and in the URL.

Each widget keeps its value for the whole session (persist_state="session"), so moving between pages
keeps the filters. The filters are also written to the URL as codes (?p=P63-27&y=2021-2021&lang=en),
independent of the language, and read back when a session starts, so a copied link reproduces the
view. A link's values are checked first: an unknown province, reversed or absurd years or injected
text are dropped or corrected, with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
import streamlit as st

from kc_metrics import Selection
from kc_metrics.selection import GeographyMode, Program
from ui import signin
from ui.i18n import t
from ui.nav import draw_links

REGIONS = ("all", "REG-N", "REG-C", "REG-S")
PROGRAMS = ("any", "kcqg", "kcdp")


@dataclass(frozen=True)
class Filters:
    """What the user selected: a kc_metrics Selection, plus the language and how the areas were chosen
    (a region, or provinces picked by name), which the sidebar and the link keep. kc_metrics never sees
    Streamlit; pages hand it `selection`."""

    lang: str = "vi"
    selection: Selection = field(default_factory=Selection)
    region: str = "all"
    provinces: tuple[str, ...] = ()

    @property
    def geography(self) -> GeographyMode:
        return self.selection.geography

    @property
    def years(self) -> tuple[int, int]:
        return self.selection.years or (2005, 2025)

    @property
    def show_plan(self) -> bool:
        return "plan" in self.selection.statuses

    @property
    def focus_area(self) -> str:
        """The one area the headline cards describe: the province picked alone, else the region
        chosen, else the nation."""
        if len(self.provinces) == 1:
            return self.provinces[0]
        if self.region != "all" and not self.provinces:
            return self.region
        return "VN"

    @property
    def program(self) -> str:
        """The programme radio's value: "any", "kcqg" or "kcdp"."""
        return self.selection.program or "any"

    def describe(self, geography: pd.DataFrame) -> list[tuple[str, str]]:
        """The filters in words, for the export sheet that states them."""
        names = dict(zip(geography["geo_code"], geography["name"], strict=True))
        lang = self.lang
        areas = ", ".join(names.get(c, c) for c in self.provinces) or t("provinces_placeholder", lang)
        region = t("region_all", lang) if self.region == "all" else names.get(self.region, self.region)
        return [
            (t("geo_mode", lang), t(f"geo_{self.geography}", lang)),
            (t("region", lang), region),
            (t("provinces", lang), areas),
            (t("years", lang), f"{self.years[0]}–{self.years[1]}"),
            (t("program", lang), t(f"program_{self.program}", lang)),
            (t("show_plan", lang), "✓" if self.show_plan else "–"),
        ]


# The sidebar's lists, made once per geography table (the dataset's, shared by every run) and kept
# with the table itself, so a new dataset's table never meets a list made from an older one.
_LISTS: dict[tuple[int, str, str], tuple[pd.DataFrame, Any]] = {}


def _remembered(geography: pd.DataFrame, what: str, arg: str, make: Callable[[], Any]) -> Any:
    key = (id(geography), what, arg)
    kept = _LISTS.get(key)
    if kept is not None and kept[0] is geography:
        return kept[1]
    if len(_LISTS) > 64:
        _LISTS.clear()
    value = make()
    _LISTS[key] = (geography, value)
    return value


def area_options(geography: pd.DataFrame, mode: str, region: str) -> list[str]:
    """Selectable areas: the nation and regions first, then the provinces of the mode in the region.

    As reported: the 63 former provinces, then the current ones (a few sources already report them).
    Current: the 34 provinces only. (Made once per geography table; do not modify the list.)
    """
    options = _remembered(
        geography, "options", f"{mode}|{region}", lambda: _area_options(geography, mode, region)
    )
    return cast(list[str], options)


def _area_options(geography: pd.DataFrame, mode: str, region: str) -> list[str]:
    geo = geography
    in_region = geo["region_code"].eq(region) if region != "all" else pd.Series(True, index=geo.index)
    head = []
    head = ["VN", "REG-N", "REG-C", "REG-S"] if region == "all" else [region]
    maps = ["63", "34"] if mode == "reported" else ["34"]
    provinces = []
    for map_id in maps:
        part = geo[in_region & geo["map"].eq(map_id)].sort_values("name", key=_sort_key)
        provinces += part["geo_code"].tolist()
    return head + provinces


def _sort_key(names: pd.Series) -> pd.Series:
    # Vietnamese order is close enough to the order of names without their diacritics.
    import unicodedata

    return names.map(lambda n: unicodedata.normalize("NFD", n).encode("ascii", "ignore").decode().lower())


def area_labels(geography: pd.DataFrame, lang: str) -> dict[str, str]:
    """area_label of every unit at once (the sidebar formats about a hundred options per run); made
    once per geography table and language (do not modify the dict)."""
    return cast(dict[str, str], _remembered(geography, "labels", lang, lambda: _area_labels(geography, lang)))


def _area_labels(geography: pd.DataFrame, lang: str) -> dict[str, str]:
    names = geography["name_en"] if lang == "en" else geography["name"]
    suffix = t("new_province_suffix", lang)
    labels = [n + suffix if m == "34" else n for n, m in zip(names, geography["map"], strict=True)]
    return dict(zip(geography["geo_code"], labels, strict=True))


def area_label(code: str, geography: pd.DataFrame, lang: str) -> str:
    """A readable name: a current province is marked as such wherever former ones may appear too."""
    rows = geography.loc[geography["geo_code"] == code]
    if rows.empty:
        return code
    row = rows.iloc[0]
    name = str(row["name_en"] if lang == "en" else row["name"])
    if row["map"] == "34":
        name += t("new_province_suffix", lang)
    return name


def filters_from_url(
    params: Mapping[str, str | None], geography: pd.DataFrame, year_range: tuple[int, int]
) -> tuple[dict[str, object], list[str]]:
    """Widget values from a link's query parameters, and the names of the parameters that were wrong.

    Only known values pass: a language, a mode, a region, area codes of the mode, years inside the data's
    range (a reversed pair is put in order), a programme, a plan flag.
    """
    values: dict[str, object] = {}
    wrong: list[str] = []

    def pick(name: str, allowed: tuple[str, ...], key: str | None = None) -> None:
        raw = params.get(name)
        if raw is None:
            return
        if raw in allowed:
            values[key or name] = raw
        else:
            wrong.append(name)

    pick("lang", ("vi", "en"))
    pick("geo", ("reported", "current"))
    pick("region", REGIONS)
    pick("prog", PROGRAMS)
    if "plan" in params:
        if params["plan"] in ("0", "1"):
            values["plan"] = params["plan"] == "1"
        else:
            wrong.append("plan")
    if "p" in params:
        options = set(
            area_options(geography, str(values.get("geo", "reported")), str(values.get("region", "all")))
        )
        codes = [c for c in str(params["p"]).split(",") if c]
        kept = [c for c in codes if c in options]
        if len(kept) != len(codes):
            wrong.append("p")
        values["p"] = kept
    if "y" in params:
        try:
            first, last = sorted(int(y) for y in str(params["y"]).split("-", 1))
        except ValueError:
            wrong.append("y")
        else:
            low, high = year_range
            clamped = (min(max(first, low), high), min(max(last, low), high))
            if clamped != (first, last) or str(params["y"]) != f"{first}-{last}":
                wrong.append("y")
            values["years"] = clamped
    return values, wrong


def filters_to_url(filters: Filters, year_range: tuple[int, int]) -> dict[str, str]:
    """Query parameters that reproduce the filters (defaults left out, to keep links short)."""
    out = {}
    if filters.lang != "vi":
        out["lang"] = filters.lang
    if filters.geography != "reported":
        out["geo"] = filters.geography
    if filters.region != "all":
        out["region"] = filters.region
    if filters.provinces:
        out["p"] = ",".join(filters.provinces)
    if filters.years != tuple(year_range):
        out["y"] = f"{filters.years[0]}-{filters.years[1]}"
    if filters.program != "any":
        out["prog"] = filters.program
    if filters.show_plan:
        out["plan"] = "1"
    return out


def _start_from_url(geography: pd.DataFrame, year_range: tuple[int, int]) -> list[str]:
    """Once per session: put a link's filters into the widgets' state. Returns wrong parameter names."""
    if st.session_state.get("_filters_from_url"):
        return []
    st.session_state["_filters_from_url"] = True
    params = {name: st.query_params.get(name) for name in st.query_params}
    values, wrong = filters_from_url(params, geography, year_range)
    for key, value in values.items():
        st.session_state[key] = value
    return wrong


def render_sidebar(geography: pd.DataFrame, year_range: tuple[int, int]) -> Filters:
    """Draw the language switch and the filters in the sidebar; return what they say."""
    wrong = _start_from_url(geography, year_range)
    first, last = year_range
    defaults = {"lang": "vi", "geo": "reported", "region": "all", "p": [], "years": (first, last),
                "prog": "any", "plan": False}  # fmt: skip
    for key, value in defaults.items():
        # Widgets take their starting values from here (never from a default argument), so a value
        # from the link and one the user chose on another page are both respected.
        if st.session_state.get(key) is None:
            st.session_state[key] = value
    side = st.sidebar
    navigation = side.container()  # filled last: the links carry the filters chosen below
    lang = side.segmented_control(
        "Ngôn ngữ / Language",
        ["vi", "en"],
        required=True,
        format_func=lambda v: {"vi": "Tiếng Việt", "en": "English"}[v],
        key="lang",
        persist_state="session",
    )
    lang = lang or "vi"
    side.subheader(t("filters", lang))
    mode = side.radio(
        t("geo_mode", lang),
        ["reported", "current"],
        format_func=lambda v: t(f"geo_{v}", lang),
        key="geo",
        persist_state="session",
    )
    labels = area_labels(geography, lang)
    region = side.selectbox(
        t("region", lang),
        list(REGIONS),
        format_func=lambda v: t("region_all", lang) if v == "all" else labels.get(v, v),
        key="region",
        persist_state="session",
    )
    options = area_options(geography, mode, region)
    provinces = side.multiselect(
        t("provinces", lang),
        options,
        format_func=lambda v: labels.get(v, v),
        placeholder=t("provinces_placeholder", lang),
        key="p",
        persist_state="session",
    )
    # a range slider: its state (set above) is a (first, last) pair, which the stubs cannot see
    years = cast(
        tuple[int, int],
        side.slider(t("years", lang), first, last, step=1, key="years", persist_state="session"),
    )
    program = side.radio(
        t("program", lang),
        list(PROGRAMS),
        format_func=lambda v: t(f"program_{v}", lang),
        horizontal=True,
        key="prog",
        persist_state="session",
    )
    show_plan = side.toggle(
        t("show_plan", lang), help=t("show_plan_help", lang), key="plan", persist_state="session"
    )
    picked = tuple(p for p in provinces if p in options)
    areas = picked or (None if region == "all" else tuple(area_options(geography, mode, region)))
    filters = Filters(
        lang=lang,
        selection=Selection(
            geography=cast(GeographyMode, mode),
            areas=areas,
            years=(int(min(years)), int(max(years))),
            statuses=("actual", "plan") if show_plan else ("actual",),
            program=None if program == "any" else cast(Program, program),
        ),
        region=region,
        provinces=picked,
    )
    if wrong:
        st.warning(t("url_corrected", lang, params=", ".join(wrong)), icon=":material/link_off:")
    wanted = filters_to_url(filters, year_range)
    if st.query_params.get("print") == "1":
        wanted["print"] = "1"  # the print layout stays for the reruns of this view
    if {k: st.query_params.get(k) for k in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
    links = {k: v for k, v in wanted.items() if k != "print"}
    draw_links(navigation, lang, links, curator=signin.signed_in() is not None)
    navigation.divider()
    return filters
