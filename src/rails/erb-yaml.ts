/**
 * Rails YAML config files (database.yml, cable.yml, sidekiq.yml) are ERB templates. We never run Ruby: ERB tags are
 * stripped, then the YAML is parsed with merge keys (`<<: *default`) resolved.
 */
import { parse } from 'yaml';

/** Stands in for the value of an `<%= ... %>` tag: "some value we cannot know without running Ruby". */
export const ERB_VALUE = '__erb__';

export function stripErb(text: string): string {
  return (
    text
      // A line that is only a tag (`<% if x %>`, `<%= yield %>`, `<%# note %>`) goes entirely.
      .replace(/^[ \t]*<%[-=#]?[\s\S]*?-?%>[ \t]*(\r?\n|$)/gm, '')
      // An output tag inside a line becomes a placeholder value.
      .replace(/<%=[\s\S]*?-?%>/g, ERB_VALUE)
      // Anything else (control flow, comments) disappears.
      .replace(/<%[\s\S]*?-?%>/g, '')
  );
}

/** The parsed document, or undefined when even the stripped text is not YAML. Later duplicate keys win. */
export function parseErbYaml(text: string): unknown {
  try {
    return parse(stripErb(text), { merge: true, uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
