import pytest

from lanzarote.lib.sanitise import (
    ALLOWED_TAGS,
    answer_html,
    html_to_text,
    plain_to_html,
    sanitise_html,
)

REL = 'rel="noopener noreferrer nofollow"'


def test_the_allow_list_is_the_agreed_set_of_tags():
    agreed = "p br strong b em i u ul ol li blockquote h3 h4 table thead tbody tr th td a sup sub"
    assert sorted(ALLOWED_TAGS) == sorted(agreed.split())


# sanitise_html


def test_scripts_are_removed_with_their_content():
    cleaned = sanitise_html("<p>Article 5<script>alert('x')</script></p>")
    assert cleaned == "<p>Article 5</p>"


def test_event_handlers_and_images_are_removed():
    cleaned = sanitise_html('<p onclick="steal()">Report<img src=x onerror="alert(1)"></p>')
    assert cleaned == "<p>Report</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//elsewhere.example/page",
        "/relative/page",
    ],
)
def test_links_other_than_http_https_and_mailto_lose_their_href(href):
    cleaned = sanitise_html(f'<a href="{href}">Convention</a>')
    assert cleaned == f"<a {REL}>Convention</a>"


@pytest.mark.parametrize(
    "href",
    ["https://www.coe.int/en/web/children/lanzarote-convention", "http://example.org/report"],
)
def test_web_links_keep_their_href_and_get_a_safe_rel(href):
    cleaned = sanitise_html(f'<a href="{href}" target="_blank" rel="opener" title="t">CETS 201</a>')
    assert cleaned == f'<a href="{href}" {REL}>CETS 201</a>'


def test_mail_links_are_kept():
    cleaned = sanitise_html('<a href="mailto:lanzarote.committee@example.org">Secretariat</a>')
    assert cleaned == f'<a href="mailto:lanzarote.committee@example.org" {REL}>Secretariat</a>'


def test_style_class_id_and_other_attributes_are_removed():
    cleaned = sanitise_html(
        '<p style="color:red" class="MsoNormal" id="x" lang="fr" title="t">Mesures</p>'
    )
    assert cleaned == "<p>Mesures</p>"


def test_frames_objects_and_style_sheets_are_removed_with_their_content():
    cleaned = sanitise_html(
        "<style>p{display:none}</style><iframe src='https://x.example'>frame</iframe>"
        "<object data='x.swf'>object</object><p>Réponse</p>"
    )
    assert cleaned == "<p>Réponse</p>"


def test_unknown_tags_are_unwrapped_keeping_their_text():
    assert sanitise_html("<div><span>Article 24</span></div>") == "Article 24"


def test_comments_are_removed():
    assert sanitise_html("<p>Texte<!-- internal note --></p>") == "<p>Texte</p>"


def test_the_allowed_markup_is_kept():
    markup = (
        "<h3>Question 1</h3><h4>Sub-question</h4>"
        "<p><strong>Yes</strong>, <b>in</b> <em>part</em>, <i>see</i> <u>annex</u>"
        " Art. 5<sup>1</sup> H<sub>2</sub>O<br>next line</p>"
        "<ul><li>training</li></ul><ol><li>awareness</li></ol>"
        "<blockquote>quoted provision</blockquote>"
        "<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>2024</td></tr></tbody></table>"
    )
    assert sanitise_html(markup) == markup


def test_table_cells_keep_their_spans_but_nothing_else():
    cleaned = sanitise_html('<table><tr><td colspan="2" width="50%">Total</td></tr></table>')
    assert cleaned == '<table><tbody><tr><td colspan="2">Total</td></tr></tbody></table>'


def test_french_accents_and_typography_survive_sanitising():
    text = "<p>L’État partie a adopté « des mesures » – en œuvre à l’école.</p>"
    assert sanitise_html(text) == text


# plain_to_html


def test_plain_text_blocks_separated_by_blank_lines_become_paragraphs():
    text = "First paragraph.\n\nSecond paragraph.\n\n\n\nThird paragraph."
    assert plain_to_html(text) == (
        "<p>First paragraph.</p>\n<p>Second paragraph.</p>\n<p>Third paragraph.</p>"
    )


def test_single_newlines_in_plain_text_become_line_breaks():
    assert plain_to_html("Line one\r\nLine two\rLine three") == (
        "<p>Line one<br>Line two<br>Line three</p>"
    )


def test_plain_text_is_escaped_so_that_markup_in_it_is_shown_not_run():
    assert plain_to_html("if a < b & c > d then <script>x</script>") == (
        "<p>if a &lt; b &amp; c &gt; d then &lt;script&gt;x&lt;/script&gt;</p>"
    )


