"""The hostile-file corpus: broken, malicious and tricky files for every upload and import,
generated here (nothing is downloaded), built once per process.

Three sets, each case with what the product must do with it:

- ``documents()``: files for the document uploads (reply attachments, legislation acts, committee
  meeting documents) and the questionnaire import; each is ``REFUSED_OR_FAILED`` (refused at
  upload with the reason, or stored and failed at reading with the reason) or ``READ``
  (harmless content in an accepted format: read like any document, its tricks kept as text).
- ``questionnaires()``: files for the questionnaire import; ``REFUSED`` (a message, nothing
  previewed) or ``PREVIEWED`` (questions found, to be confirmed).
- ``status_csvs()``: files for the treaty-status CSV import; ``REFUSED`` (errors by line,
  nothing changes) or ``APPLIED``.

All text is synthetic legal or policy wording.
"""

import codecs
import functools
import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass

import docx

from tests.pdfgen import make_encrypted_pdf, make_image_only_pdf, make_pdf

REFUSED_OR_FAILED = "refused or failed"
READ = "read"
REFUSED = "refused"
PREVIEWED = "previewed"
APPLIED = "applied"

SENTENCE = "Article 18 requires each Party to criminalise the intentional conduct it names."
PAGES = [
    ["Synthetic reply", "Question 1", SENTENCE],
    ["Question 1.a", "Training on the Convention is compulsory for the professionals concerned."],
]
WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    expect: str
    filename: str = ""  # for the questionnaire import, whose reader the name may choose

    @property
    def slow(self) -> bool:
        """Seconds of work of its own (a big file read whole): only in the full run."""
        return self.name.split(": ")[-1] in SLOW


# Cases that take seconds (reading, linking, segmenting a large file): marked slow.
SLOW = {
    "text of one 4 MB line",
    "docx with 20000 paragraphs",
    "text of 200000 short lines",
    "docx with a paragraph of a million characters",
    "csv with 100000 rows",
    "100000 rows",
    "html nested 100000 deep",
    "json with 100000 questions",
    "docx of 2500 parts",
    "pdf of 300 pages",
    "pdf with a deflate bomb stream",
}


def params(cases: list[Case]) -> list:
    """The cases as pytest parameters, the slow ones marked."""
    import pytest

    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in cases
    ]


