"""The dashboard's pages and the links between them, drawn at the top of the shared sidebar.

app.py is the first page; the others are the scripts in pages/, whose URL path is the file name
without its leading number (/kinh-phi). The links carry the current filters as query parameters, so
a page switch keeps the view, and a copied link reproduces it.
"""

from __future__ import annotations

from typing import NamedTuple

from streamlit.delta_generator import DeltaGenerator

from ui.i18n import t


class PageSpec(NamedTuple):
    script: str  # relative to the folder of app.py
    label: str  # key of ui.i18n.LABELS
    url_path: str  # what the address bar shows ("" for the first page)
    icon: str


PAGES = (
    PageSpec("app.py", "page_overview", "", ":material/dashboard:"),
    PageSpec("pages/1_kinh-phi.py", "page_budget", "kinh-phi", ":material/payments:"),
    PageSpec("pages/2_dao-tao.py", "page_training", "dao-tao", ":material/school:"),
    PageSpec("pages/3_san-pham.py", "page_products", "san-pham", ":material/workspace_premium:"),
    PageSpec("pages/4_du-lieu.py", "page_data", "du-lieu", ":material/table:"),
    PageSpec("pages/5_nguon.py", "page_sources", "nguon", ":material/menu_book:"),
    PageSpec("pages/6_ho-so-tinh.py", "page_profile", "ho-so-tinh", ":material/location_city:"),
)


# The curators' import page: its link is drawn only for a signed-in curator (ui.signin); the page itself
# asks anyone else to sign in.
IMPORT_PAGE = PageSpec("pages/7_nhap-so-lieu.py", "page_import", "nhap-so-lieu", ":material/upload_file:")


def draw_links(container: DeltaGenerator, lang: str, query: dict[str, str], *, curator: bool = False) -> None:
    """One link per page, labelled in `lang`, each carrying the filters' query parameters."""
    for page in (*PAGES, IMPORT_PAGE) if curator else PAGES:
        container.page_link(page.script, label=t(page.label, lang), icon=page.icon, query_params=query)
