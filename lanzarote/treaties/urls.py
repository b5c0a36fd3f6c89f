from django.urls import path

from . import views

app_name = "treaties"
urlpatterns = [
    path("treaties/<slug:code>/", views.treaty_detail, name="treaty"),
    path("treaties/<slug:code>/articles/<int:number>/", views.article_detail, name="article"),
    path("treaties/<slug:code>/obligations/", views.obligation_list, name="obligations"),
    path("treaties/<slug:code>/provisions.csv", views.provisions_csv, name="provisions_csv"),
    path("treaties/<slug:code>/provisions.json", views.provisions_json, name="provisions_json"),
    path("provisions/<str:uid>/", views.provision_detail, name="provision"),
    path("concordance/", views.concordance_list, name="concordance"),
    path("concordance.csv", views.concordance_csv, name="concordance_csv"),
    path("concordance.json", views.concordance_json, name="concordance_json"),
]
