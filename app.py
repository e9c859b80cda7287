"""Khuyến công dashboard (first cut: the curated records; the pages come with issue #4)."""

import streamlit as st

import kc_metrics

st.set_page_config(page_title="Khuyến công", layout="wide")
st.title("Khuyến công: dữ liệu đã kiểm chứng")
try:
    records = kc_metrics.load_records()
except kc_metrics.DataError as err:
    st.error("Dữ liệu có lỗi, bảng điều khiển chưa thể hiển thị.")
    st.text("\n".join(str(p) for p in err.problems[:50]))
    st.stop()
st.dataframe(records, hide_index=True)
