"""The passages' embeddings, held in memory for exact nearest-neighbour search.

DESIGN.md §5: exact numpy search until a measurement asks for an index (usearch past about a
million passages). Each process keeps one `VectorIndex`: a large "base" block and small "delta"
blocks, with the entry, reply, question and document of every row so that filters and
visibility are applied as masks before ranking. It follows the database cheaply: at most once a
second it compares the documents' embedding counters and the newest search entry with what it
holds, reloads only the documents that changed, and folds the deltas into the base when they
grow past a tenth of it.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection

from lanzarote.lib import embed

LANGS = {"en": 1, "fr": 2}
REFRESH_SECONDS = 1.0


@dataclass
class _Block:
    entries: np.ndarray  # int64 search entry ids
    replies: np.ndarray  # int64
    questions: np.ndarray  # int64, -1 when none
    documents: np.ndarray  # int64
    langs: np.ndarray  # int8: 0 undetermined, 1 en, 2 fr
    matrix: np.ndarray  # float32 (n, DIM)
    alive: np.ndarray  # bool

    @classmethod
    def empty(cls) -> _Block:
        ids = np.zeros(0, dtype=np.int64)
        return cls(
            ids,
            ids.copy(),
            ids.copy(),
            ids.copy(),
            np.zeros(0, dtype=np.int8),
            np.zeros((0, embed.DIM), dtype=np.float32),
            np.zeros(0, dtype=bool),
        )

    @classmethod
    def of(cls, rows: list[tuple]) -> _Block:
        if not rows:
            return cls.empty()
        entries, replies, questions, documents, langs, blobs = zip(*rows, strict=True)
        return cls(
            np.array(entries, dtype=np.int64),
            np.array(replies, dtype=np.int64),
            np.array([q if q is not None else -1 for q in questions], dtype=np.int64),
            np.array(documents, dtype=np.int64),
            np.array([LANGS.get(lang, 0) for lang in langs], dtype=np.int8),
            embed.decode_many([bytes(b) for b in blobs]),
            np.ones(len(rows), dtype=bool),
        )

    @classmethod
    def join(cls, blocks: list[_Block]) -> _Block:
        kept = [b.keep(b.alive) for b in blocks]
        return cls(
            *(
                np.concatenate([getattr(b, f) for b in kept])
                for f in (
                    "entries",
                    "replies",
                    "questions",
                    "documents",
                    "langs",
                    "matrix",
                    "alive",
                )
            )
        )

    def keep(self, mask: np.ndarray) -> _Block:
        return _Block(
            self.entries[mask],
            self.replies[mask],
            self.questions[mask],
            self.documents[mask],
            self.langs[mask],
            self.matrix[mask],
            self.alive[mask],
        )


SELECT_ROWS = (
    "SELECT e.id, e.reply_id, e.question_id, e.document_id, e.lang, p.embedding "
    "FROM search_searchentry e JOIN replies_passage p ON p.id = e.passage_id "
    "WHERE p.embedding IS NOT NULL AND e.reply_id IS NOT NULL"
)


class VectorIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.base = _Block.empty()
        self.deltas: list[_Block] = []
        self.documents: dict[int, int] = {}  # document id -> embedded passages, as loaded
        self.max_entry = 0
        self.entry_count = 0
        self.document_entries: dict[int, int] = {}
        self.checked = 0.0
        self.database = ""

    def __len__(self) -> int:
        return int(self.base.alive.sum()) + sum(int(d.alive.sum()) for d in self.deltas)

    def refresh(self, *, force: bool = False) -> None:
        now = time.monotonic()
        alias = connection.settings_dict.get("NAME", "")
        if not force and alias == self.database and now - self.checked < REFRESH_SECONDS:
            return
        with self._lock, connection.cursor() as cursor:
            if alias != self.database:  # another database (tests): start again
                self.base, self.deltas, self.documents, self.max_entry = _Block.empty(), [], {}, 0
                self.entry_count, self.document_entries = 0, {}
                self.database = alias
            self.checked = now
            cursor.execute("SELECT id, embedded FROM replies_document WHERE embedded > 0")
            documents = dict(cursor.fetchall())
            cursor.execute("SELECT max(id), count(*) FROM search_searchentry")
            max_entry, entry_count = cursor.fetchone()
            max_entry = max_entry or 0
            touched = {d for d, n in documents.items() if self.documents.get(d) != n}
            touched |= set(self.documents) - set(documents)
            added = 0
            if max_entry > self.max_entry:
                cursor.execute(
                    "SELECT document_id, count(*) FROM search_searchentry "
                    "WHERE id > %s GROUP BY document_id",
                    [self.max_entry],
                )
                for document, n in cursor.fetchall():
                    added += n
                    if document in documents:
                        touched.add(document)
            if max_entry < self.max_entry:  # entries went (a flush, a restore): reload all
                touched = set(documents) | set(self.documents)
            elif entry_count < self.entry_count + added:  # some were removed: which documents?
                cursor.execute(
                    "SELECT document_id, count(*) FROM search_searchentry "
                    "WHERE document_id IS NOT NULL GROUP BY document_id"
                )
                now_entries = dict(cursor.fetchall())
                touched |= {
                    d
                    for d in set(now_entries) | set(self.document_entries)
                    if now_entries.get(d) != self.document_entries.get(d)
                }
                self.document_entries = now_entries
            self.max_entry, self.entry_count = max_entry, entry_count
            if not touched:
                return
            gone = np.array(sorted(touched), dtype=np.int64)
            for block in (self.base, *self.deltas):
                block.alive &= ~np.isin(block.documents, gone)
            rows: list[tuple] = []
            wanted = sorted(d for d in touched if d in documents)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                cursor.execute(
                    f"{SELECT_ROWS} AND e.document_id IN ({', '.join(['%s'] * len(chunk))})", chunk
                )
                rows += cursor.fetchall()
            self.deltas.append(_Block.of(rows))
            self.documents = documents
            if not self.document_entries or touched:
                cursor.execute(
                    "SELECT document_id, count(*) FROM search_searchentry "
                    "WHERE document_id IS NOT NULL GROUP BY document_id"
                )
                self.document_entries = dict(cursor.fetchall())
            if sum(len(d.entries) for d in self.deltas) > max(10_000, len(self.base.entries) // 10):
                self.base, self.deltas = _Block.join([self.base, *self.deltas]), []

    def nearest(
        self,
        vector: np.ndarray,
        *,
        replies: np.ndarray,
        k: int,
        minimum: float,
        question: int | None = None,
        document: int | None = None,
        lang: str = "",
    ) -> list[tuple[int, float]]:
        """The k entries most similar to the vector among the allowed replies (and filters),
        at least `minimum` similar: [(entry id, similarity)], best first. Rows are masked
        before ranking: nothing outside the filter competes for a place."""
        found: list[tuple[int, float]] = []
        with self._lock:
            for block in (self.base, *self.deltas):
                if not len(block.entries):
                    continue
                mask = block.alive & np.isin(block.replies, replies)
                if question is not None:
                    mask &= block.questions == question
                if document is not None:
                    mask &= block.documents == document
                if lang:
                    mask &= block.langs == LANGS.get(lang, 0)
                if not mask.any():
                    continue
                scores = block.matrix @ vector
                scores[~mask] = -1.0
                rows, best = embed.nearest_scores(scores, k)
                found += [
                    (int(block.entries[r]), float(s))
                    for r, s in zip(rows, best, strict=True)
                    if s >= minimum
                ]
        found.sort(key=lambda pair: -pair[1])
        return found[:k]


INDEX = VectorIndex()
