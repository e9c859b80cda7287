"""A dashboard page drawn again from a capture of it (bench/replay.py): the benchmark's fair floor.

$KC_REPLAY names a capture that bench/replay.py prepared in this process (its figures and frames built
beforehand). Each run only hands them to Streamlit, in the order and places the real page used, and
registers the same widgets. No data folder is read and nothing is computed.
"""

import os

import streamlit as st
from streamlit.elements.lib.utils import _register_element_id, save_for_app_testing
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state.widgets import register_widget_from_metadata

from bench.replay import CAPTURES, TESTING, VALUES, WIDGETS

st.set_page_config(layout="wide")

name = os.environ["KC_REPLAY"]
widgets, values, testing = WIDGETS[name], VALUES[name], TESTING[name]
ctx = get_script_run_ctx()
roots = {0: st._main, 1: st.sidebar, 2: st._event}
placed = {}
for index, (path, kind, payload) in enumerate(CAPTURES[name]):
    parent = placed.get(path[:-1]) or roots[path[0]]
    if kind == "block":
        placed[path] = parent._block(payload)
    elif kind == "plotly":
        figure, config = payload
        parent.plotly_chart(figure, config=config, key=f"replay_chart_{index}")
    elif kind == "dataframe":
        parent.dataframe(payload)
    else:
        element_id = getattr(payload, "id", "")
        if element_id in widgets:
            key = element_id.rsplit("-", 1)[-1]
            if key in values and key not in st.session_state:
                st.session_state[key] = values[key]  # as the real page seeds it (from the URL or defaults)
            if ctx is not None:
                _register_element_id(ctx, kind, element_id)  # a widget not registered this run is dropped
            register_widget_from_metadata(widgets[element_id], ctx)
            if element_id in testing and ctx is not None:
                save_for_app_testing(ctx, element_id, testing[element_id])
        parent._enqueue(kind, payload)
