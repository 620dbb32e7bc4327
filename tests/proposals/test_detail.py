"""A proposal's page: its text in the reader's language with where it came from, the official
answer, the merged-into link, the history, the buttons each person gets, and drafts kept
private."""

import re

import pytest

from consult.proposals import operations as ops


def page(client, proposal, lang="en", query=""):
    response = client.get(f"/{lang}/proposals/{proposal.id}{query}")
    return response.status_code, response.get_data(as_text=True)


def test_a_translation_is_shown_in_arabic_with_its_origin(
    client, consultation, make_proposal, add_translation
):
    proposal = make_proposal(consultation, title="Interpreters", body="At the **hospital**.")
    add_translation(proposal, "title", "ar", "مترجمون")
    add_translation(proposal, "body", "ar", "في **المستشفى**.")
    status, html = page(client, proposal, "ar")
    assert status == 200
    assert f'<h1 id="proposal-{proposal.id}-title" lang="ar" dir="rtl">مترجمون</h1>' in html
    assert (
        '<div lang="ar" dir="rtl" class="prose"><p>في <strong>المستشفى</strong>.</p></div>' in html
    )
    assert f'href="/ar/proposals/{proposal.id}?original=1"' in html
    # The original, on request, with its own language and direction.
    status, html = page(client, proposal, "ar", "?original=1")
    assert f'<h1 id="proposal-{proposal.id}-title" lang="en" dir="ltr">Interpreters</h1>' in html
    assert '<div lang="en" dir="ltr" class="prose">' in html
    assert f'<a href="/ar/proposals/{proposal.id}">' in html


def test_an_untranslated_proposal_says_what_it_is_written_in(client, consultation, make_proposal):
    proposal = make_proposal(consultation, language="fa", title="مترجم", body="لازم است")
    status, html = page(client, proposal, "en")
    assert f'<h1 id="proposal-{proposal.id}-title" lang="fa" dir="rtl">مترجم</h1>' in html
    assert "Written in Persian." in html


def test_the_page_shows_state_category_author_dates_and_counts(
    client, consultation, make_proposal, make_user
):
    author = make_user(display_name="Ahmad")
    proposal = make_proposal(
        consultation, author=author, category="Housing", supports_count=4, comments_count=2
    )
    status, html = page(client, proposal)
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('<dl class="facts">')[1]))
    assert "State Published" in facts and "Category Housing" in facts
    assert "Author Ahmad" in facts and "Supports 4" in facts and "Comments 2" in facts
    assert "<bdi>Ahmad</bdi>" in html and "<time datetime=" in html


def test_the_official_answer_is_marked_and_localized(
    client, consultation, moderator, make_proposal, add_translation
):
    proposal = make_proposal(consultation)
    with client.application.test_request_context("/en/"):
        ops.answer(proposal, moderator, "accepted", "Θα γίνει το 2026.", "el")
    add_translation(proposal, "answer", "ar", "سيتم ذلك في عام 2026.")
    status, html = page(client, proposal, "ar")
    answer = html.split('id="answer-title"')[1].split("</section>")[0]
    assert '<div lang="ar" dir="rtl" class="prose"><p>سيتم ذلك في عام 2026.</p></div>' in answer
    status, html = page(client, proposal, "en")
    answer = html.split('id="answer-title"')[1].split("</section>")[0]
    assert ">Official answer</h2>" in html
    assert "Written in Greek." in answer
    assert '<div lang="el" dir="ltr" class="prose"><p>Θα γίνει το 2026.</p></div>' in answer


def test_a_merged_proposal_links_to_its_target(client, consultation, moderator, make_proposal):
    duplicate = make_proposal(consultation)
    target = make_proposal(consultation, title="The better one")
    with client.application.test_request_context("/en/"):
        ops.merge(duplicate, target, moderator, "Asks the same.")
    status, html = page(client, duplicate)
    assert status == 200
    assert (
        f'This proposal was merged into <a href="/en/proposals/{target.id}" lang="en" '
        'dir="ltr">The better one</a>.'
    ) in html
    status, html = page(client, target)
    assert "Another proposal was merged into this one" in html
    assert f'href="/en/proposals/{duplicate.id}"' in html


def test_the_history_says_who_did_what_and_why(client, consultation, author, make_proposal):
    with client.application.test_request_context("/en/"):
        proposal = ops.create(consultation, author, "An idea", "Its reasons.", None, "en")
        ops.publish(proposal, author)
        ops.withdraw(proposal, author, "A better idea came along.")
    status, html = page(client, proposal)
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    text = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]
    assert [t.split(" ", 3)[-1] for t in text] == [
        "Amira Proposal written",
        "Amira Published",
        "Amira Withdrawn by the author A better idea came along.",
    ]
    assert "The author has withdrawn this proposal." in html


@pytest.mark.parametrize("who", ["anonymous", "member", "other_local_moderator"])
def test_a_draft_is_not_found_by_others(
    who,
    client_for,
    consultation,
    make_consultation,
    author,
    member,
    make_local_moderator,
    make_proposal,
):
    proposal = make_proposal(consultation, author=author, state="draft")
    user = {
        "anonymous": None,
        "member": member,
        "other_local_moderator": make_local_moderator(make_consultation()),
    }[who]
    status, html = page(client_for(user), proposal)
    assert status == 404


def test_the_author_sees_their_draft_with_a_notice_and_a_publish_button(
    client_for, consultation, author, make_proposal
):
    proposal = make_proposal(consultation, author=author, state="draft")
    status, html = page(client_for(author), proposal)
    assert status == 200
    assert "Draft — only you can see it." in html
    assert f'action="/en/proposals/{proposal.id}/transition/publish"' in html
    assert f'href="/en/proposals/{proposal.id}/edit"' in html


def test_a_curator_sees_a_draft_but_may_not_publish_it(
    client_for, consultation, author, local_moderator, make_proposal
):
    proposal = make_proposal(consultation, author=author, state="draft")
    status, html = page(client_for(local_moderator), proposal)
    assert status == 200 and "Draft: not published yet." in html
    assert "transition/publish" not in html and "/edit" not in html


def test_a_draft_whose_time_has_passed_says_so(
    client_for, make_consultation, author, make_proposal
):
    consultation = make_consultation(phase="voting")
    proposal = make_proposal(consultation, author=author, state="draft")
    status, html = page(client_for(author), proposal)
    assert "Proposals closed on" in html and "can no longer be published" in html
    assert "transition/publish" not in html


def test_each_person_gets_their_buttons(
    client_for, consultation, author, member, moderator, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    base = f"/en/proposals/{proposal.id}"
    _, html = page(client_for(author), proposal)
    assert f'action="{base}/transition/withdraw"' in html and f'href="{base}/edit"' in html
    assert f"{base}/answer" not in html and f"{base}/merge" not in html
    assert f'href="/en/translate/ar/proposal/{proposal.id}"' in html
    _, html = page(client_for(moderator), proposal)
    assert f'action="{base}/transition/evaluate"' in html
    assert f'href="{base}/answer"' in html and f'href="{base}/merge"' in html
    assert "transition/withdraw" not in html and f"{base}/edit" not in html
    _, html = page(client_for(member), proposal)
    assert "What you can do" not in html


@pytest.mark.parametrize("path", ["/en/proposals/99999", "/en/proposals/99999999999999999"])
def test_missing_and_huge_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404
