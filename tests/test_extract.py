"""The reading assistant (kc_metrics.extract): every rule, on texts written for these tests."""

from __future__ import annotations

import shutil
import unicodedata

import pandas as pd
import pytest

from kc_metrics import schema
from kc_metrics.extract import COLUMNS, candidates, number_style
from kc_metrics.figures import parse_figure


def one(text: str, **kwargs: object) -> dict[str, object]:
    """The single candidate of a text (the test fails when there are more or none)."""
    found = candidates(text, **kwargs)  # type: ignore[arg-type]
    assert len(found) == 1, found[["value_as_written", "metric"]].to_string()
    return found.iloc[0].to_dict()


def by_written(text: str, **kwargs: object) -> dict[str, dict[str, object]]:
    found = candidates(text, **kwargs)  # type: ignore[arg-type]
    return {row["value_as_written"]: row for row in found.to_dict("records")}


# --- the frame -------------------------------------------------------------------------------------


def test_the_columns_are_those_of_the_issue_and_an_empty_text_gives_an_empty_frame():
    assert tuple(candidates("").columns) == COLUMNS
    assert tuple(candidates("Không có con số nào ở đây.").columns) == COLUMNS
    assert candidates("Không có con số nào ở đây.").empty
    found = candidates("Năm 2023, tỉnh Nam Định đào tạo nghề cho 250 học viên.")
    assert tuple(found.columns) == COLUMNS
    assert pd.api.types.is_string_dtype(found["metric"])
    assert str(found["months"].dtype) == "Int64"


def test_a_vietnamese_budget_sentence_gives_every_field():
    text = "Năm 2022, Trung tâm Khuyến công tỉnh Nam Định được giao kinh phí 3.456,7 triệu đồng."
    row = one(text)
    assert row["value_as_written"] == "3.456,7 triệu đồng"
    assert text[row["start"] : row["end"]] == "3.456,7 triệu đồng"
    assert row["value"] == pytest.approx(3456.7)
    assert (row["unit"], row["qualifier"], row["metric"]) == ("million_vnd", "exact", "budget")
    assert (row["program"], row["status"], row["estimate"]) == ("all", "actual", False)
    assert (row["period_start"], row["period_end"]) == (2022, 2022)
    assert pd.isna(row["months"])
    assert row["geo_code"] == "P63-36"  # Nam Định as it was in 2022
    assert row["sentence"] == text
    assert 0 < row["confidence"] <= 1


def test_every_written_figure_reads_back_to_its_value_with_the_project_parser():
    text = (
        "Năm 2021, tỉnh Hà Nam dành hơn 2,5 tỷ đồng cho khuyến công, mở 12 lớp đào tạo nghề cho khoảng "
        "360 học viên; 85% học viên có việc làm sau khóa học."
    )
    found = candidates(text)
    assert len(found) == 4
    for row in found.to_dict("records"):
        figure = parse_figure(row["value_as_written"], "vi")
        read = figure.million_vnd if row["unit"] == "million_vnd" else figure.number
        assert read == pytest.approx(row["value"])
        assert figure.qualifier == row["qualifier"]
        assert text[row["start"] : row["end"]] == row["value_as_written"]


# --- number styles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Kinh phí 29.229,2 triệu đồng", "vi"),
        ("hỗ trợ 4,4 tỷ đồng", "vi"),
        ("over 23.29 billion VND", "en"),
        ("a budget of 1,436.5 million VND", "en"),
        ("được giao 1.900 triệu đồng", "vi"),  # either style reads 1.900: the language decides
        ("1,900 workers were trained", "en"),
    ],
)
def test_the_number_style_is_decided_per_text(text, style):
    assert number_style(text) == style


def test_the_same_digits_read_by_the_style_of_their_text():
    vi = one("Năm 2020, tỉnh Yên Bái chi 1.250 triệu đồng cho khuyến công.")
    en = one("In 2020 Yen Bai province spent 1.25 billion VND on industrial promotion.")
    assert vi["value"] == en["value"] == pytest.approx(1250)
    assert vi["geo_code"] == en["geo_code"] == "P63-15"
    decimal_vi = one("Tổng kinh phí hỗ trợ năm 2019 là 7,5 tỷ đồng.")
    assert decimal_vi["value"] == pytest.approx(7500)


