from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("my-listing/", views.my_listing, name="mine"),
    path("my-listing/confirm/", views.my_listing_confirm, name="confirm"),
    path("practitioners/<int:pk>/", views.listing_detail, name="detail"),
    path("practitioners/<int:pk>/contact/", views.listing_contact, name="contact"),
    path(
        "practitioners/<int:pk>/contact/token/",
        views.listing_contact_token,
        name="contact_token",
    ),
    path("practitioners/<int:pk>/photo/", views.listing_photo, name="photo"),
    path("embed/", views.embed, name="embed"),
    path("api/listings/", views.api_listings, name="api_listings"),
    path("api/listings/<int:pk>/", views.api_listing, name="api_listing"),
]
