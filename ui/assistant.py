"""The reading assistant on the import page: a report's text -> candidate figures (kc_metrics.extract)
-> the rows the curator ticks and corrects, with the source they type -> an Upload that goes through the
same checks, preview and write as an uploaded file (kc_metrics.intake.upload_from_rows)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from kc_metrics import extract, schema
from kc_metrics.documents import DocumentError, read_document, read_pasted
from kc_metrics.intake import Upload, upload_from_rows
from ui.filters import area_labels
from ui.i18n import t
from ui.page import Context, md_escape

SHEET = "candidates"
VIETNAMESE_LETTERS = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ]")
PASTED_NAME = "van-ban-dan.txt"
# The candidate table's columns, in the order the curator reads them.
EDITABLE = ["include", "value_as_written", "value", "metric", "program", "status", "estimate", "qualifier",
            "period_start", "period_end", "months", "geo_code", "note", "sentence", "confidence"]  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=16)
def _candidates(text: str, province: str | None, year: int | None, data_dir: str) -> pd.DataFrame:
    return extract.candidates(text, province=province, year=year, data_dir=data_dir)


def highlighted(text: str, found: pd.DataFrame) -> str:
    """The text as markdown with every candidate figure on a coloured background. Everything taken from
    the document is escaped (md_escape), so a document cannot inject links, HTML or markdown."""
    parts, at = [], 0
    for start, end in sorted(zip(found["start"], found["end"], strict=True)):
        start, end = int(start), int(end)
        if start < at:
            continue  # overlapping figures: the first one is marked
        parts.append(md_escape(text[at:start]))
        parts.append(f":orange-background[**{md_escape(text[start:end])}**]")
        at = end
    parts.append(md_escape(text[at:]))
    # Markdown joins single line breaks; the document's own lines are kept.
    return re.sub(r"\n", "  \n", "".join(parts))


def _document(lang: str, round_: int) -> tuple[str, str] | None:
    """(document name, its text) from an uploaded file or pasted text; None (with a message) otherwise."""
    file = st.file_uploader(
        t("assistant_file", lang), type=["txt", "docx", "pdf"], key=f"assistant_file_{round_}"
    )
    pasted = st.text_area(t("assistant_paste", lang), key=f"assistant_text_{round_}", height=150)
    try:
        if file is not None:
            return file.name, read_document(file.name, file.getvalue())
        if pasted.strip():
            return PASTED_NAME, read_pasted(pasted)
    except DocumentError as err:
        st.error(err.message(lang), icon=":material/description:")
        return None
    st.caption(t("assistant_hint", lang))
    return None


def _source_form(lang: str, text: str, name: str, taken: set[str], round_: int) -> dict[str, str]:
    """The source the figures come from, as the curator types it (id suggested: the next free W-number)."""
    numbers = [int(m.group(1)) for s in taken if (m := re.fullmatch(r"W(\d+)", s))]
    suggested = f"W{max(numbers, default=0) + 1:03d}"
    cols = st.columns([1, 3, 2])
    source_id = cols[0].text_input(
        t("assistant_source_id", lang), value=suggested, key=f"assistant_source_id_{round_}"
    )
    # The report's own heading (its first line) is the natural title; the curator shortens it where needed.
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), Path(name).stem)
    title = cols[1].text_input(
        t("assistant_title", lang), value=first_line[:150], key=f"assistant_title_{round_}"
    )
    outlet = cols[2].text_input(t("assistant_outlet", lang), key=f"assistant_outlet_{round_}")
    cols = st.columns([1, 3, 1, 1])
    published = cols[0].text_input(
        t("assistant_date", lang), placeholder="2024-05-02", key=f"assistant_date_{round_}"
    )
    url = cols[1].text_input(t("assistant_url", lang), placeholder="https://", key=f"assistant_url_{round_}")
    style = extract.number_style(text)
    kind = cols[2].selectbox(t("assistant_kind", lang), ["report", "web"], key=f"assistant_kind_{round_}")
    language = "vi" if VIETNAMESE_LETTERS.search(text) else "en"
    return {
        "source_id": source_id.strip(),
        "kind": kind,
        "title": title.strip(),
        "outlet": outlet.strip(),
        "author": "",
        "published": published.strip(),
        "url": url.strip(),
        "language": cols[3].selectbox(
            t("assistant_language", lang),
            ["vi", "en"],
            index=["vi", "en"].index(language),
            key=f"assistant_language_{round_}",
        ),
        "number_style": style,
        "covers": t("assistant_covers", "en", document=name),
    }


def _table(found: pd.DataFrame, name: str) -> pd.DataFrame:
    """The candidates as the editor shows them: ticked where the assistant named a metric."""
    table = found.copy()
    table.insert(0, "include", table["metric"].ne(""))
    table["note"] = t("assistant_note", "en", document=name)
    for column in ("period_start", "period_end", "months"):
        table[column] = table[column].astype("Int64")
    table["estimate"] = table["estimate"].astype(bool)
    return table[EDITABLE].reset_index(drop=True)


def assistant_upload(ctx: Context, lang: str) -> Upload | None:
    """Draw the assistant. Returns the Upload of the ticked rows once the curator asked for the check
    (kept in the session until the document or the table changes), else None."""
    round_ = st.session_state.setdefault("assistant_round", 0)
    document = _document(lang, round_)
    if document is None:
        st.session_state.pop("assistant_upload", None)
        return None
    name, text = document

    geo = ctx.dataset.geography
    provinces = geo.loc[geo["geo_level"].eq("province"), "geo_code"].tolist()
    labels = area_labels(geo, lang)
    cols = st.columns(2)
    province = cols[0].selectbox(
        t("assistant_province", lang),
        [None, *provinces],
        format_func=lambda code: labels.get(code, code) if code else "—",
        key="assistant_province",
    )
    year = cols[1].number_input(
        t("assistant_year", lang), min_value=schema.YEAR_MIN, max_value=schema.YEAR_MAX, value=None, step=1,
        key="assistant_year",
    )  # fmt: skip
    found = _candidates(text, province, int(year) if year else None, str(schema.default_data_dir()))

    st.markdown(f"**{t('assistant_text', lang, count=len(found))}**")
    with st.container(height=300, border=True):
        st.markdown(highlighted(text, found))
    if found.empty:
        st.info(t("assistant_none", lang), icon=":material/search_off:")
        return None

    codes = geo["geo_code"].tolist()
    metrics = ctx.dataset.metrics["metric"].tolist()
    with st.form(f"assistant_form_{round_}"):
        st.markdown(f"**{t('assistant_source', lang)}**")
        source = _source_form(lang, text, name, set(ctx.dataset.sources["source_id"]), round_)
        st.markdown(f"**{t('assistant_candidates', lang)}**")
        edited = st.data_editor(
            _table(found, name),
            hide_index=True,
            num_rows="fixed",
            key=f"assistant_table_{round_}",
            disabled=["value_as_written", "sentence", "confidence"],
            column_config={
                "include": st.column_config.CheckboxColumn(t("assistant_include", lang)),
                "value_as_written": st.column_config.TextColumn(t("assistant_written", lang)),
                "value": st.column_config.NumberColumn(t("assistant_value", lang), format="%g"),
                "metric": st.column_config.SelectboxColumn(t("assistant_metric", lang), options=metrics),
                "program": st.column_config.SelectboxColumn(options=list(schema.PROGRAMS)),
                "status": st.column_config.SelectboxColumn(options=list(schema.STATUSES)),
                "estimate": st.column_config.CheckboxColumn(t("assistant_estimate", lang)),
                "qualifier": st.column_config.SelectboxColumn(options=list(schema.QUALIFIERS)),
                "geo_code": st.column_config.SelectboxColumn(options=codes),
                "sentence": st.column_config.TextColumn(t("assistant_sentence", lang), width="large"),
                "confidence": st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.2f"),
            },
        )
        checked = st.form_submit_button(t("assistant_check", lang), type="primary")
    if checked:
        ticked = edited[edited["include"].astype(bool)]
        rows = ticked.assign(source_id=source["source_id"], unit="").drop(columns=["include"])
        styles = dict(zip(ctx.dataset.sources["source_id"], ctx.dataset.sources["number_style"], strict=True))
        st.session_state["assistant_upload"] = upload_from_rows(
            name, rows, pd.DataFrame([source]), sheet=SHEET, styles=styles
        )
    upload = st.session_state.get("assistant_upload")
    if isinstance(upload, Upload) and upload.name == name:
        return upload
    return None


def start_over() -> None:
    """After a write or a cancel: an empty assistant (new widget keys), no pending upload."""
    st.session_state["assistant_round"] = st.session_state.get("assistant_round", 0) + 1
    st.session_state.pop("assistant_upload", None)
