"""The administrator edits templates (each save is a new version) and 文号 patterns (bad ones refused)."""

from django.urls import reverse

from documents.models import DocumentType, NumberingClass, TemplateVersion


def test_editing_a_template_in_the_admin_creates_a_new_version(client, admin_user):
    client.force_login(admin_user)
    v1 = TemplateVersion.objects.get(document_type__code="zlgz_tzs", variant="standard")
    url = reverse("admin:documents_templateversion_change", args=[v1.pk])
    response = client.post(url, {"body": v1.body + "\n特此通知。", "note": "加结束语"})
    assert response.status_code == 302
    versions = TemplateVersion.objects.filter(document_type=v1.document_type, variant="standard").order_by("version")
    assert [v.version for v in versions] == [1, 2]
    v1.refresh_from_db()
    assert "特此通知" not in v1.body and "特此通知" in versions[1].body


def test_a_pattern_without_sequence_is_refused_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    nc = NumberingClass.objects.get(code="罚决")
    url = reverse("admin:documents_numberingclass_change", args=[nc.pk])
    response = client.post(url, {"code": nc.code, "name": nc.name, "pattern": "{prefix}{code}〔{year}〕号"})
    assert response.status_code == 200 and "序号" in response.content.decode()
    nc.refresh_from_db()
    assert nc.pattern == "{prefix}{code}〔{year}〕{seq}号"
    assert DocumentType.objects.filter(numbering_class=nc).exists()
