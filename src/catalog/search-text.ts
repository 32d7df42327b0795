// Latvian-aware search: people type without diacritics ("sanemt") and expect to find "saņemt".
// Both the stored text and the query are folded the same way: lower case, marks removed.

export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function serviceSearchText(entry: {
  identifier: string;
  name: string;
  description: string;
  operations: readonly string[];
  informationSystem: { code: string; name: string };
}): string {
  return foldForSearch(
    [
      entry.identifier,
      entry.name,
      entry.description,
      entry.operations.join(' '),
      entry.informationSystem.code,
      entry.informationSystem.name,
    ].join(' '),
  );
}