def test_a_forced_style_overrides_the_guess():
    assert one("Kinh phí năm 2018 là 1.500 triệu đồng.", style="en")["value"] == pytest.approx(1.5)


# --- money, percentages, counts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Năm 2019 kinh phí khuyến công là 850 triệu đồng.", 850),
        ("Năm 2019 kinh phí khuyến công là 3 tỷ đồng.", 3000),
        ("Năm 2019 kinh phí khuyến công là 3 tỉ đồng.", 3000),
        ("Năm 2019 kinh phí khuyến công là 1,2 nghìn tỷ đồng.", 1_200_000),
        ("In 2019 the industrial promotion budget was VND 4.5 billion.", 4500),
        ("In 2019 the industrial promotion budget was 600 million VND.", 600),
        ("In 2019 the industrial promotion budget reached VND1.1 trillion.", 1_100_000),
    ],
)
def test_money_is_in_million_vnd(text, value):
    row = one(text)
    assert row["value"] == pytest.approx(value)
    assert (row["unit"], row["metric"]) == ("million_vnd", "budget")
    assert text[row["start"] : row["end"]] == row["value_as_written"]


def test_money_in_another_currency_is_not_a_figure_of_this_dataset():
    assert candidates("In 2019 the project received 2 million USD from a donor.").empty


def test_income_per_person_per_month():
    row = one("Năm 2020, học viên có việc làm với thu nhập bình quân 6,5 triệu đồng/người/tháng.")
    assert (row["value"], row["unit"], row["metric"]) == (
        6.5,
        "million_vnd_per_person_month",
        "income_after_training",
    )


def test_one_percentage_may_state_two_rates():
    found = candidates("Năm 2021, 95% học viên được cấp chứng chỉ và có việc làm ngay sau khóa học.")
    assert sorted(found["metric"]) == ["certification_rate", "placement_rate"]
    assert set(found["value"]) == {95.0}
    assert set(found["unit"]) == {"percent"}


@pytest.mark.parametrize(
    ("text", "metric", "unit"),
    [
        ("Năm 2022, Trung tâm mở 9 lớp đào tạo nghề mây tre đan.", "classes", "count"),
        ("Năm 2022, Trung tâm đào tạo nghề thêu cho 270 học viên.", "trainees_vocational", "people"),
        ("Năm 2022, 45 học viên được tập huấn khởi sự doanh nghiệp.", "trainees_business", "people"),
        ("Năm 2022, Trung tâm thực hiện 31 đề án khuyến công.", "projects", "count"),
        ("Năm 2022, hỗ trợ 12 cơ sở ứng dụng máy móc thiết bị tiên tiến.", "facilities_machinery", "count"),
        ("Năm 2022, xây dựng 4 mô hình trình diễn kỹ thuật chế biến gỗ.", "demo_models", "count"),
        ("Năm 2022, tỉnh bình chọn 18 sản phẩm CNNT tiêu biểu cấp tỉnh.", "products_provincial", "count"),
        ("Năm 2022, 3 sản phẩm được công nhận cấp quốc gia.", "products_national", "count"),
        ("Năm 2022, tỉnh có 60 sản phẩm OCOP đạt 4 sao.", "ocop_4star", "count"),
        ("Năm 2022, Trung tâm tham gia 6 hội chợ, triển lãm.", "fairs", "count"),
        ("Năm 2022, hỗ trợ 25 cơ sở tham gia hội chợ trong nước.", "fair_participants", "count"),
        ("Năm 2022, đăng ký bảo hộ 5 nhãn hiệu tập thể.", "trademarks", "count"),
        ("Năm 2022, tổ chức 4 hội nghị phổ biến chính sách khuyến công.", "conferences", "count"),
        ("Năm 2022, phát hành 1.200 bản tin khuyến công.", "bulletins", "count"),
        ("Năm 2022, hỗ trợ thiết kế bao bì cho 14 cơ sở.", "packaging_support", "count"),
        ("Năm 2022, đánh giá sản xuất sạch hơn cho 3 doanh nghiệp.", "cleaner_production", "count"),
        ("Năm 2022, Trung tâm hỗ trợ thành lập mới 8 doanh nghiệp.", "new_enterprises", "count"),
        (
            "In 2022 the centre trained 1,200 rural workers in vocational skills.",
            "trainees_vocational",
            "people",
        ),
        ("In 2022 the province carried out 56 industrial promotion projects.", "projects", "count"),
        ("In 2022 the centre built seven demonstration models.", "demo_models", "count"),
    ],
)
def test_counts_take_their_metric_from_their_noun_and_words(text, metric, unit):
    row = one(text)
    assert (row["metric"], row["unit"]) == (metric, unit)


