"""A reading assistant: from a report's text to candidate figures for a curator to accept or correct.

`candidates(text, province=None, year=None)` finds every figure a khuyến công report states (money,
percentages, counts of people, đề án, classes, establishments, products...) and guesses, for each, what
a curated record needs: metric, programme, status, period, province. It works offline with rules and
word lists: the metric catalogue (data/metrics.csv) gives the metric ids and their units, and its labels
serve as a last resort when no rule fits; the keyword lists below are ours. Nothing is learnt from, or
looked up in, any particular report.

How a text is read, in order:
1. The text is normalised (NFC) with a map back to the caller's offsets, and its number style is decided
   once for the whole text (Vietnamese 29.229,2 or English 1,436.5), from the numbers only one style
   can read, else from the language.
2. It is cut into paragraphs (lines), sentences and clauses (split at ; and :).
3. A figure is a number followed by a money word (triệu, tỷ, billion...), a % sign or a counted noun
   (học viên, đề án, cơ sở, products...). Years, dates, decree numbers (45/2012/NĐ-CP), phone numbers,
   technical units (35 kV), durations (8 tháng) and star ratings (4 sao) are not figures.
4. Each figure's metric comes from rules keyed on its noun, searched in widening scopes: the words after
   it, the words before it (up to the neighbouring figure), its clause, its sentence, the sentence before.
5. Period, status, programme and province come from the figure's sentence, else from the context (a
   sentence opening with "Trong đó", "Cụ thể"... continues the one before it; a paragraph keeps the period
   it named; the document keeps its first period), else from what the curator gave (`province`, `year`).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kc_metrics import schema
from kc_metrics.figures import QUALIFIER_WORDS, read_number

COLUMNS = (
    "value_as_written",
    "value",
    "unit",
    "qualifier",
    "metric",
    "program",
    "status",
    "estimate",
    "period_start",
    "period_end",
    "months",
    "geo_code",
    "start",
    "end",
    "sentence",
    "confidence",
)

# --------------------------------------------------------------------------------------------------
# Word lists (lower case, NFC). Each entry is a regular-expression fragment matched as whole words.
# --------------------------------------------------------------------------------------------------

# Counted nouns and their class; the class picks the metric rules. Longest first is done at compile time.
NOUNS: dict[str, str] = {
    # people
    "học viên": "person", "lao động": "person", "người": "person", "lượt người": "person",
    "cán bộ": "person", "nghệ nhân": "person", "trainees?": "person", "workers?": "person",
    "people": "person", "persons?": "person", "participants?": "person", "learners?": "person",
    "students?": "person", "officials?": "person",
    "đại biểu": "delegate", "lượt đại biểu": "delegate", "delegates?": "delegate", "attendees?": "delegate",
    # đề án and classes
    "đề án": "project", "dự án": "project", "projects?": "project", "schemes?": "project",
    "lớp": "class", "lớp học": "class", "khóa": "class", "khoá": "class", "khóa học": "class",
    "classes": "class", "class": "class", "courses?": "class",
    # establishments
    "cơ sở": "facility", "doanh nghiệp": "facility", "dn": "facility", "hợp tác xã": "facility",
    "htx": "facility", "hộ": "facility", "hộ kinh doanh": "facility", "tổ hợp tác": "facility",
    "đơn vị": "facility", "establishments?": "facility", "facilities": "facility", "facility": "facility",
    "enterprises?": "facility", "businesses": "facility", "business": "facility", "firms?": "facility",
    "companies": "facility", "cooperatives?": "facility", "co-operatives?": "facility",
    "households?": "facility", "producers?": "facility", "units?": "facility",
    # things counted
    "sản phẩm": "product", "products?": "product",
    "mô hình": "model", "models?": "model",
    "hội chợ": "fair", "triển lãm": "fair", "fairs?": "fair", "exhibitions?": "fair",
    "hội nghị": "conference", "hội thảo": "conference", "conferences?": "conference",
    "workshops?": "conference", "seminars?": "conference",
    "nhãn hiệu": "trademark", "thương hiệu": "trademark", "trademarks?": "trademark", "brands?": "trademark",
    "xã": "commune", "communes?": "commune",
    "làng có nghề": "village_any", "villages with crafts?": "village_any",
    "làng nghề": "village", "làng": "village", "craft villages?": "village", "villages?": "village",
    "bản tin": "bulletin", "bulletins?": "bulletin", "newsletters?": "bulletin",
    "chương trình": "media", "tin bài": "media", "tin, bài": "media", "bài viết": "media", "bài": "media",
    "tin": "media", "phóng sự": "media", "ấn phẩm": "media", "articles?": "media", "news items?": "media",
    "publications?": "media", "broadcasts?": "media", "tv programmes?": "media",
    "khu(?! vực)": "cluster", "cụm công nghiệp": "cluster", "cụm": "cluster", "khu công nghiệp": "cluster",
    "clusters?": "cluster", "industrial parks?": "cluster",
    "phòng trưng bày": "showroom", "nhà trưng bày": "showroom", "điểm trưng bày": "showroom",
    "showrooms?": "showroom",
    "tấn": "tonne", "tonnes?": "tonne", "tons?": "tonne",
    "máy": "machine", "máy móc": "machine", "machines?": "machine",
}  # fmt: skip

# Money words after a number, with their value in million VND (as in kc_metrics.figures.MONEY_WORDS).
MONEY = r"nghìn tỷ|ngàn tỷ|tỷ|tỉ|triệu|trillion|billion|million|bn|milliards?"
CURRENCY = r"đồng|vnđ|vnd|dong|đ"
PER_PERSON_MONTH = r"\s*/\s*người\s*/\s*tháng|\s*/\s*person\s*/\s*month|\s*per person (?:per|a) month"
FOREIGN_MONEY = r"usd|us\$|\$|đô la|dollars?|euros?|eur"

# Plan words (issue 14: kế hoạch, mục tiêu, dự kiến, phấn đấu, đề xuất; target, plan) and the future.
PLAN_WORDS = (
    r"kế hoạch|mục tiêu|chỉ tiêu|dự kiến|phấn đấu|đề xuất|đề ra|sẽ|thời gian tới|năm tới|giai đoạn tới"
    r"|phương hướng|targets?|plans?|planned|planning|aims?|aiming|goals?|objectives?|will|expected"
    r"|proposed|proposes?|intends?"
)
# ... unless the sentence reports against the plan ("vượt kế hoạch", "đạt 120% kế hoạch") or names a
# purpose ("với mục tiêu giảm chi phí"): then the figure is a result.
NOT_PLAN = (
    r"(?:vượt|đạt|hoàn thành|so với|theo|với|nhằm|vì|exceed\w*|met|meeting|achiev\w*|reach\w*|against|"
    r"with the aim of|in line with)\s+(?:\S+\s+){0,2}?(?:kế hoạch|mục tiêu|chỉ tiêu|plans?|targets?|aims?)"
)
ESTIMATE_WORDS = r"ước|ước tính|ước đạt|ước thực hiện|estimated|estimates?|an estimated|est\."

# A sentence that opens with these continues the one before it (its period, status and programme).
CONNECTIVES = (
    "trong đó", "cụ thể", "theo đó", "bao gồm", "gồm", "of which", "of these", "among them", "including",
    "in particular", "specifically",
)  # fmt: skip

# Programme names. The ministry as funder is a weaker sign: it counts only within the figure's clause.
PROGRAM_BOTH = (
    r"(?:kcqg|khuyến công quốc gia|national)\s*(?:và|,|/|&|and)\s*(?:kcđp|kcdp|khuyến công địa phương|local)"
)
PROGRAM_STRONG = {
    "kcqg": r"kcqg|khuyến công quốc gia|khuyến công trung ương|ngân sách trung ương"
    r"|national (?:industrial|industry)[- ]promotion|national programs?|national programmes?|central budget",
    "kcdp": r"kcđp|kcdp|khuyến công địa phương|ngân sách tỉnh|ngân sách địa phương"
    r"|local (?:industrial|industry)[- ]promotion|local programs?|local programmes?|provincial budget",
}
PROGRAM_WEAK = {
    "kcqg": r"trình bộ công thương|được bộ (?:công thương )?phê duyệt|bộ công thương hỗ trợ"
    r"|ministry of industry and trade",
    "kcdp": r"ubnd tỉnh hỗ trợ|tỉnh hỗ trợ",
}

# The nation, when a sentence speaks of it before its figure.
NATIONAL_WORDS = r"cả nước|toàn quốc|nationwide|across the country|the whole country"
# A place after these words is where something happened (a fair in Hà Nội), not whose figure it is.
VENUE_BEFORE = re.compile(r"(?:tại|ở|đến|sang|ra|at|to|from)\s+(?:tỉnh|thành phố|tp\.?|province of)?\s*$")
# More ways of writing some place names (the official names and their unaccented forms come from
# data/geography.csv).
PLACE_ALIASES: dict[str, tuple[str, ...]] = {
    "Hà Nội": ("Hanoi", "Ha Noi"),
    "Hồ Chí Minh": ("TP. Hồ Chí Minh", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh",
                    "TP.HCM", "TP. HCM", "TPHCM", "HCMC", "Ho Chi Minh City", "Sài Gòn", "Saigon"),
    "Huế": ("Thừa Thiên Huế", "Thừa Thiên - Huế", "Thua Thien Hue", "Hue"),
    "Bắc Kạn": ("Bắc Cạn",),
    "Đắk Lắk": ("Đắc Lắc", "Daklak", "Dak Lak"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Ba Ria - Vung Tau", "Ba Ria-Vung Tau"),
}  # fmt: skip
# Names that must be written with a word in front to mean the place ("Hồ Chí Minh" alone is the man).
PLACE_NEEDS_ALIAS = {"Hồ Chí Minh"}
# A name followed by these is something else ("Thái Bình Dương" is the Pacific).
PLACE_NOT_FOLLOWED = re.compile(r"^\s*Dương")

# Numbers written as English words, read only in English texts (Vietnamese "một", "năm" are too
# often not numbers: "một số" = some, "năm" = year).
EN_NUMBER_WORDS = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
)  # fmt: skip
EN_MONTH_WORDS = {w: i for i, w in enumerate(("one", *EN_NUMBER_WORDS[:10]), start=1)}


# --------------------------------------------------------------------------------------------------
# Metric rules
# --------------------------------------------------------------------------------------------------

SCOPES = ("tail", "head", "clause", "sentence", "previous")
NEAR = ("tail", "head", "clause")
HEAD = ("head",)
TAIL = ("tail",)


@dataclass(frozen=True)
class Rule:
    """A metric when every pattern is found in one scope of the figure's context (`where`)."""

    metric: str
    patterns: tuple[str, ...]
    where: tuple[str, ...] = SCOPES


