import { OpenEOError } from "../errors";
import type { ParameterSpec } from "../processes/types";

/**
 * Values of process graph parameters for from_parameter, one scope per (child) process graph.
 * Resolution follows the API's "Accessing process parameters": the innermost value first, then
 * outwards; failing that, the default of the outermost definition; failing that, an error.
 */
export class Scope {
  constructor(
    private readonly values: Readonly<Record<string, unknown>>,
    private readonly definitions: readonly ParameterSpec[] = [],
    private readonly parent?: Scope,
  ) {}

  lookup(name: string): unknown {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      if (Object.hasOwn(scope.values, name) && scope.values[name] !== undefined) return scope.values[name];
    }
    for (const scope of this.chainFromRoot()) {
      const definition = scope.definitions.find((d) => d.name === name && "default" in d);
      if (definition) return definition.default;
    }
    throw new OpenEOError("ProcessParameterMissing", { parameter: name });
  }

  private chainFromRoot(): Scope[] {
    const chain: Scope[] = [];
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) chain.unshift(scope);
    return chain;
  }
}
