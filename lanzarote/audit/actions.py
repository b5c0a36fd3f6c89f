"""Every kind of audited write, one member each: the stored value never changes once events carry
it; the label is what the history pages show, in the reader's language. A new write adds its
member here (audit_record refuses any other action), never builds a name at run time."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    # accounts
    ACCOUNT_CREATE_ADMIN = "account.create_admin", _("administrator account created")
    ACCOUNT_INVITE = "account.invite", _("account invited")
    ACCOUNT_INVITE_AGAIN = "account.invite_again", _("invitation sent again")
    ACCOUNT_INVITE_CSV = "account.invite_csv", _("accounts invited from a file")
    ACCOUNT_LANGUAGE = "account.language", _("language changed")
    ACCOUNT_UNLOCK_LINK_SENT = "account.unlock_link_sent", _("unlock link sent")
    ACCOUNT_UNLOCK = "account.unlock", _("account unlocked")
    ACCOUNT_PASSWORD_RESET_SENT = "account.password_reset_sent", _("password reset link sent")
    ACCOUNT_PASSWORD_RESET = "account.password_reset", _("password reset")
    # the administration site
    ADMIN_ADD = "admin.add", _("added in the administration")
    ADMIN_CHANGE = "admin.change", _("changed in the administration")
    ADMIN_DELETE = "admin.delete", _("deleted in the administration")
    # reference data and the demonstration
    REFDATA_LOAD = "refdata.load", _("reference data loaded")
    REFDATA_UPDATE = "refdata.update", _("reference data updated")
    STATE_CREATE = "state.create", _("State added")
    DEMO_LOAD = "demo.load", _("demonstration loaded")
    DEMO_REMOVE = "demo.remove", _("demonstration removed")
    # parties
    ACCESSION_REQUEST = "accession.request", _("accession requested")
    ACCESSION_CONSULT = "accession.consult", _("Parties consulted on the accession")
    ACCESSION_ANSWER = "accession.answer", _("answer to the consultation recorded")
    ACCESSION_DECIDE = "accession.decide", _("accession decided")
    ACCESSION_DEPOSIT = "accession.deposit", _("instrument of accession deposited")
    STATUS_ACCESSION = "status.accession", _("treaty status set by the accession")
    STATUS_IMPORT = "status.import", _("treaty status imported")
    # committee
    MEETING_CREATE = "meeting.create", _("meeting created")
    MEETING_UPDATE = "meeting.update", _("meeting changed")
    MEETING_AGENDA = "meeting.agenda", _("agenda changed")
    MEETING_DOCUMENT_ADD = "meeting.document.add", _("meeting document attached")
    MEETING_DOCUMENT_DECLASSIFY = "meeting.document.declassify", _("meeting document declassified")
    MEETING_DECISION = "meeting.decision", _("decision recorded")
    MEETING_PUBLISH = "meeting.publish", _("list of decisions published")
    ADOPTION_MEETING = "adoption.meeting", _("meeting of adoption recorded")
    # cooperation
    ACTIVITY_CREATE = "activity.create", _("capacity-building activity recorded")
    ACTIVITY_UPDATE = "activity.update", _("capacity-building activity changed")
    PRACTICE_CREATE = "practice.create", _("good practice recorded")
    PRACTICE_UPDATE = "practice.update", _("good practice changed")
    PRACTICE_PUBLISH = "practice.publish", _("good practice published")
    PRACTICE_WITHDRAW = "practice.withdraw", _("good practice withdrawn")
    PRACTICE_PROMOTE = "practice.promote", _("evidence promoted to a good practice")
    EUROPEAN_DAY_SAVE = "european_day.save", _("European Day recorded")
    # monitoring
    ROUND_CREATE = "round.create", _("round created")
    ROUND_OPEN = "round.open", _("round opened")
    ROUND_CLOSE_REPLIES = "round.close_replies", _("replies closed")
    ROUND_START_ANALYSIS = "round.start_analysis", _("analysis started")
    ROUND_ADOPT_REPORT = "round.adopt_report", _("report adoption recorded")
    ROUND_START_FOLLOW_UP = "round.start_follow_up", _("follow-up started")
    ROUND_CLOSE = "round.close", _("round closed")
    ROUND_PARTIES = "round.parties", _("Parties of the round changed")
    QUESTIONNAIRE_CREATE = "questionnaire.create", _("questionnaire created")
    QUESTIONNAIRE_DEADLINE = "questionnaire.deadline", _("deadline changed")
    QUESTIONNAIRE_IMPORT = "questionnaire.import", _("questionnaire imported")
    QUESTIONNAIRE_PUBLISH_REPLIES = "questionnaire.publish_replies", _("replies published")
    QUESTIONNAIRE_REORDER = "questionnaire.reorder", _("questions reordered")
    QUESTION_EDIT = "question.edit", _("question edited")
    QUESTION_CORRECT = "question.correct", _("question corrected")
    QUESTION_PROVISIONS = "question.provisions", _("linked provisions changed")
    QUESTION_AUDIENCE = "question.audience", _("addressees changed")
    SCHEME_CREATE = "scheme.create", _("coding scheme created")
    INDICATOR_SAVE = "indicator.save", _("indicator saved")
    NOTIFY_REMINDER = "notify.reminder", _("reminder sent")
    # replies
    REPLY_START = "reply.start", _("reply started")
    ANSWER_SAVE = "answer.save", _("answer saved")
    REPLY_SETTINGS = "reply.settings", _("settings changed")
    REPLY_SUBMIT = "reply.submit", _("reply submitted")
    REPLY_REOPEN = "reply.reopen", _("reply reopened")
    ATTACHMENT_ADD = "attachment.add", _("document attached")
    ATTACHMENT_REMOVE = "attachment.remove", _("document removed")
    DOCUMENT_READY = "document.ready", _("document read")
    DOCUMENT_FAILED = "document.failed", _("document could not be read")
    DOCUMENT_REQUEUED = "document.requeued", _("document queued again")
    PASSAGE_LINK = "passage.link", _("passage linked")
    # assessments
    FINDING_CREATE = "finding.create", _("finding written")
    FINDING_CHANGE = "finding.change", _("finding changed")
    FINDING_EVIDENCE_ADD = "finding.evidence.add", _("passage cited")
    FINDING_EVIDENCE_REMOVE = "finding.evidence.remove", _("citation removed")
    FINDING_REVIEW = "finding.review", _("finding reviewed")
    FINDING_ADOPT = "finding.adopt", _("adoption recorded")
    FINDING_REOPEN = "finding.reopen", _("finding reopened")
    FINDING_COMMENT = "finding.comment", _("comment added")
    SUGGESTIONS_REQUEST = "suggestions.request", _("suggestions requested")
    SUGGESTIONS_COMPUTE = "suggestions.compute", _("suggestions computed")
    SUGGESTION_ACCEPTED = "suggestion.accepted", _("suggestion accepted")
    SUGGESTION_EDITED = "suggestion.edited", _("suggestion accepted with changes")
    SUGGESTION_REJECTED = "suggestion.rejected", _("suggestion rejected")
    SUGGESTION_ACCEPT_PARTY = "suggestion.accept_party", _("suggestions of a Party accepted")
    # recommendations
    RECOMMENDATION_CREATE = "recommendation.create", _("recommendation drafted")
    RECOMMENDATION_UPDATE = "recommendation.update", _("draft changed")
    RECOMMENDATION_ADOPT = "recommendation.adopt", _("adoption recorded")
    RECOMMENDATION_COMMENT = "recommendation.comment", _("comment added")
    FOLLOWUP_REQUEST = "followup.request", _("follow-up requested")
    FOLLOWUP_REPORT = "followup.report", _("follow-up report received")
    EVALUATION_RECORD = "evaluation.record", _("compliance evaluated")
    # reports
    REPORT_SECTION = "report.section", _("report section saved")
    REPORT_SECTION_DELETE = "report.section.delete", _("report section removed")
    ANNUAL_TEXT = "annual.text", _("annual report text saved")
    ANNUAL_TEXT_DELETE = "annual.text.delete", _("annual report text removed")
    PUBLICATION_CREATE = "publication.create", _("publication created")
    PUBLICATION_DRAFT = "publication.draft", _("draft publication prepared")
    PUBLICATION_DRAFT_REBUILD = "publication.draft.rebuild", _("draft publication rebuilt")
    PUBLICATION_PUBLISH = "publication.publish", _("publication published")
    PUBLICATION_FAILED = "publication.failed", _("publication failed")
    PUBLICATION_COMMENT = "publication.comment", _("comment added")
    # legislation
    SELF_ASSESSMENT_CREATE = "self_assessment.create", _("self-assessment created")
    SELF_ASSESSMENT_SHARE = "self_assessment.share", _("self-assessment shared or unshared")
    SELF_ASSESSMENT_PUBLISH = "self_assessment.publish", _("self-assessment published")
    SELF_ASSESSMENT_DELETE = "self_assessment.delete", _("self-assessment deleted")
    ACT_ADD = "act.add", _("legislation uploaded")
    ACT_REMOVE = "act.remove", _("legislation removed")
    LEGAL_LINK_DECIDE = "legal_link.decide", _("link to an obligation confirmed or rejected")
    LEGAL_LINK_ADD = "legal_link.add", _("link to an obligation added")
    LEGAL_ELEMENT_SET = "legal_element.set", _("element of an obligation corrected")


def action_choices() -> list[tuple[str, Any]]:
    """The field's choices, given as a callable so that a new action needs no migration."""
    return Action.choices
