"""A lesson step's Markdown prose, turned into simple blocks that both the app and
`gradtui print` render: the app as styled Rich text, print as plain wrapped lines.

Only the Markdown a lesson needs is honoured (headings, paragraphs, emphasis, inline code,
lists, quotes, code blocks); links show their text and address. Never imports Textual.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

from gradtui.textsafe import for_terminal

# Span styles: "" plain, "bold", "italic", "code", "link".


@dataclass
class Block:
    """One displayed block: a heading, paragraph, list item, quote line or code block.

    `prefix` is what goes before the first line (e.g. "- " or "2. "), `indent` the
    width of the hanging indent for wrapped lines.
    """

    kind: str  # "heading" | "paragraph" | "item" | "code" | "quote"
    spans: list[tuple[str, str]] = field(default_factory=list)
    prefix: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.spans)


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def parse_prose(markdown: str) -> list[Block]:
    """Split Markdown into blocks with styled spans."""
    tokens = _markdown().parse(markdown)
    blocks: list[Block] = []
    list_stack: list[list[int | None]] = []  # per open list: [next number or None for bullets]
    quote_depth = 0
    pending_prefix = ""
    for token in tokens:
        kind = token.type
        if kind == "bullet_list_open":
            list_stack.append([None])
        elif kind == "ordered_list_open":
            start = token.attrs.get("start", 1) if token.attrs else 1
            list_stack.append([int(start)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_stack.pop()
        elif kind == "list_item_open":
            counter = list_stack[-1]
            depth = "  " * (len(list_stack) - 1)
            if counter[0] is None:
                pending_prefix = depth + "- "
            else:
                pending_prefix = depth + f"{counter[0]}. "
                counter[0] += 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "inline":
            spans = _inline_spans(token.children or [])
            if token.level and blocks and blocks[-1].kind == "heading" and not blocks[-1].spans:
                blocks[-1].spans = spans
            elif pending_prefix:
                blocks.append(Block("item", spans, prefix=pending_prefix))
                pending_prefix = ""
            elif quote_depth:
                blocks.append(Block("quote", spans, prefix="> " * quote_depth))
            elif list_stack:
                indent = "  " * len(list_stack)
                blocks.append(Block("item", spans, prefix=indent))
            else:
                blocks.append(Block("paragraph", spans))
        elif kind == "heading_open":
            blocks.append(Block("heading", [], level=int(token.tag[1:])))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", [(token.content.rstrip("\n"), "code")]))
        elif kind == "hr":
            blocks.append(Block("paragraph", [("* * *", "")]))
    return blocks


def _inline_spans(children) -> list[tuple[str, str]]:
    spans: list[tuple[str, str]] = []
    styles: list[str] = []
    link_href = ""
    for child in children:
        kind = child.type
        if kind == "text":
            spans.append((child.content, styles[-1] if styles else ""))
        elif kind == "code_inline":
            spans.append((child.content, "code"))
        elif kind in ("softbreak",):
            spans.append((" ", ""))
        elif kind == "hardbreak":
            spans.append(("\n", ""))
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "strong_open":
            styles.append("bold")
        elif kind == "link_open":
            styles.append("link")
            link_href = str(child.attrs.get("href", "")) if child.attrs else ""
        elif kind == "link_close":
            styles.pop()
            if link_href:
                spans.append((f" <{link_href}>", ""))
            link_href = ""
        elif kind in ("em_close", "strong_close"):
            if styles:
                styles.pop()
        elif kind == "image":
            spans.append((f"[image: {child.content}]", ""))
        elif kind == "html_inline":
            spans.append((child.content, ""))
    return spans


def prose_as_plain(
    markdown: str, width: int = 78, ascii: bool = False, underline: bool = True
) -> str:
    """The prose as plain wrapped text (for `gradtui print`); no escape sequences. Headings
    are underlined unless `underline` is false (a screen reader would read the rule out)."""
    out: list[str] = []
    previous = ""
    for block in parse_prose(markdown):
        if previous == "item" and block.kind != "item":
            out.append("")
        previous = block.kind
        text = for_terminal(block.text, ascii)
        if block.kind == "heading":
            out.append(text)
            if underline:
                out.append(("=" if block.level == 1 else "-") * min(len(text), width))
        elif block.kind == "code":
            out.extend("    " + line for line in text.split("\n"))
        else:
            out.append(
                textwrap.fill(
                    " ".join(text.split()),
                    width=width,
                    initial_indent=for_terminal(block.prefix, ascii),
                    subsequent_indent=" " * len(block.prefix),
                )
            )
        if block.kind != "item":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)
