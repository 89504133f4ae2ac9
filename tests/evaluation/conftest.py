"""Helpers for the evaluation tests: closed cases from the archive tests, a rubric spec to vary."""

import copy

import pytest

from casemgmt.evaluation.default_rubric import DEFAULT_RUBRIC
from tests.archive.conftest import closed_case


@pytest.fixture
def spec():
    return copy.deepcopy(DEFAULT_RUBRIC)


@pytest.fixture
def closed(world):
    return closed_case(world)
