"""Problems in Vietnamese: every message validate.py and figures.py can write has a Vietnamese form.

(a) the real validator run on a damaged copy of the data: each message it gives reads in Vietnamese;
(b) the source of validate.py and figures.py, scanned for message templates: each has a pattern, and
    its Vietnamese form keeps no English word of it, so a new message cannot ship untranslated;
(c) exact Vietnamese for the problems curators meet most.
"""

from __future__ import annotations

import ast
import csv
import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kc_metrics import figures, importer, intake, problem_words, schema, validate
from kc_metrics.problem_words import PATTERNS, message_vi, pattern_of, problem_text
from kc_metrics.validate import Problem, read_dataset

# English words that must not be left in a Vietnamese message (quoted cell values aside). None of them
# is a column id, which a message may list ("metric" or "unit" would be).
ENGLISH = re.compile(
    r"\b(is|not|the|of|and|or|must|use|known|file|row|column|empty|missing|year|number|figure|record"
    r"|source|header|cells?|has|no|but|which|already|same|date)\b"
)
QUOTED = re.compile(r"'[^']*'")


def english_left(vietnamese: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub("''", vietnamese))


# ---------------------------------------------------------------------------------------------------
# (a) real messages of the real validator on damaged data


def copy_data(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name / "data"
    shutil.copytree(schema.DATA_DIR, target, ignore=shutil.ignore_patterns("parquet", "*.md", "*.txt"))
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]], extra_lines: str = "") -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        f.write(extra_lines)


def edit(rows: list[dict[str, str]], key: str, which: str, **changes: str) -> None:
    row = next(r for r in rows if r[key] == which)
    row.update(changes)


def blank(rows: list[dict[str, str]], **cells: str) -> dict[str, str]:
    """A new row: every column empty but the cells given."""
    return {column: cells.get(column, "") for column in rows[0]}


