"""Who is told what about draft country factsheets: the Party's focal points when its draft is
ready, the other side when a draft is commented on. Each person in their own language, with
the link to the draft in that language."""

from collections.abc import Iterable

from lanzarote.accounts.permissions import party_of
from lanzarote.lib.mail import Recipient, mail_send
from lanzarote.monitoring.notifications import SECRETARIAT_Q, focal_points_q, people

from .models import Comment, Publication


def _by_language(
    to: list[Recipient], drafts: dict[str, Publication]
) -> Iterable[tuple[list[Recipient], Publication]]:
    """Each language's recipients with the draft in that language (else the first one)."""
    for language in sorted({person.language for person in to}):
        draft = drafts.get(language) or next(iter(drafts.values()))
        yield [person for person in to if person.language == language], draft


def drafts_ready(*, publication_ids: Iterable[int]) -> list[str]:
    """The focal points of each Party with a draft are told it is ready for their comments."""
    drafts: dict[int | None, dict[str, Publication]] = {}
    for draft in Publication.objects.filter(
        pk__in=list(publication_ids), status=Publication.Status.DRAFT, party__isnull=False
    ).select_related("party", "round"):
        drafts.setdefault(draft.party_id, {})[draft.lang] = draft
    sent = []
    for party_id, languages in drafts.items():
        any_draft = next(iter(languages.values()))
        to = people(who=focal_points_q([party_id]), is_demo=any_draft.is_demo)
        for group, draft in _by_language(to, languages):
            sent += mail_send(to=group, template="draft_ready", context={"draft": draft})
    return sent


def draft_commented(*, comment_id: int) -> list[str]:
    """A focal point's comment goes to the Secretariat; the Secretariat's to the Party's focal
    points (the author is not told of their own comment)."""
    comment = Comment.objects.select_related(
        "publication__party", "publication__round", "author"
    ).get(pk=comment_id)
    draft = comment.publication
    author = comment.author
    who = SECRETARIAT_Q if party_of(author) else focal_points_q([draft.party_id])
    to = people(who=who, is_demo=draft.is_demo, exclude=[author.pk] if author else [])
    siblings = {
        d.lang: d
        for d in Publication.objects.filter(  # the same draft in each language
            key__startswith=draft.key[:-2],
            status=Publication.Status.DRAFT,
        ).select_related("party", "round")
    }
    siblings[draft.lang] = draft
    name = (author.get_full_name() or author.get_username()) if author else "—"
    sent = []
    for group, shown in _by_language(to, siblings):
        sent += mail_send(
            to=group,
            template="draft_commented",
            context={"draft": shown, "comment": comment, "author": name},
        )
    return sent
