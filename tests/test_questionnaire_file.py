"""Questionnaire import: parsing only, so no database. Word files are built here with python-docx
so that every case is a real .docx; all question texts are synthetic policy questions."""

import io
import json
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from lanzarote.monitoring.questionnaire_file import (
    MAX_BYTES,
    WORD_LIMITS,
    ParsedQuestion,
    ParseResult,
    QuestionnaireImportError,
    parse_questionnaire,
)

TRAINING = "What measures are in place to train professionals?"
AWARENESS = "How are awareness-raising campaigns evaluated?"
DATA = "Which authority collects data on reported cases?"
COOPERATION = "How do the authorities cooperate with civil society?"


# --- helpers --------------------------------------------------------------------------------


def word(build: Callable[[DocxDocument], object]) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraphs(*texts: str) -> bytes:
    return word(lambda d: [d.add_paragraph(text) for text in texts])


def parse_word(content: bytes) -> ParseResult:
    return parse_questionnaire(content=content, filename="questionnaire.docx")


def by_number(result: ParseResult) -> dict[str, ParsedQuestion]:
    return {question.number: question for question in result.questions}


def numbers(result: ParseResult) -> list[str]:
    return [question.number for question in result.questions]


def rewrite_zip(
    content: bytes, *, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> bytes:
    replace = dict(replace or {})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.pop(info.filename, source.read(info)))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def add_numbering(document: DocxDocument, num_id: int, levels: list[tuple[str, str]]) -> None:
    """Add a list definition: one (numFmt, lvlText) per level, as Word writes them."""
    root = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for index, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>'
    )
    num = parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'
    )
    first_num = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is None:
        root.append(abstract)
    else:
        first_num.addprevious(abstract)
    root.append(num)


def numbered(document: DocxDocument, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def refused(content: bytes, filename: str = "questionnaire.docx") -> str:
    with pytest.raises(QuestionnaireImportError) as caught:
        parse_questionnaire(content=content, filename=filename)
    return str(caught.value)


# --- what is refused before any reader runs ---------------------------------------------------


def test_an_empty_file_is_refused_with_the_accepted_formats():
    message = refused(b"")
    assert "empty" in message
    assert ".docx" in message and "JSON" in message and "CSV" in message


def test_a_file_of_blank_lines_is_refused_as_empty():
    assert "empty" in refused(b"  \n\r\n ", "questions.csv")


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
        (b"{\\rtf1\\ansi Question 1. What?}", "RTF"),
    ],
)
def test_pdf_images_and_old_formats_are_refused_by_their_content(content, what):
    # Named .docx on purpose: the file name must not decide what the content is.
    message = refused(content, "questionnaire.docx")
    assert what in message
    assert ".docx" in message


def test_unknown_binary_content_is_refused_with_the_accepted_formats():
    message = refused(bytes(range(256)) * 8, "questionnaire.bin")
    assert "Upload a Word document (.docx)" in message


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read():
    message = refused(b"number,text_en\n" + b"x" * MAX_BYTES, "questions.csv")
    assert "10 MB" in message


# --- Word: damaged or unsafe archives ---------------------------------------------------------


