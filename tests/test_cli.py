from pathlib import Path

from sqlalchemy import func, select

from consult.accounts.models import User
from consult.demo.content import DEMO_ACCOUNTS
from consult.extensions import db


def test_create_admin(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "Boss@Example.org",
            "--display-name",
            "Boss",
            "--password",
            "a long admin password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert user.has_role("admin")


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "b@example.org",
            "--display-name",
            "Boss",
            "--password",
            "short",
        ]
    )
    assert result.exit_code != 0
    assert "between 10 and 128" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_load_creates_the_accounts_the_readme_lists(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for _what, email, password, _name, locale, roles in DEMO_ACCOUNTS:
        assert email in result.output and password in result.output
        assert email in readme and password in readme
        user = db.session.scalar(select(User).where(User.email == email))
        assert user.role_names == set(roles) and user.preferred_locale == locale
    # Loading twice creates nothing twice; --if-empty leaves a filled database alone.
    count = db.session.scalar(select(func.count()).select_from(User))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    again = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert "not loaded" in again.output
    assert db.session.scalar(select(func.count()).select_from(User)) == count


def test_demo_accounts_can_sign_in(app, client):
    from tests.conftest import csrf_token

    app.test_cli_runner().invoke(args=["demo", "load"])
    role, email, password, *_ = DEMO_ACCOUNTS[3]
    response = client.post(
        "/ar/sign-in",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_token(client, "/ar/sign-in"),
        },
    )
    assert response.status_code == 302


def test_demo_load_adds_consultations_in_every_phase_with_proposals(app):
    from consult.consultations.models import Consultation
    from consult.proposals.models import Proposal

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    consultations = db.session.scalars(select(Consultation)).all()
    assert len(consultations) == 7
    assert {c.phase() for c in consultations} == {
        None,  # coming soon
        "information",
        "proposals",
        "voting",
        "review",
    }
    proposals = db.session.scalars(select(Proposal)).all()
    assert {p.language for p in proposals} >= {"el", "en", "ar", "fa"}
    assert {p.state for p in proposals} >= {"published", "evaluating", "accepted", "rejected"}
    assert sum(p.state == "merged" and p.merged_into_id is not None for p in proposals) == 1
    assert all(
        c.proposals_count
        == sum(
            p.consultation_id == c.id and p.state not in ("draft", "withdrawn", "merged")
            for p in proposals
        )
        for c in consultations
    )


def test_demo_load_adds_discussions_and_moderation_at_work(app):
    from consult.core.moderated import MODERATED
    from consult.core.permissions import can
    from consult.feedback.models import Comment, Thread
    from consult.moderation import operations as moderation
    from consult.moderation import queries as mq
    from consult.moderation.models import Appeal, Flag
    from consult.translations.models import ContentTranslation

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    comments = db.session.scalars(select(Comment)).all()
    threads = db.session.scalars(select(Thread)).all()
    assert {c.language for c in comments} >= {"el", "en", "ar", "fa", "uk", "fr"}
    assert {"proposals", "consultations"} <= {t.object_type for t in threads}
    assert max(c.depth for c in comments) == 3
    assert {c.alignment for c in comments} == {"in_favour", "against", "neutral"}
    assert any(c.organisation_id is not None for c in comments)
    assert any(c.official for c in comments) and any(c.highlighted for c in comments)
    assert any(c.supports_count for c in comments)
    summarised = [t for t in threads if t.summary]
    assert summarised and summarised[0].summary_until_id is not None
    translated = db.session.scalars(select(ContentTranslation)).all()
    assert {(t.object_type, t.field) for t in translated} >= {
        ("threads", "summary"),
        ("comments", "body"),
    }
    # The counters equal the visible comments.
    for thread in threads:
        assert thread.comments_count == sum(
            c.thread_id == thread.id and c.state == "published" and c.moderation == "visible"
            for c in comments
        )
    # The queue: a visible comment with a flag below the threshold, and one held for review.
    entries = mq.queue_page(1).items
    assert {e.item.moderation for e in entries} == {"visible", "pending"}
    held = next(e for e in entries if e.item.moderation == "pending")
    assert len(held.flags) >= 3 and held.item.hidden_reason == "flagged"
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 4
    # A hidden comment with its author's open appeal, which the second moderator may decide.
    [(appeal, item, decision)] = mq.open_appeals()
    first = db.session.scalar(select(User).where(User.email == "moderator@demo.consult"))
    second = db.session.scalar(select(User).where(User.email == "moderator2@demo.consult"))
    assert item.moderation == "hidden" and decision.moderator_id == first.id
    assert appeal.author_id == item.author_id and appeal.hidden_by_id == first.id
    assert can(second, "moderation.decide", item)
    with app.test_request_context("/en/"):
        try:
            moderation.decide_appeal(appeal, first, True, "no_breach")
        except moderation.ModerationError as error:
            assert error.code == "own_decision"
        else:
            raise AssertionError("the moderator who hid it decided the appeal")
        moderation.decide_appeal(appeal, second, True, "no_breach")
    assert appeal.state == "granted"
    assert db.session.get(MODERATED[appeal.object_type], appeal.object_id).moderation == "visible"
    # Loading again adds no second discussion.
    count = len(comments)
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Comment)) == count
    assert db.session.scalar(select(func.count()).select_from(Appeal)) == 1


