"""Tell English from French in a passage of a reply, with py3langid restricted to the two.

The monitor's working languages are the Council of Europe's official ones, English and French,
so the classifier only chooses between those two: a passage in another language gets whichever
of the two it resembles more ("und" when the two are close, as for most German; Spanish and
Italian often read as French), so the label is not a guard against other languages.

The answer is ``(code, confidence)``: ``"en"`` or ``"fr"`` with the classifier's normalised
probability (0.5 to 1 with two languages), or ``("und", 0.0)`` ("undetermined") when the text
has fewer than ``MIN_LETTERS`` letters (headings such as "Question 6", numbers, tables of
figures) or when the classifier is less sure than ``MIN_CONFIDENCE``. Only the first
``SAMPLE_CHARS`` characters are read: a passage that changes language is judged by its start.

``detect_languages(texts)`` gives the same answers for many texts at once, several times faster:
py3langid walks its n-gram automaton one byte at a time in Python, and here the walk runs for
all texts together in NumPy, with the same model and the same arithmetic. This relies on the
model's attributes in py3langid 0.4 (the pinned version); a test checks that both agree.

The model (shipped inside py3langid) is loaded on first use and kept for the life of the
process; classifying does not change it, so threads can share it.
"""

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("en", "fr")
UNDETERMINED = "und"
# Below this many letters the classifier guesses; "Question 6" has 8.
MIN_LETTERS = 20
# With two languages, 0.5 is a coin toss. Real English or French sentences score above 0.99;
# proper names, figures and other languages fall near 0.5-0.7.
MIN_CONFIDENCE = 0.75
# Enough text to tell English from French; the rest of a long passage only costs time.
SAMPLE_CHARS = 400

# MIN_LETTERS letters, with anything else around them (one regular expression, run in C).
_ENOUGH_LETTERS = re.compile(rf"[\W\d_]*(?:[^\W\d_][\W\d_]*){{{MIN_LETTERS}}}")
_lock = threading.Lock()


@dataclass(frozen=True)
class _Model:
    identifier: LanguageIdentifier
    labels: list[str]
    # The automaton and the naive Bayes tables as NumPy arrays, for detect_languages.
    next_move: np.ndarray
    row_base: np.ndarray
    output: np.ndarray
    feature_weights: tuple[np.ndarray, ...]  # per language, one weight per feature (+ "none")
    class_weights: np.ndarray  # languages


_model: _Model | None = None


def detect_language(text: str) -> tuple[str, float]:
    """("en" | "fr" | "und", confidence from 0 to 1) for ``text``."""
    sample = text[:SAMPLE_CHARS]
    if not _has_letters(sample):
        return UNDETERMINED, 0.0
    language, confidence = _get_model().identifier.classify(sample)
    return _answer(str(language), float(confidence))


def detect_languages(texts: Sequence[str]) -> list[tuple[str, float]]:
    """``detect_language`` for each text, computed together (the same answers, faster)."""
    results: list[tuple[str, float]] = [(UNDETERMINED, 0.0)] * len(texts)
    samples = [text[:SAMPLE_CHARS] for text in texts]
    chosen = [index for index, sample in enumerate(samples) if _has_letters(sample)]
    if not chosen:
        return results
    model = _get_model()
    probabilities = _probabilities(model, _encode_all([samples[index] for index in chosen]))
    best = probabilities.argmax(axis=1).tolist()
    confidences = probabilities[np.arange(len(chosen)), best].tolist()
    for index, column, confidence in zip(chosen, best, confidences, strict=True):
        results[index] = _answer(model.labels[column], confidence)
    return results


def _answer(language: str, confidence: float) -> tuple[str, float]:
    if confidence < MIN_CONFIDENCE:
        return UNDETERMINED, 0.0
    return language, confidence


def _has_letters(text: str) -> bool:
    """Whether the text has at least MIN_LETTERS letters."""
    return _ENOUGH_LETTERS.match(text) is not None