def test_plain_text_keeps_french_accents_and_apostrophes_unescaped():
    assert plain_to_html("L’enfant « protégé » d'abord") == "<p>L’enfant « protégé » d'abord</p>"


def test_blank_lines_made_of_spaces_still_separate_paragraphs():
    assert plain_to_html("  One  \n   \t \n Two ") == "<p>One</p>\n<p>Two</p>"


def test_control_characters_are_dropped_from_plain_text():
    assert plain_to_html("Art\x00icle\x1b 5") == "<p>Article 5</p>"


# answer_html


def test_an_answer_in_plain_text_is_stored_as_escaped_paragraphs():
    assert answer_html("Yes.\n\nSee the Criminal Code, Art. 3 < Art. 4.") == (
        "<p>Yes.</p>\n<p>See the Criminal Code, Art. 3 &lt; Art. 4.</p>"
    )


def test_an_answer_in_html_is_sanitised():
    stored = answer_html('<p onclick="x">Réponse <strong>complète</strong></p><script>x</script>')
    assert stored == "<p>Réponse <strong>complète</strong></p>"


def test_an_answer_with_only_inline_markup_still_gets_its_paragraphs():
    stored = answer_html("The law was <strong>amended</strong>.\n\nIt entered into force in 2022.")
    assert stored == (
        "<p>The law was <strong>amended</strong>.</p>\n<p>It entered into force in 2022.</p>"
    )


def test_an_answer_with_only_forbidden_tags_is_treated_as_text_and_shown_escaped():
    stored = answer_html("<script>alert(1)</script>")
    assert stored == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert "<script" not in stored


def test_an_answer_that_mixes_allowed_tags_and_a_script_loses_the_script():
    stored = answer_html('<b>Yes</b> <img src=x onerror="alert(1)"><script>alert(2)</script>')
    assert "alert" not in stored
    assert "<b>Yes</b>" in stored


@pytest.mark.parametrize(
    "text", ["", "   \n\t ", "<p></p>", "<p> &nbsp; </p><br><br>", "<ul><li> </li></ul>"]
)
def test_an_empty_answer_is_stored_as_an_empty_string(text):
    assert answer_html(text) == ""


def test_an_answer_of_only_a_removed_script_is_stored_as_an_empty_string():
    assert answer_html("<p><script>alert(1)</script></p>") == ""


@pytest.mark.parametrize(
    "text",
    [
        "Plain answer.\n\nSecond paragraph with a < b.",
        "<p>Réponse <a href='https://example.org'>lien</a></p>",
        "Inline <em>emphasis</em>\nand a break.",
    ],
)
def test_stored_answers_are_unchanged_by_sanitising_them_again(text):
    stored = answer_html(text)
    assert sanitise_html(stored) == stored
    assert answer_html(stored) == stored


# html_to_text


def test_text_from_html_has_no_tags_and_decoded_entities():
    assert html_to_text("<p>Droits de l&rsquo;enfant &amp; protection &eacute;tendue</p>") == (
        "Droits de l’enfant & protection étendue"
    )


def test_text_from_html_separates_blocks_and_line_breaks_with_a_space():
    html = "<h3>Question</h3><p>One<br>two</p><ul><li>three</li><li>four</li></ul>"
    assert html_to_text(html) == "Question One two three four"


def test_text_from_html_does_not_split_words_at_inline_tags():
    assert html_to_text("<p>Art<sup>1</sup> and <b>pro</b>tection</p>") == "Art1 and protection"


def test_text_from_html_collapses_whitespace_including_non_breaking_spaces():
    assert html_to_text("<p>  Article\n\n\t 5&nbsp;&nbsp;CETS  </p>") == "Article 5 CETS"


def test_text_from_html_leaves_out_script_and_style_content():
    assert html_to_text("<style>p{}</style><p>Visible</p><script>hidden()</script>") == "Visible"


def test_text_from_html_of_an_empty_string_is_empty():
    assert html_to_text("") == ""


def test_an_answer_typed_as_plain_text_is_shown_as_plain_text_for_editing():
    from lanzarote.lib.sanitise import html_for_editing

    typed = "First paragraph & more\n\nSecond, line one\nline two"
    assert html_for_editing(answer_html(typed)) == typed


def test_an_answer_with_markup_is_shown_as_its_sanitised_html_for_editing():
    from lanzarote.lib.sanitise import html_for_editing

    stored = answer_html("<ul><li>Training</li></ul>")
    assert html_for_editing(stored) == stored