def test_a_truncated_zip_is_not_a_readable_word_document():
    content = paragraphs(f"1. {TRAINING}")
    assert "not a readable Word document" in refused(content[: len(content) // 2])


def test_a_zip_without_word_document_xml_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "What measures are in place?")
    assert "without word/document.xml" in refused(out.getvalue())


def test_an_excel_workbook_is_refused_with_advice_to_save_it_as_csv():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "CSV" in refused(out.getvalue(), "questions.xlsx")


def test_a_zip_with_document_xml_but_no_package_structure_is_not_readable():
    original = paragraphs(f"1. {TRAINING}")
    content = rewrite_zip(original, drop=("[Content_Types].xml",))
    assert "not a readable Word document" in refused(content)


def _with_prologue(content: bytes, prologue: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml")
    declaration_end = xml.index(b"?>") + 2
    patched = xml[:declaration_end] + prologue + xml[declaration_end:]
    return rewrite_zip(content, replace={"word/document.xml": patched})


def test_a_document_xml_with_a_doctype_is_refused():
    content = _with_prologue(paragraphs(f"1. {TRAINING}"), b"<!DOCTYPE w:document>")
    message = refused(content)
    assert "word/document.xml" in message and "DTD" in message


def test_a_document_xml_declaring_an_entity_is_refused():
    prologue = b'<!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/hostname">]>'
    content = _with_prologue(paragraphs(f"1. {TRAINING}"), prologue)
    assert "DTD" in refused(content)


def test_a_zip_bomb_of_sixty_megabytes_of_zeros_is_refused():
    content = rewrite_zip(
        paragraphs(f"1. {TRAINING}"), replace={"word/media/zeros.bin": bytes(60 * 1024 * 1024)}
    )
    assert len(content) < MAX_BYTES  # the small upload is exactly what makes it a bomb
    message = refused(content)
    assert "expand" in message and "50 MB" in message


def test_a_part_compressed_more_than_a_hundred_times_is_refused_under_the_size_limit():
    content = rewrite_zip(
        paragraphs(f"1. {TRAINING}"), replace={"word/media/zeros.bin": bytes(5 * 1024 * 1024)}
    )
    message = refused(content)
    assert "word/media/zeros.bin" in message and "compressed" in message


def test_the_upload_gate_refuses_a_word_document_with_macros_here_too():
    content = rewrite_zip(
        paragraphs(f"1. {TRAINING}"), replace={"word/vbaProject.bin": b"synthetic macro bytes"}
    )
    message = refused(content)
    assert "macros" in message and message.startswith("The file cannot be imported")


def test_a_word_document_of_more_parts_than_the_importer_allows_is_refused():
    many = {f"customXml/item{n}.xml": b"<x/>" for n in range(WORD_LIMITS.parts)}
    message = refused(rewrite_zip(paragraphs(f"1. {TRAINING}"), replace=many))
    assert f"more than {WORD_LIMITS.parts} is refused" in message


def test_a_word_document_is_recognised_by_content_whatever_its_name():
    result = parse_questionnaire(content=paragraphs(f"1. {TRAINING}"), filename="questions.csv")
    assert numbers(result) == ["1"]


# --- Word: numbering styles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "number"),
    [
        (f"Question 6 {TRAINING}", "6"),
        (f"Question 6: {TRAINING}", "6"),
        (f"Question 6 – {TRAINING}", "6"),
        (f"Question 6 - {TRAINING}", "6"),
        (f"QUESTION 6. {TRAINING}", "6"),
        (f"Q6 {TRAINING}", "6"),
        (f"Q.6 {TRAINING}", "6"),
        (f"6. {TRAINING}", "6"),
        (f"6) {TRAINING}", "6"),
        (f"(6) {TRAINING}", "6"),
        (f"6.\t{TRAINING}", "6"),
        (f"6.1 {TRAINING}", "6.1"),
        (f"6.1. {TRAINING}", "6.1"),
        (f"6.a {TRAINING}", "6.a"),
        (f"6.a) {TRAINING}", "6.a"),
        (f"9b {TRAINING}", "9b"),
        (f"12.3.1 {TRAINING}", "12.3.1"),
    ],
)
def test_each_typed_numbering_style_is_recognised(paragraph, number):
    result = parse_word(paragraphs(paragraph))
    assert numbers(result) == [number]
    assert result.questions[0].text_en == TRAINING


def test_a_label_alone_on_its_line_takes_the_next_paragraph_as_its_text():
    result = parse_word(paragraphs("Question 6", TRAINING))
    assert result.questions == [ParsedQuestion("6", None, "", TRAINING)]


def test_question_6_a_belongs_to_question_6():
    result = parse_word(paragraphs(f"6. {TRAINING}", f"a. {AWARENESS}", f"b) {DATA}"))
    assert numbers(result) == ["6", "6.a", "6.b"]
    assert by_number(result)["6.a"] == ParsedQuestion("6.a", "6", "", AWARENESS)
    assert by_number(result)["6.b"].parent == "6"


def test_parenthesised_letters_are_sub_questions_too():
    result = parse_word(paragraphs(f"Question 3: {TRAINING}", f"(a) {AWARENESS}"))
    assert by_number(result)["3.a"].parent == "3"


def test_lettered_sub_questions_after_6_1_belong_to_6_1():
    result = parse_word(paragraphs(f"6. {TRAINING}", f"6.1 {AWARENESS}", f"a) {DATA}"))
    assert by_number(result)["6.1.a"].parent == "6.1"


def test_letters_after_a_typed_6_a_continue_under_question_6():
    result = parse_word(paragraphs(f"6. {TRAINING}", f"6.a {AWARENESS}", f"b) {DATA}"))
    assert numbers(result) == ["6", "6.a", "6.b"]


def test_9b_is_a_part_of_question_9_and_a_following_letter_keeps_its_form():
    result = parse_word(paragraphs(f"9. {TRAINING}", f"9b {AWARENESS}", f"c) {DATA}"))
    assert numbers(result) == ["9", "9b", "9c"]
    assert by_number(result)["9b"].parent == "9"
    assert by_number(result)["9c"].parent == "9"


def test_6_1_and_6_2_have_question_6_as_parent():
    result = parse_word(paragraphs(f"Question 6: {TRAINING}", f"6.1 {AWARENESS}", f"6.2 {DATA}"))
    assert [(q.number, q.parent) for q in result.questions] == [
        ("6", None),
        ("6.1", "6"),
        ("6.2", "6"),
    ]
    assert result.warnings == []


def test_a_sub_question_without_its_parent_is_top_level_with_a_warning():
    result = parse_word(paragraphs(f"6.1 {TRAINING}"))
    assert result.questions[0].parent is None
    assert "no question 6 comes before it" in result.warnings[0]


def test_years_and_quantities_opening_a_paragraph_are_text_not_questions():
    result = parse_word(
        paragraphs(
            f"1. {TRAINING}",
            "2019 was the first year of the national action plan.",
            "1.5 million leaflets were distributed in schools.",
            "6 Regional offices took part.",
        )
    )
    assert numbers(result) == ["1"]
    assert result.questions[0].text_en.splitlines()[1:] == [
        "2019 was the first year of the national action plan.",
        "1.5 million leaflets were distributed in schools.",
        "6 Regional offices took part.",
    ]


def test_a_lettered_paragraph_in_the_introduction_is_not_a_question():
    result = parse_word(paragraphs("a) This questionnaire concerns the second round.", "1. What?"))
    assert numbers(result) == ["1"]


def test_a_label_is_read_with_the_words_of_the_one_label_grammar():
    result = parse_word(paragraphs(f"Question n° 6: {TRAINING}", f"Questions 7 – {TRAINING}"))
    assert numbers(result) == ["6", "7"]


def test_a_bilingual_label_line_is_read_as_the_english_label():
    result = parse_word(paragraphs("Question 6 / Question 6", TRAINING))
    assert result.questions == [ParsedQuestion("6", None, "", TRAINING)]


# --- Word: text, headings, tables -----------------------------------------------------------


def test_unnumbered_paragraphs_are_appended_to_the_question_text():
    result = parse_word(
        paragraphs(
            f"1. {TRAINING}",
            "Please describe the content of the training.",
            "Please indicate who delivers it.",
            f"2. {AWARENESS}",
        )
    )
    assert by_number(result)["1"].text_en == (
        f"{TRAINING}\nPlease describe the content of the training.\n"
        "Please indicate who delivers it."
    )
    assert by_number(result)["2"].text_en == AWARENESS


def test_the_introduction_before_the_first_question_is_not_imported():
    result = parse_word(
        paragraphs(
            "Questionnaire on the protection of children", "Replies are due in May.", "1. Q?"
        )
    )
    assert numbers(result) == ["1"]
    assert result.questions[0].text_en == "Q?"
    assert result.warnings == []


def test_a_long_introduction_is_mentioned_in_the_warnings():
    intro = ["This paragraph explains how to reply to the questionnaire. " * 10] * 5
    result = parse_word(paragraphs(*intro, f"1. {TRAINING}"))
    assert numbers(result) == ["1"]
    assert any("introduction" in warning for warning in result.warnings)


def test_a_numbered_heading_gives_the_title_and_the_following_paragraphs_the_text():
    def build(document: DocxDocument) -> None:
        document.add_heading("Question 6 – Training of professionals", level=2)
        document.add_paragraph(TRAINING)
        document.add_paragraph("Please give examples.")
        document.add_heading("7. Awareness-raising", level=2)
        document.add_paragraph(AWARENESS)

    result = parse_word(word(build))
    assert result.questions == [
        ParsedQuestion(
            "6", None, "Training of professionals", f"{TRAINING}\nPlease give examples."
        ),
        ParsedQuestion("7", None, "Awareness-raising", AWARENESS),
    ]


def test_an_unnumbered_heading_is_a_section_title_that_ends_the_question():
    def build(document: DocxDocument) -> None:
        document.add_heading("Prevention", level=1)
        document.add_paragraph(f"1. {TRAINING}")
        document.add_heading("Protection", level=1)
        document.add_paragraph("This section concerns the protection of victims.")
        document.add_paragraph(f"2. {COOPERATION}")

    result = parse_word(word(build))
    assert result.questions == [
        ParsedQuestion("1", None, "", TRAINING),
        ParsedQuestion("2", None, "", COOPERATION),
    ]
    assert result.warnings == []


def test_an_unnumbered_question_after_a_section_title_is_reported():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(f"1. {TRAINING}")
        document.add_heading("Protection", level=1)
        document.add_paragraph(COOPERATION)

    result = parse_word(word(build))
    assert numbers(result) == ["1"]
    assert "Protection" in result.warnings[0] and "not imported" in result.warnings[0]


def test_a_lettered_paragraph_after_a_section_title_is_reported_not_imported():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(f"1. {TRAINING}")
        document.add_heading("Annex", level=1)
        document.add_paragraph(f"a) {DATA}")

    result = parse_word(word(build))
    assert numbers(result) == ["1"]
    assert len(result.warnings) == 1
    assert 'section "Annex"' in result.warnings[0]


def test_a_deeper_unnumbered_heading_inside_a_heading_question_stays_in_its_text():
    def build(document: DocxDocument) -> None:
        document.add_heading("Question 6: Training", level=2)
        document.add_paragraph(TRAINING)
        document.add_heading("Guidance for replies", level=3)
        document.add_paragraph("Please cite the relevant law.")

    result = parse_word(word(build))
    assert result.questions[0].text_en == (
        f"{TRAINING}\nGuidance for replies\nPlease cite the relevant law."
    )


def test_table_cells_go_into_the_current_question_text():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(f"5. {DATA}")
        table = document.add_table(rows=2, cols=3)
        for column, text in enumerate(["Year", "Reported cases", "Convictions"]):
            table.cell(0, column).text = text
        for column, text in enumerate(["2023", "120", "40"]):
            table.cell(1, column).text = text
        document.add_paragraph(f"6. {COOPERATION}")

    result = parse_word(word(build))
    assert by_number(result)["5"].text_en == (
        f"{DATA}\nYear | Reported cases | Convictions\n2023 | 120 | 40"
    )
    assert by_number(result)["6"].text_en == COOPERATION


def test_merged_table_cells_are_read_once():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(f"5. {DATA}")
        table = document.add_table(rows=2, cols=2)
        merged = table.cell(0, 0).merge(table.cell(0, 1))
        merged.text = "Figures by year"
        table.cell(1, 0).text = "2023"
        table.cell(1, 1).text = "120"

    result = parse_word(word(build))
    assert result.questions[0].text_en == f"{DATA}\nFigures by year\n2023 | 120"


def test_a_table_in_the_introduction_is_not_imported():
    def build(document: DocxDocument) -> None:
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Deadline"
        table.cell(0, 1).text = "1 May"
        document.add_paragraph(f"1. {TRAINING}")

    result = parse_word(word(build))
    assert result.questions == [ParsedQuestion("1", None, "", TRAINING)]


def test_a_bold_label_line_is_a_title_and_the_next_paragraph_the_text():
    def build(document: DocxDocument) -> None:
        document.add_paragraph().add_run("Question 6 – Training of professionals").bold = True
        document.add_paragraph(TRAINING)

    result = parse_word(word(build))
    assert result.questions == [ParsedQuestion("6", None, "Training of professionals", TRAINING)]


def test_an_unnumbered_paragraph_that_looks_like_a_question_is_kept_with_a_warning():
    result = parse_word(paragraphs(f"5. {TRAINING}", AWARENESS))
    assert result.questions[0].text_en == f"{TRAINING}\n{AWARENESS}"
    assert result.warnings == [
        f'paragraph 2 ("{AWARENESS}") looks like a question but has no number; '
        "kept with question 5."
    ]


def test_paragraphs_inside_content_controls_are_read():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(f"1. {TRAINING}")
        control = parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>2. {DATA}</w:t></w:r></w:p>"
            "</w:sdtContent></w:sdt>"
        )
        document.element.body.insert(1, control)

    assert numbers(parse_word(word(build))) == ["1", "2"]


