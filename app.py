"""Khuyến công dashboard: navigation between the six pages.

Each page draws the shared sidebar itself (ui.page.setup), so a page file also runs on its own in
AppTest; the filters live in the URL and in the session, so they follow the user across pages.

The page files are named after their URL paths: until the first script run of a fresh server,
Streamlit knows only the files of pages/, and a deep link to a page whose file has another name
would show a "Page not found" dialog to the first visitor.
"""

from pathlib import Path

import streamlit as st

from ui.i18n import t

HERE = Path(__file__).parent
st.set_page_config(page_title="Khuyến công", page_icon=str(HERE / "assets" / "icon.png"), layout="wide")

lang = st.session_state.get("lang") or st.query_params.get("lang") or "vi"
lang = lang if lang in ("vi", "en") else "vi"
PAGES = [
    ("pages/tong-quan.py", "page_overview", "tong-quan", ":material/dashboard:"),
    ("pages/kinh-phi.py", "page_budget", "kinh-phi", ":material/payments:"),
    ("pages/dao-tao.py", "page_training", "dao-tao", ":material/school:"),
    ("pages/san-pham.py", "page_products", "san-pham", ":material/workspace_premium:"),
    ("pages/du-lieu.py", "page_data", "du-lieu", ":material/table:"),
    ("pages/nguon.py", "page_sources", "nguon", ":material/menu_book:"),
]
navigation = st.navigation(
    [
        st.Page(HERE / path, title=t(label, lang), url_path=url, icon=icon, default=(i == 0))
        for i, (path, label, url, icon) in enumerate(PAGES)
    ]
)
navigation.run()
