// The web-streams build of react-dom/server runs unchanged in Node 20 and workerd,
// so one entry.server serves both runtimes.
declare module "react-dom/server.browser" {
  export { renderToReadableStream, renderToStaticMarkup } from "react-dom/server";
}
