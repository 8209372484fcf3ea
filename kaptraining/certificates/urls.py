from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify_lookup, name="lookup"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("api/verify/<str:number>/", views.verify_api, name="verify_api"),
    path("certificates/<str:number>/pdf/", views.download_pdf, name="pdf"),
]
