"""Indicator assistance: evidence, proposed values, confidence, and the labelled sets.

Every text here is legal text or a clearly synthetic policy statement of an invented Party."""

import json
import math
import re
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command

from lanzarote.assessments.assist import evaluation as assist_eval
from lanzarote.assessments.assist.engine import (
    CALIBRATION,
    DECIDE,
    Calibration,
    IndicatorIn,
    PassageIn,
    propose,
    query_texts,
)
from lanzarote.assessments.assist.evaluation import (
    DEFAULT_DIR,
    FORMAT,
    Label,
    LabelledSetError,
    Tally,
    evaluate,
    load_set,
    load_sets,
    report,
)
from tools import assist_corpus

CSAM_TERM = IndicatorIn(
    code="csam-term",
    labels={"en": "The law uses the term “child sexual abuse material”", "fr": "Terminologie"},
    descriptions={"en": "Whether national legislation uses the term child sexual abuse material."},
    keywords={
        "en": ("child sexual abuse material", "CSAM", "-child pornography"),
        "fr": ("matériel d'abus sexuels sur enfants", "-pornographie enfantine"),
    },
    questions=("8",),
)
DUAL = IndicatorIn(
    code="no-dual-criminality",
    labels={"en": "No dual criminality requirement", "fr": "Pas de double incrimination"},
    descriptions={"en": "Whether acts committed abroad are prosecuted without dual criminality."},
    keywords={"en": ("-dual criminality",), "fr": ("-double incrimination",)},
    questions=("12",),
)
TRAINING = IndicatorIn(
    code="training-justice",
    labels={"en": "Training of police, prosecutors and judges", "fr": "Formation"},
    descriptions={"en": "Whether judges and prosecutors are trained on these offences."},
    keywords={"en": ("judges and prosecutors", "training for judges"), "fr": ()},
    questions=("15",),
)
EXTORTION = IndicatorIn(
    code="coercion-extortion",
    labels={
        "en": "The law criminalises using sexual material to coerce or extort a child",
        "fr": "La loi incrimine l'utilisation de contenus sexuels pour extorquer un enfant",
    },
    descriptions={
        "en": "Whether the law makes it a criminal offence to use sexual images or videos of a "
        "child to coerce, threaten or extort the child (sexual extortion, 'sextortion')."
    },
    keywords={"en": ("sexual extortion", "sextortion", "extortion", "coerce"), "fr": ()},
    questions=("11",),
)
DISTRACTORS_EN = [
    "In 2021, the Ministry of Education launched an awareness campaign on safe internet use.",
    "The budget allocated to child protection services increased by twelve per cent.",
]


def passages(*texts: str, lang: str = "en", question: str | None = None) -> list[PassageIn]:
    return [PassageIn(f"p{i}", t, lang, question) for i, t in enumerate(texts, start=1)]


def keyword(indicator: IndicatorIn, *texts: str, lang: str = "en"):
    return propose(indicator, passages(*texts, lang=lang), method="keyword")


# --------------------------------------------------------------------------------------------
# Values and their reasons


def test_a_key_phrase_found_and_not_negated_proposes_yes_with_its_reason():
    text = "Since 2019, Article 204 of the Criminal Code uses the term child sexual abuse material."
    proposal = keyword(CSAM_TERM, DISTRACTORS_EN[0], text, DISTRACTORS_EN[1])
    assert proposal.value == "yes" and proposal.method == "keyword"
    assert proposal.cue is None and proposal.cue_text == ""
    best = proposal.evidence[0]
    assert best.passage == "p2" and best.terms == ("child sexual abuse material",)
    assert best.span == (0, len(text)) and best.similarity is None
    assert [e.passage for e in proposal.evidence] == ["p2"]  # the baseline shows only matches
    assert 0.5 < proposal.confidence < 1


def test_terms_are_reported_as_written_in_the_passage():
    proposal = keyword(
        CSAM_TERM, "Le Code pénal vise le Matériel d’Abus Sexuels sur Enfants.", lang="fr"
    )
    assert proposal.evidence[0].terms == ("Matériel d’Abus Sexuels sur Enfants",)


