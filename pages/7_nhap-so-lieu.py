"""Nhập số liệu (curators only): download the template, upload a filled copy, read the preview, confirm.

Everything that decides (reading, checks, preview, the write) is in kc_metrics (intake, importer); this
page signs the curator in, shows the preview and asks for the confirmation.
"""

import hashlib

import pandas as pd
import streamlit as st

from kc_metrics.importer import IMPORT_LOG, ImportPlan, apply_import, plan_import
from kc_metrics.intake import Upload, read_upload
from kc_metrics.problem_words import problem_text
from kc_metrics.template import build_template
from ui import assistant, data, signin
from ui.i18n import t
from ui.nav import PAGES
from ui.page import Context, guarded, md_escape
from ui.tables import for_display

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_COLUMNS = [
    *("_row", "record_id", "source_id", "geo_code", "period_start", "period_end", "months", "status"),
    *("program", "metric", "value", "unit", "qualifier", "value_as_written", "note"),
]
SIDE_BY_SIDE = ("value", "qualifier", "value_as_written", "note")


def _template_bytes(ctx: Context) -> bytes:
    return build_template(ctx.dataset)


def _preview_table(frame: pd.DataFrame, columns: list[str], lang: str) -> None:
    shown = frame[[c for c in columns if c in frame]].rename(columns={"_row": t("import_row", lang)})
    st.dataframe(for_display(shown), hide_index=True)


def _show_plan(plan: ImportPlan, lang: str) -> None:
    cols = st.columns(4)
    cols[0].metric(t("preview_new", lang), len(plan.new))
    cols[1].metric(t("preview_changed", lang), len(plan.changed))
    cols[2].metric(t("preview_unchanged", lang), len(plan.unchanged))
    cols[3].metric(t("preview_conflicts", lang), len(plan.conflicts))
    if plan.problems:
        st.error(t("import_problems", lang, count=len(plan.problems)), icon=":material/error:")
        ordered = sorted(plan.problems, key=lambda p: (p.file, p.row or 0))
        st.dataframe(
            pd.DataFrame({t("import_problem", lang): [problem_text(p, lang) for p in ordered]}),
            hide_index=True,
        )
    if not plan.new.empty:
        st.markdown(f"**{t('preview_new', lang)}**")
        _preview_table(plan.new, PREVIEW_COLUMNS, lang)
    if not plan.changed.empty:
        st.markdown(f"**{t('preview_changed', lang)}**")
        st.caption(t("preview_changed_help", lang))
        names = {f"{w}_{c}": f"{c} ({t('import_' + w, lang)})" for c in SIDE_BY_SIDE for w in ("old", "new")}
        keep = ["_row", "old_record_id", "geo_code", "period_start", "period_end", "metric", *names]
        _preview_table(plan.changed.rename(columns=names), [*keep[:6], *names.values()], lang)
    if not plan.conflicts.empty:
        st.markdown(f"**{t('preview_conflicts', lang)}**")
        _preview_table(plan.conflicts, [*PREVIEW_COLUMNS[:10], "value_as_written", "other_source_id",
                                         "other_record_id", "other_value_as_written"], lang)  # fmt: skip
    if not plan.unchanged.empty:
        with st.expander(f"{t('preview_unchanged', lang)} ({len(plan.unchanged)})"):
            _preview_table(plan.unchanged, PREVIEW_COLUMNS, lang)
    if not plan.new_sources.empty:
        st.markdown(f"**{t('preview_sources', lang)}**")
        _preview_table(plan.new_sources, ["source_id", "kind", "title", "outlet", "published", "url"], lang)


def _import_log(lang: str) -> None:
    path = data.data_dir() / IMPORT_LOG
    if not path.is_file():
        return
    log = pd.read_csv(path, dtype=str, keep_default_na=False)
    with st.expander(t("import_log_title", lang, count=len(log))):
        st.dataframe(for_display(log.iloc[::-1].head(20)), hide_index=True)


