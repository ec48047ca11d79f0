"""HTML of the pages rendered on the server. Every value is escaped; facts
come from the knowledge base."""

from __future__ import annotations

import json
from html import escape
from typing import Dict, List

from bot.core import checklist as checklists
from bot.core import replies
from bot.core.knowledge import KnowledgeBase
from bot.core.render import section_lines

SITE_TITLE = "朝阳市人社局办事指南助手"


def _page(title: str, body: str, css: str, scripts: List[str] = ()) -> str:  # type: ignore[assignment]
    tags = "".join(f'<script src="{escape(src)}"></script>' for src in scripts)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)}</title><link rel="stylesheet" href="/static/{css}"></head>'
        f"<body>{body}{tags}</body></html>"
    )


def chat_page(kb: KnowledgeBase, widget: Dict[str, str]) -> str:
    """The website's chat page: what the assistant does, the hotline, the widget."""
    hotline = "；".join(replies.contact_lines(kb))
    examples = ["多缴的社保怎么退", "我父亲退休后去世了，丧葬费怎么领", "工伤认定在哪办"]
    body = (
        f"<header><h1>{escape(SITE_TITLE)}</h1>"
        f'<p class="hotline">人工咨询：{escape(hotline)}</p></header><main>'
        '<details class="about"><summary>我能回答什么？</summary>'
        f"<p>{escape(replies.coverage(kb))}</p>"
        "<p>可以这样问：" + "、".join(f"“{escape(e)}”" for e in examples) + "</p>"
        '<p class="note">回答都来自人社局公布的办事指南；请勿在对话中填写身份证号等个人信息。</p></details>'
        f"<div id=\"chat\" data-widget='{escape(json.dumps(widget, ensure_ascii=False))}'></div></main>"
    )
    return _page(SITE_TITLE, body, "chat.css", ["/vendor/webchat.js", "/static/chat.js"])


def _list(lines: List[str]) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def checklist_page(kb: KnowledgeBase, sheet: checklists.Checklist) -> str:
    """One page to print: the items with check boxes, then where, how long, phones, online."""
    service = sheet.service
    subtitle = " · ".join([o.button_title for o in sheet.case_path] + ([sheet.district] if sheet.district else []))
    parts = [f"<h1>{escape(service.name)}</h1>"]
    if subtitle:
        parts.append(f'<p class="case">{escape(subtitle)}</p>')
    parts.append('<section class="materials"><h2>所需材料（办理时带齐，逐项打勾）</h2>')
    for section in sheet.to_tick:
        if section.heading:
            parts.append(f"<h3>{escape(section.heading.rstrip('：:'))}</h3>")
        if section.intro:
            parts.append(f"<p>{escape(section.intro)}</p>")
        parts.append(
            "<ul>"
            + "".join(f"<li><label><input type=checkbox> {escape(i)}</label></li>" for i in section.items)
            + "</ul>"
        )
    parts.append("</section>")
    for section in sheet.notes:
        parts.append(f'<section class="notes">{_list(section_lines(section))}</section>')
    for fact in sheet.facts:
        lines: List[str] = []
        for section in fact.sections:
            lines += section_lines(section)
        parts.append(f'<section class="fact"><h2>{escape(fact.heading)}</h2>{_list(lines)}</section>')
    hotline = "；".join(replies.contact_lines(kb, service, sheet.district))
    parts.append(
        f"<footer><p>咨询电话：{escape(hotline)}</p><p>内容摘自朝阳市人社局办事指南。</p>"
        '<button class="print" onclick="window.print()">打印</button></footer>'
    )
    return _page(f"{service.name} · 材料清单", "".join(parts), "checklist.css")


def not_found_page(message: str) -> str:
    body = f'<main class="missing"><h1>没有找到</h1><p>{escape(message)}</p><p><a href="/">返回咨询页面</a></p></main>'
    return _page("没有找到", body, "checklist.css")
