"""The candidate record: what a JSONL line may say, and how it is read."""

from __future__ import annotations

import json

import pytest

from bot.config import Config
from bot.errors import InputError
from bot.paper import Paper, read_jsonl
from bot.sources.files import fetch_files


@pytest.mark.parametrize("published, expected", [
    ("2021-03-04", "2021-03-04"),
    ("2021-03-04T10:00:00Z", "2021-03-04"),  # arXiv's and Atom's form
    ("2021-03-04T23:30:00-05:00", "2021-03-05"),  # dates are UTC, as the arXiv source's are
    ("Thu, 04 Mar 2021 10:00:00 GMT", "2021-03-04"),  # RSS's form
    ("2021", "2021"), ("2021-03", "2021-03"), (2021, "2021"),  # what some exports know, kept as it is
    ("2021/03/04", "2021-03-04"), ("2021-3-4", "2021-03-04"), ("2021-03-04 10:00:00 UTC", "2021-03-04"),
    ("2021-03-04Z", "2021-03-04"), ("March 4, 2021", "2021-03-04"), ("4 Mar 2021", "2021-03-04"),
    ("March 2021", "2021-03"), ("Mar 2021", "2021-03"), ("2021/3", "2021-03"),  # a month, no day
    ("Mar 0021", "0021-03"), ("Mar. 4, 2021", "2021-03-04"),
    ("2021-3", "2021-03"), ("Sept 2021", "2021-09"), ("Sept. 4, 2021", "2021-09-04"),
    ("Mar. 2021", "2021-03"),
    ("Thu, 04 Mar 2021", "2021-03-04"),  # RSS's form without its time
    ("", ""),
])
def test_published_dates_are_read_into_iso_form(published, expected):
    paper = Paper.from_dict({"title": "T", "published": published})
    assert paper.published == expected and paper.year == (expected[:4] if expected else "")


@pytest.mark.parametrize("published", ["04/03/2021", "2021-13-45", "soon", 2021.5, "2021-13", "2021-00",
                                       "2021-02-30", "Marching 2021", "Thu, 04 Mar 99999999999 10:00:00 GMT"])
def test_a_published_value_that_is_no_date_is_named(published):
    # Read as no date, the paper would lose its year in the entry and its place in the section's order.
    with pytest.raises(InputError, match=r"c.jsonl:7: field 'published' is not a date .*YYYY-MM-DD"):
        Paper.from_dict({"title": "T", "published": published}, where="c.jsonl:7")


@pytest.mark.parametrize("published", [
    "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+01:00", "Fri, 31 Dec 9999 23:00:00 -0500",
])
def test_a_published_date_past_the_calendar_in_utc_is_named(published):
    with pytest.raises(InputError, match=r"c.jsonl:7: field 'published' is out of the range of dates"):
        Paper.from_dict({"title": "T", "published": published}, where="c.jsonl:7")


@pytest.mark.parametrize("authors, expected", [
    ("Alice Smith, Bob Jones, Carol White", ["Alice Smith", "Bob Jones", "Carol White"]),
    ("Alice Smith; Bob Jones and Carol White", ["Alice Smith", "Bob Jones", "Carol White"]),
    ("Ada Anderson", ["Ada Anderson"]), (["Smith, A."], ["Smith, A."]),  # a list is taken as given
    # A name an export left out: one null must not cost a harness the whole file.
    (["Ada Anderson", None, "Bo Li"], ["Ada Anderson", "Bo Li"]),
])
def test_an_authors_string_is_split_into_names(authors, expected):
    assert Paper.from_dict({"title": "T", "authors": authors}).authors == expected