@pytest.mark.parametrize(
    ("text", "lang", "cue_text"),
    [
        ("National law does not use the term child sexual abuse material.", "en", "not"),
        (
            "The expression child sexual abuse material is not used in the Criminal Code.",
            "en",
            "not",
        ),
        ("There is no reference to CSAM in national legislation.", "en", "no"),
        (
            "La législation nationale n'emploie pas l'expression « matériel d'abus sexuels sur "
            "enfants ».",
            "fr",
            "pas",
        ),
        (
            "Aucune disposition ne vise le matériel d'abus sexuels sur enfants.",
            "fr",
            "Aucune",
        ),
    ],
)
def test_a_negated_key_phrase_proposes_no_and_names_the_cue(text, lang, cue_text):
    proposal = keyword(CSAM_TERM, text, lang=lang)
    assert proposal.value == "no"
    assert (proposal.cue, proposal.cue_text) == ("negation", cue_text)


@pytest.mark.parametrize(
    ("text", "lang", "cue_text"),
    [
        (
            "The term child sexual abuse material is used only in the Online Safety Act.",
            "en",
            "only",
        ),
        ("The new provisions partly refer to child sexual abuse material.", "en", "partly"),
        (
            "L'expression « matériel d'abus sexuels sur enfants » est employée uniquement dans la "
            "loi sur la sécurité en ligne.",
            "fr",
            "uniquement",
        ),
        (
            "Le matériel d'abus sexuels sur enfants n'est mentionné que dans la loi de 2020.",
            "fr",
            "n'est mentionné que",
        ),
    ],
)
def test_a_partial_cue_proposes_partly(text, lang, cue_text):
    proposal = keyword(CSAM_TERM, text, lang=lang)
    assert proposal.value == "partly"
    assert (proposal.cue, proposal.cue_text) == ("partial", cue_text)


def test_two_clauses_that_disagree_propose_partly():
    text = (
        "The term child sexual abuse material is used in the Online Safety Act, while the "
        "Criminal Code still refers to child pornography."
    )
    assert keyword(CSAM_TERM, text).value == "partly"


def test_the_indicators_own_phrase_outweighs_a_counter_phrase_in_its_clause():
    text = (
        "The Criminal Code uses the term child sexual abuse material instead of child pornography."
    )
    assert keyword(CSAM_TERM, text).value == "yes"
    text = "The Criminal Code refers to child pornography and does not use the term CSAM."
    assert keyword(CSAM_TERM, text).value == "no"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("For offences committed abroad by nationals, dual criminality is not required.", "yes"),
        ("The requirement of dual criminality was abolished in 2015.", "yes"),
        ("Jurisdiction is established without any requirement of dual criminality.", "yes"),
        ("Prosecution of acts committed abroad requires dual criminality.", "no"),
        ("La double incrimination n'est pas exigée pour les ressortissants.", "yes"),
        ("Le principe de la double incrimination s'applique aux faits commis à l'étranger.", "no"),
        ("Dual criminality is waived only for nationals.", "partly"),
    ],
)
def test_counter_phrases_say_no_unless_negated(text, value):
    assert keyword(DUAL, text).value == value


def test_a_negation_opening_the_clause_reaches_the_phrase_further_on():
    text = "No specific training on these offences is provided to judges and prosecutors."
    assert keyword(TRAINING, text).value == "no"


def test_a_negation_far_from_the_phrase_in_another_clause_does_not_count():
    text = (
        "The Judicial Academy trains judges and prosecutors every year; no statistics are yet "
        "available on attendance."
    )
    assert keyword(TRAINING, text).value == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "The Act No. 12/2019 uses the term child sexual abuse material.",
        "Not only the Criminal Code but also the Online Safety Act use the term CSAM.",
        "Les organisations non gouvernementales emploient l'expression « matériel d'abus "
        "sexuels sur enfants », comme la loi.",
    ],
)
def test_phrases_that_only_look_like_cues_are_skipped(text):
    assert keyword(CSAM_TERM, text).value == "yes"


def test_nothing_relevant_proposes_not_reported_with_low_confidence():
    proposal = keyword(CSAM_TERM, *DISTRACTORS_EN)
    assert proposal.value == "not_reported" and proposal.evidence == ()
    # Key phrases alone miss paraphrases: silence is weak evidence of silence.
    assert proposal.confidence < 0.7
    empty = propose(CSAM_TERM, [])
    assert (empty.value, empty.evidence, empty.cue) == ("not_reported", (), None)


