"""The mastery transcript as HTML for the app's print view: the blocks of present/transcript_blocks.py
(the PDF's, in the PDF's order), every text escaped, with a style sheet for the screen and for print
(``@media print``: letter pages, the details starting on a new page, headings kept with what follows)."""

from __future__ import annotations

from html import escape

from present.transcript import TranscriptData
from present.transcript_blocks import Block, Kind, transcript_blocks

TAGS = {  # kind: (element, class)
    Kind.TITLE: ("h1", ""),
    Kind.META: ("p", "meta"),
    Kind.SECTION: ("h2", ""),
    Kind.GROUP: ("h3", ""),
    Kind.SENTENCE: ("p", "sentence"),
    Kind.STATUS: ("p", "status"),
    Kind.TEXT: ("p", ""),
    Kind.NOTE: ("p", "note"),
    Kind.CREDIT: ("h4", "credit"),
    Kind.CREDIT_NOTE: ("p", "note"),
    Kind.STANDARD: ("p", "standard"),
    Kind.EVIDENCE: ("p", "evidence"),
}

STYLE = """
.transcript { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; max-width: 48rem;
  line-height: 1.45; color: #111; }
.transcript h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
.transcript h2 { font-size: 1.2rem; margin: 1.2rem 0 .3rem; }
.transcript h3 { font-size: 1.05rem; margin: .9rem 0 .2rem; }
.transcript h4 { font-size: 1rem; margin: .5rem 0 0; }
.transcript p { margin: 0 0 .25rem; }
.transcript .meta, .transcript .note, .transcript .evidence { font-size: .85rem; color: #333; }
.transcript .status { font-weight: 700; }
.transcript .standard { font-size: .92rem; }
.transcript .i1 { margin-left: 1.5rem; }
.transcript .i2 { margin-left: 3rem; }
.transcript .i3 { margin-left: 4.5rem; }
.transcript hr.page-break { border: 0; border-top: 1px solid #bbb; margin: 1.5rem 0; }
@media print {
  @page { size: letter; margin: 15mm; }
  .transcript { max-width: none; font-size: 10.5pt; color: #000; }
  .transcript .meta, .transcript .note, .transcript .evidence { color: #000; }
  .transcript hr.page-break { break-before: page; border: 0; margin: 0; }
  .transcript h1, .transcript h2, .transcript h3, .transcript h4 { break-after: avoid; }
  .transcript p { break-inside: avoid; }
}
"""


def block_html(block: Block) -> str:
    if block.kind is Kind.PAGE_BREAK:
        return '<hr class="page-break">'
    tag, kind_class = TAGS[block.kind]
    classes = " ".join(c for c in (kind_class, f"i{block.indent}" if block.indent else "") if c)
    attribute = f' class="{classes}"' if classes else ""
    return f"<{tag}{attribute}>{escape(block.text)}</{tag}>"


def transcript_html(data: TranscriptData, *, issuer_id: str = "") -> str:
    """The transcript as one ``<article>`` with its ``<style>`` (for ``st.html``, or a file)."""
    body = "\n".join(block_html(b) for b in transcript_blocks(data, issuer_id=issuer_id))
    label = escape(f"Mastery transcript: {data.student_name}", quote=True)
    return f'<style>{STYLE}</style>\n<article class="transcript" aria-label="{label}">\n{body}\n</article>'