def test_a_jsonl_file_reads_past_a_date_that_is_no_date_with_one_warning(tmp_path, caplog):
    # `rank` never uses the date: one odd line must not stop the ranking of the thousands around it.
    path = tmp_path / "c.jsonl"
    path.write_text('{"title": "A", "published": "soon"}\n{"title": "B", "published": "2021-03-04"}\n'
                    '{"title": "C", "published": "04/03/2021"}\n', encoding="utf-8")
    assert [(p.title, p.published) for p in read_jsonl(str(path), drop_bad_dates=True)] == [
        ("A", ""), ("B", "2021-03-04"), ("C", "")]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:1: field 'published' is not a date ('soon'); write it as YYYY-MM-DD (and 1 more line); "
        "read without a date"]
    # A paper litbot may propose (sources.files) needs its year: its entry's place in the list is by date.
    with pytest.raises(InputError, match=r"c.jsonl:1: field 'published' is not a date \('soon'\)"):
        read_jsonl(str(path))


def test_a_jsonl_file_may_start_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "title": "T1"}\r\n{"id": "b", "title": "T2"}\r\n')
    assert [(p.id, p.title) for p in read_jsonl(str(path))] == [("a", "T1"), ("b", "T2")]


def test_an_id_is_kept_as_given(tmp_path):
    # `rank --json` echoes it: a caller joins its rows on it, spaces and all.
    assert Paper.from_dict({"title": "T", "id": "  arXiv:2101.00001v2 "}).id == "  arXiv:2101.00001v2 "
    assert Paper.from_dict({"title": "T", "id": "  arXiv:2101.00001v2 "}).key == "arxiv:2101.00001"


@pytest.mark.parametrize("fields", [
    {"id": "arXiv:2101.00001v2"}, {"url": "https://arxiv.org/abs/2101.00001v1"}, {"arxiv_id": "2101.00001v3"},
    {"doi": "10.48550/arXiv.2101.00001"},  # arXiv's own DOI, as DataCite exports give it
])
def test_every_form_of_an_arxiv_id_gives_the_arxiv_key(fields):
    assert Paper.from_dict({"title": "T", **fields}).key == "arxiv:2101.00001"


def test_a_number_id_is_kept_as_an_integer_and_refused_as_a_float(tmp_path):
    assert Paper.from_dict({"title": "T", "id": 12345}).id == "12345"
    path = tmp_path / "c.jsonl"
    path.write_text('{"title": "T", "id": 2401.10000}\n')
    with pytest.raises(InputError, match=r"c.jsonl:1: field 'id' is a number \(2401.1\); write it as a str"):
        read_jsonl(str(path))


@pytest.mark.parametrize("title, message", [
    (None, "is missing or empty"), ("  ", "is missing or empty"), (3, "must be a string, got int"),
    (["A", "B"], "must be a string, got list"),
])
def test_a_bad_title_is_named(title, message):
    with pytest.raises(InputError, match=f"field 'title' {message}"):
        Paper.from_dict({"title": title})


@pytest.mark.parametrize("name, value", [("url", True), ("id", False), ("abstract", {"text": "x"})])
def test_a_text_field_that_is_no_text_is_named(name, value):
    # JSON's true is an int to Python: taken as one, an export's "url": false became the link "False".
    with pytest.raises(InputError, match=f"c.jsonl:3: field '{name}' must be a string"):
        Paper.from_dict({"title": "T", name: value}, where="c.jsonl:3")


HOSTILE_LINES = {
    "long-number": '{"title": "a", "id": ' + "9" * 5000 + "}",  # over Python's int digits limit
    "deep-nesting": "[" * 100_000,  # past the recursion limit
}


@pytest.mark.parametrize("line", HOSTILE_LINES.values(), ids=HOSTILE_LINES.keys())
def test_hostile_json_line_is_a_one_line_error(tmp_path, line):
    path = tmp_path / "c.jsonl"
    path.write_text('{"title": "ok"}\n' + line + "\n")
    with pytest.raises(InputError, match=r"c.jsonl:2: not valid JSON \(.+\); one object per line"):
        read_jsonl(str(path))


