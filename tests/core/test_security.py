import pytest

from consult.core.security import is_local_path
from tests.conftest import csrf_token, sign_in


@pytest.mark.parametrize("url", ["/el/", "/en/sign-in", "/ar/no-such-page", "/"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style_and_nothing_from_another_host(client):
    for url in ("/en/", "/ar/register", "/fa/sign-in", "/el/password/forgot"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html and "<style" not in html
        assert "http://" not in html and "https://" not in html


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    response = sign_in(client, make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("target", "local"),
    [
        ("/en/account", True),
        ("/en/account?x=1", True),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
        ("/en/\r\nLocation: x", False),
        ("", False),
        ("en/account", False),
    ],
)
def test_is_local_path(target, local):
    assert is_local_path(target) is local


def test_state_changes_only_by_post(client, make_user):
    sign_in(client, make_user())
    assert client.get("/en/sign-out").status_code == 405
    assert client.get("/en/account/password").status_code == 405


def test_sign_out_without_csrf_is_refused(client, make_user):
    sign_in(client, make_user())
    assert client.post("/en/sign-out").status_code == 400
    assert client.get("/en/account").status_code == 200  # still signed in


@pytest.mark.parametrize("lang", ["el", "ar"])
def test_error_pages_are_in_the_users_language(client, lang):
    response = client.post(f"/{lang}/register", data={"email": "a@example.org"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    if lang != "en":
        assert "The request could not be understood" not in html


def test_no_input_produces_a_500(client):
    token = csrf_token(client, "/en/register")
    nasty = ["\x00", "%", "'; DROP TABLE users; --", "<script>", "a" * 100_000, "\u202e"]
    for value in nasty:
        for url in ("/en/register", "/en/sign-in", "/en/password/forgot"):
            response = client.post(
                url,
                data={
                    "csrf_token": token,
                    "email": value,
                    "password": value,
                    "display_name": value,
                },
            )
            assert response.status_code < 500, (url, value[:20])
    assert client.get("/en/password/reset/%00%ff").status_code < 500
    assert client.get("/en/sign-in?next=%00").status_code < 500
    assert client.post("/en/sign-in", data=b"\xff\xfe", content_type="text/plain").status_code < 500
    invalid_utf8 = b"csrf_token=" + token.encode() + b"&email=%ff%fe&password=%c3%28"
    response = client.post(
        "/en/sign-in", data=invalid_utf8, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500


def test_an_unexpected_error_is_a_500_page_in_the_users_language(tmp_path, monkeypatch):
    from consult import create_app
    from tests.conftest import testing_config

    monkeypatch.setenv("CONSULT_INSTANCE_PATH", str(tmp_path))
    app = create_app({**testing_config(), "TESTING": False})

    @app.route("/<lang:lang>/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/ar/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert "Something went wrong on our side" not in html  # said in Arabic
    assert "boom" not in html.split("<main", 1)[1]  # no internals shown
