"""Comments have one shape in every app: the same limit, the same refusals, never cut silently."""

import pytest

from lanzarote.lib.comments import COMMENT_MAX_LENGTH, comment_text


class Refused(ValueError):
    pass


def test_a_comment_is_kept_without_its_surrounding_blanks():
    assert comment_text("  Synthetic remark.\n", error=Refused) == "Synthetic remark."


def test_an_empty_comment_is_refused_with_the_apps_error():
    with pytest.raises(Refused, match="write the comment first"):
        comment_text(" \n ", error=Refused)


def test_a_comment_longer_than_the_limit_is_refused_not_cut():
    assert comment_text("x" * COMMENT_MAX_LENGTH, error=Refused) == "x" * COMMENT_MAX_LENGTH
    with pytest.raises(Refused, match=f"at most {COMMENT_MAX_LENGTH} characters"):
        comment_text("x" * (COMMENT_MAX_LENGTH + 1), error=Refused)


def test_the_three_comment_services_share_one_shape():
    import inspect

    from lanzarote.assessments.services import comment_add as on_finding
    from lanzarote.recommendations.services import comment_add as on_recommendation
    from lanzarote.reports.services import comment_add as on_draft

    for service, subject in [
        (on_finding, "finding"),
        (on_recommendation, "recommendation"),
        (on_draft, "publication"),
    ]:
        parameters = inspect.signature(service).parameters
        assert list(parameters) == [subject, "actor", "text"]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
