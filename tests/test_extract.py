"""Reading the text of replies (PDF, Word, text, HTML) and cutting it into passages.

Every document here is built by the test itself: PDFs by tests/pdfgen.py, Word documents by
python-docx. The wording is synthetic policy text, never taken from a real reply.
"""

import io
import re
import zipfile

import docx
import pypdfium2 as pdfium
import pytest
from docx.enum.style import WD_STYLE_TYPE

from lanzarote.lib.extract import (
    MAX_PASSAGE,
    PAGE_SEPARATOR,
    ExtractionError,
    Page,
    Passage,
    extract_pages,
    full_text,
    rejoin_hyphenation,
    split_passages,
)
from lanzarote.lib.sniff import FileRefused, sniff
from tests.pdfgen import make_encrypted_pdf, make_image_only_pdf, make_pdf

MB = 1024 * 1024

REPLY_PAGES = [
    [
        "Reply of the Party to the thematic questionnaire",
        "Question 6",
        "The Party reports that all professionals working in contact with chil-",
        "dren receive initial training on the protec-",
        "tion of children, including on self-",
        "regulation within institutions.",
        "Training is compulsory since 2019 for judges and prosecutors.",
        "1",
    ],
    [
        "Réponse à la question 7",
        "L'État partie indique que la formation des professionnels est obliga-",
        "toire depuis 2019 ; elle porte sur la prévention, la détection et le signa-",
        "lement des violences (« œuvre commune » des ministères).",
        "a) formation initiale des magistrats ;",
        "b) formation continue des travailleurs sociaux.",
        "2",
    ],
]


def read(data: bytes, *, max_pages: int = 50, on_page=None) -> list[Page]:
    """What an upload goes through: sniff for the kind, then extract."""
    kind = sniff(data, max_bytes=10 * MB).kind
    return extract_pages(data, kind=kind, max_pages=max_pages, on_page=on_page)


def squeeze(text: str) -> str:
    return " ".join(text.split())


def assert_offsets_hold(pages: list[Page], passages: list[Passage]) -> None:
    text = PAGE_SEPARATOR.join(page.text for page in pages)
    assert text == full_text(pages)
    previous_end = 0
    for index, passage in enumerate(passages):
        assert passage.index == index
        assert previous_end <= passage.start < passage.end <= len(text)
        assert squeeze(text[passage.start : passage.end]) == passage.text
        assert passage.text == passage.text.strip() and passage.text
        previous_end = passage.end


def word_document(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def texts(passages: list[Passage]) -> list[str]:
    return [passage.text for passage in passages]


# The test PDFs themselves


def test_the_generated_pdf_has_a_cross_reference_table_with_exact_offsets():
    data = make_pdf(REPLY_PAGES)
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref:].startswith(b"xref\n")
    entries = re.findall(rb"(\d{10}) 00000 n ", data[xref:])
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number)


def test_the_generated_encrypted_pdf_opens_with_its_password():
    data = make_encrypted_pdf([["Question 1", "The legislation is in force."]])
    document = pdfium.PdfDocument(data, password="synthetic-user")
    try:
        page = document[0]
        textpage = page.get_textpage()
        assert "The legislation is in force." in textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        document.close()


# PDF


def test_a_multi_page_pdf_gives_one_page_of_text_per_page():
    pages = read(make_pdf(REPLY_PAGES))
    assert [page.number for page in pages] == [1, 2]
    assert pages[0].text.startswith("Reply of the Party to the thematic questionnaire\n")
    assert "Réponse à la question 7" in pages[1].text
    assert all("\r" not in page.text and "\f" not in page.text for page in pages)


def test_french_accents_quotes_and_ligatures_survive_pdf_extraction():
    line = "État, réponse à la question 6 : « œuvre » – déjà été ‘cité’ (art. 5) \\ fin"
    pages = read(make_pdf([[line]]))
    assert pages[0].text == line


def test_progress_is_reported_after_each_page_with_the_total():
    calls = []
    read(make_pdf(REPLY_PAGES * 3), on_page=lambda number, total: calls.append((number, total)))
    assert calls == [(number, 6) for number in range(1, 7)]


