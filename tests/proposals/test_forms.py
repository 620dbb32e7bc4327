"""Proposing, editing, the workflow buttons, answering, merging and translating through the
pages: what each person may do, the messages next to the fields, and nothing changed on a
refusal."""

import pytest

from consult.proposals.models import Proposal
from consult.translations.operations import find
from tests.conftest import post
from tests.proposals.conftest import field_error, flashes, history_of, proposal_count, refresh


def new_url(consultation, lang="en"):
    return f"/{lang}/consultations/{consultation.id}/proposals/new"


GOOD = {
    "title": "Interpreters at the hospital",
    "body": "People wait for hours without anyone who speaks their language.",
    "category": "Housing",
    "language": "",
}


# Proposing ------------------------------------------------------------------------------------


def test_a_member_proposes_a_draft(client_for, consultation, author):
    client = client_for(author)
    response = post(client, new_url(consultation), GOOD)
    assert response.status_code == 302
    proposal = Proposal.query.filter_by(author_id=author.id).one()
    assert response.headers["Location"] == f"/en/proposals/{proposal.id}"
    assert (proposal.state, proposal.language, proposal.category) == ("draft", "en", "Housing")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your proposal is saved as a draft." in html


def test_the_author_picks_the_language(client_for, consultation, author):
    post(client_for(author), new_url(consultation), {**GOOD, "language": "fr"})
    assert Proposal.query.filter_by(author_id=author.id).one().language == "fr"


def test_the_form_offers_categories_and_detection(client_for, consultation, author):
    html = client_for(author).get(new_url(consultation)).get_data(as_text=True)
    assert '<option value="Housing">Housing</option>' in html
    assert '<option value="">Detect automatically</option>' in html
    for name in ("title", "body", "category", "language"):
        assert f'<label for="{name}">' in html


def test_anonymous_visitors_are_sent_to_sign_in(client, consultation):
    response = client.get(new_url(consultation))
    assert response.status_code == 302
    assert "/en/sign-in?next=" in response.headers["Location"]


@pytest.mark.parametrize(
    ("phase", "state", "message"),
    [
        ("information", "open", "Proposals open on"),
        ("future", "published", "Proposals open on"),
        ("voting", "open", "Proposals closed on"),
        ("review", "closed", "Proposals closed on"),
    ],
)
def test_outside_the_proposals_phase_the_page_says_when(
    client_for, make_consultation, author, phase, state, message
):
    consultation = make_consultation(phase=phase, state=state)
    client = client_for(author)
    response = client.get(new_url(consultation))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'name="title"' not in html
    response = post(client, new_url(consultation), GOOD)
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert proposal_count() == 0


def test_verified_only_consultations_say_so(client_for, make_consultation, author):
    consultation = make_consultation(who_may_propose="verified")
    response = post(client_for(author), new_url(consultation), GOOD)
    assert response.status_code == 403
    assert "Only verified participants" in response.get_data(as_text=True)


def test_too_long_text_is_kept_with_a_message_next_to_it(client_for, consultation, author):
    title = "Ω" * 151
    body = "Σ" * 5001
    response = post(
        client_for(author), new_url(consultation), {**GOOD, "title": title, "body": body}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "title") == "Error: Use at most 150 characters."
    assert field_error(html, "body") == "Error: Use at most 5000 characters."
    assert f'value="{title}"' in html and f"{body}</textarea>" in html
    assert 'maxlength="150"' not in html
    assert proposal_count() == 0


