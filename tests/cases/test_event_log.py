import pytest
from django.core.management import CommandError, call_command

from casemgmt.cases.models import CaseEvent
from tests import builders as b


def _verify(*args):
    call_command("verify_case_log", *args)


@pytest.mark.django_db
def test_intact_log_verifies(world, capsys):
    case = b.noticed(world)
    _verify(str(case.pk))
    assert "哈希链完整" in capsys.readouterr().out


@pytest.mark.django_db
def test_edited_event_is_detected_with_its_position(world, capsys):
    case = b.noticed(world)
    event = case.events.get(seq=3)
    CaseEvent.objects.filter(pk=event.pk).update(summary="篡改后的摘要")
    with pytest.raises(CommandError):
        _verify(case.number)
    err = capsys.readouterr().err
    assert "第3条" in err and "已被修改" in err


@pytest.mark.django_db
def test_removed_event_is_detected(world, capsys):
    case = b.noticed(world)
    case.events.filter(seq=2).delete()
    with pytest.raises(CommandError):
        _verify(str(case.pk))
    assert "第3条" in capsys.readouterr().err


@pytest.mark.django_db
def test_reordered_events_are_detected(world, capsys):
    case = b.noticed(world)
    first, second = case.events.get(seq=2), case.events.get(seq=3)
    CaseEvent.objects.filter(pk=first.pk).update(seq=1000)
    CaseEvent.objects.filter(pk=second.pk).update(seq=2)
    CaseEvent.objects.filter(pk=first.pk).update(seq=3)
    with pytest.raises(CommandError):
        _verify(str(case.pk))
    assert "哈希链接不符" in capsys.readouterr().err


@pytest.mark.django_db
def test_other_cases_stay_valid_when_one_is_tampered(world, capsys):
    good = b.filed(world)
    bad = b.filed(world)
    CaseEvent.objects.filter(case=bad, seq=1).update(reason="x")
    _verify(str(good.pk))
    with pytest.raises(CommandError):
        _verify()
    assert f"案件#{bad.pk}" in capsys.readouterr().err


@pytest.mark.django_db
def test_unknown_case_is_an_error(world):
    with pytest.raises(CommandError, match="找不到案件"):
        _verify("999999")
