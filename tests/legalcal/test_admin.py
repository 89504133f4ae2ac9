"""Admin tables for the official schedule (Chinese labels, provisional-year warning)."""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.urls import path, reverse

from casemgmt.legalcal import calendar
from casemgmt.legalcal.models import CalendarDay, CalendarYear, DayKind

# Local URLconf: the admin tests must not depend on the other apps' URL modules.
urlpatterns = [path("admin/", admin.site.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_models_are_registered_with_chinese_labels():
    assert admin.site.is_registered(CalendarDay)
    assert admin.site.is_registered(CalendarYear)
    assert CalendarDay._meta.verbose_name == "节假日调整"
    assert CalendarDay._meta.get_field("kind").choices == [("holiday", "法定节假日/休息日"), ("workday", "调休上班日")]


@time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False)
def test_year_changelist_warns_when_next_year_is_provisional(admin_client):
    response = admin_client.get(reverse("admin:legalcal_calendaryear_changelist"))
    assert response.status_code == 200
    assert "2027年尚未载入国务院办公厅节假日安排" in response.content.decode()

    CalendarYear.objects.create(year=2027, source="国办发明电〔2026〕X号")
    response = admin_client.get(reverse("admin:legalcal_calendaryear_changelist"))
    assert "尚未载入" not in response.content.decode()


def test_day_changelist_lists_rows_with_weekday(admin_client):
    CalendarDay.objects.create(date=dt.date(2027, 2, 20), kind=DayKind.WORKDAY, name="春节")
    response = admin_client.get(reverse("admin:legalcal_calendarday_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "星期六" in content
    assert "调休上班日" in content


def test_admin_bulk_delete_clears_calendar_cache(admin_client):
    row = CalendarDay.objects.create(date=dt.date(2026, 3, 9), kind=DayKind.HOLIDAY, name="临时调整")
    assert not calendar.is_working_day(dt.date(2026, 3, 9))
    response = admin_client.post(
        reverse("admin:legalcal_calendarday_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert calendar.is_working_day(dt.date(2026, 3, 9))


def test_admin_loads_a_schedule_from_pasted_lines(admin_client):
    url = reverse("admin:legalcal_calendaryear_load")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "year": 2027,
            "source": "国办发明电〔2026〕X号",
            "text": "date,kind,name\n2027-02-05..2027-02-11,休,春节\n2027-02-20,班,春节\n",
        },
    )
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"
    assert CalendarDay.objects.filter(date__year=2027, kind=DayKind.HOLIDAY).count() == 7
    assert calendar.is_working_day(dt.date(2027, 2, 20))


def test_admin_load_refuses_a_date_outside_the_year_and_writes_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:legalcal_calendaryear_load"),
        {"year": 2027, "source": "国办发明电〔2026〕X号", "text": "2028-01-01,休,元旦\n"},
    )
    assert response.status_code == 200
    assert "日期不在2027年内" in response.content.decode()
    assert not CalendarYear.objects.exists()
