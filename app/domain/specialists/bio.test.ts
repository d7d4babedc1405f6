import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { renderBio } from "./bio";

describe("renderBio formatting", () => {
  test("paragraphs and line breaks", () => {
    expect(renderBio("First line\nsame paragraph\n\nSecond paragraph")).toBe(
      "<p>First line<br>same paragraph</p>\n<p>Second paragraph</p>",
    );
  });

  test("windows newlines and surrounding blank lines", () => {
    expect(renderBio("\r\n\r\nOne\r\n\r\nTwo\r\n")).toBe("<p>One</p>\n<p>Two</p>");
  });

  test("empty input renders nothing", () => {
    expect(renderBio("")).toBe("");
    expect(renderBio("  \n\n \t")).toBe("");
  });

  test("bold, italic and both", () => {
    expect(renderBio("**bold** and *italic* and _also italic_")).toBe(
      "<p><strong>bold</strong> and <em>italic</em> and <em>also italic</em></p>",
    );
    expect(renderBio("**very *important* point**")).toBe("<p><strong>very <em>important</em> point</strong></p>");
  });

  test("markup characters that don't pair up stay literal", () => {
    expect(renderBio("2 * 3 * 4 = 24, a ** b, snake_case_name, 5*")).toBe("<p>2 * 3 * 4 = 24, a ** b, snake_case_name, 5*</p>");
    expect(renderBio(String.raw`\*not italic\*`)).toBe("<p>*not italic*</p>");
  });

  test("http(s) links get rel=nofollow noopener", () => {
    expect(renderBio("See [my site](https://example.com/about?a=1&b=2) or [blog](http://blog.example.org).")).toBe(
      '<p>See <a href="https://example.com/about?a=1&amp;b=2" rel="nofollow noopener">my site</a> or ' +
        '<a href="http://blog.example.org/" rel="nofollow noopener">blog</a>.</p>',
    );
  });

  test("link text may be formatted but may not contain another link", () => {
    expect(renderBio("[**bold** site](https://a.example)")).toBe(
      '<p><a href="https://a.example/" rel="nofollow noopener"><strong>bold</strong> site</a></p>',
    );
    expect(renderBio("**[inside bold](https://a.example)**")).toBe(
      '<p><strong><a href="https://a.example/" rel="nofollow noopener">inside bold</a></strong></p>',
    );
  });

  test("bullet and numbered lists, with continuation lines", () => {
    expect(renderBio("I help with:\n- CVs\n* interviews\n  and offers\n+ **negotiation**\n\n1. Book\n2) Talk")).toBe(
      "<p>I help with:</p>\n" +
        "<ul><li>CVs</li><li>interviews<br>and offers</li><li><strong>negotiation</strong></li></ul>\n" +
        "<ol><li>Book</li><li>Talk</li></ol>",
    );
  });

  test("a list ends at an unindented line", () => {
    expect(renderBio("- one\nafter")).toBe("<ul><li>one</li></ul>\n<p>after</p>");
  });

  test("unicode text passes through", () => {
    expect(renderBio("Zoë — 日本語 🎉")).toBe("<p>Zoë — 日本語 🎉</p>");
  });
});

describe("renderBio safety", () => {
  test.each([
    ["<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"],
    ['<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"],
    ["<a href='javascript:alert(1)'>x</a>", "<p>&lt;a href=&#39;javascript:alert(1)&#39;&gt;x&lt;/a&gt;</p>"],
    ["<svg/onload=alert(1)>", "<p>&lt;svg/onload=alert(1)&gt;</p>"],
    ["</p><iframe src=//evil>", "<p>&lt;/p&gt;&lt;iframe src=//evil&gt;</p>"],
    ["<!-- comment -->", "<p>&lt;!-- comment --&gt;</p>"],
  ])("raw HTML %s is shown as text", (input, html) => {
    expect(renderBio(input)).toBe(html);
  });

  test("HTML entities are not decoded into markup", () => {
    expect(renderBio("&lt;script&gt;alert(1)&lt;/script&gt; &#60;b&#62; &amp;")).toBe(
      "<p>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;#60;b&amp;#62; &amp;amp;</p>",
    );
  });

  test.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/path",
    "/relative/path",
    "mailto:someone@example.com",
    "https://user:pass@bank.example@evil.example",
    "https://",
  ])("a link to %j is not rendered as a link", (url) => {
    const html = renderBio(`[click](${url})`);
    expect(html).not.toContain("<a ");
    expect(html).not.toMatch(/href/i);
  });

  test("quotes in a URL cannot break out of the href attribute", () => {
    const html = renderBio('[x](https://example.com/"onmouseover="alert(1))');
    expect(html).toMatch(/^<p><a href="https:\/\/example\.com\/%22onmouseover=%22alert\(1" rel="nofollow noopener">x<\/a>\)<\/p>$/);
    expect(html).not.toMatch(/"\s*onmouseover/);
  });

  test("markup inside link text is escaped", () => {
    expect(renderBio("[<img src=x onerror=alert(1)>](https://example.com)")).toBe(
      '<p><a href="https://example.com/" rel="nofollow noopener">&lt;img src=x onerror=alert(1)&gt;</a></p>',
    );
  });

  test("markup inside emphasis is escaped", () => {
    expect(renderBio("**<script>**")).toBe("<p><strong>&lt;script&gt;</strong></p>");
  });

  test("control characters and lone surrogates are dropped or replaced", () => {
    expect(renderBio("a\u0000b\u0007c\ud800d")).toBe("<p>abc\ufffdd</p>");
  });

  const allowedTag = /^<\/?(?:p|br|strong|em|ul|ol|li)>$|^<a href="https?:\/\/[^"<>]*" rel="nofollow noopener">$|^<\/a>$/;

  test("any input yields only the allowed tags and attributes", () => {
    const alphabet = fc.constantFrom(
      ..."<>\"'&=/ \n*_[]()\\-1.:abcjsvrtipx".split(""),
      "javascript:",
      "https://x.io",
      "<script>",
      "onerror=",
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join("")),
        (input) => {
          const html = renderBio(input);
          for (const tag of html.match(/<[^>]*>?/g) ?? []) expect(tag).toMatch(allowedTag);
          // Text outside tags never carries a raw quote or angle bracket.
          expect(html.replace(/<[^>]*>/g, "")).not.toMatch(/[<>"]/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
