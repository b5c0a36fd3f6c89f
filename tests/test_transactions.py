"""Services own their transaction: nesting one in another's by mistake is an error."""

import pytest
from django.db import transaction

from lanzarote.lib.transactions import durable


@durable
def _count(*, n: int) -> int:
    return n + 1


def test_a_durable_service_runs_in_its_own_transaction(db):
    assert _count(n=1) == 2


def test_a_durable_service_refuses_to_run_inside_another_transaction(db):
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        _count(n=1)


def test_a_service_composing_others_runs_them_nested(db):
    with transaction.atomic():
        assert _count.nested(n=1) == 2


def test_nested_is_refused_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside another service"):
        _count.nested(n=1)
