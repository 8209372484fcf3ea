from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("my-listing/", views.my_listing, name="mine"),
    path("practitioners/<int:pk>/", views.listing_detail, name="detail"),
]
