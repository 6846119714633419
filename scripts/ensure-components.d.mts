// Types of ensure-components.mjs, for the test that asks its plan (test/unit/ensure-components.test.ts).
export interface Component {
  path: string;
  pkg: string;
  why: string;
}
export declare const COMPONENTS: Component[];
export type Plan =
  | { kind: 'ok' }
  | { kind: 'install'; command: string; missing: Component[] }
  | { kind: 'stop'; message: string };
export declare function plan(facts: {
  exists: (path: string) => boolean;
  isRoot: boolean;
  hasApt: boolean;
  components?: Component[];
}): Plan;
