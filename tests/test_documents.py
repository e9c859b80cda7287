"""Reading uploaded and pasted documents (kc_metrics.documents): what is read, and what is refused."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import docx
import pytest

from kc_metrics import documents
from kc_metrics.documents import DocumentError, read_document, read_pasted
from kc_metrics.extract import candidates

REPORT = "Năm 2021, Trung tâm Khuyến công tỉnh Ninh Thuận đào tạo nghề cho 150 học viên."


def pdf(page_content: bytes, resources: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF written by hand: catalog, pages, page, content stream, then `extra` objects."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << "
        + resources
        + b" >> >>",
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
        *extra,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_with_text(*lines: str) -> bytes:
    shown = b" ".join(b"(" + line.encode("latin-1") + b") '" for line in lines)
    return pdf(
        b"BT /F1 12 Tf 72 720 Td 16 TL " + shown + b" ET",
        b"/Font << /F1 5 0 R >>",
        (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",),
    )


def pdf_with_only_a_picture() -> bytes:
    """What a scanner makes: a page that is one image, no text."""
    pixels = bytes([0, 255, 255, 0])
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length 4 >>\nstream\n" + pixels + b"\nendstream"
    )
    return pdf(b"q 400 0 0 400 72 300 cm /Im1 Do Q", b"/XObject << /Im1 5 0 R >>", (image,))


def word_file(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors wrote it: base letters with their hat, horn or breve
    precomposed (â, ơ, ư...), tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones)))
        out.extend(p for p in parts if p in tones)
    return "".join(out).encode("cp1258")


def refusal(name: str, raw: bytes) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(name, raw)
    return caught.value


# --- what is read ----------------------------------------------------------------------------------


def test_utf8_text_with_and_without_bom():
    assert read_document("bao-cao.txt", REPORT.encode("utf-8")) == REPORT
    assert read_document("bao-cao.txt", b"\xef\xbb\xbf" + REPORT.encode("utf-8")) == REPORT


def test_decomposed_text_and_windows_line_ends_are_normalised():
    raw = unicodedata.normalize("NFD", "Dòng một\r\nDòng hai").encode("utf-8")
    assert read_document("a.txt", raw) == "Dòng một\nDòng hai"


def test_utf16_text_with_its_bom():
    assert read_document("bao-cao.txt", REPORT.encode("utf-16")) == REPORT  # little-endian, BOM first
    assert read_document("bao-cao.txt", b"\xfe\xff" + REPORT.encode("utf-16-be")) == REPORT


def test_windows_1258_text_is_recognised_as_vietnamese():
    raw = cp1258(REPORT)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert read_document("cu.txt", raw) == REPORT


def test_a_word_file_gives_its_paragraphs_and_tables_in_order():
    raw = word_file(
        "Báo cáo khuyến công năm 2022",
        "Trung tâm thực hiện 12 đề án khuyến công.",
        table=[["Nội dung", "Kết quả"], ["Lớp đào tạo nghề", "8 lớp"]],
    )
    text = read_document("bao-cao.docx", raw)
    assert text.splitlines() == [
        "Báo cáo khuyến công năm 2022",
        "Trung tâm thực hiện 12 đề án khuyến công.",
        "Nội dung | Kết quả",
        "Lớp đào tạo nghề | 8 lớp",
    ]
    assert list(candidates(text)["value_as_written"]) == ["12 đề án", "8 lớp"]


def test_a_pdf_with_a_text_layer():
    raw = pdf_with_text("Industrial promotion, Ninh Binh, 2020", "The centre trained 240 workers in weaving.")
    text = read_document("report.pdf", raw)
    assert "The centre trained 240 workers in weaving." in text
    row = candidates(text).iloc[0]
    assert (row["value"], row["metric"], row["period_start"], row["geo_code"]) == (
        240,
        "trainees_vocational",
        2020,
        "P63-37",
    )


def test_pasted_text():
    assert read_pasted(unicodedata.normalize("NFD", "Hà Giang\r\n")) == "Hà Giang\n"
    with pytest.raises(DocumentError):
        read_pasted("   \n ")
    with pytest.raises(DocumentError) as caught:
        read_pasted("x" * (documents.MAX_CHARS + 1))
    assert "limit" in caught.value.message_en and "giới hạn" in caught.value.message_vi
    assert read_pasted("x" * documents.MAX_CHARS) == "x" * documents.MAX_CHARS


# --- what is refused, with a message in both languages -----------------------------------------------


def test_the_error_is_a_value_error_with_english_and_vietnamese():
    err = refusal("trong.txt", b"")
    assert isinstance(err, ValueError)
    assert str(err) == err.message_en == "'trong.txt' is empty."
    assert err.message_vi == "Tệp 'trong.txt' không có nội dung."
    assert err.message("en") == err.message_en and err.message("vi") == err.message_vi


def test_an_empty_or_blank_file():
    refusal("trong.txt", b"")
    assert "no text" in refusal("trang.txt", b"  \n\n ").message_en


def test_a_file_too_big_is_refused_before_it_is_read():
    err = refusal("lon.txt", b"a" * (documents.MAX_BYTES + 1))
    assert "10 MB" in err.message_en and "10 MB" in err.message_vi


def test_a_text_too_long_once_read():
    err = refusal("dai.txt", ("Một câu. " * (documents.MAX_CHARS // 9 + 10)).encode("utf-8"))
    assert "characters" in err.message_en and "ký tự" in err.message_vi


def test_binary_data_and_unknown_kinds():
    assert "binary" in refusal("anh.txt", bytes(range(256)) * 4).message_en
    assert "binary" in refusal("du-lieu", b"\x00\x01\x02" * 100).message_en
    err = refusal("bang.xlsx", b"PK\x03\x04 anything")
    assert ".txt, .docx, .pdf" in err.message_en and ".txt, .docx, .pdf" in err.message_vi
    assert ".doc" in refusal("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)).message_en
    assert "not a PDF" in refusal("gia.pdf", REPORT.encode("utf-8")).message_en


def test_a_scanned_pdf_has_no_text_layer():
    err = refusal("scan.pdf", pdf_with_only_a_picture())
    assert "scan" in err.message_en and "OCR" in err.message_vi


def test_a_damaged_pdf():
    raw = pdf_with_text("Some text here.")
    assert "damaged" in refusal("hong.pdf", raw[: len(raw) // 3]).message_en


def test_a_docx_that_is_not_a_zip_or_not_a_word_file():
    assert "not a Word" in refusal("gia.docx", REPORT.encode("utf-8")).message_en
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a word document")
    assert "not a valid Word" in refusal("khac.docx", buffer.getvalue()).message_en
    damaged = word_file("Một đoạn.")
    assert "not a valid Word" in refusal("hong.docx", damaged[: len(damaged) // 2]).message_en


def test_a_zip_bomb_docx_is_refused_from_its_declared_sizes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (documents.MAX_UNZIPPED_BYTES + 1024))
    raw = buffer.getvalue()
    assert len(raw) < 100_000  # small on disk: it is the unpacked size that is refused
    err = refusal("bom.docx", raw)
    assert "unsafe" in err.message_en and "không an toàn" in err.message_vi


def test_a_docx_with_too_many_parts_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(documents.MAX_ZIP_ENTRIES + 1):
            archive.writestr(f"word/media/p{i}.xml", "")
    assert "unsafe" in refusal("nhieu.docx", buffer.getvalue()).message_en


def test_an_encoding_that_cannot_be_told():
    # Latin-1 French: valid in Windows-1258 byte by byte, but it does not read as Vietnamese
    french = "Le centre a formé 150 stagiaires à Ninh Thuận en été".encode("cp1252", errors="replace")
    err = refusal("francais.txt", french)
    assert "UTF-8" in err.message_en and "UTF-8" in err.message_vi
    # TCVN3 (the old "ABC" fonts): decodes byte by byte, but to symbols inside words
    tcvn3 = b"Trung t\xa9m \xae\xb5o t\xb9o ngh\xd2 cho 150 h\xe4c vi\xaan n\xa8m 2019"
    assert "UTF-8" in refusal("abc.txt", tcvn3).message_en
    # bytes that Windows-1258 leaves undefined
    assert "UTF-8" in refusal("la.txt", b"Trung t\x81m \x8d\x8e\x8f \x90 \x9d").message_en
