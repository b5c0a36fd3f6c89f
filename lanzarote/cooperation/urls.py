from django.urls import path

from . import views

app_name = "cooperation"
urlpatterns = [
    path("cooperation/activities/", views.activity_list, name="activities"),
    path("cooperation/activities/new/", views.activity_new, name="activity_new"),
    path("cooperation/activities/<slug:uid>/", views.activity_detail, name="activity"),
    path("cooperation/activities/<slug:uid>/edit/", views.activity_edit, name="activity_edit"),
    path("good-practices/", views.practice_list, name="practices"),
    path("good-practices/new/", views.practice_new, name="practice_new"),
    path("good-practices/<int:pk>/", views.practice_detail, name="practice"),
    path("good-practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
    path("good-practices/<int:pk>/publish/", views.practice_publish, name="practice_publish"),
    path("good-practices/<int:pk>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("good-practices/promote/<int:evidence>/", views.practice_promote, name="promote"),
    path("european-day/", views.european_day_list, name="european_day"),
    path("european-day/save/", views.european_day_save, name="european_day_save"),
    path("treaties/<slug:code>/activities.csv", views.activities_csv, name="activities_csv"),
    path("treaties/<slug:code>/activities.json", views.activities_json, name="activities_json"),
    path("treaties/<slug:code>/good-practices.csv", views.practices_csv, name="practices_csv"),
    path("treaties/<slug:code>/good-practices.json", views.practices_json, name="practices_json"),
    path("treaties/<slug:code>/european-day.csv", views.days_csv, name="days_csv"),
    path("treaties/<slug:code>/european-day.json", views.days_json, name="days_json"),
]
