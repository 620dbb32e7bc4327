"""Markup typed by people stays inert on the moderation pages and the account page."""

import pytest

from consult.feedback import operations as feedback

VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    "[click](javascript:alert(1))",
    '<a href=" jAvAsCrIpT:alert(1)">x</a>',
    "<iframe src=//evil></iframe>",
    "\u202eevil\u202c",
]


@pytest.mark.parametrize("vector", VECTORS)
def test_the_queue_item_log_and_account_pages_keep_markup_inert(
    vector, app, make_user, make_consultation, make_proposal, flag, moderator, signed_in
):
    consultation = make_consultation(phase="proposals", state="open")
    author = make_user(display_name=f"Name {vector[:20]}".replace("<", "‹"))
    proposal = make_proposal(consultation, author=author, title=f"T {vector}"[:150])
    with app.test_request_context("/en/"):
        comment = feedback.post(feedback.discussion_of(proposal), author, f"Body {vector}")
    flag(comment, make_user(), "other", f"Details {vector}")
    flag(proposal, make_user(), "personal_info", vector)
    client = signed_in(moderator)
    pages = [
        client.get("/en/moderation/"),
        client.get(f"/en/moderation/items/comment/{comment.id}"),
        client.get(f"/en/moderation/items/proposal/{proposal.id}"),
        client.get("/en/moderation/log"),
        signed_in(author).get("/en/account"),
    ]
    for response in pages:
        html = response.get_data(as_text=True).lower()
        assert response.status_code == 200
        for bad in ("<script", "<img", "<svg", "<iframe", 'href="javascript', 'href=" javascript'):
            assert bad not in html, bad
