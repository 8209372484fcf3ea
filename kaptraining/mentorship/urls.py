from django.urls import path

from . import views

app_name = "mentorship"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("rounds/<int:round_id>/preferences/", views.preferences, name="preferences"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("pairs/<int:pk>/meetings/", views.log_meeting, name="log_meeting"),
    path("pairs/<int:pk>/rematch/", views.request_rematch, name="rematch"),
    path("pairs/<int:pk>/recommendation/", views.recommend, name="recommend"),
    path("pairs/<int:pk>/plan/", views.plan_meeting, name="plan_meeting"),
    path("planned/<int:pk>/cancel/", views.cancel_planned, name="cancel_planned"),
    path("meetings/<int:pk>/confirm/", views.confirm_meeting, name="confirm_meeting"),
    path("meetings/<int:pk>/dispute/", views.dispute_meeting, name="dispute_meeting"),
]