def test_tracked_insertions_are_read_and_reported():
    def build(document: DocxDocument) -> None:
        paragraph = document.add_paragraph(f"1. {TRAINING}")
        paragraph._p.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="1" w:author="Secretariat">'
                "<w:r><w:t> Please be specific.</w:t></w:r></w:ins>"
            )
        )

    result = parse_word(word(build))
    assert result.questions[0].text_en == f"{TRAINING} Please be specific."
    assert "tracked changes" in result.warnings[0]


# --- Word: automatic numbering ----------------------------------------------------------------


def test_list_number_paragraphs_are_numbered_in_order():
    def build(document: DocxDocument) -> None:
        document.add_paragraph("Introduction to the questionnaire.")
        for text in (TRAINING, AWARENESS, DATA):
            document.add_paragraph(text, style="List Number")

    result = parse_word(word(build))
    assert result.questions == [
        ParsedQuestion("1", None, "", TRAINING),
        ParsedQuestion("2", None, "", AWARENESS),
        ParsedQuestion("3", None, "", DATA),
    ]


def test_list_number_2_paragraphs_are_sub_questions_of_the_previous_question():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(TRAINING, style="List Number")
        document.add_paragraph(AWARENESS, style="List Number 2")
        document.add_paragraph(DATA, style="List Number 2")
        document.add_paragraph(COOPERATION, style="List Number")

    result = parse_word(word(build))
    assert [(q.number, q.parent) for q in result.questions] == [
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", None),
    ]