def test_hybrid_without_vectors_still_reads_key_phrases():
    text = "The Criminal Code does not use the term child sexual abuse material."
    proposal = propose(CSAM_TERM, passages(text, *DISTRACTORS_EN))
    assert proposal.method == "hybrid" and proposal.value == "no"
    assert proposal.evidence[0].passage == "p1"


QUERY = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
# A passage vector whose cosine with QUERY is 0.8, the middle of this model's range: the
# similarity says neither yes nor no.
MIDDLING = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)


def test_a_passage_linked_to_the_indicators_question_comes_first():
    text = "Our statutes describe such content in other words."
    linked = PassageIn("q8", text, "en", "8", MIDDLING)
    other = PassageIn("q3", text, "en", "3", MIDDLING)
    proposal = propose(CSAM_TERM, [other, linked], query_vectors={"en": QUERY})
    assert [e.passage for e in proposal.evidence] == ["q8", "q3"]
    assert proposal.evidence[0].via_question and not proposal.evidence[1].via_question
    assert proposal.evidence[0].similarity == pytest.approx(0.8)


def test_a_sub_question_counts_as_its_question():
    passage = PassageIn("a", "Some text.", "en", "8.a", MIDDLING)
    proposal = propose(CSAM_TERM, [passage], query_vectors={"en": QUERY})
    assert proposal.evidence[0].via_question


def test_a_scale_without_partly_or_not_reported():
    yes_no = IndicatorIn("t", CSAM_TERM.labels, {}, CSAM_TERM.keywords, (), ("yes", "no"))
    partial = "The term child sexual abuse material is used only in the Online Safety Act."
    assert propose(yes_no, passages(partial), method="keyword").value == "yes"
    assert propose(yes_no, passages(*DISTRACTORS_EN), method="keyword").value == "no"


def test_a_scale_of_other_options_takes_the_option_found_in_the_evidence():
    where = IndicatorIn(
        "csam-where",
        CSAM_TERM.labels,
        {},
        CSAM_TERM.keywords,
        (),
        ("criminal-code", "special-law", "not_reported"),
    )
    text = "The term child sexual abuse material is used in a special law on online safety."
    assert propose(where, passages(text), method="keyword").value == "special-law"
    assert propose(where, passages(*DISTRACTORS_EN), method="keyword").value == "not_reported"


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of hybrid, keyword"):
        propose(CSAM_TERM, [], method="magic")


# --------------------------------------------------------------------------------------------
# Embeddings: a French passage for an indicator described in English


@pytest.fixture(scope="module")
def french_reply():
    from lanzarote.lib.embed import embedder

    texts = [
        "Le chantage exercé sur un enfant au moyen de la menace de publier des images à "
        "caractère sexuel constitue une infraction distincte depuis la réforme de 2019.",
        "Le budget alloué aux services de protection de l'enfance a augmenté de douze pour cent.",
        "Les associations de parents sont consultées sur le programme d'éducation.",
        "Le Gouvernement reste à la disposition du Comité pour toute information complémentaire.",
    ]
    vectors = embedder().passages(texts)
    queries = {lang: embedder().query(t) for lang, t in query_texts(EXTORTION).items()}
    return texts, vectors, queries


def test_a_french_passage_is_found_through_vectors_not_by_english_keywords(french_reply):
    texts, vectors, queries = french_reply
    reply = [
        PassageIn(f"p{i}", t, "fr", "11" if i == 1 else None, v)
        for i, (t, v) in enumerate(zip(texts, vectors, strict=True), start=1)
    ]
    assert keyword(EXTORTION, *texts, lang="fr").evidence == ()
    proposal = propose(EXTORTION, reply, query_vectors=queries)
    assert proposal.value == "yes"
    best = proposal.evidence[0]
    assert best.passage == "p1" and best.terms == () and best.via_question
    assert best.similarity == max(e.similarity for e in proposal.evidence)
    unlinked = [PassageIn(p.id, p.text, p.lang, None, p.vector) for p in reply]
    assert propose(EXTORTION, unlinked, query_vectors=queries).evidence[0].passage == "p1"


def test_query_texts_join_label_and_description_in_each_language():
    assert query_texts(EXTORTION) == {
        "en": f"{EXTORTION.labels['en']}. {EXTORTION.descriptions['en']}",
        "fr": EXTORTION.labels["fr"],
    }


