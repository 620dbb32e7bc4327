"""HTTP caching and compression (consult/core/http.py): a visitor's unchanged page answers 304,
a signed-in person's page is never kept, text is gzipped for clients that accept it."""

import gzip

from tests.conftest import sign_in


def test_a_visitors_unchanged_page_answers_304(client, make_consultation):
    make_consultation()
    first = client.get("/en/consultations/")
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get("/en/consultations/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_a_changed_page_answers_in_full(client, make_consultation):
    first = client.get("/en/consultations/")
    make_consultation(title="Something new")
    again = client.get("/en/consultations/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Something new" in again.get_data(as_text=True)


def test_a_signed_in_page_is_never_kept(client, make_user):
    sign_in(client, make_user())
    response = client.get("/en/consultations/")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers
    again = client.get("/en/consultations/", headers={"If-None-Match": "*"})
    assert again.status_code == 200


def test_a_response_that_sets_a_cookie_is_private(client):
    response = client.get("/en/sign-in")
    assert "Set-Cookie" in response.headers
    assert "private" in response.headers["Cache-Control"]


def test_pages_are_gzipped_for_clients_that_accept_it(client, make_consultation):
    for _ in range(3):
        make_consultation()
    plain = client.get("/en/consultations/")
    assert "Content-Encoding" not in plain.headers
    packed = client.get("/en/consultations/", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    assert gzip.decompress(packed.data) == plain.data
    refused = client.get("/en/consultations/", headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_static_files_are_gzipped_with_a_weak_etag(client):
    response = client.get("/static/css/consult.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["ETag"].startswith("W/")
    assert gzip.decompress(response.data) == client.get("/static/css/consult.css").data


def test_small_bodies_are_left_alone(client):
    response = client.get("/static/favicon.svg", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