def test_a_noun_with_no_fitting_rule_leaves_the_metric_empty():
    row = one("Năm 2022, Trung tâm sửa chữa 40 máy cho bà con.")
    assert row["metric"] == ""
    assert row["confidence"] < one("Năm 2022, Trung tâm thực hiện 31 đề án khuyến công.")["confidence"]


def test_a_metric_added_to_the_catalogue_is_found_by_its_label(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(schema.DATA_DIR / "geography.csv", data)
    metrics = pd.read_csv(schema.DATA_DIR / "metrics.csv", dtype=str, keep_default_na=False)
    extra = dict.fromkeys(metrics.columns, "")
    extra.update(
        metric="solar_heater_households",
        label_vi="Hộ lắp bình nước nóng năng lượng mặt trời",
        label_en="Households with solar water heaters",
        unit="count",
        category="support",
        additive="true",
    )
    pd.concat([metrics, pd.DataFrame([extra])]).to_csv(data / "metrics.csv", index=False)
    text = "Năm 2020, chương trình lắp bình nước nóng năng lượng mặt trời cho 130 hộ gia đình."
    assert one(text, data_dir=data)["metric"] == "solar_heater_households"
    assert one(text)["metric"] != "solar_heater_households"


# --- qualifiers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "qualifier"),
    [
        ("hơn", "more_than"), ("trên", "more_than"), ("khoảng", "about"), ("gần", "about"),
        ("ít nhất", "at_least"), ("tối đa", "at_most"), ("", "exact"),
    ],
)  # fmt: skip
def test_vietnamese_qualifiers(word, qualifier):
    text = f"Năm 2018, Trung tâm đào tạo nghề cho {word} 500 học viên.".replace("  ", " ")
    row = one(text)
    assert row["qualifier"] == qualifier
    assert row["value_as_written"] == f"{word} 500 học viên".strip()
    assert text[row["start"] : row["end"]] == row["value_as_written"]


@pytest.mark.parametrize(
    ("word", "qualifier"),
    [("over", "more_than"), ("more than", "more_than"), ("nearly", "about"), ("at least", "at_least"),
     ("up to", "at_most")],
)  # fmt: skip
def test_english_qualifiers(word, qualifier):
    row = one(f"In 2018 the centre trained {word} 500 workers.")
    assert row["qualifier"] == qualifier
    assert row["value_as_written"].startswith(word)


# --- status: plan and estimate -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch năm 2024, Trung tâm mở 10 lớp đào tạo nghề.",
        "Mục tiêu năm 2024 là đào tạo 300 học viên.",
        "Năm 2024 dự kiến thực hiện 20 đề án khuyến công.",
        "Năm 2024 tỉnh phấn đấu có thêm 15 sản phẩm CNNT tiêu biểu cấp tỉnh.",
        "Trung tâm đề xuất hỗ trợ 9 cơ sở ứng dụng máy móc trong năm 2024.",
        "The province's target for 2024 is 400 trainees.",
        "The 2024 plan includes 12 industrial promotion projects.",
    ],
)
def test_plan_words_make_a_plan(text):
    row = one(text)
    assert (row["status"], row["estimate"]) == ("plan", False)
    assert row["period_start"] == 2024


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2023, Trung tâm đào tạo 420 học viên, vượt kế hoạch đề ra.",
        "Với mục tiêu nâng cao tay nghề, năm 2023 Trung tâm đào tạo 420 học viên.",
        "In 2023 the centre trained 420 workers, exceeding the target.",
    ],
)
def test_a_result_measured_against_a_plan_or_a_purpose_is_not_a_plan(text):
    assert one(text)["status"] == "actual"


