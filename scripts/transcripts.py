"""Plays full conversations against the real assistant and prints them.

    .venv/bin/python scripts/transcripts.py     (or: make transcripts)

Starts the action server and a Rasa server on free local ports with the
trained model, sends each user message over the REST channel and prints
what the assistant answered, buttons included, as the Markdown the README
shows (a test checks that the README still matches).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DEFAULT_PUBLIC_URL  # noqa: E402
from bot.tools.servers import ensure_model, running_assistant  # noqa: E402

# A turn that clicks the button with this title in the previous reply.
CLICK = "点击："

CONVERSATIONS = {
    "多缴社保退费，说明退费原因": [
        "多交的社保能退吗，要带什么材料",
        "我是因为超过退休年龄还在交",
        "要多久能办好",
    ],
    "家属咨询在职死亡的个人账户待遇": [
        "我爸上个月去世了，他还没退休，养老保险里的钱家里能领吗，要什么材料",
        "他在单位上班，是生病走的",
        "在哪办",
        "电话多少",
    ],
    "北票的工伤认定": [
        "工人在车间受伤了，工伤认定去哪办",
        "北票",
        "要带什么材料",
        "是下班路上骑车摔的",
        "多久能出结果",
    ],
    "退休老人去世，家属问怎么领": [
        "我父亲退休好几年了，上周去世，丧葬费和抚恤金怎么领",
        "在哪办",
        "那要多久",
    ],
    "单位专员一次问两件事，再问一个细节": [
        "参保单位注销在哪办 电话多少",
        "公司还欠着俩月社保费没交，能先注销吗",
    ],
    "个人身后一件事": [
        "母亲过世了，社保这边有哪些手续",
        CLICK + "暂停养老保险待遇申请",
        "电话多少",
    ],
}


def shown(replies: List[Dict]) -> List[str]:
    lines = []
    for reply in replies:
        lines += [f"    {line}" for line in (reply.get("text") or "").splitlines()]
        buttons = reply.get("buttons") or []
        if buttons:
            lines.append("    按钮：" + " | ".join(b["title"] for b in buttons))
    return lines


def transcripts(assistant) -> Dict[str, str]:
    """Each conversation played on a new sender: title → transcript text."""
    played = {}
    for title, messages in CONVERSATIONS.items():
        sender = f"transcript-{uuid.uuid4().hex[:8]}"
        lines: List[str] = []
        replies: List[Dict] = []
        for message in messages:
            sent = message
            if message.startswith(CLICK):
                button = message[len(CLICK) :]
                sent = next(b["payload"] for r in replies for b in r.get("buttons") or [] if b["title"] == button)
            replies = assistant.send(sent, sender)
            lines += [f"用户：{message}", "助手："] + shown(replies) + [""]
        # Checklist links name the test's web server; shown as the run command's.
        played[title] = "\n".join(lines).strip().replace(assistant.web_url, DEFAULT_PUBLIC_URL)
    return played


def main() -> int:
    ensure_model()
    with running_assistant() as assistant:
        for title, text in transcripts(assistant).items():
            print(f"**{title}**\n\n```text\n{text}\n```\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
