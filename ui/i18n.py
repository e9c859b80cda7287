"""Every label of the dashboard, in Vietnamese (default) and English: one catalogue, one lookup.

KPI labels and definitions come from kc_metrics.KPIS; province names are proper names and stay as
they are. Everything else a user reads is here.
"""

from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, dict[str, str]] = {
    # app and navigation
    "tab_title": {"vi": "Khuyến công", "en": "Industrial promotion"},
    "app_title": {"vi": "Khuyến công: kết quả chương trình", "en": "Industrial promotion: programme results"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_budget": {"vi": "Kinh phí", "en": "Budget"},
    "page_training": {"vi": "Đào tạo", "en": "Training"},
    "page_products": {"vi": "Sản phẩm", "en": "Products"},
    "page_data": {"vi": "Dữ liệu", "en": "Data"},
    "page_sources": {"vi": "Nguồn & phương pháp", "en": "Sources & method"},
    "page_profile": {"vi": "Hồ sơ tỉnh", "en": "Province profile"},
    # sidebar filters
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
    "estimate": {"vi": "Ước tính", "en": "Estimate"},
    "estimate_note": {
        "vi": "Số ước tính (nguồn ghi «ước», «dự kiến» trước khi chốt số liệu)",
        "en": "An estimate (the source gives it before the accounts close)",
    },
    "yes": {"vi": "có", "en": "yes"},
    "formula": {"vi": "Công thức", "en": "Formula"},
    "computed_by_curator": {
        "vi": "Số tính toán (nguồn không ghi số này)",
        "en": "Computed (the source does not write this number)",
    },
    "scope": {"vi": "Phạm vi", "en": "Scope"},
    "superseded_by": {"vi": "Được thay bằng", "en": "Superseded by"},
    "show_superseded": {"vi": "Hiện cả số liệu đã được thay thế", "en": "Show superseded figures too"},
    "show_superseded_help": {
        "vi": "Số liệu đã có số mới hơn thay thế (ví dụ số ước tính đã có số thực hiện) vẫn được lưu; bật "
        "để xem chúng, kèm mã số liệu thay thế.",
        "en": "Figures a later record replaces (an estimate by its result, for instance) are kept; turn "
        "this on to list them, with the id of the record that replaces them.",
    },
    "as_of": {"vi": "Tính đến", "en": "As of"},
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
    "download_csv": {"vi": "Tải dữ liệu biểu đồ (CSV)", "en": "Download chart data (CSV)"},
    "chart_sources": {
        "vi": "Nguồn: {sources} (chi tiết bên dưới và ở trang Nguồn & phương pháp).",
        "en": "Sources: {sources} (details below and on the Sources & method page).",
    },
    "source_details": {"vi": "Chi tiết nguồn", "en": "Source details"},
    "view": {"vi": "Cách xem", "en": "View"},
    "view_compare": {"vi": "So sánh các tỉnh", "en": "Compare provinces"},
    "view_time": {"vi": "Theo thời gian", "en": "Over time"},
    "compare_period": {"vi": "Kỳ so sánh", "en": "Period compared"},
    "period_option": {"vi": "{period} · {n} tỉnh có số liệu", "en": "{period} · {n} provinces with data"},
    "context_line": {
        "vi": "Cùng kỳ, cấp vùng và toàn quốc: {figures}.",
        "en": "Same period, regions and nation: {figures}.",
    },
    "too_many_areas": {
        "vi": "{n} địa bàn có số liệu; hiện {shown} địa bàn đầu. Chọn ít tỉnh hơn ở thanh bên "
        "để xem từng tỉnh.",
        "en": "{n} areas have data; the first {shown} are shown. Pick fewer provinces in the sidebar.",
    },
    "yearly_figures": {"vi": "Số liệu từng năm", "en": "Yearly figures"},
    "multi_year_figures": {"vi": "Số liệu cả giai đoạn nhiều năm", "en": "Figures for several years at once"},
    "left_out_short": {
        "vi": "{n} số liệu có giai đoạn vượt ra ngoài khoảng năm đã chọn nên không được tính",
        "en": "{n} figures reach beyond the selected years and are left out",
    },
    "not_rolled_up_short": {
        "vi": "{n} số liệu không gộp được về tỉnh mới",
        "en": "{n} figures could not be rolled up into a current province",
    },
    "estimate_marked": {
        "vi": "Số có chữ «ước» là số ước tính, nguồn ghi trước khi chốt số liệu",
        "en": "Figures marked «est.» are estimates, given before the accounts closed",
    },
    "plan_hatched": {"vi": "Thanh gạch chéo là số kế hoạch", "en": "Hatched bars are plans"},
    "source_says": {"vi": "{source} ghi {value} ({period})", "en": "{source} gives {value} ({period})"},
    "disagreement": {
        "vi": "Hai nguồn không khớp về {kpi}: {a}; {b} (có thể khác phạm vi thống kê)",
        "en": "Two sources disagree on {kpi}: {a}; {b} (they may count different things)",
    },
    "no_data_charts": {
        "vi": "Không có số liệu cho lựa chọn này: {charts}. Hãy chọn tỉnh khác, mở rộng khoảng năm "
        "hoặc bật «Hiện cả kế hoạch».",
        "en": "No data for this selection: {charts}. Choose another province, widen the years or turn on "
        "«Show plans too».",
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
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "no_data_any": {
        "vi": "Không có số liệu cho lựa chọn này. Hãy chọn tỉnh khác, mở rộng khoảng năm hoặc bật "
        "«Hiện cả kế hoạch».",
        "en": "No data for this selection. Choose another province, widen the years or turn on "
        "«Show plans too».",
    },
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
    "coverage": {"vi": "Độ phủ số liệu của lựa chọn", "en": "Data coverage of the selection"},
    "cov_areas": {"vi": "Địa bàn có số liệu", "en": "Areas with data"},
    "cov_figures": {"vi": "Số liệu", "en": "Figures"},
    "cov_sources": {"vi": "Nguồn", "en": "Sources"},
    "cov_years": {"vi": "Năm có số liệu", "en": "Years covered"},
    "compare_title": {"vi": "So sánh các tỉnh: {kpi}", "en": "Comparing provinces: {kpi}"},
    "compare_section": {"vi": "So sánh các tỉnh", "en": "Provinces compared"},
    "figure_count": {"vi": "Số liệu hiện có của mỗi tỉnh", "en": "Figures each province has"},
    "figure_count_caption": {
        "vi": "Mỗi tỉnh được tô màu theo số con số đã thu thập được cho lựa chọn này (mọi chỉ tiêu); "
        "tỉnh màu xám chưa có số liệu. Chọn một chỉ tiêu ở trên để so sánh giá trị.",
        "en": "Each province is coloured by how many figures the dataset holds for this selection (any "
        "indicator); grey provinces have none yet. Pick an indicator above to compare values.",
    },
    "fit_exact": {"vi": "đúng giai đoạn chọn", "en": "the selected years exactly"},
    "fit_partial": {"vi": "phủ {n}/{of} năm đã chọn", "en": "covers {n} of {of} selected years"},
    "cov_latest": {"vi": "Năm gần nhất có số liệu", "en": "Latest year with data"},
    "no_data_area": {
        "vi": "Chưa có số liệu nào cho địa bàn này trong khoảng năm đã chọn.",
        "en": "No figure for this area in the selected years yet.",
    },
    "compare_kpi": {"vi": "Chỉ tiêu so sánh", "en": "Indicator to compare"},
    "map_title": {"vi": "Bản đồ: {kpi}, {period}", "en": "Map: {kpi}, {period}"},
    "map_caption": {
        "vi": "Mỗi chấm là trung tâm một tỉnh (toạ độ từ gói vietnamadminunits), tô màu theo giá trị; "
        "chấm xám: không có số liệu cho kỳ này. Đường bờ biển từ Natural Earth (phạm vi công cộng). "
        "Bản đồ không cần internet.",
        "en": "Each dot is a province centre (coordinates from the vietnamadminunits package), coloured by "
        "value; grey: no data for this period. Coastline from Natural Earth (public domain). The map needs "
        "no internet.",
    },
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
    "classes_title": {"vi": "Số lớp đào tạo", "en": "Training classes"},
    "per_class_title": {"vi": "Học viên bình quân một lớp", "en": "Trainees per class"},
    "outcome_rates_title": {
        "vi": "Tỷ lệ có việc làm và được cấp chứng nhận sau đào tạo",
        "en": "Employed and certified after training",
    },
    "employed_title": {"vi": "Học viên có việc làm sau đào tạo", "en": "Trainees employed after training"},
    "income_title": {"vi": "Thu nhập của học viên sau đào tạo", "en": "Trainees' income after training"},
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
    "ocop_total_title": {"vi": "Tổng số sản phẩm OCOP", "en": "OCOP products in all"},
    "market_title": {
        "vi": "Hội chợ, nhãn hiệu, bao bì, trưng bày",
        "en": "Fairs, trademarks, packaging, showrooms",
    },
    # province profile
    "profile_pick": {"vi": "Tỉnh, thành", "en": "Province"},
    "profile_former": {
        "vi": "{region} · tỉnh cũ (đến 30/6/2025); từ 1/7/2025 thuộc {successor}.",
        "en": "{region} · former province (until 30 June 2025); part of {successor} from 1 July 2025.",
    },
    "profile_current": {
        "vi": "{region} · tỉnh từ 1/7/2025, gồm các tỉnh cũ: {parts}. Số liệu của các tỉnh cũ được ghi rõ "
        "ở cột «Từ tỉnh cũ».",
        "en": "{region} · province from 1 July 2025, made of the former provinces {parts}. Their figures are "
        "marked in the column «From former province».",
    },
    "print_view": {"vi": "Bản để in (mở trang mới)", "en": "Printable version (new tab)"},
    "profile_plans": {"vi": "Trong đó kế hoạch", "en": "Of which plans"},
    "profile_all_records": {
        "vi": "Mọi số liệu đã thu thập về tỉnh này, không phụ thuộc bộ lọc năm, chương trình và kế hoạch ở "
        "thanh bên. Mỗi thanh là một số liệu, trải trên giai đoạn nó bao gồm; thanh gạch chéo là kế hoạch.",
        "en": "Every figure collected on this province, whatever the sidebar's years, programme and plan "
        "filters. Each bar is one figure, spanning the period it covers; hatched bars are plans.",
    },
    "from_former": {"vi": "Từ tỉnh cũ", "en": "From former province"},
    "cat_budget": {"vi": "Kinh phí", "en": "Budget"},
    "cat_projects": {"vi": "Đề án", "en": "Projects"},
    "cat_training": {"vi": "Đào tạo", "en": "Training"},
    "cat_support": {
        "vi": "Hỗ trợ cơ sở: máy móc, mô hình, sản xuất sạch hơn",
        "en": "Support to establishments",
    },
    "cat_products": {"vi": "Sản phẩm CNNT tiêu biểu", "en": "CNNT typical products"},
    "cat_ocop": {"vi": "Sản phẩm OCOP", "en": "OCOP products"},
    "cat_market": {
        "vi": "Thị trường: hội chợ, nhãn hiệu, bao bì",
        "en": "Markets: fairs, trademarks, packaging",
    },
    "cat_outreach": {"vi": "Thông tin, tuyên truyền", "en": "Information and outreach"},
    "cat_advisory": {"vi": "Tư vấn, quy hoạch cụm công nghiệp", "en": "Advice and cluster planning"},
    "cat_context": {"vi": "Bối cảnh: công nghiệp, làng nghề", "en": "Context: industry, craft villages"},
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
    "outlet_not_named": {"vi": "Bản lưu không ghi cơ quan đăng", "en": "Not named in the copy held"},
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
    "kpi_id": {"vi": "Mã chỉ tiêu", "en": "Indicator id"},
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
    "show_all_areas": {"vi": "Hiện cả {n} tỉnh", "en": "Show all {n} provinces"},
    "show_all_areas_help": {
        "vi": "Biểu đồ hiện {top} tỉnh có giá trị lớn nhất (và tỉnh đang chọn); bật để xem tất cả.",
        "en": "The chart shows the {top} largest provinces (and the one picked); switch on to see them all.",
    },
    # curators' import page (pages/7_nhap-so-lieu.py, ui/signin.py)
    "page_import": {"vi": "Nhập số liệu", "en": "Data import"},
    "signin_title": {"vi": "Đăng nhập dành cho cán bộ nhập liệu", "en": "Sign in: data curators"},
    "signin_name": {"vi": "Họ tên (ghi vào nhật ký nhập liệu)", "en": "Your name (for the import log)"},
    "signin_password": {"vi": "Mật khẩu", "en": "Password"},
    "signin_button": {"vi": "Đăng nhập", "en": "Sign in"},
    "signin_oidc": {"vi": "Đăng nhập bằng tài khoản cơ quan", "en": "Sign in with your organisation account"},
    "signin_wrong": {"vi": "Mật khẩu không đúng.", "en": "The password is not right."},
    "signin_no_name": {"vi": "Hãy ghi họ tên.", "en": "Give your name."},
    "signin_wait": {
        "vi": "Đã nhập sai nhiều lần. Hãy đợi {seconds} giây rồi thử lại.",
        "en": "Too many wrong attempts. Wait {seconds} s, then try again.",
    },
    "signin_not_allowed": {
        "vi": "Tài khoản này chưa được phép nhập số liệu.",
        "en": "This account may not import data.",
    },
    "signin_not_set_up": {
        "vi": "Trang nhập số liệu chưa được bật. Người quản trị máy chủ đặt mật khẩu trong tệp "
        ".streamlit/secrets.toml (không đưa lên git) như dưới đây, rồi khởi động lại bảng điều khiển.",
        "en": "Data import is not set up. The server's administrator sets a password in "
        ".streamlit/secrets.toml (never in git) as below, then restarts the dashboard.",
    },
    "signed_in_as": {"vi": "Đã đăng nhập: {who}", "en": "Signed in: {who}"},
    "signout": {"vi": "Đăng xuất", "en": "Sign out"},
    "import_step_template": {"vi": "1. Tải mẫu nhập liệu", "en": "1. Download the template"},
    "import_template_help": {
        "vi": "Tệp Excel có danh sách chọn tỉnh, chỉ tiêu, trạng thái; trang hướng dẫn có một dòng ví dụ.",
        "en": "An Excel file with drop-down lists of provinces, metrics and statuses; its read-me sheet has "
        "one filled example row.",
    },
    "template_download": {"vi": "Tải mẫu nhập liệu", "en": "Download the data template"},
    "import_step_upload": {"vi": "2. Tải lên tệp đã điền", "en": "2. Upload the filled file"},
    "upload_label": {"vi": "Tệp Excel (.xlsx) hoặc CSV", "en": "Excel (.xlsx) or CSV file"},
    "upload_help": {
        "vi": "Tối đa 5 MB và 10.000 dòng. CSV: UTF-8, UTF-16 hoặc Windows-1258.",
        "en": "At most 5 MB and 10,000 rows. CSV: UTF-8, UTF-16 or Windows-1258.",
    },
    "import_step_preview": {"vi": "3. Xem trước, rồi xác nhận", "en": "3. Preview, then confirm"},
    "preview_new": {"vi": "Bản ghi mới", "en": "New records"},
    "preview_changed": {"vi": "Bản ghi thay đổi", "en": "Changed records"},
    "preview_changed_help": {
        "vi": "Giá trị cũ và mới cạnh nhau. Bản ghi cũ được giữ lại và đánh dấu là đã được thay thế.",
        "en": "Old and new side by side. The old record is kept and marked as replaced.",
    },
    "preview_unchanged": {"vi": "Không đổi (đã có)", "en": "Unchanged (already in)"},
    "preview_conflicts": {"vi": "Trùng với nguồn khác", "en": "Conflict with another source"},
    "preview_sources": {"vi": "Nguồn mới", "en": "New sources"},
    "import_row": {"vi": "Dòng", "en": "Row"},
    "import_old": {"vi": "cũ", "en": "old"},
    "import_new": {"vi": "mới", "en": "new"},
    "import_problem": {"vi": "Vấn đề (trang, dòng, cột)", "en": "Problem (sheet, row, column)"},
    "import_problems": {
        "vi": "Tệp có {count} vấn đề; chưa ghi gì. Sửa trong tệp rồi tải lên lại.",
        "en": "The file has {count} problem(s); nothing was written. Fix them in the file and upload it "
        "again.",
    },
    "import_nothing": {
        "vi": "Không có gì thay đổi: mọi dòng của tệp đã có trong dữ liệu.",
        "en": "Nothing to change: every row of the file is in the data already.",
    },
    "import_confirm": {"vi": "Xác nhận ghi", "en": "Confirm and write"},
    "import_cancel": {"vi": "Hủy", "en": "Cancel"},
    "import_busy": {
        "vi": "Một lượt nhập khác đang được ghi; hãy thử lại sau một phút.",
        "en": "Another import is being written; try again in a minute.",
    },
    "import_done": {
        "vi": "Đã ghi {new} bản ghi mới và {changed} bản ghi thay đổi vào {file}. Các trang hiển thị số liệu "
        "mới ngay từ lần tải tiếp theo.",
        "en": "Written: {new} new and {changed} changed record(s) into {file}. Every page shows them from "
        "its next refresh.",
    },
    "import_log_title": {"vi": "Nhật ký nhập liệu ({count} lượt)", "en": "Import log ({count} imports)"},
    "import_tab_file": {"vi": "Tệp Excel hoặc CSV", "en": "Excel or CSV file"},
    "import_tab_report": {"vi": "Đọc báo cáo (trợ lý)", "en": "Read a report (assistant)"},
    # the reading assistant (ui/assistant.py)
    "assistant_intro": {
        "vi": "Dán hoặc tải lên một báo cáo: trợ lý tìm các số liệu trong văn bản để cán bộ chọn và sửa. "
        "Trợ lý chỉ gợi ý; mọi dòng được chọn vẫn qua cùng các bước kiểm tra, xem trước và xác nhận.",
        "en": "Paste or upload a report: the assistant finds the figures in its text for you to tick and "
        "correct. It only suggests; every ticked row goes through the same checks, preview and confirmation.",
    },
    "assistant_file": {
        "vi": "Báo cáo (.txt, .docx, .pdf có lớp chữ)",
        "en": "Report (.txt, .docx, .pdf with text)",
    },
    "assistant_paste": {"vi": "…hoặc dán nội dung báo cáo", "en": "…or paste the report's text"},
    "assistant_hint": {
        "vi": "Chưa có văn bản. PDF quét (ảnh) không đọc được: hãy dán phần chữ.",
        "en": "No text yet. A scanned PDF (images only) cannot be read: paste its text instead.",
    },
    "assistant_province": {"vi": "Tỉnh của báo cáo (nếu biết)", "en": "The report's province (if known)"},
    "assistant_year": {"vi": "Năm của báo cáo (nếu biết)", "en": "The report's year (if known)"},
    "assistant_text": {
        "vi": "Văn bản, {count} số liệu được đánh dấu",
        "en": "The text, {count} figure(s) marked",
    },
    "assistant_none": {
        "vi": "Trợ lý không tìm thấy số liệu nào trong văn bản này.",
        "en": "The assistant found no figure in this text.",
    },
    "assistant_source": {"vi": "Nguồn của các số liệu", "en": "The figures' source"},
    "assistant_source_id": {"vi": "Mã nguồn", "en": "Source id"},
    "assistant_title": {"vi": "Tiêu đề", "en": "Title"},
    "assistant_outlet": {"vi": "Nơi đăng", "en": "Outlet"},
    "assistant_date": {"vi": "Ngày đăng", "en": "Date published"},
    "assistant_url": {"vi": "Địa chỉ web", "en": "Web address"},
    "assistant_kind": {"vi": "Loại", "en": "Kind"},
    "assistant_language": {"vi": "Ngôn ngữ", "en": "Language"},
    "assistant_candidates": {
        "vi": "Số liệu tìm thấy: đánh dấu dòng cần nhập, sửa ô nếu cần",
        "en": "Figures found: tick the rows to import, correct any cell",
    },
    "assistant_include": {"vi": "Nhập", "en": "Import"},
    "assistant_written": {"vi": "Như nguồn viết", "en": "As written"},
    "assistant_value": {"vi": "Giá trị", "en": "Value"},
    "assistant_metric": {"vi": "Chỉ tiêu", "en": "Metric"},
    "assistant_estimate": {"vi": "Ước tính", "en": "Estimate"},
    "assistant_sentence": {"vi": "Câu chứa số liệu", "en": "Sentence"},
    "assistant_step_preview": {"vi": "Xem trước, rồi xác nhận", "en": "Preview, then confirm"},
    "assistant_check": {"vi": "Kiểm tra và xem trước", "en": "Check and preview"},
    "assistant_note": {
        "vi": "Trợ lý đọc tìm thấy trong {document}; cán bộ nhập liệu đã kiểm tra.",
        "en": "Found by the reading assistant in {document}; checked by the curator.",
    },
    "assistant_covers": {
        "vi": "Số liệu nhập bằng trợ lý đọc từ {document}.",
        "en": "Figures imported with the reading assistant from {document}.",
    },
}


def category_label(category: str, lang: str = "vi") -> str:
    """A KPI category (budget, training...) in words; an unknown one as it is."""
    key = f"cat_{category}"
    return t(key, lang) if key in LABELS else category


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The label `key` in `lang`, with {placeholders} filled in. Unknown keys fail loudly in tests."""
    text = LABELS[key][lang if lang in LANGS else "vi"]
    return text.format(**values) if values else text
