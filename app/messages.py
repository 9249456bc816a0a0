"""One catalogue of what codes mean to people: the sentence for every domain error code
and the labels of phases, next steps, action statuses and sides.

The domain (``scorecards``) and the services refuse with a code (``DomainError``,
``OpenRosaRefusal``, a checker's ``Problem``); the pages, the JSON send, SMS and OpenRosa
replies turn it into words here, so one code reads the same everywhere and a new code
gets its sentence in one place. ``tests/app/test_message_catalogue.py`` fails when a code
raised under ``scorecards/`` or ``app/services/`` has no entry, or an entry is not
translated in every offered language; the strings live in ``app/i18n/messages``.

Demographic labels (gender, age band) are not here: they are kept in the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scorecards.errors import DomainError

MESSAGES: Mapping[str, object] = {
    # -- the cycle: phases and what a move needs
    "transition_not_allowed": _l("The round cannot move to that phase from here."),
    "needs_indicators": _l("Add at least one indicator first."),
    "needs_groups": _l("Add at least one participant group first."),
    "needs_community_scores": _l("No community scores have been entered yet."),
    "needs_meeting": _l("Record the interface meeting first."),
    "needs_actions": _l("Add at least one action to the plan first."),
    "needs_scores": _l("A round with no scores cannot be published."),
    "round_locked": _l("This round is published and locked. Unlock it to make changes."),
    "round_not_collecting": _l("Scores can only be entered while the round is scoring."),
    "round_not_published": _l("Only a published round can be unlocked."),
    "round_not_in_review": _l("Only a round in review can be sent back."),
    "collection_not_allowed": _l(
        "Answers can only be collected during community scoring or self-assessment."
    ),
    "comment_required": _l("Write what should be fixed."),
    "comment_too_long": _l("The comment is too long."),
    "reason_required": _l("Give a reason."),
    "reason_too_long": _l("The reason is too long."),
    # -- preparation
    "organisation_required": _l("Choose the organisation."),
    "facility_not_in_area": _l("This facility is outside your areas."),
    "previous_round_other_facility": _l("The previous round must be at the same facility."),
    "previous_round_taken": _l("That round already has a follow-up round."),
    "indicator_already_in_round": _l("This indicator is already in the round."),
    "indicator_text_taken": _l("This round already has an indicator with this text."),
    "indicator_has_answers": _l("This indicator has been scored; it cannot be dropped."),
    "group_label_taken": _l("A group with this name already exists."),
    # -- values, scores and counts
    "value_required": _l("Enter a score, or na if it does not apply."),
    "value_not_number": _l("Enter a number."),
    "value_not_integer": _l("Enter a whole number."),
    "value_out_of_range": _l("Choose a whole number from %(min)d to %(max)d."),
    "value_not_on_step": _l("Choose one of the scale's values: %(allowed)s."),
    "value_and_missing": _l('Give a number or tick "don\'t know", not both.'),
    "value_negative": _l("The value cannot be negative."),
    "formula_cell": _l("Formulas are not accepted."),
    "count_not_integer": _l("Enter a whole number."),
    "count_negative": _l("A count cannot be negative."),
    "count_too_large": _l("This count is too large."),
    "count_exceeds_group": _l("More answers than people in the group."),
    "tally_count_invalid": _l("A count must be a whole number, 0 or more."),
    "unknown_point": _l("This point is not on the scale."),
    # -- scales
    "scale_has_answers": _l(
        "Answers are already stored on this round's scales; they cannot be changed now."
    ),
    "scale_not_current": _l("Choose a current scale."),
    "scale_replaced": _l("A newer version of this scale exists; edit that one."),
    "scale_required": _l("Choose the scale."),
    "scale_unknown": _l("This scale is not known here."),
    "scale_name_missing": _l("Give the scale a name in this language."),
    "scale_too_few_points": _l("A scale needs at least %(min)s points."),
    "scale_too_many_points": _l("A scale has at most %(max)s points."),
    "scale_label_missing": _l("Give this point a label in this language."),
    "scale_label_duplicate": _l("Two points have the same label."),
    "scale_mark_unknown": _l("Choose a face or colour from the list."),
    "scale_positive_outside": _l("The positive threshold must be one of the scale's values."),
    "scale_point_outside": _l("Every point must lie between the minimum and the maximum."),
    "scale_bound_not_integer": _l("Enter a whole number."),
    "scale_range_empty": _l("The minimum must be below the maximum."),
    "scale_step_invalid": _l("The step must be a number above 0 with at most three decimals."),
    "scale_step_not_dividing": _l("The step must divide the range from minimum to maximum."),
    "scale_too_many_steps": _l("The range has too many steps (at most %(max)s)."),
    # -- actions and their follow-up
    "status_change_not_allowed": _l("The action cannot move to that status."),
    "status_unknown": _l("Choose a status from the list."),
    "action_status_unknown": _l("Choose a status from the list."),
    "action_withdrawn": _l("This action has been withdrawn."),
    "update_empty": _l("The update is empty: write what happened, or change the status."),
    "client_uuid_taken": _l("This update was already sent for another action."),
    "subject_unknown": _l("Choose the indicator or input the action answers."),
    # -- file imports (paper forms typed into a spreadsheet)
    "file_too_large": _l("The file is too large (at most %(mb)d MB)."),
    "file_empty": _l("The file is empty."),
    "file_type_unsupported": _l("Upload a CSV or XLSX file."),
    "file_unreadable": _l("The file cannot be read."),
    "file_too_many_rows": _l(
        "The file has more than %(max)s rows. Split it into smaller files and import "
        "them one by one. Nothing was stored."
    ),
    "file_too_many_columns": _l(
        "The sheet has more than %(max)s columns. Use the round's template. "
        "Nothing was stored."
    ),
    "file_too_many_cells": _l(
        "The sheet is too large to read (more than %(max)s cells). Remove what is not "
        "part of the template, or split the file. Nothing was stored."
    ),
    "file_too_slow": _l(
        "Checking this file took longer than %(seconds)s seconds, so it was stopped. "
        "Split it into smaller files and import them one by one. Nothing was stored."
    ),
    "file_unpacks_too_large": _l(
        "The spreadsheet is too large once unpacked (at most %(mb)s MB). Remove other "
        "sheets and pictures, or split the file. Nothing was stored."
    ),
    "template_kind_unknown": _l("Choose which template the file follows."),
    "wrong_columns": _l("The columns do not match the template."),
    "missing_column": _l("A required column is missing."),
    "unknown_indicator": _l("Unknown indicator."),
    "missing_respondent": _l("The respondent number is missing."),
    "bad_respondent_id": _l("The respondent number is not valid."),
    "duplicate_respondent": _l("This respondent number appears more than once."),
    "bad_group": _l("Unknown group."),
    "bad_gender": _l("Unknown gender."),
    "bad_age_band": _l("Unknown age band."),
    "bad_disability": _l("Unknown disability answer."),
    "duplicate_tally": _l("This group and indicator appear more than once."),
    "duplicate_respondent_ref": _l("This form number has already been entered."),
    "import_failed": _l("The import failed; nothing was stored. Try again."),
    "column_key_invalid": _l("An indicator code cannot be used as a column name."),
    "column_key_duplicate": _l("Two indicators have the same code."),
    "group_ambiguous": _l("Two groups have the same name."),
    "import_not_ready": _l("This import is not ready for that step."),
    "import_already_started": _l("This import has already started; it runs only once."),
    "import_interrupted": _l(
        "The import stopped before it finished (the server was restarted); nothing was "
        "stored. Upload the file again."
    ),
    # -- corrections of stored answers
    "response_withdrawn": _l("This response has already been withdrawn."),
    "response_not_editable": _l("A citizen's own response cannot be edited; it can be withdrawn."),
    "batch_empty": _l("Nothing of this file still counts; there is nothing to withdraw."),
    # -- the catalogue of indicators and templates
    "text_required": _l("Enter the text in Mongolian."),
    "code_invalid": _l(
        "Use letters, digits, dots, dashes or underscores, at most %(max)s characters."
    ),
    "code_reserved": _l("Codes ending in -v and a number are kept for versions."),
    "code_taken": _l("This code is already used."),
    "sector_required": _l("Choose the sector."),
    "facility_type_other_sector": _l("Choose facility types of the chosen sector only."),
    "indicator_text_in_library": _l(
        "The library already has an indicator with this text (%(existing)s)."
    ),
    "indicator_superseded": _l(
        "This is an old version; edit the newest version of the indicator instead."
    ),
    "indicator_retired": _l("This indicator is retired; restore it before using or editing it."),
    "indicator_not_proposed": _l("Only indicators proposed in a round can be promoted."),
    "indicator_already_in_library": _l("This indicator is already in the library."),
    "indicator_not_in_library": _l("Choose an indicator from the library."),
    "indicator_other_sector": _l("Choose an indicator of the template's sector."),
    "indicator_already_in_template": _l("This indicator is already in the template."),
    "indicator_not_in_template": _l("This indicator is not in the template."),
    "template_superseded": _l(
        "This is an old version; edit the newest version of the template instead."
    ),
    "template_sector_has_indicators": _l(
        "The template holds indicators of its sector; remove them before changing the sector."
    ),
    # -- moderation of free text
    "text_unknown": _l("That text is not part of this round, or its form was withdrawn."),
    # -- a citizen's answers (phone, JSON send, SMS)
    "collection_closed": _l("This scorecard is closed. Your answers were not stored."),
    "group_required": _l("Choose your group."),
    "group_invalid": _l("Choose one of the groups listed."),
    "choice_invalid": _l("Choose one of the options listed."),
    "text_too_long": _l("Please keep this under %(max)d characters."),
    "indicator_not_in_round": _l(
        "An answer was sent for a question that is not on this scorecard. "
        "Please reload the page."
    ),
    "answer_required": _l('Choose an answer, or "don\'t know / not applicable".'),
    "uuid_invalid": _l("This form is out of date. Please reload the page."),
    "uuid_conflict": _l(
        "A different response was already sent from this form (receipt %(receipt)s). "
        "The first one is kept; please reload the page to start a new one."
    ),
    "join_code_invalid": _l(
        "A join code has 4 to 12 Latin letters and digits. Check the code on the poster."
    ),
    "sms_body_unreadable": _l("The gateway sent a message that cannot be read."),
    # -- accounts and passwords
    "password_too_short": _l("The password must have at least %(min)s characters."),
    "password_too_long": _l("The password is too long."),
    "password_common": _l(
        "This password is one of the most common ones and easy to guess. Choose another."
    ),
    "password_personal": _l(
        "The password must not contain your e-mail, your name or the name of this site."
    ),
    "password_repetitive": _l(
        "The password repeats too few characters. Choose a longer, varied one."
    ),
    "password_wrong": _l("The current password is not correct."),
    "password_unchanged": _l("The new password must differ from the current one."),
    "email_taken": _l("An account with this e-mail already exists."),
    "email_invalid": _l("This is not a valid e-mail address."),
    "role_unknown": _l("Choose a role from the list."),
    "area_required": _l("Choose at least one area for this role."),
    "own_account": _l("You cannot change your own role or deactivate yourself."),
    "last_admin": _l("At least one active administrator must remain."),
    "organisation_taken": _l("An organisation with this name already exists."),
    "account_locked": _l(
        "Too many failed sign-ins with this e-mail address: signing in with it "
        "is locked until %(time)s. Wait, or ask an administrator."
    ),
    # -- tablets (ODK Collect, KoboCollect, Enketo) and their forms
    "label_required": _l("Give the tablet a name, e.g. “Tablet 1”."),
    "version_header": _l(
        "This request is missing the X-OpenRosa-Version header. Use ODK Collect, "
        "KoboCollect or Enketo."
    ),
    "token_unknown": _l(
        "This server address is not valid. Scan the QR code on the round's collection "
        "page again."
    ),
    "token_revoked": _l(
        "This tablet's access was revoked by the facilitator. Nothing was stored; ask "
        "for a new QR code."
    ),
    "form_unknown": _l(
        "There is no such form on this server for this tablet. Nothing was stored."
    ),
    "form_outdated": _l(
        "The round's questions changed after this form was downloaded. Nothing was "
        "stored: get the new form (Get blank form) and fill the interview in again."
    ),
    "form_no_groups": _l("Add at least one participant group first."),
    "form_no_indicators": _l("Add at least one indicator first."),
    "form_not_converted": _l(
        "The form for tablets could not be made from this round. Tell the administrator."
    ),
    "question_name_duplicate": _l(
        "Two indicators give the same question name in the tablet form; change one code."
    ),
    "xml_too_large": _l("The interview is larger than %(max)d KB. Nothing was stored."),
    "body_too_large": _l("What was sent is too large. Nothing was stored."),
    "xml_malformed": _l(
        "The interview could not be read (it is not well-formed XML, or it declares "
        "entities). Nothing was stored."
    ),
    "instance_id_missing": _l(
        "The interview has no instance ID (meta/instanceID). Nothing was stored."
    ),
    "file_missing": _l("The request has no xml_submission_file part. Nothing was stored."),
    # -- figures, reports and exports: refusals the pages never let a user cause; if one
    # shows, the sentence says what broke so whoever reads it can report it
    "grouping_unknown": _l("The figures cannot be grouped this way."),
    "grouping_repeated": _l("The figures cannot be grouped twice by the same thing."),
    "breakdowns_crossed": _l("Only one breakdown (gender, age or disability) at a time."),
    "source_unknown": _l("Choose individual votes or consensus scores."),
    "sources_mixed": _l("Individual votes and consensus scores cannot be counted together."),
    "consensus_not_poolable": _l("Consensus scores of several groups cannot be pooled."),
    "distribution_consensus": _l("Consensus scores have no distribution of votes."),
    "distribution_mismatch": _l("The counts do not add up to the number of answers."),
    "indicator_duplicated": _l("An indicator appears twice in the figures."),
    "period_unknown": _l("This period has no figures."),
    "round_chain_branched": _l("Two follow-up rounds follow the same round."),
    "round_chain_broken": _l("The follow-up rounds do not form one chain."),
    "columns_missing": _l("The figures lack a column they need."),
    "key_missing": _l("The figures lack a column they need."),
    "date_invalid": _l("The date is not valid."),
    "k_invalid": _l("The smallest group shown must be a whole number, 1 or more."),
    "area_unknown": _l("The map has no area with this code."),
    "boundary_invalid": _l("The map's boundaries cannot be read."),
    "export_empty": _l("There is nothing to export."),
    "text_missing": _l("The report cannot be made: a text of it is missing."),
    "table_row_width": _l("The report cannot be made: a table row has the wrong width."),
    "image_not_png": _l("The report cannot be made: a picture is not a PNG image."),
}
"""Code -> the sentence shown for it. Placeholders (``%(max)s``) are filled from the
error's params and the caller's; see :func:`message_for`."""

WITHOUT_PARAMS: Mapping[str, object] = {
    "file_too_large": _l("The file is too large."),
    "value_out_of_range": _l("The value is outside the scale."),
    "value_not_on_step": _l("Choose one of the scale's values."),
    "file_too_many_rows": _l("The file has too many rows."),
    "file_too_many_columns": _l("The sheet has too many columns."),
    "file_too_many_cells": _l("The sheet is too large to read."),
    "file_too_slow": _l("Checking the file took too long; split it into smaller files."),
    "file_unpacks_too_large": _l("The spreadsheet is too large once unpacked."),
    "account_locked": _l(
        "Too many failed sign-ins with this e-mail address. Wait, or ask an administrator."
    ),
}
"""The sentence for a code whose values are not at hand (a problem stored with its code
only, a list of problems by code), so no one sees an unfilled ``%(max)s``."""

ON_TABLET: Mapping[str, object] = {
    "collection_closed": _l(
        "Collection for this round is closed. Nothing was stored; the interview stays "
        "on the tablet."
    ),
    "uuid_conflict": _l(
        "An interview with this instance ID was already stored with other answers "
        "(receipt %(receipt)s). Nothing was changed."
    ),
}
"""Where a tablet's reply must say something else than a phone's: the interview is kept
on the tablet, and there is no page to reload."""

CONTEXTS: Mapping[str, Mapping[str, object]] = {"tablet": ON_TABLET}

PHASE_NAMES: Mapping[str, object] = {
    "preparation": _l("Preparation"),
    "input_tracking": _l("Input tracking"),
    "community_scoring": _l("Community scoring"),
    "self_assessment": _l("Provider self-assessment"),
    "interface_meeting": _l("Interface meeting"),
    "action_plan": _l("Joint action plan"),
    "review": _l("Review"),
    "published": _l("Published"),
}
"""A round's state (its phase) -> its name."""

