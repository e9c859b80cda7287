"""Every label of the dashboard, in Vietnamese (default) and English: one catalogue, one lookup.

KPI labels and definitions come from kc_metrics.KPIS; province names are proper names and stay as
they are. Everything else a user reads is here.
"""

from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, dict[str, str]] = {
    # app and navigation
    "app_title": {"vi": "Khuyến công: kết quả chương trình", "en": "Industrial promotion: programme results"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_budget": {"vi": "Kinh phí", "en": "Budget"},
    "page_training": {"vi": "Đào tạo", "en": "Training"},
    "page_products": {"vi": "Sản phẩm", "en": "Products"},
    "page_data": {"vi": "Dữ liệu", "en": "Data"},
    "page_sources": {"vi": "Nguồn & phương pháp", "en": "Sources & method"},
    # sidebar filters
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "filters": {"vi": "Bộ lọc", "en": "Filters"},
    "geo_mode": {"vi": "Địa giới", "en": "Provinces as"},
    "geo_reported": {"vi": "Như nguồn báo cáo (63 tỉnh cũ)", "en": "As reported (63 former provinces)"},
    "geo_current": {"vi": "34 tỉnh, thành hiện nay", "en": "Current 34 provinces"},
    "region": {"vi": "Vùng", "en": "Region"},
    "region_all": {"vi": "Cả nước (mọi vùng)", "en": "Whole country (all regions)"},
    "provinces": {"vi": "Tỉnh, thành", "en": "Provinces"},
    "provinces_placeholder": {"vi": "Tất cả", "en": "All"},
    "years": {"vi": "Giai đoạn", "en": "Years"},
    "program": {"vi": "Chương trình", "en": "Programme"},
    "program_any": {"vi": "Tất cả", "en": "All"},
    "program_kcqg": {"vi": "KCQG (quốc gia)", "en": "KCQG (national)"},
    "program_kcdp": {"vi": "KCĐP (địa phương)", "en": "KCĐP (local)"},
    "show_plan": {"vi": "Hiện cả kế hoạch", "en": "Show plans too"},
    "show_plan_help": {
        "vi": "Số kế hoạch, mục tiêu được hiện bên cạnh số thực hiện, không bao giờ cộng vào.",
        "en": "Plans and targets are shown beside the results, never added to them.",
    },
    "url_corrected": {
        "vi": "Một số tham số trong đường dẫn không hợp lệ nên đã được bỏ qua hoặc sửa lại: {params}.",
        "en": "Some parameters of the link were not valid and were ignored or corrected: {params}.",
    },
    "new_province_suffix": {"vi": " (từ 7/2025)", "en": " (from 7/2025)"},
    # statuses, programmes, qualifiers, geography levels
    "status_actual": {"vi": "thực hiện", "en": "actual"},
    "status_plan": {"vi": "kế hoạch", "en": "plan"},
    "prog_all": {"vi": "Tất cả chương trình", "en": "All programmes"},
    "prog_kcqg": {"vi": "KCQG", "en": "KCQG"},
    "prog_kcdp": {"vi": "KCĐP", "en": "KCĐP"},
    "prog_kcqg+kcdp": {"vi": "KCQG + KCĐP", "en": "KCQG + KCĐP"},
    "derived_yes": {"vi": "tính từ các phần", "en": "computed from its parts"},
    # common chart texts
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "period": {"vi": "Giai đoạn", "en": "Period"},
    "geography": {"vi": "Địa bàn", "en": "Area"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "as_written": {"vi": "Số liệu gốc", "en": "As written"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "status": {"vi": "Loại số liệu", "en": "Status"},
    "qualifier": {"vi": "Mức độ", "en": "Qualifier"},
    "months": {"vi": "Số tháng", "en": "Months"},
    "covers": {"vi": "Gồm số liệu của", "en": "Covers"},
    "derived": {"vi": "Số tính toán", "en": "Computed"},
    "record_ids": {"vi": "Mã bản ghi", "en": "Record ids"},
    "download_csv": {"vi": "Tải dữ liệu biểu đồ (CSV)", "en": "Download chart data (CSV)"},
    "chart_sources": {
        "vi": "Nguồn: {sources} (chi tiết bên dưới và ở trang Nguồn & phương pháp).",
        "en": "Sources: {sources} (details below and on the Sources & method page).",
    },
    "source_details": {"vi": "Chi tiết nguồn", "en": "Source details"},
    "compare_levels": {
        "vi": "Chỉ so sánh các tỉnh; chọn Toàn quốc hoặc một vùng ở thanh bên để xem số liệu cấp đó.",
        "en": "Provinces only; pick Nationwide or a region in the sidebar to see figures at that level.",
    },
    "chart_period": {"vi": "Giai đoạn chọn: {years}", "en": "Selected years: {years}"},
    "left_out_note": {
        "vi": "{n} số liệu không được tính vì giai đoạn của chúng vượt ra ngoài khoảng năm đã chọn "
        "(ví dụ tổng nhiều năm). Mở rộng khoảng năm để xem.",
        "en": "{n} figures are left out because their period reaches beyond the selected years "
        "(multi-year totals, for instance). Widen the years to see them.",
    },
    "partial_note": {
        "vi": "Số liệu của tỉnh mới chỉ gồm một phần các tỉnh cũ hợp thành được đánh dấu *.",
        "en": "Values marked * cover only some of the former provinces that make up the current one.",
    },
    "not_rolled_up_note": {
        "vi": "{n} số liệu không thể gộp về tỉnh mới vì thiếu số liệu của một số tỉnh cũ cùng kỳ, "
        "hoặc vì là tỷ lệ, bình quân (không được cộng).",
        "en": "{n} figures could not be rolled up into a current province: some former provinces lack data "
        "for the same period, or the figure is a rate or an average (never summed).",
    },
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "no_data_selection": {
        "vi": "Không có số liệu {what} cho lựa chọn này. Hãy chọn tỉnh khác, mở rộng khoảng năm "
        "hoặc bật «Hiện cả kế hoạch».",
        "en": "No {what} data for this selection. Choose another province, widen the years or turn on "
        "«Show plans too».",
    },
    "missing_kpis": {"vi": "Không có số liệu cho: {kpis}.", "en": "No data for: {kpis}."},
    # errors
    "data_error_title": {
        "vi": "Dữ liệu hiện có lỗi nên bảng điều khiển chưa thể hiển thị.",
        "en": "The data has errors, so the dashboard cannot show it yet.",
    },
    "data_stale": {
        "vi": "Tệp dữ liệu vừa sửa có lỗi; bảng điều khiển đang hiển thị bản dữ liệu hợp lệ gần nhất.",
        "en": "The edited data files have errors; the dashboard shows the last valid version of the data.",
    },
    "data_error_help": {
        "vi": "Người phụ trách dữ liệu: sửa các dòng dưới đây trong thư mục data/ rồi tải lại trang.",
        "en": "Data curator: fix the rows below in the data/ folder, then reload the page.",
    },
    "unexpected_error": {
        "vi": "Đã có lỗi khi hiển thị trang này. Hãy tải lại trang; nếu lỗi còn, báo cho bộ phận kỹ thuật.",
        "en": "Something went wrong showing this page. Reload it; if the problem stays, "
        "tell the technical team.",
    },
    # overview
    "overview_intro": {
        "vi": "Số liệu khuyến công đã kiểm chứng, mỗi con số dẫn về bài báo cáo gốc.",
        "en": "Verified industrial-promotion figures; every number leads back to its source report.",
    },
    "headline_for": {"vi": "Chỉ tiêu chính: {geo}", "en": "Headline figures: {geo}"},
    "headline_hint": {
        "vi": "Chọn đúng một tỉnh ở thanh bên để xem chỉ tiêu của tỉnh đó; mặc định là số liệu toàn quốc.",
        "en": "Pick exactly one province in the sidebar to see its figures; by default the national ones.",
    },
    "billion_vnd": {"vi": "tỷ đồng", "en": "billion VND"},
    "latest_period": {"vi": "kỳ gần nhất", "en": "latest period"},
    "coverage": {"vi": "Độ phủ số liệu của lựa chọn", "en": "Data coverage of the selection"},
    "cov_areas": {"vi": "Địa bàn có số liệu", "en": "Areas with data"},
    "cov_figures": {"vi": "Số liệu", "en": "Figures"},
    "cov_sources": {"vi": "Nguồn", "en": "Sources"},
    "cov_years": {"vi": "Năm có số liệu", "en": "Years covered"},
    "compare_title": {"vi": "So sánh địa bàn: {kpi}", "en": "Comparing areas: {kpi}"},
    "compare_kpi": {"vi": "Chỉ tiêu so sánh", "en": "Indicator to compare"},
    "map_title": {"vi": "Bản đồ: {kpi}, {period}", "en": "Map: {kpi}, {period}"},
    "map_period": {"vi": "Kỳ số liệu trên bản đồ", "en": "Period shown on the map"},
    "map_caption": {
        "vi": "Mỗi chấm là trung tâm một tỉnh (toạ độ từ gói vietnamadminunits); chấm xám: không có số liệu "
        "cho kỳ này. Bản đồ không cần internet.",
        "en": "Each dot is a province centre (coordinates from the vietnamadminunits package); grey: no data "
        "for this period. The map needs no internet.",
    },
    "map_no_period": {
        "vi": "Chưa có tỉnh nào có số liệu {kpi} cho lựa chọn này.",
        "en": "No province has {kpi} data for this selection.",
    },
    "no_data_marker": {"vi": "không có số liệu", "en": "no data"},
    # budget
    "budget_title": {
        "vi": "Kinh phí KCQG và KCĐP theo địa bàn và kỳ",
        "en": "KCQG and KCĐP budget by area and period",
    },
    "share_title": {"vi": "Tỷ trọng KCQG trong kinh phí", "en": "KCQG share of the budget"},
    "per_project_title": {"vi": "Kinh phí bình quân một đề án", "en": "Budget per project"},
    "projects_title": {"vi": "Số đề án theo chương trình", "en": "Projects by programme"},
    "budget_other_title": {"vi": "Các khoản kinh phí khác", "en": "Other money figures"},
    # training
    "trainees_title": {"vi": "Học viên theo loại hình đào tạo", "en": "Trainees by kind of training"},
    "classes_title": {"vi": "Lớp học và học viên bình quân một lớp", "en": "Classes and trainees per class"},
    "outcomes_title": {"vi": "Kết quả sau đào tạo", "en": "Outcomes after training"},
    # products
    "funnel_title": {
        "vi": "Sản phẩm CNNT tiêu biểu: cấp tỉnh → khu vực → quốc gia",
        "en": "CNNT typical products: provincial → regional → national",
    },
    "rates_title": {
        "vi": "Tỷ lệ sản phẩm cấp tỉnh được công nhận ở cấp cao hơn",
        "en": "Provincial winners recognised higher up",
    },
    "ocop_title": {"vi": "Sản phẩm OCOP theo số sao", "en": "OCOP products by stars"},
    "market_title": {
        "vi": "Hội chợ, nhãn hiệu, bao bì, trưng bày",
        "en": "Fairs, trademarks, packaging, showrooms",
    },
    # data page
    "data_intro": {
        "vi": "Các số liệu theo bộ lọc, mỗi dòng một con số như nguồn đã viết, kèm nguồn.",
        "en": "The figures of the selection, one row per figure as its source wrote it, with the source.",
    },
    "rows_shown": {"vi": "{n} số liệu", "en": "{n} figures"},
    "download_records_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    "download_records_xlsx": {"vi": "Tải Excel (XLSX)", "en": "Download Excel (XLSX)"},
    "sheet_data": {"vi": "Số liệu", "en": "Data"},
    "sheet_sources": {"vi": "Nguồn", "en": "Sources"},
    "sheet_filters": {"vi": "Bộ lọc", "en": "Filters"},
    "exported_at": {"vi": "Thời điểm xuất", "en": "Exported at"},
    "filter": {"vi": "Bộ lọc", "en": "Filter"},
    "setting": {"vi": "Giá trị", "en": "Setting"},
    "metric": {"vi": "Chỉ tiêu (mã)", "en": "Metric (id)"},
    "title": {"vi": "Tiêu đề", "en": "Title"},
    "outlet": {"vi": "Cơ quan đăng", "en": "Outlet"},
    "author": {"vi": "Tác giả", "en": "Author"},
    "published": {"vi": "Ngày đăng", "en": "Published"},
    "link": {"vi": "Liên kết", "en": "Link"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "program_col": {"vi": "Chương trình", "en": "Programme"},
    "source_id": {"vi": "Mã nguồn", "en": "Source id"},
    "record_id": {"vi": "Mã số liệu", "en": "Record id"},
    "kind": {"vi": "Loại", "en": "Kind"},
    "covers_col": {"vi": "Nội dung", "en": "Covers"},
    # sources page
    "sources_title": {"vi": "Các nguồn số liệu", "en": "Sources of the figures"},
    "kpi_title": {"vi": "Định nghĩa chỉ tiêu", "en": "Indicator definitions"},
    "definition": {"vi": "Định nghĩa", "en": "Definition"},
    "category": {"vi": "Nhóm", "en": "Category"},
    "additive": {"vi": "Cộng được giữa các tỉnh", "en": "May be summed across provinces"},
    "coverage_title": {"vi": "Ma trận độ phủ: địa bàn × năm", "en": "Coverage matrix: area × year"},
    "coverage_caption": {
        "vi": "Số ô: số liệu có giai đoạn bao gồm năm đó. Một tổng nhiều năm được đếm ở mỗi năm nó bao gồm "
        "(đây là độ phủ, không phải giá trị).",
        "en": "Each cell counts the figures whose period includes that year. A multi-year total counts in "
        "every year it spans (this is coverage, not values).",
    },
    "rules_title": {"vi": "Nguyên tắc trình bày số liệu", "en": "How the numbers are kept honest"},
    "rules": {
        "vi": "- **Thiếu không phải là 0.** Chỉ tiêu không có số liệu được ghi «không có số liệu», không bao "
        "giờ hiện thành 0.\n"
        "- **Giữ nguyên giai đoạn.** Một tổng nhiều năm (ví dụ Bắc Giang 2014–2020) là một con số cho cả "
        "giai đoạn, không chia cho từng năm và không đặt vào năm cuối. Nó chỉ được tính khi cả giai đoạn "
        "nằm trong khoảng năm đã chọn; số bị loại ra được nêu rõ.\n"
        "- **Kế hoạch không phải thực hiện.** Số kế hoạch chỉ hiện khi bật «Hiện cả kế hoạch» và luôn đứng "
        "cạnh, không cộng vào số thực hiện.\n"
        "- **Năm chưa trọn và số cận dưới được ghi rõ**: «8 tháng», «hơn», «khoảng».\n"
        "- **Số tính toán được đánh dấu.** Tổng KCQG + KCĐP khi nguồn không nêu tổng, và mọi tỷ lệ, đều là "
        "số tính từ các phần và mang mã nguồn của các phần.\n"
        "- **Gộp về 34 tỉnh mới.** Chỉ cộng các chỉ tiêu cộng được khi mọi tỉnh cũ hợp thành đều có số liệu "
        "cùng kỳ; tỷ lệ được tính lại từ các phần; tỷ lệ và bình quân không bao giờ được cộng. Khi chỉ một "
        "tỉnh cũ có số liệu, số đó được hiện dưới tỉnh mới kèm ghi chú nó chỉ gồm tỉnh cũ nào.",
        "en": "- **Missing is not zero.** An indicator without data is shown as «no data», never as 0.\n"
        "- **Periods are kept whole.** A multi-year total (Bắc Giang 2014–2020, for instance) is one figure "
        "for the whole period, never spread over years or put on its last year. It counts only when its "
        "whole period lies inside the selected years; what is left out is said.\n"
        "- **Plan is not actual.** Plans appear only with «Show plans too», beside the results, never added "
        "to them.\n"
        "- **Partial years and lower bounds are labelled**: «8 months», «more than», «about».\n"
        "- **Computed values are marked.** A KCQG + KCĐP total where the source gives none, and every ratio, "
        "are computed from their parts and carry the parts' sources.\n"
        "- **Roll-up to the 34 current provinces.** Additive indicators are summed only where every former "
        "province that merged has data for the same period; ratios are recomputed from the parts; rates and "
        "averages are never summed. Where only one former province has data, its figure is shown under "
        "the current province with a note saying which former province it covers.",
    },
}


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The label `key` in `lang`, with {placeholders} filled in. Unknown keys fail loudly in tests."""
    text = LABELS[key][lang if lang in LANGS else "vi"]
    return text.format(**values) if values else text
