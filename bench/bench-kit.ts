// What every bench shares; the rules bench loads nothing else, so its timings carry no Kafka or database code.

/** Progress goes to stderr, so the one JSON line on stdout stays machine-readable. */
export const benchLog =
  (bench: string) =>
  (message: string): void =>
    console.error(`[bench:${bench}] ${message}`);

/** `--name N` from the command line, or the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Runs a bench's main; a failure prints its stack and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
