from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("", views.home, name="home"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/recording/", views.recording, name="recording"),
    path("submissions/<int:pk>/review/", views.review, name="review"),
    path("review/", views.queue, name="queue"),
]
