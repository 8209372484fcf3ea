from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kaptraining.certificates.models import Certificate

from .forms import ListingForm
from .models import Listing
from .services import listing_submit


@login_required
def my_listing(request):
    """Certified practitioners opt in to the directory here."""
    if not Certificate.objects.current().filter(trainee=request.user).exists():
        return render(request, "directory/not_certified.html", status=403)
    listing = Listing.objects.filter(user=request.user).first()
    initial = {}
    if listing is None:
        initial = {
            "display_name": request.user.display_name,
            "profession": request.user.profession,
            "state": request.user.licence_state,
            "licensed_states": [request.user.licence_state] if request.user.licence_state else [],
        }
    else:
        initial = {"licensed_states": list(listing.licensures.values_list("state", flat=True))}
    form = ListingForm(request.POST or None, instance=listing, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            listing_submit(user=request.user, form=form)
            messages.success(request, _("Thank you. Staff will review your listing before it appears in the directory."))
            return redirect("directory:mine")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request, "directory/listing_form.html", {"form": form, "listing": listing}, status=400 if form.errors else 200
    )


def listing_detail(request, pk):
    listing = get_object_or_404(Listing.objects.published().select_related("user"), pk=pk)
    certificate = Certificate.objects.current().filter(trainee_id=listing.user_id).first()
    return render(request, "directory/listing_detail.html", {"listing": listing, "certificate": certificate})
