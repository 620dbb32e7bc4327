"""The list of a consultation's proposals: only visible ones, filters, orders (a random one that
stays put for each visitor), pages of twenty, titles in the reader's language."""

import re
from datetime import timedelta

import pytest

from consult.core.history import utcnow
from consult.proposals.queries import SEED_KEY
from tests.proposals.conftest import listed_ids


def url(consultation, lang="en", **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/{lang}/consultations/{consultation.id}/proposals/" + (f"?{query}" if query else "")


def ids(client, consultation, **args):
    response = client.get(url(consultation, **args))
    assert response.status_code == 200
    return listed_ids(response.get_data(as_text=True))


@pytest.fixture
def spread(consultation, make_proposal):
    """Proposals in every state, published a day apart (oldest first)."""
    made = {}
    for n, state in enumerate(
        ["published", "evaluating", "accepted", "rejected", "draft", "withdrawn"]
    ):
        made[state] = make_proposal(consultation, state=state)
        if made[state].published_at:
            made[state].published_at = utcnow() - timedelta(days=10 - n)
    target = made["published"]
    made["merged"] = make_proposal(consultation, state="merged", merged_into_id=target.id)
    return made


def test_the_list_shows_visible_proposals_newest_first(client, consultation, spread):
    assert ids(client, consultation) == [
        spread[s].id for s in ("rejected", "accepted", "evaluating", "published")
    ]


def test_drafts_appear_only_to_their_author_apart_from_the_list(
    client_for, consultation, spread, make_proposal, author, member
):
    draft = make_proposal(consultation, author=author, state="draft", title="My own draft")
    html = client_for(author).get(url(consultation)).get_data(as_text=True)
    assert "Your drafts" in html and "My own draft" in html
    assert draft.id not in listed_ids(html)
    html = client_for(member).get(url(consultation)).get_data(as_text=True)
    assert "My own draft" not in html and "Your drafts" not in html


@pytest.mark.parametrize("state", ["published", "evaluating", "accepted", "rejected"])
def test_filter_by_state(client, consultation, spread, state):
    assert ids(client, consultation, state=state) == [spread[state].id]


def test_filter_by_category(client, consultation, make_proposal):
    housing = make_proposal(consultation, category="Housing")
    make_proposal(consultation, category="Work")
    make_proposal(consultation)
    assert ids(client, consultation, category="Housing") == [housing.id]


def test_filter_by_language_written_in_or_translated_into(
    client, consultation, make_proposal, add_translation
):
    greek = make_proposal(consultation, language="el")
    english = make_proposal(consultation, language="en")
    translated = make_proposal(consultation, language="ar")
    add_translation(translated, "title", "el", "Μεταφρασμένος τίτλος")
    # Only a body translation does not make a proposal readable in the list.
    body_only = make_proposal(consultation, language="fa")
    add_translation(body_only, "body", "el", "Μόνο το κείμενο")
    assert set(ids(client, consultation, language="el")) == {greek.id, translated.id}
    assert ids(client, consultation, language="en") == [english.id]


def test_most_supported_and_most_commented(client, consultation, make_proposal):
    few = make_proposal(consultation, supports_count=1, comments_count=9)
    many = make_proposal(consultation, supports_count=7, comments_count=0)
    none = make_proposal(consultation)
    assert ids(client, consultation, sort="supported") == [many.id, few.id, none.id]
    assert ids(client, consultation, sort="commented") == [few.id, none.id, many.id]


@pytest.mark.parametrize(
    "args",
    [
        {"state": "draft"},
        {"state": "withdrawn"},
        {"state": "%00"},
        {"category": "Nope"},
        {"language": "xx"},
        {"sort": "DROP TABLE"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"page": "999"},
    ],
)
def test_unknown_values_give_the_default_list(client, consultation, spread, args):
    assert ids(client, consultation, **args) == ids(client, consultation)


def test_twenty_a_page(client, consultation, make_proposal):
    made = [make_proposal(consultation) for _ in range(25)]
    first = client.get(url(consultation)).get_data(as_text=True)
    second = client.get(url(consultation, page=2)).get_data(as_text=True)
    assert "25 proposals" in first and "Page 1 of 2" in first
    assert len(listed_ids(first)) == 20 and len(listed_ids(second)) == 5
    assert set(listed_ids(first)) | set(listed_ids(second)) == {p.id for p in made}
    assert f'rel="next" href="/en/consultations/{consultation.id}/proposals/?page=2"' in first


def test_pages_keep_the_filters(client, consultation, make_proposal):
    for _ in range(21):
        make_proposal(consultation, category="Work", supports_count=1)
    html = client.get(url(consultation, category="Work", sort="supported")).get_data(as_text=True)
    link = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "category=Work" in link and "sort=supported" in link and "page=2" in link


def test_the_random_order_stays_for_a_visitor_and_differs_for_another(
    app, consultation, make_proposal
):
    made = {make_proposal(consultation).id for _ in range(30)}
    visitor = app.test_client()
    first = ids(visitor, consultation, sort="random") + ids(
        visitor, consultation, sort="random", page=2
    )
    assert set(first) == made and len(first) == 30
    again = ids(visitor, consultation, sort="random") + ids(
        visitor, consultation, sort="random", page=2
    )
    assert again == first
    assert sorted(first) != first and sorted(first, reverse=True) != first

    another = app.test_client()
    with another.session_transaction() as session:
        session[SEED_KEY] = 12345
    with visitor.session_transaction() as session:
        seed = session[SEED_KEY]
    assert seed != 12345
    other = ids(another, consultation, sort="random") + ids(
        another, consultation, sort="random", page=2
    )
    assert set(other) == made and other != first
    # The same seed, the same order: it lives in the seed, not in the moment.
    with another.session_transaction() as session:
        session[SEED_KEY] = seed
    assert ids(another, consultation, sort="random") == first[:20]


def test_a_visitor_without_random_order_gets_no_seed(client, consultation, spread):
    client.get(url(consultation))
    with client.session_transaction() as session:
        assert SEED_KEY not in session


def test_titles_come_in_the_readers_language_with_their_authors(
    client, consultation, make_proposal, make_user, add_translation
):
    author = make_user(display_name="Ahmad")
    proposal = make_proposal(consultation, author=author, title="Interpreters at the hospital")
    add_translation(proposal, "title", "ar", "مترجمون في المستشفى")
    html = client.get(url(consultation, lang="ar")).get_data(as_text=True)
    assert (
        f'<a href="/ar/proposals/{proposal.id}" lang="ar" dir="rtl">مترجمون في المستشفى</a>' in html
    )
    assert "<bdi>Ahmad</bdi>" in html
    html = client.get(url(consultation, lang="fr")).get_data(as_text=True)
    assert 'lang="en" dir="ltr">Interpreters at the hospital</a>' in html


def test_a_hidden_or_missing_consultation_is_not_found(client, make_consultation):
    draft = make_consultation(state="draft")
    assert client.get(url(draft)).status_code == 404
    assert client.get("/en/consultations/99999/proposals/").status_code == 404
    assert client.get("/en/consultations/99999999999999/proposals/").status_code == 404


def test_the_propose_button_shows_in_the_proposals_phase_only(client, make_consultation):
    open_ = make_consultation()
    later = make_consultation(phase="information")
    assert "Propose an idea" in client.get(url(open_)).get_data(as_text=True)
    assert "Propose an idea" not in client.get(url(later)).get_data(as_text=True)


def test_no_seed_leaves_the_proposals_in_their_order(app, consultation, make_proposal):
    from consult.proposals.queries import Filters, proposals_page

    made = [make_proposal(consultation).id for _ in range(20)]
    with app.test_request_context("/en/"):
        orders = {
            seed: [
                p.id for p in proposals_page(consultation, Filters(sort="random"), 1, seed).items
            ]
            for seed in (1, 2, 3, 1000, 2**16, 2**20, 2**30, 2_147_483_646)
        }
    for seed, order in orders.items():
        assert sorted(order) == sorted(made), seed
        assert order not in (sorted(made), sorted(made, reverse=True)), seed
    assert len({tuple(order) for order in orders.values()}) == len(orders)


def test_the_filters_are_folded_until_used(client, consultation, spread):
    """On a phone the proposals come first: the filters wait in a closed <details>, which opens
    while a filter or a sort applies (no JavaScript either way)."""
    plain = client.get(url(consultation)).get_data(as_text=True)
    assert '<details class="filters-box">' in plain
    assert "<summary>Filter and sort</summary>" in plain
    filtered = client.get(url(consultation, state="published")).get_data(as_text=True)
    assert '<details class="filters-box" open>' in filtered
    sorted_ = client.get(url(consultation, sort="supported")).get_data(as_text=True)
    assert '<details class="filters-box" open>' in sorted_
