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
