"""Someone at the mayor's office works a case in the console with a real browser, on a phone.

A headless Chromium (Debian's, driven by Playwright) signs in, filters the list, opens the case, reads
the conversation, answers the resident, and the worker then sends that answer through Twilio.

Without Chromium or Playwright the test is skipped, except under CI (``CI`` set), where it fails:
``.ci/run`` installs Chromium so that it always runs there.
"""
from __future__ import annotations

import re
import time

from harness import (ADMIN_EMAIL, ADMIN_PASSWORD, DESCRIPTION, PHONE_VIEWPORT, TIMEOUT_MS, file_pothole_report,
                     make_admin, no_problems_so_far)

RESIDENT = "+6281200000001"
OFFICIALS_ANSWER = "Tim kami akan menambal lubang itu besok pagi."
OFFICE_REPLY = "Terima kasih, Bu Siti. Kantor Wali Kota memantau perbaikan jalan ini sampai selesai."


def test_the_mayors_office_answers_a_resident_from_the_console_in_a_browser(city, phone_page, monkeypatch,
                                                                            tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page, base = phone_page, city.base_url

    # A case with a conversation: the resident files it, the official answers it.
    resident = city.resident(RESIDENT, name="Siti")
    file_pothole_report(resident)
    city.work()
    city.official().send(f"#LPR-00001 {OFFICIALS_ANSWER}")
    city.work()
    assert OFFICIALS_ANSWER in resident.received()[-1].body
    sent_before = len(resident.received())
    make_admin(city, monkeypatch)

    in_the_browser = time.monotonic()

    # Signing in: the console sends a stranger to the sign-in page, then back to where they were going.
    page.goto(base + "/admin/cases")
    expect(page).to_have_url(re.compile(r"/admin/login"))
    page.locator("input[name=email]").fill(ADMIN_EMAIL)
    page.locator("input[name=password]").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/admin/cases$"))
    no_problems_so_far(page)
    expect(page.locator("header")).to_contain_text(ADMIN_EMAIL)

    filters = page.locator("form.filters")
    rows = page.locator("table.cases tbody tr")

    # A filter that excludes the case shows no row...
    filters.locator("select[name=status]").select_option(label="selesai")
    filters.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"status=resolved"))
    expect(page.get_by_text("Tidak ada laporan yang cocok.")).to_be_visible()
    expect(rows).to_have_count(0)

    # ...and the case's status plus words of its description find it.
    filters.locator("select[name=status]").select_option(label="diterima")
    filters.locator("input[name=q]").fill("lubang besar")
    filters.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"status=open.*q=lubang"))
    no_problems_so_far(page)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Jalan rusak")
    expect(rows.first).to_contain_text("diterima")

    # The case page: its fields, and the conversation as it happened.
    rows.first.get_by_role("link", name="LPR-00001").click()
    expect(page).to_have_url(re.compile(r"/admin/cases/LPR-00001$"))
    no_problems_so_far(page)
    expect(page.locator("h1")).to_contain_text("LPR-00001")
    expect(page.locator("dl.fields")).to_contain_text(DESCRIPTION)
    thread = page.locator("ol.thread")
    expect(thread.locator("li.msg.in", has_text=DESCRIPTION)).to_be_visible()
    official_answer = thread.locator("li.msg.in.official", has_text=OFFICIALS_ANSWER)
    expect(official_answer).to_be_visible()
    expect(official_answer.locator(".meta")).to_contain_text("Budi Santoso")

    # Answering the resident as the mayor's office: saved, queued, not yet sent.
    page.locator("#actions summary", has_text="Balas pelapor").click()  # the actions fold on a phone
    reply_form = page.locator("form[action$='/LPR-00001/reply']")
    reply_form.locator("textarea[name=text]").fill(OFFICE_REPLY)
    reply_form.get_by_role("button", name="Kirim").click()
    expect(page).to_have_url(re.compile(r"/admin/cases/LPR-00001$"))
    no_problems_so_far(page)
    expect(page.locator(".flash")).to_have_text("Tersimpan; pesan masuk antrean kirim.")
    reply = thread.locator("li.msg.out:not(.official)", has_text=OFFICE_REPLY)
    expect(reply).to_have_count(1)
    expect(thread.locator("li.msg.out.official", has_text=OFFICE_REPLY)).to_have_count(1)  # Budi's copy
    expect(reply.locator(".meta .delivery")).to_have_text("menunggu dikirim")  # in our outbox; the worker sends it
    expect(page.locator("ol.timeline")).to_contain_text("Kantor Wali Kota menjawab")
    assert len(resident.received()) == sent_before, "the reply left before the worker ran"

    # On a phone the page fits the screen's width; a picture of it for whoever reads the test's output.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the case page is {overflow}px wider than a {PHONE_VIEWPORT['width']}px phone"
    screenshot = tmp_path / "case-on-a-phone.png"
    page.screenshot(path=str(screenshot), full_page=True)
    print(f"screenshot of the case page: {screenshot}")

    # The worker sends it: the resident's WhatsApp gets the office's answer, and the page follows it
    # from Twilio's "queued" to the "delivered" of Twilio's status callback, in the account's words.
    city.work()
    delivered = resident.received()[sent_before:]
    assert [message.to for message in delivered] == [f"whatsapp:{RESIDENT}"]
    assert OFFICE_REPLY in delivered[0].body and "LPR-00001" in delivered[0].body
    page.reload()
    expect(reply.locator(".meta .delivery")).to_have_text("dalam antrean Twilio")
    assert city.fake.send_status(delivered[0].sid, "delivered") == 200
    page.reload()
    expect(reply.locator(".meta .delivery")).to_have_text("sampai")
    no_problems_so_far(page)
    print(f"in the browser, from sign-in to 'delivered': {time.monotonic() - in_the_browser:.1f}s")
