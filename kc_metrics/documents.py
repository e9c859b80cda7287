"""Reading a curator's document into text for the reading assistant (issue 14): pasted text, .txt,
.docx and .pdf with a text layer.

Everything a curator may upload is checked before it is read, and every refusal is a `DocumentError`
that says what is wrong and what to do, in English and in Vietnamese (the page shows the one of its
language): an empty file, a file too big, a binary or unknown file, a scanned PDF (no text layer), a
.docx that is not a valid Word file or that would unpack to something huge (a zip bomb: the entries'
declared sizes and their number are checked before anything is unpacked), text in an encoding we cannot
tell. The text returned is NFC-normalised with "\\n" line ends, so that offsets the assistant gives
point into exactly what the page shows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import PurePath

MAX_BYTES = 10 * 1024 * 1024  # an upload larger than this is refused before it is read
MAX_CHARS = 300_000  # about 100 pages of prose: more is not one report
MAX_ZIP_ENTRIES = 2_000  # a .docx has a few dozen parts
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024  # the sum of the declared sizes of a .docx's parts
MAX_PDF_PAGES = 500
TEXT_TYPES = (".txt", ".text")
ACCEPTED = ".txt, .docx, .pdf"

# Letters with Vietnamese marks (after NFC), and among them those French or German never use, to
# recognise a Windows-1258 file that decodes to Vietnamese rather than to noise or to another language.
_ONLY_VIETNAMESE = set("ăđơưĂĐƠƯ") | set(
    "ạảãằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏõọồốổỗộờớởỡợủũụừứửữựỳỷỹỵẠẢÃẰẮẲẴẶẦẤẨẪẬẺẼẸỀẾỂỄỆỈĨỊỎÕỌỒỐỔỖỘỜỚỞỠỢỦŨỤỪỨỬỮỰỲỶỸỴ"
)
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯ") | set(
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
)


class DocumentError(ValueError):
    """A document the assistant cannot read, with the reason in English (`message_en`, also str())
    and in Vietnamese (`message_vi`)."""

    def __init__(self, message_en: str, message_vi: str):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_vi = message_vi

    def message(self, lang: str = "vi") -> str:
        """The message in the page's language ("vi" or "en")."""
        return self.message_en if lang == "en" else self.message_vi


def read_pasted(text: str) -> str:
    """Pasted text, checked like a file's: not empty, not longer than MAX_CHARS; NFC, "\\n" line ends."""
    return _checked_text(str(text))


def read_document(name: str, raw: bytes) -> str:
    """The text of an uploaded document, by its kind: .txt (UTF-8 with or without BOM, UTF-16 with
    BOM, or Windows-1258 when it reads as Vietnamese), .docx, or .pdf with a text layer.

    Raises DocumentError (a ValueError) for anything else, with a message in English and Vietnamese.
    """
    if not raw:
        raise DocumentError(
            f"'{name}' is empty.",
            f"Tệp '{name}' không có nội dung.",
        )
    if len(raw) > MAX_BYTES:
        raise DocumentError(
            f"'{name}' is {len(raw) / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB. "
            "Split the report or paste the part with the figures.",
            f"Tệp '{name}' có dung lượng {len(raw) / 1_048_576:.1f} MB, vượt giới hạn "
            f"{MAX_BYTES // 1_048_576} MB. Hãy tách báo cáo hoặc dán phần có số liệu.",
        )
    kind = _kind(name, raw)
    if kind == "pdf":
        return _checked_text(_read_pdf(name, raw), name)
    if kind == "docx":
        return _checked_text(_read_docx(name, raw), name)
    return _checked_text(_decode(name, raw), name)


