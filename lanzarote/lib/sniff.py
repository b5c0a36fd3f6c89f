"""Decide an uploaded file's type from its content, against an allow-list.

The monitor stores legal and policy text only: PDF, Word (.docx), plain text and HTML. The file
name and the browser's declared type are never trusted, because both are chosen by the uploader;
the bytes are. Everything not positively recognised as one of the four kinds is refused, and the
refusal says what was found and what is accepted, so that the person can act on it.

This is the one gate for every upload and import: reply documents, questionnaire files and
legislation. A caller that accepts a narrower set (the questionnaire importer takes Word, JSON and
CSV) calls :func:`sniff` first and refuses the kinds it does not read; a caller that needs tighter
bounds on what opening a Word document may cost passes its own :class:`ZipLimits`. Each refusal
carries a stable ``reason`` code and the ``facts`` behind it (the part, the sizes, what was found),
so that a caller can word the message for its own page without parsing this one.
"""

import codecs
import io
import lzma
import math
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

ACCEPTED = "only PDF, Word (.docx), plain text and HTML documents are accepted"

# A PDF ends with %%EOF, but writers may append a newline or a few bytes of padding after it.
PDF_TAIL = 2048
# A .docx may inflate to this many times the upload cap in all; more is treated as a zip bomb.
ZIP_TOTAL_FACTOR = 20
# Per-member compression ratio above which a member is treated as a zip bomb...
ZIP_MAX_RATIO = 100
# ...once it inflates past this size: Word's own small XML parts (repetitive table markup, style
# sheets) can compress better than 100:1 and are harmless at a few hundred kilobytes.
ZIP_RATIO_FLOOR = 1024 * 1024
# Fewer than 1% control characters: a form feed or a stray escape is fine, binary data is not.
CONTROL_SHARE = 0.01
MB = 1024 * 1024

# Unicode "Cc" characters (C0, DEL, C1) other than tab, line feed, form feed and carriage return.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Only C0 and DEL for bytes that are not UTF-8: in Windows-1252 text, 0x80-0x9F are curly quotes
# and dashes, not control characters.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# XML parts are scanned in chunks of this size, so a large part never sits whole in memory.
_SCAN_CHUNK = 1024 * 1024
# What zipfile and its decompressors raise on damaged or hostile archives (bad CRC, corrupt
# deflate streams, unsupported methods, lying offsets): all mean "damaged", never a crash.
_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    NotImplementedError,  # zipfile raises it for a compression method it lacks: "damaged"
    RuntimeError,
    ValueError,
    EOFError,
    OSError,
    IndexError,
    KeyError,
    struct.error,
)
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"heif"}
)
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "})
_SVG_ROOT = re.compile(rb"<svg[\s>/]", re.IGNORECASE)


class FileRefused(ValueError):
    """The file is not accepted; the message says what was found and what is accepted.

    ``reason`` is a short stable code ("image", "archive", "too_large"…) for callers and logs,
    so that nobody has to parse the message, which is meant for people.
    """

    def __init__(self, message: str, *, reason: str = "refused", **facts: Any) -> None:
        super().__init__(message)
        self.reason = reason
        # What the refusal rests on, for callers that word their own message: "what" (what the
        # file is), "found" (the other office format), "part" (the ZIP member), "total" and
        # "limit" (bytes), "ratio", "parts" (how many members), "word_document" (whether the
        # ZIP holds word/document.xml).
        self.facts: dict[str, Any] = facts


@dataclass(frozen=True)
class ZipLimits:
    """What opening a Word document may cost, whatever the upload's size: ``total_bytes`` inflated
    in all (None: ``ZIP_TOTAL_FACTOR`` times the upload cap), ``ratio`` of a member's inflated to
    compressed size once it inflates past ``ratio_floor`` bytes, and at most ``parts`` members
    (None: no count)."""

    total_bytes: int | None = None
    ratio: int = ZIP_MAX_RATIO
    ratio_floor: int = ZIP_RATIO_FLOOR
    parts: int | None = None


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "pdf" | "docx" | "text" | "html"
    content_type: str
    extension: str