NEXT_STEPS: Mapping[str, object] = {
    "preparation": _l("Choose the indicators and the participant groups."),
    "input_tracking": _l("Fill in the input tracking sheet."),
    "community_scoring": _l("Open collection, score in groups and enter paper forms."),
    "self_assessment": _l("Collect the providers' self-assessment."),
    "interface_meeting": _l("Hold the interface meeting and record it."),
    "action_plan": _l("Agree the joint action plan."),
    "review": _l("A coordinator reviews and publishes the round."),
    "published": _l("Follow the actions up; start the follow-up round."),
}
"""A round's state -> what its team does next."""

STEP_NAMES: Mapping[str, object] = {
    **{code: name for code, name in PHASE_NAMES.items() if code not in ("review", "published")},
    "review": _l("Review and publication"),
}
"""The seven steps of the stepper: the phases, with review and publication as one."""

ACTION_STATUS_NAMES: Mapping[str, object] = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
"""An action's status -> its name, on the plan, the inbox, the meeting and the reports."""

SIDE_NAMES: Mapping[str, object] = {
    "community": _l("Community"),
    "provider": _l("Service providers"),
}
"""Who answered: the community or the service providers."""

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdf]")


def message_for(
    error: DomainError | str, context: str | None = None, **params: object
) -> str:
    """The user's-language sentence for a domain error or its code.

    Placeholders are filled from the error's params, then ``params`` (a caller's values
    win: a view formats a number or a date for display). When a value is missing the
    code's sentence without values is used (:data:`WITHOUT_PARAMS`). ``context``
    (``"tablet"``) picks a sentence worded for that channel where one exists. A code
    with no entry (the catalogue test keeps raised codes from being one) is named in
    a general sentence rather than shown bare.
    """
    code = error if isinstance(error, str) else error.code
    message = CONTEXTS.get(context or "", {}).get(code) or MESSAGES.get(code)
    if message is None:
        return _("This was not accepted (%(code)s).", code=code)
    text = str(message)
    names = set(_PLACEHOLDER.findall(text))
    if not names:
        return text
    values = {**(error.params if isinstance(error, DomainError) else {}), **params}
    if names - values.keys():
        plain = WITHOUT_PARAMS.get(code)
        return str(plain) if plain is not None else _PLACEHOLDER.sub("…", text)
    try:
        return text % values
    except (TypeError, ValueError):
        return str(WITHOUT_PARAMS.get(code, text))


def phase_name(code: str) -> str:
    """A phase's name (the code itself for a state this version does not know)."""
    return str(PHASE_NAMES.get(code, code))


def next_step(code: str) -> str:
    """What a round's team does next in phase ``code`` ("" when unknown)."""
    return str(NEXT_STEPS.get(code, ""))


def step_name(code: str) -> str:
    """A stepper step's name (the code itself when unknown)."""
    return str(STEP_NAMES.get(code, code))


def action_status_name(code: str) -> str:
    """An action status's name (the code itself when unknown)."""
    return str(ACTION_STATUS_NAMES.get(code, code))


def side_name(code: str) -> str:
    """A side's name (the code itself when unknown)."""
    return str(SIDE_NAMES.get(code, code))
