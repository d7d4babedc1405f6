import type { FieldRow, OperationView, ParameterRow, ReferenceView } from "./reference";

const methodColours: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-green-100 text-green-900",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-red-100 text-red-900",
};

const cell = "border-b border-slate-200 px-3 py-2 align-top";
const head = "border-b border-slate-300 px-3 py-2 text-left font-medium text-slate-700";

/** Text with `code` spans, as the document's descriptions write them. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, index) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={index} className="rounded bg-slate-100 px-1 font-mono text-[0.9em]">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function FieldTable({ caption, rows }: { caption: string; rows: readonly FieldRow[] }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[36rem] text-sm">
        <caption className="mb-1 text-left text-sm font-semibold text-slate-800">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={head}>
              Field
            </th>
            <th scope="col" className={head}>
              Type
            </th>
            <th scope="col" className={head}>
              Required
            </th>
            <th scope="col" className={head}>
              Description
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <td className={cell} style={{ paddingLeft: `${0.75 + row.depth * 1.25}rem` }}>
                <code className="font-mono text-slate-900">{row.name}</code>
              </td>
              <td className={`${cell} font-mono text-xs text-slate-700`}>{row.type}</td>
              <td className={cell}>{row.required ? "yes" : "no"}</td>
              <td className={`${cell} text-slate-700`}>
                <Prose text={row.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ParameterTable({ rows }: { rows: readonly ParameterRow[] }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full min-w-[36rem] text-sm">
        <caption className="mb-1 text-left text-sm font-semibold text-slate-800">Parameters</caption>
        <thead>
          <tr>
            {["Name", "In", "Required", "Type", "Description"].map((label) => (
              <th key={label} scope="col" className={head}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.in}:${row.name}`}>
              <td className={cell}>
                <code className="font-mono text-slate-900">{row.name}</code>
              </td>
              <td className={cell}>{row.in}</td>
              <td className={cell}>{row.required ? "yes" : "no"}</td>
              <td className={`${cell} font-mono text-xs text-slate-700`}>{row.type}</td>
              <td className={`${cell} text-slate-700`}>
                <Prose text={row.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ operation }: { operation: OperationView }) {
  return (
    <section id={operation.id} aria-labelledby={`${operation.id}-heading`} className="border-t border-slate-200 py-6">
      <h3 id={`${operation.id}-heading`} className="flex flex-wrap items-center gap-2 text-lg font-semibold text-slate-900">
        <span className={`rounded px-2 py-0.5 font-mono text-sm ${methodColours[operation.method] ?? "bg-slate-100"}`}>
          {operation.method}
        </span>{" "}
        <code className="font-mono text-base">{operation.path}</code>
      </h3>
      <p className="mt-1 font-medium text-slate-800">{operation.summary}</p>
      <p className="text-xs text-slate-500">
        Operation id <code className="font-mono">{operation.id}</code>
      </p>
      {operation.description
        ? operation.description.split("\n\n").map((paragraph) => (
            <p key={paragraph} className="mt-2 text-sm text-slate-700">
              <Prose text={paragraph} />
            </p>
          ))
        : null}
      <p className="mt-2 text-sm text-slate-700">
        <span className="font-medium text-slate-900">Authentication:</span> {operation.auth}
      </p>
      {operation.parameters.length ? <ParameterTable rows={operation.parameters} /> : null}
      {operation.requestBody ? <FieldTable caption="Request body (JSON)" rows={operation.requestBody} /> : null}
      {operation.responses.map((response) =>
        response.fields ? (
          <FieldTable key={response.status} caption={`Response ${response.status}: ${response.description}`} rows={response.fields} />
        ) : (
          <p key={response.status} className="mt-3 text-sm text-slate-700">
            <span className="font-semibold text-slate-800">Response {response.status}:</span> {response.description} No body.
          </p>
        ),
      )}
      <div className="mt-3 text-sm">
        <p className="font-semibold text-slate-800">Errors</p>
        <ul className="mt-1 space-y-0.5 text-slate-700">
          {operation.errors.map((error) => (
            <li key={error.status}>
              {error.status}:{" "}
              {error.codes.map((code, index) => (
                <span key={code}>
                  {index ? ", " : null}
                  <code className="font-mono">{code}</code>
                </span>
              ))}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** Every operation, grouped by tag, with a contents list. */
export function ApiOperations({ reference }: { reference: ReferenceView }) {
  return (
    <>
      <nav aria-label="Operations" className="mt-8 rounded-xl border border-slate-200 bg-white p-4 text-sm">
        <h2 className="font-semibold text-slate-900">Operations</h2>
        <ul className="mt-2 grid gap-x-6 sm:grid-cols-2">
          {reference.tags.map((tag) => (
            <li key={tag.name} className="mt-2">
              <a href={`#tag-${tag.name}`} className="font-medium text-brand-700 hover:underline">
                {tag.name}
              </a>
              <ul className="ml-3">
                {tag.operations.map((operation) => (
                  <li key={operation.id}>
                    <a href={`#${operation.id}`} className="text-slate-700 hover:underline">
                      {operation.summary}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      {reference.tags.map((tag) => (
        <div key={tag.name} id={`tag-${tag.name}`} className="mt-10">
          <h2 className="text-2xl font-bold text-slate-900">{tag.name}</h2>
          {tag.operations.map((operation) => (
            <Operation key={operation.id} operation={operation} />
          ))}
        </div>
      ))}
    </>
  );
}
