"""The labelled set of real statutory provisions (lanzarote/data/evaluation/legislation): format and minimums."""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

FOLDER = (
    Path(__file__).resolve().parent.parent / "lanzarote" / "data" / "evaluation" / "legislation"
)
REQUIRED = {
    "id": str,
    "jurisdiction": str,
    "language": str,
    "act": str,
    "section": str,
    "heading": str,
    "text": str,
    "source_url": str,
    "relation": str,
    "articles": list,
}
OPTIONAL = {"retrieved_from": str, "licence": str, "version": str, "note": str}
RELATIONS = {"implements", "implements_partly", "definition", "related", "general_offence", "none"}
NEGATIVE = {"none", "general_offence", "related"}
ARTICLE = re.compile(r"^\d+(\(\d+\))?(\([a-z]\))?$")
JURISDICTION = re.compile(r"^[A-Z]{2}$")
EXCLUDED = {"GB", "UK", "IE"}  # kept for an independent test set built elsewhere


def load(name):
    path = FOLDER / name
    rows = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            assert line.strip(), f"{name}:{number}: empty line"
            rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def dev():
    return load("dev.jsonl")


@pytest.fixture(scope="module")
def dev2():
    """The first held-out set, run twice and studied since: a second development set."""
    return load("dev2.jsonl")


@pytest.fixture(scope="module")
def test2():
    """The fresh held-out set, labelled before anything ran on it."""
    return load("test2.jsonl")


def check_records(rows, name):
    for r in rows:
        where = f"{name}: {r.get('id')!r}"
        missing = REQUIRED.keys() - r.keys()
        assert not missing, f"{where}: missing {sorted(missing)}"
        unknown = r.keys() - REQUIRED.keys() - OPTIONAL.keys()
        assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
        for key, kind in {**REQUIRED, **OPTIONAL}.items():
            if key in r:
                assert isinstance(r[key], kind), f"{where}: {key} is not {kind.__name__}"
        for key in ("id", "act", "section", "text", "source_url"):
            assert r[key].strip(), f"{where}: empty {key}"
        assert JURISDICTION.match(r["jurisdiction"]), where
        assert r["jurisdiction"] not in EXCLUDED, (
            f"{where}: UK and Irish law are left out of this set"
        )
        assert r["language"] in {"en", "fr"}, where
        assert r["relation"] in RELATIONS, f"{where}: relation {r['relation']!r}"
        assert r["source_url"].startswith("https://") or r["source_url"].startswith("http://"), (
            where
        )
        for a in r["articles"]:
            assert isinstance(a, str) and ARTICLE.match(a), f"{where}: article {a!r}"
        assert len(set(r["articles"])) == len(r["articles"]), f"{where}: repeated article"
        if r["relation"] in {"none", "general_offence"}:
            assert r["articles"] == [], f"{where}: {r['relation']} takes no articles"
        else:
            assert r["articles"], f"{where}: {r['relation']} needs at least one article"


def test_dev_records(dev):
    check_records(dev, "dev.jsonl")


def test_dev2_records(dev2):
    check_records(dev2, "dev2.jsonl")


def test_test2_records(test2):
    check_records(test2, "test2.jsonl")


def test_ids_unique_across_files(dev, dev2, test2):
    ids = Counter(r["id"] for r in dev + dev2 + test2)
    assert not [i for i, n in ids.items() if n > 1]


def test_splits_are_whole_jurisdictions(dev, dev2, test2):
    splits = [{r["jurisdiction"] for r in rows} for rows in (dev, dev2, test2)]
    assert not splits[0] & splits[1]
    assert not (splits[0] | splits[1]) & splits[2]


def test_dev_minimums(dev):
    assert len(dev) >= 200
    assert len({r["jurisdiction"] for r in dev}) >= 6
    assert sum(r["language"] == "fr" for r in dev) * 3 >= len(dev)
    assert sum(r["relation"] in NEGATIVE for r in dev) * 4 >= len(dev)


def test_dev2_minimums(dev2):
    """The first held-out set: enough provisions, both languages, negatives, three jurisdictions."""
    assert len(dev2) >= 120
    assert len({r["jurisdiction"] for r in dev2}) >= 3
    assert sum(r["language"] == "fr" for r in dev2) * 3 >= len(dev2)
    assert sum(r["language"] == "en" for r in dev2) >= 25
    assert sum(r["relation"] in NEGATIVE for r in dev2) * 4 >= len(dev2)
    assert sum(r["relation"] == "general_offence" for r in dev2) >= 10


def test_test2_minimums(test2):
    """The fresh held-out set: 80 provisions, 2 jurisdictions, a third French, negatives."""
    assert len(test2) >= 80
    assert len({r["jurisdiction"] for r in test2}) >= 2
    assert sum(r["language"] == "fr" for r in test2) * 3 >= len(test2)
    assert sum(r["relation"] in NEGATIVE for r in test2) * 4 >= len(test2)
    assert sum(r["relation"] == "general_offence" for r in test2) >= 5


def _words(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def test_no_text_shared_between_splits(dev, dev2, test2):
    """A held-out provision must not repeat a development one (same words, any layout)."""
    seen = {_words(r["text"]) for r in dev}
    assert not [r["id"] for r in dev2 if _words(r["text"]) in seen]
    seen |= {_words(r["text"]) for r in dev2}
    assert not [r["id"] for r in test2 if _words(r["text"]) in seen]
    for rows in (dev2, test2):
        texts = [_words(r["text"]) for r in rows]
        assert len(set(texts)) == len(texts)