def break_cells(data: Path) -> None:
    """Damage cells of every file so that as many checks as possible complain."""
    path = data / "records" / "reports.csv"
    rows = read_rows(path)
    for record_id, changes in {
        "R000-01": {"geo_code": "P63-99"},
        "R000-02": {"value": "12,3,4"},
        "R000-03": {"period_start": "2017"},
        "R000-04": {"unit": "tỷ đồng"},
        "R000-05": {"unit": "people"},
        "R000-06": {"value": "-3"},
        "R000-07": {"status": "target"},
        "R000-08": {"program": "kcđp"},
        "R000-09": {"qualifier": "maybe"},
        "R000-10": {"metric": "budget_total"},
        "R000-11": {"source_id": "R999"},
        "R001-01": {"period_start": "1999"},
        "R001-02": {"period_end": "20l6"},
        "R001-03": {"months": "13"},
        "R003-02": {"months": "6"},
        "R001-05": {"estimate": "maybe"},
        "R001-06": {"as_of": "2021-13"},
        "R002-01": {"as_of": "2019"},
        "R002-02": {"computed_from": "R002-03"},
        "R002-03": {"formula": "R002-01 + R002-02"},
        "R002-04": {"value_as_written": ""},
        "R002-05": {"value_as_written": "300 đại biểu và 200 khách"},
        "R002-06": {"value_as_written": "xã"},
        "R002-07": {"value_as_written": "0,3,0"},
        "R002-08": {"value_as_written": "3.00 doanh nghiệp"},
        "R002-09": {"value_as_written": "10 tỷ đồng"},
        "R003-01": {"value_as_written": "29.229,2"},
        "R003-22": {"value_as_written": "25,2/năm"},
        "R003-23": {"value": "34"},
        "R003-24": {"record_id": "R003-23"},
        "R003-25": {"record_id": ""},
        "R003-26": {"computed_from": "R999-99", "formula": "x", "value_as_written": ""},
        "R003-27": {"supersedes": "R999-98"},
        "R003-28": {"supersedes": "R003-21"},
        "R004-02": {"note": "two\nlines"},
        "R004-03": {"period_start": "2026", "period_end": "2026"},
        "R004-05": {"geo_code": "P34-19"},
    }.items():
        edit(rows, "record_id", record_id, **changes)
    twin = dict(next(r for r in rows if r["record_id"] == "R003-05"), record_id="R003-05b")
    write_rows(path, [*rows, twin], extra_lines="a,b,c\n")

    path = data / "records" / "supplementary.csv"
    rows = read_rows(path)
    other = dict(next(r for r in read_rows(data / "records" / "reports.csv") if r["record_id"] == "R004-01"))
    write_rows(path, [*rows, {c: other.get(c, "") for c in rows[0]}])

    path = data / "sources" / "web.csv"
    rows = read_rows(path)
    edit(rows, "source_id", "W001", kind="blog", language="de", number_style="fr", title="", outlet="")
    edit(rows, "source_id", "W001", published="March 2020", url="arit.gov.vn")
    edit(rows, "source_id", "W002", source_id="W001")
    edit(rows, "source_id", "W004", source_id="")
    write_rows(path, rows)
    path = data / "sources" / "reports.csv"
    rows = read_rows(path)
    write_rows(path, [*rows, dict(rows[0], source_id="W003")])

    path = data / "metrics.csv"
    rows = read_rows(path)
    new = blank(rows, metric="new_metric", unit="vnd", additive="maybe")
    write_rows(path, [*rows, new, dict(rows[0]), blank(rows, unit="count", additive="true")])

    path = data / "kpi_rules.csv"
    rows = read_rows(path)
    label = {"label_vi": "x", "label_en": "x", "definition": "x", "definition_vi": "x"}
    write_rows(
        path,
        [
            *rows,
            blank(rows, kpi="k1", kind="shape", **label),
            blank(rows, kpi="k2", kind="split", metric="no_metric", program="kcxx", **label),
            blank(rows, kpi="k3", kind="ratio", metric="no_metric", scale="-1", unit="vnd", **label),
            blank(rows, kpi="k4", kind="total", metric="budget", parts="no_kpi;"),
            dict(rows[0]),
            blank(rows, kind="split", metric="budget", program="kcqg", **label),
        ],
    )

    path = data / "geography.csv"
    rows = read_rows(path)
    write_rows(path, [*rows, dict(rows[0], geo_level="commune"), blank(rows, geo_level="province")])


def break_files(data: Path) -> None:
    """Damage whole files: encodings, an empty file, a missing one, a wrong header, broken CSV."""
    records = data / "records"
    text = (records / "supplementary.csv").read_text(encoding="utf-8")
    (records / "supplementary.csv").write_bytes(text.encode("utf-16"))
    raw = (records / "reports.csv").read_bytes()
    (records / "reports.csv").write_bytes(raw.replace("ô".encode(), b"\xf4"))
    (data / "sources" / "reports.csv").write_text("", encoding="utf-8")
    (data / "metrics.csv").unlink()
    rules = data / "kpi_rules.csv"
    rules.write_text(rules.read_text(encoding="utf-8").replace("kpi,", "kpi_id,", 1), encoding="utf-8")
    geography = data / "geography.csv"
    geography.write_text(
        geography.read_text(encoding="utf-8") + "X" * 200_000 + ",province\n", encoding="utf-8"
    )
    web = data / "sources" / "web.csv"
    web.write_text(web.read_text(encoding="utf-8") + "W999,web,a\rb,c,,,,vi,vi,\n", encoding="utf-8")


def break_folders(data: Path) -> None:
    for path in (data / "records").glob("*.csv"):
        path.unlink()


# Templates the validator cannot be made to write from a data folder (checked in (b) instead).
UNREACHABLE = {
    r"the file is (?P<size>\S+) MB, more than the (?P<max>\S+) MB a data file may be",  # 512 MB
    r"number style '(?P<style>.*)' is not known \(use vi or en\)",  # style is checked before parsing
}


