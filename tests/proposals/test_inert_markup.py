"""HTML and script written into any proposal field stay text wherever they are shown."""

from html.parser import HTMLParser

from consult.proposals import operations as ops
from consult.translations import operations as translations
from tests.proposals.conftest import fresh_session

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
LINK = "[click me](javascript:alert(3))"
RAW_LINK = '<a href="javascript:alert(4)">raw</a>'
HOSTILE = f"{SCRIPT} {IMAGE} {LINK} {RAW_LINK}"


class _Elements(HTMLParser):
    """Every element of a page with its attributes, as a browser would read them."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_inert(html):
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    parser = _Elements()
    parser.feed("<main" + main)
    for tag, attrs in parser.elements:
        assert tag not in ("script", "img", "iframe", "object"), (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), (tag, attrs)


def test_hostile_text_is_inert_on_every_page(
    app, client_for, consultation, author, moderator, make_proposal, add_translation
):
    with app.test_request_context("/en/"):
        proposal = ops.create(consultation, author, HOSTILE[:150], HOSTILE, None, "en")
        ops.publish(proposal, author)
        translations.submit(proposal, "title", "ar", HOSTILE[:150], author)
        translations.submit(proposal, "body", "ar", HOSTILE, author)
        ops.answer(proposal, moderator, None, HOSTILE, "en")
        other = make_proposal(consultation, title=HOSTILE[:150])
        duplicate = make_proposal(consultation, author=author, title="Duplicate")
        ops.merge(duplicate, other, moderator, HOSTILE)
    pid, other_id, dup_id, cid = proposal.id, other.id, duplicate.id, consultation.id
    author_client, moderator_client = client_for(author), client_for(moderator)
    fresh_session()
    pages = [
        (author_client, f"/en/consultations/{cid}/proposals/"),
        (author_client, f"/ar/consultations/{cid}/proposals/"),
        (author_client, f"/en/proposals/{pid}"),
        (author_client, f"/ar/proposals/{pid}"),
        (author_client, f"/ar/proposals/{pid}?original=1"),
        (author_client, f"/en/proposals/{pid}/edit"),
        (author_client, f"/en/translate/ar/proposal/{pid}"),
        (author_client, f"/en/proposals/{dup_id}"),
        (author_client, f"/en/proposals/{other_id}"),
        (moderator_client, f"/en/proposals/{pid}/answer"),
        (moderator_client, f"/en/proposals/{pid}/merge"),
    ]
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert_inert(html)
        assert "&lt;script&gt;" in html or "alert(1)" not in html, path


def test_the_withdraw_reason_is_inert_in_the_history(
    client_for, consultation, author, make_proposal
):
    from tests.conftest import post

    proposal = make_proposal(consultation, author=author)
    client = client_for(author)
    post(client, f"/en/proposals/{proposal.id}/transition/withdraw", {"reason": HOSTILE})
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert_inert(html)
    assert '<bdi class="comment">&lt;script&gt;alert(1)&lt;/script&gt;' in html


def test_rejected_forms_show_the_text_escaped(client_for, consultation, author):
    from tests.conftest import post

    response = post(
        client_for(author),
        f"/en/consultations/{consultation.id}/proposals/new",
        {"title": SCRIPT * 20, "body": HOSTILE, "language": ""},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
