"""Inviting many people at once from a CSV file: every row is checked first (a dry run lists each
bad row with its line and the reason), and nothing is written unless every row is valid; then one
transaction invites them all (each invitation audited as one made by hand) and the e-mails leave
when it commits.

Columns (a header row names them, in any order; comma or semicolon separated, UTF-8):
``email``, ``name``, ``role`` (secretariat, committee, focal_point, stakeholder — or the role's
English or French name), ``party`` (the ISO 3166 code of the State a focal point speaks for),
``organisation`` (the English or French name of a stakeholder's organisation) and, optionally,
``language`` (en or fr; the page's language when empty).
"""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record
from lanzarote.lib.errors import NotAllowed
from lanzarote.lib.transactions import durable
from lanzarote.parties.models import State

from .models import Organisation, Profile
from .permissions import can_invite_users
from .services import AccountError, user_invite
from .services import _check_role as check_role

MAX_BYTES = 1_000_000
MAX_ROWS = 500  # one request: about 15 ms a person, measured, with its e-mail
REQUIRED = ("email", "name", "role")
KNOWN = {*REQUIRED, "party", "organisation", "language"}


@dataclass(frozen=True)
class Invitee:
    line: int
    email: str
    name: str
    role: str
    party: State | None
    organisation: Organisation | None
    language: str


@dataclass
class InviteCheck:
    """What a file would do: the people it invites, and each problem as (line, reason)."""

    invitees: list[Invitee] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.invitees) and not self.problems


class InviteCsvError(AccountError):
    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__(
            _("%(n)s problems in the file: nothing was written") % {"n": len(problems)}
        )


def read_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise AccountError(_("the file is over %(n)s MB") % {"n": MAX_BYTES // 1_000_000})
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AccountError(_("the file is not UTF-8 text: save it as “CSV UTF-8”")) from None


def _roles() -> dict[str, str]:
    """Role codes and the roles' English and French names, lower case, to the code."""
    names = {}
    for code, label in Profile.Role.choices:
        names[code] = code
        for lang in ("en", "fr"):
            with translation.override(lang):
                names[str(label).lower()] = code
    return names


def invitations_check(*, data: bytes | str, lang: str = "en") -> InviteCheck:
    """Read and check a CSV of invitations without writing anything."""
    text = read_text(data)
    if not text.strip():
        raise AccountError(_("the file is empty"))
    if len(text) > MAX_BYTES:
        raise AccountError(_("the file is over %(n)s MB") % {"n": MAX_BYTES // 1_000_000})
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [h for h in REQUIRED if h not in header]
    unknown = [h for h in header if h not in KNOWN]
    check = InviteCheck()
    if missing or unknown:
        reasons = []
        if missing:
            reasons.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            reasons.append(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
        check.problems.append((1, "; ".join(reasons)))
        return check
    rows = []
    for row in reader:
        if reader.line_num - 1 > MAX_ROWS:
            check.problems.append(
                (reader.line_num, _("at most %(n)s people in one file") % {"n": MAX_ROWS})
            )
            return check
        if not any((v or "").strip() for k, v in row.items() if k):
            continue  # a blank line
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    if not rows:
        raise AccountError(_("the file has no one to invite"))
    roles = _roles()
    codes = {row.get("party", "").upper() for _n, row in rows} - {""}
    # as the invitation form: a State with a status under a treaty, not any State of the ISO list
    states = {
        s.iso2: s
        for s in State.objects.filter(
            Q(iso2__in=codes) | Q(iso3__in=codes), treaty_statuses__isnull=False
        ).distinct()
    }
    states |= {s.iso3: s for s in states.values()}
    names = {row.get("organisation", "").lower() for _n, row in rows} - {""}
    organisations: dict[str, Organisation] = {}
    for org in Organisation.objects.annotate(en=Lower("name_en"), fr=Lower("name_fr")).filter(
        Q(en__in=names) | Q(fr__in=names)
    ):
        organisations[org.name_en.lower()] = org
        if org.name_fr:
            organisations.setdefault(org.name_fr.lower(), org)
    emails = [row.get("email", "").lower() for _n, row in rows]
    User = get_user_model()
    taken = {
        e.lower()
        for e in User.objects.filter(Q(email__in=emails) | Q(username__in=emails)).values_list(
            "email", flat=True
        )
    }
    taken |= set(User.objects.filter(username__in=emails).values_list("username", flat=True))
    seen: dict[str, int] = {}
    for line, row in rows:
        reasons = []
        email = row.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(value)s” is not an e-mail address") % {"value": email[:100]})
        else:
            if email in taken:
                reasons.append(_("%(email)s already has an account") % {"email": email})
            elif email in seen:
                reasons.append(
                    _("%(email)s is also on line %(line)s") % {"email": email, "line": seen[email]}
                )
            seen.setdefault(email, line)
        name = row.get("name", "")
        if not name:
            reasons.append(_("the name is empty"))
        elif len(name) > 150:
            reasons.append(_("the name is over 150 characters"))
        role = roles.get(row.get("role", "").lower())
        if role is None:
            reasons.append(
                _("unknown role “%(value)s” (%(roles)s)")
                % {"value": row.get("role", "")[:50], "roles": ", ".join(Profile.Role.values)}
            )
        code = row.get("party", "").upper()
        party = states.get(code) if code else None
        if code and party is None:
            reasons.append(
                _("no State with a status under a treaty has the ISO code “%(value)s”")
                % {"value": code[:10]}
            )
        org_name = row.get("organisation", "")
        organisation = organisations.get(org_name.lower()) if org_name else None
        if org_name and organisation is None:
            reasons.append(_("no organisation is named “%(value)s”") % {"value": org_name[:100]})
        if role and not (code and party is None) and not (org_name and organisation is None):
            try:
                check_role(role, party, organisation)
            except AccountError as exc:
                reasons.append(str(exc))
        language = row.get("language", "").lower() or lang
        if language not in dict(settings.LANGUAGES):
            reasons.append(_("unknown language “%(value)s” (en, fr)") % {"value": language[:10]})
        if reasons:
            check.problems.append((line, "; ".join(reasons)))
        elif role is not None:
            check.invitees.append(
                Invitee(
                    line=line,
                    email=email,
                    name=name,
                    role=role,
                    party=party,
                    organisation=organisation,
                    language=language,
                )
            )
    return check


@durable
def invitations_import(*, data: bytes | str, actor: Any, lang: str = "en") -> list[Any]:
    """Invite everyone in the file, or no one: the file is checked again (accounts may have been
    made since the dry run), then each is invited as by hand; the e-mails leave on commit."""
    if not can_invite_users(actor):
        raise NotAllowed(_("only the Secretariat invites users"))
    check = invitations_check(data=data, lang=lang)
    if check.problems:
        raise InviteCsvError(check.problems)
    users = [
        user_invite.nested(
            email=i.email,
            name=i.name,
            role=i.role,
            party=i.party,
            organisation=i.organisation,
            lang=i.language,
            actor=actor,
        )
        for i in check.invitees
    ]
    audit_record(
        actor=actor,
        action=Action.ACCOUNT_INVITE_CSV,
        obj=actor,
        after={"invited": [i.email for i in check.invitees]},
    )
    return users
