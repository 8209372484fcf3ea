from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("sign-off/", views.bulk_sign_off, name="bulk_sign_off"),
]
