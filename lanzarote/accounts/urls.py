from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("accounts/", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"
    ),
    path("accounts/users/", views.users, name="users"),
]