@pytest.mark.parametrize(
    "text",
    [
        "Ước thực hiện năm 2023, kinh phí khuyến công đạt 5 tỷ đồng.",
        "Năm 2023, kinh phí khuyến công ước đạt 5 tỷ đồng.",
        "Năm 2023, kinh phí khuyến công ước 5 tỷ đồng.",
        "In 2023 an estimated VND 5 billion went to industrial promotion.",
    ],
)
def test_an_estimate_is_a_result_marked_estimate(text):
    row = one(text)
    assert (row["status"], row["estimate"], row["value"]) == ("actual", True, 5000)


def test_a_period_after_the_year_the_curator_gave_is_a_plan():
    text = "Năm 2026, Trung tâm mở 8 lớp đào tạo nghề."
    assert one(text, year=2025)["status"] == "plan"
    assert one(text, year=2026)["status"] == "actual"


def test_a_continuing_sentence_takes_the_status_of_the_one_before():
    text = (
        "Bước sang năm 2025, Trung tâm đặt mục tiêu mở rộng hoạt động. Trong đó, đã chuẩn bị 5 đề án "
        "khuyến công và 7 lớp đào tạo nghề."
    )
    found = candidates(text)
    assert list(found["status"]) == ["plan", "plan"]
    assert list(found["period_start"]) == [2025, 2025]
    alone = "Bước sang năm 2025, Trung tâm mở rộng hoạt động. Sau đó, đã chuẩn bị 5 đề án khuyến công."
    assert one(alone)["status"] == "actual"


# --- periods ---------------------------------------------------------------------------------------


def test_a_multi_year_total_stays_one_period():
    for dash in ("-", "–", " - ", " đến "):
        row = one(f"Giai đoạn 2016{dash}2020, tỉnh Lạng Sơn thực hiện 88 đề án khuyến công.")
        assert (row["period_start"], row["period_end"]) == (2016, 2020), dash
        assert pd.isna(row["months"])


def test_a_partial_year_has_its_months():
    row = one("Trong 6 tháng đầu năm 2023, tỉnh Sơn La thực hiện 9 đề án khuyến công.")
    assert (row["period_start"], row["period_end"], row["months"]) == (2023, 2023, 6)
    english = one("In the first nine months of 2021, the centre trained 640 workers.")
    assert (english["period_start"], english["months"]) == (2021, 9)


def test_a_partial_year_without_its_year_takes_the_year_of_the_context():
    text = (
        "Đầu năm 2021, Trung tâm khảo sát các cơ sở. Sau 8 tháng đầu năm, "
        "Trung tâm đã làm 11 đề án. Trong số này có 3 đề án khuyến công quốc gia."
    )
    found = candidates(text)
    assert list(found["months"]) == [8, 8]
    assert list(found["period_start"]) == [2021, 2021]
    assert list(found["program"]) == ["all", "kcqg"]


def test_a_year_written_after_a_figure_is_that_figure_s_alone():
    text = "Tỷ trọng công nghiệp trong GRDP của tỉnh tăng từ 28,4% năm 2016 lên 36,1% năm 2021."
    found = candidates(text)
    assert list(found["period_start"]) == [2016, 2021]
    assert list(found["metric"]) == ["industry_share_grdp", "industry_share_grdp"]


def test_the_paragraph_and_the_document_keep_their_period():
    text = (
        "Khuyến công tỉnh Cà Mau giai đoạn 2011 - 2015\n"
        "Trung tâm đã thực hiện 40 đề án khuyến công.\n"
        "Năm 2013, Trung tâm tổ chức hội chợ lớn. Hội chợ thu hút 120 cơ sở tham gia hội chợ.\n"
        "Trung tâm cũng đào tạo nghề cho 900 học viên."
    )
    found = by_written(text)
    assert (found["40 đề án"]["period_start"], found["40 đề án"]["period_end"]) == (2011, 2015)
    assert found["120 cơ sở"]["period_start"] == found["120 cơ sở"]["period_end"] == 2013
    assert (found["900 học viên"]["period_start"], found["900 học viên"]["period_end"]) == (2011, 2015)


def test_a_compared_period_is_not_the_figure_s_period():
    row = one("Năm 2022, Trung tâm đào tạo 300 học viên, cao hơn giai đoạn 2016 - 2020.")
    assert (row["period_start"], row["period_end"]) == (2022, 2022)


