from django.urls import path

from .views import staff as staff_views
from .views import tokens as views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("staff/", staff_views.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", staff_views.StaffCreateView.as_view(), name="staff_create"),
    path("staff/<int:pk>/edit/", staff_views.StaffEditView.as_view(), name="staff_edit"),
    path("staff/<int:pk>/password/", staff_views.StaffPasswordView.as_view(), name="staff_password"),
    path("teams/", staff_views.TeamListView.as_view(), name="team_list"),
    path("teams/new/", staff_views.TeamCreateView.as_view(), name="team_create"),
]
