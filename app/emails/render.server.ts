import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";

/** Both parts of a multipart email from one template: the text is taken from the one HTML render. */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}
