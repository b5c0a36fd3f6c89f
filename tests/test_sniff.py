import bz2
import codecs
import gzip
import io
import lzma
import tarfile
import zipfile

import docx
import pytest

from lanzarote.lib.sniff import ACCEPTED, DOCX, HTML, PDF, TEXT, FileRefused, ZipLimits, sniff

MB = 1024 * 1024
CAP = 10 * MB
POLICY = (
    "Article 5 – Recruitment, training and awareness of persons working in contact with "
    "children. The Party reports that all professionals receive training on the rights of the "
    "child and on the detection of sexual abuse."
)


def minimal_pdf(text: str = "Lanzarote Convention") -> bytes:
    """A valid one-page PDF written by hand, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def word_document(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs or (POLICY,):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, *, replace: dict[str, bytes] | None = None) -> bytes:
    """The same archive with some members' content replaced or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.pop(info.filename, source.read(info)))
        for name, content in replace.items():
            target.writestr(name, content)
    return out.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_encrypted_flag(data: bytes, name: str) -> bytes:
    """Set the "encrypted" bit of one member in both its local and central headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    patched[info.header_offset + 6] |= 0x1
    encoded = name.encode()
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        if patched[central + 46 : central + 46 + len(encoded)] == encoded:
            patched[central + 8] |= 0x1
            break
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def tar_of(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo(name)
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


def refusal(
    data: bytes, *, max_bytes: int = CAP, zip_limits: ZipLimits | None = None
) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        sniff(data, max_bytes=max_bytes, zip_limits=zip_limits)
    return caught.value


# Accepted documents


def test_a_hand_written_pdf_is_accepted_as_pdf():
    result = sniff(minimal_pdf(), max_bytes=CAP)
    assert result == PDF
    assert (result.kind, result.content_type, result.extension) == (
        "pdf",
        "application/pdf",
        ".pdf",
    )


def test_a_pdf_with_padding_after_its_end_marker_is_still_accepted():
    assert sniff(minimal_pdf() + b"\n" * 500, max_bytes=CAP) == PDF


def test_a_word_document_written_by_python_docx_is_accepted_as_docx():
    result = sniff(
        word_document(POLICY, "Réponse de la Partie : « mesures prévues »."), max_bytes=CAP
    )
    assert result == DOCX
    assert result.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert result.extension == ".docx"


def test_utf8_text_with_french_accents_is_accepted_as_plain_text():
    text = "Évaluation de la mise en œuvre : l’enfant est protégé à l’école.\n" + POLICY
    result = sniff(text.encode("utf-8"), max_bytes=CAP)
    assert result == TEXT
    assert (result.content_type, result.extension) == ("text/plain; charset=utf-8", ".txt")


def test_utf8_text_with_a_byte_order_mark_is_accepted_as_plain_text():
    assert sniff(codecs.BOM_UTF8 + POLICY.encode(), max_bytes=CAP) == TEXT


def test_a_few_form_feeds_and_tabs_in_text_are_not_taken_for_binary_content():
    text = ("Section\t1\n" + POLICY + "\f") * 3
    assert sniff(text.encode(), max_bytes=CAP) == TEXT


@pytest.mark.parametrize(
    "start",
    [
        b"<!DOCTYPE html>\n<html lang='fr'><body><p>Rapport</p></body></html>",
        b"<!doctype HTML><title>Report</title>",
        b"<html><body>Report on Article 5</body></html>",
        b"\n\n   <HTML>\n<body>Report</body></HTML>",
        codecs.BOM_UTF8 + b"<!DOCTYPE html><p>Rapport d\xe2\x80\x99\xc3\xa9valuation</p>",
    ],
)
def test_html_documents_are_recognised_by_their_first_tag(start):
    result = sniff(start, max_bytes=CAP)
    assert result == HTML
    assert (result.content_type, result.extension) == ("text/html; charset=utf-8", ".html")


def test_an_html_fragment_without_doctype_or_html_tag_is_plain_text():
    assert sniff(b"<p>Article 5 of the Convention</p>", max_bytes=CAP) == TEXT


@pytest.mark.parametrize(
    "sentence",
    [b"BMJ study on child protection", b"MZ region report", b"ID3 is a committee code"],
)
def test_text_that_happens_to_start_like_a_binary_signature_is_still_text(sentence):
    assert sniff(sentence + b"\n" + POLICY.encode(), max_bytes=CAP) == TEXT


# Size


def test_an_empty_file_is_refused_as_empty():
    error = refusal(b"")
    assert str(error) == "the file is empty"
    assert error.reason == "empty"


def test_a_file_of_only_blank_space_is_refused_as_empty():
    assert refusal(b" \n\t\r\n").reason == "empty"


def test_a_file_over_the_cap_is_refused_naming_its_size_and_the_cap_in_mb():
    error = refusal(b"a" * (5 * MB // 2), max_bytes=2 * MB)
    assert error.reason == "too_large"
    assert "2.5 MB" in str(error)
    assert "at most 2 MB" in str(error)


def test_a_file_just_over_the_cap_never_reads_as_the_same_size_as_the_cap():
    message = str(refusal(b"a" * (MB + 1), max_bytes=MB))
    assert "1.1 MB" in message
    assert "at most 1 MB" in message


def test_the_size_is_checked_before_the_content():
    assert refusal(minimal_pdf(), max_bytes=100).reason == "too_large"


# PDF


def test_a_pdf_without_its_end_of_file_marker_is_refused_as_truncated():
    pdf = minimal_pdf()
    error = refusal(pdf[: pdf.rindex(b"%%EOF")])
    assert error.reason == "truncated_pdf"
    assert "truncated PDF" in str(error)


def test_a_pdf_whose_end_marker_is_far_from_the_end_is_refused_as_truncated():
    pdf = minimal_pdf() + b"%" + b"x" * 4096 + b"\n"
    assert refusal(pdf).reason == "truncated_pdf"


def test_a_pdf_header_that_is_not_at_offset_zero_is_refused():
    error = refusal(b"\n  " + minimal_pdf())
    assert error.reason == "damaged_pdf"
    assert "%PDF-" in str(error)


# Word and ZIP


def test_a_word_97_2003_doc_file_is_refused_with_advice_to_save_as_docx_or_pdf():
    error = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert str(error) == "Word 97-2003 .doc files are not accepted; save as .docx or PDF"
    assert error.reason == "legacy_office"


def test_a_password_protected_word_document_is_refused_with_advice_to_remove_the_password():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(120) + "EncryptedPackage".encode("utf-16-le")
    error = refusal(ole)
    assert error.reason == "encrypted"
    assert "remove the password" in str(error)


def test_a_zip_archive_that_is_not_a_word_document_is_refused_as_an_archive():
    archive = zip_of({"report.txt": POLICY.encode(), "annex.txt": b"Annex"})
    error = refusal(archive)
    assert error.reason == "archive"
    assert "archives are not accepted" in str(error)
    assert ACCEPTED in str(error)


def test_an_empty_zip_archive_is_refused_as_an_archive():
    assert refusal(zip_of({})).reason == "archive"


def test_a_zip_with_only_content_types_is_not_taken_for_a_word_document():
    assert refusal(zip_of({"[Content_Types].xml": b"<Types/>"})).reason == "archive"


def test_an_excel_workbook_is_refused_with_advice_to_save_as_docx_or_pdf():
    workbook = zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    error = refusal(workbook)
    assert error.reason == "other_office"
    assert "Excel" in str(error)


def test_an_opendocument_text_is_refused_with_advice_to_save_as_docx_or_pdf():
    odt = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    error = refusal(odt)
    assert error.reason == "other_office"
    assert "OpenDocument" in str(error)


def test_a_damaged_zip_is_refused_as_damaged():
    assert refusal(b"PK\x03\x04" + b"\x14\x00" + bytes(40)).reason == "damaged_zip"


def test_a_word_document_with_a_doctype_in_its_body_is_refused_for_xml_entities():
    original = word_document()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        body = archive.read("word/document.xml")
    declaration, rest = body.split(b"?>", 1)
    injected = (
        declaration
        + b'?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + rest.replace(b"Article 5", b"&xxe;")
    )
    error = refusal(rewrite_zip(original, replace={"word/document.xml": injected}))
    assert error.reason == "xml_entities"
    assert "word/document.xml" in str(error)


def test_an_entity_declaration_in_another_part_of_a_word_document_is_refused_too():
    billion_laughs = b'<?xml version="1.0"?><!ENTITY lol "lol"><w:styles/>'
    data = rewrite_zip(word_document(), replace={"word/styles.xml": billion_laughs})
    assert refusal(data).reason == "xml_entities"


def test_a_word_document_with_an_encrypted_member_is_refused():
    data = with_encrypted_flag(word_document(), "word/document.xml")
    error = refusal(data)
    assert error.reason == "encrypted"
    assert "password" in str(error)


def test_a_word_document_with_macros_is_refused():
    data = rewrite_zip(word_document(), replace={"word/vbaProject.bin": b"\x00macro"})
    assert refusal(data).reason == "macros"


def test_a_zip_bomb_dressed_as_a_word_document_is_refused():
    bomb = rewrite_zip(word_document(), replace={"word/media/padding.xml": bytes(60 * MB)})
    assert len(bomb) < MB  # sixty megabytes of zeros deflate to well under a megabyte
    error = refusal(bomb, max_bytes=MB)
    assert error.reason == "zip_bomb"
    assert "zip bomb" in str(error)


def test_a_single_member_compressed_more_than_a_hundredfold_is_refused_as_a_zip_bomb():
    # Five megabytes in all stays under twenty times the cap: only the ratio gives it away.
    bomb = rewrite_zip(word_document(), replace={"word/padding.bin": bytes(5 * MB)})
    assert refusal(bomb, max_bytes=MB).reason == "zip_bomb"


def test_a_caller_may_bound_a_word_document_more_tightly_and_is_told_the_facts():
    # 3 MB of zeros: within the default bounds for a 1 MB cap, past a caller's 2 MB in all.
    padded = rewrite_zip(word_document(), replace={"word/padding.xml": bytes(3 * MB)})
    error = refusal(padded, max_bytes=MB, zip_limits=ZipLimits(total_bytes=2 * MB, ratio=10_000))
    assert (error.reason, error.facts["limit"]) == ("zip_bomb", 2 * MB)
    assert error.facts["total"] > 3 * MB
    too_many = rewrite_zip(
        word_document(), replace={f"customXml/{n}.xml": b"<x/>" for n in range(5)}
    )
    error = refusal(too_many, max_bytes=MB, zip_limits=ZipLimits(parts=5))
    assert error.reason == "too_many_parts" and error.facts["parts"] > 5
    assert sniff(too_many, max_bytes=MB) == DOCX  # no count unless the caller asks


def test_a_refusal_names_the_part_it_rests_on():
    bomb = rewrite_zip(word_document(), replace={"word/padding.bin": bytes(5 * MB)})
    error = refusal(bomb, max_bytes=MB)
    assert error.facts["part"] == "word/padding.bin" and error.facts["ratio"] > 100


# Images, media, archives and programs


SIGNATURES = [
    ("PNG", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image"),
    ("JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image"),
    ("GIF", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "image"),
    ("WebP", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image"),
    ("BMP", b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00" + bytes(40), "image"),
    ("TIFF", b"II*\x00\x08\x00\x00\x00", "image"),
    ("TIFF", b"MM\x00*\x00\x00\x00\x08", "image"),
    ("HEIC", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image"),
    ("AVIF", b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "image"),
    ("SVG", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image"),
    ("SVG", b'<?xml version="1.0"?>\n<svg width="10" height="10"></svg>', "image"),
    ("MP4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", "video"),
    ("MOV", b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "video"),
    ("WebM", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video"),
    ("Matroska", b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", "video"),
    ("AVI", b"RIFF\x24\x00\x00\x00AVI LIST", "video"),
    ("MP3", b"ID3\x03\x00\x00\x00\x00\x00\x21", "audio"),
    ("Ogg", b"OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00", "audio"),
    ("RAR", b"Rar!\x1a\x07\x01\x00", "archive"),
    ("7z", b"7z\xbc\xaf\x27\x1c\x00\x04", "archive"),
    ("gzip", gzip.compress(POLICY.encode()), "archive"),
    ("bzip2", bz2.compress(POLICY.encode()), "archive"),
    ("xz", lzma.compress(POLICY.encode()), "archive"),
    ("tar", tar_of("report.txt", POLICY.encode()), "archive"),
    ("Windows executable", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(54), "executable"),
    ("ELF", b"\x7fELF\x02\x01\x01\x00" + bytes(8), "executable"),
]


@pytest.mark.parametrize(
    ("name", "data", "reason"), SIGNATURES, ids=[f"{n}-{r}" for n, _, r in SIGNATURES]
)
def test_images_media_archives_and_programs_are_refused_saying_what_they_are(name, data, reason):
    error = refusal(data)
    assert error.reason == reason
    assert name in str(error)
    assert str(error).endswith(ACCEPTED)


def test_an_image_refusal_reads_as_a_sentence_a_person_can_act_on():
    assert str(refusal(b"\x89PNG\r\n\x1a\n" + bytes(8))) == (
        "this is an image (PNG); only PDF, Word (.docx), plain text and HTML documents are accepted"
    )


def test_a_rich_text_file_is_refused_with_advice_to_save_as_docx_or_pdf():
    error = refusal(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Article 5 \\par}")
    assert error.reason == "other_office"
    assert ".docx or PDF" in str(error)


# Text that is not UTF-8 or not text


def test_latin_1_text_is_refused_with_advice_to_save_it_as_utf8():
    error = refusal(("Évaluation de la protection de l’enfance. " + POLICY).encode("cp1252"))
    assert error.reason == "encoding"
    assert "save it as UTF-8" in str(error)
    assert "0xC9" in str(error)


def test_the_unreadable_byte_is_located_in_the_file_as_uploaded_even_after_a_byte_order_mark():
    error = refusal(codecs.BOM_UTF8 + "Protocole additionnel é".encode("latin-1"))
    assert "byte 0xE9 at position 25" in str(error)


def test_utf16_text_is_refused_with_advice_to_save_it_as_utf8():
    error = refusal(POLICY.encode("utf-16"))
    assert error.reason == "encoding"
    assert "save it as UTF-8" in str(error)


def test_content_with_a_nul_byte_is_refused_as_binary():
    error = refusal(POLICY.encode() + b"\x00" + POLICY.encode())
    assert error.reason == "binary"
    assert str(error).startswith("binary content")


def test_utf8_with_one_percent_of_control_characters_is_refused_as_binary():
    data = b"a" * 99 + b"\x1b"
    assert refusal(data).reason == "binary"
    assert sniff(b"a" * 199 + b"\x1b", max_bytes=CAP) == TEXT


def test_undecodable_bytes_full_of_control_characters_are_refused_as_binary_not_as_encoding():
    data = bytes(range(1, 256)) * 4
    assert refusal(data).reason == "binary"


def _main_part_renamed(original: bytes, name: str, body: bytes) -> bytes:
    """The Word document with its main part moved to ``name`` (content types and relationships
    pointing there, as Word's own reader follows them), a harmless word/document.xml left."""
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b'PartName="/word/document.xml"', f'PartName="/{name}"'.encode()
    )
    members["_rels/.rels"] = members["_rels/.rels"].replace(
        b'Target="word/document.xml"', f'Target="{name}"'.encode()
    )
    members[f"word/_rels/{name.split('/')[-1]}.rels"] = members.pop("word/_rels/document.xml.rels")
    members[name] = body
    return zip_of(members)


