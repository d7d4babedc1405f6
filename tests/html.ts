/** Rendered HTML with React's text separators and the entities React escapes turned back into text. */
export function decodeHtml(html: string) {
  return html.replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
}

/** Roughly what a person reads: decoded, tags removed, whitespace collapsed. */
export function visibleText(html: string) {
  return decodeHtml(html)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
}