def test_demo_load_gives_the_translator_a_worklist_to_start_with(app):
    from consult.accounts.operations import find_user_by_email
    from consult.translations import queries as translation_queries
    from consult.translations.models import ContentTranslation

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    with app.test_request_context("/en/"):
        translator = find_user_by_email("translator@demo.consult")
        assert translator.has_role("translator")
        assert translation_queries.languages_of(translator) == {"ar", "fa", "fa-AF"}
        machine = db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.origin == "machine")
        ).all()
        assert machine and {t.locale for t in machine} == {"fa"}
        assert all(t.review_state == "unreviewed" and t.translator_id is None for t in machine)
        waiting = translation_queries.worklist_page("fa", 1)
        assert any(item.machine for item in waiting.items)
        reads = [item.reads for item in waiting.items]
        assert reads == sorted(reads, reverse=True) and reads[0] > 0
        mine = db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.translator_id == translator.id)
        ).all()
        assert [(t.locale, t.review_state) for t in mine] == [("ar", "unreviewed")]


def test_demo_load_builds_the_action_plan_with_a_published_and_an_open_revision(app):
    from consult.actionplan import diff as plan_diff
    from consult.actionplan import queries as plan_queries
    from consult.actionplan.models import Amendment
    from consult.feedback.models import Comment, Thread
    from consult.translations.operations import find

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    [plan] = plan_queries.plans()
    first, second = plan_queries.versions_of(plan.id)
    assert (first.number, second.number, first.language) == (1, 2, "el")
    assert "## Στόχοι" in first.summary and first.summary.count("\n- ") == 4
    contents = plan_queries.contents(first)
    measures = [m for ms in contents.measures.values() for m in ms]
    assert len(contents.sections) >= 4 and len(measures) >= 9
    assert all(m.state == "active" and m.responsible_body and m.indicators for m in measures)
    # English titles, carried into version 2 where the text did not change.
    assert all(find(s, "title", "en") for s in contents.sections)
    assert all(find(m, "title", "en") for m in measures)
    assert all(
        find(m, "title", "en") for ms in plan_queries.contents(second).measures.values() for m in ms
    )
    # Version 2's diff: one measure added, one changed, one retired, each with its amendment.
    _after, changes = plan_diff.diff(first, second)
    assert sorted(c.kind for c in changes) == ["added", "changed", "retired"]
    amendments = {c.kind: db.session.get(Amendment, c.new.amendment_id) for c in changes}
    citations = plan_queries.citations_of([a.id for a in amendments.values()])
    changed, added, retired = amendments["changed"], amendments["added"], amendments["retired"]
    assert {t for t, _id in citations[changed.id]} == {"proposals", "consultation_outcomes"}
    assert {t for t, _id in citations[added.id]} == {"proposals", "comments"}
    assert retired.initiated_by_city and not citations[retired.id] and retired.reason
    # A second revision of version 2, open for public feedback, with comments on it.
    revisions = plan_queries.revisions_of(plan.id)
    published = next(r for r in revisions if r.state == "published")
    [open_one] = [r for r in revisions if r.state == "public_review"]
    assert published.published_version_id == second.id and open_one.base_version_id == second.id
    assert plan_queries.amendments_count(open_one) == 1
    thread = db.session.scalar(
        select(Thread).where(
            Thread.object_type == "plan_revisions", Thread.object_id == open_one.id
        )
    )
    assert thread is not None and thread.comments_count >= 1
    assert all(
        c.state == "published"
        for c in db.session.scalars(select(Comment).where(Comment.thread_id == thread.id))
    )


def test_demo_load_links_consultations_publishes_an_outcome_and_names_the_plan_owner(app):
    from consult.actionplan import queries as plan_queries
    from consult.actionplan.models import (
        ActionPlan,
        Amendment,
        Citation,
        ConsultationLink,
        Measure,
        PlanVersion,
        Revision,
    )
    from consult.consultations.models import Consultation
    from consult.core.permissions import principals
    from consult.feedback.models import Comment
    from consult.outcomes import queries as outcome_queries
    from consult.outcomes.models import Disposition, Outcome
    from consult.translations.models import ContentTranslation

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    [plan] = plan_queries.plans()
    # Every demo consultation points at the measures it is about.
    consultations = db.session.scalars(select(Consultation)).all()
    assert all(plan_queries.links_of(c.id) for c in consultations)
    # The consultation in review has its outcome published, every proposal disposed.
    [outcome] = db.session.scalars(select(Outcome)).all()
    reviewed = db.session.get(Consultation, outcome.consultation_id)
    assert reviewed.phase() == "review" and outcome.state == "published"
    assert outcome.summary and outcome.figures["proposals"] >= 1
    rows = outcome_queries.dispositions_of(reviewed.id)
    assert rows and all(d is not None and d.reason for _p, d in rows)
    assert outcome_queries.undisposed_count(reviewed.id) == 0
    # The plan owner holds the role on the plan, and nowhere else.
    owner = db.session.scalar(select(User).where(User.email == "planner@demo.consult"))
    assert "plan_owner" in principals(owner, plan) and not owner.role_names
    # Loading again adds nothing.
    models = (ActionPlan, PlanVersion, Measure, Revision, Amendment, Citation, ConsultationLink,
              Outcome, Disposition, Comment, ContentTranslation)  # fmt: skip

    def counts():
        return [db.session.scalar(select(func.count()).select_from(m)) for m in models]

    before = counts()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert counts() == before
