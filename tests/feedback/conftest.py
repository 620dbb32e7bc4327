"""Fixtures for threads: an open consultation in its proposals phase with a published proposal,
people in every role, their signed-in clients, and helpers that read what a person sees."""

import re

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.feedback import operations as fb
from consult.feedback.models import Comment
from tests.conftest import sign_in


@pytest.fixture
def consultation(make_consultation):
    return make_consultation()


@pytest.fixture
def proposal(consultation, make_proposal, make_user):
    return make_proposal(consultation, author=make_user(display_name="Proposer"))


@pytest.fixture
def author(make_user):
    return make_user(display_name="Amira")


@pytest.fixture
def member(make_user):
    return make_user(display_name="Marta")


@pytest.fixture
def moderator(make_user):
    return make_user(roles=("moderator",), display_name="Moderator Nikos")


@pytest.fixture
def client_for(app):
    """``client_for(user)``: a test client signed in as ``user`` (None: anonymous)."""

    def make(user=None):
        client = app.test_client()
        if user is not None:
            sign_in(client, user)
        return client

    return make


@pytest.fixture
def say(app):
    """``say(subject, user, body, **kwargs)`` posts a comment through the operation."""

    def post(subject, user, body, alignment="neutral", **kwargs):
        with app.test_request_context("/en/"):
            return fb.post(fb.discussion_of(subject), user, body, alignment, **kwargs)

    return post


def comment_count():
    return db.session.scalar(select(func.count()).select_from(Comment))


def comment_ids(html):
    """The ids of the comments on a page, in order (replies after their parent)."""
    return [int(n) for n in re.findall(r'<li id="comment-(\d+)"', html)]


def top_level_ids(html):
    """The ids of the top-level comments of the thread on a page, in order."""
    block = html.split('<ol class="comment-list">', 1)[1]
    depth, found = 0, []
    for match in re.finditer(r'<li id="comment-(\d+)"|<ol class="comment-list[^"]*"|</ol>', block):
        token = match.group(0)
        if token.startswith("<li"):
            if depth == 0:
                found.append(int(match.group(1)))
        elif token.startswith("<ol"):
            depth += 1
        elif depth == 0:
            break
        else:
            depth -= 1
    return found


def field_error(html, field_id):
    """The message shown next to the field ``field_id``, or None when there is none."""
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else None


def flashes(html):
    return [
        re.sub(r"\s+", " ", m).strip()
        for m in re.findall(r'<li class="(?:success|info|error)">(.*?)</li>', html, re.S)
    ]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
