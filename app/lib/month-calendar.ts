// Month calendars of local dates ("2026-06-02"), as the slot picker shows them. Keys are already
// local dates, so this is plain civil-date arithmetic (done in UTC) with English names: the same
// on the server and in the browser.

/** A day cell of a month calendar: its date, and whether it has open times. */
export interface CalendarDay {
  key: string;
  day: number;
  /** "Tuesday 2 June": what the day's link is called. */
  label: string;
  open: boolean;
}

export interface CalendarMonth {
  key: string;
  /** "June 2026". */
  label: string;
  /** Monday-first weeks; null pads the days before the 1st and after the last. */
  weeks: (CalendarDay | null)[][];
}

const weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2026-06-02" → "Tuesday 2 June". */
export function dayLabel(key: string): string {
  const [year, month, day] = key.split("-").map(Number) as [number, number, number];
  return `${weekdayNames[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]} ${day} ${monthNames[month - 1]}`;
}

/** The month `key` ("2026-06") as a calendar of the viewer's days, marking those in `open`. */
export function monthCalendar(key: string, open: ReadonlySet<string>): CalendarMonth {
  const [year, month] = key.split("-").map(Number) as [number, number];
  const first = new Date(Date.UTC(year, month - 1, 1));
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const cells: (CalendarDay | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= length; day++) {
    const dayKey = `${key}-${String(day).padStart(2, "0")}`;
    cells.push({ key: dayKey, day, label: dayLabel(dayKey), open: open.has(dayKey) });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, week) => cells.slice(week * 7, week * 7 + 7));
  return { key, label: `${monthNames[month - 1]} ${year}`, weeks };
}
