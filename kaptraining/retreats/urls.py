from django.urls import path

from . import staff_views, views

app_name = "retreats"
urlpatterns = [
    path("runs/<int:run_id>/register/", views.register, name="register"),
    path("registrations/<int:pk>/", views.registration, name="registration"),
    path("registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    # Staff
    path("manage/", staff_views.manage, name="manage"),
    path("manage/runs/<int:pk>/", staff_views.run_detail, name="run"),
    path("manage/runs/<int:pk>/venue/", staff_views.venue_report, name="venue"),
    path("manage/runs/<int:pk>/venue.csv", staff_views.venue_csv, name="venue_csv"),
    path("manage/runs/<int:pk>/venue.pdf", staff_views.venue_pdf, name="venue_pdf"),
    path("manage/runs/<int:pk>/arrivals/", staff_views.arrivals, name="arrivals"),
    path("manage/runs/<int:pk>/check-in/", staff_views.check_in, name="check_in"),
    path("manage/runs/<int:pk>/badges.pdf", staff_views.badges, name="badges"),
    path("manage/runs/<int:pk>/days/", staff_views.days_schedule, name="days"),
    path(
        "manage/runs/<int:pk>/days/<int:session_id>/",
        staff_views.attendance,
        name="attendance",
    ),
    path("manage/runs/<int:pk>/message/", staff_views.message, name="message"),
    path(
        "manage/runs/<int:pk>/certificates/",
        staff_views.certificates,
        name="certificates",
    ),
    path("manage/runs/<int:pk>/cancel/", staff_views.staff_cancel, name="staff_cancel"),
    path("manage/runs/<int:pk>/transfer/", staff_views.transfer, name="transfer"),
]