def _kind(name: str, raw: bytes) -> str:
    """pdf, docx or txt, from the file's name; a name that says one thing and content that says
    another is refused, so that nothing is read as what it is not."""
    suffix = PurePath(name).suffix.lower()
    is_pdf, is_zip = raw.startswith(b"%PDF-"), raw.startswith(b"PK\x03\x04")
    if suffix == ".pdf":
        if not is_pdf:
            raise DocumentError(
                f"'{name}' is named .pdf but is not a PDF file.",
                f"Tệp '{name}' có đuôi .pdf nhưng không phải là tệp PDF.",
            )
        return "pdf"
    if suffix == ".docx":
        if not is_zip:
            raise DocumentError(
                f"'{name}' is named .docx but is not a Word (.docx) file; open it in Word and save it again "
                "as .docx.",
                f"Tệp '{name}' có đuôi .docx nhưng không phải là tệp Word (.docx); hãy mở bằng Word và lưu "
                "lại dưới dạng .docx.",
            )
        return "docx"
    if suffix == ".doc" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(
            f"'{name}' is an old Word (.doc) file; save it as .docx, or as a PDF, and upload that.",
            f"Tệp '{name}' là tệp Word cũ (.doc); hãy lưu lại dưới dạng .docx hoặc PDF rồi tải lên.",
        )
    if suffix in TEXT_TYPES or (suffix == "" and not is_pdf and not is_zip):
        return "txt"
    raise DocumentError(
        f"'{name}' is not a kind of document the assistant reads (accepted: {ACCEPTED}); you may also paste "
        "the text.",
        f"Không đọc được loại tệp của '{name}' (chỉ nhận: {ACCEPTED}); bạn cũng có thể dán nội dung văn bản.",
    )


# --- .txt ------------------------------------------------------------------------------------------


def _decode(name: str, raw: bytes) -> str:
    """UTF-8 (a BOM is dropped), UTF-16 with its BOM, or Windows-1258 when it reads as Vietnamese."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise _encoding_error(name) from err
    if b"\x00" in raw[:8192] or _looks_binary(raw[:8192]):
        raise DocumentError(
            f"'{name}' is not a text file (it holds binary data); upload a .txt, .docx or .pdf report.",
            f"Tệp '{name}' không phải là tệp văn bản (chứa dữ liệu nhị phân); hãy tải lên báo cáo dạng "
            ".txt, .docx hoặc .pdf.",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError as err:
        raise _encoding_error(name) from err
    if _reads_as_vietnamese(unicodedata.normalize("NFC", text)):
        return text
    raise _encoding_error(name)


def _looks_binary(head: bytes) -> bool:
    """Control characters other than tab and line ends are not text."""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(head) // 100)


def _reads_as_vietnamese(text: str) -> bool:
    """A legacy 8-bit file decoded as Windows-1258 is taken only when it reads as Vietnamese: enough
    letters with Vietnamese marks (some of them marks only Vietnamese uses: a French é is not enough),
    and none of the symbols a wrong guess produces in the middle of words (TCVN3 files decode to such
    noise)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 10:
        return False
    marked = sum(1 for c in letters if c in _VIETNAMESE)
    only = sum(1 for c in letters if c in _ONLY_VIETNAMESE)
    noise = len(re.findall(r"\w[¡-¿×÷ƒ†‡‰Œœ˜™]\w", text))
    return marked / len(letters) > 0.08 and only / len(letters) > 0.02 and noise == 0


def _encoding_error(name: str) -> DocumentError:
    return DocumentError(
        f"'{name}' is not in an encoding the assistant can tell (UTF-8, UTF-16 with BOM or Windows-1258); "
        "save it as UTF-8 text and upload it again.",
        f"Không nhận ra bảng mã của tệp '{name}' (chỉ nhận UTF-8, UTF-16 có BOM hoặc Windows-1258); hãy lưu "
        "lại dưới dạng văn bản UTF-8 rồi tải lên.",
    )


# --- .docx -----------------------------------------------------------------------------------------


