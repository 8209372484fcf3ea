from django.urls import path

from . import views

app_name = "practicums"
urlpatterns = [
    path("", views.home, name="home"),
    path("placements/request/", views.placement_request, name="placement_request"),
    path("placements/<int:placement_id>/log/", views.log_create, name="log_create"),
    path("logs/<int:pk>/", views.log_detail, name="log_detail"),
    path("logs/<int:pk>/revise/", views.log_revise, name="log_revise"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("sign-off/<str:token>/", views.external_review, name="external_review"),
]
