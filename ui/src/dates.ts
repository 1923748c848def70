// The one way a time is shown on screen: the OS locale's date and time, as the admin's other
// apps show them.
export function when(at: string): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
