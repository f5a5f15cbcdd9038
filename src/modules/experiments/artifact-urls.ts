/**
 * Short-lived signed artifact URLs, so a browser can open a plot without sending a header:
 * /artifacts/<id>?expires=<unix seconds>&signature=<HMAC-SHA256(id.expires)>. Requests with a
 * valid X-API-Key need no signature.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export class ArtifactUrlSigner {
  private readonly key: Buffer;

  constructor(
    secret: string | null,
    private readonly ttlSeconds: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  private mac(id: string, expires: number): string {
    return createHmac("sha256", this.key).update(`${id}.${expires}`).digest("hex");
  }

  url(id: string): string {
    const expires = Math.floor(this.clock() / 1000) + this.ttlSeconds;
    return `/artifacts/${encodeURIComponent(id)}?expires=${expires}&signature=${this.mac(id, expires)}`;
  }

  verify(id: string, expires: string | null, signature: string | null): boolean {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) return false;
    const at = Number(expires);
    if (at * 1000 < this.clock()) return false;
    return timingSafeEqual(Buffer.from(this.mac(id, at), "hex"), Buffer.from(signature, "hex"));
  }
}