def test_an_entity_declaration_in_a_main_part_not_named_xml_is_refused():
    original = word_document()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        body = archive.read("word/document.xml")
    declaration, rest = body.split(b"?>", 1)
    injected = declaration + b'?>\n<!DOCTYPE w:document [<!ENTITY x "synthetic">]>' + rest
    data = _main_part_renamed(original, "word/document.bin", injected)
    reread = docx.Document(io.BytesIO(_main_part_renamed(original, "word/document.bin", body)))
    assert reread.paragraphs[0].text == POLICY  # the reader does follow the renamed part
    error = refusal(data)
    assert error.reason == "xml_entities" and "word/document.bin" in str(error)


def test_a_picture_whose_own_xml_has_a_doctype_is_not_a_reason_to_refuse():
    svg = (
        b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg/>'
    )
    original = word_document()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"<Default ", b'<Default Extension="svg" ContentType="image/svg+xml"/><Default ', 1
    )
    data = rewrite_zip(
        original, replace={"[Content_Types].xml": types, "word/media/image1.svg": svg}
    )
    assert sniff(data, max_bytes=CAP) == DOCX


def test_a_part_in_an_encoding_that_hides_its_declarations_is_refused():
    ebcdic = '<?xml version="1.0" encoding="IBM037"?><!DOCTYPE d [<!ENTITY x "y">]><d/>'
    declared = ebcdic.encode("ascii")[:40] + ebcdic[40:].encode("cp037")
    data = rewrite_zip(word_document(), replace={"word/styles.xml": declared})
    assert refusal(data).reason == "xml_encoding"
    utf32 = '<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE d><d/>'.encode("utf-32")
    assert refusal(rewrite_zip(word_document(), replace={"word/styles.xml": utf32})).reason == (
        "xml_encoding"
    )
    undeclared = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d/>'.encode("cp037")
    assert refusal(
        rewrite_zip(word_document(), replace={"word/styles.xml": undeclared})
    ).reason == ("xml_encoding")
