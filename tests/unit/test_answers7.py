"""answers7 (ui-s7): pure rules behind the answers."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from bot import facts as F
from bot import whatif
from bot.nlu.distress import worried


def test_repay_with_interest_counts_charged_fees_as_owed_without_interest():
    """ui-s7 A8: 28,000 + 1,134.68 interest bear interest, 441.70 违约金 does not and is cleared first → 24 months."""
    r = whatif.repay_with_interest(D("29134.68"), D(1500), D("0.0005"), fees=D("441.70"))
    assert r.total == D("29576.38") and r.months == 24 and r.total_interest == D("5743.53")
    assert whatif.repay_with_interest(D(28000), D(1500), D("0.0005")).months == 23  # on the principal told alone


def test_fees_alone_are_repaid_without_interest():
    r = whatif.repay_with_interest(D(0) + D("0.01"), D(100), D("0.0005"), fees=D(150))
    assert r.months == 2 and r.total == D("150.01")


@pytest.mark.parametrize("text, fear", [("会不会坐牢啊 催收说要起诉我 我好怕", True), ("好担心会被起诉", True),
                                        ("吓死我了 会不会上征信", True), ("恐怕还不上了 能分期吗", False),
                                        ("我不怕 就想知道利息", False), ("会不会坐牢", False)])
def test_worried(text, fear):
    assert worried(text) is fear


@pytest.mark.parametrize("text, threat", [("会不会坐牢啊 催收说要起诉我 我好怕", False), ("会坐牢吗 他们说要告我", False),
                                          ("催收拿坐牢来吓我", True), ("打电话说要抓我 威胁我", True)])
def test_a_jail_question_beside_a_collector_quote_is_no_fake_police_threat(text, threat):
    """ui-s7 A5: 「坐牢啊 催收说」 spans her question and the collector's lawsuit words."""
    assert F.matches("fake_police_threat", text) is threat


@pytest.mark.parametrize("text, asks", [("那我就1月1号开始还 对吧", True), ("每个月还1473就行了吧", True),
                                        ("那就按这个还 是吧？", True), ("好的", False), ("对吧", False),
                                        ("会坐牢吗 对吧", False)])
def test_plan_confirm_question(text, asks):
    from bot.nlu.reading import plan_confirm_question

    assert plan_confirm_question(text) is asks


@pytest.mark.parametrize("text, date", [("那我就1月1号开始还 对吧", (1, 1)), ("十五号开始还对吧", (None, 15)),
                                        ("每个月还1473就行了吧", None), ("那我13月1号还", None)])
def test_date_said(text, date):
    from bot.nlu.reading import date_said

    assert date_said(text) == date


@pytest.mark.parametrize("text, reason", [("厂里效益不好工资降了 还要养娃 压力好大天天睡不着", "厂里效益不好工资降了 还要养娃"),
                                          ("做生意赔了，每天都睡不着", "做生意赔了"), ("失眠住院了 没法上班", "失眠住院了 没法上班"),
                                          ("压力好大", "压力好大")])
def test_a_stress_remark_is_no_part_of_the_reason(text, reason):
    from bot.nlu.case_update import without_stress_remarks

    assert without_stress_remarks(text) == reason
