import { useEffect, useState } from "preact/hooks";
import { api } from "../api";
import type { PasteIssue } from "../bindings/PasteIssue";
import type { PasteReport } from "../bindings/PasteReport";

const CHECK_DELAY_MS = 200;

/** The paste checks on a key and secret as they are typed or pasted: asked once the typing
 *  pauses, and forgotten as soon as both fields are empty. */
export function usePasteCheck(consumerKey: string, consumerSecret: string): PasteReport | null {
  const [report, setReport] = useState<PasteReport | null>(null);
  useEffect(() => {
    if (!consumerKey && !consumerSecret) return setReport(null);
    // An answer to an older value must not replace the answer to the newer one.
    let current = true;
    const timer = window.setTimeout(async () => {
      const check = await api.checkPaste(consumerKey, consumerSecret);
      if (current) setReport(check.report);
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [consumerKey, consumerSecret]);
  return report;
}

/** What the checks, and a refused save, say about one field (`consumer_key`, `consumer_secret`). */
export function issuesOf(report: PasteReport | null, field: string, refused: PasteIssue[] = []): PasteIssue[] {
  return [...(report?.issues.filter((i) => i.field === field) ?? []), ...refused.filter((i) => i.field === field)];
}