def test_a_pdf_with_more_pages_than_allowed_is_refused_before_any_page_is_read():
    calls = []
    with pytest.raises(ExtractionError) as refused:
        read(make_pdf([["Page text"]] * 5), max_pages=4, on_page=lambda *args: calls.append(args))
    assert refused.value.reason == "too_many_pages"
    assert "5 pages" in str(refused.value) and "at most 4" in str(refused.value)
    assert calls == []


def test_a_pdf_with_exactly_the_allowed_number_of_pages_is_read():
    assert len(read(make_pdf([["Page text"]] * 4), max_pages=4)) == 4


def test_line_end_hyphens_in_a_pdf_are_rejoined_and_compounds_kept():
    pages = read(make_pdf(REPLY_PAGES))
    assert "working in contact with children receive" in pages[0].text
    assert "on the protection of children, including on self-regulation" in pages[0].text
    assert "est obligatoire depuis 2019" in pages[1].text
    assert "le signalement des violences" in pages[1].text


def test_passages_follow_the_paragraphs_and_headings_of_a_pdf():
    pages = read(make_pdf(REPLY_PAGES))
    passages = split_passages(pages)
    assert texts(passages) == [
        "Reply of the Party to the thematic questionnaire",
        "Question 6",
        "The Party reports that all professionals working in contact with children receive "
        "initial training on the protection of children, including on self-regulation within "
        "institutions.",
        "Training is compulsory since 2019 for judges and prosecutors.",
        "Réponse à la question 7",
        "L'État partie indique que la formation des professionnels est obligatoire depuis "
        "2019 ; elle porte sur la prévention, la détection et le signalement des violences "
        "(« œuvre commune » des ministères).",
        "a) formation initiale des magistrats ;",
        "b) formation continue des travailleurs sociaux.",
    ]
    assert [passage.heading for passage in passages] == [
        True,
        True,
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    assert_offsets_hold(pages, passages)


def test_passages_record_the_page_where_they_start_and_their_language():
    passages = split_passages(read(make_pdf(REPLY_PAGES)))
    by_text = {passage.text[:20]: passage for passage in passages}
    assert by_text["The Party reports th"].page == 1
    assert by_text["The Party reports th"].language == "en"
    assert by_text["L'État partie indiqu"].page == 2
    assert by_text["L'État partie indiqu"].language == "fr"
    assert by_text["Question 6"].language == "und"  # too short to tell


def test_page_numbers_are_left_out_of_passages():
    passages = split_passages(read(make_pdf(REPLY_PAGES)))
    assert all(passage.text not in {"1", "2"} for passage in passages)


def test_a_paragraph_running_onto_the_next_page_stays_whole():
    pages = read(
        make_pdf(
            [
                ["Question 8", "The Party reports that the national action plan for the"],
                ["protection of children was adopted in 2021.", "Question 9"],
            ]
        )
    )
    passages = split_passages(pages)
    assert texts(passages) == [
        "Question 8",
        "The Party reports that the national action plan for the protection of children was "
        "adopted in 2021.",
        "Question 9",
    ]
    assert passages[1].page == 1
    assert PAGE_SEPARATOR in full_text(pages)[passages[1].start : passages[1].end]
    assert_offsets_hold(pages, passages)


def test_a_page_number_between_pages_keeps_the_paragraphs_apart():
    pages = read(make_pdf([["The Party reports that the plan for the", "- 1 -"], ["children"]]))
    assert texts(split_passages(pages)) == ["The Party reports that the plan for the", "children"]


def test_a_password_protected_pdf_is_refused_as_encrypted():
    with pytest.raises(ExtractionError) as refused:
        read(make_encrypted_pdf())
    assert refused.value.reason == "encrypted"
    assert "password" in str(refused.value)


def test_a_pdf_with_only_an_owner_password_is_read_like_any_other():
    data = make_encrypted_pdf([["Question 1", "The legislation is in force."]], user_password="")
    assert read(data)[0].text == "Question 1\nThe legislation is in force."


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_a_truncated_pdf_is_refused_as_damaged(keep):
    data = make_pdf(REPLY_PAGES)
    cut = data[: int(len(data) * keep)] + b"\n%%EOF\n"  # cut, yet still ends like a PDF
    with pytest.raises(ExtractionError) as refused:
        extract_pages(cut, kind="pdf", max_pages=50)
    assert refused.value.reason == "damaged"
    assert "export it again" in str(refused.value)


def test_a_pdf_cut_before_its_end_marker_is_refused_by_sniff_already():
    with pytest.raises(FileRefused) as refused:
        read(make_pdf(REPLY_PAGES)[:-200])
    assert refused.value.reason == "truncated_pdf"


def test_garbage_behind_a_pdf_header_is_refused_as_damaged():
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    with pytest.raises(ExtractionError) as refused:
        read(garbage)
    assert refused.value.reason == "damaged"


def test_a_scanned_pdf_without_text_is_refused_with_a_word_about_ocr():
    with pytest.raises(ExtractionError) as refused:
        read(make_image_only_pdf(pages=3))
    assert refused.value.reason == "no_text"
    assert "scan" in str(refused.value) and "OCR" in str(refused.value)


def test_a_pdf_with_only_page_numbers_and_figures_counts_as_without_text():
    with pytest.raises(ExtractionError) as refused:
        read(make_pdf([["1"], ["2019 – 2020"]]))
    assert refused.value.reason == "no_text"


def test_pdfium_is_closed_even_when_a_page_cannot_be_read(monkeypatch):
    closed = []
    original_close = pdfium.PdfDocument.close

    def close(self):
        closed.append(self)
        return original_close(self)

    def broken_textpage(self):
        raise pdfium.PdfiumError("synthetic failure")

    monkeypatch.setattr(pdfium.PdfDocument, "close", close)
    monkeypatch.setattr(pdfium.PdfPage, "get_textpage", broken_textpage)
    with pytest.raises(ExtractionError) as refused:
        read(make_pdf(REPLY_PAGES))
    assert refused.value.reason == "damaged"
    assert "page 1" in str(refused.value)
    assert len(closed) == 1


def test_a_200_page_pdf_is_read_and_split_into_passages():
    body = (
        "The Party reports that professionals receive training on the rights of the child, "
        "and that the national plan covers prevention, protection and prosecution."
    )
    cut = body.index(" and that")
    pages = [[f"Question {number}", body[:cut], body[cut + 1 :]] for number in range(1, 201)]
    calls = []
    extracted = read(make_pdf(pages), max_pages=200, on_page=lambda *args: calls.append(args))
    passages = split_passages(extracted)
    assert len(extracted) == 200 and len(calls) == 200
    assert len(passages) == 400
    assert passages[-1].page == 200 and passages[-1].text == body
    assert_offsets_hold(extracted, passages)


# Word


def reply_in_word(document) -> None:
    document.add_heading("Reply of the Party", level=1)
    document.add_heading("Question 6", level=2)
    document.add_paragraph(
        "The Party reports that all professionals receive training on the rights of the child"
    )
    document.add_paragraph("Training of judges and prosecutors", style="List Number")
    document.add_paragraph("Awareness raising in schools", style="List Number")
    bold = document.add_paragraph().add_run("Measures for child victims")
    bold.bold = True
    document.add_paragraph("6.1 The national action plan was adopted in 2021.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Measure"
    table.cell(0, 1).text = "Year"
    table.cell(1, 0).text = "Formation initiale des magistrats"
    table.cell(1, 1).text = "2019"
    document.add_heading("Réponse à la question 7", level=2)
    document.add_paragraph(
        "L'État partie indique que la formation des professionnels est obligatoire."
    )


def test_word_paragraphs_tables_and_headings_are_read_in_order_as_one_page():
    pages = read(word_document(reply_in_word))
    assert len(pages) == 1 and pages[0].number == 1
    passages = split_passages(pages)
    assert texts(passages) == [
        "Reply of the Party",
        "Question 6",
        "The Party reports that all professionals receive training on the rights of the child",
        "Training of judges and prosecutors",
        "Awareness raising in schools",
        "Measures for child victims",
        "6.1 The national action plan was adopted in 2021.",
        "Measure",
        "Year",
        "Formation initiale des magistrats",
        "2019",
        "Réponse à la question 7",
        "L'État partie indique que la formation des professionnels est obligatoire.",
    ]
    assert all(passage.page == 1 for passage in passages)
    assert_offsets_hold(pages, passages)


def test_word_heading_styles_and_bold_short_lines_become_heading_passages():
    passages = split_passages(read(word_document(reply_in_word)))
    assert [passage.text for passage in passages if passage.heading] == [
        "Reply of the Party",
        "Question 6",
        "Measures for child victims",
        "Réponse à la question 7",
    ]


def test_numbered_word_paragraphs_are_passages_of_their_own():
    def numbered(document):
        for text in (
            "1. The Party has adopted a national action plan.",
            "2. The plan covers prevention",
            "3. The plan covers protection",
        ):
            document.add_paragraph(text)

    assert texts(split_passages(read(word_document(numbered)))) == [
        "1. The Party has adopted a national action plan.",
        "2. The plan covers prevention",
        "3. The plan covers protection",
    ]


def test_merged_table_cells_are_read_once():
    def merged(document):
        table = document.add_table(rows=2, cols=3)
        for row, column, text in [(0, 0, "Measure"), (0, 1, "Status"), (1, 0, "Training")]:
            table.cell(row, column).text = text
        table.cell(1, 2).text = "Adopted"
        table.cell(1, 0).merge(table.cell(1, 1))
        table.cell(0, 2).text = "Year"

    assert read(word_document(merged))[0].text == (
        "Measure\n\nStatus\n\nYear\n\nTraining\n\nAdopted"
    )


def test_progress_for_a_document_without_pages_is_one_of_one():
    calls = []
    read(word_document(reply_in_word), on_page=lambda *args: calls.append(args))
    assert calls == [(1, 1)]


def test_a_word_style_based_on_itself_does_not_hang_the_reader():
    def looping(document):
        style = document.styles.add_style("Looping", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = style
        document.add_paragraph("The Party reports that the plan is in force.", style="Looping")

    assert read(word_document(looping))[0].text == "The Party reports that the plan is in force."


def test_a_word_document_without_text_is_refused_as_without_text():
    with pytest.raises(ExtractionError) as refused:
        read(word_document(lambda document: document.add_paragraph("")))
    assert refused.value.reason == "no_text"
    assert "Word document contains no text" in str(refused.value)


def test_a_damaged_word_document_is_refused_as_damaged():
    data = word_document(reply_in_word)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]  # cut in the middle of the XML
            target.writestr(info.filename, content)
    with pytest.raises(ExtractionError) as refused:
        extract_pages(out.getvalue(), kind="docx", max_pages=50)
    assert refused.value.reason == "damaged"


# Plain text


def test_utf8_text_with_a_byte_order_mark_is_read_without_it():
    pages = read("\ufeffRéponse à la question 6\r\nL'État partie indique.".encode())
    assert pages[0].text == "Réponse à la question 6\nL'État partie indique."


def test_text_in_another_encoding_is_refused_as_an_encoding_problem():
    with pytest.raises(ExtractionError) as refused:
        extract_pages("Réponse à la question".encode("cp1252"), kind="text", max_pages=1)
    assert refused.value.reason == "encoding"
    assert "UTF-8" in str(refused.value)


def test_wrapped_text_lines_are_joined_and_blank_lines_separate_paragraphs():
    text = (
        "MEASURES TO PROTECT CHILD VICTIMS\n\n"
        "The Party reports that child victims are heard\n"
        "in child-friendly premises by trained staff\n\n"
        "Interviews are recorded.\n"
    )
    passages = split_passages(read(text.encode()))
    assert texts(passages) == [
        "MEASURES TO PROTECT CHILD VICTIMS",
        "The Party reports that child victims are heard in child-friendly premises by trained "
        "staff",
        "Interviews are recorded.",
    ]
    assert passages[0].heading and not passages[1].heading


def test_a_text_file_of_blank_lines_and_figures_is_refused_as_without_text():
    with pytest.raises(ExtractionError) as refused:
        extract_pages(b"2019\n\n2020\n", kind="text", max_pages=1)
    assert refused.value.reason == "no_text"


# HTML


REPLY_HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Reply of the Party</title>
<style>p { color: #333 }</style>
<script>document.write("<p>script text</p>");</script></head>
<body>
<h1>Question 6</h1>
<p>The Party reports that all professionals working
   in contact with children receive training.</p>
<div hidden><p>Draft note, not shown</p></div>
<p style="display: none">Hidden paragraph</p>
<ul><li>Training of judges</li><li>Awareness&nbsp;raising &amp; prevention</li></ul>
<h2>Réponse à la <em>question</em> 7</h2>
<p>L&#39;&Eacute;tat partie indique que la formation<br>est obligatoire.</p>
<table><tr><td>Measure</td><td>2019</td></tr></table>
</body></html>"""


def test_html_gives_the_visible_text_only():
    text = read(REPLY_HTML.encode())[0].text
    for hidden in ("Reply of the Party", "color", "script text", "Draft note", "Hidden"):
        assert hidden not in text
    assert "L'État partie indique que la formation\nest obligatoire." in text


def test_html_without_a_closing_head_tag_still_gives_its_body():
    page = read(b"<html><head><title>Reply</title><body><p>The Party reports.</p></body>")[0]
    assert page.text == "The Party reports."


def test_html_blocks_become_passages_and_html_headings_are_headings():
    pages = read(REPLY_HTML.encode())
    passages = split_passages(pages)
    assert texts(passages) == [
        "Question 6",
        "The Party reports that all professionals working in contact with children receive "
        "training.",
        "Training of judges",
        "Awareness raising & prevention",
        "Réponse à la question 7",
        "L'État partie indique que la formation est obligatoire.",
        "Measure",
        "2019",
    ]
    assert [passage.text for passage in passages if passage.heading] == [
        "Question 6",
        "Réponse à la question 7",
    ]
    assert_offsets_hold(pages, passages)


def test_a_page_cap_below_one_is_a_programming_error():
    with pytest.raises(ValueError, match="max_pages"):
        extract_pages(b"text", kind="text", max_pages=0)


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown document kind"):
        extract_pages(b"text", kind="rtf", max_pages=1)


# Hyphenation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the protec-\ntion of children", "the protection of children"),
        ("the protec-  \n   tion of children", "the protection of children"),
        ("self-\nregulation", "self-regulation"),
        ("non-\ngovernmental bodies", "non-governmental bodies"),
        ("child-\nfriendly justice", "child-friendly justice"),
        ("the État-\nPartie", "the État-Partie"),
        ("non-State-\nactors", "non-State-actors"),
        ("3rd-\nparty platforms", "3rd-party platforms"),
        ("from 2019-\n2020", "from 2019-\n2020"),
        ("a term -\nnext line", "a term -\nnext line"),
        ("the end-\n\nNew paragraph", "the end-\n\nNew paragraph"),
        ("the protec\u00ad\ntion", "the protection"),
        ("the pro\u00adtec\u00adtion", "the protection"),
        ("la protec\u2010\ntion des enfants", "la protection des enfants"),
        ("self\u2010\nregulation", "self\u2010regulation"),
    ],
)
def test_line_end_hyphens_are_rejoined_by_the_documented_rule(text, expected):
    assert rejoin_hyphenation(text) == expected


def test_the_document_itself_decides_for_prefixes_when_it_can():
    assert rejoin_hyphenation("pre-\nvention. Prevention works.") == "prevention. Prevention works."
    assert rejoin_hyphenation("pre-\ntrial detention; a pre-trial hearing") == (
        "pre-trial detention; a pre-trial hearing"
    )
    assert rejoin_hyphenation("pre-\nvention") == "pre-vention"  # no evidence: prefix rule


def test_rejoining_twice_changes_nothing():
    once = rejoin_hyphenation("protec-\ntion, self-\nregulation, État-\nPartie, x\u00ad\ny")
    assert rejoin_hyphenation(once) == once


# Passages from hand-made pages


def passages_of(*page_texts: str) -> list[Passage]:
    pages = [Page(number, text) for number, text in enumerate(page_texts, start=1)]
    passages = split_passages(pages)
    assert_offsets_hold([Page(p.number, rejoin_hyphenation(p.text)) for p in pages], passages)
    return passages


@pytest.mark.parametrize(
    "end",
    [".", ":", ";", "?", "!", "…", ".”", ".»", " »", ".)", "”"],
)
def test_a_line_ending_a_sentence_ends_the_passage(end):
    passages = passages_of(f"The Party reports measures{end}\nthe measures are in force.")
    assert len(passages) == 2


def test_a_line_ending_with_an_abbreviation_runs_on_in_lower_case():
    passages = passages_of("as provided for in art.\nfive of the law, the Party reports.")
    assert texts(passages) == ["as provided for in art. five of the law, the Party reports."]


@pytest.mark.parametrize(
    "item",
    [
        "6. The plan",
        "6) The plan",
        "6.1 the plan",
        "a) the plan",
        "(b) the plan",
        "iv) the plan",
        "II. The plan",
        "– the plan",
        "• the plan",
        "Question 6",
        "Réponse à la question 6",
        "Reply to question 6: yes",
    ],
)
def test_a_numbered_item_or_heading_starts_a_new_passage(item):
    passages = passages_of(f"The Party reports that the\n{item}")
    assert texts(passages) == ["The Party reports that the", item]


def test_a_number_after_a_reference_word_does_not_start_an_item():
    assert len(passages_of("as required by Article\n6. of the Convention")) == 1


@pytest.mark.parametrize(
    "heading",
    [
        "Question 6",
        "Question 6:",
        "QUESTION 6",
        "Q6",
        "Réponse à la question 6",
        "Concernant la question 6 :",
        "Question n° 6",
        "Reply to question 6 – Has the Party adopted measures?",
        "Article 5 – Recruitment, training and awareness",
        "Part II",
        "Chapitre 3 :",
        "6.1 Training of professionals",
        "II. Prevention",
        "PART II – PREVENTION",
    ],
)
def test_headings_are_recognised_from_the_text(heading):
    passages = passages_of(f"The plan is in force.\n{heading}\nThe Party reports measures.")
    assert [(passage.text, passage.heading) for passage in passages] == [
        ("The plan is in force.", False),
        (heading, True),
        ("The Party reports measures.", False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The plan is in force.\nArticle 5 of the Convention requires training\nfor all staff.",
        "The plan is in force.\n6. The Party has adopted measures.\nThe plan is in force.",
        "The plan is in force.\n6.1 The Party has adopted\nmeasures.",
        "Training is compulsory.\nIt covers all staff.",
        "The plan is in force.\nYes\nThe Party reports measures.",
    ],
)
def test_sentences_and_references_are_not_taken_for_headings(text):
    assert not any(passage.heading for passage in passages_of(text))


def test_a_short_line_between_sentences_in_a_pdf_is_a_heading():
    passages = passages_of(
        "The plan is in force.\nMeasures to protect child victims\nThe Party reports measures."
    )
    assert [passage.heading for passage in passages] == [False, True, False]


def test_a_long_heading_runs_on_onto_lines_in_lower_case():
    passages = passages_of(
        "Question 6 – Measures taken to ensure that persons working\n"
        "in contact with children are trained\n"
        "The Party reports measures."
    )
    assert [(passage.text, passage.heading) for passage in passages] == [
        (
            "Question 6 – Measures taken to ensure that persons working in contact with "
            "children are trained",
            True,
        ),
        ("The Party reports measures.", False),
    ]


def test_a_long_paragraph_is_cut_at_sentence_ends_into_parts_within_the_limit():
    sentences = [
        f"Sentence {number} of the reply states that the Party trains its professionals."
        for number in range(1, 120)
    ]
    passages = passages_of(" ".join(sentences))  # one paragraph, as Word or HTML give it
    assert len(passages) > 2
    assert all(len(passage.text) <= MAX_PASSAGE for passage in passages)
    assert all(passage.text.endswith("professionals.") for passage in passages)
    assert " ".join(texts(passages)) == " ".join(sentences)


def test_a_sentence_longer_than_the_limit_is_cut_between_words():
    words = " ".join(f"measure{number}" for number in range(600))
    passages = passages_of(words)
    assert len(passages) > 1
    assert all(len(passage.text) <= MAX_PASSAGE for passage in passages)
    assert " ".join(texts(passages)) == words


def test_a_word_longer_than_the_limit_is_cut_anywhere():
    passages = passages_of("x" * (2 * MAX_PASSAGE + 10))
    assert [len(passage.text) for passage in passages] == [MAX_PASSAGE, MAX_PASSAGE, 10]


def test_lines_marked_as_headings_by_the_source_are_headings():
    page = Page(1, "Scope\n\nThe Party reports measures.", frozenset({"Scope"}))
    passages = split_passages([page])
    assert [(passage.text, passage.heading) for passage in passages] == [
        ("Scope", True),
        ("The Party reports measures.", False),
    ]


def test_full_text_rejoins_hyphens_so_that_offsets_match_raw_pages():
    pages = [Page(1, "the protec-\ntion of children."), Page(2, "Question 6")]
    passages = split_passages(pages)
    text = full_text(pages)
    assert text == "the protection of children.\n\f\nQuestion 6"
    assert [text[passage.start : passage.end] for passage in passages] == [
        "the protection of children.",
        "Question 6",
    ]
    assert [passage.page for passage in passages] == [1, 2]


def test_no_pages_or_blank_pages_give_no_passages():
    assert split_passages([]) == []
    assert split_passages([Page(1, "\n\n  \n")]) == []


def test_a_pdf_is_read_the_same_from_its_path_page_by_page(tmp_path):
    from lanzarote.lib.extract import Limits, read_pages

    data = make_pdf([["Question 1", "The first page."], ["The second page."]])
    path = tmp_path / "reply.pdf"
    path.write_bytes(data)
    from_path = read_pages(str(path), kind="pdf", limits=Limits())
    assert from_path.pages == read_pages(data, kind="pdf", limits=Limits()).pages
    assert (from_path.total_pages, from_path.cut) == (2, "")


def test_long_text_and_html_are_read_up_to_the_character_limit_at_a_paragraph_end():
    from lanzarote.lib.extract import Limits, read_pages

    text = "\n\n".join(f"Paragraph {n} of a long synthetic reply." for n in range(5000))
    reading = read_pages(text.encode(), kind="text", limits=Limits(characters=1000))
    assert reading.cut == "characters" and len(reading.pages[0].text) <= 1000
    assert reading.pages[0].text.endswith("reply.")
    page = "".join(f"<p>Paragraph {n} of a long synthetic reply.</p>" for n in range(50000))
    reading = read_pages(page.encode(), kind="html", limits=Limits(characters=1000))
    assert reading.cut == "characters" and len(reading.pages[0].text) <= 1000


@pytest.mark.parametrize("build", ["reply_in_word", "merged", "looping"])
def test_a_large_word_document_is_read_as_a_stream_with_the_same_result(build, monkeypatch):
    from lanzarote.lib import extract

    def merged(document):
        table = document.add_table(rows=2, cols=3)
        for row, column, text in [(0, 0, "Measure"), (0, 1, "Status"), (1, 0, "Training")]:
            table.cell(row, column).text = text
        table.cell(1, 2).text = "Adopted"
        table.cell(1, 0).merge(table.cell(1, 1))

    def looping(document):
        style = document.styles.add_style("Looping", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = style
        document.add_paragraph("The Party reports that the plan is in force.", style="Looping")
        line = document.add_paragraph("First line")
        line.add_run().add_break()
        line.add_run("second line\tafter a tab")

    builders = {"reply_in_word": reply_in_word, "merged": merged, "looping": looping}
    data = word_document(builders[build])
    whole = read(data)
    monkeypatch.setattr(extract, "DOCX_STREAM_BYTES", 0)
    assert read(data) == whole


def test_a_large_word_document_is_read_only_up_to_the_character_limit(monkeypatch):
    from lanzarote.lib import extract

    def long(document):
        for n in range(2000):
            document.add_paragraph(f"Paragraph {n} of a long synthetic reply about training.")

    monkeypatch.setattr(extract, "DOCX_STREAM_BYTES", 0)
    reading = extract.read_pages(
        word_document(long), kind="docx", limits=extract.Limits(characters=5000)
    )
    assert reading.cut == "characters" and 5000 <= len(reading.pages[0].text) < 5100
