from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("rounds/<slug:uid>/recommendations/", views.round_recommendations, name="round"),
    path("rounds/<slug:uid>/recommendations/new/", views.recommendation_edit, name="new"),
    path(
        "rounds/<slug:uid>/recommendations/<int:pk>/edit/", views.recommendation_edit, name="edit"
    ),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="detail"),
    path("recommendations/<int:pk>/step/", views.recommendation_step, name="step"),
    path("states/<str:iso2>/recommendations/", views.party_recommendations, name="party"),
]
