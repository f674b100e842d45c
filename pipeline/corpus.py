"""Source documents and full-text search over them (SQLite FTS5, built once per run)."""
from __future__ import annotations

import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

from assay import sentences
from assay.errors import UsageError

SUFFIXES = (".md", ".txt", ".html", ".htm", ".pdf")  # HTML through html.parser, PDF through pypdf: text


class Corpus:
    def __init__(self, docs: dict[str, str], folder: Path | None = None):
        self.docs = docs
        self.folder = folder
        self.source: str | None = str(folder) if folder is not None else None  # what it was loaded from
        self._units: dict[str, list[sentences.Sentence]] = {}
        self._refs: dict[str, dict[str, sentences.Sentence]] = {}
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE passages USING fts5(source_id UNINDEXED, start UNINDEXED, text)")
        rows = []
        for sid, text in docs.items():
            for start, passage in _passages(text):
                rows.append((sid, start, passage))
        self._db.executemany("INSERT INTO passages VALUES (?, ?, ?)", rows)

    @classmethod
    def load(cls, spec: str | Path, columns: dict[str, str] | None = None, split: str | None = None) -> "Corpus":
        """A folder of .md/.txt documents (from_dir), or any `datasets` source of documents (sources.py): a
        .parquet/.csv/.json(l) file or folder, a saved dataset, hf:ORG/NAME, with `columns` mapping `id` and `text`
        (run.corpus_columns). Sentence ids (`doc#n`) are the same for the same text, whatever held it."""
        from assay import sources

        if not columns and not sources.is_table(spec):
            return cls.from_dir(spec)
        corpus = cls(sources.documents(spec, columns, split))
        corpus.source = str(spec)
        return corpus

    @classmethod
    def from_dir(cls, folder: str | Path) -> "Corpus":
        """Every .md/.txt file in the folder, its id the file name without the suffix; problems refused together.

        Refused: a file that resolves outside the folder (a symlink: its text would be sent to the endpoint and
        stored), two files with one id (mars.md and mars.txt), and files that are not UTF-8 text (binary data).
        """
        d = Path(folder)
        if not d.is_dir():
            raise UsageError(f"{d}: corpus folder not found; pass a folder of .md/.txt files with --corpus")
        inside = d.resolve()
        docs: dict[str, str] = {}
        names: dict[str, str] = {}
        problems = []
        for p in sorted(d.iterdir()):
            if p.suffix not in SUFFIXES or not p.is_file():
                continue
            target = p.resolve()
            if inside not in target.parents:
                problems.append(f"{p}: a link to {target}, outside the corpus folder; copy the document into "
                                f"{d} instead (assay reads only documents inside the corpus)")
                continue
            if p.stem in names:
                problems.append(f"{p}: document id {p.stem!r} is also {names[p.stem]}; rename or remove one "
                                "(seeds and evidence cite documents by id)")
                continue
            names[p.stem] = p.name
            raw = p.read_bytes()
            if p.suffix == ".pdf":
                text, problem = _pdf_text(raw)
                if problem:
                    problems.append(f"{p}: {problem}")
                else:
                    docs[p.stem] = text
                continue
            problem = _not_text(raw)
            if problem:
                problems.append(f"{p}: {problem}; the corpus takes UTF-8 .md/.txt/.html documents: convert it, or "
                                "move it out of the folder")
                continue
            docs[p.stem] = raw.decode("utf-8-sig")
            if p.suffix in (".html", ".htm"):
                docs[p.stem] = html_text(docs[p.stem])
        if len(problems) > 1:
            raise UsageError(f"corpus {d}: {len(problems)} problems\n  " + "\n  ".join(problems))
        if problems:
            raise UsageError(problems[0])
        return cls(docs, folder=d)

    def __contains__(self, source_id: str) -> bool:
        return source_id in self.docs

    def text(self, source_id: str) -> str:
        return self.docs[source_id]

    def units(self, source_id: str) -> list[sentences.Sentence]:
        """The document's headings and sentences with their ids (`doc#n`), split once."""
        held = self._units.get(source_id)
        if held is None:
            held = self._units[source_id] = sentences.split(source_id, self.docs[source_id])
            self._refs[source_id] = {u.ref: u for u in held if u.ref}
        return held

    def sentence(self, ref: str) -> sentences.Sentence | None:
        """The sentence a cited id names, or None when the document or the number does not exist."""
        ref = ref.strip().strip("[]").strip()
        sid = ref.rpartition("#")[0]
        if sid not in self.docs:
            return None
        self.units(sid)
        return self._refs[sid].get(ref)

    def numbered(self, source_id: str, start: int = 0, end: int | None = None) -> str:
        """The sentences of a document (or of its span [start, end)) each behind its id, as the model reads them."""
        return sentences.numbered(self.units(source_id), start, end)

    def search(self, query: str, k: int = 3) -> list[tuple[str, int, str]]:
        """The k best passages: (source_id, character offset, text)."""
        terms = [t for t in re.findall(r"\w+", query.lower()) if len(t) > 1]
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms[:16])
        rows = self._db.execute(
            "SELECT source_id, start, text FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?",
            (match, k),
        ).fetchall()
        return [(sid, int(start), text) for sid, start, text in rows]

    def read(self, source_id: str, start: int = 0, length: int = 800) -> str:
        if source_id not in self.docs:
            known = ", ".join(sorted(self.docs)[:10])
            raise KeyError(f"no source {source_id!r}; known sources: {known}")
        text = self.docs[source_id]
        start = max(0, int(start))
        return text[start:start + max(1, min(int(length), 4000))]


class _HTMLText(HTMLParser):
    """Visible text of an HTML page as the sentence splitter reads Markdown: headings as `#` lines, paragraphs
    and blocks apart, list items as `- ` lines; scripts, styles and the head left out."""

    SKIP = {"script", "style", "head", "noscript", "template", "svg", "nav"}
    BLOCKS = {"p", "div", "section", "article", "blockquote", "tr", "table", "ul", "ol", "dl", "dd", "dt", "pre",
              "figure", "figcaption", "header", "footer", "main", "aside", "body", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS or (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456"):
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(page: str) -> str:
    """An HTML page's visible text, with its headings, paragraphs and list items (stdlib html.parser)."""
    parser = _HTMLText()
    parser.feed(page)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _pdf_text(raw: bytes) -> tuple[str, str | None]:
    """A PDF's text, page after page (pypdf, when installed), or the problem with it."""
    try:
        import pypdf
    except ImportError:
        return "", "a PDF, and pypdf is not installed; pip install pypdf, or convert it to .txt"
    import io

    try:
        pages = [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(raw)).pages]
    except Exception as e:  # a damaged or encrypted file
        return "", f"not a readable PDF ({type(e).__name__}: {str(e)[:200]}); convert it to .txt"
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        return "", "a PDF with no text layer (a scan?); run OCR on it or convert it to .txt"
    return text + "\n", None


def _not_text(raw: bytes) -> str | None:
    if b"\x00" in raw:
        return f"binary data, not text (a NUL byte at offset {raw.index(0)})"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})"
    return None


def _passages(text: str, size: int = 600) -> list[tuple[int, str]]:
    """Paragraph-ish chunks with their character offsets."""
    out, pos = [], 0
    for para in re.split(r"(\n\s*\n)", text):
        if para.strip():
            for i in range(0, len(para), size):
                out.append((pos + i, para[i:i + size]))
        pos += len(para)
    return out