def test_bulleted_paragraphs_stay_in_the_question_text():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(TRAINING, style="List Number")
        document.add_paragraph("police officers", style="List Bullet")
        document.add_paragraph("social workers", style="List Bullet")

    result = parse_word(word(build))
    assert result.questions == [
        ParsedQuestion("1", None, "", f"{TRAINING}\n- police officers\n- social workers")
    ]


def test_multilevel_numbering_on_the_paragraphs_themselves_is_followed():
    def build(document: DocxDocument) -> None:
        add_numbering(document, 40, [("decimal", "%1."), ("decimal", "%1.%2.")])
        numbered(document, TRAINING, 40)
        numbered(document, AWARENESS, 40, level=1)
        numbered(document, DATA, 40, level=1)
        numbered(document, COOPERATION, 40)

    result = parse_word(word(build))
    assert [(q.number, q.parent, q.text_en) for q in result.questions] == [
        ("1", None, TRAINING),
        ("1.1", "1", AWARENESS),
        ("1.2", "1", DATA),
        ("2", None, COOPERATION),
    ]


def test_lettered_automatic_sub_levels_become_lettered_sub_questions():
    def build(document: DocxDocument) -> None:
        add_numbering(document, 41, [("decimal", "%1."), ("lowerLetter", "%2)")])
        numbered(document, TRAINING, 41)
        numbered(document, AWARENESS, 41, level=1)
        numbered(document, DATA, 41, level=1)

    assert numbers(parse_word(word(build))) == ["1", "1.a", "1.b"]


