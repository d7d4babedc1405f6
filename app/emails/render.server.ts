import { plainTextSelectors } from "@react-email/render";
import { compile } from "html-to-text";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server.browser";

// Templates are synchronous, so one static render does what react-email's streaming `render`
// does at a third of the cost, and the text converter is compiled once with react-email's own
// selectors rather than per message: reminders go out by the thousand (bench/notifications).
const doctype = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** Both parts of a multipart email from one template: the text is taken from the one HTML render. */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = doctype + renderToStaticMarkup(element);
  return { html, text: toPlainText(html) };
}
