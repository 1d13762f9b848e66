// The order of a whole run (`pnpm test`): the slow tier's files first, longest first (by the
// last run's times, when vitest has them), then every other file in vitest's own order (by
// project, longest first). Vitest's order alone runs the projects one after another, so the
// release dry run (minutes, mostly waiting on child processes) started after every checks,
// client, codegen and mock-server file and ended the run alone; started early, other files
// fill the cores while it waits.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const { cache, config } = this.ctx;
    const slow = (file: TestSpecification) => (file.project.getProvidedContext().hemSlow ?? []).includes(relative(file.project.config.root, file.moduleId));
    const lastDuration = (file: TestSpecification) => cache.getFileTestResults(`${file.project.name}:${relative(config.root, file.moduleId)}`)?.duration ?? 0;
    // Array.prototype.sort is stable: slow files of equal (or unknown) time keep vitest's order.
    const first = ordered.filter(slow).sort((a, b) => lastDuration(b) - lastDuration(a));
    return [...first, ...ordered.filter((file) => !slow(file))];
  }
}
