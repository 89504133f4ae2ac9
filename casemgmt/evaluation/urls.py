from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/publish", views.round_publish_view, name="publish"),
    path("rounds/<int:pk>/bands", views.round_bands_view, name="bands"),
    path("rounds/<int:pk>/close", views.round_close_view, name="close"),
    path("rounds/<int:pk>/self-score", views.unit_self_score_view, name="unit_self_score"),
    path("rounds/<int:pk>/report.xlsx", views.round_report, name="report"),
    path("rounds/<int:pk>/report.pdf", views.round_report_pdf, name="report_pdf"),
    path("rounds/<int:pk>/reports/<int:job_id>/", views.report_download, name="report_download"),
    path("rounds/<int:pk>/rectifications/", views.rectification_new, name="rectification_new"),
    path("rounds/<int:pk>/rectifications/<int:task_pk>/", views.rectification_done, name="rectification_done"),
    path("rounds/<int:pk>/files/<int:file_pk>/", views.file_detail, name="file"),
    path("rounds/<int:pk>/files/<int:file_pk>/case-file.pdf", views.file_case_pdf_view, name="file_pdf"),
]