def test_a_lone_surrogate_escape_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"title": "X \\ud800 attack", "authors": ["A \\udfff"], "abstract": "y"}\n')
    [paper] = read_jsonl(str(path))
    assert paper.title == "X \ufffd attack" and paper.authors == ["A \ufffd"]
    paper.text.encode("utf-8")  # the state hashes it, stdout prints it: neither may raise
    # The id `rank --json` echoes as the line gave it: a lone surrogate there crashed the JSON half-written.
    path.write_text('{"id": "2101.00001\\ud800", "title": "X"}\n{"id": 17, "title": "Y"}\n')
    given: list[object] = []
    read_jsonl(str(path), given_ids=given)
    assert given == ["2101.00001\ufffd", 17]
    json.dumps(given, ensure_ascii=False).encode("utf-8")


def test_hostile_candidates_file_is_a_warning_in_fetch(tmp_path):
    (tmp_path / "extra.jsonl").write_text(HOSTILE_LINES["deep-nesting"] + "\n")
    config = Config.model_validate({"sources": {"files": [{"path": "extra.jsonl"}]}})
    config.base_dir = tmp_path
    [report] = fetch_files(config)
    assert not report.papers and "extra.jsonl:1: not valid JSON" in report.error


@pytest.mark.parametrize("name, reason", [
    ("afile/c.jsonl", "Not a directory"), ("x" * 300 + ".jsonl", "File name too long"),
])
def test_an_unopenable_input_path_is_named_with_the_os_reason(tmp_path, name, reason):
    (tmp_path / "afile").write_text("")
    with pytest.raises(InputError, match=f"{reason}; give the path of a JSONL file"):
        read_jsonl(str(tmp_path / name))


def test_an_abstract_with_a_line_separator_survives_a_jsonl_round_trip(tmp_path) -> None:
    # JSON writes U+2028 as it is (ensure_ascii off); a reader splitting lines on it broke the line.
    from bot.paper import write_jsonl

    paper = Paper(title="T", abstract="First line\u2028second line\u2029end", id="2101.00001")
    write_jsonl([paper], str(tmp_path / "c.jsonl"))
    (back,) = read_jsonl(str(tmp_path / "c.jsonl"))
    assert back.abstract == paper.abstract


def test_a_bad_line_in_a_files_source_is_skipped_and_the_rest_read(tmp_path, caplog):
    # One broken line threw the whole file away, run after run, with a warning and exit 0.
    good = [json.dumps({"title": f"Paper {i}", "url": f"https://arxiv.org/abs/2401.0000{i}",
                        "published": f"2024-01-0{i + 1}"}) for i in range(3)]
    lines = [good[0], '{"title": "broken', good[1], json.dumps({"title": "Odd", "published": "03/04/2021"}),
             good[2]]
    (tmp_path / "extra.jsonl").write_text("\n".join(lines) + "\n")
    config = Config.model_validate({"sources": {"files": [{"path": "extra.jsonl"}]}})
    config.base_dir = tmp_path
    [report] = fetch_files(config)
    assert [p.title for p in report.papers] == ["Paper 0", "Paper 1", "Paper 2"]
    assert "extra.jsonl:2: not valid JSON (Unterminated string starting at column 11)" in report.error
    assert report.error.endswith(". Skipped with 1 more bad line (4); the file's other 3 read")
    assert report.error in caplog.text


def test_every_bad_line_of_a_files_source_is_named_up_to_ten(tmp_path):
    good = json.dumps({"title": "Paper", "url": "https://arxiv.org/abs/2401.00001"})
    (tmp_path / "extra.jsonl").write_text("\n".join([good] + ["{broken"] * 12) + "\n")
    config = Config.model_validate({"sources": {"files": [{"path": "extra.jsonl"}]}})
    config.base_dir = tmp_path
    [report] = fetch_files(config)
    assert "extra.jsonl:2: not valid JSON" in report.error
    assert "Skipped with 11 more bad lines (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, ...); the file's other 1 read" \
        in report.error


