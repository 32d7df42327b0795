import { type State, states, transitions } from './workflow.ts';
import { actionTexts, branchTexts, guardTexts, stateTexts } from './workflow-texts.ts';

/**
 * The workflow drawn as a Mermaid state diagram, generated from the transition table so the picture
 * can never disagree with the code. `withdraw` is drawn once per state it leaves, which is noisy but true.
 */
export function workflowMermaid(lang: 'lv' | 'en'): string {
  const id = (s: State) => s;
  const lines = ['stateDiagram-v2', '  direction TB'];
  for (const s of states) lines.push(`  ${id(s)}: ${stateTexts[s][lang]}`);
  lines.push(`  [*] --> ${id('draft')}`);
  for (const t of transitions) {
    const byInstitution = t.roles.includes('institution_member');
    const byAgency = t.roles.some((r) => r !== 'institution_member');
    const names =
      lang === 'lv'
        ? { i: 'iestāde', a: 'aģentūra', or: 'vai' }
        : { i: 'institution', a: 'agency', or: 'or' };
    const who =
      byInstitution && byAgency ? `${names.i} ${names.or} ${names.a}` : byInstitution ? names.i : names.a;
    const branch = t.when ? `, ${lang === 'lv' ? 'ja' : 'if'} ${branchTexts[t.when][lang]}` : '';
    lines.push(`  ${id(t.from)} --> ${id(t.to)}: ${actionTexts[t.action][lang]} (${who})${branch}`);
  }
  for (const s of ['completed', 'rejected', 'withdrawn'] as const) lines.push(`  ${id(s)} --> [*]`);
  return lines.join('\n');
}

/** The table in Markdown, one row per transition. */
export function workflowTableMarkdown(lang: 'lv' | 'en'): string {
  const head =
    lang === 'lv'
      ? '| No stāvokļa | Darbība | Uz stāvokli | Kas | Nosacījums | Pārbaudes |'
      : '| From | Action | To | Who | Branch | Guards |';
  const rows = transitions.map(
    (t) =>
      `| ${stateTexts[t.from][lang]} | ${actionTexts[t.action][lang]} (\`${t.action}\`) | ${stateTexts[t.to][lang]} | ${t.roles.join(', ')} | ${t.when ? branchTexts[t.when][lang] : ''} | ${(t.guards ?? []).map((g) => `${guardTexts[g][lang]} (\`${g}\`)`).join('; ')} |`,
  );
  return [head, '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Replaces every `<!-- generated:NAME -->…<!-- /generated:NAME -->` block of a Markdown document. */
export function renderProcessDocSections(markdown: string): string {
  const blocks: Record<string, string> = {
    'diagram-lv': ['```mermaid', workflowMermaid('lv'), '```'].join('\n'),
    'diagram-en': ['```mermaid', workflowMermaid('en'), '```'].join('\n'),
    'table-lv': workflowTableMarkdown('lv'),
    'table-en': workflowTableMarkdown('en'),
  };
  return markdown.replace(
    /<!-- generated:([a-z-]+) -->[\s\S]*?<!-- \/generated:\1 -->/g,
    (whole, name: string) => {
      const block = blocks[name];
      return block === undefined
        ? whole
        : `<!-- generated:${name} -->\n${block}\n<!-- /generated:${name} -->`;
    },
  );
}