def test_the_year_given_fills_in_when_the_text_has_none_and_the_text_wins_otherwise():
    assert one("Trung tâm đào tạo nghề cho 75 học viên.", year=2019)["period_start"] == 2019
    assert pd.isna(one("Trung tâm đào tạo nghề cho 75 học viên.")["period_start"])
    assert one("Năm 2020, Trung tâm đào tạo nghề cho 75 học viên.", year=2019)["period_start"] == 2020


# --- what is not a figure -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định 45/2012/NĐ-CP, ban hành ngày 21/5/2012, về khuyến công.",
        "Năm 2020 và giai đoạn 2016-2020 đã qua.",
        "Liên hệ số điện thoại 0912 345 678 hoặc 0912.345.678.",
        "Trạm biến áp 400 kVA và đường dây 22 kV mới được lắp xong.",
        "Sau 8 tháng thi công, công trình hoàn thành.",
        "Sản phẩm đạt 4 sao được trưng bày.",
        "Dịch Covid-19 ảnh hưởng đến gói thầu số 6.",
        "ANH_1204.PNG 7731-hoi-cho-a 5f3c2e91aa07d4b6e210.png",
    ],
)
def test_years_dates_codes_phones_and_technical_values_are_not_figures(text):
    assert candidates(text).empty, candidates(text)[["value_as_written"]]


# --- places ----------------------------------------------------------------------------------------


def test_a_former_province_keeps_its_code():
    assert one("Năm 2021, tỉnh Hải Dương thực hiện 14 đề án khuyến công.")["geo_code"] == "P63-30"
    assert one("Năm 2021, tỉnh Bắc Giang thực hiện 14 đề án khuyến công.")["geo_code"] == "P63-24"


def test_a_name_of_both_lists_is_the_unit_of_its_time():
    assert one("Năm 2021, tỉnh Hưng Yên thực hiện 14 đề án khuyến công.")["geo_code"] == "P63-33"
    assert one("Năm 2026, tỉnh Hưng Yên thực hiện 14 đề án khuyến công.")["geo_code"] == "P34-33"
    assert one("Trong 6 tháng đầu năm 2025, Hưng Yên thực hiện 4 đề án.")["geo_code"] == "P63-33"
    assert one("Năm 2025, tỉnh Hưng Yên (mới) thực hiện 4 đề án.")["geo_code"] == "P34-33"


def test_variant_spellings_and_english_names():
    assert one("Năm 2019, tỉnh Khánh Hoà thực hiện 7 đề án khuyến công.")["geo_code"] == "P63-56"
    assert one("In 2019 Thua Thien Hue carried out 7 industrial promotion projects.")["geo_code"] == "P63-46"
    assert one("In 2019 Hanoi carried out 70 industrial promotion projects.")["geo_code"] == "P63-01"


def test_the_text_overrides_the_province_given_and_the_province_given_fills_in():
    text = "Năm 2020, tỉnh Quảng Ngãi thực hiện 11 đề án khuyến công."
    assert one(text, province="P63-27")["geo_code"] == "P63-51"
    assert (
        one("Năm 2020, Trung tâm thực hiện 11 đề án khuyến công.", province="P63-27")["geo_code"] == "P63-27"
    )
    assert (
        one("Năm 2020, Trung tâm thực hiện 11 đề án khuyến công.", province="Bắc Ninh")["geo_code"]
        == "P34-24"
    )
    assert one("Năm 2020, Trung tâm thực hiện 11 đề án khuyến công.")["geo_code"] == ""
    # the curator's code stands where the text names the same province
    assert one("Năm 2025, tỉnh Bắc Ninh thực hiện 11 đề án.", province="P63-27")["geo_code"] == "P63-27"


def test_a_venue_is_not_the_figure_s_province_and_the_nation_is_recognised():
    text = "Năm 2022, Trung tâm Khuyến công Đồng Tháp đưa 30 cơ sở tham gia hội chợ tại Hà Nội."
    assert one(text)["geo_code"] == "P63-87"
    assert one("Năm 2022, cả nước thực hiện 1.100 đề án khuyến công.")["geo_code"] == "VN"


