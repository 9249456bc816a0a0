"""Translated words for the cycle pages: phase names, what comes next, domain error codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from scorecards.errors import DomainError

PHASE_NAMES = {
    "preparation": _l("Preparation"),
    "input_tracking": _l("Input tracking"),
    "community_scoring": _l("Community scoring"),
    "self_assessment": _l("Provider self-assessment"),
    "interface_meeting": _l("Interface meeting"),
    "action_plan": _l("Joint action plan"),
    "review": _l("Review"),
    "published": _l("Published"),
}

NEXT_STEPS = {
    "preparation": _l("Choose the indicators and the participant groups."),
    "input_tracking": _l("Fill in the input tracking sheet."),
    "community_scoring": _l("Open collection, score in groups and enter paper forms."),
    "self_assessment": _l("Collect the providers' self-assessment."),
    "interface_meeting": _l("Hold the interface meeting and record it."),
    "action_plan": _l("Agree the joint action plan."),
    "review": _l("A coordinator reviews and publishes the round."),
    "published": _l("Follow the actions up; start the follow-up round."),
}

ERRORS = {
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
    "reason_required": _l("Give a reason."),
    "reason_too_long": _l("The reason is too long."),
    "value_required": _l("Enter a score, or na if it does not apply."),
    "value_not_number": _l("This is not a number."),
    "value_not_integer": _l("Enter a whole number."),
    "value_out_of_range": _l("The value is outside the scale."),
    "value_not_on_step": _l("This value is between the scale's steps. Allowed: %(allowed)s."),
    "scale_has_answers": _l(
        "Answers are already stored on this round's scales; they cannot be changed now."
    ),
    "scale_not_current": _l("Choose a current scale."),
    "scale_replaced": _l("A newer version of this scale exists; edit that one."),
    "scale_name_missing": _l("Give the scale a name in this language."),
    "scale_too_few_points": _l("A scale needs at least %(min)s points."),
    "scale_too_many_points": _l("A scale has at most %(max)s points."),
    "scale_label_missing": _l("Give this point a label in this language."),
    "scale_label_duplicate": _l("Two points have the same label."),
    "scale_mark_unknown": _l("Choose a face or colour from the list."),
    "scale_positive_outside": _l("The positive threshold must be one of the scale's values."),
    "scale_bound_not_integer": _l("Enter a whole number."),
    "scale_range_empty": _l("The minimum must be below the maximum."),
    "scale_step_invalid": _l("The step must be a number above 0 with at most three decimals."),
    "scale_step_not_dividing": _l("The step must divide the range from minimum to maximum."),
    "scale_too_many_steps": _l("The range has too many steps (at most %(max)s)."),
    "value_negative": _l("The value cannot be negative."),
    "formula_cell": _l("Formulas are not accepted."),
    "count_not_integer": _l("Enter a whole number."),
    "count_negative": _l("A count cannot be negative."),
    "count_too_large": _l("This count is too large."),
    "count_exceeds_group": _l("More answers than people in the group."),
    "unknown_point": _l("This point is not on the scale."),
    "status_change_not_allowed": _l("The action cannot move to that status."),
    "status_unknown": _l("Unknown status."),
    "file_too_large": _l("The file is too large."),
    "file_empty": _l("The file is empty."),
    "file_type_unsupported": _l("Upload a CSV or XLSX file."),
    "file_unreadable": _l("The file cannot be read."),
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
    "indicator_already_in_round": _l("This indicator is already in the round."),
    "indicator_text_taken": _l("This round already has an indicator with this text."),
    "facility_not_in_area": _l("This facility is outside your areas."),
    "previous_round_other_facility": _l("The previous round must be at the same facility."),
    "previous_round_taken": _l("That round already has a follow-up round."),
    "group_label_taken": _l("A group with this name already exists."),
    "duplicate_respondent_ref": _l("This form number has already been entered."),
    "indicator_has_answers": _l("This indicator has been scored; it cannot be dropped."),
    "organisation_required": _l("The round needs an organisation."),
    "subject_unknown": _l("Choose the indicator or input the action answers."),
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
    "file_too_many_rows": _l("The file has too many rows."),
    "file_too_many_columns": _l("The sheet has too many columns."),
    "file_too_many_cells": _l("The sheet is too large to read."),
    "file_too_slow": _l("Checking the file took too long; split it into smaller files."),
    "file_unpacks_too_large": _l("The spreadsheet is too large once unpacked."),
    "response_withdrawn": _l("This response has already been withdrawn."),
    "response_not_editable": _l("A citizen's own response cannot be edited; it can be withdrawn."),
    "comment_too_long": _l("The comment is too long."),
    "batch_empty": _l("Nothing of this file still counts; there is nothing to withdraw."),
    "comment_required": _l("Write what should be fixed."),
    "round_not_in_review": _l("Only a round in review can be sent back."),
    "action_withdrawn": _l("This action has been withdrawn."),
    "update_empty": _l(
        "The update is empty: write what happened, or change the status."
    ),
    "client_uuid_taken": _l("This update was already sent for another action."),
}


GENDER_NAMES = {
    "female": _l("Woman"),
    "male": _l("Man"),
    "other": _l("Other"),
    "undisclosed": _l("Not said"),
}

AGE_NAMES = {
    "under_18": _l("Under 18"),
    "18_34": "18–34",
    "35_59": "35–59",
    "60_plus": _l("60 and over"),
    "undisclosed": _l("Not said"),
}


def error_text(error: DomainError | str, **params: object) -> str:
    """The user's-language sentence for a domain error code (the code itself if unknown).

    Messages with placeholders (``%(allowed)s``) take them from the error's params and
    ``params``; a message whose placeholders are not all given is shown unformatted.
    """
    code = error if isinstance(error, str) else error.code
    message = ERRORS.get(code)
    if message is None:
        return code
    text = str(message)
    if "%(" not in text:
        return text
    values = {**(error.params if isinstance(error, DomainError) else {}), **params}
    try:
        return text % values
    except (KeyError, TypeError, ValueError):
        return text


def phase_name(code: str) -> str:
    return str(PHASE_NAMES.get(code, code))


def init_cycle_templating(state) -> None:
    """Give the cycle templates the phase names and the demographic labels."""

    @state.app.context_processor
    def inject() -> dict:
        return {
            "phase_name": phase_name,
            "gender_names": GENDER_NAMES,
            "age_names": AGE_NAMES,
        }
