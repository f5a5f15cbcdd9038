/** What every resolver receives: the request's identity, the services and per-request loaders. */
import { type Loaders, createLoaders } from "./modules/loaders.ts";
import type { Identity } from "./server/request-pipeline.ts";
import type { Services } from "./app/services.ts";

/** The services every resolver reaches: derived from what the composition root builds (src/app/services.ts). */
export type { Services };

/** The request's identity (principal, whether a key was sent, client address) plus what resolvers use. */
export interface Context extends Identity {
  requestId: string;
  /** The caller's API key id (null: no valid key). */
  apiKeyId: string | null;
  services: Services;
  loaders: Loaders;
  /** Raw values of batch variables that skipped graphql-js coercion (src/modules/predictions/batch-arguments.ts), by variable name. */
  rawBatchArguments?: Map<string, unknown>;
  /**
   * What the request turned out to be, for the request-latency rollups: the operation's label (its
   * root fields), set once it is resolved. An object, so that Apollo's shallow copy of the context
   * shares it with the transport that created the context.
   */
  observed?: { operation?: string };
  /**
   * Set by the compiled executor for an operation of one root field: a resolver may hand it the
   * commit of what it stored instead of awaiting it, so that its result is completed while the
   * rows are committed. The executor answers only once the commit has settled, and with the
   * field's error if it failed (src/server/compiled-executor.ts).
   */
  deferCommit?: (commit: Promise<unknown>) => void;
}

/** Identity's fields, each copied by RequestContext's constructor. */
type CopiedIdentity = "principal" | "apiKeyPresented" | "clientAddress";
// A compile error here: Identity gained a field that RequestContext's constructor does not copy.
const everyIdentityFieldCopied: [Exclude<keyof Identity, CopiedIdentity>] extends [never] ? true : false = true;
void everyIdentityFieldCopied;

/**
 * A request's context. Its fields are assigned one by one in the constructor, so every context
 * has the same shape (spreading the identity into a literal and Object.assign-ing it took ~4 µs
 * of every request). The DataLoaders are made on first use (a predict request never needs them)
 * by a getter on the prototype: Apollo copies the context's own properties into a fresh object
 * of the same prototype per request, which would call a getter defined on the object.
 */
export class RequestContext implements Context {
  principal: Identity["principal"];
  apiKeyPresented: boolean;
  clientAddress: string;
  requestId: string;
  apiKeyId: string | null;
  services: Services;
  rawBatchArguments: Map<string, unknown> | undefined = undefined;
  readonly observed: { operation?: string } = {};
  deferCommit: ((commit: Promise<unknown>) => void) | undefined = undefined;
  private createdLoaders: Loaders | undefined = undefined;

  constructor(identity: Identity, requestId: string, services: Services) {
    this.principal = identity.principal;
    this.apiKeyPresented = identity.apiKeyPresented;
    this.clientAddress = identity.clientAddress;
    this.requestId = requestId;
    this.apiKeyId = identity.principal?.keyId ?? null;
    this.services = services;
  }

  get loaders(): Loaders {
    this.createdLoaders ??= createLoaders(this.services);
    return this.createdLoaders;
  }

  set loaders(fresh: Loaders) {
    this.createdLoaders = fresh;
  }
}
