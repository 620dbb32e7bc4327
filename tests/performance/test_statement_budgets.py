"""Every list and detail page runs at most eight SQL statements, and as many for a large data set
as for a small one: for an anonymous reader and for a signed-in member (issue 8's budget).

Each page is read once first (a session's first read of a page counts it, a write the later
reads skip), then from a fresh session, as a new worker process would."""

import os
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from consult.actionplan import operations as plans
from consult.actionplan.models import Measure, PlanVersion
from consult.extensions import db
from consult.feedback import operations as fb
from consult.outcomes import operations as outcomes
from consult.supports import operations as supports
from consult.translations.models import ContentTranslation
from tests.conftest import sign_in

BUDGET = 8
#: ``CONSULT_SHOW_SQL=1`` prints the statements each page runs.
SHOW = os.environ.get("CONSULT_SHOW_SQL") == "1"

PAGES = (
    "home",
    "consultations",
    "consultation",
    "proposals",
    "proposals_supported",
    "proposal",
    "results",
    "plan_version",
    "measure",
    "outcome",
)


def _translate(obj, field, locale, text):
    db.session.add(
        ContentTranslation(
            object_type=obj.__tablename__,
            object_id=obj.id,
            field=field,
            locale=locale,
            text=text,
            origin="human",
        )
    )


def _discuss(app, subject, people, n):
    """``n`` top-level comments on ``subject``, every third with a reply and a reply to it,
    one highlighted and a summary."""
    moderator = people[0]
    with app.test_request_context("/en/"):
        discussion = fb.discussion_of(subject)
        for i in range(n):
            top = fb.post(discussion, people[1 + i % 3], f"Comment {i}")
            if i % 3 == 0:
                reply = fb.post(discussion, people[1 + (i + 1) % 3], "A reply", parent=top)
                fb.post(discussion, people[1 + (i + 2) % 3], "A reply to it", parent=reply)
                fb.support(top, people[1 + (i + 2) % 3])
            if i == 1:
                fb.highlight(top, moderator)
        fb.summarise(fb.discussion_of(subject), moderator, "What was said.", "en")


@pytest.fixture
def site(app, make_consultation, make_proposal, make_user):
    """``site(n)``: a site with ``n`` proposals (and ``n`` measures), a thread of 1.5 × ``n``
    comments on a proposal, a consultation and a measure, translations, supports, a published
    outcome and a plan; returns the URLs of its pages and its member."""

    def build(n):
        moderator = make_user(roles=("moderator",))
        admin = make_user(roles=("admin",))
        people = [moderator, *(make_user() for _ in range(3))]
        member = people[1]
        open_ = make_consultation(phase="voting", categories=["Housing"])
        proposals = [make_proposal(open_, category="Housing") for _ in range(n)]
        for proposal in proposals:
            _translate(proposal, "title", "el", f"Πρόταση {proposal.id}")
        _translate(open_, "title", "el", "Διαβούλευση")
        make_proposal(open_, author=member, state="draft")
        db.session.commit()
        with app.test_request_context("/en/"):
            for proposal in proposals[: min(n, 3)]:
                supports.support(member, proposal)
        _discuss(app, proposals[0], people, n * 3 // 2)
        _discuss(app, open_, people, n * 3 // 2)
        review = make_consultation(phase="review")
        reviewed = [make_proposal(review) for _ in range(n)]
        with app.test_request_context("/en/"):
            for proposal in reviewed:
                outcomes.dispose(proposal, moderator, "accepted", f"Yes to {proposal.id}.")
            outcomes.write(review, moderator, "What we heard.")
            outcomes.publish(review, moderator)
            plan = plans.create_plan(
                admin,
                "Action Plan",
                "en",
                "The plan.",
                [
                    ("Housing", "Homes.", [{"title": f"Measure {i}"} for i in range(n)]),
                    ("Work", "", [{"title": "Courses"}]),
                ],
            )
        measure = db.session.scalar(
            sa.select(Measure)
            .join(PlanVersion)
            .where(PlanVersion.plan_id == plan.id, Measure.key == 1)
        )
        _discuss(app, measure, people, n * 3 // 2)
        urls = {
            "home": "/en/",
            "consultations": "/en/consultations/",
            "consultation": f"/en/consultations/{open_.id}",
            "proposals": f"/en/consultations/{open_.id}/proposals/",
            "proposals_supported": f"/en/consultations/{open_.id}/proposals/?sort=supported",
            "proposal": f"/el/proposals/{proposals[0].id}",
            "results": f"/en/consultations/{open_.id}/results",
            "plan_version": f"/en/plan/{plan.id}/v1",
            "measure": f"/en/plan/{plan.id}/measures/1",
            "outcome": f"/en/consultations/{review.id}/outcome",
        }
        return urls, SimpleNamespace(email=member.email)

    return build


def statements(app, client, url):
    """The statements a second read of ``url`` runs from a fresh session."""
    assert client.get(url).status_code == 200, url
    db.session.commit()
    db.session.expunge_all()
    seen = []

    def on_execute(_conn, _cursor, statement, *_args):
        # The tests' savepoints stand for the transaction a request begins, which costs no
        # statement of its own in production.
        if "SAVEPOINT" not in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)
    assert response.status_code == 200, url
    if SHOW:
        print(f"\n== {url}: {len(seen)} statements")
        for statement in seen:
            print("  ", " ".join(statement.split())[:300])
    return len(seen)


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_every_page_runs_at_most_eight_statements_whatever_the_size(app, site, who):
    small, small_member = site(3)
    large, large_member = site(40)
    counts = {}
    for name in PAGES:
        found = []
        for urls, member in ((small, small_member), (large, large_member)):
            client = app.test_client()
            if who == "member":
                sign_in(client, member)
            found.append(statements(app, client, urls[name]))
        counts[name] = tuple(found)
    print(counts)
    over = {name: n for name, n in counts.items() if max(n) > BUDGET}
    uneven = {name: n for name, n in counts.items() if n[0] != n[1]}
    assert not over, over
    assert not uneven, uneven
