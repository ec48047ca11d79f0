"""End to end in a real browser (Debian's chromium, driven by Playwright): the
chat widget, a printable checklist and the staff console. Screenshots are
saved in tests/_output/screenshots/."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
import requests

from bot.paths import ROOT
from bot.tools.servers import STAFF

pytestmark = pytest.mark.e2e

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "tests" / "_output" / "screenshots"
# Chromium as root, headless, with nothing that calls outside the machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: scripts/setup.sh --dev installs it")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A phone-sized page, with every browser dialog recorded (an alert would be an injection)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def open_chat(page, assistant):
    page.goto(assistant.web_url + "/", wait_until="domcontentloaded")
    page.wait_for_selector(".rw-new-message", timeout=WAIT_MS)
    # The widget greets first (its init payload): then the socket is up.
    page.wait_for_selector(".rw-response", timeout=WAIT_MS)


def send(page, text: str) -> None:
    before = page.locator(".rw-response").count()
    page.fill(".rw-new-message", text)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.rw-response').length > n", arg=before, timeout=WAIT_MS)


def session_id(page) -> str:
    stored = page.evaluate("() => window.localStorage.getItem('chat_session')")
    return json.loads(stored)["session_id"]


def test_widget_asks_the_refund_reason_and_answers_the_chosen_case(phone, assistant, kb):
    open_chat(phone, assistant)
    send(phone, "多缴的社保怎么退")
    refund = kb.get("contribution_refund")
    reason = refund.materials.cases.options[0]
    button = phone.locator(".rw-reply", has_text=reason.button_title).first
    button.wait_for(timeout=WAIT_MS)
    phone.screenshot(path=str(SHOTS / "widget-refund-reasons.png"), full_page=True)
    button.click()
    expected = (reason.materials or refund.materials.common)[0]
    phone.wait_for_function("text => document.body.innerText.includes(text)", arg=expected[:20], timeout=WAIT_MS)
    useful = phone.locator(".rw-reply", has_text="有用").last
    useful.click()
    phone.wait_for_function("() => document.body.innerText.includes('谢谢您的评价')", timeout=WAIT_MS)
    phone.screenshot(path=str(SHOTS / "widget-refund-answer.png"), full_page=True)
    slots = assistant.tracker(session_id(phone))["slots"]
    assert slots["rating"] == "useful"
    assert slots["service"] == "contribution_refund"


def test_markup_typed_by_a_user_shows_as_text(phone, assistant):
    open_chat(phone, assistant)
    attack = "<img src=x onerror=alert(1)>"
    send(phone, attack)
    assert attack in phone.locator(".rw-client").last.inner_text()
    assert phone.locator(".rw-messages-container img[src='x']").count() == 0
    assert phone.dialogs == []
    phone.screenshot(path=str(SHOTS / "widget-markup-as-text.png"), full_page=True)


def test_checklist_of_a_refund_case_prints_on_one_a4_page(phone, assistant, kb):
    reason = kb.get("contribution_refund").materials.cases.options[0]
    phone.goto(f"{assistant.web_url}/checklist/contribution_refund/{reason.id}")
    assert phone.locator("input[type=checkbox]").count() >= 1
    phone.screenshot(path=str(SHOTS / "checklist.png"), full_page=True)
    pdf = phone.pdf(format="A4", print_background=False)
    (SHOTS / "checklist.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1


def staff_page(browser, assistant):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, http_credentials={"username": STAFF[0], "password": STAFF[1]}
    )
    page = context.new_page()
    page.goto(assistant.web_url + "/staff")
    return context, page


def test_staff_console_finds_the_service_and_shows_the_district_office_first(browser, assistant, kb):
    context, page = staff_page(browser, assistant)
    page.fill("#query", "工人在工地摔伤了单位要去哪申请")
    first = page.locator("#results li button").first
    first.wait_for(timeout=WAIT_MS)
    assert "工伤认定" in first.inner_text()
    page.select_option("#district", "北票市")
    page.wait_for_selector("#card .first", timeout=WAIT_MS)
    assert page.locator("#card .first").first.inner_text().startswith("北票市")
    assert page.locator("#card h2").inner_text().startswith("工伤认定")
    page.screenshot(path=str(SHOTS / "staff-console.png"), full_page=True)
    context.close()


def test_a_conversation_that_asked_for_a_person_is_in_the_staff_queue(browser, assistant):
    sender = f"queue-{uuid.uuid4().hex[:8]}"
    assistant.send("灵活就业参保登记需要什么材料", sender)
    handoff = "\n".join(r.get("text", "") for r in assistant.send("转人工", sender))
    code = re.search(r"咨询编号：([0-9A-F]{6})", handoff).group(1)
    context, page = staff_page(browser, assistant)
    entry = page.locator("#handoffs li", has_text=code)
    entry.wait_for(timeout=WAIT_MS)
    entry.locator("summary").click()
    assert "灵活就业参保登记需要什么材料" in entry.inner_text()
    page.screenshot(path=str(SHOTS / "staff-queue.png"), full_page=True)
    context.close()


def test_staff_pages_need_the_login(assistant):
    assert requests.get(assistant.web_url + "/staff", timeout=10).status_code == 401
    wrong = requests.get(assistant.web_url + "/staff/api/handoffs", auth=(STAFF[0], "wrong"), timeout=10)
    assert wrong.status_code == 401
