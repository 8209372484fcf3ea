from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("enrolments/<int:enrolment_id>/checkout/", views.checkout_start, name="checkout"),
    path("enrolments/<int:enrolment_id>/done/", views.checkout_done, name="done"),
    path("demo-checkout/<int:payment_id>/", views.demo_checkout, name="demo_checkout"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
