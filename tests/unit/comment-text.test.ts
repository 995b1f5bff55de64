import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CommentText } from "../../app/components/debate/CommentText";

const html = (text: string) => renderToStaticMarkup(createElement(CommentText, { text }));

describe("CommentText (plain text with links and line breaks only)", () => {
  it("escapes HTML and keeps line breaks as <br>", () => {
    expect(html('<img src=x onerror="alert(1)">\nsegunda & línea')).toBe('<p class="comment__body">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<br/>segunda &amp; línea</p>');
  });

  it("links http(s) URLs with rel nofollow ugc noopener, leaving trailing punctuation out", () => {
    expect(html("Véase https://example.org/a?b=1&c=2.")).toBe(
      '<p class="comment__body">Véase <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">https://example.org/a?b=1&amp;c=2</a>.</p>',
    );
  });

  it("never links other schemes, and a quote cannot break out of the href", () => {
    expect(html("javascript:alert(1) data:text/html,x")).not.toContain("<a");
    const out = html('https://example.org/"onmouseover="alert(1)');
    expect(out).toContain('href="https://example.org/"');
    expect(out).not.toContain('onmouseover="');
  });
});