def _rule(metric: str, *patterns: str, where: tuple[str, ...] = SCOPES) -> Rule:
    return Rule(metric, patterns, where)


# Each noun class (or money / percent) has its rules in order of precedence within a scope; scopes are
# tried from the nearest outwards, so the words next to a figure beat those further away.
RULES: dict[str, tuple[Rule, ...]] = {
    "money_ppm": (_rule("income_after_training", r".*"),),
    "money": (
        _rule("income_after_training", r"thu nhập|income|lương|wages?|salar\w*", where=HEAD),
        _rule("craft_village_output", r"giá trị sản xuất|doanh thu|output|production value|revenue",
              r"làng nghề|craft villages?", where=("head", "clause")),
        _rule("budget_with_counterpart", r"tổng vốn|tổng nguồn vốn|tổng mức đầu tư|total capital"
              r"|total investment|bao gồm[^.;]*đối ứng|including[^.;]*counterpart", where=("head", "clause")),
        _rule("counterpart_capital", r"đối ứng|counterpart|own funds|own capital", where=("head", "clause")),
        _rule("budget_machinery", r"kinh phí|ngân sách|budget|fund\w*",
              r"máy móc|thiết bị|machinery|equipment", where=HEAD),
        _rule("budget_training", r"kinh phí|ngân sách|budget|fund\w*",
              r"đào tạo nghề|truyền nghề|vocational training", where=HEAD),
        _rule("budget_product_recognition", r"kinh phí|ngân sách|budget|fund\w*",
              r"sản phẩm[^.;]*tiêu biểu|bình chọn|typical products?", where=HEAD),
        _rule("budget", r"kinh phí|ngân sách|nguồn vốn|vốn|hỗ trợ|giải ngân|được giao|phê duyệt|cấp phát"
              r"|bố trí|budget\w*|fund\w*|financ\w*|allocat\w*|disburs\w*|support\w*|subsid\w*|grants?"),
    ),
    "percent": (
        _rule("certification_rate", r"chứng nhận|chứng chỉ|certif\w*", where=NEAR),
        _rule("placement_rate", r"việc làm|làm việc|employ\w*|jobs?|placement|placed", where=NEAR),
        _rule("project_completion_target", r"hoàn thành|complet\w*", r"đề án|projects?", where=NEAR),
        _rule("kcqg_share", r"tỷ trọng|tỉ trọng|chiếm|share", r"kcqg|khuyến công quốc gia|national",
              where=("head", "clause")),
        _rule("industry_growth", r"tăng trưởng|growth", where=NEAR),
        _rule("industry_share_grdp", r"cơ cấu|tỷ trọng|tỉ trọng|chiếm|share", r"công nghiệp|industr\w*",
              where=("head", "clause", "sentence")),
    ),
    "person": (
        _rule("trainees_study_tour", r"khảo sát|học tập kinh nghiệm|trao đổi kinh nghiệm|tham quan"
              r"|study tours?|study trips?"),
        _rule("trainees_business", r"khởi sự|khởi nghiệp|quản trị|start-?ups?|business management"
              r"|entrepreneur\w*|managing"),
        _rule("trainees_employed", r"có việc làm|việc làm|employed|got jobs|found work", where=NEAR),
        _rule("trainees_vocational", r"đào tạo|truyền nghề|dạy nghề|tay nghề|lớp|vocational|train\w*"
              r"|craft|skills?|courses?"),
    ),
    "delegate": (
        _rule("energy_review_delegates", r"năng lượng|energy"),
        _rule("machinery_review_delegates", r"máy cơ khí|cơ khí nông nghiệp|farm machinery"),
        _rule("conference_delegates",
              r"phổ biến|chính sách|policy|policies|khuyến công|industrial promotion"),
    ),
    "project": (
        _rule("demo_models", r"mô hình trình diễn|demonstration models?", where=TAIL),
        _rule("projects_machinery", r"máy móc|thiết bị|machinery|equipment", where=TAIL),
        _rule("cluster_planning_projects", r"quy hoạch|cắm mốc|cluster planning", where=TAIL),
        _rule("projects", r".*", where=("tail",)),
    ),
    "class": (
        _rule("classes_business", r"khởi sự|khởi nghiệp|quản trị|start-?ups?|business|entrepreneur\w*",
              where=NEAR),
        _rule("classes", r".*", where=("tail",)),
    ),
    "facility": (
        _rule("new_enterprises", r"thành lập mới|thành lập|newly (?:established|set up|founded)"
              r"|new enterprises", where=NEAR),
        _rule("demo_models", r"mô hình trình diễn|demonstration models?", where=NEAR),
        _rule("cleaner_production", r"sản xuất sạch hơn|cleaner production", where=NEAR),
        _rule("facilities_machinery", r"máy móc|thiết bị|dây chuyền|machinery|equipment|machines",
              where=NEAR),
        _rule("showrooms", r"nhà trưng bày|phòng trưng bày|showrooms?", where=NEAR),
        _rule("fair_participants", r"hội chợ|triển lãm|fairs?|exhibitions?", where=NEAR),
        _rule("packaging_support", r"bao bì|mẫu mã|nhãn mác|packaging", where=NEAR),
        _rule("advisory_clients", r"tư vấn|hướng dẫn|advi[cs]\w*|consult\w*", where=NEAR),
        _rule("facilities_supported", r"hỗ trợ|support\w*|assist\w*|helped", where=NEAR),
    ),
    "product": (
        _rule("ocop_5star", r"5\s*sao|5[- ]stars?|five[- ]stars?", where=TAIL),
        _rule("ocop_4star", r"4\s*sao|4[- ]stars?|four[- ]stars?", where=TAIL),
        _rule("ocop_3star", r"3\s*sao|3[- ]stars?|three[- ]stars?", where=TAIL),
        _rule("ocop_total", r"ocop", where=("tail", "head", "clause")),
        _rule("products_national", r"cấp quốc gia|quốc gia|national", where=("tail", "head", "clause")),
        _rule("products_regional", r"khu vực|cấp vùng|miền|regional|region",
              where=("tail", "head", "clause")),
        _rule("products_district", r"cấp huyện|district", where=("tail", "head", "clause")),
        _rule("products_entered", r"đăng ký|dự thi|tham gia bình chọn|entered|entries",
              where=("tail", "head", "clause")),
        _rule("products_provincial", r"cấp tỉnh|provincial|province-level", where=("tail", "head", "clause")),
    ),
    "model": (_rule("demo_models", r".*", where=TAIL),),
    "fair": (_rule("fairs", r".*", where=TAIL),),
    "conference": (
        _rule("cleaner_production_conferences", r"sạch hơn|cleaner production", where=NEAR),
        _rule("conferences", r".*", where=TAIL),
    ),
    "trademark": (_rule("trademarks", r".*", where=TAIL),),
    "commune": (
        _rule("communes_surveyed", r"điều tra|khảo sát|thu thập thông tin|surve\w*",
              where=("tail", "head", "clause", "sentence")),
    ),
    "village_any": (_rule("craft_villages", r".*", where=TAIL),),
    "village": (
        _rule("craft_villages_recognised_increase", r"(?:tăng|tăng thêm|increase of|increased by|more)\s*$",
              where=HEAD),
        _rule("craft_villages_recognised_increase", r"^\s*\S+\s*(?:tăng thêm|more)|^[^,;]*so với|than in",
              where=TAIL),
        _rule("craft_villages_traditional", r"truyền thống|traditional", where=TAIL),
        _rule("craft_villages_new", r"^\s*làng nghề mới|\bmới\b|new", where=TAIL),
        _rule("craft_villages_recognised", r"công nhận|recogni[sz]ed|làng nghề|craft villages?", where=TAIL),
    ),
    "bulletin": (_rule("bulletins", r".*", where=TAIL),),
    "media": (
        _rule("media_items", r"truyền hình|tin bài|tin, bài|ấn phẩm|phóng sự|bài viết|phát thanh|truyền thông"
              r"|articles?|tv|television|broadcasts?|media|news", where=("tail", "head")),
    ),
    "cluster": (
        _rule("industrial_clusters_mapped", r"cắm mốc|khảo sát|quy hoạch|mapped|marked", where=NEAR),
    ),
    "showroom": (_rule("showrooms", r".*", where=TAIL),),
    "tonne_year": (_rule("demo_model_capacity", r"mô hình|công suất|capacity|demonstration"),),
}  # fmt: skip

