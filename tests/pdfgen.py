"""Real PDFs written by hand for the tests, with no PDF library.

``make_pdf`` writes a valid PDF 1.4 file: a catalogue, a page tree, one content stream per page
whose lines are drawn top to bottom in Helvetica, an information dictionary, a cross-reference
table with exact byte offsets and a trailer. The font uses WinAnsiEncoding, so French text
("État, réponse à la question") is written as Windows-1252 bytes and read back as Unicode.

``make_encrypted_pdf`` writes the same kind of file encrypted with the standard security handler
(revision 2, RC4 40-bit, the PDF 1.1 scheme), implemented here from the PDF specification:
with a user password PDFium refuses to open it without the password; with only an owner
password (a "permissions" PDF, common for published government documents) it opens as usual.

``make_image_only_pdf`` writes pages that carry a picture and no text at all, as a scan does.

All text is synthetic policy wording; nothing here is meant to look like a real reply.
"""

import hashlib

PAGE_WIDTH = 595  # A4, in points
PAGE_HEIGHT = 842
FONT_SIZE = 11
LEADING = 14
MARGIN = 72

# Algorithm 3.2 of the PDF 1.7 specification (ISO 32000-1, 7.6.3.3): passwords are padded or
# cut to 32 bytes with this string.
_PASSWORD_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")
_FILE_ID = hashlib.md5(b"Lanzarote Monitor synthetic test document").digest()


def escape(text: str) -> bytes:
    """A PDF literal string body: Windows-1252 bytes with ( ) and \\ escaped."""
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content_stream(lines: list[str]) -> bytes:
    """Text drawing operators for the lines of one page, top to bottom."""
    top = PAGE_HEIGHT - MARGIN
    parts = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING, b"%d %d Td" % (MARGIN, top)]
    for number, line in enumerate(lines):
        if number:
            parts.append(b"T*")
        parts.append(b"(" + escape(line) + b") Tj")
    parts.append(b"ET")
    return b"\n".join(parts)


def make_pdf(pages: list[list[str]], *, title: str = "Synthetic reply") -> bytes:
    """A PDF with one page per item of ``pages``, each a list of text lines."""
    return _write(_objects([content_stream(lines) for lines in pages], title=title))


def make_image_only_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages hold only a grey picture, as a scanned document does: no text."""
    drawing = b"q 400 0 0 500 %d %d cm /Im1 Do Q" % (MARGIN, PAGE_HEIGHT - MARGIN - 500)
    image = b"<< /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray "
    image += b"/BitsPerComponent 8 /Length 16 >>\nstream\n" + bytes(range(0, 256, 16))
    image += b"\nendstream"
    return _write(_objects([drawing] * pages, title="Scanned reply", image=image))


def make_encrypted_pdf(
    pages: list[list[str]] | None = None,
    *,
    user_password: str = "synthetic-user",
    owner_password: str = "synthetic-owner",
) -> bytes:
    """An RC4-40 encrypted PDF. With ``user_password=""`` it opens without a password."""
    if pages is None:
        pages = [["Question 1", "The Party reports that its legislation is in force."]]
    user_pad = _pad(user_password)
    owner_key = hashlib.md5(_pad(owner_password or user_password)).digest()[:5]
    owner_entry = _rc4(owner_key, user_pad)
    permissions = -4  # every permission; the value only has to be the same in the key
    key = hashlib.md5(
        user_pad + owner_entry + permissions.to_bytes(4, "little", signed=True) + _FILE_ID
    ).digest()[:5]
    user_entry = _rc4(key, _PASSWORD_PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner_entry.hex().encode(),
        user_entry.hex().encode(),
        permissions,
    )
    objects = _objects([content_stream(lines) for lines in pages], title="Encrypted reply", key=key)
    return _write(objects, encrypt=encrypt)


def _objects(
    streams: list[bytes], *, title: str, image: bytes | None = None, key: bytes | None = None
) -> list[bytes]:
    """Object bodies numbered from 1: catalogue, pages, info, font, [image], then pages."""
    count = len(streams)
    first_page = 6 if image is not None else 5
    page_numbers = [first_page + 2 * index for index in range(count)]
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    info_title = escape(title) if key is None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Title (%s) /Producer (Lanzarote Monitor tests) >>" % info_title,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    if image is not None:
        objects.append(image)
    resources = b"/Font << /F1 4 0 R >>"
    if image is not None:
        resources += b" /XObject << /Im1 5 0 R >>"
    for page_number, stream in zip(page_numbers, streams, strict=True):
        content_number = page_number + 1
        if key is not None:
            stream = _rc4(_object_key(key, content_number), stream)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >> "
            b"/Contents %d 0 R >>" % (PAGE_WIDTH, PAGE_HEIGHT, resources, content_number)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return objects


def _write(objects: list[bytes], *, encrypt: bytes | None = None) -> bytes:
    """The file: header, numbered objects, cross-reference table, trailer, %%EOF."""
    if encrypt is not None:
        objects = [*objects, encrypt]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # binary comment: "this is not text"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"/Size %d /Root 1 0 R /Info 3 0 R /ID [<%s> <%s>]" % (
        len(objects) + 1,
        _FILE_ID.hex().encode(),
        _FILE_ID.hex().encode(),
    )
    if encrypt is not None:
        trailer += b" /Encrypt %d 0 R" % len(objects)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def _pad(password: str) -> bytes:
    return (password.encode("latin-1") + _PASSWORD_PAD)[:32]


def _object_key(key: bytes, number: int, generation: int = 0) -> bytes:
    """Algorithm 1: the RC4 key for one object's strings and streams."""
    digest = hashlib.md5(key + number.to_bytes(3, "little") + generation.to_bytes(2, "little"))
    return digest.digest()[: min(len(key) + 5, 16)]


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)
