"""Streamlit's own floor for the benchmark: one plotly chart and one st.dataframe, nothing else.

bench/run.py runs this page through AppTest beside the dashboard's pages; every page's run time is
reported as a multiple of this page's. It draws fixed, SYNTHETIC numbers and reads no data folder.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

frame = pd.DataFrame({"year": list(range(2005, 2026)), "value": [float(i * i) for i in range(21)]})
figure = go.Figure()
figure.add_bar(x=frame["year"], y=frame["value"], name="SYNTHETIC")
st.plotly_chart(figure, key="floor_chart")
st.dataframe(frame, hide_index=True)
