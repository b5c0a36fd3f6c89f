from django import forms
from django.utils.translation import gettext_lazy as _

from lanzarote.accounts.models import Organisation

from .models import Reply


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, Word (.docx), plain text or HTML"),
        error_messages={"empty": _("The file is empty.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the reply reopened?"), max_length=500)


class SettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the reply"), choices=Reply.Language.choices)
    publication_agreed = forms.BooleanField(
        label=_("We agree that this reply may be published"), required=False
    )


class ByQuestionFilter(forms.Form):
    KINDS = [("", _("All respondents")), ("party", _("Parties")), *Organisation.Kind.choices]
    kind = forms.ChoiceField(label=_("Respondent"), choices=KINDS, required=False)
    party = forms.CharField(label=_("State (ISO code)"), required=False, max_length=2)