def test_a_files_source_that_is_not_there_names_its_setting(tmp_path):
    config = Config.model_validate({"sources": {"files": [{"path": "a.jsonl"}, {"path": "nope.jsonl"}]}})
    config.base_dir = tmp_path
    (tmp_path / "a.jsonl").write_text(json.dumps({"title": "Paper", "url": "https://arxiv.org/abs/2401.00001"}))
    ok, missing = fetch_files(config)
    assert ok.error is None and len(ok.papers) == 1
    where = tmp_path / "nope.jsonl"
    assert missing.error.startswith(f"file:nope (sources.files[1].path): {where}: file not found")


def test_a_files_source_with_no_good_line_names_the_first_bad_one(tmp_path):
    (tmp_path / "extra.jsonl").write_text('{"title": \n{"title": "x", "published": "someday"}\n')
    config = Config.model_validate({"sources": {"files": [{"path": "extra.jsonl"}]}})
    config.base_dir = tmp_path
    [report] = fetch_files(config)
    assert not report.papers and "extra.jsonl:1: not valid JSON" in report.error


@pytest.mark.parametrize("field, value, expected", [
    ("source", {"name": "arXiv"}, {}),  # no field of the schema: left out, not the whole file refused
    ("source", ["arxiv"], {}),
    ("venue", ["ICML", "PMLR"], {"venue": "ICML"}),  # DBLP's
    ("venue", {"name": "NeurIPS 2024"}, {"venue": "NeurIPS 2024"}),
    ("venue", False, {}),
    ("published", {"date-parts": [[2021, 3, 4]]}, {"published": "2021-03-04"}),  # Crossref's, CSL's
    ("published", [2021, 3], {"published": "2021-03"}),
    ("authors", [{"authorId": "1", "name": "Ann Lee"}, {"given": "Bo", "family": "Chen"}],
     {"authors": ["Ann Lee", "Bo Chen"]}),  # Semantic Scholar's, CSL's
])
def test_fields_other_exports_write_as_structures_are_read_or_left_out(field, value, expected):
    # Each refused the whole candidates file ("field 'source' must be a string"), where the schema says
    # unknown fields are ignored and a published that is no date is read without it.
    paper = Paper.from_dict({"title": "T", field: value})
    assert {k: getattr(paper, k) for k in expected} == expected
    assert paper.source == Paper(title="T").source and (field != "venue" or expected or paper.venue == "")


def test_a_published_of_another_shape_is_a_date_that_does_not_read():
    dropped: list[InputError] = []
    paper = Paper.from_dict({"title": "T", "published": False}, bad_date=dropped.append)
    assert paper.published == "" and "field 'published' is no date (bool)" in str(dropped[0])
    with pytest.raises(InputError, match=r"field 'published' is no date \(dict\)"):
        Paper.from_dict({"title": "T", "published": {"year": 2021}})
    with pytest.raises(InputError, match="field 'authors' must be a list of strings"):
        Paper.from_dict({"title": "T", "authors": [{"id": 1}]})


@pytest.mark.parametrize(
    "value, venue",
    [
        ([None, "ICML", "PMLR"], "ICML"),  # the first name in the list, past a gap an export left
        ({"name": 5}, ""),  # a name that is no text: no venue, not "5"
        ({"name": None}, ""),
    ],
)
def test_a_venue_in_a_structure_is_its_first_name_in_text_or_none(value: object, venue: str) -> None:
    assert Paper.from_dict({"title": "T", "venue": value}).venue == venue


def test_an_authors_name_parts_that_are_no_text_are_left_out_not_a_traceback() -> None:
    # {"given": 5, ...} joined as it was raised a TypeError out of the candidates file's reader.
    paper = Paper.from_dict(
        {"title": "T", "authors": [{"given": 5, "family": "Lee"}, {"given": "Bo", "family": None, "name": 3}]}
    )
    assert paper.authors == ["Lee", "Bo"]
