import pytest

from lanzarote.lib.query import QueryError, parse
from lanzarote.search.selectors import search


def refs(text, **kwargs):
    return {(hit.ref, hit.lang) for hit in search(text=text, **kwargs).hits}


def test_a_word_is_found_in_english_and_french(db):
    assert ("cets201:20.1.a", "en") in refs("pornography", limit=500)
    assert ("cets201:20.1.a", "fr") in refs("pornographie", limit=500)
    # a provision's own language counts more than its other text
    assert search(text="pornography", kinds=("provision",)).hits[0].lang == "en"
    assert search(text="pornographie", kinds=("provision",)).hits[0].lang == "fr"


def test_accents_and_case_are_ignored(db):
    assert refs("ETAT", lang="fr", limit=500) == refs("État", lang="fr", limit=500)
    assert refs("etat", lang="fr", limit=500)


def test_a_quoted_phrase_must_appear_as_written(db):
    phrase = refs('"obtaining access"', lang="en")
    assert ("cets201:20.1.f", "en") in phrase
    words = refs("obtaining access", lang="en", limit=500)
    assert phrase <= words


def test_or_not_and_prefix(db):
    both = refs("grooming OR solicitation", lang="en", limit=500)
    assert refs("solicitation", lang="en", limit=500) <= both
    without = refs("pornography -possessing", lang="en", limit=500)
    assert ("cets201:20.1.e", "en") not in without
    assert ("cets201:20.1.a", "en") in without
    assert ("cets201:20.1.a", "fr") in refs("pornograph*", lang="fr", limit=500)


def test_the_language_filter_keeps_one_language(db):
    assert {lang for _, lang in refs("child", lang="en", limit=500)} == {"en"}


def test_hits_are_highlighted_and_escaped(db):
    hit = next(h for h in search(text='"child pornography"', lang="en").hits)
    assert "<mark>child pornography</mark>" in hit.snippet


@pytest.mark.parametrize("text", ["", "   ", "NOT child", '""', "-child"])
def test_a_query_with_nothing_to_look_for_is_refused_clearly(text):
    with pytest.raises(QueryError):
        parse(text)


def test_a_query_with_search_syntax_characters_is_safe(db):
    for text in ['child" OR', "child)", "a:b", "c'est", "NEAR(child", "^child", "child*)*"]:
        search(text=text)  # no database error


def test_the_search_page_shows_the_error_and_the_hits(client, db):
    assert "Type at least one word" in client.get("/en/search/?q=%22%22").text
    page = client.get("/en/search/?q=%22obtaining+access%22&lang=en").text
    assert "<mark>obtaining access</mark>" in page
    assert 'href="/en/treaties/cets201/articles/20/?q=%22obtaining%20access%22#p20-1-f"' in page


def test_following_a_hit_marks_the_words_on_the_article_page(client, db):
    page = client.get("/fr/treaties/cets201/articles/20/?q=pornographie").text
    assert "<mark>pornographie</mark>" in page


def test_pages_of_results_follow_one_ranking_and_keep_the_total(db):
    everything = search(text="child*", limit=500)
    assert everything.total == len(everything.hits) > 20
    second = search(text="child*", limit=10, offset=10)
    assert second.total == everything.total
    assert [h.ref for h in second.hits] == [h.ref for h in everything.hits[10:20]]
    past = search(text="child*", limit=10, offset=everything.total + 10)
    assert past.hits == [] and past.total == everything.total  # "no results here", not "none"


