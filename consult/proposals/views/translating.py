"""Entering translations of a proposal (the author, admins; curators for the answer)."""

from flask import abort, flash, render_template
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.languages import CONTENT_LANGUAGES, direction
from consult.core.permissions import current_actor
from consult.proposals import operations as ops
from consult.proposals import queries
from consult.proposals.forms import (
    TranslationForm,
)
from consult.proposals.views import (
    _proposal_or_404,
    _refuse,
    _signed_in_or_redirect,
    _to_detail,
    _translatable_fields,
    bp,
)
from consult.translations.display import load_translations

# Translating ----------------------------------------------------------------------------------


@bp.route("/proposals/<id:proposal_id>/translations/<locale>", methods=["GET", "POST"])
def translate(proposal_id, locale):
    if locale not in CONTENT_LANGUAGES:
        abort(404)
    proposal = _proposal_or_404(proposal_id)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    if not any(ops.may_translate(current_user, proposal, f) for f in ops.TRANSLATABLE):
        abort(403)
    fields = _translatable_fields(proposal, locale)
    if not fields:
        abort(404)
    found = load_translations([proposal], locale).get((proposal.__tablename__, proposal.id), {})
    existing = {field: found.get((field, locale)) for field in fields}
    form = TranslationForm(**{f: row.text for f, row in existing.items() if row is not None})
    for field in set(ops.TRANSLATABLE) - set(fields):
        del form[field]
    for field in fields:
        # What people type here is in the translation's language, not the page's.
        form[field].render_kw = {
            **(form[field].render_kw or {}),
            "lang": locale,
            "dir": direction(locale),
        }
    if form.validate_on_submit():
        changed = False
        try:
            for field in fields:
                text = form[field].data
                row = existing[field]
                if text and (row is None or text != row.text):
                    ops.save_translation(proposal, field, locale, text, current_actor())
                    changed = True
                elif not text and row is not None:
                    changed |= ops.remove_translation(proposal, field, locale, current_actor())
        except ops.ProposalError as error:
            _refuse(form, error)
        else:
            if changed:
                flash(_("The translation is saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return _to_detail(proposal)
    shown, _consultation = queries.localize_page(locale, [proposal], original=True)
    return render_template(
        "proposals/translate.html",
        proposal=proposal,
        shown=shown[proposal.id],
        form=form,
        locale=locale,
    ), (422 if form.errors else 200)
