"""Corrections of recorded recommendations (a typo in an adopted text, a missing French text, an
addressee) and of mistaken evaluations, by the Secretariat, audited like every admin change.
Recording goes through the pages, which check the flow; the admin is for corrections."""

from django.contrib import admin

from lanzarote.audit.admin_mixins import AuditedAdmin

from .models import ComplianceEvaluation, FollowUpRequest, Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(AuditedAdmin):
    list_display = ["uid", "round", "number", "grade", "status", "adopted_on", "text_complete"]
    list_filter = ["round", "grade", "status"]
    search_fields = ["uid", "number", "text_en", "text_fr"]
    filter_horizontal = ["addressees"]
    raw_id_fields = ["provisions", "findings"]


@admin.register(FollowUpRequest)
class FollowUpRequestAdmin(AuditedAdmin):
    list_display = ["recommendation", "requested_on", "deadline"]


@admin.register(ComplianceEvaluation)
class ComplianceEvaluationAdmin(AuditedAdmin):
    list_display = ["recommendation", "party", "grade", "evaluated_on", "closes"]
    list_filter = ["grade"]
