from django.contrib import admin

from lanzarote.audit.admin_mixins import AuditedAdmin

from .forms import AdminLoginForm
from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    """Stakeholder organisations: create one here, then invite its people from the site."""

    list_display = ["name_en", "name_fr", "kind", "country", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name_en", "name_fr"]


# The admin's sign-in waits out the same growing delay as the site's (accounts/throttle.py).
admin.site.login_form = AdminLoginForm
