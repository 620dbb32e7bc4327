"""The Action Plan, revision and outcome pages, with content on them: axe finds nothing against
WCAG 2.1 A/AA and none scrolls sideways on a 360 px phone, in Greek, Arabic and Persian. A plan
in two versions (a measure added, one changed, one retired), its version page, a measure with
its traceability and discussion, the diff with its word-level changes, a revision open for
feedback with its amendment page, the amendment form with its mistakes marked, the outcome of a
consultation with its dispositions, its management page for a moderator, and the printable
version."""

import uuid
from datetime import timedelta

import pytest

from consult.accounts import operations as accounts
from consult.actionplan import operations as plans
from consult.consultations.models import Consultation
from consult.consultations.operations import DATE_FIELDS
from consult.core.history import utcnow
from consult.extensions import db
from consult.outcomes import operations as outcomes
from consult.proposals.models import Proposal
from tests.browser.conftest import assert_accessible, goto, new_account, sign_in

LANGS = ("el", "ar", "fa")
PHONE = {"width": 360, "height": 740}


def _register(lang, role=None, granted_by=None):
    account = new_account(lang)
    user = accounts.register(
        account.email, account.password, account.display_name, lang, accepted_terms=True
    )
    if role is not None:
        accounts.grant_role(user, role, granted_by)
    return account, user


@pytest.fixture(scope="module")
def world(live_server):
    token = uuid.uuid4().hex[:6]
    with live_server.app.test_request_context("/en/"):
        admin, admin_user = _register("en", "admin")
        owner, owner_user = _register("el")
        author = _register("ar")[1]
        now = utcnow().replace(second=0, microsecond=0)
        # Proposals taken a while ago; now in review (closed for supports).
        days = (-30, -29, -20, -15, -5, -1)
        dates = {n: now + timedelta(days=d) for n, d in zip(DATE_FIELDS, days, strict=True)}
        consultation = Consultation(
            language="el", title=f"Στέγαση {token}", summary="Περίληψη", body="Κείμενο",
            state="open", categories=[], **dates,
        )  # fmt: skip
        db.session.add(consultation)
        db.session.commit()
        # Written during the proposals phase (which is over): stored as it would be.
        proposal = Proposal(
            consultation_id=consultation.id, author_id=author.id, language="ar",
            title=f"سكن ميسور {token}", body="نحتاج إلى إيجارات أقل.", state="published",
            published_at=now - timedelta(days=25),
        )  # fmt: skip
        db.session.add(proposal)
        consultation.proposals_count += 1
        db.session.commit()
        plan = plans.create_plan(
            admin_user, f"Σχέδιο Δράσης {token}", "el", "Οι **στόχοι** του σχεδίου.",
            [
                ("Στέγαση", "Ένα σπίτι για όλους.", [
                    {"title": "Προσιτή κατοικία", "description": "Επιδότηση ενοικίου.",
                     "responsible_body": "Δήμος Θεσσαλονίκης", "indicators": "Οικογένειες"},
                    {"title": "Δίκτυο φιλοξενίας", "description": "Θέσεις έκτακτης ανάγκης."},
                ]),
                ("Εργασία", "", [{"title": "Προγράμματα απασχολησιμότητας",
                                  "description": "Μαθήματα και πρακτική άσκηση."}]),
            ],
        )  # fmt: skip
        plans.grant_owner(plan, owner_user, admin_user)
        outcomes.dispose(proposal, admin_user, "accepted", "Θα το εφαρμόσουμε.", "el")
        outcomes.write(consultation, admin_user, "Ακούσαμε τις **προτάσεις** σας.", "el")
        outcome = outcomes.publish(consultation, admin_user)
        revision = plans.open_revision(plan, owner_user, "Άνοιξη", "Γιατί αλλάζουμε.", "el")
        plans.amend(
            revision, owner_user, "change", measure_key=1, title="Προσιτή κατοικία για όλους",
            description="Επιδότηση ενοικίου και εγγύησης.", responsible_body="Δήμος",
            indicators="Οικογένειες", reason="Το ζήτησαν οι κάτοικοι.",
            citations=[("proposals", proposal.id), ("consultation_outcomes", outcome.id)],
        )  # fmt: skip
        plans.amend(
            revision, owner_user, "add", section_key=2, title="Αναγνώριση δεξιοτήτων",
            description="Χωρίς πτυχία.", reason="Πρωτοβουλία του δήμου.", initiated_by_city=True,
        )  # fmt: skip
        plans.amend(
            revision, owner_user, "retire", measure_key=2, reason="Καλύπτεται αλλού.",
            initiated_by_city=True,
        )  # fmt: skip
        plans.transition(revision, "approve", admin_user)
        plans.publish(revision, owner_user)
        open_revision = plans.open_revision(plan, owner_user, "Φθινόπωρο", "Επόμενα.", "el")
        amendment = plans.amend(
            open_revision, owner_user, "change", measure_key=3, title="Προγράμματα εργασίας",
            description="Με φύλαξη παιδιών.", reason="Πρωτοβουλία.", initiated_by_city=True,
        )  # fmt: skip
        plans.transition(open_revision, "open_review", owner_user)
        return {
            "admin": admin,
            "owner": owner,
            "plan": plan.id,
            "consultation": consultation.id,
            "revision": open_revision.id,
            "draft": open_revision.id,
            "amendment": amendment.id,
        }


def _check(page, path):
    goto(page, path)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_pages_are_accessible(new_page, world, lang):
    page = new_page(viewport=PHONE)
    plan = world["plan"]
    for path in (
        f"/{lang}/plan/",
        f"/{lang}/plan/{plan}/v2",
        f"/{lang}/plan/{plan}/v1",
        f"/{lang}/plan/{plan}/measures/1",
        f"/{lang}/plan/{plan}/measures/2",
        f"/{lang}/plan/{plan}/diff?from=1&to=2",
        f"/{lang}/plan/{plan}/revisions/",
        f"/{lang}/revisions/{world['revision']}",
        f"/{lang}/amendments/{world['amendment']}",
        f"/{lang}/consultations/{world['consultation']}/outcome",
        f"/{lang}/plan/{plan}/v2/print",
    ):
        _check(page, path)


@pytest.mark.parametrize("lang", LANGS)
def test_the_owner_s_and_moderator_s_pages_are_accessible(new_page, world, lang):
    page = new_page(viewport=PHONE)
    sign_in(page, world["owner"], lang)
    _check(page, f"/{lang}/plan/{world['plan']}/revisions/")
    goto(page, f"/{lang}/revisions/{world['revision']}")
    admin_page = new_page(viewport=PHONE)
    sign_in(admin_page, world["admin"], lang)
    _check(admin_page, f"/{lang}/consultations/{world['consultation']}/outcome/manage")
    _check(admin_page, f"/{lang}/revisions/{world['revision']}")