def _encode_all(samples: list[str]) -> list[bytes]:
    """``_encode`` for each sample; normalised and encoded in one go when that is safe (a NUL
    separator is a starter, so NFC never combines across it)."""
    if any("\0" in sample for sample in samples):
        return [_encode(sample) for sample in samples]
    lowered = [sample.lower() if sample.isupper() else sample for sample in samples]
    joined = unicodedata.normalize("NFC", "\0".join(lowered))
    return joined.encode("utf8", errors="surrogatepass").split(b"\0")


def _encode(text: str) -> bytes:
    """The bytes py3langid classifies (LanguageIdentifier._encode, for str)."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _probabilities(model: _Model, encoded: list[bytes]) -> np.ndarray:
    """texts × languages probabilities, as LanguageIdentifier(norm_probs=True)._decide."""
    count = len(encoded)
    lengths = np.fromiter((len(data) for data in encoded), dtype=np.intp, count=count)
    width = int(lengths.max())
    # One row per byte position, one column per text, so that each step of the walk reads a
    # contiguous row; positions past a text's end are padding, masked below.
    padded = b"".join(raw.ljust(width, b"\0") for raw in encoded)
    data = np.frombuffer(padded, dtype=np.uint8).reshape(count, width).T.astype(np.intp)
    states = np.empty((width, count), dtype=np.intp)
    state = np.zeros(count, dtype=np.intp)
    for position in range(width):
        state = model.next_move[model.row_base[state] + data[position]]
        states[position] = state
    # The feature each text emits at each position, one text per row; "none" (and padding)
    # becomes the extra feature `absent`, whose weights are zero.
    absent = len(model.feature_weights[0]) - 1
    features = model.output[states.T]
    features[(features < 0) | (np.arange(width)[None, :] >= lengths[:, None])] = absent
    # Count each feature within each text: sort the rows, then measure runs of equal values.
    features.sort(axis=1)
    flat = features.ravel()
    run_starts = np.empty(flat.size, dtype=bool)
    run_starts[0] = True
    np.not_equal(flat[1:], flat[:-1], out=run_starts[1:])
    run_starts[::width] = True
    starts = np.flatnonzero(run_starts)
    counts = np.diff(np.append(starts, flat.size)).astype(np.float32)
    texts = starts // width
    features_found = flat[starts]
    log_counts = np.log1p(counts)
    scores = np.empty((count, len(model.labels)), dtype=np.float64)
    for language, column in enumerate(model.feature_weights):
        weights = np.take(column, features_found) * log_counts
        scores[:, language] = np.bincount(texts, weights=weights, minlength=count)
    scores += model.class_weights
    # Texts without any feature score 0 for every language: a tie, hence "und".
    scores[features[:, 0] == absent] = 0.0
    scores /= np.sqrt(np.maximum(lengths, 1))[:, None]
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    result: np.ndarray = scores / scores.sum(axis=1, keepdims=True)
    return result


def _get_model() -> _Model:
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model


def _load() -> _Model:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    labels = [str(label) for label in identifier.nb_classes]
    if sorted(labels) != sorted(LANGUAGES):
        raise RuntimeError(f"unexpected py3langid model labels: {labels}")
    return _Model(
        identifier=identifier,
        labels=labels,
        next_move=np.frombuffer(identifier.tk_nextmove, dtype=_item_type(identifier.tk_nextmove)),
        row_base=np.asarray(identifier.tk_row, dtype=np.intp) << 8,
        output=np.asarray(identifier.tk_output, dtype=np.int32),
        # One contiguous array per language (faster to gather from), with a zero weight
        # added at the end for "no feature here".
        feature_weights=tuple(
            np.append(identifier.nb_ptc[:, column], 0).astype(np.float32)
            for column in range(len(labels))
        ),
        class_weights=np.asarray(identifier.nb_pc, dtype=np.float64),
    )


def _item_type(values: object) -> np.dtype:
    """The NumPy type of a stdlib array (py3langid keeps the automaton in one)."""
    return np.dtype(f"u{getattr(values, 'itemsize', 8)}")
