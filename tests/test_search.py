import pytest

from lanzarote.lib.query import QueryError, parse
from lanzarote.search.selectors import search


def refs(text, **kwargs):
    return {(hit.ref, hit.lang) for hit in search(text=text, **kwargs).hits}


def test_a_word_is_found_in_english_and_french(db):
    found = refs("pornography", limit=500)
    assert ("cets201:20.1.a", "en") in found
    assert ("cets201:20.1.a", "fr") not in found
    assert ("cets201:20.1.a", "fr") in refs("pornographie", limit=500)


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
