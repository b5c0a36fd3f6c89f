from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question


class DateInput(forms.DateInput):
    input_type = "date"


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Questionnaire file"),
        help_text=_("A Word document (.docx) with numbered questions, or a JSON or CSV file"),
    )
    audience = forms.ChoiceField(label=_("Addressed to"), choices=Question.Audience.choices)