PDF = Sniffed("pdf", "application/pdf", ".pdf")
DOCX = Sniffed(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
TEXT = Sniffed("text", "text/plain; charset=utf-8", ".txt")
HTML = Sniffed("html", "text/html; charset=utf-8", ".html")


def sniff(data: bytes, *, max_bytes: int, zip_limits: ZipLimits | None = None) -> Sniffed:
    """What the bytes are, or FileRefused saying why they are not accepted."""
    if not data:
        raise FileRefused("the file is empty", reason="empty")
    if len(data) > max_bytes:
        raise FileRefused(
            f"the file is {_megabytes(len(data), up=True)}; "
            f"files of at most {_megabytes(max_bytes, up=False)} are accepted",
            reason="too_large",
            total=len(data),
            limit=max_bytes,
        )
    if data.startswith(b"%PDF-"):
        return _pdf(data)
    if data[:1024].lstrip(b" \t\r\n\f" + codecs.BOM_UTF8).startswith(b"%PDF-"):
        # Strict on purpose: readers that hunt for a displaced header are how PDF polyglots
        # work, and without this the file would be refused as text in the wrong encoding.
        raise FileRefused(
            "the PDF does not start with its %PDF- header (there is blank space or a byte "
            "order mark before it); export the PDF again and upload it once more",
            reason="damaged_pdf",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE2 compound file: Word 97-2003 and other old Office files, but also any
        # password-protected .docx, which Word wraps in OLE2 around an "EncryptedPackage" stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise FileRefused(
                "the Word document is password-protected (encrypted); remove the password in "
                "Word and upload it again",
                reason="encrypted",
            )
        raise FileRefused(
            "Word 97-2003 .doc files are not accepted; save as .docx or PDF",
            reason="legacy_office",
            what="an old-format Word or Excel file (.doc, .xls)",
        )
    if data.startswith(b"PK\x03\x04"):
        return _docx(data, max_bytes=max_bytes, limits=zip_limits or ZipLimits())
    found = _known_binary(data)
    if found is not None:
        what, reason = found
        raise FileRefused(f"this is {what}; {ACCEPTED}", reason=reason, what=what)
    return _text(data)


def _megabytes(size: int, *, up: bool) -> str:
    """Sizes in MB, rounded so that a file just over the cap never reads as equal to it."""
    decimals = 1 if size >= MB // 10 else 3
    scale = 10**decimals
    value = size * scale / MB
    whole = math.ceil(value) if up else math.floor(value)
    return f"{whole / scale:.{decimals}f}".rstrip("0").rstrip(".") + " MB"


def _pdf(data: bytes) -> Sniffed:
    # A PDF is read from its end (cross-reference table, trailer), so a file cut short in
    # transfer is unreadable even though it starts correctly.
    if b"%%EOF" not in data[-PDF_TAIL:]:
        raise FileRefused(
            "truncated PDF: the end-of-file marker is missing, so the upload was probably cut "
            "short; export the PDF again and upload it once more",
            reason="truncated_pdf",
        )
    return PDF


def _docx(data: bytes, *, max_bytes: int, limits: ZipLimits) -> Sniffed:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_READ_ERRORS as error:
        raise FileRefused(
            f"the file looks like a Word document or a ZIP archive but is damaged ({error}); "
            f"{ACCEPTED}",
            reason="damaged_zip",
            error=str(error),
        ) from error
    with archive:
        names = {info.filename for info in members}
        _refuse_other_zips(archive, names)
        _refuse_zip_bombs(members, max_bytes=max_bytes, limits=limits)
        if any(info.flag_bits & 0x1 for info in members):
            raise FileRefused(
                "the Word document is password-protected (encrypted); remove the password in "
                "Word and upload it again",
                reason="encrypted",
            )
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise FileRefused(
                "the Word document contains macros; save it as a plain Word document (.docx) "
                "or as PDF",
                reason="macros",
            )
        if any(name.lower().startswith("word/activex/") for name in names):
            # ActiveX controls run code in the Word of whoever opens the file, as macros do.
            raise FileRefused(
                "the Word document contains ActiveX controls (active content, as macros are); "
                "save it as a plain Word document (.docx) without them, or as PDF",
                reason="macros",
            )
        _refuse_xml_entities(archive, members)
    return DOCX


def _refuse_other_zips(archive: zipfile.ZipFile, names: set[str]) -> None:
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return
    # Name the likely culprit: an office file that is not Word is a common honest mistake.
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        found = "an Excel workbook (.xlsx)"
    elif "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
        found = "a PowerPoint presentation (.pptx)"
    elif "mimetype" in names and _opendocument(archive):
        found = "an OpenDocument file (.odt, .ods, .odp)"
    else:
        raise FileRefused(
            f"this is a ZIP archive, and archives are not accepted; upload the documents in it "
            f"one by one ({ACCEPTED})",
            reason="archive",
            word_document="word/document.xml" in names,
        )
    raise FileRefused(
        f"this is {found}; save it as .docx or PDF ({ACCEPTED})", reason="other_office", found=found
    )


def _opendocument(archive: zipfile.ZipFile) -> bool:
    info = archive.getinfo("mimetype")
    if info.file_size > 200:
        return False
    try:
        return archive.read(info).startswith(b"application/vnd.oasis.opendocument")
    except _ZIP_READ_ERRORS:
        return False


def _refuse_zip_bombs(members: list[zipfile.ZipInfo], *, max_bytes: int, limits: ZipLimits) -> None:
    # Declared sizes bound what zipfile will inflate (it stops at file_size), so checking them is
    # enough to refuse a bomb without inflating it.
    if limits.parts is not None and len(members) > limits.parts:
        raise FileRefused(
            f"the Word document holds {len(members)} parts, more than the {limits.parts} "
            "a text document needs; save it again from Word, or as PDF",
            reason="too_many_parts",
            parts=len(members),
            limit=limits.parts,
        )
    total = sum(info.file_size for info in members)
    message = (
        f"the Word document would expand to {_megabytes(total, up=True)} when opened, "
        "far more than a text document needs (a 'zip bomb'); save it again from Word, "
        "or as PDF"
    )
    limit = ZIP_TOTAL_FACTOR * max_bytes if limits.total_bytes is None else limits.total_bytes
    if total > limit:
        raise FileRefused(message, reason="zip_bomb", total=total, limit=limit)
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor and ratio > limits.ratio:
            raise FileRefused(
                message, reason="zip_bomb", part=info.filename, ratio=ratio, limit=limits.ratio
            )


_TYPES_ELEMENT = re.compile(rb"<\s*(?:\w+:)?(Default|Override)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Parts declared as these are pictures, sound or video: the reader keeps their bytes and never
# parses them, and a picture may carry a DOCTYPE of its own (SVG 1.1 does).
_NOT_PARSED = ("image/", "audio/", "video/")


def _declared_types(archive: zipfile.ZipFile) -> tuple[dict, dict] | None:
    """[Content_Types].xml read as the Word reader does (Override by part name, else Default by
    extension, both ignoring case), with regular expressions rather than an XML parser, since
    the file is not trusted yet. None when it cannot be read: every part is then checked."""
    try:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > _SCAN_CHUNK:
            return None
        text = archive.read(info)
    except _ZIP_READ_ERRORS:
        return None
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for kind, attributes in _TYPES_ELEMENT.findall(text):
        found = {
            name.split(b":")[-1].lower(): (double or single).decode("utf-8", "replace")
            for name, double, single in _ATTRIBUTE.findall(attributes)
        }
        content_type = found.get(b"contenttype", "").strip().lower()
        if kind.lower() == b"default" and b"extension" in found:
            defaults[found[b"extension"].strip().lower()] = content_type
        elif kind.lower() == b"override" and b"partname" in found:
            overrides[found[b"partname"].strip().lstrip("/").lower()] = content_type
    return defaults, overrides


def _parsed_by_the_reader(name: str, types: tuple[dict, dict] | None) -> bool:
    """Whether the Word reader may parse this part as XML: every part whatever its name (the
    main document may be called word/document.bin), except pictures, sound and video."""
    lower = name.lower()
    if types is None or lower.endswith((".xml", ".rels")) or name.endswith("/"):
        return not name.endswith("/")
    defaults, overrides = types
    base = lower.rsplit("/", 1)[-1]
    extension = base.rsplit(".", 1)[-1] if "." in base else ""
    declared = overrides.get(lower, defaults.get(extension, ""))
    return not declared.startswith(_NOT_PARSED)


def _refuse_xml_entities(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    # A DOCTYPE or ENTITY declaration never occurs in a Word-written part; it is how XML external
    # entity and "billion laughs" attacks reach the parsers that later read the text. Every part
    # the reader may parse is checked, whatever its name: python-docx parses headers, styles and
    # relationships too, and finds the main document through the relationships and content
    # types, so [Content_Types].xml may point it at word/document.bin.
    markers = [
        marker.encode(encoding)
        for marker in ("<!doctype", "<!entity")
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ]
    overlap = max(len(marker) for marker in markers) - 1
    types = _declared_types(archive)
    for info in members:
        if not _parsed_by_the_reader(info.filename, types):
            continue
        try:
            found = _contains_any(archive, info, markers, overlap)
        except _ZIP_READ_ERRORS as error:
            raise FileRefused(
                f"the Word document is damaged ({info.filename}: {error}); save it again "
                "from Word, or as PDF",
                reason="damaged_zip",
            ) from error
        if not found and not _plain_xml_encoding(archive, info):
            raise FileRefused(
                f"the Word document has a part in an unusual text encoding ({info.filename}), "
                "which Word never writes and which would hide what the part declares; save it "
                "again from Word, or as PDF",
                reason="xml_encoding",
                part=info.filename,
            )
        if found:
            raise FileRefused(
                f"the Word document contains XML entity declarations ({info.filename}), "
                "which Word never writes and which can be used to attack the server; save "
                "it again from Word, or as PDF",
                reason="xml_entities",
                part=info.filename,
            )


_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


def _plain_xml_encoding(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part is in UTF-8 or UTF-16, the encodings Word writes and the only ones in
    which the check for declarations above can see them (an empty or binary part is left to
    the reader, which refuses it as damaged)."""
    try:
        with archive.open(info) as part:
            head = part.read(256)
    except _ZIP_READ_ERRORS:
        return True  # reported as damaged by the scan
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or head[:4] in (
        b"<\x00\x00\x00",
        b"\x00\x00\x00<",
    ):
        return False  # its UTF-16 look-alike below would pass it
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (
        b"<\x00",
        b"\x00<",
    ):
        return True
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if b"\x00" in head[:4]:
        return False
    stripped = head.lstrip()
    if stripped.startswith(b"\x4c\x6f\xa7\x94"):  # "<?xm" in EBCDIC, which the parser detects
        return False
    if not stripped.startswith(b"<"):
        return True  # not XML: left to the reader
    declared = _XML_ENCODING.match(stripped)
    return declared is None or declared.group(1).strip().lower() in (
        b"utf-8",
        b"utf8",
        b"utf-16",
        b"utf-16le",
        b"utf-16be",
        b"us-ascii",
        b"ascii",
    )


def _contains_any(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, markers: list[bytes], overlap: int
) -> bool:
    # Streamed in chunks: a part may legitimately inflate to many megabytes, and zipfile stops
    # at the declared size, which the bomb check has already bounded. XML keywords are upper
    # case, but the check ignores case so that a sloppy parser cannot be tricked either.
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(_SCAN_CHUNK):
            window = (tail + chunk).lower()
            if any(marker in window for marker in markers):
                return True
            tail = window[-overlap:]
    return False


def _known_binary(data: bytes) -> tuple[str, str] | None:
    """(what it is, reason) for recognised images, media, archives and programs."""
    head = data[:16]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "an image (PNG)", "image"
    if head.startswith(b"\xff\xd8\xff"):
        return "an image (JPEG)", "image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "an image (GIF)", "image"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "an image (TIFF)", "image"
    # "BM" alone could start a sentence; a real bitmap has its reserved header bytes at zero.
    if head.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\x00\x00\x00\x00":
        return "an image (BMP)", "image"
    if head.startswith(b"\x00\x00\x01\x00") and len(data) >= 22:
        return "an image (ICO)", "image"
    if head.startswith(b"RIFF") and len(data) >= 12:
        riff = data[8:12]
        if riff == b"WEBP":
            return "an image (WebP)", "image"
        if riff.startswith(b"AVI"):
            return "a video (AVI)", "video"
        if riff == b"WAVE":
            return "an audio recording (WAV)", "audio"
        return "a RIFF media file", "video"
    if data[4:8] == b"ftyp":
        return _iso_media(data)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        name = "WebM" if b"webm" in data[:64] else "Matroska"
        return f"a video ({name})", "video"
    if head.startswith(b"ID3") and len(data) > 3 and data[3] in (2, 3, 4):
        return "an audio recording (MP3)", "audio"
    if head.startswith((b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")):
        return "an audio recording (MP3)", "audio"
    if head.startswith((b"\xff\xf1", b"\xff\xf9")):
        return "an audio recording (AAC)", "audio"
    if head.startswith(b"OggS\x00"):
        return "an audio or video recording (Ogg)", "audio"
    if head.startswith(b"fLaC") and len(data) > 4 and data[4] in (0x00, 0x80):
        return "an audio recording (FLAC)", "audio"
    if head.startswith(b"FLV\x01"):
        return "a video (Flash FLV)", "video"
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")):
        return "a video (MPEG)", "video"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "a video or audio recording (Windows Media)", "video"
    if head.startswith(b"Rar!\x1a\x07"):
        return "an archive (RAR)", "archive"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "an archive (7z)", "archive"
    if head.startswith(b"\x1f\x8b"):
        return "an archive (gzip)", "archive"
    if head.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return "an archive (bzip2)", "archive"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "an archive (xz)", "archive"
    if head.startswith(b"\x28\xb5\x2f\xfd"):
        return "an archive (zstd)", "archive"
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return "an archive (ZIP)", "archive"
    if head.startswith(b"MSCF\x00\x00\x00\x00"):
        return "an archive (Windows cabinet)", "archive"
    if data[257:262] == b"ustar":
        return "an archive (tar)", "archive"
    if data[32769:32774] == b"CD001":
        return "a disk image (ISO)", "archive"
    # "MZ" alone could start a sentence; a real program header has NUL bytes straight after.
    if head.startswith(b"MZ") and b"\x00" in data[2:64]:
        return "a program (Windows executable)", "executable"
    if head.startswith(b"\x7fELF"):
        return "a program (ELF executable)", "executable"
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ):
        return "a program (macOS executable or Java class)", "executable"
    if head.startswith(b"\x00asm"):
        return "a program (WebAssembly)", "executable"
    return None


def _iso_media(data: bytes) -> tuple[str, str]:
    # ISO base media files (MP4, MOV, HEIC, AVIF…) share the "ftyp" box; the brand tells which.
    brand = data[8:12]
    if brand in _HEIF_BRANDS:
        return "an image (HEIC)", "image"
    if brand in _AVIF_BRANDS:
        return "an image (AVIF)", "image"
    if brand in _AUDIO_BRANDS:
        return "an audio recording (MPEG-4 audio)", "audio"
    if brand == b"qt  ":
        return "a video (QuickTime MOV)", "video"
    if brand.startswith(b"3g"):
        return "a video (3GP)", "video"
    return "a video (MP4)", "video"


def _text(data: bytes) -> Sniffed:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(
            f"this text file is in UTF-16; save it as UTF-8 and upload it again ({ACCEPTED})",
            reason="encoding",
        )
    if b"\x00" in data:
        raise FileRefused(_binary_message(), reason="binary")
    # The byte order mark is skipped by hand rather than with "utf-8-sig", whose error
    # positions would then not match the bytes of the file.
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        if len(_CONTROL_BYTES.findall(data)) >= CONTROL_SHARE * len(data):
            raise FileRefused(_binary_message(), reason="binary") from error
        position = skip + error.start
        raise FileRefused(
            f"the text is not in UTF-8 (byte 0x{data[position]:02X} at position {position} "
            "cannot be read), probably Windows-1252 or Latin-1; save it as UTF-8 and upload "
            "it again",
            reason="encoding",
        ) from error
    stripped = text.lstrip()
    if not stripped:
        raise FileRefused("the file is empty (it contains only blank space)", reason="empty")
    if len(_CONTROL_CHARS.findall(text)) >= CONTROL_SHARE * len(text):
        raise FileRefused(_binary_message(), reason="binary")
    start = stripped[:64].lower()
    if start.startswith(("<!doctype html", "<html")):
        return HTML
    if start.startswith("<") and _SVG_ROOT.search(data[:65536]):
        # SVG is XML text, but it is a picture and can carry scripts when served as an image.
        raise FileRefused(f"this is an image (SVG); {ACCEPTED}", reason="image")
    if start.startswith("{\\rtf"):
        # RTF is text, but stored as plain text a reader would see only the control words.
        raise FileRefused(
            f"this is a Rich Text (.rtf) file; save it as .docx or PDF ({ACCEPTED})",
            reason="other_office",
            found="a Rich Text document (RTF)",
        )
    return TEXT


def _binary_message() -> str:
    return f"binary content: this is not a document that can be read as text; {ACCEPTED}"
