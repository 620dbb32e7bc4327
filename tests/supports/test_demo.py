"""``flask demo load`` adds supports and the support settings the demo shows."""

from sqlalchemy import func, select

from consult.consultations.models import Consultation
from consult.demo import supports as demo
from consult.demo.consultations import CONSULTATIONS
from consult.extensions import db
from consult.supports.models import Support
from tests.supports.conftest import assert_counters_match


def by_index(index):
    return db.session.scalar(
        select(Consultation).where(Consultation.title == CONSULTATIONS[index][0])
    )


def test_demo_load_adds_supports_a_limit_and_a_verified_only_consultation(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    employability = by_index(demo.EMPLOYABILITY)
    assert employability.supports_per_person == 5 and employability.phase() == "voting"
    count = db.session.scalar(
        select(func.count()).select_from(Support).where(Support.consultation_id == employability.id)
    )
    people = db.session.scalar(
        select(func.count(func.distinct(Support.user_id))).where(
            Support.consultation_id == employability.id
        )
    )
    assert count >= 5 and people >= 3
    assert by_index(demo.VERIFIED_ONLY).who_may_support == "verified"
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert db.session.scalar(select(func.count()).select_from(Support)) == count
    assert_counters_match()