def test_empty_fields_and_unknown_choices_are_refused(client_for, consultation, author):
    response = post(
        client_for(author),
        new_url(consultation),
        {"title": " ", "body": "", "category": "Nope", "language": "xx"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "title") == "Error: Give your proposal a title."
    assert field_error(html, "body") == "Error: Explain your proposal in a few sentences."
    assert field_error(html, "category") and field_error(html, "language")


def test_line_breaks_count_once(client_for, consultation, author):
    body = "ab\r\n" * 1250  # 5000 characters as typed, 3750 once line breaks are one character
    response = post(client_for(author), new_url(consultation), {**GOOD, "body": body})
    assert response.status_code == 302


def test_posting_without_the_csrf_token_changes_nothing(
    client_for, consultation, author, make_proposal
):
    client = client_for(author)
    response = client.post(new_url(consultation), data=GOOD)
    assert response.status_code == 400
    draft = make_proposal(consultation, author=author, state="draft")
    response = client.post(f"/en/proposals/{draft.id}/transition/publish")
    assert response.status_code == 400
    assert refresh(draft).state == "draft"


# Editing --------------------------------------------------------------------------------------


def test_the_author_edits_their_proposal(client_for, consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    client = client_for(author)
    html = client.get(f"/en/proposals/{proposal.id}/edit").get_data(as_text=True)
    assert f'value="{proposal.title}"' in html
    response = post(
        client,
        f"/en/proposals/{proposal.id}/edit",
        {"title": "Clearer title", "body": "Clearer body", "category": "", "language": "en"},
    )
    assert response.status_code == 302
    assert refresh(proposal).title == "Clearer title"


def test_edit_keeps_overlong_text(client_for, consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    response = post(
        client_for(author),
        f"/en/proposals/{proposal.id}/edit",
        {"title": "T", "body": "b" * 5001, "category": "", "language": "en"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "body") == "Error: Use at most 5000 characters."
    assert "b" * 5001 in html
    assert refresh(proposal).title != "T"


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_others_may_not_edit(
    client_for, consultation, author, member, moderator, make_proposal, who
):
    proposal = make_proposal(consultation, author=author)
    client = client_for({"member": member, "moderator": moderator}[who])
    assert client.get(f"/en/proposals/{proposal.id}/edit").status_code == 403
    response = post(
        client,
        f"/en/proposals/{proposal.id}/edit",
        {"title": "Hijacked", "body": "x", "category": "", "language": "en"},
    )
    assert response.status_code == 403
    assert refresh(proposal).title != "Hijacked"


def test_anonymous_editing_goes_to_sign_in_and_a_draft_of_another_is_not_found(
    client, client_for, consultation, author, member, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    assert client.get(f"/en/proposals/{proposal.id}/edit").status_code == 302
    draft = make_proposal(consultation, author=author, state="draft")
    assert client_for(member).get(f"/en/proposals/{draft.id}/edit").status_code == 404


# The workflow buttons -------------------------------------------------------------------------


def test_the_author_publishes(client_for, consultation, author, make_proposal):
    draft = make_proposal(consultation, author=author, state="draft")
    client = client_for(author)
    response = post(client, f"/en/proposals/{draft.id}/transition/publish")
    assert response.status_code == 302
    assert refresh(draft).state == "published"
    assert refresh(consultation).proposals_count == 1
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your proposal is published." in html


def test_publishing_again_says_it_is_not_possible_now(
    client_for, consultation, author, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    client = client_for(author)
    response = post(
        client, f"/en/proposals/{proposal.id}/transition/publish", follow_redirects=True
    )
    assert flashes(response.get_data(as_text=True)) == [
        "This is not possible now: the proposal is Published."
    ]
    assert refresh(consultation).proposals_count == 1


def test_publishing_after_the_phase_says_when_it_closed(
    client_for, make_consultation, author, make_proposal
):
    consultation = make_consultation(phase="voting")
    draft = make_proposal(consultation, author=author, state="draft")
    response = post(
        client_for(author), f"/en/proposals/{draft.id}/transition/publish", follow_redirects=True
    )
    assert flashes(response.get_data(as_text=True))[0].startswith("Proposals closed on ")
    assert refresh(draft).state == "draft"


def test_transitions_others_may_not_perform_are_forbidden(
    client, client_for, consultation, author, member, moderator, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    draft = make_proposal(consultation, author=author, state="draft")
    for client_, name, target in [
        (client_for(member), "evaluate", proposal),
        (client_for(member), "withdraw", proposal),
        (client_for(member), "publish", proposal),
        (client_for(moderator), "withdraw", proposal),
        (client_for(moderator), "publish", draft),
        (client_for(author), "evaluate", proposal),
        (client, "evaluate", proposal),
    ]:
        response = post(client_, f"/en/proposals/{target.id}/transition/{name}", {"reason": "x"})
        assert response.status_code == 403, (name, target.state)
    assert refresh(proposal).state == "published" and refresh(draft).state == "draft"
    # Someone else's draft is not even there for a member.
    assert (
        post(client_for(member), f"/en/proposals/{draft.id}/transition/publish").status_code == 404
    )


def test_unknown_transitions_and_ids_are_not_found(
    client_for, consultation, moderator, make_proposal
):
    proposal = make_proposal(consultation)
    client = client_for(moderator)
    for path in (
        f"/en/proposals/{proposal.id}/transition/accept",
        f"/en/proposals/{proposal.id}/transition/merge",
        f"/en/proposals/{proposal.id}/transition/nope",
        "/en/proposals/99999999999/transition/evaluate",
    ):
        assert post(client, path).status_code == 404, path
    assert client.get(f"/en/proposals/{proposal.id}/transition/evaluate").status_code == 405
    assert refresh(proposal).state == "published"


def test_a_moderator_starts_the_evaluation(
    client_for, consultation, local_moderator, make_proposal
):
    proposal = make_proposal(consultation)
    response = post(client_for(local_moderator), f"/en/proposals/{proposal.id}/transition/evaluate")
    assert response.status_code == 302
    assert refresh(proposal).state == "evaluating"


def test_withdrawing_needs_a_reason_next_to_its_field(
    client_for, consultation, author, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    client = client_for(author)
    response = post(client, f"/en/proposals/{proposal.id}/transition/withdraw", {"reason": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "reason") == "Error: Say why, in a few words."
    assert refresh(proposal).state == "published"
    response = post(
        client, f"/en/proposals/{proposal.id}/transition/withdraw", {"reason": "Done elsewhere."}
    )
    assert response.status_code == 302
    assert refresh(proposal).state == "withdrawn"
    assert history_of(proposal, "proposal.withdraw")[0].comment == "Done elsewhere."


# Answering ------------------------------------------------------------------------------------


def test_a_moderator_answers_with_a_state_and_a_language(
    client_for, consultation, moderator, make_proposal
):
    proposal = make_proposal(consultation)
    client = client_for(moderator)
    html = client.get(f"/en/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert '<option selected value="keep">Keep: Published</option>' in html
    assert '<option value="rejected">Not accepted</option>' in html
    response = post(
        client,
        f"/en/proposals/{proposal.id}/answer",
        {"state": "accepted", "text": "We will do it.", "language": "en"},
    )
    assert response.status_code == 302
    proposal = refresh(proposal)
    assert (proposal.state, proposal.answer, proposal.answer_language) == (
        "accepted",
        "We will do it.",
        "en",
    )
    # Accepted: only the answer can still change.
    html = client.get(f"/en/proposals/{proposal.id}/answer").get_data(as_text=True)
    assert 'value="rejected"' not in html and "We will do it." in html


def test_rejecting_needs_an_answer(client_for, consultation, moderator, make_proposal):
    proposal = make_proposal(consultation)
    response = post(
        client_for(moderator),
        f"/en/proposals/{proposal.id}/answer",
        {"state": "rejected", "text": "", "language": "en"},
    )
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "text") == (
        "Error: Explain in the answer why the proposal is not accepted."
    )
    assert refresh(proposal).state == "published"


def test_an_overlong_answer_is_kept(client_for, consultation, moderator, make_proposal):
    proposal = make_proposal(consultation)
    text = "α" * 5001
    response = post(
        client_for(moderator),
        f"/en/proposals/{proposal.id}/answer",
        {"state": "keep", "text": text, "language": "el"},
    )
    assert response.status_code == 422 and text in response.get_data(as_text=True)
    assert refresh(proposal).answer is None


@pytest.mark.parametrize("who", ["author", "member"])
def test_only_curators_answer(client_for, consultation, author, member, make_proposal, who):
    proposal = make_proposal(consultation, author=author)
    client = client_for({"author": author, "member": member}[who])
    assert client.get(f"/en/proposals/{proposal.id}/answer").status_code == 403
    response = post(
        client,
        f"/en/proposals/{proposal.id}/answer",
        {"state": "accepted", "text": "Yes", "language": "en"},
    )
    assert response.status_code == 403
    assert refresh(proposal).state == "published"


def test_a_withdrawn_proposal_is_not_answered(client_for, consultation, moderator, make_proposal):
    proposal = make_proposal(consultation, state="withdrawn")
    response = client_for(moderator).get(f"/en/proposals/{proposal.id}/answer")
    assert response.status_code == 302


# Merging --------------------------------------------------------------------------------------


def test_a_moderator_merges_into_a_proposal_picked_by_its_translated_title(
    client_for, consultation, make_consultation, moderator, make_proposal, add_translation
):
    duplicate = make_proposal(consultation)
    target = make_proposal(consultation, title="Interpreters")
    add_translation(target, "title", "ar", "مترجمون")
    draft = make_proposal(consultation, state="draft", title="A private draft")
    elsewhere = make_proposal(make_consultation(), title="Elsewhere")
    client = client_for(moderator)
    html = client.get(f"/ar/proposals/{duplicate.id}/merge").get_data(as_text=True)
    assert f'<option value="{target.id}">#{target.id} · مترجمون</option>' in html
    assert "A private draft" not in html and "Elsewhere" not in html
    assert f'value="{duplicate.id}"' not in html
    for bad in (draft.id, elsewhere.id, duplicate.id, 0, "x"):
        response = post(
            client, f"/en/proposals/{duplicate.id}/merge", {"target": bad, "comment": "Same"}
        )
        assert response.status_code == 422, bad
        assert field_error(response.get_data(as_text=True), "target")
    response = post(
        client, f"/en/proposals/{duplicate.id}/merge", {"target": target.id, "comment": "Same"}
    )
    assert response.status_code == 302
    assert refresh(duplicate).merged_into_id == target.id


def test_members_may_not_merge(client_for, consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    target = make_proposal(consultation)
    client = client_for(author)
    assert client.get(f"/en/proposals/{proposal.id}/merge").status_code == 403
    response = post(
        client, f"/en/proposals/{proposal.id}/merge", {"target": target.id, "comment": "x"}
    )
    assert response.status_code == 403
    assert refresh(proposal).state == "published"


# Translating ----------------------------------------------------------------------------------


def translate_url(proposal, locale):
    return f"/en/translate/{locale}/proposal/{proposal.id}"


def test_the_author_translates_and_removes_a_translation(
    client_for, consultation, author, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    client = client_for(author)
    url = translate_url(proposal, "ar")
    html = client.get(url).get_data(as_text=True)
    assert 'lang="ar"' in html and 'dir="rtl"' in html and 'name="answer"' not in html
    response = post(client, url, {"field": "title", "title": "مترجمون"})
    assert response.status_code == 302
    response = post(client, url, {"field": "body", "body": "في المستشفى"})
    assert response.status_code == 302
    assert find(proposal, "title", "ar").text == "مترجمون"
    # Emptying a field removes its translation.
    assert post(client, url, {"field": "title", "title": ""}).status_code == 302
    assert find(proposal, "title", "ar") is None and find(proposal, "body", "ar") is not None


def test_translation_limits_keep_the_text(client_for, consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    title = "ع" * 151
    response = post(
        client_for(author), translate_url(proposal, "ar"), {"field": "title", "title": title}
    )
    assert response.status_code == 422 and title in response.get_data(as_text=True)
    assert find(proposal, "title", "ar") is None


def test_translation_pages_that_cannot_be(client_for, consultation, author, member, make_proposal):
    proposal = make_proposal(consultation, author=author)
    author_client = client_for(author)
    # Its own language: nothing to translate, and a translation is refused.
    html = author_client.get(translate_url(proposal, "en")).get_data(as_text=True)
    assert "nothing to translate" in html
    response = post(author_client, translate_url(proposal, "en"), {"field": "title", "title": "x"})
    assert response.status_code == 422 and find(proposal, "title", "en") is None
    # An unknown language, an unknown kind.
    assert author_client.get(translate_url(proposal, "xx")).status_code == 404
    assert author_client.get(f"/en/translate/ar/poem/{proposal.id}").status_code == 404
    member_client = client_for(member)
    assert member_client.get(translate_url(proposal, "ar")).status_code == 403
    response = post(member_client, translate_url(proposal, "ar"), {"field": "title", "title": "x"})
    assert response.status_code == 403
    assert find(proposal, "title", "ar") is None