def _read_docx(name: str, raw: bytes) -> str:
    """Paragraphs and table rows of a Word file, in document order; the zip is checked first."""
    invalid = DocumentError(
        f"'{name}' is not a valid Word (.docx) file; open it in Word and save it again as .docx.",
        f"Tệp '{name}' không phải là tệp Word (.docx) hợp lệ; hãy mở bằng Word và lưu lại dưới dạng .docx.",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise invalid from err
    declared = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or declared > MAX_UNZIPPED_BYTES:
        raise DocumentError(
            f"'{name}' would unpack to {declared / 1_048_576:.0f} MB in {len(entries)} parts, far more "
            "than a report; it is refused as unsafe. Save the report again from Word, or paste its text.",
            f"Tệp '{name}' khi giải nén sẽ chiếm {declared / 1_048_576:.0f} MB với {len(entries)} "
            "thành phần, lớn bất thường so với một báo cáo; tệp bị từ chối vì không an toàn. "
            "Hãy lưu lại báo cáo từ Word hoặc dán nội dung văn bản.",
        )
    if "word/document.xml" not in names:
        raise invalid
    import docx  # python-docx; imported here so that the package loads without it
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells = [cell.text.strip() for cell in row.cells]
                    lines.append(" | ".join(dict.fromkeys(c for c in cells if c)))  # merged cells repeat
            else:
                lines.append(block.text)
    except Exception as err:  # python-docx and lxml raise many kinds on a damaged file
        raise invalid from err
    return "\n".join(lines)


# --- .pdf ------------------------------------------------------------------------------------------


def _read_pdf(name: str, raw: bytes) -> str:
    """The text layer of a PDF, page by page; a PDF with no text at all is a scan."""
    from pypdf import PdfReader  # imported here so that the package loads without it
    from pypdf.errors import PyPdfError

    invalid = DocumentError(
        f"'{name}' is not a PDF the assistant can read (the file is damaged).",
        f"Không đọc được tệp PDF '{name}' (tệp bị hỏng).",
    )
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                f"'{name}' is protected by a password; save an unprotected copy and upload that.",
                f"Tệp '{name}' được bảo vệ bằng mật khẩu; hãy lưu một bản không có mật khẩu rồi tải lên.",
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(
                f"'{name}' has {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES}. "
                "Upload the part with the figures.",
                f"Tệp '{name}' có {len(reader.pages)} trang, vượt giới hạn {MAX_PDF_PAGES} trang. "
                "Hãy tải lên phần có số liệu.",
            )
        pages = []
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            if sum(len(p) for p in pages) > MAX_CHARS:
                break  # enough to know it is too long: _checked_text says so
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as err:
        raise invalid from err
    text = "\n\n".join(p.strip("\n") for p in pages)
    if not any(c.isalpha() for c in text):
        raise DocumentError(
            f"'{name}' has no text layer: it looks like a scan (pictures of pages). The assistant reads only "
            "text; run it through OCR, or paste the text.",
            f"Tệp '{name}' không có lớp văn bản: có vẻ là bản scan (ảnh chụp trang). Trợ lý chỉ đọc được văn "
            "bản; hãy nhận dạng chữ (OCR) trước, hoặc dán nội dung văn bản.",
        )
    return text


# --- all kinds -------------------------------------------------------------------------------------


def _checked_text(text: str, name: str | None = None) -> str:
    """NFC, "\\n" line ends, not empty and not longer than MAX_CHARS."""
    what_en, what_vi = (f"'{name}'", f"Tệp '{name}'") if name else ("The pasted text", "Văn bản được dán")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(f"{what_en} has no text.", f"{what_vi} không có nội dung.")
    if len(text) > MAX_CHARS:
        size_vi, limit_vi = (f"{n:,}".replace(",", ".") for n in (len(text), MAX_CHARS))
        raise DocumentError(
            f"{what_en} has {len(text):,} characters; the limit is {MAX_CHARS:,}. "
            "Paste or upload the part of the report with the figures.",
            f"{what_vi} có {size_vi} ký tự, vượt giới hạn {limit_vi} ký tự. "
            "Hãy dán hoặc tải lên phần báo cáo có số liệu.",
        )
    return text


__all__ = [
    "ACCEPTED",
    "MAX_BYTES",
    "MAX_CHARS",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_ENTRIES",
    "DocumentError",
    "read_document",
    "read_pasted",
]
