import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A stand-in for the ECB's daily reference-rate feed (eurofxref-daily.xml), served as the ECB does:
// a gesmes:Envelope in the eurofxref namespace, single-quoted attributes, units per euro.

export function ecbDailyXml(asOf: string, rates: Record<string, number>): string {
  const cubes = Object.entries(rates)
    .map(([currency, rate]) => `\t\t\t<Cube currency='${currency}' rate='${rate}'/>`)
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
\t<gesmes:subject>Reference rates</gesmes:subject>
\t<gesmes:Sender>
\t\t<gesmes:name>European Central Bank</gesmes:name>
\t</gesmes:Sender>
\t<Cube>
\t\t<Cube time='${asOf}'>
${cubes}
\t\t</Cube>
\t</Cube>
</gesmes:Envelope>`;
}

export interface EcbStandIn {
  url: string;
  /** What the next requests get: the feed, an error status, or any other body. */
  respond(reply: { status?: number; body: string; contentType?: string }): void;
  requests: number;
  close(): Promise<void>;
}

export async function startEcbStandIn(): Promise<EcbStandIn> {
  let reply: { status?: number; body: string; contentType?: string } = { body: ecbDailyXml("2026-05-29", { USD: 1.1, JPY: 160 }) };
  const standIn = {
    url: "",
    requests: 0,
    respond(next: typeof reply) {
      reply = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    standIn.requests += 1;
    if (request.method !== "GET" || request.url !== "/stats/eurofxref/eurofxref-daily.xml") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "text/xml" }).end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stats/eurofxref/eurofxref-daily.xml`;
  return standIn;
}