# --- builders -----------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@functools.cache
def good_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Question 1", level=2)
    document.add_paragraph(SENTENCE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(good_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_changed(
    *, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = (), add=None
) -> bytes:
    parts = {k: v for k, v in docx_parts().items() if k not in drop}
    parts.update(replace or {})
    parts.update(add or {})
    return zip_of(parts)


def body(inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{WORD_NS}"><w:body>{inner}</w:body></w:document>'
    ).encode()


def paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def lying_zip(declared: int) -> bytes:
    """A Word-looking ZIP whose directory declares ``declared`` bytes for a part that really
    inflates to 30 MB (the sizes zipfile trusts are those of the central directory)."""
    real = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * 30_000_000})
    marker = b"word/document.xml"
    out = bytearray(real)
    at = real.rfind(b"PK\x01\x02")  # the central directory entry of the last member
    assert real[at + 46 : at + 46 + len(marker)] == marker
    struct.pack_into("<I", out, at + 24, declared)
    local = real.find(b"PK\x03\x04" + real[4:4])  # first local header
    local = real.find(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", out, local + 22, declared)
    return bytes(out)


def pdf_with(objects: list[bytes], *, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A hand-made PDF of these objects (numbered from 1) with a correct cross-reference."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, item in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, item)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def text_page(text: bytes, *, extra: bytes = b"") -> list[bytes]:
    stream = b"BT /F1 11 Tf 72 770 Td (" + text + b") Tj ET"
    return [
        b"<< /Type /Catalog /Pages 2 0 R" + extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]


# --- the first corpus (issue 14), every file of it refused or failed ----------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    source = io.BytesIO()
    docx.Document().save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as target:
        for item in original.infolist():
            data = original.read(item.filename)
            target.writestr(item, document_xml if item.filename == "word/document.xml" else data)
    return out.getvalue()


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)
GOOD = make_pdf(PAGES)


@functools.cache  # built at collection, in every process: zip bombs take a second to compress
def hostile_corpus() -> list[tuple[str, bytes]]:
    corpus = [
        ("empty", b""),
        ("only whitespace", b"   \n\t  "),
        ("png renamed", b"\x89PNG\r\n\x1a\n" + b"\0" * 200),
        ("jpeg renamed", b"\xff\xd8\xff\xe0" + b"\0" * 200),
        ("gif", b"GIF89a" + b"\0" * 100),
        ("webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\0" * 100),
        ("bmp", b"BM" + b"\0" * 100),
        ("tiff", b"II*\x00" + b"\0" * 100),
        ("svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 100),
        ("webm", b"\x1a\x45\xdf\xa3" + b"\0" * 100),
        ("avi", b"RIFF\x00\x00\x00\x00AVI LIST" + b"\0" * 100),
        ("mp3", b"ID3\x03\x00\x00\x00" + b"\0" * 100),
        ("ogg", b"OggS" + b"\0" * 100),
        ("gzip", b"\x1f\x8b\x08" + b"\0" * 100),
        ("rar", b"Rar!\x1a\x07\x00" + b"\0" * 100),
        ("7z", b"7z\xbc\xaf\x27\x1c" + b"\0" * 100),
        ("windows program", b"MZ\x90\x00" + b"\0" * 100),
        ("linux program", b"\x7fELF" + b"\0" * 100),
        ("old word .doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("zip of text", _zip({"notes.txt": b"synthetic"})),
        ("xlsx", _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"})),
        ("docx with external entity", _docx_with(XXE)),
        (
            "zip bomb",
            _zip(
                {
                    "[Content_Types].xml": b"<x/>",
                    "word/document.xml": b"<" + b"a" * 60_000_000 + b"/>",
                }
            ),
        ),
        ("latin-1 text", "Réponse synthétique".encode("latin-1")),
        ("utf-16 text", "Synthetic reply".encode("utf-16")),
        ("binary noise", bytes(range(256)) * 4),
        ("truncated pdf", GOOD[: len(GOOD) // 2]),
        ("pdf header then garbage", b"%PDF-1.4\n" + b"\x00\xff" * 300 + b"\n%%EOF\n"),
        (
            "pdf without pages",
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
        ),
        ("encrypted pdf", make_encrypted_pdf()),
        ("image-only pdf (a scan)", make_image_only_pdf()),
        ("image-only pdf, 3 pages", make_image_only_pdf(3)),
        ("empty html", b"<!doctype html><html><body></body></html>"),
        ("html with only a script", b"<html><script>alert(1)</script></html>"),
        (
            "empty docx",
            _docx_with(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body/></w:document>'
            ),
        ),
        ("docx with broken xml", _docx_with(b"<w:document><w:body><w:p>")),
        (
            "zip truncated",
            _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"})[:60],
        ),
    ]
    corpus += [
        (f"pdf cut at {n}%", GOOD[: len(GOOD) * n // 100] + b"\n%%EOF\n")
        for n in (10, 20, 30, 40, 50, 60, 70, 80, 90)
    ]
    corpus += [
        (f"png inside pdf name {n}", b"\x89PNG\r\n\x1a\n" + bytes([n]) * 50) for n in range(4)
    ]
    return corpus


# --- documents: reply attachments, acts, meeting documents ---------------------------------------


@functools.cache
def documents() -> list[Case]:
    cases = [Case(name, data, REFUSED_OR_FAILED) for name, data in hostile_corpus()]
    cases += _pdfs() + _words() + _other_containers() + _texts() + _binaries()
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "two cases share a name"
    return cases


def _pdfs() -> list[Case]:
    good = make_pdf(PAGES)
    sentence = SENTENCE.encode()
    n = REFUSED_OR_FAILED
    cases = [
        Case(f"pdf truncated to {size} bytes", good[:size], n) for size in (5, 9, 64, 200, 400)
    ]
    cases += [
        Case("pdf header only", b"%PDF-1.7\n%%EOF\n", n),
        Case("pdf with a broken cross-reference", good.replace(b"xref\n", b"xrfe\n"), READ),
        Case(
            "pdf whose startxref points nowhere",
            good.replace(b"startxref\n", b"startxref\n9"),
            READ,
        ),
        Case(
            "pdf with a page tree that loops",
            pdf_with(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
                ]
            ),
            n,
        ),
        Case(
            "pdf claiming a billion pages",
            pdf_with(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                ]
            ),
            n,
        ),
        Case("pdf whose catalogue is not a dictionary", pdf_with([b"42"]), n),
        Case(
            "pdf with a stream of lying length",
            pdf_with([*text_page(sentence)[:4], b"<< /Length 999999 >>\nstream\nBT ET\nendstream"]),
            n,
        ),
        Case(
            "pdf with a corrupt deflate stream",
            pdf_with(
                [
                    *text_page(sentence)[:4],
                    b"<< /Length 20 /Filter /FlateDecode >>\nstream\n"
                    + b"x\x9c"
                    + b"\xff" * 18
                    + b"\nendstream",
                ]
            ),
            n,
        ),
        Case(
            "pdf with a deflate bomb stream",
            pdf_with(
                [
                    *text_page(sentence)[:4],
                    (
                        lambda z: (
                            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                            % (len(z), z)
                        )
                    )(zlib.compress(b" " * 50000000, 9)),
                ]
            ),
            n,
        ),
        Case(
            "pdf with 100000 nested arrays",
            pdf_with(
                [
                    b"<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 100000 + b"]" * 100000 + b" >>",
                    *text_page(sentence)[1:],
                ]
            ),
            READ,
        ),
        Case(
            "pdf with javascript on opening",
            pdf_with(
                text_page(sentence, extra=b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
            ),
            READ,
        ),
        Case(
            "pdf with a launch action",
            pdf_with(text_page(sentence, extra=b" /OpenAction << /S /Launch /F (calc.exe) >>")),
            READ,
        ),
        Case(
            "pdf with an embedded file",
            pdf_with(
                [
                    *text_page(
                        sentence, extra=b" /Names << /EmbeddedFiles << /Names [(a.exe) 6 0 R] >> >>"
                    ),
                    b"<< /Type /Filespec /F (a.exe) >>",
                ]
            ),
            READ,
        ),
        Case("pdf with a NUL byte in its text", pdf_with(text_page(b"Article\x0018 text")), READ),
        Case(
            "pdf with control characters in its text",
            pdf_with(text_page(b"Article 18\x01\x02\x1b text")),
            READ,
        ),
        Case(
            "pdf without an end marker and padded",
            good.replace(b"%%EOF", b"%%EOX") + b" " * 4096,
            n,
        ),
        Case(
            "pdf then a zip (polyglot)",
            good + zip_of({"word/document.xml": body(paragraph("x"))}),
            READ,
        ),
        Case("pdf with a bom before its header", codecs.BOM_UTF8 + good, n),
        Case("pdf header after blank lines", b"\n\n" + good, n),
        Case("pdf with only a user password", make_encrypted_pdf(), n),
        Case("pdf of 40 image-only pages", make_image_only_pdf(40), n),
        Case(
            "pdf with an empty page tree",
            pdf_with(
                [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
            ),
            n,
        ),
        Case(
            "pdf with a negative page count",
            pdf_with(
                [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count -5 >>"]
            ),
            n,
        ),
        Case(
            "pdf with a huge media box",
            pdf_with(
                [
                    text_page(sentence)[0],
                    text_page(sentence)[1],
                    text_page(sentence)[2].replace(b"[0 0 595 842]", b"[0 0 99999999 99999999]"),
                    *text_page(sentence)[3:],
                ]
            ),
            READ,
        ),
        Case("pdf with one very long line", make_pdf([["Synthetic " * 3000]]), READ),
        Case("pdf of 300 pages", make_pdf([[f"Page {i}", SENTENCE] for i in range(300)]), READ),
    ]
    return cases


def _words() -> list[Case]:
    good = good_docx()
    n = REFUSED_OR_FAILED
    content_types = docx_parts()["[Content_Types].xml"]
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;">]>'
    )
    cases = [
        Case(f"docx truncated to {p}%", good[: len(good) * p // 100], n)
        for p in (5, 25, 50, 75, 95)
    ]
    cases += [
        Case("docx without its main part", docx_changed(drop=("word/document.xml",)), n),
        Case("docx without content types", docx_changed(drop=("[Content_Types].xml",)), n),
        Case("docx without relationships", docx_changed(drop=("_rels/.rels",)), n),
        Case(
            "docx with billion laughs",
            docx_changed(replace={"word/document.xml": laughs + body(paragraph("&c;"))[38:]}),
            n,
        ),
        Case(
            "docx with a dtd in its styles",
            docx_changed(
                replace={
                    "word/styles.xml": b'<?xml version="1.0"?><!DOCTYPE s SYSTEM "http://example.invalid/s.dtd"><w:styles xmlns:w="'
                    + WORD_NS.encode()
                    + b'"/>'
                }
            ),
            n,
        ),
        Case(
            "docx with a parameter entity",
            docx_changed(
                replace={
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "http://example.invalid/p">%p;]>'
                    + body("")[38:]
                }
            ),
            n,
        ),
        Case(
            "docx with an entity in utf-16",
            docx_changed(
                replace={
                    "word/document.xml": (
                        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]>'
                        f'<w:document xmlns:w="{WORD_NS}"><w:body/></w:document>'
                    ).encode("utf-16")
                }
            ),
            n,
        ),
        Case(
            "docx with a part in utf-32",
            docx_changed(
                replace={
                    "word/document.xml": body(paragraph("x"))
                    .replace(b"UTF-8", b"UTF-32")
                    .decode()
                    .encode("utf-32")
                }
            ),
            n,
        ),
        Case(
            "docx with a part declared in ebcdic",
            docx_changed(
                replace={"word/document.xml": body(paragraph("x")).replace(b"UTF-8", b"cp037")}
            ),
            n,
        ),
        Case(
            "docm with a macro project",
            docx_changed(
                replace={
                    "[Content_Types].xml": content_types.replace(
                        main.encode(), b"application/vnd.ms-word.document.macroEnabled.main+xml"
                    )
                },
                add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0synthetic macro project"},
            ),
            n,
        ),
        Case(
            "docx with a vba project only",
            docx_changed(add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0synthetic macro project"}),
            n,
        ),
        Case(
            "docx with an activex control",
            docx_changed(add={"word/activeX/activeX1.bin": b"\xd0\xcf\x11\xe0synthetic control"}),
            n,
        ),
        Case(
            "docx of 2500 parts",
            docx_changed(add={f"word/media/part{i}.xml": b"<x/>" for i in range(2500)}),
            READ,
        ),
        Case("docx whose directory lies about a part's size", lying_zip(1000), n),
        Case(
            "docx with a member named by path traversal",
            docx_changed(add={"../../../../tmp/lanzarote-escape.txt": b"synthetic"}),
            READ,
        ),
        Case(
            "docx with an absolute member name",
            docx_changed(add={"/etc/cron.d/x": b"synthetic"}),
            READ,
        ),
        Case(
            "docx with a member named with a backslash",
            docx_changed(add={"..\\..\\windows\\x.txt": b"synthetic"}),
            READ,
        ),
        Case(
            "docx with a very long member name", docx_changed(add={"a" * 60000: b"synthetic"}), READ
        ),
        Case(
            "docx stored without compression", zip_of(docx_parts(), method=zipfile.ZIP_STORED), READ
        ),
        Case(
            "docx with an external template",
            docx_changed(
                replace={
                    "word/_rels/document.xml.rels": docx_parts()[
                        "word/_rels/document.xml.rels"
                    ].replace(
                        b"</Relationships>",
                        b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
                        b'2006/relationships/attachedTemplate" Target="http://example.invalid/t.dotm" '
                        b'TargetMode="External"/></Relationships>',
                    )
                }
            ),
            READ,
        ),
        Case(
            "docx with an alt chunk of html",
            docx_changed(
                add={"word/afchunk.html": b"<html><body><script>alert(1)</script></body></html>"}
            ),
            READ,
        ),
        Case(
            "docx with a paragraph of a million characters",
            docx_changed(replace={"word/document.xml": body(paragraph("Synthetic " * 100_000))}),
            READ,
        ),
        Case(
            "docx with 20000 paragraphs",
            docx_changed(
                replace={
                    "word/document.xml": body(
                        "".join(paragraph(f"Paragraph {i}.") for i in range(20000))
                    )
                }
            ),
            READ,
        ),
        Case(
            "docx with tables nested 200 deep",
            docx_changed(
                replace={
                    "word/document.xml": body(
                        "<w:tbl><w:tr><w:tc>" * 200
                        + paragraph("deep")
                        + "</w:tc></w:tr></w:tbl>" * 200
                        + paragraph("end")
                    )
                }
            ),
            n,
        ),
        Case(
            "docx with bidi and zero-width characters",
            docx_changed(
                replace={
                    "word/document.xml": body(
                        paragraph("Article\u200b 18 \u202eevitceffe\u202c \ufeffrequired.")
                    )
                }
            ),
            READ,
        ),
        Case(
            "docx with 10000 combining marks",
            docx_changed(
                replace={
                    "word/document.xml": body(paragraph("A" + "\u0301" * 10000 + " Article 18."))
                }
            ),
            READ,
        ),
        Case(
            "docx with control characters as entities",
            docx_changed(replace={"word/document.xml": body(paragraph("Article&#x1;18"))}),
            n,
        ),
        Case(
            "docx whose main part is not xml",
            docx_changed(replace={"word/document.xml": b"\x00\x01\x02binary"}),
            n,
        ),
        Case("docx whose main part is empty", docx_changed(replace={"word/document.xml": b""}), n),
        Case("docx with duplicate member names", _duplicate_member(), READ),
        Case("docx with an encrypted member", _encrypted_member(), n),
        Case("docx with a zip comment of 60 kB", _with_comment(good, b"c" * 60000), READ),
        Case("docx with junk before the zip", b"JUNK" * 10 + good, n),
        Case("docx then a pdf (polyglot)", good + make_pdf(PAGES), READ),
    ]
    return cases


def _duplicate_member() -> bytes:
    import warnings

    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in docx_parts().items():
                archive.writestr(name, data)
            archive.writestr("word/document.xml", body(paragraph("A second main part.")))
    return out.getvalue()


def _encrypted_member() -> bytes:
    data = bytearray(zip_of(docx_parts()))
    at = 0
    while (at := data.find(b"PK\x03\x04", at)) >= 0:  # set the "encrypted" flag everywhere
        data[at + 6] |= 1
        at += 4
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        data[at + 8] |= 1
        at += 4
    return bytes(data)


def _with_comment(data: bytes, comment: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.comment = comment
    return out.getvalue()


def _other_containers() -> list[Case]:
    n = REFUSED_OR_FAILED
    return [
        Case(
            "xlsx workbook",
            zip_of(
                {
                    "[Content_Types].xml": b'<Types><Override PartName="/xl/workbook.xml" '
                    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
                    "xl/workbook.xml": b"<workbook/>",
                }
            ),
            n,
        ),
        Case(
            "xlsx with a formula",
            zip_of(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/worksheets/sheet1.xml": b'<worksheet><c><f>HYPERLINK("http://example.invalid")</f></c></worksheet>',
                }
            ),
            n,
        ),
        Case(
            "xlsm with macros",
            zip_of({"[Content_Types].xml": b"<Types/>", "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
            n,
        ),
        Case(
            "pptx presentation",
            zip_of({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
            n,
        ),
        Case(
            "odt text",
            zip_of(
                {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
                method=zipfile.ZIP_STORED,
            ),
            n,
        ),
        Case(
            "ods sheet",
            zip_of(
                {
                    "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": b"<x/>",
                },
                method=zipfile.ZIP_STORED,
            ),
            n,
        ),
        Case(
            "epub book",
            zip_of(
                {"mimetype": b"application/epub+zip", "META-INF/container.xml": b"<x/>"},
                method=zipfile.ZIP_STORED,
            ),
            n,
        ),
        Case("java archive", zip_of({"META-INF/MANIFEST.MF": b"Manifest-Version: 1.0\n"}), n),
        Case(
            "android package",
            zip_of({"AndroidManifest.xml": b"\x03\x00", "classes.dex": b"dex\n035"}),
            n,
        ),
        Case("zip inside a zip", zip_of({"inner.zip": zip_of({"a.txt": b"synthetic"})}), n),
        Case("recursive zip quine-like", zip_of({"r.zip": b"PK\x03\x04" * 100}), n),
        Case("empty zip", zip_of({}), n),
        Case("zip end record only", b"PK\x05\x06" + b"\0" * 18, n),
        Case("zip spanned marker", b"PK\x07\x08" + b"\0" * 30, n),
        Case(
            "gif with a zip appended (gifar)",
            b"GIF89a" + b"\0" * 20 + zip_of({"a.class": b"\xca\xfe"}),
            n,
        ),
        Case(
            "jpeg with html appended",
            b"\xff\xd8\xff\xe0" + b"\0" * 20 + b"<html><script>x</script></html>",
            n,
        ),
        Case("png with a pdf appended", b"\x89PNG\r\n\x1a\n" + make_pdf(PAGES), n),
        Case("tar archive", b"notes.txt".ljust(257, b"\0") + b"ustar\x0000" + b"\0" * 300, n),
        Case("xz archive", b"\xfd7zXZ\x00" + b"\0" * 50, n),
        Case("zstd archive", b"\x28\xb5\x2f\xfd" + b"\0" * 50, n),
        Case("bzip2 archive", b"BZh91AY&SY" + b"\0" * 50, n),
        Case("cabinet archive", b"MSCF\x00\x00\x00\x00" + b"\0" * 50, n),
        Case("iso disk image", b"\0" * 32769 + b"CD001" + b"\0" * 100, n),
        Case("rtf document", b"{\\rtf1\\ansi Synthetic reply with an \\object embedded.}", n),
        Case("old excel .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, n),
        Case(
            "password-protected docx (ole wrapper)",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 200,
            n,
        ),
    ]


def _texts() -> list[Case]:
    n = REFUSED_OR_FAILED
    plain = SENTENCE.encode()
    return [
        Case("text of one 4 MB line", (SENTENCE + " ").encode() * 50_000, READ),
        Case("text of 200000 short lines", b"Article 18.\n" * 200_000, READ),
        Case("text with carriage returns only", plain.replace(b" ", b"\r") + b"\r", READ),
        Case("text with a NUL byte in the middle", plain + b"\x00" + plain, n),
        Case("text with NUL bytes everywhere", b"\x00".join(bytes([c]) for c in plain), n),
        Case("text with an invalid utf-8 byte", plain + b"\xc3\x28", n),
        Case("text with an overlong utf-8 slash", plain + b"\xc0\xaf", n),
        Case("text with an encoded surrogate", plain + b"\xed\xa0\x80", n),
        Case("text cut in a utf-8 sequence", plain + "é".encode()[:1], n),
        Case("text in utf-32", SENTENCE.encode("utf-32"), n),
        Case("text in utf-16 without bom", SENTENCE.encode("utf-16-le"), n),
        Case("text in utf-16 big endian", codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"), n),
        Case("text in windows-1252", "Réponse – « synthétique »".encode("cp1252"), n),
        Case("text in shift-jis", "条約第18条".encode("shift_jis"), n),
        Case(
            "text with a right-to-left override",
            f"Article 18 \u202eevitceffe\u202c. {SENTENCE}".encode(),
            READ,
        ),
        Case(
            "text with zero-width characters",
            f"Arti\u200bcle\u200d 18\ufeff. {SENTENCE}".encode(),
            READ,
        ),
        Case(
            "text with cyrillic look-alikes", f"Аrticle 18 (Cyrillic A). {SENTENCE}".encode(), READ
        ),
        Case(
            "text with 100000 combining marks",
            ("A" + "\u0301" * 100_000 + f" {SENTENCE}").encode(),
            READ,
        ),
        Case(
            "text with unassigned and private-use code points",
            f"\U000e0041\ue000\U0010ffff {SENTENCE}".encode(),
            READ,
        ),
        Case(
            "text with emoji and astral characters",
            f"\U0001d400\U0001f600 {SENTENCE}".encode(),
            READ,
        ),
        Case("text with a few escape characters", (SENTENCE * 20 + "\x1b[31m").encode(), READ),
        Case("text full of control characters", b"\x01\x02\x03\x04" * 100, n),
        Case(
            "text that looks like csv formulas",
            f'=HYPERLINK("http://example.invalid"),+1,-1,@SUM(A1)\n{SENTENCE}'.encode(),
            READ,
        ),
        Case(
            "text with a billion-laughs xml",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "lol">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>',
            READ,
        ),
        Case(
            "text with an external entity",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
            b'"file:///etc/passwd">]><d>&x; ' + plain + b"</d>",
            READ,
        ),
        Case(
            "svg image as text",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            n,
        ),
        Case(
            "svg after an xml declaration",
            b'<?xml version="1.0"?>\n<!-- synthetic -->\n<svg width="1"/>',
            n,
        ),
        Case(
            "postscript program",
            b"%!PS-Adobe-3.0\n/Helvetica findfont 12 scalefont setfont\n"
            b"72 700 moveto (" + plain + b") show showpage\n",
            READ,
        ),
        Case("shell script", b"#!/bin/sh\necho 'synthetic'\n# " + plain, READ),
        Case("windows batch", b"@echo off\r\nrem " + plain + b"\r\n", READ),
        Case(
            "html with scripts and handlers",
            b'<!doctype html><html><body onload="x()"><p>'
            + plain
            + b'</p><script>alert(1)</script><iframe src="http://example.invalid"></iframe></body></html>',
            READ,
        ),
        Case(
            "html nested 100000 deep",
            b"<html><body>" + b"<div>" * 100_000 + plain + b"</div>" * 100_000 + b"</body></html>",
            READ,
        ),
        Case(
            "html declaring another charset",
            b'<html><head><meta charset="iso-8859-1"></head><body><p>'
            + "Réponse synthétique. ".encode()
            + plain
            + b"</p></body></html>",
            READ,
        ),
        Case(
            "html with a meta refresh",
            b'<html><head><meta http-equiv="refresh" content="0;url=http://example.invalid"></head><body><p>'
            + plain
            + b"</p></body></html>",
            READ,
        ),
        Case("html with a NUL byte", b"<html><body><p>" + plain + b"\x00</p></body></html>", n),
        Case(
            "html of only styles",
            b"<html><head><style>p{color:red}</style></head><body></body></html>",
            n,
        ),
        Case(
            "html with a data url image",
            b'<html><body><img src="data:image/png;base64,iVBORw0KGgo="><p>'
            + plain
            + b"</p></body></html>",
            READ,
        ),
        Case(
            "html with ten thousand links",
            b"<html><body>"
            + b'<a href="http://example.invalid">x</a>' * 10_000
            + b"<p>"
            + plain
            + b"</p></body></html>",
            READ,
        ),
        Case(
            "html with a utf-8 bom",
            codecs.BOM_UTF8 + b"<html><body><p>" + plain + b"</p></body></html>",
            READ,
        ),
        Case(
            "json data as text",
            json.dumps({"questions": [{"number": "1"}]}).encode() + b"\n" + plain,
            READ,
        ),
        Case("text of blank lines and tabs only", b"\n\t\n\t \r\n" * 1000, n),
        Case("text of a single character", b"x", READ),
        Case("text with form feeds between pages", b"\f".join([plain] * 50), READ),
    ]


def _binaries() -> list[Case]:
    n = REFUSED_OR_FAILED
    return [
        Case("mach-o program", b"\xcf\xfa\xed\xfe" + b"\0" * 100, n),
        Case("java class", b"\xca\xfe\xba\xbe" + b"\0" * 100, n),
        Case("webassembly module", b"\x00asm\x01\x00\x00\x00", n),
        Case("python bytecode", b"\xcb\x0d\x0d\x0a" + b"\0" * 100, n),
        Case("windows shortcut", b"L\x00\x00\x00\x01\x14\x02\x00" + b"\0" * 100, n),
        Case("sqlite database", b"SQLite format 3\x00" + b"\0" * 100, n),
        Case("heic image", b"\x00\x00\x00\x18ftypheic" + b"\0" * 100, n),
        Case("avif image", b"\x00\x00\x00\x18ftypavif" + b"\0" * 100, n),
        Case("quicktime video", b"\x00\x00\x00\x14ftypqt  " + b"\0" * 100, n),
        Case("wav audio", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\0" * 100, n),
        Case("flac audio", b"fLaC\x00\x00\x00\x22" + b"\0" * 100, n),
        Case("mpeg video", b"\x00\x00\x01\xba" + b"\0" * 100, n),
        Case("windows media", b"\x30\x26\xb2\x75\x8e\x66\xcf\x11" + b"\0" * 100, n),
        Case("icon image", b"\x00\x00\x01\x00\x01\x00" + b"\0" * 100, n),
        Case("flash video", b"FLV\x01\x05" + b"\0" * 100, n),
        Case("random bytes", bytes((i * 7919 + 13) % 256 for i in range(4096)), n),
        Case("all 0xff bytes", b"\xff" * 1000, n),
        Case("all NUL bytes", b"\x00" * 1000, n),
        Case("one NUL byte", b"\x00", n),
    ]


# --- questionnaire files --------------------------------------------------------------------------


@functools.cache
def questionnaires() -> list[Case]:
    r, p = REFUSED, PREVIEWED

    def j(value) -> bytes:
        return json.dumps(value).encode()

    cases = [
        Case("json nested 100000 deep", b"[" * 100_000 + b"]" * 100_000, r, "q.json"),
        Case(
            "json object nested 50000 deep", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, r, "q.json"
        ),
        Case(
            "json with a huge number",
            b'{"questions":[{"number":' + b"9" * 5000 + b"}]}",
            r,
            "q.json",
        ),
        Case("json with a huge exponent", b'{"questions":[{"number":1e999999}]}', r, "q.json"),
        Case("json with NaN", b'{"questions":[{"number":NaN}]}', r, "q.json"),
        Case(
            "json with duplicate keys",
            b'{"questions":[{"number":"1","number":"2","text_en":"x"}]}',
            r,
            "q.json",
        ),
        Case(
            "json with a NUL in a text",
            j({"questions": [{"number": "1", "text_en": "Article\u000018"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with control characters in a text",
            j({"questions": [{"number": "1", "text_en": "Art\u0001icle"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a lone surrogate",
            b'{"questions":[{"number":"1","text_en":"\\ud800"}]}',
            r,
            "q.json",
        ),
        Case(
            "json with a number that is an object",
            j({"questions": [{"number": {"x": 1}}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a number that is a list", j({"questions": [{"number": ["1"]}]}), r, "q.json"
        ),
        Case("json with a null number", j({"questions": [{"number": None}]}), r, "q.json"),
        Case("json with a boolean number", j({"questions": [{"number": True}]}), r, "q.json"),
        Case("json whose questions is a string", j({"questions": "1"}), r, "q.json"),
        Case("json whose root is a number", b"42", r, "q.json"),
        Case("json string root", b'"questions"', r, "q.json"),
        Case(
            "json with 100000 questions",
            j({"questions": [{"number": str(i)} for i in range(100_000)]}),
            r,
            "q.json",
        ),
        Case(
            "json with a text of a million characters",
            j({"questions": [{"number": "1", "text_en": "x" * 1_000_000}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a title of 10000 characters",
            j({"questions": [{"number": "1", "title_en": "t" * 10000}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a number of 500 characters",
            j({"questions": [{"number": "1" * 500}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a parent loop",
            j({"questions": [{"number": "1", "parent": "2"}, {"number": "2", "parent": "1"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a self parent",
            j({"questions": [{"number": "1", "parent": "1"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with an unknown key",
            j({"questions": [{"number": "1", "script": "x"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with html and script in a text",
            j({"questions": [{"number": "1", "text_en": "<script>alert(1)</script>Article 18"}]}),
            p,
            "q.json",
        ),
        Case(
            "json with formulas in texts",
            j(
                {
                    "questions": [
                        {
                            "number": "1",
                            "text_en": '=HYPERLINK("http://example.invalid")',
                            "title_en": "+1",
                            "title_fr": "@SUM(A1)",
                        }
                    ]
                }
            ),
            p,
            "q.json",
        ),
        Case(
            "json with bidi overrides in a number",
            j({"questions": [{"number": "1\u202e", "text_en": "x"}]}),
            r,
            "q.json",
        ),
        Case(
            "json with a zero-width number",
            j({"questions": [{"number": "\u200b", "text_en": "x"}]}),
            r,
            "q.json",
        ),
        Case(
            "json truncated", j({"questions": [{"number": "1", "text_en": "x"}]})[:-5], r, "q.json"
        ),
        Case(
            "json in utf-16 with bom",
            codecs.BOM_UTF16_LE
            + json.dumps({"questions": [{"number": "1", "text_en": "x"}]}).encode("utf-16-le"),
            p,
            "q.json",
        ),
        Case(
            "json in latin-1",
            '{"questions":[{"number":"1","text_en":"Réponse"}]}'.encode("latin-1"),
            r,
            "q.json",
        ),
        Case(
            "csv with formulas",
            b'number,text_en\n1,=HYPERLINK("http://example.invalid")\n2,+SUM(A1)\n3,@cmd\n4,-1+1\n',
            p,
            "q.csv",
        ),
        Case("csv with a NUL in a cell", b"number,text_en\n1,Article\x0018\n", r, "q.csv"),
        Case(
            "csv with a cell of a million characters",
            b"number,text_en\n1," + b"x" * 1_000_000 + b"\n",
            r,
            "q.csv",
        ),
        Case("csv with an unbalanced quote", b'number,text_en\n1,"Article 18\n2,x\n', p, "q.csv"),
        Case("csv with only a header", b"number,text_en\n", r, "q.csv"),
        Case(
            "csv with 100000 rows",
            b"number,text_en\n" + b"".join(b"%d,x\n" % i for i in range(100_000)),
            r,
            "q.csv",
        ),
        Case("csv with ragged rows", b"number,text_en\n1,a,b,c\n2\n", r, "q.csv"),
        Case(
            "csv with carriage returns only",
            b"number,text_en\r1,Article 18\r2,Article 19\r",
            p,
            "q.csv",
        ),
        Case(
            "csv in windows-1252",
            "number,text_en\n1,Réponse « synthétique »\n".encode("cp1252"),
            r,
            "q.csv",
        ),
        Case("csv in utf-16", "number,text_en\n1,Article 18\n".encode("utf-16"), p, "q.csv"),
        Case("csv with a bom", codecs.BOM_UTF8 + b"number,text_en\n1,Article 18\n", p, "q.csv"),
        Case(
            "csv with a path-traversal number", b"number,text_en\n../../etc/passwd,x\n", r, "q.csv"
        ),
        Case("csv with a repeated header", b"number,number\n1,2\n", r, "q.csv"),
        Case(
            "csv with 1000 columns",
            (",".join(["number"] + [f"c{i}" for i in range(1000)]) + "\n1\n").encode(),
            r,
            "q.csv",
        ),
        Case("csv with a header of NUL bytes", b"\x00\x00\x00\n1\n", r, "q.csv"),
        Case("csv of one 4 MB line", b"number," + b"x" * 4_000_000, r, "q.csv"),
        Case("text without a name", b"number,text_en\n1,Article 18\n", p, ""),
        Case(
            "text named with path traversal",
            b"number,text_en\n1,Article 18\n",
            p,
            "../../../etc/q.csv",
        ),
        Case("text named with a NUL", b"number,text_en\n1,Article 18\n", r, "q.csv\x00.json"),
        Case(
            "text with an overlong name", b"number,text_en\n1,Article 18\n", p, "q" * 5000 + ".csv"
        ),
        Case("json named .csv", j({"questions": [{"number": "1", "text_en": "x"}]}), r, "q.csv"),
        Case("word document named .json", good_docx(), p, "q.json"),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "two cases share a name"
    return cases


# --- treaty-status CSV files -----------------------------------------------------------------------

HEADER = "iso2,status,signature,deposit,deposit_kind,entry_into_force,source_url,status_basis,deposit_note"
BELGIUM = "BE,party,2007-10-25,2013-03-08,ratification,2013-07-01,https://example.org/be,synthetic basis,synthetic note"


def _status(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


@functools.cache
def status_csvs() -> list[Case]:
    r, a = REFUSED, APPLIED
    row = BELGIUM.split(",")

    def cell(index: int, value: str) -> bytes:
        changed = list(row)
        changed[index] = value
        return _status(",".join(changed))

    def quoted(index: int, value: str) -> bytes:
        changed = list(row)
        changed[index] = '"' + value.replace('"', '""') + '"'
        return _status(",".join(changed))

    cases = [
        Case("status: formula in a note", quoted(8, '=HYPERLINK("http://example.invalid","x")'), a),
        Case("status: plus formula in a basis", quoted(7, "+SUM(1,2)"), a),
        Case("status: at formula in a note", quoted(8, "@SUM(A1)"), a),
        Case("status: minus formula in a note", quoted(8, "-2+3"), a),
        Case("status: tab then formula in a note", quoted(8, "\t=1+1"), a),
        Case("status: carriage return then formula", quoted(8, "\r=1+1"), a),
        Case("status: dde payload in a basis", quoted(7, "=cmd|' /C calc'!A0"), a),
        Case("status: formula as iso2", cell(0, "=BE"), r),
        Case("status: formula as status", cell(1, "=party"), r),
        Case("status: formula as a date", cell(2, "=TODAY()"), r),
        Case("status: formula as a url", cell(6, '=HYPERLINK("x")'), r),
        Case("status: javascript url", cell(6, "javascript:alert(1)"), r),
        Case("status: data url", cell(6, "data:text/html,<script>x</script>"), r),
        Case("status: url of 5000 characters", cell(6, "https://example.org/" + "a" * 5000), r),
        Case("status: url with a newline", quoted(6, "https://example.org/\nx"), a),
        Case("status: NUL in a note", quoted(8, "synthetic\x00note"), r),
        Case("status: NUL in iso2", cell(0, "B\x00E"), r),
        Case("status: control characters in a note", quoted(8, "synthetic\x01\x1b note"), r),
        Case("status: note of 100000 characters", quoted(8, "n" * 100_000), a),
        Case("status: cell over the csv field limit", quoted(8, "n" * 200_000), r),
        Case(
            "status: html in a note", quoted(8, "<script>alert(1)</script><img src=x onerror=y>"), a
        ),
        Case(
            "status: right-to-left override in a note", quoted(8, "synthetic \u202eeton\u202c"), a
        ),
        Case("status: zero-width space in iso2", cell(0, "B\u200bE"), r),
        Case("status: cyrillic look-alike in iso2", cell(0, "ВЕ"), r),
        Case("status: fullwidth iso2", cell(0, "ＢＥ"), r),
        Case("status: lower-case iso2", cell(0, "be"), a),
        Case("status: iso2 with spaces", cell(0, "  BE  "), a),
        Case("status: path traversal as iso2", cell(0, "../../etc/passwd"), r),
        Case("status: sql as status", cell(1, "party'; DROP TABLE parties_state;--"), r),
        Case("status: 30 February", cell(3, "2013-02-30"), r),
        Case("status: year 0", cell(3, "0000-01-01"), r),
        Case("status: year 99999", cell(3, "99999-01-01"), r),
        Case("status: date with a time", cell(3, "2013-03-08T10:00:00"), r),
        Case("status: date with a NUL", cell(3, "2013-03-08\x00"), r),
        Case("status: negative year", cell(3, "-2013-03-08"), r),
        Case("status: empty file", b"", r),
        Case("status: only a bom", codecs.BOM_UTF8, r),
        Case("status: header only", _status(), r),
        Case("status: blank lines only", b"\n\n\n", r),
        Case("status: utf-16", (HEADER + "\n" + BELGIUM + "\n").encode("utf-16"), r),
        Case(
            "status: windows-1252",
            (HEADER + "\n" + BELGIUM.replace("synthetic note", "note é") + "\n").encode("cp1252"),
            r,
        ),
        Case("status: utf-8 with a bom", codecs.BOM_UTF8 + _status(BELGIUM), a),
        Case("status: carriage returns only", _status(BELGIUM).replace(b"\n", b"\r"), a),
        Case("status: crlf line ends", _status(BELGIUM).replace(b"\n", b"\r\n"), a),
        Case(
            "status: unbalanced quote",
            _status(BELGIUM.replace("synthetic note", '"synthetic note')),
            a,
        ),
        Case(
            "status: semicolons",
            _status(BELGIUM.replace(",", ";"), header=HEADER.replace(",", ";")),
            r,
        ),
        Case("status: ragged row, more cells", _status(BELGIUM + ",extra"), r),
        Case("status: ragged row, fewer cells", _status("BE,party"), r),
        Case("status: unknown column", _status(BELGIUM + ",x", header=HEADER + ",colour"), r),
        Case("status: column twice", _status("BE,party,party", header="iso2,status,status"), r),
        Case(
            "status: 1000 columns",
            _status("BE,party", header="iso2,status" + "".join(f",c{i}" for i in range(1000))),
            r,
        ),
        Case("status: 100000 rows", _status(*(["BE,party,,,,,,,"] * 100_000)), r),
        Case("status: one 4 MB line", b"iso2,status\n" + b"BE,party" + b" " * 4_000_000 + b"\n", r),
        Case("status: a pdf", make_pdf(PAGES), r),
        Case("status: a word document", good_docx(), r),
        Case("status: a zip bomb", zip_of({"a.csv": b"," * 50_000_000}), r),
        Case("status: a png", b"\x89PNG\r\n\x1a\n" + b"\0" * 200, r),
        Case("status: random bytes", bytes((i * 7919 + 13) % 256 for i in range(4096)), r),
        Case(
            "status: an xml entity file",
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
            r,
        ),
        Case("status: every state valid", _status(BELGIUM, "BG,party,2007-10-25,,,,,,"), a),
    ]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "two cases share a name"
    return cases


def total() -> int:
    return len(documents()) + len(questionnaires()) + len(status_csvs())