# When no rule fits in any scope: what the noun most likely counts, if its sentence or the one before
# has the word (delegates are most often those of a conference the report just named).
DEFAULTS: dict[str, Rule] = {
    "delegate": _rule("conference_delegates", r"hội nghị|hội thảo|conferences?|workshops?"),
}


# --------------------------------------------------------------------------------------------------
# The text, its parts and its figures
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """The caller's text, its NFC form (`norm`), the lower-cased NFC form (`low`, same length) and,
    for each index of `norm`, the index of the caller's text it comes from (`back`)."""

    original: str
    norm: str
    low: str
    back: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.back[start], self.back[end]


def _prepare(text: str) -> _Text:
    """NFC-normalise `text` chunk by chunk (a base letter and its combining marks), keeping a map back
    to the caller's offsets: a Vietnamese text typed decomposed must read the same, and the offsets we
    return must still point into what the caller gave."""
    if unicodedata.is_normalized("NFC", text):
        norm, back = text, list(range(len(text) + 1))  # the common case: nothing to map
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
        return _Text(text, norm, low, tuple(back))
    parts: list[str] = []
    back = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j])
        parts.append(chunk)
        back.extend([i] * len(chunk))
        i = j
    back.append(len(text))
    norm = "".join(parts)
    # str.lower() may lengthen a character (İ): keep those as they are, so offsets stay aligned.
    low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    return _Text(text, norm, low, tuple(back))


@dataclass(frozen=True)
class _Part:
    start: int
    end: int


@dataclass(frozen=True)
class _Sentence(_Part):
    index: int
    paragraph: int
    clauses: tuple[_Part, ...]


_ABBREVIATIONS = (
    "tp",
    "ths",
    "ts",
    "pgs",
    "gs",
    "mr",
    "mrs",
    "ms",
    "dr",
    "no",
    "st",
    "vs",
    "etc",
    "e.g",
    "i.e",
)


def _sentences(t: _Text) -> list[_Sentence]:
    """Paragraphs are lines; a sentence ends at . ! ? … followed by a space (not after an abbreviation
    such as "TP."; not inside a number such as 1.900); a clause ends at ; or :."""
    found: list[_Sentence] = []
    for paragraph, line in enumerate(re.finditer(r"[^\n]+", t.norm)):
        start = line.start()
        for stop in re.finditer(r"[.!?…]+(?=\s)", line.group()):
            word = re.search(r"(\w[\w.]*)$", line.group()[: stop.start()])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
            end = line.start() + stop.end()
            found.append(_make_sentence(t, start, end, len(found), paragraph))
            start = end
        if t.norm[start : line.end()].strip():
            found.append(_make_sentence(t, start, line.end(), len(found), paragraph))
    return found


