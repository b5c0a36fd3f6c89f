from django.contrib import admin

from lanzarote.audit.admin_mixins import AuditedAdmin

from .indexing import provision_index, provision_unindex
from .models import (
    Article,
    Chapter,
    InterpretiveText,
    Obligation,
    Provision,
    ReservationClause,
    Treaty,
)


@admin.register(Treaty)
class TreatyAdmin(AuditedAdmin):
    list_display = ["code", "series_en", "short_title_en", "entry_into_force"]


@admin.register(Chapter)
class ChapterAdmin(AuditedAdmin):
    list_display = ["treaty", "number", "title_en", "pillar"]
    list_filter = ["treaty", "pillar"]


@admin.register(Article)
class ArticleAdmin(AuditedAdmin):
    list_display = ["treaty", "number", "title_en", "title_fr"]
    list_filter = ["treaty", "chapter__pillar"]
    search_fields = ["title_en", "title_fr"]


@admin.register(Provision)
class ProvisionAdmin(AuditedAdmin):
    list_display = ["uid", "kind", "text_en"]
    list_filter = ["treaty", "kind"]
    search_fields = ["uid", "text_en", "text_fr"]
    readonly_fields = [
        "uid",
        "treaty",
        "article",
        "parent",
        "kind",
        "paragraph",
        "item",
        "position",
    ]

    def after_save(self, obj):
        provision_index(provision=obj)

    def delete_model(self, request, obj):
        # Index rows are keyed by the provision's id, not tied by a foreign key: they go with it,
        # and with its lettered items (deleted with it), in the admin's transaction.
        uid = obj.uid
        super().delete_model(request, obj)
        provision_unindex(uid=uid)


@admin.register(ReservationClause)
class ReservationClauseAdmin(AuditedAdmin):
    list_display = ["provision", "kind", "optional"]
    autocomplete_fields = ["provision", "concerns"]


@admin.register(Obligation)
class ObligationAdmin(AuditedAdmin):
    list_display = ["uid", "kind", "text_en"]
    list_filter = ["kind"]
    search_fields = ["uid", "text_en", "text_fr"]
    autocomplete_fields = ["provision"]


@admin.register(InterpretiveText)
class InterpretiveTextAdmin(AuditedAdmin):
    list_display = ["uid", "kind", "title_en", "adopted_on"]
    autocomplete_fields = ["provisions"]