def test_a_sentence_naming_another_province_takes_it():
    text = (
        "Năm 2022, tỉnh Phú Yên thực hiện 12 đề án khuyến công. Tỉnh Phú Yên đào tạo 80 học viên. "
        "Cùng năm, tỉnh Bình Định thực hiện 15 đề án khuyến công."
    )
    assert list(candidates(text)["geo_code"]) == ["P63-54", "P63-54", "P63-52"]


# --- programmes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "program"),
    [
        ("Năm 2021, kinh phí KCQG là 2 tỷ đồng.", "kcqg"),
        ("Năm 2021, kinh phí khuyến công quốc gia là 2 tỷ đồng.", "kcqg"),
        ("In 2021 the national industrial promotion programme funded 9 projects.", "kcqg"),
        ("Năm 2021, kinh phí KCĐP là 2 tỷ đồng.", "kcdp"),
        ("Năm 2021, kinh phí khuyến công địa phương là 2 tỷ đồng.", "kcdp"),
        ("In 2021 the local industrial promotion programme funded 9 projects.", "kcdp"),
        ("Năm 2021, tổng kinh phí KCQG và KCĐP là 2 tỷ đồng.", "all"),
        ("Năm 2021, tổng kinh phí khuyến công là 2 tỷ đồng.", "all"),
        ("Năm 2021, Trung tâm lập 3 đề án ứng dụng máy móc trình Bộ Công Thương.", "kcqg"),
    ],
)
def test_programmes(text, program):
    assert one(text)["program"] == program


def test_each_figure_takes_the_programme_named_next_to_it():
    text = (
        "Năm 2021, 5 đề án khuyến công quốc gia được hỗ trợ 3,2 tỷ đồng và 9 đề án khuyến công địa "
        "phương được hỗ trợ 1,1 tỷ đồng."
    )
    found = candidates(text)
    assert list(found["program"]) == ["kcqg", "kcqg", "kcdp", "kcdp"]
    assert list(found["metric"]) == ["projects", "budget", "projects", "budget"]


# --- offsets ---------------------------------------------------------------------------------------


def test_offsets_point_into_the_text_as_given_even_when_it_is_decomposed():
    text = unicodedata.normalize(
        "NFD", "Năm 2020, tỉnh Thanh Hóa chi hơn 1,5 tỷ đồng cho 6 đề án khuyến công."
    )
    found = candidates(text)
    assert len(found) == 2
    for row in found.to_dict("records"):
        assert text[row["start"] : row["end"]] == row["value_as_written"]
    assert [unicodedata.normalize("NFC", w) for w in found["value_as_written"]] == [
        "hơn 1,5 tỷ đồng",
        "6 đề án",
    ]
    assert found.iloc[0]["geo_code"] == "P63-38"


def test_offsets_over_several_lines():
    text = "Báo cáo năm 2019\n\nTrung tâm đào tạo 70 học viên.\nTrung tâm thực hiện 4 đề án khuyến công."
    found = candidates(text)
    assert [text[s:e] for s, e in zip(found["start"], found["end"], strict=True)] == [
        "70 học viên",
        "4 đề án",
    ]
    assert list(found["sentence"]) == [
        "Trung tâm đào tạo 70 học viên.",
        "Trung tâm thực hiện 4 đề án khuyến công.",
    ]


# --- English text ----------------------------------------------------------------------------------


def test_an_english_report():
    text = (
        "Industrial promotion in Quang Nam, 2016-2020\n"
        "Over the period, the province spent over 23.5 billion VND of state funds on 140 projects. "
        "The centre trained 2,450 workers and helped 61 establishments apply advanced machinery. "
        "For 2021 the province plans 30 projects."
    )
    found = by_written(text)
    budget = found["over 23.5 billion VND"]
    assert (budget["value"], budget["qualifier"], budget["metric"]) == (23_500, "more_than", "budget")
    assert (budget["period_start"], budget["period_end"], budget["geo_code"]) == (2016, 2020, "P63-49")
    assert found["2,450 workers"]["value"] == 2450
    assert found["61 establishments"]["metric"] == "facilities_machinery"
    plan = found["30 projects"]
    assert (plan["status"], plan["period_start"], plan["metric"]) == ("plan", 2021, "projects")