# --------------------------------------------------------------------------------------------
# Calibration constants


def test_calibration_constants_are_in_range():
    hybrid, baseline = CALIBRATION["hybrid"], CALIBRATION["keyword"]
    assert len(hybrid.relevance) == 7 and len(baseline.relevance) == 3
    for calibration in (hybrid, baseline):
        bias, *weights = calibration.relevance
        assert -10 < bias < 0  # a passage with nothing going for it is not evidence
        assert all(0 <= w < 10 for w in weights)  # every feature speaks for relevance
        assert set(calibration.confidence) == {"yes", "partly", "no", "not_reported"}
        for value, (intercept, slope) in calibration.confidence.items():
            assert -5 < intercept < 5 and -3 < slope < 3
            low, high = (0.01, DECIDE) if value == "not_reported" else (DECIDE, 0.99)
            for best in (low, high):
                z = intercept + slope * math.log(best / (1 - best))
                assert 0.2 < 1 / (1 + math.exp(-z)) < 0.995, (value, best)
    # A sure passage makes a sure yes; a near miss makes a doubtful not_reported.
    assert hybrid.confidence["yes"][1] > 0 and hybrid.confidence["not_reported"][1] < 0


def test_confidence_of_not_reported_falls_as_the_nearest_passage_gets_closer():
    close = PassageIn(
        "p1", "Our statutes describe such content in other words.", "en", "8", MIDDLING
    )
    far = PassageIn(
        "p1", "Our statutes describe such content in other words.", "en", None, MIDDLING
    )
    sure = propose(CSAM_TERM, [far], query_vectors={"en": QUERY})
    unsure = propose(CSAM_TERM, [close], query_vectors={"en": QUERY})
    assert sure.value == unsure.value == "not_reported"
    assert unsure.confidence < sure.confidence


# --------------------------------------------------------------------------------------------
# Labelled sets


def indicator_entry(code="csam-term", **change):
    entry = {
        "code": code,
        "label_en": "Uses the term",
        "label_fr": "Emploie l'expression",
        "description_en": "Whether the law uses the term child sexual abuse material.",
        "description_fr": "",
        "keywords_en": ["child sexual abuse material", "-child pornography"],
        "keywords_fr": [],
        "questions": ["8"],
        "values": ["yes", "partly", "no", "not_reported"],
    }
    return {**entry, **change}


def reply_entry(reply_id, lang, texts, value, evidence):
    return {
        "id": reply_id,
        "lang": lang,
        "origin": "synthetic",
        "passages": [
            {"id": f"p{i}", "text": t, "question": None} for i, t in enumerate(texts, start=1)
        ],
        "labels": {"csam-term": {"value": value, "evidence": evidence}},
    }


def tiny_set(split="test"):
    return {
        "format": FORMAT,
        "name": "tiny",
        "split": split,
        "source": "Synthetic, written for the tests.",
        "indicators": [indicator_entry()],
        "replies": [
            reply_entry(
                "en-1",
                "en",
                ["Party A's Criminal Code uses the term child sexual abuse material.", "Other."],
                "yes",
                ["p1"],
            ),
            reply_entry(
                "fr-1",
                "fr",
                [
                    "Le Code pénal de la Partie B n'emploie pas l'expression child sexual abuse material."
                ],
                "no",
                ["p1"],
            ),
            reply_entry(
                "en-2",
                "en",
                ["Party C describes such content as material documenting abuse.", "Other."],
                "yes",
                ["p1"],
            ),
        ],
    }


