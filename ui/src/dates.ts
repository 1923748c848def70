import type { DatePattern } from "./bindings/DatePattern";
import type { DatePart } from "./bindings/DatePart";

// The one way a time is shown: the OS locale's date and time, as the admin's other apps show
// them. The Gregorian calendar always, since the report writes the same dates from a pattern
// (see datePattern) and knows no other calendar.
const OPTIONS: Intl.DateTimeFormatOptions = {
  dateStyle: "medium",
  timeStyle: "short",
  calendar: "gregory",
};

export function when(at: string): string {
  return new Intl.DateTimeFormat(undefined, OPTIONS).format(new Date(at));
}

// A day alone (an app's last use), in the same locale. Salesforce writes its times with a
// "+0000" offset, which Date.parse is not required to read, so the colon is put in first.
export function day(at: string): string {
  const date = new Date(at.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", calendar: "gregory" }).format(date);
}

// How `when` writes a time, for the report to write its dates the same way: the parts in
// order, and the text of every month, day and hour. Read from local times, so no time zone
// moves a part.
export function datePattern(): DatePattern {
  const format = new Intl.DateTimeFormat(undefined, OPTIONS);
  const textOf = (at: Date, type: Intl.DateTimeFormatPartTypes): string =>
    format.formatToParts(at).find((part) => part.type === type)?.value ?? "";
  const range = (n: number, at: (i: number) => Date, type: Intl.DateTimeFormatPartTypes) =>
    Array.from({ length: n }, (_, i) => textOf(at(i), type));
  const { locale, numberingSystem } = format.resolvedOptions();
  const digits = new Intl.NumberFormat(locale, { numberingSystem, useGrouping: false });
  return {
    parts: format.formatToParts(new Date(2026, 0, 2, 3, 7)).map(toPart),
    months: range(12, (i) => new Date(2026, i, 15, 12), "month"),
    days: range(31, (i) => new Date(2026, 0, i + 1, 12), "day"),
    hours: range(24, (i) => new Date(2026, 0, 15, i), "hour"),
    dayPeriods: range(2, (i) => new Date(2026, 0, 15, i === 0 ? 9 : 21), "dayPeriod"),
    digits: Array.from({ length: 10 }, (_, d) => digits.format(d)).join(""),
  };
}

function toPart(part: Intl.DateTimeFormatPart): DatePart {
  switch (part.type) {
    case "year":
      return { kind: "year" };
    case "month":
      return { kind: "month" };
    case "day":
      return { kind: "day" };
    case "hour":
      return { kind: "hour" };
    case "minute":
      return { kind: "minute" };
    case "dayPeriod":
      return { kind: "dayPeriod" };
    default:
      return { kind: "literal", text: part.value };
  }
}
