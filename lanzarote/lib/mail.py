"""E-mail in a person's language: a subject and a text rendered from two templates with the
language active, sent one person at a time (no one sees the other recipients)."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str


def message_render(*, template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """(subject, text) of ``email/<template>_subject.txt`` and ``email/<template>.txt``, rendered
    with ``language`` active (dates, plurals and links in that language); ``site_url`` is the
    address the server serves, for links: ``{{ site_url }}{% url ... %}``."""
    context = {**context, "site_url": settings.SITE_URL.rstrip("/")}
    with translation.override(language):
        subject = render_to_string(f"email/{template}_subject.txt", context)
        text = render_to_string(f"email/{template}.txt", context)
    return " ".join(subject.split()), text.strip() + "\n"


def mail_send(*, to: Iterable[Recipient], template: str, context: dict[str, Any]) -> list[str]:
    """Send the message to each person in their own language; returns the addresses it was
    sent to. A mail server that refuses loses that e-mail only: it is logged, never raised, so
    the change that caused the e-mail stands."""
    sent = []
    for person in to:
        try:
            subject, text = message_render(
                template=template, context=context, language=person.language
            )
            send_mail(subject, text, None, [person.email])
        except Exception:
            logger.exception("e-mail %s to %s not sent", template, person.email)
        else:
            sent.append(person.email)
    return sent
