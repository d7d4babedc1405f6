import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

export interface Section {
  to: string;
  label: string;
  /** Match only this exact path (for an index section). */
  end?: boolean;
}

/** A titled area with a side nav of its sections (settings, the specialist's practice). */
export function SectionLayout({
  title,
  sections,
  width = "max-w-4xl",
  children,
}: {
  title: string;
  sections: readonly Section[];
  width?: "max-w-4xl" | "max-w-6xl";
  children: ReactNode;
}) {
  return (
    <div className={`mx-auto ${width}`}>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{title}</h1>
      <div className="mt-6 flex flex-col gap-8 md:flex-row">
        <nav aria-label={title} className="md:w-48 md:shrink-0">
          <ul className="flex flex-wrap gap-1 md:flex-col">
            {sections.map((section) => (
              <li key={section.to}>
                <NavLink
                  to={section.to}
                  end={section.end}
                  className={({ isActive }) =>
                    `block rounded-lg px-3 py-2 text-sm font-medium ${
                      isActive ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100 hover:text-brand-700"
                    }`
                  }
                >
                  {section.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </div>
  );
}
