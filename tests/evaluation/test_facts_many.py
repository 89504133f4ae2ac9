"""Pre-scoring a round loads the facts of many cases at once: they must be exactly the facts ``load_facts`` gives
for each case (same rows in the same order, same findings), in a number of queries that does not grow with the
number of cases."""

import pytest

from casemgmt.cases.rulebook import check_case, load_facts, load_facts_many
from casemgmt.cases.rulebook.facts import TABLES
from tests import builders as b
from tests.archive.conftest import closed_case

pytestmark = pytest.mark.django_db


def test_facts_of_many_cases_equal_the_facts_of_each(world, django_assert_max_num_queries):
    cases = [b.clue(world), b.filed(world), b.noticed(world), b.served(world), closed_case(world), closed_case(world)]
    cases = [
        type(c).objects.select_related("enforcement_subject__parent", "handling_unit__parent").get(pk=c.pk)
        for c in cases
    ]
    with django_assert_max_num_queries(len(TABLES) * 2 + 10):  # two chunks of three cases
        many = load_facts_many(cases, chunk=3)
    assert set(many) == {c.pk for c in cases}
    for case in cases:
        one = load_facts(case)
        for name, *_ in TABLES:
            assert [r.pk for r in getattr(many[case.pk], name)] == [r.pk for r in getattr(one, name)], name
        assert [str(f) for f in check_case(many[case.pk])] == [str(f) for f in check_case(one)]
    assert any(many[c.pk].records for c in cases) and any(many[c.pk].closings for c in cases)
