import { writeSync } from 'node:fs';

// Preloaded with `node --import` into a measured process: prints its peak resident memory at exit, so
// the bench measures the real CLI without changing it.
process.on('exit', () => {
  writeSync(2, `\npakalpe-bench-max-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
