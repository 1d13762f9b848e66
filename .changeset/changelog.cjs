// Changelog lines for the fixed group: every package's entry says what changed for it.
// A package bumped through a dependency carries the summary of the changeset behind it; a
// package bumped only because the group moves says so and names what moved it. Never a
// bare "Updated dependencies".
//
// changesets (apply-release-plan 7) builds one package's entry at a time, synchronously:
// getReleaseLine for each of its own changesets, then getDependencyReleaseLine once. The
// hooks are not told which package it is, so `own` counts the lines of the current package
// between the two; the changelog test runs the real `changeset version` to hold this.
const { resolve } = require('node:path');
const read = require('@changesets/read').default;

/** @type {{ lines: number, ids: Set<string> }} */
let own = { lines: 0, ids: new Set() };

/** `- abc1234: first line`, further lines indented under it. */
function item(text, commit) {
  const [first, ...rest] = text.trim().split('\n');
  return [`- ${commit ? `${commit.slice(0, 7)}: ` : ''}${first}`, ...rest.map((l) => (l.trim() ? `  ${l}` : ''))].join('\n');
}

/** @type {import('@changesets/types').GetReleaseLine} */
async function getReleaseLine(changeset) {
  own.lines += 1;
  own.ids.add(changeset.id);
  return item(changeset.summary, changeset.commit);
}

/** @type {import('@changesets/types').GetDependencyReleaseLine} */
async function getDependencyReleaseLine(changesets, dependenciesUpdated) {
  const mine = own;
  own = { lines: 0, ids: new Set() };
  const lines = [];
  for (const cs of changesets) {
    if (mine.ids.has(cs.id)) continue; // already said above, as this package's own change
    const through = dependenciesUpdated.filter((d) => d.changesets.includes(cs.id)).map((d) => `${d.name} ${d.newVersion}`);
    lines.push(item(`Through ${through.join(' and ')}: ${cs.summary.trim()}`, cs.commit));
  }
  if (lines.length || mine.lines) return lines.join('\n');
  // Nothing of its own and nothing through a dependency: the group moved it.
  const pending = await read(resolve(__dirname, '..'));
  if (!pending.length) return '';
  return [
    '- No change in this package: released with its group so that every package stays on one version. What changed:',
    ...pending.map((cs) =>
      item(
        `${cs.releases
          .filter((r) => r.type !== 'none')
          .map((r) => r.name)
          .join(', ')}: ${cs.summary.trim()}`,
      ).replace(/^(?=.)/gm, '  '),
    ),
  ].join('\n');
}

module.exports = { getReleaseLine, getDependencyReleaseLine };
