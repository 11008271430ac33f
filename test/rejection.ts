// The one "expect this to be refused" helper of the tests: the error a promise is rejected with (or a function
// throws), checked to be of the expected class, so that a test can go on to assert its kind, status or message.
// A promise that resolves, or an error of another class, fails the test with what happened instead.

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

function expected<E extends Error>(err: unknown, type: ErrorClass<E>): E {
  if (err instanceof type) return err;
  throw err;
}

/** Awaits `p` and returns its rejection, which must be a `type`. */
export async function rejection<E extends Error>(p: Promise<unknown>, type: ErrorClass<E>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return expected(err, type);
  }
  throw new Error(`expected a ${type.name}, got a result`);
}

/** Calls `fn` and returns what it throws, which must be a `type`. */
export function thrown<E extends Error>(fn: () => unknown, type: ErrorClass<E>): E {
  try {
    fn();
  } catch (err) {
    return expected(err, type);
  }
  throw new Error(`expected a ${type.name}, got a result`);
}