def body(ctx: Context) -> None:
    lang = ctx.lang
    who = signin.require_curator(lang)
    top = st.columns([4, 1])
    top[0].caption(md_escape(t("signed_in_as", lang, who=who)))
    with top[1]:
        signin.sign_out(lang)

    done = st.session_state.pop("import_done", None)
    if done:
        st.success(t("import_done", lang, **done), icon=":material/check_circle:")
        budget = PAGES[1]
        st.page_link(budget.script, label=t(budget.label, lang), icon=budget.icon)

    from_file, from_report = st.tabs([t("import_tab_file", lang), t("import_tab_report", lang)])
    with from_file:
        st.subheader(t("import_step_template", lang))
        st.caption(t("import_template_help", lang))
        st.download_button(
            t("template_download", lang),
            data=lambda: _template_bytes(ctx),
            file_name="mau-nhap-lieu-khuyen-cong.xlsx",
            mime=XLSX_MIME,
            icon=":material/download:",
            key="template_download",
        )
        st.subheader(t("import_step_upload", lang))
        round_ = st.session_state.setdefault(
            "import_round", 0
        )  # a new key empties the uploader after a write
        uploaded = st.file_uploader(
            t("upload_label", lang),
            type=["xlsx", "csv"],
            key=f"import_file_{round_}",
            help=t("upload_help", lang),
        )
        if uploaded is not None:
            styles = dict(
                zip(ctx.dataset.sources["source_id"], ctx.dataset.sources["number_style"], strict=True)
            )
            _preview_and_confirm(_upload_of(uploaded.name, uploaded.getvalue(), styles), who, lang, "file")
    with from_report:
        st.caption(t("assistant_intro", lang))
        found = assistant.assistant_upload(ctx, lang)
        if found is not None:
            _preview_and_confirm(found, who, lang, "report")
    _import_log(lang)


def _upload_of(name: str, raw: bytes, styles: dict[str, str]) -> Upload:
    """The uploaded file read once per session and file: every click on the page reruns it."""
    key = (name, hashlib.sha256(raw).hexdigest())
    kept = st.session_state.get("import_upload")
    if kept is None or kept[0] != key:
        kept = (key, read_upload(name, raw, styles))
        st.session_state["import_upload"] = kept
    return kept[1]


def _plan(upload: Upload) -> ImportPlan:
    """The preview of an upload, made once per upload and state of the data files (planning reads and
    validates the whole dataset). The write plans again under the lock, so a stale preview is harmless."""
    key = (upload.name, upload.sha256, data.data_stamp())
    kept = st.session_state.get("import_plan")
    if kept is None or kept[0] != key:
        kept = (key, plan_import(upload, data.data_dir()))
        st.session_state["import_plan"] = kept
    return kept[1]


def _preview_and_confirm(upload: Upload, who: str, lang: str, where: str) -> None:
    """The preview of an upload (a file, or the assistant's ticked rows) and its confirm / cancel."""
    plan = _plan(upload)
    st.subheader(t("import_step_preview" if where == "file" else "assistant_step_preview", lang))
    _show_plan(plan, lang)
    if not plan.problems and plan.writes_nothing:
        st.info(t("import_nothing", lang), icon=":material/info:")
    elif not plan.problems:
        buttons = st.columns([1, 1, 4])
        if buttons[0].button(t("import_confirm", lang), type="primary", key=f"import_confirm_{where}"):
            _confirm(upload, who, lang)
        if buttons[1].button(t("import_cancel", lang), key=f"import_cancel_{where}"):
            _start_over()
            st.rerun()


def _start_over() -> None:
    """Empty the uploader and the assistant (new widget keys) for the next import."""
    st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    assistant.start_over()


def _confirm(upload: Upload, who: str, lang: str) -> None:
    """Write under the lock (the plan is made again there), then start a fresh upload round."""
    try:
        result = apply_import(upload, data.data_dir(), who=who)
    except TimeoutError:
        st.error(t("import_busy", lang), icon=":material/hourglass_top:")
        return
    if result.plan.problems:  # another curator's import, written meanwhile, clashes with this one
        st.error(t("import_problems", lang, count=len(result.plan.problems)), icon=":material/error:")
        return
    st.session_state["import_done"] = {
        "new": len(result.plan.new),
        "changed": len(result.plan.changed),
        "file": result.records_file,
    }
    _start_over()
    st.rerun()


guarded(body, "page_import")
