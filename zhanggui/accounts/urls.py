from django.urls import path

from .views import auth, staff, tokens

app_name = "accounts"

urlpatterns = [
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("tokens/", tokens.TokenListView.as_view(), name="token_list"),
    path("tokens/<int:pk>/revoke/", tokens.TokenRevokeView.as_view(), name="token_revoke"),
    path("staff/", staff.StaffListView.as_view(), name="staff_list"),
    path("staff/new/", staff.StaffCreateView.as_view(), name="staff_create"),
    path("staff/<int:pk>/edit/", staff.StaffEditView.as_view(), name="staff_edit"),
    path("staff/<int:pk>/password/", staff.StaffPasswordView.as_view(), name="staff_password"),
    path("teams/", staff.TeamListView.as_view(), name="team_list"),
    path("teams/new/", staff.TeamCreateView.as_view(), name="team_create"),
    path("stores/<int:pk>/staff/", staff.StoreStaffView.as_view(), name="store_staff"),
]