def write(tmp_path: Path, data, name="set.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_load_set_reads_a_valid_file(tmp_path):
    loaded = load_set(write(tmp_path, tiny_set()))
    assert (loaded.name, loaded.split, len(loaded.replies)) == ("tiny", "test", 3)
    indicator = loaded.indicators[0]
    assert indicator.descriptions == {
        "en": "Whether the law uses the term child sexual abuse material."
    }
    assert indicator.keywords["en"] == ("child sexual abuse material", "-child pornography")
    assert loaded.replies[1].labels["csam-term"] == Label("no", ("p1",))
    assert [s.name for s in load_sets(tmp_path)] == ["tiny"]


def broken(change):
    data = tiny_set()
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not valid JSON (line 1"),
        ([], "(top level): expected an object"),
        (
            broken(lambda d: d.update(format="other/1")),
            "format: expected 'lanzarote-assistance-eval/1'",
        ),
        (broken(lambda d: d.pop("replies")), "missing key(s) replies"),
        (broken(lambda d: d.update(extra=1)), "unknown key(s) extra"),
        (broken(lambda d: d.update(split="train")), "split: 'train' is not one of dev, test"),
        (broken(lambda d: d.update(indicators=[])), "indicators: expected a non-empty list"),
        (
            broken(lambda d: d["indicators"].append(indicator_entry())),
            "indicators[1]: the code 'csam-term' is repeated",
        ),
        (
            broken(lambda d: d["indicators"][0].update(keywords_en=[], keywords_fr=[])),
            "indicators[0] ('csam-term'): no key phrase",
        ),
        (
            broken(lambda d: d["indicators"][0].update(keywords_en="CSAM")),
            "indicators[0] ('csam-term').keywords_en: expected a list of strings",
        ),
        (
            broken(lambda d: d["indicators"][0].update(values=["yes", "yes"])),
            "indicators[0] ('csam-term').values: expected a non-empty list of distinct values",
        ),
        (
            broken(lambda d: d["replies"][1].update(lang="de")),
            "replies[1] ('fr-1').lang: 'de' is not one of en, fr",
        ),
        (
            broken(lambda d: d["replies"][1].update(origin="real")),
            "replies[1] ('fr-1').origin: 'real' is not one of synthetic, statute",
        ),
        (
            broken(lambda d: d["replies"].append(dict(d["replies"][0]))),
            "replies[3] ('en-1'): the id is repeated",
        ),
        (
            broken(lambda d: d["replies"][0]["passages"][1].update(id="p1")),
            "replies[0] ('en-1').passages[1]: the passage id 'p1' is repeated",
        ),
        (
            broken(lambda d: d["replies"][0]["passages"][0].update(question=8)),
            "replies[0] ('en-1').passages[0].question: expected a question number or null",
        ),
        (
            broken(lambda d: d["replies"][0].update(labels={})),
            "replies[0] ('en-1').labels: missing key(s) csam-term",
        ),
        (
            broken(lambda d: d["replies"][0]["labels"].update(other={"value": "yes"})),
            "replies[0] ('en-1').labels: unknown key(s) other",
        ),
        (
            broken(lambda d: d["replies"][0]["labels"]["csam-term"].update(value="maybe")),
            "replies[0] ('en-1').labels['csam-term'].value: 'maybe' is not one of yes, partly",
        ),
        (
            broken(lambda d: d["replies"][0]["labels"]["csam-term"].update(evidence=["p9"])),
            "replies[0] ('en-1').labels['csam-term'].evidence: 'p9' is not a passage of this reply",
        ),
        (
            broken(lambda d: d["replies"][0]["labels"]["csam-term"].update(evidence=[])),
            "replies[0] ('en-1').labels['csam-term']: a 'yes' label needs at least one evidence",
        ),
        (
            broken(lambda d: d["replies"][0]["labels"]["csam-term"].update(value="not_reported")),
            "replies[0] ('en-1').labels['csam-term']: a not_reported label has no evidence",
        ),
    ],
)
def test_load_set_refuses(tmp_path, data, message):
    path = write(tmp_path, data)
    with pytest.raises(LabelledSetError) as error:
        load_set(path)
    assert str(error.value).startswith(f"{path}: ")
    assert message in str(error.value)


def test_load_set_refuses_missing_files_and_empty_folders(tmp_path):
    with pytest.raises(LabelledSetError, match="no such file"):
        load_set(tmp_path / "absent.json")
    with pytest.raises(LabelledSetError, match=r"no \.json labelled set"):
        load_sets(tmp_path)


# --------------------------------------------------------------------------------------------
# Scores


class SameVector:
    """An embedder that gives every text the same vector: similarity tells nothing."""

    name = "same vector (tests)"
    dim = 4

    def passages(self, texts):
        return np.full((len(texts), self.dim), 0.5, dtype=np.float32)

    def query(self, text):
        return np.full(self.dim, 0.5, dtype=np.float32)


def confident(value_confidences):
    """Confidence constants that give each value a fixed confidence, whatever the evidence."""
    return {v: (math.log(c / (1 - c)), 0.0) for v, c in value_confidences.items()}


