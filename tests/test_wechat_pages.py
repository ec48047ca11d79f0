"""WeChat replies: pages within 2048 bytes, numbered options, “更多” and numbers."""

from __future__ import annotations

from bot.channels.wechat_pages import MAX_REPLY_BYTES, asks_for_more, paginate, picked_option, reply_of
from bot.core import wording


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def test_a_long_answer_is_paged_within_the_limit_and_loses_nothing():
    lines = [f"{n}. 申请人身份证原件及复印件，单位营业执照副本复印件（第{n}项）" for n in range(1, 120)]
    pages = paginate("\n".join(lines))
    assert len(pages) > 1
    assert all(size(page) <= MAX_REPLY_BYTES for page in pages)
    assert all(page.endswith(wording.WECHAT_NEXT_PAGE) for page in pages[:-1])
    assert not pages[-1].endswith(wording.WECHAT_NEXT_PAGE)
    joined = "\n".join(page.replace("\n" + wording.WECHAT_NEXT_PAGE, "") for page in pages)
    assert joined == "\n".join(lines)


def test_a_single_line_longer_than_a_page_is_cut_between_characters():
    pages = paginate("社" * 3000)
    assert all(size(page) <= MAX_REPLY_BYTES for page in pages)
    assert "".join(p.replace("\n" + wording.WECHAT_NEXT_PAGE, "") for p in pages) == "社" * 3000


def test_buttons_become_numbered_options_unless_the_text_lists_them():
    listed = {
        "text": "请问是哪种情况？\n1. 退休后死亡\n2. 在职死亡",
        "buttons": [
            {"title": "退休后死亡", "payload": '/choose{"case":"retiree"}'},
            {"title": "在职死亡", "payload": '/choose{"case":"in_service"}'},
            {"title": "转人工", "payload": "/request_human"},
        ],
    }
    reply = reply_of([listed])
    text = reply.pages[0]
    assert text.count("1. 退休后死亡") == 1
    assert wording.WECHAT_PICK + "\n3. 转人工" in text
    assert reply.options == ['/choose{"case":"retiree"}', '/choose{"case":"in_service"}', "/request_human"]


def test_a_bare_number_picks_an_option_and_other_text_does_not():
    options = ["/a", "/b"]
    assert picked_option("2", options) == "/b"
    assert picked_option("２。", options) == "/b"
    assert picked_option("3", options) is None
    assert picked_option("2号窗口在哪", options) is None


def test_more_is_read_as_the_next_page():
    assert asks_for_more("更多")
    assert asks_for_more(" 更多。")
    assert not asks_for_more("更多材料")
