/** What the fault proxy counts (fault-proxy.ts): injected faults by kind, and every part attempt. */
import { FAULT_KINDS, type FaultKind } from './fault-schedule';

export interface FaultEvent {
  kind: FaultKind;
  /** ms since the schedule was set. */
  at: number;
  partNumber?: number;
  attempt?: number;
  detail?: string;
}

export interface FaultStats {
  /** Faults injected, by kind (a window counts once, however many requests it hit). */
  injected: Record<FaultKind, number>;
  events: FaultEvent[];
  /** Requests that reached the proxy's HTTP layer. */
  requests: number;
  /** Part PUTs among them (every attempt), and how many the store answered 2xx to the client. */
  partRequests: number;
  partsPassed: number;
  /** Connections refused or reset during outages, requests cut by an outage. */
  outageConnections: number;
  outageRequestsCut: number;
  /** Body bytes that went through the throttled link. */
  throttledBytes: number;
  /** Attempts per part (`${uploadId}:${partNumber}` → count). */
  attempts: Record<string, number>;
  /** Every part attempt in arrival order: which URL signature it carried and what the store answered. */
  partLog: PartAttempt[];
}

export interface PartAttempt {
  partNumber: number;
  attempt: number;
  /** X-Amz-Date and X-Amz-Signature of the presigned URL used: a new signature = the URL was signed again. */
  amzDate: string;
  signature: string;
  /** The injected fault, if any. */
  fault?: FaultKind;
  /** The store's HTTP status (undefined: the request never got an answer from the store). */
  storeStatus?: number;
  /** Epoch ms: the request's headers reached the proxy / were sent on to the store / the store answered. */
  receivedAt: number;
  forwardedAt?: number;
  answeredAt?: number;
}

export function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

export function emptyStats(): FaultStats {
  return {
    injected: emptyCounts(),
    events: [],
    requests: 0,
    partRequests: 0,
    partsPassed: 0,
    outageConnections: 0,
    outageRequestsCut: 0,
    throttledBytes: 0,
    attempts: {},
    partLog: [],
  };
}
