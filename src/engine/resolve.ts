import type { ParameterSpec, ProcessImplementation } from "../processes/types";
import { parseProcessGraph } from "./parse-graph";
import type { Schema } from "./schema-kinds";
import type { EngineEnv, EngineIssue, ParsedGraph, UserProcess } from "./types";

export type ResolvedProcess =
  | { kind: "predefined"; implementation: ProcessImplementation }
  | { kind: "user"; process: UserProcess };

/**
 * Finds the process a node calls, by namespace: "backend" the predefined processes, "user" the
 * user's stored processes, null both with the user's preferred (as the API's process_namespace
 * schema asks, so users can supply processes a back-end lacks). One per run: lookups are cached.
 */
export class ProcessResolver {
  private readonly found = new Map<string, Promise<ResolvedProcess | undefined>>();
  private readonly graphs = new WeakMap<UserProcess, { graph: ParsedGraph; issues: EngineIssue[] }>();

  constructor(private readonly env: EngineEnv) {}

  /** Undefined when the environment has no collection catalogue to ask. */
  collectionExists(id: string): Promise<boolean> | undefined {
    return this.env.collectionExists?.(id);
  }

  resolve(id: string, namespace: string | null): Promise<ResolvedProcess | undefined> {
    const key = `${namespace ?? ""}\u0000${id}`;
    let result = this.found.get(key);
    if (!result) {
      result = this.lookup(id, namespace);
      this.found.set(key, result);
    }
    return result;
  }

  private async lookup(id: string, namespace: string | null): Promise<ResolvedProcess | undefined> {
    const predefined = (): ResolvedProcess | undefined => {
      const implementation = this.env.processes.get(id);
      return implementation && { kind: "predefined", implementation };
    };
    const user = async (): Promise<ResolvedProcess | undefined> => {
      const process = await this.env.userProcesses?.(id);
      return process && { kind: "user", process };
    };
    if (namespace === "backend") return predefined();
    if (namespace === "user") return user();
    if (namespace === null) return (await user()) ?? predefined();
    return undefined;
  }

  /** A user-defined process's graph, parsed once per run. */
  userGraph(process: UserProcess): { graph: ParsedGraph; issues: EngineIssue[] } {
    let parsed = this.graphs.get(process);
    if (!parsed) {
      parsed = parseProcessGraph(process.process_graph, [process.id], process.parameters);
      this.graphs.set(process, parsed);
    }
    return parsed;
  }
}

/** The parameters a process declares; undefined when a user-defined process doesn't say (nothing to check then). */
export function declaredParameters(resolved: ResolvedProcess): ParameterSpec[] | undefined {
  return resolved.kind === "predefined" ? resolved.implementation.spec.parameters : resolved.process.parameters;
}

export function declaredReturns(resolved: ResolvedProcess): Schema | undefined {
  return resolved.kind === "predefined" ? resolved.implementation.spec.returns.schema : resolved.process.returns?.schema;
}

export function isRequired(parameter: ParameterSpec): boolean {
  return parameter.optional !== true && !("default" in parameter);
}
