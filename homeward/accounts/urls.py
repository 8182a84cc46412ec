from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("second-factor/", views.otp_verify, name="otp-verify"),
    path("second-factor/setup/", views.otp_setup, name="otp-setup"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery-codes"),
]
