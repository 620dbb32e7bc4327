"""Finding by text, accents and case aside, on SQLite and PostgreSQL alike (the suite runs on
both): the proposal list, the consultation list and the admin's list of accounts."""

import re
from urllib.parse import urlencode

import pytest

from consult.extensions import db
from consult.translations.models import ContentTranslation
from tests.conftest import sign_in


def listed(client, path, **args):
    """The answer to ``path?args``: its status must be 200 (whatever the query holds)."""
    response = client.get(f"{path}?{urlencode(args)}" if args else path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def proposal_ids(html):
    """The ids of the proposals on a list page, in order."""
    block = html.split('<ol class="proposal-list">', 1)
    if len(block) < 2:
        return []
    return [int(n) for n in re.findall(r'href="/\w+/proposals/(\d+)"', block[1].split("</ol>")[0])]


def translate(obj, field, locale, text):
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
    db.session.commit()


@pytest.fixture
def admin_client(app, make_user):
    client = app.test_client()
    sign_in(client, make_user(roles=("admin",), display_name="Admin"))
    return client
