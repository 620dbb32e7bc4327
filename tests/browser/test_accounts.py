"""Creating an account, signing out and signing in, as a person does it in a browser."""

from playwright.sync_api import expect

from tests.browser.conftest import account_nav, register_user, sign_in, ui


def test_register_sign_out_and_sign_in_again_in_arabic(page, live_server):
    account = register_user(page, "ar")
    assert page.url == f"{live_server.url}/ar/"
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("status")).to_contain_text(ui("ar", "Welcome, your account is ready."))

    account_nav(page).get_by_role("button", name=ui("ar", "Sign out")).click()
    page.wait_for_url("**/ar/")
    expect(page.get_by_role("status")).to_contain_text(ui("ar", "You have signed out."))
    expect(account_nav(page)).not_to_contain_text(account.display_name)
    expect(account_nav(page).get_by_role("link", name=ui("ar", "Sign in"))).to_be_visible()

    sign_in(page, account, "ar")
    assert page.url == f"{live_server.url}/ar/"
    expect(html).to_have_attribute("dir", "rtl")


def test_registration_works_without_javascript(new_page, live_server):
    page = new_page(java_script_enabled=False)
    account = register_user(page, "en")
    assert page.url == f"{live_server.url}/en/"
    account_nav(page).get_by_role("button", name=ui("en", "Sign out")).click()
    page.wait_for_url("**/en/")
    sign_in(page, account)


def test_a_wrong_password_is_refused_with_a_message_next_to_the_field(page):
    account = register_user(page, "en")
    account_nav(page).get_by_role("button", name="Sign out").click()
    page.goto("/en/sign-in")
    page.get_by_label("Email address", exact=True).fill(account.email)
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The email address or the password is not right."
    )
    expect(page).to_have_title("Error: Sign in · Consult")
    expect(account_nav(page)).not_to_contain_text(account.display_name)
