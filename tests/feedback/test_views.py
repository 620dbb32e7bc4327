"""A thread through its pages: posting and replying, refusals, organisations and official notes,
editing with its history, deleting, supporting, sorting and filtering, the summary,
translations, hidden comments and the number of statements a page runs."""

import html as html_lib
from datetime import timedelta

import pytest

from consult.core.history import utcnow
from consult.extensions import db
from consult.feedback import operations as fb
from consult.feedback.models import Comment, CommentSupport
from consult.feedback.queries import find_thread
from consult.moderation import operations as mod
from consult.organisations import operations as organisations
from consult.translations.models import ContentTranslation
from tests.conftest import post
from tests.feedback.conftest import (
    comment_count,
    comment_ids,
    field_error,
    flashes,
    text_of,
    top_level_ids,
)


def compose_url(subject, kind="proposal", parent=None):
    url = f"/en/discuss/{kind}/{subject.id}/comments/new"
    return f"{url}?parent={parent.id}" if parent is not None else url


def proposal_page(client, proposal, query="", lang="en"):
    response = client.get(f"/{lang}/proposals/{proposal.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def write(client, subject, body, kind="proposal", **fields):
    data = {"body": body, "alignment": "neutral", "language": "en", **fields}
    return post(client, compose_url(subject, kind), data)


# Posting and replying ---------------------------------------------------------------------------


def test_a_member_comments_and_replies_through_the_pages(client_for, proposal, author, member):
    amira, marta = client_for(author), client_for(member)
    response = write(amira, proposal, "We need **interpreters**.", alignment="in_favour")
    assert response.status_code == 302
    comment = db.session.scalars(db.select(Comment)).one()
    assert response.headers["Location"].endswith(
        f"/en/proposals/{proposal.id}#comment-{comment.id}"
    )
    html = proposal_page(marta, proposal)
    assert '<bdi class="comment__author">Amira</bdi>' in html
    assert "<strong>interpreters</strong>" in html
    assert 'class="badge alignment alignment--in_favour">In favour</span>' in html
    # The reply page shows the comment replied to above the form.
    reply_page = marta.get(compose_url(proposal, parent=comment)).get_data(as_text=True)
    assert "Reply to a comment" in reply_page
    assert "<strong>interpreters</strong>" in reply_page
    assert f'name="parent" type="hidden" value="{comment.id}"' in reply_page
    response = post(
        marta,
        compose_url(proposal),
        {"body": "Agreed.", "alignment": "neutral", "language": "en", "parent": comment.id},
    )
    assert response.status_code == 302
    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == comment.id)).one()
    html = proposal_page(marta, proposal)
    # Nested: the reply's list item sits inside the comment's.
    outer = html.split(f'<li id="comment-{comment.id}"', 1)[1]
    assert (
        '<ol class="comment-list comment-list--replies">'
        in outer.split(f'<li id="comment-{reply.id}"')[0]
    )
    assert "1 comment" not in text_of(html)
    assert "2 comments" in text_of(html)


def test_an_invalid_comment_keeps_the_text_and_says_why(client_for, proposal, member):
    response = write(client_for(member), proposal, "x" * 2001)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "comment-body") == "Error: Use at most 2000 characters."
    assert "x" * 2001 in html
    assert comment_count() == 0
    response = write(client_for(member), proposal, "   ")
    assert response.status_code == 422
    assert (
        field_error(response.get_data(as_text=True), "comment-body") == "Error: Write your comment."
    )


def test_visitors_are_sent_to_sign_in_and_refused_on_post(client, proposal):
    response = client.get(compose_url(proposal))
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    assert write(client, proposal, "Hello").status_code == 403
    html = proposal_page(client, proposal)
    assert "Sign in to take part in the discussion" in html
    assert comment_count() == 0


def test_an_unknown_kind_or_subject_is_not_found(client_for, proposal, member):
    client = client_for(member)
    assert client.get(f"/en/discuss/measure/{proposal.id}/comments/new").status_code == 404
    assert client.get("/en/discuss/proposal/2147483647/comments/new").status_code == 404
    assert client.get(compose_url(proposal) + "?parent=2147483647").status_code == 404


