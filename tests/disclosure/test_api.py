"""GET /api/disclosure/records/: the page's records, rules and scope as CSV, .xlsx or JSON."""

import json

from casemgmt.disclosure import fields as f
from casemgmt.disclosure import formats
from tests.disclosure.conftest import CITIZEN_ID, decided_case

URL = "/api/disclosure/records/"
PERIOD = {"from": "2026-01-01", "to": "2026-12-31"}


def test_json_export_of_the_officers_records(pub, client_for):
    decided_case(pub)
    response = client_for(pub.officer).get(URL, PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == formats.CONTENT_TYPES["json"]
    body = b"".join(response.streaming_content)
    assert CITIZEN_ID.encode() not in body
    assert [r[f.NAME] for r in json.loads(body)["记录"]] == ["陈某"]
    csv = client_for(pub.officer).get(URL, PERIOD | {"file_format": "csv"})
    assert csv["Content-Type"] == formats.CONTENT_TYPES["csv"]


def test_outsider_gets_no_record_and_404_for_our_unit(pub, client_for):
    decided_case(pub)
    response = client_for(pub.outsider).get(URL, PERIOD)
    assert json.loads(b"".join(response.streaming_content))["记录"] == []
    assert client_for(pub.outsider).get(URL, PERIOD | {"unit": pub.township.pk}).status_code == 404


def test_invalid_records_and_bad_parameters_are_400_with_the_errors(pub, client_for):
    bad = decided_case(pub, issue_document=False)
    client = client_for(pub.officer)
    response = client.get(URL, PERIOD)
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == f.DOC_NUMBER and error["message"].startswith(bad.number)
    assert client.get(URL, PERIOD | {"valid_only": "true"}).status_code == 200
    assert client.get(URL, {"from": "2026-13-01"}).status_code == 400
    assert client.get(URL, {"file_format": "pdf"}).json()["errors"][0]["field"] == "file_format"
