import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  /** `done` of `total` units; `note` is shown after the figures (e.g. a rate). */
  update(done: number, note?: string): void;
  stop(): void;
}

/**
 * A progress bar on a terminal; elsewhere (logs, CI, pipes) a plain line every few
 * seconds, so long work never looks hung. Always on stderr: stdout stays for data.
 */
export function createProgress(label: string, total: number, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {note}`, stream, hideCursor: true, etaBuffer: 50 },
      Presets.shades_classic,
    );
    bar.start(total, 0, { note: '' });
    return { update: (done, note = '') => bar.update(done, { note }), stop: () => bar.stop() };
  }
  let lastAt = 0;
  let last = -1;
  const line = (done: number, note: string) => {
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    stream.write(`${label}: ${done}/${total} ${unit} (${percent}%)${note ? `, ${note}` : ''}\n`);
    last = done;
  };
  return {
    update(done, note = '') {
      const now = Date.now();
      if (now - lastAt >= 2000 || (done === total && last !== done)) {
        lastAt = now;
        line(done, note);
      }
    },
    stop() {},
  };
}
