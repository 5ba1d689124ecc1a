import type { ParameterSpec } from "../processes/types";
import { graphIssue } from "./issues";
import { patternProblem } from "./pattern";
import type { EngineIssue } from "./types";

/** Every string-valued `pattern` in a schema, found without recursion (schemas are the user's JSON). */
function patternsIn(schema: unknown): string[] {
  const found: string[] = [];
  const pending = [schema];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null) continue;
    if (!Array.isArray(value) && typeof (value as { pattern?: unknown }).pattern === "string") found.push((value as { pattern: string }).pattern);
    // One at a time: spreading a list of a million entries would overflow the stack.
    for (const inner of Object.values(value)) pending.push(inner);
  }
  return found;
}

/**
 * Refuses, where a process declares its parameters, patterns the linear-time matcher can't run,
 * so a stored process never fails later on its own schema.
 */
export function parameterPatternIssues(parameters: ParameterSpec[], path: string[]): EngineIssue[] {
  const issues: EngineIssue[] = [];
  for (const parameter of parameters) {
    for (const pattern of patternsIn(parameter.schema)) {
      const problem = patternProblem(pattern);
      if (problem) issues.push(graphIssue(`the schema of parameter '${parameter.name}' has the pattern ${JSON.stringify(pattern)}, which can't be used: ${problem}`, path));
    }
  }
  return issues;
}
