"""Plans built through ``actionplan.operations``: ``make_plan(measures_per_section=…)`` and
``revise(plan, [amendment kwargs], publish=True)``."""

import pytest

from consult.actionplan import operations as ops


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",))


@pytest.fixture
def make_plan(app, admin):
    def make(sections=None, title="City Action Plan", language="en", summary="Our **plan**."):
        if sections is None:
            sections = [
                ("Housing", "A home for everyone.", [
                    {"title": "Affordable housing", "description": "Rent support for families.",
                     "responsible_body": "Housing department", "indicators": "Families housed"},
                    {"title": "Shelter network", "description": "Emergency beds."},
                ]),
                ("Work", "", [{"title": "Employability programmes",
                               "description": "Courses and internships for new arrivals."}]),
            ]  # fmt: skip
        with app.test_request_context("/en/"):
            return ops.create_plan(admin, title, language, summary, sections)

    return make


@pytest.fixture
def revise(app, admin):
    """Publish the next version of ``plan`` with ``amendments`` (each ``amend`` keyword
    arguments, with ``kind``); returns ``(revision, amendments, version)``."""

    def make(plan, amendments, title="Spring revision"):
        with app.test_request_context("/en/"):
            revision = ops.open_revision(plan, admin, title, "Why we revise.", "en")
            made = []
            for fields in amendments:
                fields = {"reason": "Because people asked.", "initiated_by_city": True, **fields}
                kind = fields.pop("kind")
                made.append(ops.amend(revision, admin, kind, **fields))
            ops.transition(revision, "approve", admin)
            version = ops.publish(revision, admin)
            return revision, made, version

    return make
