"""``flask workflow tick``, run by cron: it opens and closes consultations at their dates and
says what it did."""

from consult.consultations.models import Consultation
from consult.extensions import db
from tests.consultations.conftest import history


def tick(app):
    result = app.test_cli_runner().invoke(args=["workflow", "tick"])
    assert result.exit_code == 0, result.output
    return result.output


def test_tick_with_nothing_due_says_so(app, make_consultation):
    make_consultation(phase="future", state="published")
    make_consultation(phase="proposals", state="open")
    assert tick(app) == "Nothing to open or close.\n"


def test_tick_opens_and_closes_and_prints_what_it_did(app, make_consultation):
    opening = make_consultation(phase="information", state="published", title="Housing")
    closing = make_consultation(phase="review", state="open", title="Jobs")
    draft = make_consultation(phase="review", state="draft")
    assert tick(app) == (
        f"Opened consultation {opening.id}: Housing\nClosed consultation {closing.id}: Jobs\n"
    )
    db.session.expire_all()
    assert db.session.get(Consultation, opening.id).state == "open"
    assert db.session.get(Consultation, closing.id).state == "closed"
    assert db.session.get(Consultation, draft.id).state == "draft"
    [entry] = history(closing)
    assert (entry.action, entry.actor_id) == ("consultation.close", None)
    assert tick(app) == "Nothing to open or close.\n"
