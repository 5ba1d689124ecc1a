/** The process graph engine: parse, validate and evaluate openEO processes against an injected registry. */
export { evaluateGraph, runProcess, type EvaluateOptions } from "./evaluate";
export { issueToError } from "./issues";
export { parseProcess, parseProcessGraph } from "./parse-graph";
export { ProcessResolver, type ResolvedProcess } from "./resolve";
export { checkArg } from "./schema-check";
export type { Arg, EngineEnv, EngineIssue, ParsedGraph, ParsedNode, UserProcess, UserProcessLookup } from "./types";
export { checkProcess, validateGraph } from "./validate";
