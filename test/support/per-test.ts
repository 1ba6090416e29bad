/**
 * A value the tests of one `describe` share, computed inside the tests rather than when the file loads.
 *
 * Rendering at describe time would run `src/` code outside any test. StrykerJS calls such code "static": it cannot
 * tell which tests cover it, so each of its mutants costs a fresh process and a run of every test (see
 * docs/MUTATION.md). Through this helper the code runs inside each test that asks for the value:
 * - in a normal run the value is computed once and reused, as a describe-level constant would be;
 * - in Stryker's first run (no mutant active) it is computed in every test, so every test is seen to cover it;
 * - while Stryker tests a mutant, it is computed once for that mutant, so no test sees a value left over from
 *   another mutant (mocha cannot reload ES modules between mutants).
 */
type StrykerGlobal = { __stryker__?: { activeMutant?: string } };

export function perTest<T>(make: () => T): () => T {
  const NONE = Symbol('none');
  let madeFor: unknown = NONE;
  let value: T;
  return () => {
    const stryker = (globalThis as StrykerGlobal).__stryker__;
    if (stryker && stryker.activeMutant === undefined) return make();
    const key = stryker?.activeMutant;
    if (madeFor !== key) {
      value = make();
      madeFor = key;
    }
    return value;
  };
}

