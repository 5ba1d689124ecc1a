export interface LocalWorker {
  url: string;
  output(): string;
  stop(): Promise<void>;
}
export function startLocalWorker(options?: { timeoutMs?: number; seed?: boolean }): Promise<LocalWorker>;
