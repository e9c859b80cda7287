"""The fair floor of the page benchmark (issue 15): each page against itself, drawn from precomputed results.

`capture(page, params)` runs a dashboard page once in AppTest and keeps what it sent to the browser: every
block and element, in order, with its place in the page. `bench/replay_page.py` then draws exactly that
page again from the capture: the same blocks, widgets, captions and download buttons (their protos, built
beforehand), and the same charts and tables passed through Streamlit's own st.plotly_chart and
st.dataframe from figures and frames built beforehand (so Streamlit's own work of serialising them is on
both sides). What the replay does not do is ours: reading the filters, compute(), choosing figures,
building figures, tables and CSVs. So a page's warm time over its replay's warm time is the cost of our
data work on top of Streamlit's own.

Widgets are registered again from the metadata the real run registered (Streamlit's own way of replaying
widgets from a cache), so the replay holds the same widget state. Not replayed: a download button's bytes
are not stored again in the media file manager, which makes the floor a little cheaper than Streamlit's
true minimum, so the ratio errs on the high side. A capture holds Python callables (the widgets'
serializers), so it lives in this process (CAPTURES), not on disk.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Capture:
    """What one page run sent: (delta path, kind, payload) in order. kind is "block" (payload: Block proto
    bytes), "plotly" (figure JSON, config JSON, key), "dataframe" (Arrow IPC bytes) or an Element field
    name (payload: that element's proto bytes)."""

    page: str
    params: dict[str, str]
    deltas: list[tuple[tuple[int, ...], str, Any]] = field(default_factory=list)
    widgets: dict[str, Any] = field(default_factory=dict)  # element id -> its WidgetMetadata
    values: dict[str, Any] = field(default_factory=dict)  # widget key -> its value after the run
    testing: dict[str, Any] = field(default_factory=dict)  # element id -> what it keeps for AppTest


# Captures by name, for bench/replay_page.py (named by $KC_REPLAY): AppTest runs scripts in this process.
CAPTURES: dict[str, list[tuple[tuple[int, ...], str, Any]]] = {}
WIDGETS: dict[str, dict[str, Any]] = {}
VALUES: dict[str, dict[str, Any]] = {}
TESTING: dict[str, dict[str, Any]] = {}


def capture(page: str, params: dict[str, str], *, secrets: dict[str, Any] | None = None) -> Capture:
    """Run `page` (a script of pages/, or app.py) once in AppTest with `params` as the URL's query
    and record every block and element it sends."""
    from streamlit.runtime.state import widgets
    from streamlit.testing.v1 import AppTest, local_script_runner

    recorded: list[Any] = []
    metadata: dict[str, Any] = {}
    original = local_script_runner.parse_tree_from_messages
    original_register = widgets.register_widget_from_metadata

    def keep(messages: list[Any]) -> Any:
        recorded[:] = list(messages)
        return original(messages)

    def keep_widget(meta: Any, ctx: Any) -> Any:
        metadata[meta.id] = meta
        return original_register(meta, ctx)

    local_script_runner.parse_tree_from_messages = keep  # type: ignore[assignment]
    widgets.register_widget_from_metadata = keep_widget  # type: ignore[assignment]
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
        if page != "app.py":
            app.switch_page(page)
        for name, value in params.items():
            app.query_params[name] = value
        app.run()
    finally:
        local_script_runner.parse_tree_from_messages = original  # type: ignore[assignment]
        widgets.register_widget_from_metadata = original_register  # type: ignore[assignment]
    # The widgets' values, which the real page seeds from the URL and session state before drawing them.
    values = {}
    for element_id in metadata:
        key = element_id.rsplit("-", 1)[-1]
        if key in app.session_state:
            values[key] = app.session_state[key]
    # Under AppTest a widget also keeps its format function for the test's reading of it; so does the replay.
    from streamlit.runtime.state.common import TESTING_KEY

    try:
        kept = dict(app.session_state[TESTING_KEY])
    except KeyError:
        kept = {}
    testing = {k: v for k, v in kept.items() if k in metadata}
    out = Capture(page, dict(params), widgets=metadata, values=values, testing=testing)
    for message in recorded:
        if not message.HasField("delta"):
            continue
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        kind = delta.WhichOneof("type")
        if kind == "add_block":
            out.deltas.append((path, "block", delta.add_block.SerializeToString()))
        elif kind == "new_element":
            element = delta.new_element
            field_name = element.WhichOneof("type")
            proto = getattr(element, field_name)
            if field_name == "plotly_chart":
                out.deltas.append((path, "plotly", (proto.spec, proto.config, proto.id)))
            elif field_name == "dataframe":
                out.deltas.append((path, "dataframe", proto.arrow_data.data))
            else:
                out.deltas.append((path, field_name, proto.SerializeToString()))
    return out


def prepare(name: str, captured: Capture) -> None:
    """Build the capture's figures and frames (plotly Figure objects, DataFrames) and keep it under `name`
    for the replay page: building them is the precomputation, not part of the replay's runs."""
    import plotly.io
    import pyarrow as pa
    from streamlit.proto.Block_pb2 import Block
    from streamlit.proto.Element_pb2 import Element

    out: list[tuple[tuple[int, ...], str, Any]] = []
    for delta_path, kind, payload in captured.deltas:
        if kind == "block":
            block = Block()
            block.ParseFromString(payload)
            out.append((delta_path, kind, block))
        elif kind == "plotly":
            spec, config, _ = payload
            figure = plotly.io.from_json(spec, skip_invalid=True)
            out.append((delta_path, kind, (figure, json.loads(config) if config else None)))
        elif kind == "dataframe":
            frame = pa.ipc.open_stream(io.BytesIO(payload)).read_all().to_pandas() if payload else None
            out.append((delta_path, kind, frame))
        else:
            element = Element()
            proto = getattr(element, kind)
            proto.ParseFromString(payload)
            out.append((delta_path, kind, proto))
    CAPTURES[name] = out
    WIDGETS[name] = captured.widgets
    VALUES[name] = captured.values
    TESTING[name] = captured.testing
