"""The generic search index (lanzarote/search/index.py): rows that other apps write."""

import pytest

from lanzarote.search.index import (
    Kind,
    Row,
    index_add,
    index_remove,
    index_remove_linked,
    index_replace,
    index_unlink_questions,
)
from lanzarote.search.models import SearchEntry
from lanzarote.search.selectors import search


def row(ref, text, **ids):
    return Row(kind=Kind.PASSAGE, ref=ref, scope="test", lang="en", title=ref, text=text, **ids)


def test_rows_added_are_found_by_their_words_and_stems(db):
    assert index_add(rows=[row("t:1", "Helplines for victims"), row("t:2", "Nothing here")]) == 2
    entry = SearchEntry.objects.get(ref="t:1")
    assert (entry.norm, entry.stems) == ("helplines for victims", "helplin for victim")
    assert [h.ref for h in search(text="victim helpline", scope="test").hits] == ["t:1"]


def test_a_title_is_cut_to_its_column(db):
    index_add(rows=[row("t:1", "text")._replace(title="x" * 300)])
    assert len(SearchEntry.objects.get(ref="t:1").title) == 200


def test_replacing_removes_only_what_is_named(db):
    index_add(rows=[row("a:1:0", "one"), row("a:1:1", "two"), row("a:2:0", "three")])
    assert index_replace(kind=Kind.PASSAGE, prefix="a:1:", rows=[row("a:1:0", "four")]) == 1
    assert set(SearchEntry.objects.filter(scope="test").values_list("ref", "norm")) == {
        ("a:1:0", "four"),
        ("a:2:0", "three"),
    }
    assert index_remove(kind=Kind.PASSAGE, ref="a:2:0") == 1
    with pytest.raises(ValueError):
        index_remove(kind=Kind.PASSAGE)  # never a whole kind by mistake


def test_rows_of_deleted_objects_are_removed_or_unlinked_by_id(db):
    index_add(
        rows=[
            row("r:1", "one", reply_id=1, question_id=7),
            row("r:2", "two", document_id=5, passage_id=50),
            row("r:3", "three", document_id=6, passage_id=60, question_id=7),
        ]
    )
    assert index_remove_linked(reply_ids=[1]) == 1
    assert index_remove_linked(passage_ids=[50], document_ids=[99]) == 1
    assert index_unlink_questions(question_ids=[7]) == 1
    assert list(SearchEntry.objects.filter(scope="test").values_list("ref", "question_id")) == [
        ("r:3", None)
    ]
    # the full-text index follows (rows without a reply are visible to all)
    assert search(text="three", scope="test").total == 1
    assert search(text="two", scope="test").total == 0
