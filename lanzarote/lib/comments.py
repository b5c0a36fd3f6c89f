"""One shape for every comment a person adds beside a text under discussion (a finding, a draft
recommendation, a draft publication): each app keeps its own comment model and service,
`comment_add(*, <object>, actor, text)`, and checks the text here, so that the limit and the
refusals read the same everywhere."""

from django.utils.translation import gettext as _

# The longest comment kept: a Party's right of reply on its factsheet can run to several pages.
COMMENT_MAX_LENGTH = 10_000


def comment_text(text: str, *, error: type[Exception]) -> str:
    """The comment as stored (surrounding blanks dropped), or ``error`` saying why it is
    refused: empty, or longer than COMMENT_MAX_LENGTH (never cut silently)."""
    text = text.strip()
    if not text:
        raise error(_("write the comment first"))
    if len(text) > COMMENT_MAX_LENGTH:
        raise error(
            _("a comment is at most %(max)s characters; this one has %(n)s")
            % {"max": COMMENT_MAX_LENGTH, "n": len(text)}
        )
    return text
