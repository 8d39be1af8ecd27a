import type { Command } from 'commander';
import { UUID_PATTERN } from '../common/validation/decorators.js';
import { CliError } from './cli-error.js';
import { withApp } from './context.js';
import { createProgress } from './progress.js';

/** `renditions regenerate`: drops the stored renditions and makes the listed ones again (after a focal-point or encoder change). */
export function registerRenditionsCommand(program: Command): void {
  const renditions = program.command('renditions').description('image renditions (resized copies made from each picture)');
  renditions
    .command('regenerate')
    .description("delete stored renditions and make every listed size again (WebP and JPEG up to the picture's width)")
    .option('--media <id>', 'only this media record')
    .addHelpText(
      'after',
      '\nOther aspects and formats asked for later are made again on first request.\n\nExamples:\n  npm run cli -- renditions regenerate\n  npm run cli -- renditions regenerate --media 0f0e0d0c-0b0a-4909-8807-060504030201',
    )
    .action(async (options: { media?: string }) => {
      if (options.media !== undefined && !UUID_PATTERN.test(options.media)) {
        throw new CliError(`--media must be a media id (a UUID), got "${options.media}".`, 2);
      }
      const [{ DataSource }, { MediaEntity }, { MediaService }, { RenditionsService }] = await Promise.all([
        import('typeorm'),
        import('../media/media.entity.js'),
        import('../media/media.service.js'),
        import('../media/renditions/renditions.service.js'),
      ]);
      await withApp(async (app) => {
        const service = app.get(RenditionsService, { strict: false });
        const media = app.get(MediaService, { strict: false });
        const repository = app.get(DataSource).getRepository(MediaEntity);
        const ids = options.media
          ? [(await media.findOrFail(options.media.toLowerCase())).id]
          : (await repository.find({ select: { id: true }, order: { createdAt: 'ASC', id: 'ASC' } })).map((m) => m.id);
        const progress = createProgress('renditions', ids.length, 'media');
        let files = 0;
        const failed: string[] = [];
        for (const [index, id] of ids.entries()) {
          const entity = await repository.findOneBy({ id });
          if (entity) {
            await service.forget(entity);
            for (const rendition of service.list(entity, media.fileUrl(id))) {
              try {
                const served = await service.rendition(entity, { width: rendition.width, format: rendition.format, aspect: 'original' });
                served.stream.destroy();
                files += 1;
              } catch (error) {
                failed.push(`${id}: ${(error as Error).message}`);
                break;
              }
            }
          }
          progress.update(index + 1, `${files} files`);
        }
        progress.stop();
        process.stdout.write(`Regenerated ${files} rendition file(s) of ${ids.length} media record(s).\n`);
        if (failed.length) throw new CliError(`${failed.length} media could not be rendered: ${failed.slice(0, 5).join('; ')}`);
      });
    });
}
