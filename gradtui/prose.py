"""A lesson step's Markdown prose, turned into simple blocks that both the app and
`gradtui print` render: the app as styled Rich text, print as plain wrapped lines.

Only the Markdown a lesson needs is honoured (headings, paragraphs, emphasis, inline code,
lists, quotes, code blocks). A link to a step (one of the step's `links`, looked up by the
script parser) carries its `Link` on its words, so the app can follow it and print can say
where it leads; a web address is shown as its text and address, never followed.
`keys_named` reads the keys a step's prose tells the learner to press (the key bar shows them).
Never imports Textual.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from gradtui.scenes.kit.keys import key_name
from gradtui.script.links import is_web_address, markdown_tokens
from gradtui.script.model import Link
from gradtui.textsafe import for_terminal

# Span styles: "" plain, "bold", "italic", "code", "link".


@dataclass(frozen=True)
class Span:
    """A run of text in one style. `link` is set on the words of a link to a step.

    A span unpacks as the pair (text, style), as spans did before links led anywhere.
    """

    text: str
    style: str = ""
    link: Link | None = None

    def __iter__(self) -> Iterator[str]:
        return iter((self.text, self.style))


@dataclass
class Block:
    """One displayed block: a heading, paragraph, list item, quote line or code block.

    `prefix` is what goes before the first line (e.g. "- " or "2. "), `indent` the
    width of the hanging indent for wrapped lines.
    """

    kind: str  # "heading" | "paragraph" | "item" | "code" | "quote"
    spans: list[Span] = field(default_factory=list)
    prefix: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def links(self) -> list[Link]:
        """The links to steps in this block, in order, each once."""
        found: list[Link] = []
        for span in self.spans:
            if span.link is not None and (not found or found[-1] is not span.link):
                found.append(span.link)
        return found


def parse_prose(prose: str, links: Sequence[Link] = ()) -> list[Block]:
    """Split Markdown into blocks with styled spans; `links` are the step's links (Step.links),
    whose words then carry them."""
    tokens = markdown_tokens(prose)
    waiting = list(links)  # the step's links, in the order the prose holds them
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
            spans = _inline_spans(token.children or [], waiting)
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
            blocks.append(Block("code", [Span(token.content.rstrip("\n"), "code")]))
        elif kind == "hr":
            blocks.append(Block("paragraph", [Span("* * *")]))
    return blocks


def _inline_spans(children, waiting: list[Link]) -> list[Span]:
    """The spans of one inline run; a link to a step takes the next of `waiting` with its
    address (the prose holds them in the order the parser found them)."""
    spans: list[Span] = []
    styles: list[str] = []
    link_href = ""
    link: Link | None = None
    for child in children:
        kind = child.type
        if kind == "text":
            spans.append(Span(child.content, styles[-1] if styles else "", link))
        elif kind == "code_inline":
            spans.append(Span(child.content, "code", link))
        elif kind in ("softbreak",):
            spans.append(Span(" ", "", link))
        elif kind == "hardbreak":
            spans.append(Span("\n"))
        elif kind == "em_open":
            styles.append("italic")
        elif kind == "strong_open":
            styles.append("bold")
        elif kind == "link_open":
            styles.append("link")
            link_href = str(child.attrs.get("href", "")) if child.attrs else ""
            link = None if is_web_address(link_href) else _take(waiting, link_href)
        elif kind == "link_close":
            styles.pop()
            if link_href and link is None:
                spans.append(Span(f" <{link_href}>"))
            link_href, link = "", None
        elif kind in ("em_close", "strong_close"):
            if styles:
                styles.pop()
        elif kind == "image":
            spans.append(Span(f"[image: {child.content}]"))
        elif kind == "html_inline":
            spans.append(Span(child.content))
    return spans


def _take(waiting: list[Link], href: str) -> Link | None:
    """The first waiting link with this address, taken off the list (None when there is none:
    the prose was rendered without its step's links)."""
    for index, link in enumerate(waiting):
        if link.href == href:
            return waiting.pop(index)
    return None


def plain_words(block: Block, numbers: dict[int, int] | None = None) -> str:
    """A block's text for plain output: a link to a step in brackets with where it leads,
    "[the compass → lesson 2, step 5: The compass]", and with `numbers` (id of a link → its
    number) its number first, "[1: the compass → ...]"."""
    out: list[str] = []
    index = 0
    spans = block.spans
    while index < len(spans):
        link = spans[index].link
        if link is None:
            out.append(spans[index].text)
            index += 1
            continue
        words = []
        while index < len(spans) and spans[index].link is link:
            words.append(spans[index].text)
            index += 1
        number = f"{numbers[id(link)]}: " if numbers and id(link) in numbers else ""
        out.append(f"[{number}{''.join(words).strip()} → {link.target.describe()}]")
    return "".join(out)


def prose_as_plain(
    prose: str,
    width: int = 78,
    ascii: bool = False,
    links: Sequence[Link] = (),
    underline: bool = True,
    numbered: bool = False,
    words: Callable[[Block, dict[int, int] | None], str] = plain_words,
) -> str:
    """The prose as plain wrapped text (for `gradtui print`); no escape sequences. Each link
    to a step (of `links`) says where it leads, and its number when `numbered` (the line-mode
    reader's `go 1`). Headings are underlined unless `underline` is false (a screen reader
    would read the rule out). `words` writes a block's text (the line mode's says it in
    words a speech synthesizer reads right)."""
    numbers = {id(link): n for n, link in enumerate(links, 1)} if numbered else None
    out: list[str] = []
    previous = ""
    for block in parse_prose(prose, links):
        if previous == "item" and block.kind != "item":
            out.append("")
        previous = block.kind
        text = for_terminal(words(block, numbers), ascii)
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


# --- the keys the prose names ------------------------------------------------------------------

# How the lessons name keys, each pattern catching the key in a group:
#   a backticked character on a keyboard (`+`, `.`, `u` faces uphill, `↑`), but not a marker
#   the picture draws (the `o` points; `·` and `•` are on no keyboard);
#   "press a", "press the up arrow", "press space", "press ↑", "press ctrl+p";
#   bare characters in "with , and ." and "(or [ and ]", "(or +)", "Up (or +)";
#   the words space, Enter, Esc; "the up or down arrow", "the arrow keys".
_NAMED = "space|enter|esc|up|down|left|right|backspace|home|end|tab"
_BARE = r"[,.\[\]+\-*/]"
KEY_PATTERNS = (
    re.compile(r"`([!-~↑↓←→])`(?!\s+(?:points?|is\b|the\b|marks?\b))"),
    re.compile(
        rf"\b[Pp]ress(?:es)?\s+(?:the\s+)?({_NAMED}|ctrl\+\w|[A-Za-z0-9↑↓←→])(?=[\s,.;:)]|$)"
    ),
    re.compile(rf"\bwith ({_BARE})(?: and ({_BARE}))?(?=[\s,.;:)])"),
    re.compile(rf"\(or ({_BARE})(?: and ({_BARE}))?(?=[\s)])"),
    re.compile(r"\b([Uu]p|[Dd]own) \(or\b"),
    re.compile(r"\b([Ss]pace|Enter|Esc)\b"),
    re.compile(r"\b(up|down|left|right)(?: or (up|down|left|right))? arrow\b"),
)
ARROW_KEYS = re.compile(r"\barrow keys\b")


def key_words(prose: str) -> list[str]:
    """The words or characters by which `prose` names keys ("+", "up", "Enter", "ctrl+p"), in
    the order it names them (see KEY_PATTERNS)."""
    found: list[tuple[int, str]] = []
    for pattern in KEY_PATTERNS:
        for match in pattern.finditer(prose):
            found += [(match.start(g), text) for g, text in enumerate(match.groups(), 1) if text]
    arrows = ("up", "down", "left", "right")
    found += [(match.start(), way) for match in ARROW_KEYS.finditer(prose) for way in arrows]
    return [text for _, text in sorted(found)]


@lru_cache(maxsize=64)
def keys_named(prose: str) -> tuple[str, ...]:
    """The keys `prose` tells the learner to press, as key names ("plus", "full_stop", "up",
    "space"), in the order the prose names them, each once."""
    names: list[str] = []
    for text in key_words(prose):
        name = key_name(text)
        if name is not None and name not in names:
            names.append(name)
    return tuple(names)
