from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("enrolments/<int:enrolment_id>/", views.account, name="account"),
    path("enrolments/<int:enrolment_id>/code/", views.apply_code, name="apply_code"),
    path("enrolments/<int:enrolment_id>/tier/", views.apply_tier, name="apply_tier"),
    path("enrolments/<int:enrolment_id>/choose/", views.choose, name="choose"),
    path(
        "enrolments/<int:enrolment_id>/checkout/", views.checkout_start, name="checkout"
    ),
    path("enrolments/<int:enrolment_id>/done/", views.checkout_done, name="done"),
    path("enrolments/<int:enrolment_id>/card/", views.card, name="card"),
    path("payments/<int:payment_id>/receipt.pdf", views.receipt, name="receipt"),
    path("demo-checkout/<int:payment_id>/", views.demo_checkout, name="demo_checkout"),
    path("demo-card/<int:setup_id>/", views.demo_card, name="demo_card"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