def _make_sentence(t: _Text, start: int, end: int, index: int, paragraph: int) -> _Sentence:
    clauses = []
    begin = start
    for stop in re.finditer(r"[;:]", t.norm[start:end]):
        clauses.append(_Part(begin, start + stop.start()))
        begin = start + stop.end()
    clauses.append(_Part(begin, end))
    return _Sentence(start, end, index, paragraph, tuple(clauses))


def _words(pattern: str) -> re.Pattern[str]:
    """A pattern matched as whole words (no letter or digit just before or after)."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


_NOUN_ALTERNATION = "|".join(sorted(NOUNS, key=len, reverse=True))
_NOUN_CLASS = [(re.compile(rf"(?:{p})$"), c) for p, c in sorted(NOUNS.items(), key=lambda x: -len(x[0]))]
# A counted noun just after the number (Vietnamese), or after up to three describing words (English:
# "40 typical rural products"); "lượt" (times, visits) may stand before a Vietnamese noun.
_NOUN_AFTER = re.compile(rf"^\s*(?:lượt\s+)?(?P<noun>{_NOUN_ALTERNATION})(?!\w)")
_NOUN_AFTER_EN = re.compile(rf"^\s+(?:[a-z][a-z-]*\s+){{1,3}}?(?P<noun>{_NOUN_ALTERNATION})(?!\w)")
_NOT_A_COUNT = re.compile(
    r"^\s*(?:tháng|năm|ngày|tuần|giờ|phút|sao|kv|kva|kw|mw|kwh|km|m2|m3|ha|%|months?|years?|days?|weeks?"
    r"|hours?|stars?|-star|°)(?!\w)"
)
# A number: not inside a word, a code or a date; "VND5 billion" is allowed.
_NUMBER = re.compile(r"(?:(?<=vnd)|(?<=vnđ)|(?<![\w.,/%–—-]))(\d+(?:[.,]\d+)*)(?![\w/]|[.,]\d)")
_EN_WORD_NUMBER = re.compile(rf"(?<![\w-])({'|'.join(EN_NUMBER_WORDS)})(?![\w-])")
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")
_MONEY_AFTER = re.compile(
    rf"^\s*(?P<money>{MONEY})(?!\w)(?P<cur>\s*(?:{CURRENCY})(?!\w))?(?P<ppm>{PER_PERSON_MONTH})?"
)
_PERCENT_AFTER = re.compile(r"^\s?(?:%|phần trăm(?!\w)|percent(?!\w)|per cent(?!\w))(?:\s*/\s*năm)?")
_TONNE_YEAR = re.compile(r"^[^.;,]{0,40}?(?:/\s*năm|per year|a year|/\s*year)")


@dataclass
class _Figure:
    """One figure found: its span in the NFC text, value and kind, and what the rules decided."""

    start: int  # of the written figure, qualifier included
    end: int
    number_start: int
    number_end: int
    value: float
    kind: str  # money, money_ppm, percent, or a noun class
    qualifier: str
    other_style: bool  # the number only reads in the style the text does not use
    sentence: _Sentence | None = None


def number_style(text: str) -> str:
    """The number style of a text: "vi" (29.229,2) or "en" (1,436.5).

    Decided by the numbers that only one style can read ("4,4" and "29.229,2" are Vietnamese, "23.29"
    and "1,436.5" English); when they do not decide, by the language of the words.
    """
    t = text if isinstance(text, str) else str(text)
    votes = {"vi": 0, "en": 0}
    for token in re.findall(r"(?<![\w.,/])\d+(?:[.,]\d+)+(?![\w/])", t):
        readable = [style for style in ("vi", "en") if _reads(token, style)]
        if len(readable) == 1:
            votes[readable[0]] += 1
    if votes["vi"] != votes["en"]:
        return "vi" if votes["vi"] > votes["en"] else "en"
    return "vi" if _is_vietnamese(t) else "en"


def _reads(token: str, style: str) -> bool:
    try:
        read_number(token, style)
    except ValueError:  # FigureError, or a token float() cannot read
        return False
    return True


def _is_vietnamese(text: str) -> bool:
    """True when the letters carry Vietnamese marks often enough (đ, ư, ơ, tones...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    marked = sum(1 for c in letters if c in "đĐ" or unicodedata.normalize("NFD", c) != c)
    return marked / len(letters) > 0.05


def _qualifier_before(low: str, at: int) -> tuple[str, int]:
    """The qualifier written just before a number ("hơn 6 tỷ", "over 23.29 billion"), and where it starts."""
    before = low[max(0, at - 20) : at]
    for word, qualifier in QUALIFIER_WORDS:
        found = re.search(rf"(?<!\w){re.escape(word)}\s+$", before)
        if found:
            return qualifier, at - (len(before) - found.start())
    return "exact", at


def _read_figures(t: _Text, style: str, english: bool) -> list[_Figure]:
    """Every figure of the text, left to right."""
    figures = []
    for match in _NUMBER.finditer(t.low):
        figure = _read_one(t, match.group(1), match.start(1), match.end(1), style, english)
        if figure is not None:
            figures.append(figure)
    if english:
        for match in _EN_WORD_NUMBER.finditer(t.low):
            noun = _NOUN_AFTER.match(t.low[match.end() :]) or _NOUN_AFTER_EN.match(t.low[match.end() :])
            if noun is None:
                continue
            value = float(EN_NUMBER_WORDS.index(match.group(1)) + 2)
            qualifier, start = _qualifier_before(t.low, match.start())
            kind = _noun_class(noun.group("noun"))
            figures.append(
                _Figure(
                    start, match.end() + noun.end(), match.start(), match.end(), value, kind, qualifier, False
                )
            )
    return sorted(figures, key=lambda f: f.start)


def _read_one(t: _Text, token: str, start: int, end: int, style: str, english: bool) -> _Figure | None:
    """A figure at this number, or None when the number is a year, a code, a duration, a rating..."""
    if _YEAR.fullmatch(token) or len(re.sub(r"\D", "", token)) > 12:
        return None  # a year, or a phone / account / code number
    if re.fullmatch(r"0\d{6,}", token):
        return None  # a phone number written without separators
    value, other_style = _value_of(token, style)
    if value is None:
        return None
    after = t.low[end : end + 120]
    qualifier, begin = _qualifier_before(t.low, start)
    window = t.low[max(0, begin - 5) : begin]
    if prefix := re.search(r"vn[dđ]\s*$", window):
        begin -= len(window) - prefix.start()  # "VND 5 billion": the currency is part of the figure
    if percent := _PERCENT_AFTER.match(after):
        return _Figure(begin, end + percent.end(), start, end, value, "percent", qualifier, other_style)
    if money := _MONEY_AFTER.match(after):
        rest = after[money.end() :]
        if re.match(rf"^\s*(?:{FOREIGN_MONEY})(?!\w)", rest):
            return None  # not VND: not a figure of this dataset
        if money.group("cur") is None and (_NOUN_AFTER.match(rest) or _NOUN_AFTER_EN.match(rest)):
            return None  # "2 million people" is a count, not money; rare enough to leave to the curator
        multiplier = _money_multiplier(money.group("money"))
        kind = "money_ppm" if money.group("ppm") else "money"
        return _Figure(begin, end + money.end(), start, end, value * multiplier, kind, qualifier, other_style)
    if _NOT_A_COUNT.match(after):
        return None
    noun = _NOUN_AFTER.match(after) or (_NOUN_AFTER_EN.match(after) if english else None)
    if noun is None:
        return None  # a bare number: a code, a list number, a technical value
    kind = _noun_class(noun.group("noun"))
    if kind == "tonne":
        kind = "tonne_year" if _TONNE_YEAR.match(after[noun.end() :]) else "tonne"
    return _Figure(begin, end + noun.end(), start, end, value, kind, qualifier, other_style)


def _value_of(token: str, style: str) -> tuple[float | None, bool]:
    """The token read in the text's style; else in the other style, flagged (a translated page)."""
    for attempt in (style, "en" if style == "vi" else "vi"):
        try:
            return read_number(token, attempt), attempt != style
        except ValueError:
            continue
    return None, False


def _money_multiplier(word: str) -> float:
    if word in ("nghìn tỷ", "ngàn tỷ", "trillion"):
        return 1_000_000.0
    if word in ("tỷ", "tỉ", "billion", "bn") or word.startswith("milliard"):
        return 1_000.0
    return 1.0


def _noun_class(noun: str) -> str:
    noun = re.sub(r"^lượt\s+", "", noun)
    for pattern, cls in _NOUN_CLASS:
        if pattern.match(noun):
            return cls
    return "machine"  # unreachable: every noun of the alternation has a class


# --------------------------------------------------------------------------------------------------
# Context: scopes of a figure, periods, status, programme, place
# --------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    t: _Text
    sentences: list[_Sentence]
    figures: list[_Figure]

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_of(self, at: int) -> _Sentence:
        """The sentence holding this offset (the one before it when the offset is between sentences)."""
        index = bisect.bisect_right(self._starts, at) - 1
        return self.sentences[max(0, index)]

    def clause_of(self, figure: _Figure) -> _Part:
        sentence = figure.sentence or self.sentence_of(figure.number_start)
        for clause in sentence.clauses:
            if clause.start <= figure.number_start < clause.end:
                return clause
        return sentence

    def previous(self, sentence: _Sentence, same_paragraph: bool = True) -> _Sentence | None:
        if sentence.index == 0:
            return None
        before = self.sentences[sentence.index - 1]
        return before if before.paragraph == sentence.paragraph or not same_paragraph else None

    def continues(self, sentence: _Sentence) -> bool:
        """True when the sentence opens with a connective ("Trong đó, ...") and so continues the one
        before it; an image name glued in front ("4846-kc-tn1Trong đó") is tolerated."""
        opening = self.t.low[sentence.start : sentence.start + 30]
        return any(
            re.search(rf"(?:^|[^\w\s]|\d|\s)\s*{c}(?!\w)", opening[: 18 + len(c)]) for c in CONNECTIVES
        )

    def scopes(self, figure: _Figure) -> dict[str, str]:
        """The texts a rule may look in, nearest first: the words after the figure up to the next figure
        of its clause, the words before it back to the previous one, the clause, the sentence, and the
        sentence before (in the same paragraph, or the one a connective continues)."""
        low = self.t.low
        clause = self.clause_of(figure)
        sentence = figure.sentence or self.sentence_of(figure.number_start)
        neighbours = [f for f in self.figures if clause.start <= f.number_start < clause.end]
        before = [f.end for f in neighbours if f.end <= figure.start]
        after = [f.start for f in neighbours if f.start >= figure.end]
        head_start = max([clause.start, *before])
        tail_end = min([clause.end, *after])
        previous = self.previous(sentence) or (
            self.previous(sentence, same_paragraph=False) if self.continues(sentence) else None
        )
        return {
            "tail": low[figure.number_end : tail_end],
            "head": low[head_start : figure.number_start],
            "clause": low[clause.start : clause.end],
            "sentence": low[sentence.start : sentence.end],
            "previous": low[previous.start : previous.end] if previous else "",
        }


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern.startswith("^") or pattern.endswith("$") or pattern == ".*":
        return re.compile(pattern)
    return _words(pattern)


def _classify(figure: _Figure, scopes: dict[str, str], known: frozenset[str]) -> tuple[list[str], str]:
    """The metric(s) of a figure and the scope that decided it; a percentage may name two rates at once
    ("100% học viên được cấp chứng nhận và có việc làm")."""
    rules = [r for r in RULES.get(figure.kind, ()) if r.metric in known]
    for scope in SCOPES:
        text = scopes[scope]
        if not text:
            continue
        hits = [
            r.metric for r in rules if scope in r.where and all(_compiled(p).search(text) for p in r.patterns)
        ]
        if hits:
            if figure.kind == "percent":
                return list(dict.fromkeys(hits)), scope
            return [hits[0]], scope
    default = DEFAULTS.get(figure.kind)
    if default is not None and default.metric in known:
        for scope in ("sentence", "previous"):
            if all(_compiled(p).search(scopes[scope]) for p in default.patterns):
                return [default.metric], "default"
    return [], ""


# Periods ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Period:
    start: int  # span in the text
    end: int
    first: int | None  # None: the year is not written ("8 tháng đầu năm")
    last: int | None
    months: int | None
    comparison: bool  # "so với năm 2010", "cao hơn giai đoạn 2011 - 2015"
    programme: bool  # names the span of a programme or plan ("quy hoạch ... giai đoạn 2016 – 2025")
    preposition: bool  # "trong năm 2016", "in 2020": sets the time of the sentence


_Y = r"(?:19|20)\d\d"
_MONTH_NUMBER = rf"\d{{1,2}}|{'|'.join(EN_MONTH_WORDS)}"
_PERIOD = re.compile(
    r"(?P<prep>(?:trong|vào|in|during|for|over|of)\s+)?(?:"
    rf"(?:(?:trong\s+)?(?P<mn>\d{{1,2}})\s*tháng\s*đầu\s*năm(?:\s*(?P<my>{_Y}))?)"
    rf"|(?:(?P<mn2>\d{{1,2}})\s*tháng\s*(?:năm\s*)?(?P<my2>{_Y}))"
    rf"|(?:(?P<half>nửa\s*đầu\s*năm|first half of(?: the year)?)(?:\s*(?P<hy>{_Y}))?)"
    rf"|(?:(?P<quarter>quý\s*(?:i|1)(?!\w)|first quarter of(?: the year)?)(?:\s*(?:/|năm)?\s*(?P<qy>{_Y}))?)"
    rf"|(?:(?:the\s+)?first\s+(?P<en_n>{_MONTH_NUMBER})\s+months(?:\s+of(?:\s+the\s+year)?\s*(?P<en_y>{_Y}))?)"
    rf"|(?:(?:giai đoạn|thời kỳ|từ|period|from|between)?\s*(?:năm\s*)?\(?(?P<a>{_Y})\s*(?:-|–|—|đến|tới|to"
    rf"|and|until)\s*(?:năm\s*)?(?P<b>{_Y})\)?)"
    rf"|(?:(?:năm|year)\s+)?(?P<y>{_Y})"
    r")(?![\w/]|[.,]\d)"
)
_COMPARISON_BEFORE = re.compile(
    r"(?:so với|cao hơn|thấp hơn|nhiều hơn|ít hơn|lớn hơn|kể từ|compared (?:with|to)|than|since)"
    r"\s+(?:\S+\s+){0,2}$"
)
_PROGRAMME_WORDS = _words(
    r"chương trình|quy hoạch|tổng kết|kế hoạch|chiến lược|nghị quyết|quyết định|programmes?|programs?|plans?"
    r"|strateg\w*|master plan"
)


def _periods(t: _Text) -> list[_Period]:
    """Every period phrase of the text that names a year in the dataset's range, or a partial year."""
    found = []
    for m in _PERIOD.finditer(t.low):
        begin = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        if begin > 0 and (t.low[begin - 1].isalnum() or t.low[begin - 1] in "/.-"):
            continue  # part of a date (21/5/2012), a code or a number
        first = last = None
        months = None
        if m.group("a"):
            first, last = int(m.group("a")), int(m.group("b"))
        elif m.group("y"):
            first = last = int(m.group("y"))
        else:
            written = m.group("mn") or m.group("mn2") or m.group("en_n")
            if m.group("half"):
                months = 6
            elif m.group("quarter"):
                months = 3
            elif written:
                months = EN_MONTH_WORDS.get(written) or int(written)
            year = m.group("my") or m.group("my2") or m.group("hy") or m.group("qy") or m.group("en_y")
            first = last = int(year) if year else None
            if months is not None and not 1 <= months <= 11:
                months = None  # 12 months is the whole year
        if first is not None and (first > (last or first) or not schema.YEAR_MIN <= first <= schema.YEAR_MAX):
            continue
        if last is not None and not schema.YEAR_MIN <= last <= schema.YEAR_MAX:
            continue
        before = t.low[max(0, m.start() - 40) : m.start()]
        clause_before = re.split(r"[,;:(.]", t.low[max(0, m.start() - 120) : m.start()])[-1]
        found.append(
            _Period(
                start=m.start(),
                end=m.end(),
                first=first,
                last=last,
                months=months,
                comparison=bool(_COMPARISON_BEFORE.search(before)),
                programme=first != last and bool(_PROGRAMME_WORDS.search(clause_before)),
                preposition=bool(m.group("prep")) or "trong" in m.group(0)[:6],
            )
        )
    return found


@dataclass(frozen=True)
class _When:
    first: int | None
    last: int | None
    months: int | None
    how: str  # bound, sentence, continued, paragraph, document, given, none


class _Timeline:
    """Which period each figure belongs to (see the module docstring, point 5)."""

    def __init__(self, ctx: _Context, periods: list[_Period], year: int | None):
        self.ctx = ctx
        self.periods = periods
        self.year = year
        # A period right after a figure ("33,9% năm 2015") is that figure's alone.
        starting_at = {p.start: p for p in periods if not p.comparison}
        self.bound: dict[int, _Period] = {}
        for figure in ctx.figures:
            for gap in (0, 1, 2):
                period = starting_at.get(figure.end + gap)
                if period is not None and not ctx.t.low[figure.end : period.start].strip():
                    self.bound[id(figure)] = period
                    break
        bound_alone = {id(p) for p in self.bound.values() if not p.preposition}
        # The periods of each sentence a figure may take, and those that carry over (in text order).
        self._own: dict[int, list[_Period]] = {}
        for period in periods:
            if not period.comparison and id(period) not in bound_alone:
                self._own.setdefault(ctx.sentence_of(period.start).index, []).append(period)
        self._setting = [p for s in ctx.sentences for p in self.setting(s) if p.first is not None]

    def in_sentence(self, sentence: _Sentence) -> list[_Period]:
        return self._own.get(sentence.index, [])

    def setting(self, sentence: _Sentence) -> list[_Period]:
        """The periods of a sentence that carry over to the sentences after it."""
        return [p for p in self.in_sentence(sentence) if not p.programme]

    def of(self, figure: _Figure) -> _When:
        sentence = figure.sentence or self.ctx.sentence_of(figure.number_start)
        if (bound := self.bound.get(id(figure))) is not None:
            return self._complete(bound, sentence, "bound")
        own = self.in_sentence(sentence)
        if own:
            before = [p for p in own if p.start < figure.start]
            chosen = before[-1] if before else own[0]
            return self._complete(chosen, sentence, "sentence")
        return self.context(sentence)

    def context(self, sentence: _Sentence) -> _When:
        """The period a sentence without its own inherits."""
        if self.ctx.continues(sentence) and sentence.index > 0:
            before = self.ctx.sentences[sentence.index - 1]
            own = self.setting(before)
            if own:
                return self._complete(own[-1], before, "continued")
            return self.context(before)
        for earlier in reversed(self.ctx.sentences[: sentence.index]):
            if earlier.paragraph != sentence.paragraph:
                break
            own = self.setting(earlier)
            if own:
                return self._complete(own[-1], earlier, "paragraph")
        return self.document(sentence.start)

    def document(self, before: int) -> _When:
        """The document's first period (its title or opening), else the year the curator gave."""
        setting = self._setting
        first = [p for p in setting[:1] if p.start < before]
        if first:
            return _When(first[0].first, first[0].last, first[0].months, "document")
        if self.year is not None:
            return _When(self.year, self.year, None, "given")
        if setting:
            return _When(setting[0].first, setting[0].last, setting[0].months, "document")
        return _When(None, None, None, "none")

    def _complete(self, period: _Period, sentence: _Sentence, how: str) -> _When:
        """A partial year without its year ("8 tháng đầu năm") takes the year of its context."""
        if period.first is not None:
            return _When(period.first, period.last, period.months, how)
        around = self.context(sentence) if not self.ctx.continues(sentence) else self.document(period.start)
        if around.first is None or around.first != around.last:
            around = self.document(period.start)
        year = around.last if around.first == around.last else None
        return _When(year, year, period.months, how)


# Status, programme, place -------------------------------------------------------------------------------

_PLAN = _words(PLAN_WORDS)
_NOT_PLAN = re.compile(rf"(?<!\w){NOT_PLAN}(?!\w)")
_ESTIMATE = _words(ESTIMATE_WORDS)


def _is_plan(text: str) -> bool:
    return bool(_PLAN.search(_NOT_PLAN.sub(" ", text)))


def _status(ctx: _Context, figure: _Figure, when: _When, year: int | None) -> tuple[str, bool, bool]:
    """(status, estimate, decided by the sentence itself). Plan when the sentence, up to the figure,
    speaks of targets; a sentence that continues another ("Trong đó, ...") takes that one's status; a
    period after the year the curator gave is a plan too."""
    low = ctx.t.low
    sentence = figure.sentence or ctx.sentence_of(figure.number_start)
    own = low[sentence.start : figure.end]
    plan, estimate, own_word = _is_plan(own), bool(_ESTIMATE.search(own)), True
    chain = sentence
    while not (plan or estimate) and ctx.continues(chain) and chain.index > 0:
        chain = ctx.sentences[chain.index - 1]
        text = low[chain.start : chain.end]
        plan, estimate, own_word = _is_plan(text), bool(_ESTIMATE.search(text)), False
    if not plan and year is not None and when.first is not None and when.first > year:
        plan = True
    return ("plan" if plan else "actual"), estimate and not plan, own_word


_BOTH = _words(PROGRAM_BOTH)
_STRONG = {k: _words(v) for k, v in PROGRAM_STRONG.items()}
_WEAK = {k: _words(v) for k, v in PROGRAM_WEAK.items()}


def _program(ctx: _Context, figure: _Figure, scopes: dict[str, str]) -> str:
    """kcqg / kcdp when the figure's words, clause or sentence name one programme (the nearest when both
    are named apart), all when they name both together or none."""
    sentence = figure.sentence or ctx.sentence_of(figure.number_start)
    for scope in ("tail", "head", "clause", "sentence", "continued"):
        if scope == "continued":
            if not ctx.continues(sentence) or sentence.index == 0:
                break
            sentence = ctx.sentences[sentence.index - 1]
            text = ctx.t.low[sentence.start : sentence.end]
        else:
            text = scopes[scope]
        if _BOTH.search(text):
            return "all"
        named = {}
        for program in ("kcqg", "kcdp"):
            patterns = [_STRONG[program]] + ([_WEAK[program]] if scope in NEAR else [])
            hits = [m.start() for pattern in patterns for m in pattern.finditer(text)]
            if hits:
                # distance from the figure: the tail is read from its start, the rest from its end
                named[program] = min(hits) if scope == "tail" else len(text) - max(hits)
        if len(named) == 1:
            return next(iter(named))
        if len(named) == 2:
            return min(named, key=lambda p: named[p])
    return "all"


@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    name: str  # the name as data/geography.csv writes it
    marker: str  # "34" (the new province), "63" (the former one) or ""
    venue: bool


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    name_of: dict[str, str]  # alias -> official name
    codes: dict[str, dict[str, str]]  # official name -> {"63": code, "34": code}
    name_of_code: dict[str, str]
    known_codes: frozenset[str]


def _tone_variants(name: str) -> set[str]:
    """Both ways of placing the tone in oa, oe, uy ("Hòa" / "Hoà", "Thủy" / "Thuỷ")."""
    variants = {name}
    pairs = [("òa", "oà"), ("óa", "oá"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"), ("òe", "oè"), ("óe", "oé"),
             ("ủy", "uỷ"), ("úy", "uý"), ("ùy", "uỳ"), ("ũy", "uỹ"), ("ụy", "uỵ")]  # fmt: skip
    for old, new in pairs:
        for v in list(variants):
            variants.add(v.replace(old, new))
            variants.add(v.replace(new, old))
    return variants


def _unaccented(name: str) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


@functools.cache
def _gazetteer(path: Path, stamp: float) -> _Gazetteer:
    """Place names of data/geography.csv (63 former and 34 current provinces), with their variants."""
    geography = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes: dict[str, dict[str, str]] = {}
    name_of_code = {}
    for row in geography.itertuples(index=False):
        name_of_code[str(row.geo_code)] = str(row.name)
        if row.geo_level != "province":
            continue
        codes.setdefault(str(row.name), {})[str(row.map)] = str(row.geo_code)
    name_of: dict[str, str] = {}
    for name in codes:
        aliases = set(PLACE_ALIASES.get(name, ()))
        if name not in PLACE_NEEDS_ALIAS:
            aliases |= _tone_variants(name) | {_unaccented(name)}
        for alias in aliases:
            name_of[unicodedata.normalize("NFC", alias)] = name
    alternation = "|".join(re.escape(a) for a in sorted(name_of, key=len, reverse=True))
    return _Gazetteer(
        re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), name_of, codes, name_of_code, frozenset(name_of_code)
    )


def _places(t: _Text, gazetteer: _Gazetteer) -> list[_Place]:
    found = []
    for m in gazetteer.pattern.finditer(t.norm):
        if PLACE_NOT_FOLLOWED.match(t.norm[m.end() :]):
            continue
        after, before = t.low[m.end() : m.end() + 8], t.low[max(0, m.start() - 12) : m.start()]
        marker = ""
        if re.match(r"^\s*\(?(?:mới)(?!\w)", after) or re.search(r"(?:new|the new)\s+$", before):
            marker = "34"
        elif re.match(r"^\s*\(?(?:cũ)(?!\w)", after) or re.search(r"(?:former|old)\s+$", before):
            marker = "63"
        venue = bool(VENUE_BEFORE.search(t.low[max(0, m.start() - 20) : m.start()]))
        found.append(_Place(m.start(), m.end(), gazetteer.name_of[m.group()], marker, venue))
    return found


def _code_for(gazetteer: _Gazetteer, place: _Place, when: _When) -> str:
    """The unit a name meant at the time of the figure: a former province (P63) until 30 June 2025,
    a current one (P34) after; a name that exists only in one list has its one code."""
    units = gazetteer.codes[place.name]
    if len(units) == 1:
        return next(iter(units.values()))
    if place.marker:
        return units[place.marker]
    if when.last is None:
        return units["34"]  # undated: today's province
    current = when.last >= 2026 or (when.last == 2025 and (when.months is None or when.months > 6))
    return units["34" if current else "63"]


# --------------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogue:
    unit: dict[str, str]  # metric -> unit
    labels: dict[str, frozenset[str]]  # metric -> word pairs of its Vietnamese and English labels


@functools.cache
def _catalogue(path: Path, stamp: float) -> _Catalogue:
    metrics = pd.read_csv(path, dtype=str, keep_default_na=False)
    labels = {}
    for row in metrics.itertuples(index=False):
        pairs: set[str] = set()
        for label in (str(row.label_vi), str(row.label_en)):
            words = re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", label).lower())
            pairs |= {f"{a} {b}" for a, b in itertools.pairwise(words)}
        labels[str(row.metric)] = frozenset(pairs)
    return _Catalogue(dict(zip(metrics["metric"], metrics["unit"], strict=True)), labels)


def _stamped(path: Path) -> tuple[Path, float]:
    return path.resolve(), path.stat().st_mtime


KIND_UNIT = {
    "money": "million_vnd",
    "money_ppm": "million_vnd_per_person_month",
    "percent": "percent",
    "person": "people",
    "delegate": "people",
    "tonne_year": "tonnes_per_year",
    "tonne": "",
}


def _by_label(kind: str, text: str, catalogue: _Catalogue) -> str:
    """The catalogue metric whose label shares most word pairs with the text (at least two, and no tie):
    the fallback that lets a metric added to data/metrics.csv be found without a rule."""
    unit = KIND_UNIT.get(kind, "count")
    scores = {
        metric: sum(1 for pair in pairs if pair in text)
        for metric, pairs in catalogue.labels.items()
        if catalogue.unit.get(metric) == unit
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0]
    return ""


# --------------------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------------------


def candidates(
    text: str,
    *,
    province: str | None = None,
    year: int | None = None,
    style: str | None = None,
    data_dir: Path | str | None = None,
) -> pd.DataFrame:
    """The figures a report's text states, one row per figure, for a curator to accept or correct.

    `province` (a geo_code such as "P63-27", or a province name) and `year` are what the curator already
    knows about the document; the text overrides them where it names a place or a period. `style`
    forces the number style ("vi" / "en"), else it is decided from the text (`number_style`).
    `data_dir` is the data folder whose data/metrics.csv and geography.csv are used (default: $KC_DATA_DIR
    or the shipped data).

    Columns (COLUMNS): value_as_written (text[start:end], with its qualifier and unit words, as
    kc_metrics.figures.parse_figure reads it), value (money in million VND, rates in percent), unit (one
    of schema.UNITS, or "" when unknown: tonnes without "per year"), qualifier (schema.QUALIFIERS),
    metric (a metric of data/metrics.csv, "" when unsure), program (kcqg / kcdp / all), status (actual /
    plan), estimate, period_start, period_end, months (<NA> when the period is whole years or unknown),
    geo_code (a geography code, or "" when neither the text nor `province` gives one), start, end
    (offsets in `text`), sentence (the sentence the figure is in) and confidence (0..1).

    Status and estimate: the dataset keeps status to actual | plan and marks an estimate with its own
    column (estimate = "yes", data/README.md). So does this: an estimate («ước thực hiện», «ước đạt»,
    "estimated") has status "actual" and estimate True; a target (kế hoạch, mục tiêu, dự kiến, phấn
    đấu, đề xuất, "sẽ", plan, target...) is status "plan" and estimate False.
    """
    folder = Path(data_dir) if data_dir is not None else schema.default_data_dir()
    catalogue = _catalogue(*_stamped(folder / "metrics.csv"))
    gazetteer = _gazetteer(*_stamped(folder / "geography.csv"))
    t = _prepare(text)
    if style is None:
        style = number_style(t.norm)
    if style not in ("vi", "en"):
        raise ValueError(f"number style '{style}' is not known (use vi or en)")
    sentences = _sentences(t)
    if not sentences:
        return _frame([])
    figures = _read_figures(t, style, english=not _is_vietnamese(t.norm))
    ctx = _Context(t, sentences, figures)
    for figure in figures:
        figure.sentence = ctx.sentence_of(figure.number_start)
    timeline = _Timeline(ctx, _periods(t), year)
    places = _places(t, gazetteer)
    given = _given_place(gazetteer, province)
    main = _main_place(places)
    known = frozenset(catalogue.unit)
    rows: list[dict[str, object]] = []
    for figure in figures:
        scopes = ctx.scopes(figure)
        metrics, scope = _classify(figure, scopes, known)
        if not metrics:
            fallback = _by_label(figure.kind, scopes["clause"], catalogue)
            metrics, scope = ([fallback], "label") if fallback else ([""], "")
        when = timeline.of(figure)
        if figure.kind == "village" and metrics[0] == "craft_villages_recognised_increase":
            when = _since(timeline, figure, when)
        status, estimate, own_status = _status(ctx, figure, when, year)
        program = _program(ctx, figure, scopes)
        geo = _geo(ctx, gazetteer, places, figure, when, given, main)
        start, end = t.original_span(figure.start, figure.end)
        sentence = figure.sentence or ctx.sentence_of(figure.number_start)
        s_start, s_end = t.original_span(sentence.start, sentence.end)
        for metric in metrics:
            unit = catalogue.unit.get(metric) or KIND_UNIT.get(figure.kind, "count")
            rows.append(
                {
                    "value_as_written": text[start:end],
                    "value": figure.value,
                    "unit": unit,
                    "qualifier": figure.qualifier,
                    "metric": metric,
                    "program": program,
                    "status": status,
                    "estimate": estimate,
                    "period_start": when.first,
                    "period_end": when.last,
                    "months": when.months,
                    "geo_code": geo,
                    "start": start,
                    "end": end,
                    "sentence": text[s_start:s_end].strip(),
                    "confidence": _confidence(figure, metric, scope, when, own_status),
                }
            )
    return _frame(rows)


def _since(timeline: _Timeline, figure: _Figure, when: _When) -> _When:
    """An increase "so với năm 2010" runs from that year to the end of the figure's period."""
    sentence = figure.sentence or timeline.ctx.sentence_of(figure.number_start)
    for period in timeline.periods:
        if period.comparison and figure.end <= period.start < sentence.end and period.first is not None:
            return _When(period.first, when.last, None, when.how)
    return when


def _given_place(gazetteer: _Gazetteer, province: str | None) -> str:
    """The curator's province as a code: a code is kept, a name is looked up (the current unit)."""
    if not province:
        return ""
    if province in gazetteer.known_codes:
        return province
    name = gazetteer.name_of.get(unicodedata.normalize("NFC", province.strip()))
    if name is None:
        raise ValueError(f"province '{province}' is neither a geo_code nor a province name of geography.csv")
    units = gazetteer.codes[name]
    return units.get("34") or next(iter(units.values()))


def _main_place(places: Sequence[_Place]) -> _Place | None:
    """The place the document is about: the one it names most (not as a venue), the first on a tie."""
    counted: dict[str, list[_Place]] = {}
    for place in places:
        if not place.venue:
            counted.setdefault(place.name, []).append(place)
    if not counted:
        return None
    best = max(counted.values(), key=lambda found: (len(found), -found[0].start))
    return best[0]


def _geo(
    ctx: _Context,
    gazetteer: _Gazetteer,
    places: Iterable[_Place],
    figure: _Figure,
    when: _When,
    given: str,
    main: _Place | None,
) -> str:
    """The figure's sentence's place (the nation when it says "cả nước"), else the document's place,
    else the curator's province. Where the curator's province has the same name as the text's place,
    the curator's code stands (they know whether it is the former or the new unit)."""
    sentence = figure.sentence or ctx.sentence_of(figure.number_start)
    head = ctx.t.low[sentence.start : figure.start]
    if _words(NATIONAL_WORDS).search(head):
        return "VN"
    own = [p for p in places if sentence.start <= p.start < sentence.end and not p.venue]
    before = [p for p in own if p.start < figure.start]
    place = before[-1] if before else (own[0] if own else main)
    if place is None:
        return given
    if given and gazetteer.name_of_code.get(given) == place.name and not place.marker:
        return given
    return _code_for(gazetteer, place, when)


def _confidence(figure: _Figure, metric: str, scope: str, when: _When, own_status: bool) -> float:
    """A rough 0..1 score for sorting and highlighting: a metric decided by the words next to the figure
    and a period written in its sentence count most."""
    score = 0.35
    score += {
        "tail": 0.3,
        "head": 0.3,
        "clause": 0.25,
        "sentence": 0.2,
        "previous": 0.1,
        "default": 0.05,
        "label": 0.05,
    }.get(scope, 0.0)
    score += {"bound": 0.2, "sentence": 0.2, "continued": 0.15, "paragraph": 0.1, "document": 0.05}.get(
        when.how, 0.0
    )
    score += 0.1 if own_status else 0.05
    if not metric:
        score -= 0.1
    if figure.other_style:
        score -= 0.2
    return round(min(0.99, max(0.05, score)), 2)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    text_columns = [
        "value_as_written",
        "unit",
        "qualifier",
        "metric",
        "program",
        "status",
        "geo_code",
        "sentence",
    ]
    for column in text_columns:
        frame[column] = frame[column].astype("str")
    frame["value"] = frame["value"].astype("float64")
    frame["estimate"] = frame["estimate"].astype("bool")
    for column in ("period_start", "period_end", "months"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    frame["start"] = frame["start"].astype("int64")
    frame["end"] = frame["end"].astype("int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    return frame.reset_index(drop=True)


__all__ = ["COLUMNS", "candidates", "number_style"]