def test_a_reply_beyond_three_levels_is_refused_with_nothing_written(
    client_for, proposal, author, member, say
):
    top = say(proposal, author, "Top")
    r1 = say(proposal, member, "One", parent=top)
    r2 = say(proposal, author, "Two", parent=r1)
    r3 = say(proposal, member, "Three", parent=r2)
    client = client_for(member)
    # No reply link on the deepest comment.
    html = proposal_page(client, proposal)
    assert f"parent={r2.id}" in html
    assert f"parent={r3.id}" not in html
    before = comment_count()
    response = post(
        client,
        compose_url(proposal),
        {"body": "Four", "alignment": "neutral", "language": "en", "parent": r3.id},
    )
    assert response.status_code == 422
    assert "Replies go three levels deep at most" in response.get_data(as_text=True)
    assert comment_count() == before


def test_a_locked_thread_takes_no_comments_but_moderators_post_official_notes(
    client_for, proposal, member, moderator, say
):
    say(proposal, member, "Before the lock")
    mod_client = client_for(moderator)
    response = post(
        mod_client, f"/en/discuss/proposal/{proposal.id}/lock", {"locked": "1", "reason": "Heated"}
    )
    assert response.status_code == 302
    before = comment_count()
    client = client_for(member)
    html = proposal_page(client, proposal)
    assert "This discussion is closed by the moderators." in html
    assert f'action="/en/discuss/proposal/{proposal.id}/comments/new"' not in html
    response = write(client, proposal, "After the lock")
    assert response.status_code == 403
    assert "This discussion is closed by the moderators." in response.get_data(as_text=True)
    assert comment_count() == before
    # The moderator still posts, as an official note.
    html = proposal_page(mod_client, proposal)
    assert 'id="comment-official"' in html
    response = write(mod_client, proposal, "Closed: please be civil.", official="y")
    assert response.status_code == 302
    note = db.session.scalars(db.select(Comment).where(Comment.official.is_(True))).one()
    html = proposal_page(client, proposal)
    assert "Moderators&#39; note" in html or "Moderators' note" in html
    assert f'id="comment-{note.id}"' in html
    # And opens it again.
    response = post(mod_client, f"/en/discuss/proposal/{proposal.id}/lock", {"locked": "0"})
    assert response.status_code == 302
    assert write(client, proposal, "Open again").status_code == 302


def test_posting_while_blocked_is_refused(client_for, proposal, member, moderator, app):
    with app.test_request_context("/en/"):
        mod.block(member, moderator, "spam", "Adverts", utcnow() + timedelta(days=3))
    client = client_for(member)
    html = proposal_page(client, proposal)
    assert "A moderator has stopped you from posting" in html
    response = write(client, proposal, "Let me in")
    assert response.status_code == 403
    assert "A moderator has stopped you from posting" in response.get_data(as_text=True)
    assert comment_count() == 0


def test_a_member_posts_as_their_organisation(client_for, proposal, member, make_user, app):
    with app.test_request_context("/en/"):
        org = organisations.create(None, "Refugee Support \u202eNGO", "")
        organisations.add_member(org, member, None)
    client = client_for(member)
    form_html = proposal_page(client, proposal)
    assert 'id="comment-organisation"' in form_html
    assert f'<option value="{org.id}">' in form_html
    response = write(client, proposal, "Our position.", organisation=org.id)
    assert response.status_code == 302
    comment = db.session.scalars(db.select(Comment)).one()
    assert comment.organisation_id == org.id
    html = proposal_page(client_for(), proposal)
    assert (
        '<bdi class="comment__author">Refugee Support \u202eNGO</bdi> '
        '<span class="badge badge--organisation">Organisation</span>'
    ) in html
    # Someone outside the organisation cannot post as it.
    outsider = client_for(make_user())
    assert 'id="comment-organisation"' not in proposal_page(outsider, proposal)
    response = write(outsider, proposal, "Pretending.", organisation=org.id)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "comment-organisation") == (
        "Error: You can only post as an organisation you belong to."
    )
    assert comment_count() == 1


def test_only_moderators_post_official_notes(client_for, proposal, member, moderator):
    client = client_for(member)
    assert 'id="comment-official"' not in proposal_page(client, proposal)
    assert write(client, proposal, "I am official", official="y").status_code == 403
    assert comment_count() == 0
    assert write(client_for(moderator), proposal, "Note", official="y").status_code == 302
    assert db.session.scalars(db.select(Comment)).one().official is True


# Editing, deleting, supporting -----------------------------------------------------------------


