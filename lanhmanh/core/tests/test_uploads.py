import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lanhmanh.core.uploads import check_evidence_file
from lanhmanh.plans.tests.files import PDF_BYTES, PNG_BYTES, ooxml_bytes


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bien-ban.pdf", PDF_BYTES),
        ("anh.png", PNG_BYTES),
        ("bao-cao.docx", ooxml_bytes("word/document.xml")),
        ("so-lieu.xlsx", ooxml_bytes("xl/workbook.xml")),
    ],
)
def test_it_accepts_real_files_of_the_allowed_types(name, data):
    assert check_evidence_file(upload(name, data)) == "." + name.rsplit(".", 1)[1]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("script.exe", b"MZ....", "không đúng loại"),
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không phải là tệp pdf"),
        ("anh.png", PDF_BYTES, "không phải là tệp png"),
        ("gia-mao.docx", b"PK\x03\x04 broken", "không phải là tệp docx"),
        ("bang.xlsx", ooxml_bytes("word/document.xml"), "không phải là tệp xlsx"),
        ("macro.xlsx", ooxml_bytes("xl/workbook.xml", macro=True), "macro"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_it_rejects_wrong_or_dangerous_content_naming_the_field(name, data, says):
    with pytest.raises(ValidationError) as err:
        check_evidence_file(upload(name, data))
    assert says in err.value.message_dict["evidence"][0]


def test_it_rejects_a_file_over_the_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as err:
        check_evidence_file(upload("lon.pdf", PDF_BYTES + b"0" * 2048))
    assert "vượt giới hạn" in err.value.message_dict["evidence"][0]


def test_it_rejects_an_office_file_that_unzips_to_a_bomb(monkeypatch):
    monkeypatch.setattr("lanhmanh.core.uploads.MAX_UNZIPPED_BYTES", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "0" * 50_000)
    with pytest.raises(ValidationError) as err:
        check_evidence_file(upload("bom.xlsx", buffer.getvalue()))
    assert "giải nén quá lớn" in err.value.message_dict["evidence"][0]