# Search finds what a user types (issue 11): article titles, inflections in English and French,
# the Convention's terms and their common synonyms, and the treaty across its two languages.
# Self-chosen queries, each with the article a reader would expect and the page's language;
# docs/quality.md ("Search") records how many found it first and in the first three, before and
# after. `within` is what each must reach now.
TREATY_QUERIES = [
    # query, page language, expected article, within
    ("solicitation of children", "en", 23, 1),  # the home page's example: an article title
    ("grooming", "en", 23, 1),  # the common word for the Convention's term
    ("grooming", "fr", 23, 1),
    ("sollicitation d'enfants", "fr", 23, 1),
    ("sollicitation d'enfants", "en", 23, 1),  # French typed on the English page
    ("CSAM", "en", 20, 1),
    ("child sexual abuse material", "en", 20, 1),
    ("pédopornographie", "fr", 20, 1),
    ("pédopornographie", "en", 20, 1),
    ("child pornography", "fr", 20, 3),
    ("prostitution enfantine", "en", 19, 1),
    ("recruiting children into prostitution", "en", 19, 3),
    ("abus sexuels", "en", 18, 3),
    ("corruption of a child", "en", 22, 1),
    ("helpline", "en", 13, 1),  # the title says "Helplines"
    ("victim assistance", "en", 14, 3),  # the title says "Assistance to victims"
    ("assister les victimes", "fr", 14, 3),
    ("reporting suspicions", "en", 12, 1),
    ("signalement", "en", 12, 1),
    ("interviewing children", "en", 35, 3),
    ("statute of limitations", "en", 33, 1),
    ("prescription", "en", 33, 1),
    ("compétence", "en", 25, 1),
    ("corporate liability", "fr", 26, 1),
    ("aggravating circumstance", "en", 28, 1),
    # written after the synonym table, which has nothing for them: stems and the other language
    ("enquêtes", "en", 34, 3),
    ("previous conviction", "en", 29, 1),
    ("amendment", "en", 44, 1),
    ("réserves", "en", 48, 3),
    ("dénonciation", "en", 49, 1),
    ("territorial applications", "fr", 47, 1),
    ("educating children", "en", 6, 3),
    ("témoins", "en", 31, 3),
    ("recording data on sexual offenders", "en", 37, 1),
    ("adhésion", "en", 46, 1),
]


def article_rank(text: str, lang: str) -> int | None:
    """Where the first provision of each article comes in the results shown on a page in this
    language (1 = first), article by article."""
    hits = search(text=text, kinds=("provision",), show_lang=lang, limit=200).hits
    articles: list[int] = []
    for hit in hits:
        part = hit.ref.split(":")[1].split(".")[0]
        number = int(part) if part.isdigit() else 0  # 0: the preamble
        if number not in articles:
            articles.append(number)
    return articles


@pytest.mark.parametrize(("text", "lang", "article", "within"), TREATY_QUERIES)
def test_a_reader_finds_the_article_they_mean(db, text, lang, article, within):
    articles = article_rank(text, lang)
    assert article in articles[:within], f"{text!r} on a {lang} page: {articles[:5]}"


def test_the_hit_is_shown_in_the_language_of_the_page(db):
    english = search(text="pédopornographie", kinds=("provision",), show_lang="en").hits
    assert english and {hit.lang for hit in english} == {"en"}
    assert "<mark>child pornography</mark>" in english[0].snippet
    french = search(text="solicitation of children", kinds=("provision",), show_lang="fr").hits
    assert french[0].ref == "cets201:23" and french[0].lang == "fr"


def test_plurals_and_inflections_are_found_in_english_and_french(db):
    assert ("cets201:13", "en") in refs("helpline", lang="en")
    assert ("cets201:20.1.e", "en") in refs("possess child pornography", lang="en")
    assert ("cets201:20.1.e", "fr") in refs("possessions", lang="fr", limit=500)
    hit = search(text="helpline", lang="en", kinds=("provision",)).hits[0]
    assert "<mark>" in hit.snippet  # the inflected form is marked too


def test_a_quoted_phrase_still_finds_only_its_words_in_order(db):
    provisions = refs('"obtaining access"', lang="en", kinds=("provision",))
    assert provisions == {("cets201:20.1.f", "en")}
    # the concordance quotes the same words, in order, where it reads 20(1) beside others
    assert refs('"obtaining access"', lang="en", kinds=("concordance",)) == {
        ("cets201:20.1.f>ets185", "en"),
        ("cets201:20.1>opsc:3.1.c", "en"),
    }


def test_the_search_page_shows_treaty_hits_in_its_own_language(client, db):
    page = client.get("/en/search/?q=p%C3%A9dopornographie&kind=treaty").text
    assert "<mark>child pornography</mark>" in page
    assert "production de" not in page  # found through the French text, shown in English
