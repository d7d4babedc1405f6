// A deliberately small Markdown subset for specialists' bios, rendered to HTML that is safe
// to inject: every character of the input is escaped except the few constructs recognised
// here, and links only ever point to http(s) URLs. Pure and runtime-neutral (no DOM needed),
// so the same output is produced on Node, on Workers and in the browser.
//
// Supported: paragraphs (blank line), line breaks, **bold**, *italic* / _italic_,
// [links](https://…), "- " / "* " / "+ " bullet lists and "1. " numbered lists,
// and backslash escapes (\*) for literal markup characters.

export const maxBioLength = 5000;

/** The bio as HTML: escaped text plus <p>, <br>, <strong>, <em>, <a>, <ul>, <ol>, <li>. */
export function renderBio(markdown: string): string {
  return blocksOf(cleanText(markdown)).map(renderBlock).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Blocks

type Block = { kind: "paragraph"; lines: string[] } | { kind: "list"; ordered: boolean; items: string[][] };

const bulletItem = /^ {0,3}[-*+][ \t]+(.*)$/;
const numberedItem = /^ {0,3}\d{1,9}[.)][ \t]+(.*)$/;
const continuation = /^(?: {2,}|\t)(.*)$/;

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      current = null;
      continue;
    }
    const bullet = bulletItem.exec(line);
    const numbered = bullet ? null : numberedItem.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const ordered = numbered !== null;
      if (current?.kind !== "list" || current.ordered !== ordered) {
        current = { kind: "list", ordered, items: [] };
        blocks.push(current);
      }
      current.items.push([item[1]!]);
      continue;
    }
    if (current?.kind === "list") {
      // An indented line continues the last item; anything else ends the list.
      const more = continuation.exec(line);
      if (more) {
        current.items.at(-1)!.push(more[1]!);
        continue;
      }
      current = null;
    }
    if (current === null) {
      current = { kind: "paragraph", lines: [] };
      blocks.push(current);
    }
    current.lines.push(line.trim());
  }
  return blocks;
}

function renderBlock(block: Block): string {
  if (block.kind === "paragraph") return `<p>${renderLines(block.lines)}</p>`;
  const tag = block.ordered ? "ol" : "ul";
  return `<${tag}>${block.items.map((lines) => `<li>${renderLines(lines)}</li>`).join("")}</${tag}>`;
}

function renderLines(lines: string[]): string {
  return lines.map((line) => renderInline(line.trim(), true)).join("<br>");
}

// ---------------------------------------------------------------------------------------------
// Inline

interface InlineRule {
  pattern: RegExp;
  render(match: RegExpExecArray, allowLinks: boolean): string | null;
}

// Each pattern is sticky (/y) and tried at the current position; the first that matches and
// renders wins, otherwise one character is emitted as escaped text.
const inlineRules: InlineRule[] = [
  {
    pattern: /\\([\\`*_{}[\]()#+\-.!>])/y,
    render: (match) => escapeHtml(match[1]!),
  },
  {
    pattern: /\[([^[\]\n]{1,500})\]\(\s*(\S{1,2000}?)\s*\)/y,
    render: (match, allowLinks) => {
      if (!allowLinks) return null;
      const href = safeHref(match[2]!);
      if (href === null) return null;
      return `<a href="${escapeHtml(href)}" rel="nofollow noopener">${renderInline(match[1]!, false)}</a>`;
    },
  },
  {
    pattern: /\*\*(?=\S)([\s\S]*?\S)\*\*/y,
    render: (match, allowLinks) => `<strong>${renderInline(match[1]!, allowLinks)}</strong>`,
  },
  {
    pattern: /\*(?=[^\s*])([^*]*?[^\s*])\*/y,
    render: (match, allowLinks) => `<em>${renderInline(match[1]!, allowLinks)}</em>`,
  },
  {
    // Only at word edges, so snake_case_names stay as they are.
    pattern: /(?<![\p{L}\p{N}])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}])/uy,
    render: (match, allowLinks) => `<em>${renderInline(match[1]!, allowLinks)}</em>`,
  },
];

/** `allowLinks` is false inside a link's text: an <a> may not contain another. */
function renderInline(text: string, allowLinks: boolean): string {
  let html = "";
  let position = 0;
  outer: while (position < text.length) {
    for (const rule of inlineRules) {
      rule.pattern.lastIndex = position;
      const match = rule.pattern.exec(text);
      if (!match) continue;
      const rendered = rule.render(match, allowLinks);
      if (rendered === null) continue;
      html += rendered;
      position += match[0].length;
      continue outer;
    }
    const char = String.fromCodePoint(text.codePointAt(position)!);
    html += escapeHtml(char);
    position += char.length;
  }
  return html;
}

/** The normalised URL when it is an absolute http(s) URL, otherwise null (javascript:, data:, relative…). */
function safeHref(raw: string): string | null {
  // Scheme-relative URLs would inherit whatever scheme the page has; require one explicitly.
  if (!/^https?:\/\//i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // Credentials in links are a phishing trick ("https://bank.com@evil.example").
  if (url.username || url.password) return null;
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Text

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEntities[char]!);
}

/** One newline convention, no NUL/control characters (other than tab and newline), no lone surrogates. */
function cleanText(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
  );
}
