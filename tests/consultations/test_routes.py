"""Every consultation route × who asks: the status each gets (a draft is not found by those who
may not see it; a page they may not use is forbidden; anonymous visitors are sent to sign in)."""

import pytest

from tests.conftest import post

WHO = ("anonymous", "member", "local_moderator", "moderator", "admin")

#: (method, path, the consultation's state, {who: status}); {id} is the consultation.
ROUTES = [
    ("GET", "/", "open", dict.fromkeys(WHO, 200)),
    ("GET", "/{id}", "open", dict.fromkeys(WHO, 200)),
    ("GET", "/{id}?original=1", "open", dict.fromkeys(WHO, 200)),
    ("GET", "/{id}/history", "open", dict.fromkeys(WHO, 200)),
    ("GET", "/{id}", "draft", {"anonymous": 404, "member": 404, "local_moderator": 200,
                               "moderator": 200, "admin": 200}),
    ("GET", "/{id}/history", "draft", {"anonymous": 404, "member": 404,
                                       "local_moderator": 200, "moderator": 200, "admin": 200}),
    ("GET", "/new", "open", {"anonymous": 302, "member": 403, "local_moderator": 403,
                             "moderator": 403, "admin": 200}),
    ("GET", "/{id}/edit", "open", {"anonymous": 302, "member": 403, "local_moderator": 403,
                                   "moderator": 403, "admin": 200}),
    ("GET", "/{id}/edit", "draft", {"anonymous": 404, "member": 404, "local_moderator": 403,
                                    "moderator": 403, "admin": 200}),
    ("GET", "/en/translate/ar/consultation/{id}", "open", {"anonymous": 302, "member": 403,
                                              "local_moderator": 403, "moderator": 403,
                                              "admin": 200}),
    ("POST", "/new", "open", {"anonymous": 403, "member": 403, "local_moderator": 403,
                              "moderator": 403, "admin": 422}),
    ("POST", "/{id}/edit", "open", {"anonymous": 403, "member": 403, "local_moderator": 403,
                                    "moderator": 403, "admin": 422}),
    ("POST", "/{id}/transition/publish", "draft", {"anonymous": 404, "member": 404,
                                                   "local_moderator": 403, "moderator": 403,
                                                   "admin": 302}),
    ("POST", "/{id}/transition/conclude", "closed", {"anonymous": 403, "member": 403,
                                                     "local_moderator": 403, "moderator": 403,
                                                     "admin": 302}),
    ("POST", "/{id}/moderators", "open", {"anonymous": 403, "member": 403,
                                          "local_moderator": 403, "moderator": 403,
                                          "admin": 422}),
    ("POST", "/en/translate/ar/consultation/{id}", "open", {"anonymous": 403, "member": 403,
                                               "local_moderator": 403, "moderator": 403,
                                               "admin": 422}),
]  # fmt: skip


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(("method", "path", "state", "expected"), ROUTES)
def test_every_route_for_everyone(
    client_for, make_consultation, who, method, path, state, expected
):
    phase = "review" if state == "closed" else "proposals"
    consultation = make_consultation(phase=phase, state=state)
    client = client_for(who, consultation)
    url = path.format(id=consultation.id)
    if not url.startswith("/en/"):
        url = "/en/consultations" + url
    # A POST sends an empty form: refused before validation, or by it.
    response = client.get(url) if method == "GET" else post(client, url, {})
    assert response.status_code == expected[who]