def test_automatic_letters_under_a_typed_question_belong_to_it():
    def build(document: DocxDocument) -> None:
        add_numbering(document, 42, [("lowerLetter", "%1)")])
        document.add_paragraph(f"Question 6: {TRAINING}")
        numbered(document, AWARENESS, 42)
        numbered(document, DATA, 42)

    assert numbers(parse_word(word(build))) == ["6", "6.a", "6.b"]


def test_an_empty_automatically_numbered_paragraph_is_skipped_with_a_warning():
    def build(document: DocxDocument) -> None:
        document.add_paragraph(TRAINING, style="List Number")
        document.add_paragraph("", style="List Number")
        document.add_paragraph(AWARENESS, style="List Number")

    result = parse_word(word(build))
    assert numbers(result) == ["1", "3"]  # Word shows 1, 2 (empty) and 3
    assert "empty numbered paragraph" in result.warnings[0]


# --- Word: refused documents ------------------------------------------------------------------


def test_an_empty_word_document_is_refused():
    assert "No numbered question found" in refused(word(lambda d: None))


def test_a_word_document_without_numbered_questions_is_refused():
    content = paragraphs("Questionnaire", TRAINING, AWARENESS)
    assert "No numbered question found" in refused(content)


def test_a_repeated_number_in_word_names_both_paragraphs():
    content = paragraphs(f"1. {TRAINING}", f"2. {AWARENESS}", f"Question 1: {DATA}")
    message = refused(content)
    assert "Question 1 appears twice" in message
    assert 'paragraph 1 ("1. What measures' in message
    assert 'paragraph 3 ("Question 1: Which authority' in message


