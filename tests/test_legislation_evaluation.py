"""The legislation evaluation: labelled JSON Lines sets read, checked and scored.

The statute text is copied verbatim from the sources named in tests/test_legislation_engine.py;
the embedding model is replaced by its deterministic stand-in."""

import json
import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lanzarote.legislation import evaluation
from lanzarote.legislation.evaluation import (
    LabelledSetError,
    Ranked,
    Tally,
    evaluate,
    load_set,
    load_sets,
    report,
)
from lanzarote.lib import embed

from .test_legislation_engine import (
    ACCESS_CA,
    ATTEINTE_FR,
    NO_PRESUMPTION_NZ,
    POSSESSION_CA,
    VIOLATION_NZ,
    WordBuckets,
)


def record(unit, *, id, language="en", relation="implements", articles=(), jurisdiction="CA"):
    return {
        "id": id,
        "jurisdiction": jurisdiction,
        "language": language,
        "act": "Criminal Code",
        "section": unit.number,
        "heading": unit.heading,
        "text": unit.text,
        "source_url": "https://example.org/source",
        "relation": relation,
        "articles": list(articles),
    }


TINY = [
    record(POSSESSION_CA, id="ca-4", articles=["20(1)(e)"]),
    record(ACCESS_CA, id="ca-4.1", relation="implements_partly", articles=["20(1)(f)"]),
    record(ATTEINTE_FR, id="fr-227-25", language="fr", articles=["18(1)(a)"], jurisdiction="FR"),
    record(VIOLATION_NZ, id="nz-128", relation="general_offence", jurisdiction="NZ"),
    record(NO_PRESUMPTION_NZ, id="nz-127", relation="none", jurisdiction="NZ"),
]


def write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def test_a_labelled_set_is_read_with_its_positives_and_negatives(tmp_path):
    provisions = load_set(write(tmp_path / "dev.jsonl", TINY))
    assert [p.id for p in provisions] == ["ca-4", "ca-4.1", "fr-227-25", "nz-128", "nz-127"]
    assert [p.positive for p in provisions] == [True, True, True, False, False]
    assert [p.negative for p in provisions] == [False, False, False, True, True]
    assert provisions[0].labelled_articles == {"20"} and provisions[2].line == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"line 2: not valid JSON"),
        (
            json.dumps({**TINY[1], "relation": "enacts"}),
            r"line 2: relation: 'enacts' is not one of",
        ),
        (json.dumps({**TINY[1], "language": "de"}), r"line 2: language: 'de'"),
        (json.dumps({**TINY[1], "articles": ["Art. 20"]}), r"line 2: articles: 'Art. 20' is not"),
        (json.dumps({**TINY[1], "id": "ca-4"}), r"line 2: id 'ca-4' is repeated"),
        (json.dumps({k: v for k, v in TINY[1].items() if k != "text"}), r"line 2: missing key"),
        (json.dumps({**TINY[1], "colour": "red"}), r"line 2: unknown key\(s\) colour; allowed:"),
        (json.dumps({**TINY[4], "articles": ["23"]}), r"line 2: articles: a provision with"),
    ],
)
def test_a_malformed_line_is_refused_naming_the_file_and_the_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(TINY[0]) + "\n" + line + "\n")
    with pytest.raises(LabelledSetError, match=r"bad\.jsonl, " + message):
        load_set(path)


def test_an_empty_or_missing_set_is_refused(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(LabelledSetError, match="no provision"):
        load_set(tmp_path / "empty.jsonl")
    with pytest.raises(LabelledSetError, match="no such file"):
        load_set(tmp_path / "absent.jsonl")
    (tmp_path / "nothing-here").mkdir()
    with pytest.raises(LabelledSetError, match=r"no \.jsonl labelled set"):
        load_sets(tmp_path / "nothing-here")


def test_a_folder_is_scored_set_by_set(tmp_path):
    write(tmp_path / "dev.jsonl", TINY[:2])
    write(tmp_path / "test.jsonl", TINY[2:])
    assert list(load_sets(tmp_path)) == ["dev", "test"]


def test_counting_by_hand(tmp_path):
    provisions = load_set(write(tmp_path / "set.jsonl", TINY))
    tally = Tally()
    # right article first (item 20(1)(b) refines nothing labelled: no item hit)
    tally.add(provisions[0], Ranked(("20(1)(b)", "27(1)"), (0.9, 0.4)))
    # right article third among the articles, right item third among the links
    tally.add(provisions[1], Ranked(("24(2)", "24(1)", "20(1)(f)"), (0.6, 0.5, 0.4)))
    tally.add(provisions[2], Ranked((), ()))  # a positive left unlinked
    tally.add(provisions[3], Ranked(("18(1)(b)",), (0.8,)))  # a negative linked
    tally.add(provisions[4], Ranked((), ()))  # a negative left unlinked
    assert (tally.positives, tally.negatives) == (3, 2)
    assert tally.recall1 == pytest.approx(1 / 3)
    assert tally.recall3 == pytest.approx(2 / 3)  # 24, 20 are the first two articles
    assert tally.item_recall3 == pytest.approx(1 / 3)
    assert tally.precision1 == pytest.approx(1 / 3)  # 3 linked, the first right
    assert tally.unlinked == pytest.approx(1 / 2)
    # bins: 0.9 right, 0.6 wrong, 0.8 wrong
    assert tally.ece == pytest.approx((abs(1 - 0.9) + abs(0 - 0.6) + abs(0 - 0.8)) / 3)
    assert math.isnan(Tally().recall3)


def test_the_engine_and_both_baselines_are_scored_per_language(tmp_path):
    sets = load_sets(write(tmp_path / "tiny.jsonl", TINY))
    [scores] = evaluate(sets, embedder=WordBuckets())
    engine = scores.tallies[("engine", "all")]
    assert (engine.positives, engine.negatives) == (3, 2)
    assert engine.recall3 == 1.0 and engine.unlinked == 1.0
    assert scores.tallies[("engine", "fr")].positives == 1
    assert {m for m, _ in scores.tallies} == {"engine", "keyword", "embedding"}
    table = report([scores], misses=3)
    assert "engine    all" in table and "keyword   fr" in table and "embedding en" in table


def test_the_command_prints_the_table_and_words_a_bad_file(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "embedder", lambda: WordBuckets())
    out = StringIO()
    call_command("evaluate", "legislation", str(write(tmp_path / "tiny.jsonl", TINY)), stdout=out)
    assert "tiny: 5 provisions, 3 jurisdictions" in out.getvalue()
    (tmp_path / "bad.jsonl").write_text('{"id": 1}\n')
    with pytest.raises(CommandError, match=r"cannot read the labelled set: .*bad\.jsonl, line 1"):
        call_command("evaluate", "legislation", str(tmp_path / "bad.jsonl"), stdout=StringIO())


def test_the_default_set_lives_in_the_data_folder():
    assert evaluation.DEFAULT_DIR.parts[-3:] == ("data", "evaluation", "legislation")