@pytest.fixture(scope="module")
def real_problems(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    tmp_path = tmp_path_factory.mktemp("broken")
    problems: list[Problem] = []
    for name, damage in (("cells", break_cells), ("files", break_files), ("folders", break_folders)):
        data = copy_data(tmp_path, name)
        damage(data)
        problems += read_dataset(data)[1]
    return problems


def test_every_real_message_reads_in_vietnamese(real_problems: list[Problem]) -> None:
    untranslated = [p.message for p in real_problems if pattern_of(p.message) is None]
    assert not untranslated
    for problem in real_problems:
        vietnamese = message_vi(problem.message)
        assert vietnamese != problem.message, problem
        assert not english_left(vietnamese), (problem.message, vietnamese)
        assert problem_text(problem, "en") == str(problem)
        assert problem_text(problem, "vi").startswith(problem.file)


def test_damaged_data_reaches_every_template(real_problems: list[Problem]) -> None:
    """The damage above makes the validator write every message it can: none is tested only on paper."""
    reached = {pattern.pattern for p in real_problems if (pattern := pattern_of(p.message))}
    # The data folder's messages; the uploads' own (intake, importer) are reached in tests/test_import.py.
    of_data = {
        pattern.pattern
        for where, text in source_messages()
        if where.startswith(("validate.py", "figures.py")) and (pattern := pattern_of(text))
    }
    missing = of_data - reached - UNREACHABLE
    assert not missing


def test_csv_reader_complaints_are_translated(real_problems: list[Problem]) -> None:
    broken = [p for p in real_problems if p.message.startswith("the file is not a well-formed CSV")]
    assert {p.file for p in broken} == {"data/geography.csv", "data/sources/web.csv"}
    assert any("có ô dài quá giới hạn 131072 ký tự" in message_vi(p.message) for p in broken)
    assert any("dấu xuống dòng lạ" in message_vi(p.message) for p in broken)


# ---------------------------------------------------------------------------------------------------
# (b) every message template in the source has a pattern

MESSAGE_ARGUMENT = {"Problem": 3, "_bad_rows": 4, "FigureError": 0, "_refused": 2}  # where the message goes
# Functions whose returned strings are messages (kc_metrics.intake: why an archive is unsafe).
MESSAGE_RETURNS = {"_zip_problem"}
SAMPLE = "7"  # stands for any value a template puts in; a number so that numeric groups match too
Function = ast.FunctionDef | ast.AsyncFunctionDef


def enclosing_functions(tree: ast.Module) -> dict[ast.AST, Function | None]:
    owner: dict[ast.AST, Function | None] = {}

    def visit(node: ast.AST, function: Function | None) -> None:
        for child in ast.iter_child_nodes(node):
            owner[child] = function
            visit(child, child if isinstance(child, Function) else function)

    visit(tree, None)
    return owner


class Templates:
    """Sample messages of one module: each template, its placeholders filled with sample text.

    A placeholder that names a variable takes each literal the variable may hold (assigned in the
    function, passed by a caller for a parameter, or looped over), so fragments such as "one of the
    N known values" or the `what` of _in are translated as well; anything else becomes SAMPLE.
    """

    def __init__(self, path: Path):
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.owner = enclosing_functions(self.tree)
        self.calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call)]

    def messages(self) -> Iterator[tuple[int, str]]:
        for call in self.calls:
            name = call.func.id if isinstance(call.func, ast.Name) else None
            if name not in MESSAGE_ARGUMENT:
                continue
            index = MESSAGE_ARGUMENT[name]
            argument = next((k.value for k in call.keywords if k.arg == "message"), None)
            if argument is None and len(call.args) > index:
                argument = call.args[index]
            if argument is not None:
                for text in self.texts(argument, self.owner[call]):
                    yield call.lineno, text
        for node in ast.walk(self.tree):
            function = self.owner.get(node)
            returns = isinstance(node, ast.Return) and node.value is not None
            if returns and function is not None and function.name in MESSAGE_RETURNS:
                assert isinstance(node, ast.Return) and node.value is not None
                for text in self.texts(node.value, function):
                    yield node.lineno, text

    def texts(self, node: ast.expr, function: Function | None) -> list[str]:
        """The texts a message expression can be; [] when it is made elsewhere (a variable, str(err))."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.JoinedStr):
            choices = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    choices.append(self.fills(part.value, function))
                else:
                    choices.append(self.texts(part, function))
            return ["".join(combo) for combo in itertools.product(*choices)]
        if isinstance(node, ast.Lambda):
            return self.texts(node.body, function)
        if isinstance(node, ast.IfExp):
            return self.texts(node.body, function) + self.texts(node.orelse, function)
        return []

    def fills(self, node: ast.expr, function: Function | None) -> list[str]:
        if not isinstance(node, ast.Name) or function is None:
            return [SAMPLE]
        found: list[str] = []
        other = False
        for value in self.assigned(node.id, function):
            for choice in self.alternatives(value):
                texts = self.texts(choice, function)
                found += texts
                other |= not texts
        params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        if node.id in params:
            for call in self.calls:
                if isinstance(call.func, ast.Name) and call.func.id == function.name:
                    argument = next((k.value for k in call.keywords if k.arg == node.id), None)
                    position = params.index(node.id)
                    if argument is None and len(call.args) > position:
                        argument = call.args[position]
                    literal = argument is not None and isinstance(argument, ast.Constant)
                    if literal and isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                        found.append(argument.value)
                    else:
                        other = True
        return [*found, SAMPLE] if other or not found else found

    def assigned(self, name: str, function: Function) -> Iterator[ast.expr]:
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == name for t in node.targets
            ):
                yield node.value
            if isinstance(node, ast.For):
                yield from self.looped(name, node, function)

    def looped(self, name: str, loop: ast.For, function: Function) -> Iterator[ast.expr]:
        """What `for name in (...)` or `for a, name in ((..., ...), ...)` gives name, when written out."""
        target = loop.target
        names = [t.id if isinstance(t, ast.Name) else None for t in getattr(target, "elts", [target])]
        if name not in names:
            return
        rows = [loop.iter]
        if isinstance(loop.iter, ast.Name) and loop.iter.id != name:  # the tuple is written apart
            rows = list(self.assigned(loop.iter.id, function))
        for row in rows:
            if not isinstance(row, ast.Tuple):
                continue
            if isinstance(target, ast.Name):
                yield from row.elts
                continue
            position = names.index(name)
            for item in row.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) == len(names):
                    yield item.elts[position]

    def alternatives(self, node: ast.expr) -> list[ast.expr]:
        if isinstance(node, ast.IfExp):
            return self.alternatives(node.body) + self.alternatives(node.orelse)
        return [node]


# Words that stay as they are in Vietnamese: technical names, formats, folder and file names, and the
# values a curator types (column ids with "_" are kept too).
KEPT = {
    "UTF", "CSV", "Excel", "Windows", "MB", "KPI", "YYYY", "MM", "DD", "data", "sources", "metrics",
    "csv", "geography", "million", "billion", "vi", "en", "kcqg", "kcdp", "yes", "split", "total",
    "web", "additive", "formula", "supersedes", "parts", "numerator", "denominator",
    "xlsx", "xls", "zip", "macro", "make", "check", "records", "Comma", "delimited",
}  # fmt: skip


def source_messages() -> list[tuple[str, str]]:
    out = []
    for module in (validate, figures, intake, importer):
        path = Path(str(module.__file__))
        out += [(f"{path.name}:{line}", text) for line, text in Templates(path).messages()]
    return out


def test_the_scan_finds_the_templates() -> None:
    found = source_messages()
    texts = {text for _, text in found}
    assert len(texts) >= 60, texts  # about 60 templates, many in several forms (the `what` of _in...)
    assert "'7' is not a known kind of source; use one of the 7 known values" in texts
    assert "'7' must hold exactly one number, found no number" in texts
    assert "the title is empty" in texts


@pytest.mark.parametrize(("where", "english"), source_messages())
def test_every_template_has_a_pattern(where: str, english: str) -> None:
    assert pattern_of(english) is not None, f"{where}: no pattern in kc_metrics/problem_words.py"
    vietnamese = message_vi(english)
    assert vietnamese != english
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", english))
    left = sorted(
        w
        for w in words
        if "_" not in w and w not in KEPT and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", vietnamese)
    )
    assert not left, f"{where}: English left in {vietnamese!r}"


def test_every_pattern_is_used_by_some_template() -> None:
    """No pattern outlives its template (a template changed in English leaves its old pattern unused)."""
    used = {pattern.pattern for _, text in source_messages() if (pattern := pattern_of(text))}
    assert {pattern.pattern for pattern, _ in PATTERNS} == used


def test_every_named_thing_has_vietnamese_words() -> None:
    """The `what` of _in, _unique and _across_files is never left in English, nor is a column name."""
    texts = [text for _, text in source_messages()]
    named = {
        m.group("what") for t in texts if (m := re.fullmatch(r"'7' is not a known (?P<what>.+?); use .*", t))
    }
    assert named and named <= set(problem_words.WHAT_VI)


# ---------------------------------------------------------------------------------------------------
# (c) exact Vietnamese for common problems

RECORDS = "data/records/reports.csv"


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (
            Problem(
                RECORDS,
                2,
                "geo_code",
                "'P63-99' is not a known geography code (see data/geography.csv); "
                "use one of the 101 known values",
            ),
            "data/records/reports.csv, dòng 2, cột geo_code: 'P63-99' không có trong danh sách mã địa bàn "
            "(xem data/geography.csv); hãy dùng một trong 101 giá trị đã có",
        ),
        (
            Problem("data/records/x.csv", 5, "value", "'12,3,4' is not a number"),
            "data/records/x.csv, dòng 5, cột value: '12,3,4' không phải là một số",
        ),
        (
            Problem("data/metrics.csv", 1, "unit", "the header has no column 'unit'"),
            "data/metrics.csv, dòng 1, cột unit: thiếu cột 'unit' ở dòng tên cột",
        ),
        (
            Problem(RECORDS, 4, "period_start", "the period starts in 2017, after it ends"),
            "data/records/reports.csv, dòng 4, cột period_start: giai đoạn bắt đầu năm 2017, "
            "muộn hơn năm kết thúc",
        ),
        (
            Problem(RECORDS, 7, "period_end", "'20l6' is not a year"),
            "data/records/reports.csv, dòng 7, cột period_end: '20l6' không phải là năm",
        ),
        (
            Problem(RECORDS, 3, "unit", "metric 'budget' is measured in million_vnd, not people"),
            "data/records/reports.csv, dòng 3, cột unit: chỉ tiêu 'budget' có đơn vị million_vnd, "
            "không phải people",
        ),
        (
            Problem(RECORDS, 9, "status", "'target' is not a known status; use actual, plan"),
            "data/records/reports.csv, dòng 9, cột status: 'target' không có trong danh sách trạng thái; "
            "hãy dùng actual, plan",
        ),
        (
            Problem(
                RECORDS, 6, "estimate", "'maybe' is not a known estimate mark (empty, or yes); use , yes"
            ),
            "data/records/reports.csv, dòng 6, cột estimate: 'maybe' không có trong danh sách dấu ước tính "
            "(để trống, hoặc yes); hãy dùng yes hoặc để trống",
        ),
        (
            Problem("data/records", None, None, "the folder has no CSV file"),
            "data/records: thư mục không có tệp CSV nào",
        ),
        (
            Problem("data/sources/web.csv", 4, None, "the file is not a well-formed CSV (line contains NUL)"),
            "data/sources/web.csv, dòng 4: tệp không đúng định dạng CSV (dòng chứa ký tự NUL không hợp lệ)",
        ),
    ],
)
def test_common_problems_in_vietnamese(problem: Problem, expected: str) -> None:
    assert problem_text(problem, "vi") == expected
    assert problem_text(problem, "en") == str(problem)


def test_unknown_message_stays_english() -> None:
    problem = Problem(RECORDS, 3, "value", "something nobody has written yet")
    assert message_vi(problem.message) == problem.message
    assert problem_text(problem, "vi") == f"{RECORDS}, dòng 3, cột value: something nobody has written yet"
    assert message_vi("") == ""


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        problem_text(Problem(RECORDS, None, None, "the file is missing"), "fr")
