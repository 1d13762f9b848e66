// The order of a whole run (`pnpm test`): first the files a project marks `startFirst` (minutes
// of waiting on child processes: the repository copy, the release dry run), then the rest of the
// slow tier, longest first by the last run's times when vitest has them (a fresh clone has none),
// then every other file in vitest's own order (by project, longest first). Vitest's order alone
// runs the projects one after another, so the release dry run (minutes, mostly waiting on child
// processes) started after every checks, client, codegen and mock-server file and ended the run
// alone; started early, other files fill the cores while it waits.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const { cache, config } = this.ctx;
    const listed = (file: TestSpecification, list: 'hemStartFirst' | 'hemSlow') =>
      (file.project.getProvidedContext()[list] ?? []).includes(relative(file.project.config.root, file.moduleId));
    const lastDuration = (file: TestSpecification) => cache.getFileTestResults(`${file.project.name}:${relative(config.root, file.moduleId)}`)?.duration ?? 0;
    // Array.prototype.sort is stable: files of equal (or unknown) time keep vitest's order.
    const rank = (file: TestSpecification) => (listed(file, 'hemStartFirst') ? 0 : listed(file, 'hemSlow') ? 1 : 2);
    return ordered.sort((a, b) => rank(a) - rank(b) || (rank(a) < 2 ? lastDuration(b) - lastDuration(a) : 0));
  }
}
