"""Khuyến công dashboard: navigation between the six pages.

Each page draws the shared sidebar itself (ui.page.setup), so a page file also runs on its own in
AppTest; the filters live in the URL and in the session, so they follow the user across pages.

The page scripts live in views/, not pages/: Streamlit treats a folder named pages/ next to the
entrypoint as its older multipage mode until st.navigation has run once, so the first visitor after a
server start who opened a link to a page saw a "Page not found" dialog (or, with matching file names,
the page without this file's navigation at all). AppTest also runs only the page file of a pages/
folder from the second run on (see ../shared/ENGINEERING.md).
"""

from pathlib import Path

import streamlit as st

from ui.i18n import t

HERE = Path(__file__).parent
st.set_page_config(page_title="Khuyến công", page_icon=str(HERE / "assets" / "icon.png"), layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang") or "vi"
lang = lang if lang in ("vi", "en") else "vi"
PAGES = [
    ("views/overview.py", "page_overview", "tong-quan", ":material/dashboard:"),
    ("views/budget.py", "page_budget", "kinh-phi", ":material/payments:"),
    ("views/training.py", "page_training", "dao-tao", ":material/school:"),
    ("views/products.py", "page_products", "san-pham", ":material/workspace_premium:"),
    ("views/data.py", "page_data", "du-lieu", ":material/table:"),
    ("views/sources.py", "page_sources", "nguon", ":material/menu_book:"),
]
navigation = st.navigation(
    [
        st.Page(HERE / path, title=t(label, lang), url_path=url, icon=icon, default=(i == 0))
        for i, (path, label, url, icon) in enumerate(PAGES)
    ]
)
navigation.run()