# --- JSON -------------------------------------------------------------------------------------


def as_json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def parse_json(data: object) -> ParseResult:
    return parse_questionnaire(content=as_json(data), filename="questionnaire.json")


def test_json_questions_are_read_in_both_languages():
    result = parse_json(
        {
            "questions": [
                {
                    "number": "6",
                    "title_en": "Training",
                    "text_en": TRAINING,
                    "title_fr": "Formation",
                    "text_fr": "Quelles mesures existent pour former les professionnels ?",
                    "parent": None,
                },
                {"number": "6.1", "text_en": AWARENESS, "parent": "6"},
            ]
        }
    )
    assert result.questions == [
        ParsedQuestion(
            "6",
            None,
            "Training",
            TRAINING,
            "Formation",
            "Quelles mesures existent pour former les professionnels ?",
        ),
        ParsedQuestion("6.1", "6", "", AWARENESS),
    ]
    assert result.warnings == []


def test_a_bare_json_list_with_a_byte_order_mark_is_read_whatever_the_name():
    content = b"\xef\xbb\xbf" + as_json([{"number": "1", "text_en": TRAINING}])
    result = parse_questionnaire(content=content, filename="export")
    assert numbers(result) == ["1"]


def test_json_numbers_lose_the_question_prefix_and_the_trailing_dot():
    result = parse_json({"questions": [{"number": "Question 6.", "text_en": TRAINING}]})
    assert numbers(result) == ["6"]


def test_json_parent_is_inferred_from_the_number_when_not_given():
    result = parse_json(
        {"questions": [{"number": "6", "text_en": TRAINING}, {"number": "6.a", "text_en": DATA}]}
    )
    assert by_number(result)["6.a"].parent == "6"


def test_json_unknown_key_names_the_key_and_the_question_index():
    message = refused(
        as_json(
            {
                "questions": [
                    {"number": "1", "text_en": TRAINING},
                    {"number": "2", "text_english": AWARENESS},
                ]
            }
        ),
        "questionnaire.json",
    )
    assert '"text_english"' in message
    assert "question #2 (index 1)" in message


def test_json_question_without_number_is_refused():
    message = refused(as_json({"questions": [{"text_en": TRAINING}]}), "q.json")
    assert "question #1 (index 0)" in message and '"number" is missing' in message


def test_json_duplicate_numbers_are_refused():
    content = as_json({"questions": [{"number": "1"}, {"number": "2"}, {"number": "1."}]})
    message = refused(content, "q.json")
    assert "question #3 (index 2)" in message and "question #1 (index 0)" in message


def test_json_parent_referring_to_a_missing_question_is_refused():
    content = as_json({"questions": [{"number": "1"}, {"number": "2.1", "parent": "2"}]})
    message = refused(content, "q.json")
    assert 'parent "2"' in message and "question #2 (index 1)" in message


def test_json_parent_given_after_its_child_is_refused():
    content = as_json({"questions": [{"number": "2.1", "parent": "2"}, {"number": "2"}]})
    assert "earlier question" in refused(content, "q.json")


def test_json_number_written_as_a_decimal_is_refused_with_advice():
    assert "as strings" in refused(as_json({"questions": [{"number": 6.1}]}), "q.json")


def test_invalid_json_names_the_line_and_column():
    message = refused(b'{"questions": [\n  {"number": "1",}\n]}', "q.json")
    assert "line 2" in message and "column" in message


def test_json_without_a_questions_list_is_refused():
    assert '"questions"' in refused(as_json({"items": []}), "q.json")


# --- CSV --------------------------------------------------------------------------------------


def parse_csv(text: str) -> ParseResult:
    return parse_questionnaire(content=text.encode(), filename="questionnaire.csv")


def test_csv_rows_are_read_with_optional_columns():
    result = parse_csv(
        "number,title_en,text_en,parent\n"
        f'6,Training,"{TRAINING}",\n'
        f'6.1,,"{AWARENESS}",6\n'
        f"7,,{DATA},\n"
    )
    assert result.questions == [
        ParsedQuestion("6", None, "Training", TRAINING),
        ParsedQuestion("6.1", "6", "", AWARENESS),
        ParsedQuestion("7", None, "", DATA),
    ]


