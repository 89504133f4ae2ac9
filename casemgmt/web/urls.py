from django.urls import path

from workflows.views import open_task

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:task_pk>/", open_task, name="task"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.clue_new, name="clue_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/actions/<slug:code>/", views.case_action, name="case_action"),
    path("cases/<int:pk>/evidence/<int:item_pk>/file", views.evidence_file, name="evidence_file"),
]
