"""The download page a WeChat user opens from the signed link (WeChat's own browser often blocks a
direct file download: the page says how to open it in the phone's browser), and the messages of the
download route. All text is escaped; the page has no script."""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

PAGE_TITLE = "下载文件"
PAGE_INTRO = "请下载后核对内容，打印并签字，再递交或发给银行。链接{hours}小时内有效，请勿转发给他人。"
PAGE_WECHAT_HINT = "在微信里打不开或下载不了：点右上角“…”，选择“在浏览器打开”，再点下面的链接。"
PAGE_FORMATS = {"pdf": "PDF（打印用）", "docx": "Word（可修改）"}
ERR_EXPIRED = "下载链接已过期。请回到对话里说“重新生成申请书”（投诉书：说“帮我写投诉”），获取新的链接。"
ERR_INVALID = "下载链接无效（可能不完整或被改动）。请回到对话里说“重新生成申请书”（投诉书：说“帮我写投诉”），获取新的链接。"
ERR_NOT_FOUND = "没有找到这份文件，可能已被删除。请回到对话里重新生成。"
ERR_UNAVAILABLE = "暂时无法生成文件，请稍后再试，或先复制对话里的申请书文字。"
ERR_TOO_MANY = yaml.safe_load(Path(__file__).with_name("page_texts.yml").read_text(encoding="utf-8"))["too_many"]

_STYLE = (
    "body{font-family:system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;padding:20px;"
    "line-height:1.6;color:#1f2933;max-width:560px}h1{font-size:20px}li{margin:10px 0}"
    "a{display:inline-block;padding:10px 14px;border-radius:8px;background:#0b6e4f;color:#fff;text-decoration:none}"
    "p.hint{background:#fff7e6;padding:10px;border-radius:8px}"
)


def download_page(files: list[dict[str, Any]], hours: int) -> str:
    """files: {title, format, url} with URLs relative to the page."""
    items = "".join(
        f'<li>{escape(f["title"])}：<a href="{escape(f["url"], quote=True)}" download>'
        f'{escape(PAGE_FORMATS.get(f["format"], f["format"]))}</a></li>'
        for f in files
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(PAGE_TITLE)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(PAGE_TITLE)}</h1><p>{escape(PAGE_INTRO.format(hours=hours))}</p>"
        f'<p class="hint">{escape(PAGE_WECHAT_HINT)}</p><ul>{items}</ul></body></html>'
    )


def message_page(text: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(PAGE_TITLE)}</title><style>{_STYLE}</style></head><body><p>{escape(text)}</p></body></html>"
    )