def test_csv_with_semicolons_as_excel_writes_them_in_french_is_read():
    result = parse_csv(f"number;text_en;text_fr\n1;{TRAINING};Quelles mesures ?\n")
    assert result.questions == [ParsedQuestion("1", None, "", TRAINING, "", "Quelles mesures ?")]


def test_csv_without_a_number_column_is_refused():
    message = parse_error_csv(f"title_en,text_en\nTraining,{TRAINING}\n")
    assert 'no "number" column' in message and "line 1" in message


def test_csv_duplicate_numbers_name_the_line():
    message = parse_error_csv(
        f'number,text_en\n1,"{TRAINING}\nPlease give examples."\n2,{AWARENESS}\n1,{DATA}\n'
    )
    # The first record spans lines 2 and 3, so the repeat is on line 5.
    assert "CSV line 5" in message and "CSV line 2" in message


def test_csv_unknown_column_is_refused():
    message = parse_error_csv(f"number,text_en,comments\n1,{TRAINING},internal\n")
    assert '"comments"' in message


def test_csv_parent_referring_to_a_missing_question_names_the_line():
    message = parse_error_csv(f"number,text_en,parent\n1,{TRAINING},\n2.1,{DATA},2\n")
    assert "CSV line 3" in message and 'parent "2"' in message


def test_csv_that_is_not_utf8_is_refused_with_advice():
    content = "number,text_en\n1,Quelles mesures sont prévues ?\n".encode("cp1252")
    message = refused(content, "questionnaire.csv")
    assert "Line 2" in message and "CSV UTF-8" in message


def test_plain_text_that_is_not_a_csv_header_is_refused():
    message = refused(b"What measures are in place?\nNone yet.\n", "notes.txt")
    assert "not a questionnaire" in message and ".docx" in message


def parse_error_csv(text: str) -> str:
    return refused(text.encode(), "questionnaire.csv")


# --- limits: count, length, digits ------------------------------------------------------------


def json_questions(*questions: dict) -> bytes:
    return json.dumps({"questions": list(questions)}).encode()


def test_a_json_number_of_five_thousand_digits_is_refused_with_a_message():
    message = refused(
        b'{"questions": [{"number": ' + b"9" * 5000 + b', "text_en": "x"}]}', "questions.json"
    )
    assert "5000 digits" in message and len(message) < 300


def test_a_number_longer_than_the_questionnaire_keeps_is_refused_naming_the_question():
    long_number = ".".join(["1234567890"] * 3)
    message = refused(
        json_questions({"number": long_number, "text_en": TRAINING}), "questions.json"
    )
    assert "question #1" in message and "20 characters" in message


def test_a_refusal_does_not_repeat_a_very_long_value():
    message = refused(b"number,text_en\n" + b"9" * 5000 + b",x\n", "questions.csv")
    assert "CSV line 2" in message and len(message) < 300


def test_too_many_questions_are_refused():
    from lanzarote.monitoring.questionnaire_file import MAX_QUESTIONS

    many = [{"number": str(n), "text_en": TRAINING} for n in range(1, MAX_QUESTIONS + 2)]
    message = refused(json_questions(*many), "questions.json")
    assert f"{MAX_QUESTIONS + 1} questions" in message and str(MAX_QUESTIONS) in message


def test_a_text_over_the_limit_is_refused_naming_the_question():
    from lanzarote.monitoring.questionnaire_file import MAX_TEXT_CHARACTERS

    message = refused(
        b"number,text_en\n1,short\n2," + b"x" * (MAX_TEXT_CHARACTERS + 1) + b"\n", "q.csv"
    )
    assert "question 2" in message and f"{MAX_TEXT_CHARACTERS:,}" in message


def test_a_title_over_the_limit_is_refused_naming_the_question():
    message = refused(
        json_questions({"number": "4", "title_en": "T" * 301, "text_en": DATA}), "q.json"
    )
    assert "question 4" in message and "300" in message


def test_a_word_document_with_a_long_question_is_refused_naming_it():
    from lanzarote.monitoring.questionnaire_file import MAX_TEXT_CHARACTERS

    message = refused(paragraphs("Question 1: " + "Why? " * (MAX_TEXT_CHARACTERS // 4)))
    assert "question 1" in message
