// Setup's own wording, as the core gives it in the catalog's vocabulary: no label is kept here.
import type { Setting } from "./bindings/Setting";
import type { Vocabulary } from "./bindings/Vocabulary";

/** The label Salesforce's Setup screen gives this setting. */
export function settingLabel(vocabulary: Vocabulary, setting: Setting): string {
  return vocabulary.settings.find((choice) => choice.value === setting)?.label ?? setting;
}
