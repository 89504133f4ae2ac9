"""Web pages of the documents app (mounted at /documents/)."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("case/<int:case_pk>/", views.case_documents_page, name="case"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/issue-edited/", views.document_issue_edited, name="issue_edited"),
    path("<int:pk>/preview/", views.document_preview_pdf, name="preview"),
    path("<int:pk>/<slug:action>/", views.document_action, name="action"),
    path("casefile/<int:pk>/pdf/", views.case_file_pdf, name="case_file_pdf"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