def test_an_edit_keeps_the_earlier_text_visible(client_for, proposal, author, member, say):
    comment = say(proposal, author, "First words")
    client = client_for(author)
    page = client.get(f"/en/comments/{comment.id}/edit").get_data(as_text=True)
    assert "First words" in page
    response = post(
        client, f"/en/comments/{comment.id}/edit", {"body": "Better words", "language": "en"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")
    html = proposal_page(client_for(member), proposal)
    assert "Better words" in html
    assert f'href="/en/comments/{comment.id}/history">edited</a>' in html
    history = client_for(member).get(f"/en/comments/{comment.id}/history")
    assert history.status_code == 200
    text = history.get_data(as_text=True)
    assert "First words" in text and "Better words" in text
    # Others may not edit it.
    assert client_for(member).get(f"/en/comments/{comment.id}/edit").status_code == 403
    assert (
        post(client_for(member), f"/en/comments/{comment.id}/edit", {"body": "x"}).status_code
        == 403
    )


def test_a_deleted_comment_leaves_its_replies(client_for, proposal, author, member, say):
    comment = say(proposal, author, "Soon gone")
    reply = say(proposal, member, "A reply that stays", parent=comment)
    client = client_for(author)
    html = proposal_page(client, proposal)
    assert "Delete this comment?" in html
    response = post(client, f"/en/comments/{comment.id}/delete")
    assert response.status_code == 302
    html = proposal_page(client_for(member), proposal)
    assert "This comment was deleted." in html
    assert "Soon gone" not in html
    assert "A reply that stays" in html
    assert comment_ids(html) == [comment.id, reply.id]
    # Only the author deletes.
    assert post(client_for(member), f"/en/comments/{reply.id}/delete").status_code == 302
    assert post(client_for(author), f"/en/comments/{reply.id}/delete").status_code == 403


def test_a_comment_is_supported_once(client_for, proposal, author, member, say):
    comment = say(proposal, author, "Support me")
    client = client_for(member)
    html = proposal_page(client, proposal)
    assert f'action="/en/comments/{comment.id}/support"' in html
    response = post(client, f"/en/comments/{comment.id}/support", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 support" in text_of(html)
    assert 'class="badge badge--supported">Supported</span>' in html
    assert f'action="/en/comments/{comment.id}/unsupport"' in html
    response = post(client, f"/en/comments/{comment.id}/support", follow_redirects=True)
    assert "You already support this comment." in flashes(response.get_data(as_text=True))
    db.session.refresh(comment)
    assert comment.supports_count == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(CommentSupport)) == 1
    # Not one's own.
    assert post(client_for(author), f"/en/comments/{comment.id}/support").status_code == 403
    # And back.
    assert post(client, f"/en/comments/{comment.id}/unsupport").status_code == 302
    db.session.refresh(comment)
    assert comment.supports_count == 0


def test_a_support_button_brings_the_reader_back_where_they_were(
    client_for, proposal, author, member, say
):
    comment = say(proposal, author, "Here")
    client = client_for(member)
    response = post(
        client,
        f"/en/comments/{comment.id}/support",
        {"next": f"/en/proposals/{proposal.id}?sort=newest"},
    )
    assert response.headers["Location"].endswith(
        f"/en/proposals/{proposal.id}?sort=newest#comment-{comment.id}"
    )
    response = post(client, f"/en/comments/{comment.id}/unsupport", {"next": "//evil.example"})
    assert "evil" not in response.headers["Location"]


# Reading ----------------------------------------------------------------------------------------


def test_the_sorts_and_the_alignment_filter(client_for, proposal, make_user, say, app):
    first = say(proposal, make_user(), "First", "in_favour")
    second = say(proposal, make_user(), "Second", "against")
    third = say(proposal, make_user(), "Third", "in_favour")
    with_support = say(proposal, make_user(), "Popular", "neutral")
    supporters = [make_user() for _ in range(3)]
    with app.test_request_context("/en/"):
        fb.support(with_support, supporters[0])
        fb.support(with_support, supporters[1])
        fb.support(third, supporters[2])
    client = client_for()
    ids = [first.id, second.id, third.id, with_support.id]
    assert top_level_ids(proposal_page(client, proposal)) == ids
    assert top_level_ids(proposal_page(client, proposal, "?sort=newest")) == ids[::-1]
    assert top_level_ids(proposal_page(client, proposal, "?sort=supported")) == [
        with_support.id,
        third.id,
        first.id,
        second.id,
    ]
    assert top_level_ids(proposal_page(client, proposal, "?alignment=in_favour")) == [
        first.id,
        third.id,
    ]
    html = proposal_page(client, proposal, "?alignment=against&sort=newest")
    assert top_level_ids(html) == [second.id]
    assert '<option selected value="against">' in html or 'value="against" selected' in html
    # Nonsense is ignored.
    assert top_level_ids(proposal_page(client, proposal, "?sort=x&alignment=y")) == ids


def test_the_summary_is_shown_with_a_link_to_what_it_covers(
    client_for, proposal, member, moderator, say
):
    covered = say(proposal, member, "Covered")
    client = client_for(moderator)
    page = client.get(f"/en/discuss/proposal/{proposal.id}/summary")
    assert page.status_code == 200
    response = post(
        client,
        f"/en/discuss/proposal/{proposal.id}/summary",
        {"text": "People want **interpreters**.", "language": "en"},
    )
    assert response.status_code == 302
    later = say(proposal, member, "Later")
    html = proposal_page(client_for(), proposal)
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert (
        '<div lang="en" dir="ltr" class="prose">'
        "<p>People want <strong>interpreters</strong>.</p></div>" in summary
    )
    assert "This summary covers 1 comment posted up to" in text_of(summary)
    assert f'href="/en/proposals/{proposal.id}?until={covered.id}#comments"' in summary
    filtered = proposal_page(client_for(), proposal, f"?until={covered.id}")
    assert covered.id in top_level_ids(filtered) and later.id not in top_level_ids(filtered)
    # Moderators translate it.
    thread_id = find_thread(proposal).id
    translate = f"/en/translate/{{}}/summary/{thread_id}"
    assert translate.format("ar") in proposal_page(client, proposal)
    response = post(
        client, translate.format("ar"), {"field": "summary", "summary": "الناس يريدون مترجمين"}
    )
    assert response.status_code == 302
    html = proposal_page(client_for(), proposal, lang="ar")
    assert '<div lang="ar" dir="rtl" class="prose"><p>الناس يريدون مترجمين</p></div>' in html
    # Into its own language: refused, said clearly.
    response = post(client, translate.format("en"), {"field": "summary", "summary": "Same"})
    assert response.status_code == 422
    assert "nothing to translate" in response.get_data(as_text=True)
    assert client.get(translate.format("xx")).status_code == 404
    assert client_for(member).get(f"/en/discuss/proposal/{proposal.id}/summary").status_code == 403


def test_a_translated_comment_is_shown_in_the_readers_language(client_for, proposal, author, say):
    comment = say(proposal, author, "We need interpreters at the hospital.", language="en")
    db.session.add(
        ContentTranslation(
            object_type="comments",
            object_id=comment.id,
            field="body",
            locale="ar",
            text="نحتاج إلى مترجمين في المستشفى.",
            origin="human",
        )
    )
    db.session.commit()
    html = proposal_page(client_for(), proposal, lang="ar")
    assert (
        '<div lang="ar" dir="rtl" class="prose comment__text">'
        "<p>نحتاج إلى مترجمين في المستشفى.</p></div>" in html
    )
    html = proposal_page(client_for(), proposal, lang="en")
    assert '<div lang="en" dir="ltr" class="prose comment__text"><p>We need interpreters' in html


def test_a_hidden_comment_is_seen_only_by_its_author_and_the_moderators(
    client_for, proposal, author, member, moderator, say, app
):
    visible = say(proposal, member, "Kind words")
    hidden = say(proposal, author, "Nasty words")
    with app.test_request_context("/en/"):
        mod.decide([hidden], moderator, "hide", "hate", "Abusive")
    for who in (None, member):
        html = proposal_page(client_for(who), proposal)
        assert "Nasty words" not in html
        assert f'id="comment-{hidden.id}"' not in html
        assert f'id="comment-{visible.id}"' in html
        assert "1 comment" in text_of(html)
        assert client_for(who).get(f"/en/comments/{hidden.id}").status_code == 404
    for who in (author, moderator):
        html = proposal_page(client_for(who), proposal)
        item = html.split(f'<li id="comment-{hidden.id}"', 1)[1]
        assert "Nasty words" in item
        assert "Hidden by the moderators." in item
        assert "Hate or harassment" in item
        assert client_for(who).get(f"/en/comments/{hidden.id}").status_code == 200


def test_the_proposal_page_counts_visible_comments_only(
    client_for, proposal, author, member, moderator, say, app
):
    say(proposal, member, "One")
    hidden = say(proposal, author, "Two")
    with app.test_request_context("/en/"):
        mod.decide([hidden], moderator, "hide", "spam")
    html = proposal_page(client_for(), proposal)
    facts = html.split('<dl class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Comments</dt>\n  <dd>1</dd>" in facts


def test_a_comment_page_shows_it_with_its_replies_and_its_subject(
    client_for, proposal, author, member, say
):
    comment = say(proposal, author, "The start")
    reply = say(proposal, member, "The answer", parent=comment)
    other = say(proposal, member, "Elsewhere")
    html = client_for().get(f"/en/comments/{comment.id}").get_data(as_text=True)
    assert comment_ids(html) == [comment.id, reply.id]
    assert f'href="/en/proposals/{proposal.id}#comments"' in html
    assert f'id="comment-{other.id}"' not in html


def test_moderators_highlight_a_comment(client_for, proposal, member, moderator, say):
    comment = say(proposal, member, "Worth reading")
    client = client_for(moderator)
    assert (
        post(client_for(member), f"/en/comments/{comment.id}/highlight", {"on": "1"}).status_code
        == 403
    )
    assert post(client, f"/en/comments/{comment.id}/highlight", {"on": "1"}).status_code == 302
    html = proposal_page(client_for(), proposal)
    box = html.split("Highlighted by the moderators", 1)[1].split("</section>", 1)[0]
    assert "Worth reading" in box
    assert post(client, f"/en/comments/{comment.id}/highlight", {"on": "2"}).status_code == 422
    assert post(client, f"/en/comments/{comment.id}/highlight", {"on": "0"}).status_code == 302
    assert "Highlighted by the moderators" not in proposal_page(client_for(), proposal)


def test_a_consultation_has_its_own_thread(client_for, consultation, member):
    client = client_for(member)
    html = client.get(f"/en/consultations/{consultation.id}").get_data(as_text=True)
    assert f'action="/en/discuss/consultation/{consultation.id}/comments/new"' in html
    response = write(client, consultation, "About the whole plan", kind="consultation")
    assert response.status_code == 302
    assert f"/en/consultations/{consultation.id}#comment-" in response.headers["Location"]
    html = client_for().get(f"/en/consultations/{consultation.id}").get_data(as_text=True)
    assert "About the whole plan" in html


def test_the_markup_people_type_stays_inert(client_for, proposal, make_user):
    client = client_for(make_user(display_name="<img src=x onerror=alert(1)>"))
    write(client, proposal, "<script>alert(1)</script> [x](javascript:alert(1))")
    html = proposal_page(client_for(), proposal)
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html
    assert "<img src=x" not in html
    assert html_lib.escape("<img src=x onerror=alert(1)>") in html


# Statements -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_the_proposal_page_runs_as_many_statements_with_3_comments_as_with_30(
    app, client_for, consultation, make_proposal, make_user, member, moderator, count_queries, who
):
    small, large = make_proposal(consultation), make_proposal(consultation)
    people = [make_user() for _ in range(4)]
    with app.test_request_context("/en/"):
        org = organisations.create(None, "Counting Club", "")
        organisations.add_member(org, people[0], None)
        for i in range(3):
            fb.post(fb.discussion_of(small), people[i], f"Small {i}")
        for i in range(30):
            top = fb.post(
                fb.discussion_of(large),
                people[i % 4],
                f"Large {i}",
                organisation_id=org.id if i % 4 == 0 else None,
            )
            if i % 3 == 0:
                reply = fb.post(fb.discussion_of(large), people[(i + 1) % 4], "Re", parent=top)
                fb.post(fb.discussion_of(large), people[(i + 2) % 4], "Re re", parent=reply)
                fb.support(top, people[(i + 3) % 4])
            if i == 5:
                fb.highlight(top, moderator)
        fb.summarise(fb.discussion_of(large), moderator, "Summary", "en")
        fb.summarise(fb.discussion_of(small), moderator, "Summary", "en")
    client = client_for({"anonymous": None, "member": member, "moderator": moderator}[who])

    def statements(url):
        client.get(url)  # warm up
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    assert statements(f"/en/proposals/{small.id}") == statements(f"/en/proposals/{large.id}")
