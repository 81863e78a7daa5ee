// A command's action returns its exit code (or nothing: success) instead of setting process.exitCode;
// `command()` hands it to main(), which alone turns outcomes and errors into the process's exit code.

let reported: number | undefined;

export function command<A extends unknown[]>(
  action: (...args: A) => Promise<number | void> | number | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await action(...args);
    if (typeof code === 'number') reported = code;
  };
}

/** The exit code the command that just ran returned (0 when it returned nothing); resets it. */
export function takeOutcome(): number {
  const code = reported ?? 0;
  reported = undefined;
  return code;
}
