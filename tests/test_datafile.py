"""The one checked reader of JSON data files (lanzarote/lib/datafile.py): every error names the
file and the entry."""

import json

import pytest

from lanzarote.lib.datafile import DataFile, DataFileError, DataFolder, key_problem


def write(root, relative, data):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")


def refused(call) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        call()
    return caught.value


def test_a_missing_file_is_named(tmp_path):
    error = refused(lambda: DataFile(tmp_path, "x/rounds.json"))
    assert str(error) == "x/rounds.json: (file): missing"


def test_invalid_json_is_reported_with_its_line(tmp_path):
    write(tmp_path, "a.json", '{"a": 1,\n}')
    error = refused(lambda: DataFile(tmp_path, "a.json"))
    assert (error.file, error.entry) == ("a.json", "line 2")
    assert error.problem.startswith("not valid UTF-8 JSON")


def test_unknown_and_missing_keys_name_the_entry(tmp_path):
    write(tmp_path, "a.json", {"items": [{"id": "one", "colour": "red"}, {}]})
    f = DataFile(tmp_path, "a.json")
    first, second = f.data["items"]
    assert str(refused(lambda: f.keys(first, "one", {"id"}))) == (
        "a.json: one: unknown key(s) 'colour'"
    )
    assert refused(lambda: f.keys(second, "item 2", {"id"}, {"id"})).problem == (
        "missing key(s) 'id'"
    )
    assert refused(lambda: f.keys([], "item 3", {"id"})).problem == "expected an object, found list"
    assert f.keys(first, "one", {"id", "colour"}, {"id"}) is first


def test_hand_written_files_name_keys_bare_and_list_the_allowed_ones():
    problem = key_problem({"b": 1, "x": 2}, {"a", "b"}, name=str, list_allowed=True)
    assert problem == "unknown key(s) x; allowed: a, b"
    assert key_problem({"a": 1}, {"a", "b"}, {"a"}) is None


def test_a_duplicate_id_stops_the_reader(tmp_path):
    write(tmp_path, "a.json", {})
    f, seen = DataFile(tmp_path, "a.json"), set()
    f.unique(seen, "one", "one")
    assert str(refused(lambda: f.unique(seen, "one", "one"))) == "a.json: one: duplicate id"


def test_a_missing_translation_and_a_malformed_date_are_refused(tmp_path):
    write(tmp_path, "a.json", {})
    f = DataFile(tmp_path, "a.json")
    assert refused(lambda: f.text(" ", "obl:1", "text_fr")).problem == (
        "text_fr must be a non-empty text"
    )
    assert f.text(None, "obl:1", "note", required=False) == ""
    malformed = refused(lambda: f.date("31/12/2020", "BE", "signature"))
    assert "'31/12/2020' is not a date" in malformed.problem
    assert str(f.date("2020-12", "BE", "signature")) == "2020-12"


def test_a_folder_reads_each_file_once_and_its_checksum_follows_the_groups(tmp_path):
    write(tmp_path, "t/a.json", {"a": 1})
    write(tmp_path, "t/b.json", {"b": 1})
    write(tmp_path, "shared.json", {})
    folder = DataFolder(tmp_path, "t")
    assert folder.optional("missing.json") is None
    optional = folder.optional("b.json")
    folder.shared("shared.json")
    assert folder.required("a.json") is folder.required("a.json")
    other = DataFolder(tmp_path, "t")  # opened in another order: the same checksum
    other.shared("shared.json")
    other.required("a.json")
    assert optional is not None and other.optional("b.json") is not None
    assert folder.checksum() == other.checksum()
    write(tmp_path, "t/b.json", {"b": 2})
    changed = DataFolder(tmp_path, "t")
    changed.required("a.json"), changed.shared("shared.json"), changed.optional("b.json")
    assert changed.checksum() != folder.checksum()
