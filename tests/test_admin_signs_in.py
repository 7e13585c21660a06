"""Staff sign in to the console; everyone else, and every forged form, is kept out."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from bot import create_app
from console import PASSWORD, Staff, csrf_token, make_account
from harness import file_pothole_report
from models import AdminUser


@pytest.fixture
def admin(city):
    make_account(city, "admin@kota.go.id")
    return Staff(city, "admin@kota.go.id")


@pytest.mark.parametrize("path", ["/admin/", "/admin/cases", "/admin/cases/LPR-00001", "/admin/overview",
                                  "/admin/cases.csv", "/admin/residents/1", "/admin/media/1"])
def test_every_page_but_sign_in_needs_an_account(city, path):
    response = city.app.test_client().get(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_signing_in_opens_the_cases_list_and_signing_out_closes_it(city, admin):
    response = admin.sign_in()
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/cases")
    assert admin.get("/admin/cases").status_code == 200
    admin.submit("/admin/cases", "/admin/logout", {})
    assert admin.get("/admin/cases").status_code == 302


def test_a_cookie_copied_before_signing_out_no_longer_opens_anything(city, admin):
    admin.sign_in()
    copied = admin.client.get_cookie("session").value
    admin.submit("/admin/cases", "/admin/logout", {})
    thief = city.app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/admin/cases").status_code == 302


def test_a_new_password_ends_the_sessions_signed_in_with_the_old_one(city, admin, monkeypatch):
    admin.sign_in()
    monkeypatch.setenv("ADMIN_PASSWORD", "kata sandi baru yang panjang")
    assert city.app.test_cli_runner().invoke(args=["admins", "create", admin.email]).exit_code == 0
    assert admin.get("/admin/cases").status_code == 302
    assert admin.sign_in("kata sandi baru yang panjang").status_code == 302
    assert admin.get("/admin/cases").status_code == 200


def test_the_session_cookie_is_httponly_and_samesite(city, admin):
    response = admin.sign_in()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the public URL is http here


def test_the_cookie_is_secure_when_the_public_url_is_https(city):
    app = create_app({**city.env, "PUBLIC_BASE_URL": "https://lapor.example.go.id"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["lapor"].db.engine.dispose()


def test_a_wrong_password_is_refused(city, admin):
    response = admin.sign_in("salah sekali")
    assert response.status_code == 401 and "salah" in response.text
    assert admin.get("/admin/cases").status_code == 302


def test_repeated_wrong_passwords_pause_sign_in_even_for_the_right_one(city, admin):
    for _ in range(5):
        assert admin.sign_in("tebakan").status_code == 401
    response = admin.sign_in(PASSWORD)
    assert response.status_code == 429 and "Terlalu banyak percobaan" in response.text
    assert admin.get("/admin/cases").status_code == 302


def test_guesses_sent_all_at_once_are_limited_too(city, admin):
    guessers = [Staff(city, admin.email) for _ in range(16)]
    tokens = [csrf_token(guesser.get("/admin/login").text) for guesser in guessers]

    def guess(guesser_and_token) -> int:
        guesser, token = guesser_and_token
        return guesser.client.post("/admin/login", data={"email": guesser.email, "password": "tebakan",
                                                          "csrf_token": token}).status_code

    with ThreadPoolExecutor(len(guessers)) as pool:
        answers = list(pool.map(guess, zip(guessers, tokens)))
    assert answers.count(401) == 5 and answers.count(429) == len(guessers) - 5


def test_a_forged_forwarded_address_does_not_reset_the_limit(city):
    for number in range(6):
        make_account(city, f"staf{number}@kota.go.id")
    clients = [Staff(city, f"staf{number}@kota.go.id").client for number in range(6)]
    statuses = []
    for number, client in enumerate(clients):
        token = csrf_token(client.get("/admin/login").text)
        statuses.append(client.post("/admin/login", headers={"X-Forwarded-For": f"10.0.0.{number}"},
                                    data={"email": f"staf{number}@kota.go.id", "password": "tebakan",
                                          "csrf_token": token}).status_code)
    assert statuses == [401] * 5 + [429]


def test_the_right_password_does_not_count_against_the_address(city, admin):
    for _ in range(10):
        assert admin.sign_in().status_code == 302


def test_a_sign_in_without_its_csrf_token_is_refused(city, admin):
    response = admin.client.post("/admin/login", data={"email": admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert admin.get("/admin/cases").status_code == 302


def test_an_action_without_its_csrf_token_changes_nothing(city, admin):
    file_pothole_report(city.resident())
    admin.sign_in()
    response = admin.client.post("/admin/cases/LPR-00001/status", data={"status": "resolved", "note": "x"})
    assert response.status_code == 302
    assert city.case("LPR-00001").status == "open"


def test_the_password_is_stored_hashed(city, admin):
    with city.session() as session:
        stored = session.query(AdminUser).one().password_hash
    assert PASSWORD not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_after_sign_in_only_a_local_page_is_opened(city, admin):
    page = admin.client.get("/admin/login?next=https://evil.example/")
    response = admin.client.post("/admin/login?next=https://evil.example/", data={
        "email": admin.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)})
    assert response.headers["Location"].endswith("/admin/cases")
