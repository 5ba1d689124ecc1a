/**
 * The engine's model of a process graph after parsing: argument values become a small tree in
 * which references (from_node, from_parameter) and child process graphs (callbacks) are explicit,
 * so validation and evaluation never have to re-inspect raw JSON.
 */
import type { WorkBudget } from "../budget";
import type { ErrorCode } from "../errors";
import type { JsonSchema, ParameterSpec, ProcessImplementation } from "../processes/types";

export type Arg =
  | { kind: "literal"; value: null | boolean | number | string }
  | { kind: "array"; items: Arg[] }
  | { kind: "object"; entries: Record<string, Arg> }
  | { kind: "node"; node: string }
  | { kind: "parameter"; name: string }
  | { kind: "callback"; graph: ParsedGraph };

export interface ParsedNode {
  id: string;
  processId: string;
  /** null: user-defined or predefined (see resolve.ts). */
  namespace: string | null;
  arguments: Record<string, Arg>;
}

export interface ParsedGraph {
  nodes: ReadonlyMap<string, ParsedNode>;
  /** Undefined only when parsing reported a missing or ambiguous result node. */
  resultId?: string;
  /** The graph's own parameter definitions (a user-defined process's or a callback's `parameters`). */
  parameters: ParameterSpec[];
}

/** One problem found in a process graph; `path` leads from the root graph to the node (node ids and callback arguments). */
export interface EngineIssue {
  code: ErrorCode;
  message: string;
  path: string[];
}

/** A user-defined process as stored (GET /process_graphs/{id}). */
export interface UserProcess {
  id: string;
  process_graph: Record<string, unknown>;
  parameters?: ParameterSpec[];
  returns?: { description?: string; schema: JsonSchema | JsonSchema[] };
}

export type UserProcessLookup = (id: string) => Promise<UserProcess | undefined> | UserProcess | undefined;

/** What the engine looks processes up in; injected so the engine stays pure and testable. */
export interface EngineEnv {
  processes: ReadonlyMap<string, ProcessImplementation>;
  /** The user's stored processes; none when absent (anonymous requests). */
  userProcesses?: UserProcessLookup;
  /** Whether a collection id exists, for arguments of subtype collection-id; unchecked when absent. */
  collectionExists?: (id: string) => Promise<boolean>;
  /** The run's work budget, shared by every evaluation of the run (strips too); a default one per evaluation when absent. */
  budget?: WorkBudget;
}