FIXED = confident({"yes": 0.85, "partly": 0.5, "no": 0.65, "not_reported": 0.35})
TINY_CALIBRATION = {
    # A passage with one phrase: relevance sigmoid(1) = 0.73; without: sigmoid(-1) = 0.27.
    "hybrid": Calibration((-1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0), FIXED),
    "keyword": Calibration((-1.0, 2.0, 0.0), FIXED),
}


def test_evaluate_counts_by_hand_on_a_tiny_set(tmp_path):
    tiny = load_set(write(tmp_path, tiny_set()))
    scores = evaluate(tiny, SameVector(), cache_dir=None, calibration=TINY_CALIBRATION)
    # en-1: yes found; fr-1: no found (negated phrase); en-2: a paraphrase, no phrase: the
    # baseline proposes not_reported and shows nothing; hybrid shows it (0.27) but it does not
    # decide (under 0.3).
    for method in ("hybrid", "keyword"):
        t = scores.tallies[("test", method, "synthetic")]
        assert (t.labels, t.evidence, t.correct) == (3, 3, 2)
        assert t.accuracy == pytest.approx(2 / 3)
        assert (t.addressed_tp, t.addressed_fp, t.addressed_fn) == (2, 0, 1)
        assert t.addressed_f1 == pytest.approx(4 / 5)
        assert sorted(t.predictions) == [(0.35, False), (0.65, True), (0.85, True)]
        # bins 0.3-0.4: |0 - 0.35|; 0.6-0.7: |1 - 0.65|; 0.8-0.9: |1 - 0.85|
        assert t.ece == pytest.approx((0.35 + 0.35 + 0.15) / 3)
        assert t.confident(0.9) == (0, 0.0) and t.confident(0.6) == (2, 1.0)
    assert scores.tallies[("test", "keyword", "synthetic")].recall_at_5 == pytest.approx(2 / 3)
    assert scores.tallies[("test", "hybrid", "synthetic")].recall_at_5 == 1.0
    assert scores.tallies[("test", "keyword", "synthetic en")].labels == 2
    assert scores.tallies[("test", "keyword", "synthetic fr")].accuracy == 1.0
    assert scores.replies[("test", "synthetic")] == 3
    assert scores.confusion[("test", "keyword", "synthetic")] == {
        ("yes", "yes"): 1,
        ("no", "no"): 1,
        ("yes", "not_reported"): 1,
    }
    assert [(m.method, m.reply, m.got) for m in scores.misses] == [
        ("hybrid", "en-2", "not_reported"),
        ("keyword", "en-2", "not_reported"),
    ]
    text = report(scores)
    assert "split test" in text and "recall@5" in text and "reliability" in text
    assert any(line.startswith("keyword synthetic fr") for line in text.splitlines())


def test_reliability_bins_and_empty_tallies():
    t = Tally(predictions=[(0.95, True), (1.0, False), (0.05, False)])
    assert t.reliability() == [(0.0, 0.1, 1, 0.05, 0.0), (0.9, 1.0, 2, 0.975, 0.5)]
    empty = Tally()
    assert (empty.recall_at_5, empty.accuracy, empty.addressed_f1, empty.ece) == (1.0, 0, 0, 0)


def test_vectors_are_cached_by_text(tmp_path):
    class Counting(SameVector):
        calls = 0

        def passages(self, texts):
            Counting.calls += len(texts)
            return super().passages(texts)

    tiny = load_set(write(tmp_path, tiny_set()))
    evaluate(tiny, Counting(), cache_dir=tmp_path / "cache", calibration=TINY_CALIBRATION)
    first = Counting.calls
    evaluate(tiny, Counting(), cache_dir=tmp_path / "cache", calibration=TINY_CALIBRATION)
    assert first == 4 and Counting.calls == first  # 4 distinct texts, embedded once


def test_fit_calibration_uses_the_dev_split_only(tmp_path):
    with pytest.raises(LabelledSetError, match="no labelled set of the dev split"):
        assist_eval.fit_calibration([load_set(write(tmp_path, tiny_set()))], SameVector())
    dev = load_set(write(tmp_path, tiny_set(split="dev"), name="dev.json"))
    fitted = assist_eval.fit_calibration([dev], SameVector(), cache_dir=None)
    assert set(fitted) == {"hybrid", "keyword"}
    assert len(fitted["hybrid"].relevance) == 7 and len(fitted["keyword"].relevance) == 3


