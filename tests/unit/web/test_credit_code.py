"""The sign-up page checks a credit code as it is typed, with the mall's one checksum."""

from __future__ import annotations

import pytest
from flask import Flask

from services.web.credit_code import problems
from shared.reference.credit_codes import check_character

GOOD_17 = "91460100MA5T4X0X1"


@pytest.fixture
def page():
    """A request of the page in Chinese, as the web process answers it."""
    with Flask(__name__).test_request_context("/", headers={"Cookie": "lang=zh-CN"}):
        yield


def test_a_well_formed_code_has_no_problem(page):
    assert problems(GOOD_17 + check_character(GOOD_17)) == []
    assert problems("  ") == []


def test_each_mistake_is_named_once(page):
    wrong_check = "0" if check_character(GOOD_17) != "0" else "1"
    assert "校验位" in problems(GOOD_17 + wrong_check)[0]
    assert "18 位" in problems(GOOD_17)[0]
    assert "不能出现的字符" in problems(GOOD_17 + "I")[0]