def test_the_command_evaluates_a_tiny_set(tmp_path, monkeypatch):
    monkeypatch.setattr(assist_eval, "DEFAULT_CACHE", tmp_path / "cache")
    out = StringIO()
    call_command("evaluate", "assistance", str(write(tmp_path, tiny_set())), stdout=out)
    text = out.getvalue()
    assert "Indicator assistance: 1 set(s) (tiny)" in text
    assert any(line.startswith("hybrid synthetic") for line in text.splitlines())
    assert (tmp_path / "cache").is_dir()


def test_the_command_names_a_bad_set(tmp_path):
    from django.core.management.base import CommandError

    path = write(tmp_path, broken(lambda d: d.update(split="train")))
    with pytest.raises(CommandError, match=r"cannot read the labelled set: .*split: 'train'"):
        call_command("evaluate", "assistance", str(path))


# --------------------------------------------------------------------------------------------
# The shipped sets


def test_generated_sets_are_what_the_generator_writes(tmp_path):
    written = assist_corpus.write_sets(tmp_path)
    assert [p.name for p in written] == ["synthetic-dev.json", "synthetic-test.json"]
    for path in written:
        assert path.read_bytes() == (DEFAULT_DIR / path.name).read_bytes(), path.name


def test_shipped_sets_shape():
    sets = {s.name: s for s in load_sets(DEFAULT_DIR)}
    assert set(sets) == {"synthetic-dev", "synthetic-test", "statute"}
    assert sets["synthetic-dev"].split == "dev"
    assert sets["synthetic-test"].split == sets["statute"].split == "test"
    for name in ("synthetic-dev", "synthetic-test"):
        replies = sets[name].replies
        assert len(replies) >= 40
        assert sum(r.lang == "en" for r in replies) == sum(r.lang == "fr" for r in replies)
        values = {label.value for r in replies for label in r.labels.values()}
        assert values == {"yes", "partly", "no", "not_reported"}
    codes = {i.code for i in sets["statute"].indicators}
    assert len(codes) == 11 and {"csam-term", "ex-officio", "no-dual-criminality"} <= codes
    assert all(r.origin == "statute" for r in sets["statute"].replies)
    # Some indicators are described in English only: French replies must be found by vectors.
    assert any("fr" not in i.descriptions for i in sets["synthetic-test"].indicators)


def test_dev_and_test_share_no_answer_sentence():
    def texts(split):
        data = assist_corpus.generate_set(assist_corpus.SEEDS[split], split=split)
        return {p["text"] for r in data["replies"] for p in r["passages"]}

    distractors = [
        re.compile(re.escape(t).replace(re.escape("{year}"), r"\d{4}"))
        for pool in assist_corpus._DISTRACTORS.values()
        for t, _ in pool
    ]
    common = texts("dev") & texts("test")
    assert common  # the passages on other subjects are shared
    for text in common:
        assert any(d.fullmatch(text) for d in distractors), text


def test_paraphrases_share_no_key_phrase_with_their_indicator():
    for indicator in load_set(DEFAULT_DIR / "synthetic-dev.json").indicators:
        for lang, cells in assist_corpus._PHRASINGS[indicator.code].items():
            for text in cells["yes_para"]:
                filled = text.format(art="Article 200", art_fr="l'article 200", year=2020)
                proposal = propose(indicator, passages(filled, lang=lang), method="keyword")
                assert proposal.evidence == (), (indicator.code, filled)


def test_the_command_can_measure_with_the_shipped_schemes_wording(tmp_path, monkeypatch):
    monkeypatch.setattr(assist_eval, "DEFAULT_CACHE", tmp_path / "cache")
    out = StringIO()
    call_command(
        "evaluate", "assistance", str(write(tmp_path, tiny_set())), "--shipped-scheme", stdout=out
    )
    assert "tiny (shipped scheme)" in out.getvalue()
    data = tiny_set()
    data["indicators"][0]["code"] = "not-shipped"
    for reply in data["replies"]:
        reply["labels"] = {"not-shipped": reply["labels"][next(iter(reply["labels"]))]}
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no shipped indicator 'not-shipped'"):
        call_command(
            "evaluate", "assistance", str(write(tmp_path, data, "other.json")), "--shipped-scheme"
        )
